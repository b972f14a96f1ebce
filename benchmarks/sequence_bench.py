"""How fast does ``next_sequence`` hand out numbers on PostgreSQL, next to the alternatives?

    python benchmarks/sequence_bench.py            # starts its own PostgreSQL; about three minutes

Bakes a project from this template (PostgreSQL flavour), migrates it into a fresh database, then
measures allocations per second for

- ``raw upsert``: one ``INSERT … ON CONFLICT DO UPDATE … RETURNING`` through psycopg alone (no
  Django), prepared by psycopg after five calls: the ceiling for a counter kept in a table;
- ``django-sequences``: ``sequences.get_next_value`` (its PostgreSQL upsert);
- ``next_sequence``: this template's ``django_sequence``, formatting included, with the generated
  project's own settings (no prepared statements: safe behind PgBouncer in transaction mode);
- ``seed design`` (``--with-seed``): the seed's select_for_update + save, for reference;

in separate OS processes (one database connection each), with 1 and 8 workers, on one hot counter
and on one counter per worker. Methods alternate within each round, each starting first in turn, and
the median of the rounds is reported. Every number returned is checked: per counter, exactly 1..n.

The batch cell compares, in one process, numbers per second from ``next_sequences(name, 100)``
with those from 100 calls of ``next_sequence``, on this PostgreSQL database and on a SQLite file
with the generated project's SQLite settings.

Without ``DATABASE_URL`` (or ``--database-url``) a throwaway server is started with
``tests/postgres.py`` (``durable=True``: fsync on, as in production). Either way the benchmark
creates, and finally drops, its own database ``sequence_bench``. Needs the template's test
requirements plus ``django-sequences`` (see benchmarks/README.md).
"""

from __future__ import annotations

import argparse
import importlib.util
import multiprocessing
import os
import platform
import statistics
import sys
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

REPO = Path(__file__).resolve().parent.parent
WARMUP_CALLS = 20  # per worker, before the clock starts: connection, prepared statements, caches
BENCH_DATABASE = "sequence_bench"
RAW_TABLE = "bench_raw_counter"
RAW_UPSERT = (
    f"INSERT INTO {RAW_TABLE} (name, value) VALUES (%s, 1) "
    f"ON CONFLICT (name) DO UPDATE SET value = {RAW_TABLE}.value + 1 RETURNING value"
)
CELLS = [(1, "one counter"), (8, "one hot counter"), (8, "a counter per worker")]
BATCH = 100
BATCH_DATABASES = {"default": "PostgreSQL", "sqlite": "SQLite"}


# --- The methods: each returns a function that allocates the next number of a named counter ------


def raw_upsert(database_url):
    import psycopg

    cursor = psycopg.connect(database_url, autocommit=True).cursor()

    def allocate(name):
        cursor.execute(RAW_UPSERT, (name,))
        return cursor.fetchone()[0]

    return allocate


def django_sequences(database_url):
    from sequences import get_next_value

    return get_next_value


def next_sequence(database_url):
    from django_sequence import next_sequence

    def allocate(name):
        return int(next_sequence(name, include_year=False))

    return allocate


def seed_design(database_url):
    """The seed's reference implementation, on the same table (rows exist beforehand)."""
    from django.db import transaction
    from django_sequence.models import Sequence

    def allocate(name):
        with transaction.atomic():
            sequence = Sequence.objects.select_for_update().get(scope=name, org_content_type=None, org_id="")
            sequence.current_value += 1
            sequence.save(update_fields=["current_value", "updated_at"])
            return int(sequence.formatted_value)

    return allocate


METHODS = {
    "raw upsert": raw_upsert,
    "django-sequences": django_sequences,
    "next_sequence": next_sequence,
    "seed design": seed_design,
}


# --- Running one cell -----------------------------------------------------------------------------


def worker(method, database_url, counter, seconds, barrier, results, index):
    allocate = METHODS[method](database_url)
    numbers = [allocate(counter) for _ in range(WARMUP_CALLS)]
    barrier.wait(timeout=60)
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline:
        numbers.append(allocate(counter))
    results.put((index, counter, numbers))


def run_cell(method, database_url, workers, layout, seconds, tag):
    """Allocations per second of ``method`` in one cell; fails on any duplicate or lost number."""
    from django.db import connections

    counters = [f"{tag}-{index}" if layout == "a counter per worker" else f"{tag}-hot" for index in range(workers)]
    if method == "seed design":
        prepare_seed_rows(set(counters))
    connections.close_all()  # each forked worker opens its own connection
    context = multiprocessing.get_context("fork")
    barrier, results = context.Barrier(workers), context.Queue()
    processes = [
        context.Process(target=worker, args=(method, database_url, counter, seconds, barrier, results, index))
        for index, counter in enumerate(counters)
    ]
    for process in processes:
        process.start()
    outcomes = [results.get(timeout=seconds + 120) for _ in processes]
    for process in processes:
        process.join()
    by_counter = {}
    for _, counter, numbers in outcomes:
        by_counter.setdefault(counter, []).extend(numbers)
    for counter, numbers in by_counter.items():
        if sorted(numbers) != list(range(1, len(numbers) + 1)):
            duplicates = len(numbers) - len(set(numbers))
            raise SystemExit(f"{method}: counter {counter} returned {duplicates} duplicate(s) or lost numbers")
    measured = sum(len(numbers) for *_, numbers in outcomes) - WARMUP_CALLS * workers
    return measured / seconds


def run_batch_cell(alias, batched, seconds, tag):
    """Numbers per second from batches of BATCH (``batched``) or from single calls, on ``alias``."""
    from django_sequence import next_sequence, next_sequences

    def allocate(name):
        if batched:
            return [int(number) for number in next_sequences(name, BATCH, include_year=False, using=alias)]
        return [int(next_sequence(name, include_year=False, using=alias)) for _ in range(BATCH)]

    numbers = allocate(tag)  # warm-up: creates the sequence
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline:
        numbers += allocate(tag)
    if numbers != list(range(1, len(numbers) + 1)):
        raise SystemExit(f"batch cell on {alias}: numbers are not exactly 1..n")
    return (len(numbers) - BATCH) / seconds


def prepare_seed_rows(scopes):
    from django_sequence.models import Sequence

    Sequence.objects.bulk_create([Sequence(scope=scope, include_year=False) for scope in scopes])


# --- Set-up: a server, a baked project, its database ------------------------------------------------


def with_database(url, name):
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def recreate_database(server_url):
    import psycopg

    with psycopg.connect(server_url, autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {BENCH_DATABASE}")
        connection.execute(f"CREATE DATABASE {BENCH_DATABASE}")


def drop_database(server_url):
    import psycopg

    with psycopg.connect(server_url, autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {BENCH_DATABASE}")


def bake_project(output_dir):
    from cookiecutter.main import cookiecutter

    return Path(
        cookiecutter(str(REPO), no_input=True, output_dir=str(output_dir), extra_context={"database": "postgresql"})
    )


def project_database_settings(project, database_url):
    """``DATABASES["default"]`` as the baked project's settings make it for ``database_url``."""
    previous = os.environ.get("DATABASE_URL")
    os.environ["DATABASE_URL"] = database_url
    try:
        spec = importlib.util.spec_from_file_location("bench_settings", project / "config" / "settings.py")
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
    finally:
        os.environ["DATABASE_URL"] = previous
    return module.DATABASES["default"]


def set_up_django(project, database_url, sqlite_path):
    """Import the baked project with django-sequences installed beside it, and migrate; a second
    database, ``sqlite``, is a SQLite file with the project's SQLite settings (for the batch cell)."""
    os.environ.update(DJANGO_SETTINGS_MODULE="config.settings", DATABASE_URL=database_url, DJANGO_DEBUG="false")
    sys.path.insert(0, str(project))
    import django
    from django.conf import settings

    settings.INSTALLED_APPS += ["sequences"]
    settings.DATABASES["sqlite"] = project_database_settings(project, f"sqlite:///{sqlite_path}")
    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    call_command("migrate", "django_sequence", database="sqlite", verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TABLE {RAW_TABLE} (name text PRIMARY KEY, value bigint NOT NULL)")
        cursor.execute("SELECT version()")
        return cursor.fetchone()[0]


# --- Report -----------------------------------------------------------------------------------------


def report(methods, medians, batch_medians, rounds, seconds, server_version, durable):
    import django
    import psycopg

    print()
    print(f"{server_version.split(',')[0]}, {'durable (fsync on)' if durable else 'given server'}, loopback")
    print(
        f"Python {platform.python_version()}, Django {django.get_version()}, psycopg {psycopg.__version__}, "
        f"{os.cpu_count()} CPUs; median of {rounds} rounds of {seconds:g} s per cell"
    )
    print()
    header = f"{'cell':<34}" + "".join(f"{name:>18}" for name in methods) + f"{'ns/ds':>8}{'ns/raw':>8}"
    print(header)
    print("-" * len(header))
    for workers, layout in CELLS:
        row = medians[workers, layout]
        ratio_ds = row["next_sequence"] / row["django-sequences"]
        ratio_raw = row["next_sequence"] / row["raw upsert"]
        label = f"{workers} worker{'s' if workers > 1 else ''}, {layout}"
        print(
            f"{label:<34}"
            + "".join(f"{row[name]:>16,.0f}/s" for name in methods)
            + f"{ratio_ds:>8.2f}{ratio_raw:>8.2f}"
        )
    print()
    print("ns/ds: next_sequence / django-sequences (target >= 1.0); ns/raw: next_sequence / raw upsert (target >= 0.6)")
    print()
    header = (
        f"{'batch cell (1 process)':<34}{f'{BATCH} x next_sequence':>22}{f'next_sequences({BATCH})':>24}{'ratio':>8}"
    )
    print(header)
    print("-" * len(header))
    for alias, engine in BATCH_DATABASES.items():
        single, batched = batch_medians[alias, False], batch_medians[alias, True]
        print(f"{engine:<34}{single:>16,.0f} num/s{batched:>18,.0f} num/s{batched / single:>8.1f}")
    print()
    print(f"ratio: numbers per second from batches of {BATCH} / from single calls (target >= 20)")
    print("Every number returned was checked: per counter exactly 1..n, no duplicate, none lost.")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL"), help="a PostgreSQL server to use")
    parser.add_argument("--seconds", type=float, default=2.0, help="measuring time per cell and method")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--with-seed", action="store_true", help="also measure the seed's select_for_update design")
    args = parser.parse_args()
    methods = ["raw upsert", "django-sequences", "next_sequence"]
    methods += ["seed design"] if args.with_seed else []

    with ExitStack() as stack:
        server_url = args.database_url
        if server_url is None:
            sys.path.insert(0, str(REPO))
            from tests.postgres import PostgresServer

            print("Starting a throwaway PostgreSQL server (durable) ...", flush=True)
            server_url = stack.enter_context(PostgresServer(durable=True)).url
        recreate_database(server_url)
        stack.callback(drop_database, server_url)
        database_url = with_database(server_url, BENCH_DATABASE)
        workdir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="sequence-bench-")))
        project = bake_project(workdir)
        server_version = set_up_django(project, database_url, workdir / "batch.sqlite3")

        runs = {}
        for round_number in range(args.rounds):
            for workers, layout in CELLS:
                shift = round_number % len(methods)
                for method in methods[shift:] + methods[:shift]:  # alternate who goes first
                    tag = f"r{round_number}-{workers}-{layout[:3]}-{methods.index(method)}"
                    rate = run_cell(method, database_url, workers, layout, args.seconds, tag)
                    runs.setdefault((workers, layout, method), []).append(rate)
                    print(
                        f"round {round_number + 1}: {workers} x {layout:<22} {method:<17} {rate:>9,.0f}/s", flush=True
                    )
            for alias in BATCH_DATABASES:
                for batched in (round_number % 2 == 0, round_number % 2 == 1):  # alternate who goes first
                    tag = f"r{round_number}-batch-{batched:d}"
                    rate = run_batch_cell(alias, batched, args.seconds, tag)
                    runs.setdefault((alias, batched), []).append(rate)
                    kind = f"next_sequences({BATCH})" if batched else f"{BATCH} x next_sequence"
                    print(f"round {round_number + 1}: batch on {alias:<13} {kind:<22} {rate:>9,.0f} num/s", flush=True)
        medians = {
            (workers, layout): {method: statistics.median(runs[workers, layout, method]) for method in methods}
            for workers, layout in CELLS
        }
        batch_medians = {key: statistics.median(runs[key]) for key in runs if key[0] in BATCH_DATABASES}
        from django.db import connections

        connections.close_all()  # before the database is dropped
        report(
            methods,
            medians,
            batch_medians,
            args.rounds,
            args.seconds,
            server_version,
            durable=args.database_url is None,
        )


if __name__ == "__main__":
    main()
