"""Bounded waiting for the sequence lock, and recognising a lock that was not obtained.

PostgreSQL locks the sequence row; ``lock_timeout`` is set for the allocation only, inside a
transaction (a savepoint when the caller already has one), so a timeout leaves the caller's
transaction usable. SQLite locks the whole database; its busy timeout is lowered for the call.
"""

from contextlib import contextmanager

from django.db import OperationalError, transaction
from django.db.backends.base.base import BaseDatabaseWrapper

from django_sequence.exceptions import sqlstate

LOCK_NOT_AVAILABLE = "55P03"  # PostgreSQL's SQLSTATE for lock_timeout and NOWAIT failures
MAX_MILLISECONDS = 2**31 - 1  # the largest lock_timeout (PostgreSQL) and busy_timeout (SQLite)
MAX_SECONDS = MAX_MILLISECONDS / 1000  # about 24.8 days; longer timeouts wait this long


def is_lock_failure(error: OperationalError) -> bool:
    """Whether ``error`` says the lock was not obtained in time (PostgreSQL or SQLite)."""
    return sqlstate(error) == LOCK_NOT_AVAILABLE or "database is locked" in str(error)


@contextmanager
def lock_timeout(connection: BaseDatabaseWrapper, seconds: float):
    """Fail with a lock error instead of waiting more than ``seconds`` (at most ``MAX_SECONDS``)."""
    # Bounded before converting (1e308 seconds are inf milliseconds); PostgreSQL reads 0 as "forever".
    milliseconds = max(1, round(min(seconds, MAX_SECONDS) * 1000))
    if connection.vendor == "postgresql":
        nested = not connection.get_autocommit()  # in atomic(), or managing transactions by hand
        with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
            cursor.execute(
                "SELECT current_setting('lock_timeout'), set_config('lock_timeout', %s, true)",
                [f"{milliseconds}ms"],
            )
            previous = cursor.fetchone()[0]
            yield
            if nested:  # otherwise the setting ends with the transaction, right now
                cursor.execute("SELECT set_config('lock_timeout', %s, true)", [previous])
    else:
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA busy_timeout")
            previous = cursor.fetchone()[0]
            cursor.execute(f"PRAGMA busy_timeout = {milliseconds:d}")
            try:
                yield
            finally:
                cursor.execute(f"PRAGMA busy_timeout = {previous:d}")
