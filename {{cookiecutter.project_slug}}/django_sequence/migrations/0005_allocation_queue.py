"""Callers of a busy counter wait in a queue, not on its row.

When several connections want the same counter, each waits for the one before it to commit, so the
work done between getting the row and committing bounds the numbers per second. An ``UPDATE`` that
waited on a row re-reads and re-checks it (PostgreSQL's EvalPlanQual) while every other caller
waits. Now ``django_sequence_next`` first takes a transaction-scoped advisory lock keyed by the
sequence: a caller waits for that lock, and when it has it the row is normally free, so the
``UPDATE`` runs without the re-check. benchmarks/sequence_bench.py in the template measured about
1.25 times the numbers per second of 0004 with eight processes on one counter;
benchmarks/lock_wait_cost.py shows where it comes from.

The row lock still guards the counter; the advisory lock only orders the callers. A transaction
that has already written (so that it may hold rows of other counters) does not queue, and a
transaction takes at most one of these locks: a call that queued but updated nothing (a new
sequence, a new year, a missing or full one) takes a transaction id, so the next call of the same
transaction sees it has one; in autocommit mode that costs one more commit record on those rare
calls. An advisory lock uses an entry of the server's lock table until the transaction ends; one
per transaction cannot fill it.

The key hashes scope, tenant type and tenant id with a seed of this app's own, so that other
advisory locks keyed by a hash of some text do not meet it. Two sequences whose keys hash alike
would share a queue, which only makes one wait for the other.

Frozen, like 0002 to 0004: a later change belongs in a new migration.
"""

import importlib

from django.db import migrations

HOT_PATH = importlib.import_module("django_sequence.migrations.0004_allocation_hot_path")
HOT_PATH_HEADER = "CREATE PROCEDURE django_sequence_next("
HOT_PATH_BEGIN = "BEGIN\n    IF p_content_type IS NULL THEN\n"
HOT_PATH_END = "    END IF;\nEND\n$$"
QUEUE = """DECLARE
    queued boolean := pg_current_xact_id_if_assigned() IS NULL;  -- nothing written yet
    ignored text;  -- an assignment, unlike PERFORM, is evaluated without running a query
BEGIN
    IF queued THEN
        ignored := pg_advisory_xact_lock(
            hashtextextended(concat_ws('/', p_scope, p_content_type, p_org_id), 1934)
        )::text;
    END IF;
    IF p_content_type IS NULL THEN
"""
ONE_QUEUE_PER_TRANSACTION = """    END IF;
    IF queued AND new_value IS NULL THEN  -- nothing updated: the transaction still has no id
        ignored := pg_current_xact_id()::text;
    END IF;
END
$$"""
for piece in (HOT_PATH_HEADER, HOT_PATH_BEGIN, HOT_PATH_END):
    assert HOT_PATH.NEXT.count(piece) == 1, piece
REPLACE_HOT_PATH = HOT_PATH.NEXT.replace(HOT_PATH_HEADER, "CREATE OR REPLACE PROCEDURE django_sequence_next(")
QUEUED_NEXT = REPLACE_HOT_PATH.replace(HOT_PATH_BEGIN, QUEUE).replace(HOT_PATH_END, ONE_QUEUE_PER_TRANSACTION)


def queue_callers(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(QUEUED_NEXT)


def restore_hot_path(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(REPLACE_HOT_PATH)


class Migration(migrations.Migration):
    dependencies = [("django_sequence", "0004_allocation_hot_path")]

    operations = [migrations.RunPython(queue_callers, restore_hot_path, elidable=False)]
