"""The migration operation that creates, replaces and drops the app's PostgreSQL procedures."""

from django.db import migrations


class RunSQLOnPostgreSQL(migrations.RunSQL):
    """``RunSQL`` that other databases skip: SQLite allocates without procedures.

    Unlike a ``RunPython`` that checks the vendor, it shows its statements in ``sqlmigrate`` and
    ``squashmigrations`` writes it out as it is. Give each statement as an item of a list, so that
    the body of a procedure is never split at its semicolons.
    """

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)

    def describe(self):
        return "Raw SQL operation, on PostgreSQL only"
