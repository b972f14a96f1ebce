"""A database cursor kept between allocations, wrapped each time as Django wraps its own.

Creating and closing a cursor is a fair share of a number's cost on PostgreSQL: about 10 µs of the
200 µs of CPU (client and server) a number costs (benchmarks/allocation_designs.py in the template:
"short call, kept cursor" against "short call, new cursor"). So the driver's cursor is kept, one
per thread and database alias, while everything Django does around a query still happens on every
call: the connection health check and (re)connection, the thread check, execute wrappers, query
logging when queries are logged, and the translation of driver errors into ``django.db`` errors.
A client-side cursor holds nothing on the server, so this is as safe behind PgBouncer as a fresh
cursor. Where ``cursor()`` does more than Django's own, the call goes through it.
"""

import os
import threading
from contextlib import contextmanager
from types import FunctionType, MethodType

import django
from django.db.backends.base.base import BaseDatabaseWrapper

_DJANGO_SOURCE = os.path.join(os.path.dirname(django.__file__), "")
_idle = threading.local()  # alias -> the driver cursor of this thread, while no call uses it


@contextmanager
def kept_cursor(connection: BaseDatabaseWrapper):
    """Yield Django's cursor wrapper for ``connection`` around a kept driver cursor."""
    if not _cursor_is_djangos_own(connection):
        with connection.cursor() as cursor:
            yield cursor
        return
    connection.close_if_health_check_failed()
    connection.ensure_connection()
    idle = _idle.__dict__
    cursor = idle.pop(connection.alias, None)  # taken: a nested call gets a cursor of its own
    if cursor is None or cursor.connection is not connection.connection:  # none yet, or reconnected
        with connection.wrap_database_errors:  # e.g. a connection the server dropped
            cursor = connection.create_cursor()
    yield connection._prepare_cursor(cursor)  # as Django's cursor(): thread check, wrapper, logging
    idle[connection.alias] = cursor


def _cursor_is_djangos_own(connection: BaseDatabaseWrapper) -> bool:
    """Whether ``connection.cursor()`` runs Django's code alone.

    Nothing may replace ``cursor()`` or ``_cursor()`` on the connection (Django's SimpleTestCase
    does, to forbid queries; so do django-debug-toolbar and APM agents, to record them), nor on the
    backend's class (django-tenants' backend extends ``_cursor()`` to point the connection at the
    tenant's schema), nor on Django's base class.
    """
    return _is_djangos_method(connection, "cursor") and _is_djangos_method(connection, "_cursor")


def _is_djangos_method(connection: BaseDatabaseWrapper, name: str) -> bool:
    """Whether ``connection.<name>`` is Django's own function, bound to the connection. Checked by
    type and by where the code lives, not by what the object answers: ddtrace's wrapt proxy answers
    ``__func__`` with Django's function, and ``functools.wraps`` copies a name and a module."""
    method, function = getattr(connection, name), getattr(BaseDatabaseWrapper, name)
    return (
        type(method) is MethodType
        and method.__self__ is connection
        and method.__func__ is function
        and type(function) is FunctionType
        and function.__code__.co_filename.startswith(_DJANGO_SOURCE)  # Django's own decorators too
    )
