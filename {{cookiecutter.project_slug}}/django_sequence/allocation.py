"""Allocate a number in one statement, one round trip.

Every call once the row exists runs ``UPDATE … RETURNING``. The first call for a (scope, tenant)
finds no row and runs ``INSERT … ON CONFLICT … DO UPDATE … RETURNING``: whoever loses a race to
create the row increments the winner's row instead of failing. Both statements lock the row until
the caller's transaction ends, exactly as ``select_for_update()`` would, so the increment commits
or rolls back with the caller's own work, and they need no transaction or savepoint of their own.

PostgreSQL and SQLite ≥ 3.35 run the same SQL text.
"""

from dataclasses import dataclass

from django.db.backends.base.base import BaseDatabaseWrapper

from django_sequence.models import Sequence

# What a statement returns: the new value and the formatting stored in the row.
RETURNING = ("current_value", "prefix", "pad_width", "include_year")


@dataclass(frozen=True)
class Statements:
    increment: str
    create: str


def supports(connection: BaseDatabaseWrapper) -> bool:
    """Whether the database can return rows from UPDATE and upsert statements."""
    if connection.vendor == "postgresql":
        return True
    return connection.vendor == "sqlite" and connection.features.can_return_columns_from_insert


_built: dict[tuple[str, bool], Statements] = {}


def statements(connection: BaseDatabaseWrapper, global_sequence: bool) -> Statements:
    """The SQL for a global sequence or a tenant's, built once per database vendor."""
    key = (connection.vendor, global_sequence)
    if key not in _built:
        _built[key] = _build(connection.ops.quote_name, global_sequence)
    return _built[key]


def _build(quote_name, global_sequence: bool) -> Statements:
    columns = {field.name: quote_name(field.column) for field in Sequence._meta.concrete_fields}
    table = quote_name(Sequence._meta.db_table)
    scope, content_type, org_id = columns["scope"], columns["org_content_type"], columns["org_id"]
    current_value, year, updated_at = columns["current_value"], columns["year"], columns["updated_at"]
    returning = ", ".join(columns[name] for name in RETURNING)

    def next_value(old, new_year):
        # A NULL year (the row was pre-configured and never used) never triggers a reset, so the
        # configured starting value is honoured.
        return (
            f"CASE WHEN {old}{columns['reset_yearly']} AND {old}{year} <> {new_year} THEN 1 "
            f"ELSE {old}{current_value} + 1 END"
        )

    if global_sequence:
        key = f"{scope} = %s AND {content_type} IS NULL"
        conflict = f"({scope}) WHERE {content_type} IS NULL"
    else:
        key = f"{content_type} = %s AND {org_id} = %s AND {scope} = %s"
        conflict = f"({content_type}, {org_id}, {scope}) WHERE {content_type} IS NOT NULL"
    # The timestamps come from the database's clock: no datetime to format, send and parse.
    increment = (
        f"UPDATE {table} SET {current_value} = {next_value('', '%s')}, {year} = %s, "
        f"{updated_at} = CURRENT_TIMESTAMP WHERE {key} RETURNING {returning}"
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
    create = (
        f"INSERT INTO {table} ({', '.join(columns[name] for name in inserted)}, "
        f"{current_value}, {columns['created_at']}, {updated_at}) "
        f"VALUES ({', '.join(['%s'] * len(inserted))}, 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP) "
        f"ON CONFLICT {conflict} DO UPDATE SET {current_value} = {next_value(f'{table}.', f'EXCLUDED.{year}')}, "
        f"{year} = EXCLUDED.{year}, {updated_at} = EXCLUDED.{updated_at} "
        f"RETURNING {returning}"
    )
    return Statements(increment, create)


def allocate(connection, scope, content_type_id, org_id, year, create_with=None):
    """Increment the counter and return its ``RETURNING`` row, or None if there is no row.

    ``create_with`` is ``(prefix, pad_width, include_year, reset_yearly)`` for a row that does
    not exist yet; without it a missing row is not created.
    """
    sql = statements(connection, content_type_id is None)
    key = [scope] if content_type_id is None else [content_type_id, org_id, scope]
    with _cursor(connection) as cursor:
        cursor.execute(sql.increment, [year, year, *key])
        row = cursor.fetchone()
        if row is None and create_with is not None:
            cursor.execute(sql.create, [scope, content_type_id, org_id, *create_with, year])
            row = cursor.fetchone()
    return row


def _cursor(connection):
    """Django's cursor; on a psycopg 3 connection that allows prepared statements
    (``OPTIONS["prepare_threshold"]``) a server-binding one instead, unless queries are logged.

    Django binds parameters on the client by default, and such statements are never prepared.
    A server-binding cursor lets psycopg prepare the statement once per connection, which spares
    the server parsing and planning it on every call. It is wrapped like Django's own, so execute
    wrappers and error translation behave the same; when queries are logged (DEBUG, tests) Django's
    cursor is kept, as only it records the SQL with its parameters.
    """
    connection.close_if_health_check_failed()
    driver_connection = connection.connection  # None until connected: Django's cursor connects
    if (
        driver_connection is None
        or connection.queries_logged
        or getattr(driver_connection, "prepare_threshold", None) is None
    ):
        return connection.cursor()
    connection.validate_thread_sharing()
    return connection.make_cursor(connection.Database.Cursor(driver_connection))
