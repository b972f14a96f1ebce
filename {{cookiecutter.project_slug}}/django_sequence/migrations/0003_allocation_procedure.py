"""Allocate through a procedure (``CALL``) instead of a function (``SELECT * FROM``).

The body is 0002's PL/pgSQL, unchanged; only the header differs. A ``CALL`` is not planned, and
its result row needs no function scan: the server spends less per number (benchmarks/
allocation_designs.py in the template measured about 110 µs of server CPU per call against 130 µs).
The output parameters have defaults, so a call passes the ten inputs only.

Frozen, like 0002: a later change belongs in a new migration.
"""

import importlib

from django.db import migrations

from django_sequence.operations import RunSQLOnPostgreSQL

FUNCTION_MIGRATION = importlib.import_module("django_sequence.migrations.0002_allocation_function")
FUNCTION_HEADER = """CREATE OR REPLACE FUNCTION django_sequence_allocate(
    p_scope varchar, p_content_type integer, p_org_id varchar, p_year integer, p_count bigint,
    p_create boolean, p_prefix varchar, p_pad_width integer, p_include_year boolean, p_reset_yearly boolean,
    OUT new_value bigint, OUT row_prefix varchar, OUT row_pad_width integer,
    OUT row_include_year boolean, OUT row_year integer
)"""
PROCEDURE_HEADER = """CREATE PROCEDURE django_sequence_allocate(
    p_scope varchar, p_content_type integer, p_org_id varchar, p_year integer, p_count bigint,
    p_create boolean, p_prefix varchar, p_pad_width integer, p_include_year boolean, p_reset_yearly boolean,
    INOUT new_value bigint DEFAULT NULL, INOUT row_prefix varchar DEFAULT NULL,
    INOUT row_pad_width integer DEFAULT NULL, INOUT row_include_year boolean DEFAULT NULL,
    INOUT row_year integer DEFAULT NULL
)"""
assert FUNCTION_HEADER in FUNCTION_MIGRATION.ALLOCATE
ALLOCATE = FUNCTION_MIGRATION.ALLOCATE.replace(FUNCTION_HEADER, PROCEDURE_HEADER)
DROP = "DROP PROCEDURE IF EXISTS django_sequence_allocate"


class Migration(migrations.Migration):
    dependencies = [("django_sequence", "0002_allocation_function")]

    operations = [RunSQLOnPostgreSQL([FUNCTION_MIGRATION.DROP, ALLOCATE], [DROP, FUNCTION_MIGRATION.ALLOCATE])]
