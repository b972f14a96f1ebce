"""A shorter first call for the common case: the sequence exists, the caller's year is not later
than the row's, and the counter has room.

``django_sequence_next`` takes five inputs (0003's procedure takes ten), and its UPDATE has none of
the reset rules, so the server parses, checks and runs less on every number. When it finds no such
row it returns nothing, and the caller falls back to ``django_sequence_allocate``, which creates
the sequence, starts a new year, or refuses an overflow. For a row it does update, its result is
the one ``django_sequence_allocate`` gives: the counter grows by ``p_count``, the year stays.

Frozen, like 0002 and 0003: a later change belongs in a new migration.
"""

from django.db import migrations

from django_sequence.operations import RunSQLOnPostgreSQL

NEXT = """
CREATE PROCEDURE django_sequence_next(
    p_scope varchar, p_content_type integer, p_org_id varchar, p_year integer, p_count bigint,
    INOUT new_value bigint DEFAULT NULL, INOUT row_prefix varchar DEFAULT NULL,
    INOUT row_pad_width integer DEFAULT NULL, INOUT row_include_year boolean DEFAULT NULL,
    INOUT row_year integer DEFAULT NULL
) LANGUAGE plpgsql AS $$
-- Adds p_count to the counter of (p_scope, tenant) and returns the row, when the row exists, its
-- year is p_year or later and the counter has room; otherwise returns all NULL and changes nothing.
BEGIN
    IF p_content_type IS NULL THEN
        UPDATE django_sequence_sequence AS s
        SET current_value = s.current_value + p_count, updated_at = CURRENT_TIMESTAMP
        WHERE s.scope = p_scope AND s.org_content_type_id IS NULL
            AND s.year >= p_year AND s.current_value <= 9223372036854775807 - p_count
        RETURNING s.current_value, s.prefix, s.pad_width, s.include_year, s.year
        INTO new_value, row_prefix, row_pad_width, row_include_year, row_year;
    ELSE
        UPDATE django_sequence_sequence AS s
        SET current_value = s.current_value + p_count, updated_at = CURRENT_TIMESTAMP
        WHERE s.org_content_type_id = p_content_type AND s.org_id = p_org_id AND s.scope = p_scope
            AND s.year >= p_year AND s.current_value <= 9223372036854775807 - p_count
        RETURNING s.current_value, s.prefix, s.pad_width, s.include_year, s.year
        INTO new_value, row_prefix, row_pad_width, row_include_year, row_year;
    END IF;
END
$$
"""
DROP = "DROP PROCEDURE IF EXISTS django_sequence_next"


class Migration(migrations.Migration):
    dependencies = [("django_sequence", "0003_allocation_procedure")]

    operations = [RunSQLOnPostgreSQL([NEXT], [DROP])]
