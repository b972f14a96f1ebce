"""A yearly sequence whose counter stands at 2**63 - 1 starts again in a new year.

0002's statements left a counter alone when adding the count would pass 2**63 - 1, also when the
new year's reset was due, which starts again at the count: such a sequence raised
``SequenceOverflowError`` in January instead of issuing its first number. Only
``django_sequence_allocate`` changes: the short calls (0004, 0005) leave new years to it.

Frozen, like 0002 to 0005: a later change belongs in a new migration.
"""

import importlib

from django.db import migrations

from django_sequence.operations import RunSQLOnPostgreSQL

PROCEDURE_MIGRATION = importlib.import_module("django_sequence.migrations.0003_allocation_procedure")
ROOM = "s.current_value <= 9223372036854775807 - p_count"
RESET_DUE = "s.reset_yearly AND s.include_year AND s.year < p_year"
CREATE = "CREATE PROCEDURE django_sequence_allocate("
assert PROCEDURE_MIGRATION.ALLOCATE.count(ROOM) == 4 and PROCEDURE_MIGRATION.ALLOCATE.count(CREATE) == 1
# The same name and parameters: replaced in place, so no connection ever finds it missing.
PREVIOUS = PROCEDURE_MIGRATION.ALLOCATE.replace(CREATE, "CREATE OR REPLACE PROCEDURE django_sequence_allocate(")
ALLOCATE = PREVIOUS.replace(ROOM, f"({ROOM} OR {RESET_DUE})")


class Migration(migrations.Migration):
    dependencies = [("django_sequence", "0005_allocation_queue")]

    operations = [RunSQLOnPostgreSQL([ALLOCATE], [PREVIOUS])]
