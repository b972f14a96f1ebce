"""Management commands that copy data, ``dumpdata`` and ``loaddata``, see every row.

A dump is a copy of the database: active rows may point to soft-deleted ones, so the deleted rows
are dumped too, and loading must find them again (a natural key of a deleted row, a row that a
fixture with natural primary keys updates rather than duplicates).
"""

from django_basemodels.managers import deleted_rows_shown


class EveryRowCommand:
    """For a management command: while it runs, default managers show soft-deleted rows too."""

    def execute(self, *args, **options):
        with deleted_rows_shown():
            return super().execute(*args, **options)
