"""Allocate on PostgreSQL through a server-side function, and drop the per-row CHECKs.

``django_sequence_allocate`` runs the allocation's UPDATE (and, for a sequence's first number, its
INSERT … ON CONFLICT) inside the server. PL/pgSQL plans those statements once per server connection
and re-plans them by itself after a schema change; the client sends one short call and never a
prepared statement, so the allocation works behind PgBouncer in transaction mode and across
migrations on long-lived connections, at the speed of a prepared statement.

The function's text is frozen here: a later change to it belongs in a new migration.
"""

import django.core.validators
import django.db.models.deletion
from django.db import migrations, models

from django_sequence.operations import RunSQLOnPostgreSQL

ALLOCATE = """
CREATE OR REPLACE FUNCTION django_sequence_allocate(
    p_scope varchar, p_content_type integer, p_org_id varchar, p_year integer, p_count bigint,
    p_create boolean, p_prefix varchar, p_pad_width integer, p_include_year boolean, p_reset_yearly boolean,
    OUT new_value bigint, OUT row_prefix varchar, OUT row_pad_width integer,
    OUT row_include_year boolean, OUT row_year integer
) LANGUAGE plpgsql AS $$
-- Adds p_count to the counter of (p_scope, tenant) and returns the row; all NULL when there is no
-- such row (and p_create is false) or when the counter cannot grow by p_count without overflowing.
-- A yearly reset starts again at p_count when p_year is later than the row's year; the row's year
-- never goes backwards, whatever clock the caller read.
BEGIN
    IF p_content_type IS NULL THEN
        UPDATE django_sequence_sequence AS s SET
            current_value = CASE WHEN s.reset_yearly AND s.include_year AND s.year < p_year
                            THEN p_count ELSE s.current_value + p_count END,
            year = CASE WHEN s.year IS NULL OR s.year < p_year THEN p_year ELSE s.year END,
            updated_at = CURRENT_TIMESTAMP
        WHERE s.scope = p_scope AND s.org_content_type_id IS NULL
            AND s.current_value <= 9223372036854775807 - p_count
        RETURNING s.current_value, s.prefix, s.pad_width, s.include_year, s.year
        INTO new_value, row_prefix, row_pad_width, row_include_year, row_year;
    ELSE
        UPDATE django_sequence_sequence AS s SET
            current_value = CASE WHEN s.reset_yearly AND s.include_year AND s.year < p_year
                            THEN p_count ELSE s.current_value + p_count END,
            year = CASE WHEN s.year IS NULL OR s.year < p_year THEN p_year ELSE s.year END,
            updated_at = CURRENT_TIMESTAMP
        WHERE s.org_content_type_id = p_content_type AND s.org_id = p_org_id AND s.scope = p_scope
            AND s.current_value <= 9223372036854775807 - p_count
        RETURNING s.current_value, s.prefix, s.pad_width, s.include_year, s.year
        INTO new_value, row_prefix, row_pad_width, row_include_year, row_year;
    END IF;
    IF FOUND OR NOT p_create THEN
        RETURN;
    END IF;
    -- The first number: whoever loses the race to create the row increments the winner's.
    IF p_content_type IS NULL THEN
        INSERT INTO django_sequence_sequence AS s (scope, org_content_type_id, org_id, prefix, pad_width,
            include_year, reset_yearly, year, current_value, created_at, updated_at)
        VALUES (p_scope, NULL, '', p_prefix, p_pad_width, p_include_year, p_reset_yearly, p_year, p_count,
            CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)
        ON CONFLICT (scope) WHERE org_content_type_id IS NULL DO UPDATE SET
            current_value = CASE WHEN s.reset_yearly AND s.include_year AND s.year < p_year
                            THEN p_count ELSE s.current_value + p_count END,
            year = CASE WHEN s.year IS NULL OR s.year < p_year THEN p_year ELSE s.year END,
            updated_at = CURRENT_TIMESTAMP
        WHERE s.current_value <= 9223372036854775807 - p_count
        RETURNING s.current_value, s.prefix, s.pad_width, s.include_year, s.year
        INTO new_value, row_prefix, row_pad_width, row_include_year, row_year;
    ELSE
        INSERT INTO django_sequence_sequence AS s (scope, org_content_type_id, org_id, prefix, pad_width,
            include_year, reset_yearly, year, current_value, created_at, updated_at)
        VALUES (p_scope, p_content_type, p_org_id, p_prefix, p_pad_width, p_include_year, p_reset_yearly,
            p_year, p_count, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)
        ON CONFLICT (org_content_type_id, org_id, scope) WHERE org_content_type_id IS NOT NULL DO UPDATE SET
            current_value = CASE WHEN s.reset_yearly AND s.include_year AND s.year < p_year
                            THEN p_count ELSE s.current_value + p_count END,
            year = CASE WHEN s.year IS NULL OR s.year < p_year THEN p_year ELSE s.year END,
            updated_at = CURRENT_TIMESTAMP
        WHERE s.current_value <= 9223372036854775807 - p_count
        RETURNING s.current_value, s.prefix, s.pad_width, s.include_year, s.year
        INTO new_value, row_prefix, row_pad_width, row_include_year, row_year;
    END IF;
END
$$
"""

DROP = "DROP FUNCTION IF EXISTS django_sequence_allocate"


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("django_sequence", "0001_initial"),
    ]

    operations = [
        migrations.AlterField(
            model_name="sequence",
            name="current_value",
            field=models.BigIntegerField(
                default=0,
                help_text="The next number handed out is this plus one.",
                validators=[django.core.validators.MinValueValidator(0)],
                verbose_name="last number issued",
            ),
        ),
        migrations.AlterField(
            model_name="sequence",
            name="pad_width",
            field=models.SmallIntegerField(
                default=6,
                validators=[
                    django.core.validators.MinValueValidator(1),
                    django.core.validators.MaxValueValidator(20),
                ],
            ),
        ),
        migrations.AlterField(
            model_name="sequence",
            name="year",
            field=models.SmallIntegerField(
                blank=True,
                editable=False,
                help_text="In the project's TIME_ZONE; empty until the first number is issued.",
                null=True,
                verbose_name="year of the last number",
            ),
        ),
        migrations.AlterField(
            model_name="sequence",
            name="org_content_type",
            field=models.ForeignKey(
                blank=True,
                db_index=False,
                help_text="Leave empty for a global sequence.",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                to="contenttypes.contenttype",
                verbose_name="tenant type",
            ),
        ),
        RunSQLOnPostgreSQL([ALLOCATE], [DROP]),
    ]
