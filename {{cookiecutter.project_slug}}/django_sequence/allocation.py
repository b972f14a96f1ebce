"""Add to a counter and read its row back: one round trip a number, two for the first of a sequence.

PostgreSQL: ``CALL django_sequence_next(…)``, a PL/pgSQL procedure (migration 0004) that only
increments an existing row in its current year; in autocommit mode ``django_sequence_next_queued``
(migration 0005), which first queues behind the other callers of the sequence on an advisory lock.
When it cannot increment, a second call, ``django_sequence_allocate(…)`` (migrations 0002, 0003
and 0006), applies every rule and creates the row if need be: so a number costs one call, and the
first number of a sequence or of a new year two.

The procedures run their statements inside the server with plans the server keeps per connection
and re-plans after a schema change. The calls go through Django's cursor like any query (parameters
bound on the client, nothing prepared): nothing outlives them on the server connection, so this
works behind PgBouncer in transaction mode and across migrations.

SQLite (3.35+): the same two statements from here, ``UPDATE … RETURNING`` and, when the row does
not exist yet, ``INSERT … ON CONFLICT … DO UPDATE … RETURNING``.

On both, the rules are the same: the counter grows by ``count``; a yearly reset (only with the year
in the number) starts again at ``count`` when the caller's year is later than the row's; the row's
year never goes backwards; a counter that would pass 2**63 - 1 is left as it is and nothing is
returned, unless its yearly reset is due. The statements lock the row until the caller's
transaction ends, as ``select_for_update()`` would, and need no transaction or savepoint of their
own.
"""

from functools import cache

from django.db import ProgrammingError
from django.db.backends.base.base import BaseDatabaseWrapper

from django_sequence.cursors import kept_cursor
from django_sequence.exceptions import sqlstate
from django_sequence.models import MAX_VALUE, Sequence

# What a call returns: the counter after the increment and the row's formatting.
RETURNING = ("current_value", "prefix", "pad_width", "include_year", "year")

# The five NULLs are the procedures' output parameters. They have defaults, but filling in defaults
# makes the server read them from the catalog and parse them on every call: about 6 µs a number.
OUTPUTS = ", NULL" * len(RETURNING)
POSTGRESQL_NEXT = f"CALL django_sequence_next(%s, %s, %s, %s, %s{OUTPUTS})"
POSTGRESQL_QUEUED_NEXT = f"CALL django_sequence_next_queued(%s, %s, %s, %s, %s{OUTPUTS})"
POSTGRESQL_ALLOCATE = f"CALL django_sequence_allocate(%s, %s, %s, %s, %s, %s, %s, %s, %s, %s{OUTPUTS})"

NO_TRANSACTION = 0  # libpq's PQTRANS_IDLE (psycopg's TransactionStatus.IDLE)
UNDEFINED_FUNCTION = "42883"  # PostgreSQL's SQLSTATE for a procedure that does not exist
OUR_PROCEDURES = tuple(
    f"procedure {name}("
    for name in ("django_sequence_next", "django_sequence_next_queued", "django_sequence_allocate")
)


def supports(connection: BaseDatabaseWrapper) -> bool:
    """Whether the database can allocate: PostgreSQL, or SQLite that returns rows from UPDATE."""
    if connection.vendor == "postgresql":
        return True
    return connection.vendor == "sqlite" and connection.features.can_return_columns_from_insert


def allocate(connection, scope, content_type_id, org_id, year, count, create_with=None):
    """Add ``count`` to the counter; return the row ``RETURNING`` names, or None.

    None means that there is no such sequence (and ``create_with`` is None), or that the counter
    cannot grow by ``count``. ``create_with`` is ``(prefix, pad_width, include_year,
    reset_yearly)`` for a sequence that does not exist yet.
    """
    if connection.vendor == "postgresql":
        return _allocate_on_postgresql(connection, scope, content_type_id, org_id, year, count, create_with)
    increment, insert = sqlite_statements(content_type_id is None)
    key = [scope] if content_type_id is None else [content_type_id, org_id, scope]
    with connection.cursor() as cursor:
        cursor.execute(increment, [year, count, count, year, year, *key, count, year])
        row = cursor.fetchone()
        if row is None and create_with is not None:
            cursor.execute(insert, [scope, content_type_id, org_id, *create_with, year, *[count] * 4])
            row = cursor.fetchone()
    return row


def _allocate_on_postgresql(connection, scope, content_type_id, org_id, year, count, create_with):
    key = [scope, content_type_id, org_id, year, count]
    try:
        with kept_cursor(connection) as cursor:
            # The queue's lock lasts until the transaction ends: queue only where the call is all of it.
            cursor.execute(
                POSTGRESQL_QUEUED_NEXT if _is_a_transaction_of_its_own(connection) else POSTGRESQL_NEXT, key
            )
            row = cursor.fetchone()
            if row[0] is None:  # no such row, a new year, or no room: the procedure with every rule
                create, formatting = (True, create_with) if create_with else (False, ("", 1, False, False))
                cursor.execute(POSTGRESQL_ALLOCATE, [*key, create, *formatting])
                row = cursor.fetchone()
    except ProgrammingError as error:
        if _is_a_missing_procedure(error):  # code deployed before its migration ran
            raise ProgrammingError(
                f"The database {connection.alias!r} lacks a procedure of django_sequence's migrations: "
                "run `python manage.py migrate django_sequence`."
            ) from error
        raise
    return None if row[0] is None else row


def _is_a_missing_procedure(error: ProgrammingError) -> bool:
    """Whether the server could not find the procedure a CALL of this app named (not a function
    missing inside it, nor one an execute wrapper called)."""
    if sqlstate(error) != UNDEFINED_FUNCTION:
        return False
    diag = error.__cause__.diag
    return not diag.context and (diag.message_primary or "").startswith(OUR_PROCEDURES)


def _is_a_transaction_of_its_own(connection) -> bool:
    """Whether the server will run the next statement as a transaction by itself.

    Django's autocommit flag is not enough: a raw ``BEGIN``, psycopg's ``transaction()`` or
    ``autocommit`` attribute, and pipeline mode (whose statements share a transaction until the
    pipeline syncs) open one without Django knowing. The driver knows without asking the server.
    """
    driver = connection.connection
    info = driver.info
    in_pipeline = getattr(info, "pipeline_status", 0)  # psycopg 3 (psycopg2 has no pipeline mode)
    return driver.autocommit and info.transaction_status == NO_TRANSACTION and not in_pipeline


@cache
def sqlite_statements(global_sequence: bool) -> tuple[str, str]:
    """The UPDATE and the INSERT … ON CONFLICT for a global sequence or a tenant's.

    Parameters of the UPDATE: year, count, count, year, year, the key, count, year. Of the INSERT:
    the inserted columns, then count four times.
    """
    columns = {field.name: f'"{field.column}"' for field in Sequence._meta.concrete_fields}
    table = f'"{Sequence._meta.db_table}"'
    scope, content_type, org_id = columns["scope"], columns["org_content_type"], columns["org_id"]
    current_value, year = columns["current_value"], columns["year"]
    returning = ", ".join(columns[name] for name in RETURNING)

    def resets(old, new_year):
        return (
            f"{old}{columns['reset_yearly']} AND {old}{columns['include_year']} AND {old}{year} < {new_year}"
        )

    def grown(old, new_year, count):
        return (
            f"{current_value} = CASE WHEN {resets(old, new_year)} THEN {count} "
            f"ELSE {old}{current_value} + {count} END, "
            f"{year} = CASE WHEN {old}{year} IS NULL OR {old}{year} < {new_year} THEN {new_year} "
            f"ELSE {old}{year} END, {columns['updated_at']} = CURRENT_TIMESTAMP"
        )

    def room(old, new_year):  # to grow by the count, or to start again at it in a new year
        return f"({old}{current_value} <= {MAX_VALUE} - %s OR {resets(old, new_year)})"

    if global_sequence:
        key = f"{scope} = %s AND {content_type} IS NULL"
        conflict = f"({scope}) WHERE {content_type} IS NULL"
    else:
        key = f"{content_type} = %s AND {org_id} = %s AND {scope} = %s"
        conflict = f"({content_type}, {org_id}, {scope}) WHERE {content_type} IS NOT NULL"
    increment = (
        f"UPDATE {table} SET {grown('', '%s', '%s')} WHERE {key} AND {room('', '%s')} RETURNING {returning}"
    )
    inserted = [
        "scope",
        "org_content_type",
        "org_id",
        "prefix",
        "pad_width",
        "include_year",
        "reset_yearly",
        "year",
    ]
    insert = (
        f"INSERT INTO {table} ({', '.join(columns[name] for name in inserted)}, "
        f"{current_value}, {columns['created_at']}, {columns['updated_at']}) "
        f"VALUES ({', '.join(['%s'] * len(inserted))}, %s, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP) "
        f"ON CONFLICT {conflict} DO UPDATE SET {grown(f'{table}.', f'EXCLUDED.{year}', '%s')} "
        f"WHERE {room(f'{table}.', f'EXCLUDED.{year}')} RETURNING {returning}"
    )
    return increment, insert
