from django.db import DatabaseError, OperationalError


class SequenceError(Exception):
    """Base class of every error raised by django_sequence."""


class SequenceNotFoundError(SequenceError):
    """Raised when a sequence does not exist and ``auto_create`` is False."""


class SequenceLockedError(SequenceError, OperationalError):
    """Raised when the sequence's lock was not obtained in time (``lock_timeout``, or the database's
    own lock or busy timeout). Also a ``django.db.OperationalError``, which code that retries on
    lock errors already catches.

    After ``lock_timeout`` the caller's transaction is still usable. A timeout set on the database
    itself instead fails the statement like any database error: on PostgreSQL the caller's
    transaction is then aborted and must be rolled back."""


class SequenceOverflowError(SequenceError):
    """Raised when the counter cannot grow further (its largest value is 2**63 - 1); nothing is written."""


def sqlstate(error: DatabaseError) -> str | None:
    """The SQLSTATE code the PostgreSQL driver (psycopg 3 or psycopg2) gave the error Django wraps."""
    cause = error.__cause__
    return getattr(cause, "sqlstate", None) or getattr(cause, "pgcode", None)
