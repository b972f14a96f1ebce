"""What an allocation costs the server when it had to wait for another caller, design by design.

    python benchmarks/lock_wait_cost.py            # starts its own PostgreSQL; about a minute

In the hot-counter cell of sequence_bench.py every transaction waits for the one before it to
commit, so the work a server process does between getting its turn and committing is paid once per
number by all eight workers together. This measures that work. One connection allocates in an open
transaction with the design's own statement; the same statement, sent by a second connection,
waits for it; the first commits; the second's server process CPU for the whole statement is read
from ``/proc/<pid>/schedstat`` (so Linux, with the server on this machine). The same statement
without a wait is measured alongside, and the difference is what the wait added: re-reading the
row that the other transaction updated (an ``UPDATE`` that waited on the row re-checks it, an
``INSERT … ON CONFLICT`` starts again), unless the design queued before it touched the row.

Designs, each sent as Django sends it (parameters bound on the client):

- ``short call``: ``CALL django_sequence_next_queued(…)``, what next_sequence sends in autocommit
  mode: it queues on an advisory lock, then updates the row (migration 0005);
- ``short call, no queue``: ``CALL django_sequence_next(…)`` (migration 0004), what it sends inside a
  transaction: it waits on the row;
- ``full procedure``: ``CALL django_sequence_allocate(…)`` (migration 0003);
- ``plain UPDATE``: the full procedure's UPDATE as a statement of its own;
- ``django-sequences``: its upsert, ``INSERT … ON CONFLICT (name) DO UPDATE … RETURNING``.

Fsync is off: a commit's flush is the same for every design. Medians of ROUNDS calls per design
and case, the designs taking turns. Needs what sequence_bench.py needs.
"""

from __future__ import annotations

import statistics
import threading
from contextlib import ExitStack

from allocation_designs import PLAIN_UPDATE, backend_seconds, migrated_project_database

ROUNDS = 300
SCOPE = "hot"


def designs():
    """name -> (statement, its parameters)."""
    from django_sequence.allocation import POSTGRESQL_ALLOCATE, POSTGRESQL_NEXT, POSTGRESQL_QUEUED_NEXT
    from django_sequence.models import local_year
    from sequences import POSTGRESQL_UPSERT

    year = local_year()
    key = [SCOPE, None, "", year, 1]
    return {
        "short call": (POSTGRESQL_QUEUED_NEXT, key),
        "short call, no queue": (POSTGRESQL_NEXT, key),
        "full procedure": (POSTGRESQL_ALLOCATE, [*key, True, "", 6, False, False]),
        "plain UPDATE": (PLAIN_UPDATE, [year, 1, 1, year, year, SCOPE, 1]),
        "django-sequences": (POSTGRESQL_UPSERT.format(db_table="sequences_sequence"), [SCOPE, 1, 1]),
    }


class Contention:
    """Three connections: one allocates in an open transaction, one allocates after it, one
    watches for the wait."""

    def __init__(self, database_url):
        import psycopg

        self.holder, self.allocator, self.watcher = (
            psycopg.connect(database_url, autocommit=True, cursor_factory=psycopg.ClientCursor) for _ in range(3)
        )
        self.pid = self.allocator.execute("SELECT pg_backend_pid()").fetchone()[0]

    def cost(self, statement, parameters, wait: bool) -> float:
        """Server CPU microseconds of one allocation, which first waits for another if ``wait``."""
        if wait:
            self.holder.execute("BEGIN")
            self.holder.execute(statement, parameters)
        before = backend_seconds(self.pid)
        allocating = threading.Thread(target=lambda: self.allocator.execute(statement, parameters).fetchone())
        allocating.start()
        if wait:
            self.wait_until_the_allocator_waits()
            self.holder.execute("COMMIT")
        allocating.join()
        return (backend_seconds(self.pid) - before) * 1e6

    def wait_until_the_allocator_waits(self):
        for _ in range(100_000):
            waiting = self.watcher.execute(
                "SELECT count(*) FROM pg_locks WHERE pid = %s AND NOT granted", [self.pid]
            ).fetchone()[0]
            if waiting:
                return
        raise RuntimeError("the allocation never waited")


def main():
    with ExitStack() as stack:
        database_url = migrated_project_database(stack)
        from django.db import connections
        from django_sequence import next_sequence
        from sequences import get_next_value

        next_sequence(SCOPE, include_year=False)
        get_next_value(SCOPE)
        connections.close_all()
        contention = Contention(database_url)
        chosen = designs()
        costs = {(name, wait): [] for name in chosen for wait in (False, True)}
        for round_number in range(ROUNDS):
            names = list(chosen)
            shift = round_number % len(names)
            for name in names[shift:] + names[:shift]:  # each design starts a round in turn
                for wait in (False, True):
                    costs[name, wait].append(contention.cost(*chosen[name], wait=wait))

    print(f"Server CPU per allocation, median of {ROUNDS} calls each")
    print(f"{'design':<20}{'no wait':>12}{'after a wait':>15}{'added by the wait':>20}")
    for name in chosen:
        alone, waited = (statistics.median(costs[name, wait]) for wait in (False, True))
        print(f"{name:<20}{alone:>10.1f}µs{waited:>13.1f}µs{waited - alone:>18.1f}µs")


if __name__ == "__main__":
    main()
