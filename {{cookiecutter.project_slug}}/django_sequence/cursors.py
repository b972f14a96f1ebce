"""A driver cursor kept between allocations, and handed to ``connection.cursor()`` each time.

Creating and closing a cursor is a fair share of a number's cost on PostgreSQL: about 10 µs of the
200 µs of CPU (client and server) a number costs (benchmarks/allocation_designs.py in the template:
"short call, kept cursor" against "short call, new cursor"). So the driver's cursor is kept, one
per thread and database alias. Every call still goes through ``connection.cursor()``, and only the
driver cursor that Django's ``create_cursor()`` would make there is the kept one. So everything
that happens around a query still happens: the connection health check and (re)connection, the
thread check, execute wrappers, query logging, the translation of driver errors into ``django.db``
errors, and whatever replaces or wraps ``cursor()`` or ``_cursor()``: Django's SimpleTestCase
(which forbids queries), django-debug-toolbar and APM agents (which record them, some by rewriting
the code of Django's own method in place), backends such as django-tenants' (which point the
connection at the tenant's schema). A client-side cursor holds nothing on the server, so this is as
safe behind PgBouncer as a fresh cursor.
"""

import threading
from contextlib import contextmanager

from django.db.backends.base.base import BaseDatabaseWrapper

# alias -> (driver connection, driver cursor) of this thread, while no call uses the cursor
_idle = threading.local()


@contextmanager
def kept_cursor(connection: BaseDatabaseWrapper):
    """Yield what ``connection.cursor()`` returns, made around this thread's kept driver cursor."""
    if connection.allow_thread_sharing:  # another thread may be making a cursor on it right now
        with connection.cursor() as cursor:
            yield cursor
        return
    idle, made, in_call = _idle.__dict__, [], True
    create_cursor = connection.create_cursor
    replaced = vars(connection).get("create_cursor")  # something's own create_cursor, to put back

    def create_or_reuse(name=None):
        if name is not None or not in_call:  # a server-side cursor, or kept by a wrapper made meanwhile
            return create_cursor(name)
        kept_for, cursor = idle.pop(connection.alias, (None, None))
        if kept_for is not connection.connection:  # none kept yet, or a reconnect since
            cursor = create_cursor()
        made.append((connection.connection, cursor))
        return cursor

    connection.create_cursor = create_or_reuse
    try:
        cursor = connection.cursor()
    finally:
        in_call = False
        if vars(connection).get("create_cursor") is create_or_reuse:  # else it was wrapped meanwhile
            if replaced is None:
                del connection.create_cursor
            else:
                connection.create_cursor = replaced
    yield cursor  # not closed: its driver cursor is kept
    # The call's own cursor is made last. Connecting can make one before it: Django asks the
    # server's version on a cursor that it then closes.
    if made and not made[-1][1].closed:  # taken until now: a call nested in this one got its own
        idle[connection.alias] = made[-1]
