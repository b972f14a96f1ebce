"""Row locks, lock timeouts, the race to create a sequence, and the round trips per number."""

import contextlib
import datetime as dt
import threading
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import OperationalError, connection, transaction
from django.test.utils import CaptureQueriesContext

from django_sequence import (
    Sequence,
    SequenceLockedError,
    SequenceNotFoundError,
    SequenceOverflowError,
    locks,
    next_sequence,
    next_sequences,
)
from django_sequence.tests.conftest import in_other_connection
from django_sequence.tests.models import Organization

postgresql_only = [pytest.mark.postgresql, pytest.mark.django_db(transaction=True)]


def wait_until_waiting(pids=None, name=None, locktype=None):
    """Block until a PostgreSQL session waits for a lock (pg_locks is never cached): any session,
    or the one whose backend is ``pids[name]`` (once the caller's thread has put it there), and
    for a lock of any type or of ``locktype``."""
    with connection.cursor() as cursor:
        for _ in range(2000):
            if pids is None or name in pids:
                cursor.execute(
                    "SELECT count(*) FROM pg_locks WHERE NOT granted"
                    " AND (%s::int IS NULL OR pid = %s) AND (%s::text IS NULL OR locktype = %s)",
                    [pids and pids[name]] * 2 + [locktype] * 2,
                )
                if cursor.fetchone()[0]:
                    return
            cursor.execute("SELECT pg_sleep(0.005)")
    raise AssertionError(
        f"{name} never waited for a lock of type {locktype}" if name else "no session ever waited for a lock"
    )


@pytest.mark.django_db(transaction=True)
def test_one_round_trip_per_number(org):
    """In autocommit mode and inside the caller's transaction alike: one statement, no BEGIN of its
    own, no savepoint. The call that creates the sequence takes a second statement: on PostgreSQL
    the procedure with every rule, after the short one found no row; on SQLite the INSERT."""
    next_sequence("invoice", org=org)  # also caches the tenant's content type
    with CaptureQueriesContext(connection) as first_call:
        next_sequence("order", org=org)
    with CaptureQueriesContext(connection) as outside:
        next_sequence("invoice", org=org)
    with transaction.atomic(), CaptureQueriesContext(connection) as inside:
        next_sequence("invoice", org=org)
    if connection.vendor == "postgresql":  # in autocommit mode the short call queues (migration 0005)
        assert [query["sql"].split("(")[0] for query in first_call] == [
            "CALL django_sequence_next_queued",
            "CALL django_sequence_allocate",
        ]
        assert [query["sql"].split("(")[0] for query in [*outside, *inside]] == [
            "CALL django_sequence_next_queued",
            "CALL django_sequence_next",
        ]
    else:
        assert [query["sql"].split()[0] for query in first_call] == ["UPDATE", "INSERT"]
        assert [query["sql"].split()[0] for query in [*outside, *inside]] == ["UPDATE", "UPDATE"]


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    ("stored", "statements", "number", "kept"),
    [
        ({"year": 2026, "current_value": 7}, 1, "INV-2026-000008", {"year": 2026, "current_value": 8}),
        # The caller's clock is behind the row's year: no reset, the row's year in the number.
        ({"year": 2027, "current_value": 7}, 1, "INV-2027-000008", {"year": 2027, "current_value": 8}),
        # Configured in the admin, never used: the row has no year yet.
        ({"year": None, "current_value": 0}, 2, "INV-2026-000001", {"year": 2026, "current_value": 1}),
        # A new year: the reset needs the procedure with every rule.
        ({"year": 2025, "current_value": 7}, 2, "INV-2026-000001", {"year": 2026, "current_value": 1}),
        # No room left: both procedures refuse, then the error is explained (a third statement).
        ({"year": 2026, "current_value": 2**63 - 1}, 3, None, {"year": 2026, "current_value": 2**63 - 1}),
    ],
)
def test_the_short_call_serves_only_a_row_in_its_year_with_room(stored, statements, number, kept):
    """``django_sequence_next`` increments only a row whose year is not behind the caller's and
    whose counter has room; anything else goes to ``django_sequence_allocate``, with the same
    result as if it had been the only call."""
    Sequence.objects.create(scope="invoice", prefix="INV-", reset_yearly=True, **stored)
    june = dt.datetime(2026, 6, 1, tzinfo=ZoneInfo("UTC"))
    with time_machine.travel(june, tick=False), CaptureQueriesContext(connection) as queries:
        if number is None:
            with pytest.raises(SequenceOverflowError):
                next_sequence("invoice")
        else:
            assert next_sequence("invoice") == number
    assert len(queries) == statements
    assert Sequence.objects.values("year", "current_value").get() == kept


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_the_allocation_takes_one_path_whether_queries_are_logged_or_not(org):
    """Tests log queries, production does not: both run the call through Django's own cursor
    wrapper (execute wrappers see it; the debug one when queries are logged), around the same
    kind of psycopg cursor."""
    cursors = []

    def record_cursor(execute, sql, params, many, context):
        if sql.startswith("CALL django_sequence_"):
            cursors.append((type(context["cursor"]).__name__, type(context["cursor"].cursor)))
        return execute(sql, params, many, context)

    next_sequence("invoice", org=org)  # created: each call below is one statement
    for logged in (False, True):
        connection.force_debug_cursor = logged
        try:
            with connection.execute_wrapper(record_cursor):
                next_sequence("invoice", org=org)
        finally:
            connection.force_debug_cursor = False
    assert [wrapper for wrapper, _ in cursors] == ["CursorWrapper", "CursorDebugWrapper"]
    assert cursors[0][1] == cursors[1][1]


@pytest.mark.parametrize("tenant", ["global", "org"])
@pytest.mark.parametrize("first_caller", ["commits", "rolls back"])
@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_loser_of_the_race_to_create_a_sequence_gets_the_next_number(org, tenant, first_caller):
    """Two callers both miss the row: the second waits for the first one's insert, then increments
    its row (or inserts its own, if the first rolled back). Never two rows, never an error."""
    owner = org if tenant == "org" else None
    second = {}
    thread = threading.Thread(
        target=lambda: second.update(number=in_other_connection(next_sequence, "new", owner))
    )
    with transaction.atomic():
        first = next_sequence("new", owner, include_year=False)
        thread.start()
        wait_until_waiting()
        if first_caller == "rolls back":
            transaction.set_rollback(True)
    thread.join()
    assert first == "000001"
    assert second["number"].endswith("000002" if first_caller == "commits" else "000001")
    assert Sequence.objects.filter(scope="new").count() == 1


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_in_autocommit_mode_callers_of_a_busy_counter_queue_behind_the_one_at_its_row(org):
    """Waiting on the row would make each waiter's UPDATE re-check the row once it gets it (the cost
    that bounds a busy counter); the next caller waits in the sequence's queue instead."""
    next_sequence("busy", org=org, include_year=False)
    pids, numbers = {}, {}

    def call(name):
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            pids[name] = cursor.fetchone()[0]
        numbers[name] = next_sequence("busy", org=org, include_year=False)

    callers = {
        name: threading.Thread(target=in_other_connection, args=(call, name)) for name in ("first", "next")
    }
    with transaction.atomic():
        Sequence.objects.select_for_update().get(scope="busy")  # someone at the row
        callers["first"].start()
        wait_until_waiting(pids, "first", "transactionid")  # it queued, and waits at the row
        callers["next"].start()
        wait_until_waiting(pids, "next", "advisory")  # in the queue, behind the first
    for caller in callers.values():
        caller.join()
    assert numbers == {"first": "000002", "next": "000003"}


def advisory_locks():
    """Advisory locks this connection holds."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid()")
        return cursor.fetchone()[0]


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("probe", ["missing", "full"])
def test_inside_a_transaction_a_failed_call_holds_up_nobody(org, year, probe):
    """The queue's lock would last until the caller's transaction ends, so a transaction does not
    queue: a call that found its sequence missing or full holds nothing another caller needs, and
    a loop over many tenants takes no entry of the server's lock table per tenant."""
    Sequence.objects.create(scope="full", include_year=False, current_value=2**63 - 1 - 5)
    others = Organization.objects.bulk_create(Organization(name=f"Org {n}") for n in range(20))
    with transaction.atomic():
        if probe == "missing":
            with pytest.raises(SequenceNotFoundError):
                next_sequence("order", org=org, auto_create=False)
            other_caller = in_other_connection(
                next_sequence, "order", org, include_year=False, lock_timeout=0.5
            )
        else:
            with pytest.raises(SequenceOverflowError):
                next_sequences("full", 10, auto_create=False)
            other_caller = in_other_connection(next_sequence, "full", lock_timeout=0.5)
        numbered = [next_sequence("receipt", org=owner) for owner in others]
        assert advisory_locks() == 0
    assert other_caller == ("000001" if probe == "missing" else str(2**63 - 5))
    assert numbered == [f"{year}-000001"] * len(others)  # each tenant's first


@contextlib.contextmanager
def transaction_behind_djangos_back(how):
    """A transaction Django's autocommit flag does not show."""
    driver = connection.connection
    if how == "raw BEGIN":
        with connection.cursor() as cursor:
            cursor.execute("BEGIN")
        try:
            yield
        finally:
            driver.rollback()
    elif how == "driver autocommit off":
        driver.autocommit = False
        try:
            yield
        finally:
            driver.rollback()
            driver.autocommit = True
    elif how == "psycopg transaction()":
        with driver.transaction(force_rollback=True):
            yield
    else:
        with driver.pipeline():
            yield


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("how", ["raw BEGIN", "driver autocommit off", "psycopg transaction()", "pipeline"])
def test_a_transaction_opened_behind_djangos_back_does_not_queue(how):
    """There the queue's lock would outlive the call, as inside atomic(); Django still believes it
    is in autocommit mode, the driver knows better."""
    connection.ensure_connection()
    assert connection.get_autocommit()
    with transaction_behind_djangos_back(how):
        with pytest.raises(SequenceNotFoundError):
            next_sequence("order", auto_create=False)
        next_sequence("invoice")
        held = advisory_locks()
    assert held == 0


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_lock_timeout_inside_a_transaction_leaves_it_usable(org):
    """The timeout runs in a savepoint: the caller can catch it, go on, and keeps its own setting."""

    def allocate_while_locked():
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL lock_timeout = '5s'")
            with pytest.raises(SequenceLockedError):
                next_sequence("locked", org=org, lock_timeout=0.01)
            cursor.execute("SHOW lock_timeout")
            return cursor.fetchone()[0], Sequence.objects.get(scope="locked").current_value

    next_sequence("locked", org=org)
    with transaction.atomic():
        next_sequence("locked", org=org)
        assert in_other_connection(allocate_while_locked) == ("5s", 1)


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_database_lock_timeout_is_reported_as_sequence_locked(org):
    """A lock_timeout set by the project (not by the call) fails the same, recognisable way.

    ``SET LOCAL``: a plain ``SET`` in autocommit mode would stay on whichever server connection
    PgBouncer lent, and time out the next test that lands there."""

    def allocate_with_the_transactions_timeout():
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL lock_timeout = '10ms'")
            return next_sequence("locked", org=org)

    with transaction.atomic():
        next_sequence("locked", org=org)
        with pytest.raises(SequenceLockedError):
            in_other_connection(allocate_with_the_transactions_timeout)


def alter_prefix_column(length):
    """What a migration changing a column the allocation returns does, from another connection."""
    with connection.cursor() as cursor:
        cursor.execute(f"ALTER TABLE django_sequence_sequence ALTER COLUMN prefix TYPE varchar({length})")


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_a_long_lived_connection_keeps_allocating_across_a_migration(org):
    """With the project's settings nothing is prepared on the connection (so PgBouncer in
    transaction mode can hand it any server connection), and a column the allocation returns may
    change type under it: no "cached plan must not change result type"."""
    numbers = [next_sequence("invoice", org=org, include_year=False) for _ in range(10)]
    in_other_connection(alter_prefix_column, 30)
    try:
        numbers.append(next_sequence("invoice", org=org, include_year=False))
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM pg_prepared_statements")
            prepared = cursor.fetchone()[0]
    finally:
        in_other_connection(alter_prefix_column, 20)
    assert numbers == [str(n).zfill(6) for n in range(1, 12)]
    assert prepared == 0


def configured_wait(connection_):
    """The lock wait the database is configured with right now, in milliseconds."""
    with connection_.cursor() as cursor:
        if connection_.vendor == "postgresql":
            cursor.execute("SELECT setting::bigint FROM pg_settings WHERE name = 'lock_timeout'")
        else:
            cursor.execute("PRAGMA busy_timeout")
        return cursor.fetchone()[0]


@pytest.mark.django_db(transaction=True)
def test_a_lock_timeout_of_weeks_waits_the_longest_the_database_allows():
    """30 days is more than PostgreSQL's lock_timeout and SQLite's busy timeout can hold (2^31 - 1
    ms): it must not become a DataError or a zero timeout, but that longest wait."""
    with locks.lock_timeout(connection, 30 * 24 * 3600):
        assert configured_wait(connection) == locks.MAX_MILLISECONDS == 2**31 - 1
    assert next_sequence("invoice", include_year=False, lock_timeout=30 * 24 * 3600) == "000001"


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_sequence_locked_is_caught_as_a_database_operational_error(org):
    with transaction.atomic():
        next_sequence("locked", org=org)
        with pytest.raises(OperationalError, match="'locked'"):
            in_other_connection(next_sequence, "locked", org=org, lock_timeout=0.01)
    assert issubclass(SequenceLockedError, OperationalError)


@pytest.mark.sqlite
@pytest.mark.django_db
def test_lock_timeout_is_refused_inside_a_transaction_on_sqlite():
    """There the transaction took the write lock when it began: no wait is left to bound, and
    a caller blocked at BEGIN waits the busy timeout before next_sequence is even reached."""
    with (
        transaction.atomic(),
        CaptureQueriesContext(connection) as queries,
        pytest.raises(ValueError, match="lock_timeout cannot be used inside a transaction on SQLite"),
    ):
        next_sequence("invoice", lock_timeout=1)
    assert len(queries) == 0
