"""What one allocation costs in CPU on PostgreSQL, client and server together, design by design.

    python benchmarks/allocation_designs.py        # starts its own PostgreSQL; about a minute

The figures behind django_sequence's design (issue 9: fast *and* safe behind PgBouncer in
transaction mode and across migrations). In one process, on one connection each, in autocommit:

- ``next_sequence``: what the app ships: in autocommit mode ``CALL django_sequence_next_queued(…)``
  (migration 0005) through Django's cursor wrapper around a driver cursor kept between calls,
  nothing prepared;
- ``short call, kept cursor`` and ``short call, new cursor``: that call without the app's Python
  around it, on the kept cursor or on a new Django cursor per call (``connection.cursor()``);
- ``short call, no queue, kept cursor``: ``django_sequence_next`` (migration 0004), what a call
  inside a transaction sends: the same without the advisory lock (what the queue for busy counters
  costs a counter that nobody else uses);
- ``short call, prepared``: the same call prepared by psycopg (not safe behind PgBouncer older
  than 1.21 in transaction mode, nor across migrations);
- ``full procedure, new cursor``: ``CALL django_sequence_allocate(…)`` with every rule and ten
  inputs (migration 0003; the design before 0004); ``function, new cursor``: the same PL/pgSQL as
  a function, ``SELECT * FROM …(…)`` (migration 0002, before 0003 made it a procedure);
- ``plain UPDATE, new cursor`` and ``plain UPDATE, prepared``: the full procedure's UPDATE sent as
  the statement itself, planned on every call or prepared (the design before the function);
- ``django-sequences``: ``get_next_value``, its one upsert (``INSERT … ON CONFLICT … RETURNING``).

CPU time rather than wall time: the client's own (``time.process_time``) plus its server
backend's (``/proc/<pid>/schedstat``, so Linux and a server on this machine), which stays meaningful on a
busy machine. Designs alternate in short runs; the median per call is reported. Fsync is off: the
disk's flush time would be the same for every design. Needs what sequence_bench.py needs.
"""

from __future__ import annotations

import importlib
import os
import statistics
import sys
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path

from sequence_bench import REPO, bake_project, recreate_database, set_up_django, with_database

CALLS, ROUNDS = 2000, 9
PLAIN_UPDATE = (
    "UPDATE django_sequence_sequence AS s SET current_value = CASE WHEN s.reset_yearly AND s.include_year "
    "AND s.year < %s THEN %s ELSE s.current_value + %s END, year = CASE WHEN s.year IS NULL OR s.year < %s "
    "THEN %s ELSE s.year END, updated_at = CURRENT_TIMESTAMP WHERE s.scope = %s AND s.org_content_type_id "
    "IS NULL AND s.current_value <= 9223372036854775807 - %s RETURNING s.current_value, s.prefix, "
    "s.pad_width, s.include_year, s.year"
)


def backend_seconds(pid: int) -> float:
    """CPU seconds used so far by a server process (the scheduler's count, in nanoseconds)."""
    return int(Path(f"/proc/{pid}/schedstat").read_text().split()[0]) / 1e9


def designs(database_url):
    """name -> (allocate, pid of the server process that serves it)."""
    import psycopg
    from django.db import connection, connections
    from django_sequence import next_sequence
    from django_sequence.allocation import OUTPUTS, POSTGRESQL_ALLOCATE, POSTGRESQL_NEXT, POSTGRESQL_QUEUED_NEXT
    from django_sequence.cursors import kept_cursor
    from django_sequence.models import local_year
    from sequences import get_next_value

    function = importlib.import_module("django_sequence.migrations.0002_allocation_function")
    with connection.cursor() as cursor:  # 0002's function, under another name beside the procedures
        cursor.execute(function.ALLOCATE.replace("django_sequence_allocate(", "bench_allocate_function(", 1))
    function_call = POSTGRESQL_ALLOCATE.replace(OUTPUTS, "").replace(  # a function takes no outputs
        "CALL django_sequence_allocate", "SELECT * FROM bench_allocate_function"
    )
    year = local_year()
    key = ["counter", None, "", year, 1]
    full = [*key, True, "", 6, False, False]
    plain = [year, 1, 1, year, year, "counter", 1]

    def new_cursor(sql, arguments):
        def allocate():
            with connection.cursor() as cursor:
                cursor.execute(sql, arguments)
                return cursor.fetchone()

        return allocate

    def on_kept_cursor(sql, arguments):
        def allocate():
            with kept_cursor(connections["default"]) as cursor:  # the wrapper itself, not the proxy
                cursor.execute(sql, arguments)
                return cursor.fetchone()

        return allocate

    prepared = psycopg.connect(database_url, autocommit=True)

    def prepared_call(sql, arguments):
        return lambda: prepared.execute(sql, arguments, prepare=True).fetchone()

    next_sequence("counter", include_year=False)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        django_pid = cursor.fetchone()[0]
    prepared_pid = prepared.execute("SELECT pg_backend_pid()").fetchone()[0]
    return {
        "next_sequence": (lambda: next_sequence("counter", include_year=False), django_pid),
        "short call, kept cursor": (on_kept_cursor(POSTGRESQL_QUEUED_NEXT, key), django_pid),
        "short call, new cursor": (new_cursor(POSTGRESQL_QUEUED_NEXT, key), django_pid),
        "short call, no queue, kept cursor": (on_kept_cursor(POSTGRESQL_NEXT, key), django_pid),
        "short call, prepared": (prepared_call(POSTGRESQL_QUEUED_NEXT, key), prepared_pid),
        "full procedure, new cursor": (new_cursor(POSTGRESQL_ALLOCATE, full), django_pid),
        "function, new cursor": (new_cursor(function_call, full), django_pid),
        "plain UPDATE, new cursor": (new_cursor(PLAIN_UPDATE, plain), django_pid),
        "plain UPDATE, prepared": (prepared_call(PLAIN_UPDATE, plain), prepared_pid),
        "django-sequences": (lambda: get_next_value("counter"), django_pid),
    }


def measure(allocate, pid) -> tuple[float, float]:
    """Client and server CPU microseconds per call, over CALLS calls."""
    for _ in range(20):
        allocate()
    client, server = time.process_time(), backend_seconds(pid)
    for _ in range(CALLS):
        allocate()
    return (time.process_time() - client) / CALLS * 1e6, (backend_seconds(pid) - server) / CALLS * 1e6


def migrated_project_database(stack: ExitStack) -> str:
    """Bake a project, start a throwaway server (fsync off) and migrate; return the database URL.

    Django is set up for the baked project; ``stack`` stops the server and removes the bake."""
    sys.path.insert(0, str(REPO))
    from tests.postgres import PostgresServer

    server_url = stack.enter_context(PostgresServer()).url
    recreate_database(server_url)
    database_url = with_database(server_url, "sequence_bench")
    workdir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="sequence-benchmark-")))
    set_up_django(bake_project(workdir), database_url, workdir / "batch.sqlite3")
    return database_url


def main():
    with ExitStack() as stack:
        allocators = designs(migrated_project_database(stack))
        runs = {name: [] for name in allocators}
        names = list(allocators)
        for round_number in range(ROUNDS):
            shift = round_number % len(names)
            for name in names[shift:] + names[:shift]:  # each design starts a round in turn
                runs[name].append(measure(*allocators[name]))
        from django.db import connections

        connections.close_all()

    baseline = sum(statistics.median(run[i] for run in runs["django-sequences"]) for i in (0, 1))
    print(f"CPU per allocation, median of {ROUNDS} runs of {CALLS} calls; load average {os.getloadavg()[0]:.1f}")
    print(f"{'design':<36}{'client':>10}{'server':>10}{'total':>10}{'vs django-sequences':>22}")
    for name, measured in runs.items():
        client, server = (statistics.median(run[i] for run in measured) for i in (0, 1))
        print(
            f"{name:<36}{client:>8.1f}µs{server:>8.1f}µs{client + server:>8.1f}µs{baseline / (client + server):>21.2f}×"
        )
    print("vs django-sequences: its CPU per number / this design's (above 1: cheaper)")


if __name__ == "__main__":
    main()
