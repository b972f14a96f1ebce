"""In autocommit mode, callers of a busy counter wait in a queue, not on its row.

When several connections want the same counter, each waits for the one before it to commit, so the
work done between getting the row and committing bounds the numbers per second. An ``UPDATE`` that
waited on a row re-reads and re-checks it (PostgreSQL's EvalPlanQual) while every other caller
waits. ``django_sequence_next_queued`` is 0004's ``django_sequence_next`` that first takes a
transaction-scoped advisory lock keyed by the sequence: a caller waits for that lock, and when it
has it the row is normally free, so the ``UPDATE`` runs without the re-check.
With eight processes on one counter, in one run of the template's benchmarks/sequence_bench.py
cells, this gave 1.2 times the numbers per second of 0004; benchmarks/lock_wait_cost.py shows
where it comes from.

The client calls it only in autocommit mode, where the call is a transaction of its own, so the
lock is gone when the call returns, whatever the call found. Inside a transaction an advisory lock
would outlive the call: a call that found its sequence missing or full would still hold up that
sequence's other callers until the transaction ends, and a loop over many tenants would hold an
entry of the server's lock table for each. There the client calls ``django_sequence_next``, which
waits on the row, and the row lock is held until the transaction ends anyway. Either way the row
lock guards the counter; the queue only orders the callers.

The key hashes the tenant id with a seed made of this app's own number and the tenant type, then
the scope with that hash as the seed: so other advisory locks keyed by a hash of some text do not
meet it, and no choice of scope or tenant id makes two sequences' keys equal on purpose. Two
sequences whose keys hash alike by chance (one pair in 2**64) would share a queue, which only
makes one wait for the other.

Frozen, like 0002 to 0004: a later change belongs in a new migration.
"""

import importlib

from django.db import migrations

from django_sequence.operations import RunSQLOnPostgreSQL

HOT_PATH = importlib.import_module("django_sequence.migrations.0004_allocation_hot_path")
HOT_PATH_HEADER = "CREATE PROCEDURE django_sequence_next("
HOT_PATH_BEGIN = "BEGIN\n    IF p_content_type IS NULL THEN\n"
QUEUE = """DECLARE
    ignored text;  -- an assignment, unlike PERFORM, is evaluated without running a query
BEGIN
    -- Wait behind the other callers of this sequence, not on its row (migration 0005).
    ignored := pg_advisory_xact_lock(
        hashtextextended(p_scope, hashtextextended(p_org_id, 1934 + coalesce(p_content_type, 0)))
    )::text;
    IF p_content_type IS NULL THEN
"""
for piece in (HOT_PATH_HEADER, HOT_PATH_BEGIN):
    assert HOT_PATH.NEXT.count(piece) == 1, piece
QUEUED_NEXT = HOT_PATH.NEXT.replace(HOT_PATH_HEADER, "CREATE PROCEDURE django_sequence_next_queued(").replace(
    HOT_PATH_BEGIN, QUEUE
)
DROP = "DROP PROCEDURE IF EXISTS django_sequence_next_queued"


class Migration(migrations.Migration):
    dependencies = [("django_sequence", "0004_allocation_hot_path")]

    operations = [RunSQLOnPostgreSQL([QUEUED_NEXT], [DROP])]
