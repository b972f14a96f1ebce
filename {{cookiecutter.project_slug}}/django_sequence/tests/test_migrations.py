"""The app's migrations: squashable, and reversible to nothing and back (on PostgreSQL, with the
allocation procedure)."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import ProgrammingError, connection, transaction
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.writer import MigrationWriter

from django_sequence import next_sequence


@pytest.mark.django_db
def test_every_operation_can_be_written_into_a_squashed_migration():
    """squashmigrations writes each operation out again; a closure cannot be written (it failed
    with "Could not find function run")."""
    loader = MigrationLoader(connection)
    migrations = [loader.graph.nodes[key] for key in loader.graph.nodes if key[0] == "django_sequence"]
    assert len(migrations) >= 2
    for migration in migrations:
        for operation in migration.operations:
            MigrationWriter.serialize(operation)


@pytest.mark.django_db(transaction=True)  # SQLite's schema editor cannot run inside a transaction
def test_sqlmigrate_shows_the_procedures_on_postgresql_only():
    output = StringIO()
    call_command("sqlmigrate", "django_sequence", "0005", stdout=output)
    shown = "CREATE PROCEDURE django_sequence_next_queued(" in output.getvalue()
    assert shown is (connection.vendor == "postgresql")


@pytest.mark.django_db(transaction=True)
def test_migrating_to_zero_and_back_leaves_a_working_allocation():
    next_sequence("invoice", include_year=False)
    call_command("migrate", "django_sequence", "zero", verbosity=0)
    call_command("migrate", "django_sequence", verbosity=0)
    assert next_sequence("invoice", include_year=False) == "000001"
    assert next_sequence("invoice", include_year=False) == "000002"


def procedures():
    with connection.cursor() as cursor:
        cursor.execute("SELECT proname FROM pg_proc WHERE proname LIKE 'django_sequence_%%'")
        return {name for (name,) in cursor.fetchall()}


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_the_queue_for_busy_counters_migrates_back_and_forth():
    """0005 adds the queued short call; going back removes it and numbering goes on without it."""
    assert next_sequence("invoice", include_year=False) == "000001"
    assert "django_sequence_next_queued" in procedures()
    call_command("migrate", "django_sequence", "0004", verbosity=0)
    try:
        assert "django_sequence_next_queued" not in procedures()
        with transaction.atomic():  # inside a transaction the call does not queue
            assert next_sequence("invoice", include_year=False) == "000002"
        with pytest.raises(ProgrammingError, match="migrate django_sequence"):
            next_sequence("invoice", include_year=False)  # code deployed before its migration
    finally:
        call_command("migrate", "django_sequence", verbosity=0)
    assert "django_sequence_next_queued" in procedures()
    assert next_sequence("invoice", include_year=False) == "000003"


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_another_missing_function_is_not_blamed_on_migrations():
    """Only a CALL of the app's own procedures that the server cannot find says to migrate."""

    def call_a_missing_operator(execute, sql, params, many, context):
        if sql.startswith("CALL"):
            with connection.cursor() as cursor:
                cursor.execute("SELECT 'a'::text - 1")
        return execute(sql, params, many, context)

    with connection.execute_wrapper(call_a_missing_operator), pytest.raises(ProgrammingError) as raised:
        next_sequence("invoice")
    assert "operator does not exist" in str(raised.value)
