"""The driver cursor kept between allocations on PostgreSQL: per thread, replaced after a
reconnect, never shared with a nested call, and still behind everything Django does for a query."""

import functools
import os
import socket
import threading
from types import FunctionType

import pytest
from django.db import OperationalError, connection, connections, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.signals import connection_created
from django.db.backends.utils import CursorWrapper
from django.test import SimpleTestCase
from django.test.testcases import DatabaseOperationForbidden

from django_sequence import SequenceLockedError, next_sequence
from django_sequence.tests.conftest import rolled_back

pytestmark = [pytest.mark.postgresql, pytest.mark.django_db(transaction=True)]


def cut_connection():
    """Cut the connection under Django's feet, as a network failure or a restarted server does.

    Its socket is shut down from this side: terminating a server process by its pid would not
    reach the client behind PgBouncer, whose transactions go to any server connection.
    """
    with socket.socket(fileno=os.dup(connection.connection.fileno())) as driver_socket:
        driver_socket.shutdown(socket.SHUT_RDWR)


def driver_cursors_of(calls):
    """The driver cursor under each allocation statement of ``calls()``."""
    cursors = []

    def record(execute, sql, params, many, context):
        if sql.startswith("CALL django_sequence_"):
            cursors.append(context["cursor"].cursor)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        calls()
    return cursors


def test_a_call_nested_in_an_execute_wrapper_does_not_take_the_outer_result():
    """The wrapper allocates after the outer statement ran and before its row is read."""
    nested = []

    def allocate_in_between(execute, sql, params, many, context):
        result = execute(sql, params, many, context)
        if params and params[0] == "outer":
            nested.append(next_sequence("inner", include_year=False))
        return result

    next_sequence("outer", include_year=False)
    with connection.execute_wrapper(allocate_in_between):
        outer = next_sequence("outer", include_year=False)
    assert (outer, nested) == ("000002", ["000001"])


def test_numbering_goes_on_after_the_connection_was_closed():
    assert next_sequence("invoice", include_year=False) == "000001"
    connection.close()
    assert next_sequence("invoice", include_year=False) == "000002"


def test_a_dead_connection_is_replaced_when_health_checks_are_on():
    """CONN_HEALTH_CHECKS: the first query of a request replaces a connection the server dropped."""
    next_sequence("invoice", include_year=False)
    cut_connection()
    connection.health_check_enabled, connection.health_check_done = True, False
    try:
        assert next_sequence("invoice", include_year=False) == "000002"
    finally:
        connection.health_check_enabled = False


def test_a_dropped_connection_keeps_failing_with_django_errors():
    """Once the request's health check is done, Django keeps a dropped connection until the request
    ends: every call on it fails with ``django.db.OperationalError``, also the ones that need a
    new driver cursor (the kept one went with the first failure)."""
    next_sequence("invoice", include_year=False)
    cut_connection()
    try:
        for _ in range(2):
            with pytest.raises(OperationalError):  # psycopg's own is no django.db error
                next_sequence("invoice", include_year=False)
    finally:
        connection.close()


def test_django_s_simple_test_case_still_forbids_allocating_on_an_open_connection():
    """SimpleTestCase forbids queries by replacing ``cursor()`` on each connection (run by Django's
    test runner, where no pytest-django blocker stands in front of the connection)."""

    class NoDatabaseTests(SimpleTestCase):
        pass

    next_sequence("invoice", include_year=False)  # the connection is open, the cursor kept
    NoDatabaseTests._add_databases_failures()
    try:
        with pytest.raises(DatabaseOperationForbidden):
            next_sequence("invoice", include_year=False)
    finally:
        NoDatabaseTests._remove_databases_failures()
    assert next_sequence("invoice", include_year=False) == "000002"
    first, second = driver_cursors_of(
        lambda: [next_sequence("invoice", include_year=False) for _ in range(2)]
    )
    assert first is second  # cursor() is Django's own again: kept again


def test_an_agent_that_replaces_djangos_cursor_wrapper_methods_sees_every_call(monkeypatch):
    """Sentry's Django integration records queries by replacing ``CursorWrapper.execute`` on the
    class: the kept cursor must still be wrapped in that class."""
    original_execute = CursorWrapper.execute
    recorded = []

    def recording_execute(self, sql, params=None):
        recorded.append(sql.split("(")[0])
        return original_execute(self, sql, params)

    monkeypatch.setattr(CursorWrapper, "execute", recording_execute)
    next_sequence("invoice", include_year=False)  # creates the sequence: the short call, then the full one
    next_sequence("invoice", include_year=False)  # on the kept cursor
    assert recorded == [
        "CALL django_sequence_next_queued",
        "CALL django_sequence_allocate",
        "CALL django_sequence_next_queued",
    ]


class ForwardingProxy:
    """Calls ``on_call`` and then what it wraps; answers every other attribute from what it wraps.
    So does wrapt's ``FunctionWrapper``, which ddtrace puts on each connection's ``cursor``."""

    def __init__(self, wrapped, on_call):
        self._wrapped, self._on_call = wrapped, on_call

    def __getattr__(self, name):
        return getattr(self._wrapped, name)

    def __call__(self, *args, **kwargs):
        self._on_call()
        return self._wrapped(*args, **kwargs)


def test_an_agent_that_puts_a_proxy_on_the_connections_cursor_sees_every_call():
    """The proxy answers ``connection.cursor.__func__`` with Django's own function."""
    calls = []
    next_sequence("invoice", include_year=False)  # the driver cursor is kept
    connection.cursor = ForwardingProxy(connection.cursor, lambda: calls.append("cursor"))
    try:
        assert connection.cursor.__func__ is BaseDatabaseWrapper.cursor
        assert next_sequence("invoice", include_year=False) == "000002"
    finally:
        del connection.cursor
    assert calls == ["cursor"]


@pytest.mark.parametrize("method", ["cursor", "_cursor"])
def test_an_agent_that_wraps_djangos_base_backend_sees_every_call(monkeypatch, method):
    """A wrapper put on ``BaseDatabaseWrapper`` itself is what every backend inherits."""
    original, calls = getattr(BaseDatabaseWrapper, method), []

    @functools.wraps(original)
    def recording(self, *args, **kwargs):
        calls.append(method)
        return original(self, *args, **kwargs)

    next_sequence("invoice", include_year=False)  # the driver cursor is kept
    monkeypatch.setattr(BaseDatabaseWrapper, method, recording)
    assert next_sequence("invoice", include_year=False) == "000002"
    assert calls == [method]


def test_an_agent_that_gives_djangos_own_method_new_code_sees_every_call(monkeypatch):
    """ddtrace (3.16 and later) instruments ``BaseDatabaseWrapper.cursor`` by giving the function
    new code: the same object, name and file, so nothing but calling it shows the difference."""
    function, calls = BaseDatabaseWrapper._cursor, []
    djangos_code = FunctionType(
        function.__code__, function.__globals__, "djangos_cursor", function.__defaults__
    )

    def traced_cursor(self, name=None):  # runs with the globals of Django's module
        djangos_code, calls = _agent_under_test  # noqa: F821
        calls.append("_cursor")
        return djangos_code(self, name)

    monkeypatch.setitem(function.__globals__, "_agent_under_test", (djangos_code, calls))
    next_sequence("invoice", include_year=False)  # the driver cursor is kept
    djangos_file = function.__code__.co_filename  # ddtrace keeps it
    monkeypatch.setattr(function, "__code__", traced_cursor.__code__.replace(co_filename=djangos_file))
    assert next_sequence("invoice", include_year=False) == "000002"
    assert calls == ["_cursor"]


def test_a_create_cursor_of_the_connections_own_is_put_back():
    """The kept cursor is handed to ``cursor()`` through ``create_cursor`` for the call only."""
    made = []

    def create_cursor(name=None):
        made.append(name)
        return type(connection.connection.cursor())(connection.connection)

    next_sequence("invoice", include_year=False)  # creates the sequence
    connection.close()  # the kept cursor goes with its connection
    connection.ensure_connection()
    connection.create_cursor = create_cursor
    try:
        first, second = driver_cursors_of(
            lambda: [next_sequence("invoice", include_year=False) for _ in range(2)]
        )
        assert connections["default"].create_cursor is create_cursor
    finally:
        del connection.create_cursor
    assert (made, first) == ([None], second)  # made once, then kept


def test_a_create_cursor_wrapped_while_the_call_connects_stays_wrapped():
    """An agent may wrap each new connection's ``create_cursor`` from ``connection_created``, which
    runs inside the call's ``cursor()`` when the call opens the connection."""
    made = []

    def instrument(sender, connection, **kwargs):
        wrapped = connection.create_cursor

        def create_cursor(name=None):
            made.append(name)
            return wrapped(name)

        connection.create_cursor = create_cursor

    next_sequence("invoice", include_year=False)  # creates the sequence
    connection.close()
    connection_created.connect(instrument)
    try:
        assert next_sequence("invoice", include_year=False) == "000002"  # connects
        made.clear()
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        assert made == [None]
    finally:
        connection_created.disconnect(instrument)
        del connection.create_cursor


def test_the_kept_cursor_survives_a_proxy_on_the_driver_connection():
    """Driver instrumentation (ddtrace's psycopg integration) puts a proxy between Django and the
    driver connection: the cursors it makes belong to the connection behind the proxy."""
    next_sequence("invoice", include_year=False)  # creates the sequence
    driver_connection = connection.connection
    connection.connection = ForwardingProxy(driver_connection, on_call=None)
    try:
        first, second = driver_cursors_of(
            lambda: [next_sequence("invoice", include_year=False) for _ in range(2)]
        )
    finally:
        connection.connection = driver_connection
    assert first is second


def test_a_connection_shared_between_threads_takes_a_new_cursor_each_time():
    """Another thread may be in ``cursor()`` on it at the same moment (LiveServerTestCase shares)."""
    next_sequence("invoice", include_year=False)  # creates the sequence
    connections["default"].inc_thread_sharing()
    try:
        first, second = driver_cursors_of(
            lambda: [next_sequence("invoice", include_year=False) for _ in range(2)]
        )
    finally:
        connections["default"].dec_thread_sharing()
    assert first is not second
    assert next_sequence("invoice", include_year=False) == "000004"


def test_a_backend_that_extends_cursor_setup_is_not_bypassed(monkeypatch):
    """django-tenants' backend extends ``_cursor()`` to point the connection at the tenant's schema:
    an allocation that skipped it would count on the counter of the schema used before."""
    schema = ["public"]
    backend = type(connections["default"])
    djangos_cursor = backend._cursor

    def cursor_in_schema(self, name=None):
        cursor = djangos_cursor(self, name)
        cursor.execute(f"SET LOCAL search_path = {schema[0]}, public")
        return cursor

    def count_in_two_schemas():
        with connection.cursor() as cursor:
            cursor.execute("CREATE SCHEMA tenant_b")
            cursor.execute(
                "CREATE TABLE tenant_b.django_sequence_sequence (LIKE django_sequence_sequence INCLUDING ALL)"
            )
        monkeypatch.setattr(backend, "_cursor", cursor_in_schema)
        numbers = [next_sequence("invoice", include_year=False)]
        schema[0] = "tenant_b"
        return [*numbers, next_sequence("invoice", include_year=False)]

    next_sequence("invoice", include_year=False)  # the driver cursor is kept
    assert rolled_back(count_in_two_schemas) == ["000002", "000001"]  # the schema is rolled back too


def test_threads_allocating_at_once_get_every_number_exactly_once():
    numbers, failures = [], []

    def allocate_fifty():
        try:
            numbers.extend(int(next_sequence("invoice", include_year=False)) for _ in range(50))
        except Exception as error:  # reported by the main thread
            failures.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=allocate_fifty) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    assert sorted(numbers) == list(range(1, 201))


@pytest.fixture
def second_alias():
    """A second alias of the same PostgreSQL database (as a replica alias, or a router's
    "sequences" alias on the same server, would be): a connection, and a kept cursor, of its own."""
    default = connections["default"]
    connections["second"] = type(default)({**default.settings_dict}, alias="second")
    try:
        yield "second"
    finally:
        connections["second"].close()
        del connections["second"]


def test_two_aliases_of_one_database_keep_a_cursor_and_a_transaction_each(second_alias):
    """A cursor kept for one alias would run the other's call outside its transaction, or be
    thrown away and made again at each change of alias."""
    cursors = {"default": [], second_alias: []}

    def recorder(alias):
        def record(execute, sql, params, many, context):
            cursors[alias].append(context["cursor"].cursor)
            return execute(sql, params, many, context)

        return record

    with (
        connections["default"].execute_wrapper(recorder("default")),
        connections[second_alias].execute_wrapper(recorder(second_alias)),
    ):
        numbers = [
            next_sequence("invoice", include_year=False, using=alias)
            for alias in ["default", second_alias] * 2
        ]
    assert numbers == ["000001", "000002", "000003", "000004"]
    kept = {alias: {id(cursor) for cursor in used} for alias, used in cursors.items()}
    assert len(kept["default"]) == len(kept[second_alias]) == 1, kept
    assert kept["default"] != kept[second_alias]

    with transaction.atomic(using=second_alias):
        assert next_sequence("invoice", include_year=False, using=second_alias) == "000005"
        with pytest.raises(SequenceLockedError):  # the second alias's transaction holds the row
            next_sequence("invoice", include_year=False, lock_timeout=0.2)
        transaction.set_rollback(True, using=second_alias)
    assert next_sequence("invoice", include_year=False) == "000005"  # the rollback gave it back
