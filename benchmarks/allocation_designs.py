"""What one allocation costs in CPU on PostgreSQL, client and server together, design by design.

    python benchmarks/allocation_designs.py        # starts its own PostgreSQL; about a minute

The figures behind django_sequence's design (issue 9: fast *and* safe behind PgBouncer in
transaction mode and across migrations). In one process, on one connection each, in autocommit:

- ``next_sequence``: what the app ships, through Django's cursor (nothing prepared);
- ``procedure, Django cursor``: its ``CALL django_sequence_allocate(…)`` without the app's Python
  around it; ``procedure, prepared``: that call prepared by psycopg (not safe behind PgBouncer
  older than 1.21 in transaction mode, nor across migrations);
- ``function, Django cursor``: the same PL/pgSQL as a function, ``SELECT * FROM …(…)`` (migration
  0002, before 0003 made it a procedure);
- ``plain UPDATE, Django cursor`` and ``plain UPDATE, prepared``: the procedure's UPDATE sent as
  the statement itself, planned on every call or prepared (the design before the function);
- ``django-sequences``: ``get_next_value``, its upsert in ``BEGIN`` … ``COMMIT``.

CPU time rather than wall time: the client's own (``time.process_time``) plus its server
backend's (``/proc/<pid>/stat``, so Linux and a server on this machine), which stays meaningful on a
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
ARGUMENTS = ["counter", None, "", 2026, 1, True, "", 6, False, False]
PLAIN_UPDATE = (
    "UPDATE django_sequence_sequence AS s SET current_value = CASE WHEN s.reset_yearly AND s.include_year "
    "AND s.year < %s THEN %s ELSE s.current_value + %s END, year = CASE WHEN s.year IS NULL OR s.year < %s "
    "THEN %s ELSE s.year END, updated_at = CURRENT_TIMESTAMP WHERE s.scope = %s AND s.org_content_type_id "
    "IS NULL AND s.current_value <= 9223372036854775807 - %s RETURNING s.current_value, s.prefix, "
    "s.pad_width, s.include_year, s.year"
)
PLAIN_ARGUMENTS = [2026, 1, 1, 2026, 2026, "counter", 1]


def backend_seconds(pid: int) -> float:
    """CPU seconds used so far by a server process (user + system)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def designs(database_url):
    """name -> (allocate, pid of the server process that serves it)."""
    import psycopg
    from django.db import connection
    from django_sequence import next_sequence
    from django_sequence.allocation import POSTGRESQL_CALL
    from sequences import get_next_value

    function = importlib.import_module("django_sequence.migrations.0002_allocation_function")
    with connection.cursor() as cursor:  # 0002's function, under another name beside the procedure
        cursor.execute(function.ALLOCATE.replace("django_sequence_allocate(", "bench_allocate_function(", 1))
    function_call = POSTGRESQL_CALL.replace("CALL django_sequence_allocate", "SELECT * FROM bench_allocate_function")

    def through_django(sql, arguments):
        def allocate():
            with connection.cursor() as cursor:
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
        "procedure, Django cursor": (through_django(POSTGRESQL_CALL, ARGUMENTS), django_pid),
        "procedure, prepared": (prepared_call(POSTGRESQL_CALL, ARGUMENTS), prepared_pid),
        "function, Django cursor": (through_django(function_call, ARGUMENTS), django_pid),
        "plain UPDATE, Django cursor": (through_django(PLAIN_UPDATE, PLAIN_ARGUMENTS), django_pid),
        "plain UPDATE, prepared": (prepared_call(PLAIN_UPDATE, PLAIN_ARGUMENTS), prepared_pid),
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


def main():
    with ExitStack() as stack:
        sys.path.insert(0, str(REPO))
        from tests.postgres import PostgresServer

        server_url = stack.enter_context(PostgresServer()).url
        recreate_database(server_url)
        database_url = with_database(server_url, "sequence_bench")
        workdir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="allocation-designs-")))
        set_up_django(bake_project(workdir), database_url, workdir / "batch.sqlite3")
        allocators = designs(database_url)
        runs = {name: [] for name in allocators}
        for _ in range(ROUNDS):
            for name, (allocate, pid) in allocators.items():
                runs[name].append(measure(allocate, pid))
        from django.db import connections

        connections.close_all()

    baseline = sum(statistics.median(run[i] for run in runs["django-sequences"]) for i in (0, 1))
    print(f"CPU per allocation, median of {ROUNDS} runs of {CALLS} calls; load average {os.getloadavg()[0]:.1f}")
    print(f"{'design':<30}{'client':>10}{'server':>10}{'total':>10}{'vs django-sequences':>22}")
    for name, measured in runs.items():
        client, server = (statistics.median(run[i] for run in measured) for i in (0, 1))
        print(
            f"{name:<30}{client:>8.1f}µs{server:>8.1f}µs{client + server:>8.1f}µs{baseline / (client + server):>21.2f}×"
        )
    print("vs django-sequences: its CPU per number / this design's (above 1: cheaper)")


if __name__ == "__main__":
    main()
