"""Many processes at once: on PostgreSQL (8 processes x 500 numbers, and batches) and on a SQLite file."""

import contextlib
import datetime as dt
import itertools
import json
import os
import subprocess
import sys

import pytest
import time_machine
from django.conf import settings
from django.db import transaction
from django.test import override_settings

from django_sequence import Sequence, next_sequence, next_sequences
from django_sequence.tests.conftest import Rollback
from django_sequence.tests.models import Document, Organization
from django_sequence.tests.processes import run_together

WORKERS, CALLS = 8, 500


def allocate(scope, org_pks, calls):
    """Take ``calls`` numbers, cycling through the tenants; return (tenant pk, number) pairs."""
    tenants = itertools.cycle([Organization.objects.get(pk=pk) for pk in org_pks] or [None])
    return [
        (org and org.pk, int(next_sequence(scope, org, include_year=False)))
        for org in itertools.islice(tenants, calls)
    ]


def allocate_and_sometimes_roll_back(scope, calls, every):
    """Number a document in each transaction, and roll back one transaction in ``every``."""
    for call in range(calls):
        with contextlib.suppress(Rollback), transaction.atomic():
            Document.objects.create(scope=scope, number=int(next_sequence(scope, include_year=False)))
            if call % every == 0:
                raise Rollback


def allocate_in_batches(scope, calls):
    """Take batches of 1 to 10 numbers in turn; return each batch's numbers."""
    return [
        [int(number) for number in next_sequences(scope, call % 10 + 1, include_year=False)]
        for call in range(calls)
    ]


def assert_increasing(numbers):
    assert all(a < b for a, b in itertools.pairwise(numbers)), "the counter went backwards"


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_hot_counter_hands_out_every_number_exactly_once():
    """8 processes race for one new global sequence: its creation and 4000 increments."""
    per_worker = run_together(allocate, [("hot", [], CALLS)] * WORKERS)
    numbers = [number for worker in per_worker for _, number in worker]
    assert sorted(numbers) == list(range(1, WORKERS * CALLS + 1))
    for worker in per_worker:
        assert_increasing([number for _, number in worker])
    assert Sequence.objects.get(scope="hot").current_value == WORKERS * CALLS


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_eight_tenants_at_once_each_get_a_contiguous_run():
    pks = [Organization.objects.create(name=f"Tenant {n}").pk for n in range(WORKERS)]
    rotations = [pks[n:] + pks[:n] for n in range(WORKERS)]  # at any moment, all tenants are busy
    per_worker = run_together(allocate, [("invoice", rotation, CALLS) for rotation in rotations])
    by_tenant = {pk: [] for pk in pks}
    for worker in per_worker:
        for pk in pks:
            numbers = [number for tenant, number in worker if tenant == pk]
            assert_increasing(numbers)
            by_tenant[pk] += numbers
    for numbers in by_tenant.values():
        assert sorted(numbers) == list(range(1, CALLS + 1))


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_rolled_back_numbers_are_never_committed_twice():
    """A rollback gives its number back (the increment was part of it); committed documents carry
    distinct numbers, and the counter equals the number of documents."""
    run_together(allocate_and_sometimes_roll_back, [("rollback", 250, 3)] * 4)
    numbers = sorted(Document.objects.filter(scope="rollback").values_list("number", flat=True))
    assert len(numbers) == 4 * (250 - 84)  # 84 of each worker's 250 transactions rolled back
    assert numbers == list(range(1, len(numbers) + 1))
    assert Sequence.objects.get(scope="rollback").current_value == len(numbers)


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_concurrent_batches_are_each_consecutive_and_never_overlap():
    """8 processes take batches of 1 to 10 from one counter: each batch is a run of consecutive
    numbers, and together they are 1..n exactly once."""
    per_worker = run_together(allocate_in_batches, [("batched", 100)] * WORKERS)
    batches = [batch for worker in per_worker for batch in worker]
    for batch in batches:
        assert batch == list(range(batch[0], batch[0] + len(batch)))
    numbers = sorted(number for batch in batches for number in batch)
    assert numbers == list(range(1, WORKERS * 550 + 1))  # 100 calls of 1..10 numbers: 550 each


def allocate_on_a_clock(moment, scope, calls):
    """Take single numbers and batches of 1 to 5 in turn, with the clock stopped at ``moment``;
    return every number as (year, value)."""
    numbers = []
    with time_machine.travel(moment, tick=False):
        for call in range(calls):
            batch = next_sequences(scope, call % 5 + 1) if call % 2 else [next_sequence(scope)]
            numbers += [tuple(int(part) for part in number.split("-")) for number in batch]
    return numbers


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_new_year_racing_servers_whose_clocks_disagree_never_repeat_a_number():
    """At midnight two servers still say 2026 and two already say 2027, each taking singles and
    batches from one yearly sequence: every number is issued once, 2026 continues where it stood,
    2027 starts at 1, and a server never sees the year go back once it has seen 2027."""
    Sequence.objects.create(scope="yearly", reset_yearly=True, current_value=100, year=2026)
    before = dt.datetime(2026, 12, 31, 23, 59, 59, tzinfo=dt.UTC)
    after = dt.datetime(2027, 1, 1, tzinfo=dt.UTC)
    with override_settings(TIME_ZONE="UTC"):
        per_worker = run_together(
            allocate_on_a_clock, [(moment, "yearly", 100) for moment in [before, after] * 2]
        )
    for worker in per_worker:
        assert worker == sorted(worker), "a server saw the year or the counter go back"
    numbers = sorted(number for worker in per_worker for number in worker)
    in_2026 = [value for year, value in numbers if year == 2026]
    in_2027 = [value for year, value in numbers if year == 2027]
    assert in_2026 == list(range(101, 101 + len(in_2026)))
    assert in_2027 == list(range(1, 1 + len(in_2027)))
    assert len(numbers) == 4 * 200  # 50 singles and 50 batches of 1 to 5 (150 numbers) each
    assert Sequence.objects.values_list("year", "current_value").get() == (2027, len(in_2027))


# --- SQLite: several processes writing to one file ----------------------------------------------


def sqlite_worker(path, *arguments):
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": settings.SETTINGS_MODULE}
    environment["PYTHONPATH"] = os.pathsep.join(sys.path)
    command = [sys.executable, "-m", "django_sequence.tests.sqlite_worker", str(path), *arguments]
    return subprocess.Popen(
        command,
        env=environment,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def result_of(worker):
    stdout, stderr = worker.communicate(timeout=120)
    assert worker.returncode == 0, stderr
    return json.loads(stdout.splitlines()[-1])


@pytest.fixture(scope="module")
def sqlite_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("sqlite") / "db.sqlite3"
    assert result_of(sqlite_worker(path, "migrate")) == "migrated"
    return path


@pytest.mark.sqlite
def test_four_sqlite_writers_never_see_database_is_locked(sqlite_file):
    """With the project's SQLite settings (write lock taken at BEGIN, a generous busy timeout)
    concurrent writers queue instead of failing."""
    workers = [sqlite_worker(sqlite_file, "write", "150") for _ in range(4)]
    for worker in workers:
        assert worker.stdout.readline().strip() == "ready", worker.stderr.read()
    for worker in workers:
        worker.stdin.write("go\n")
        worker.stdin.flush()
    per_worker = [result_of(worker) for worker in workers]
    assert sorted(itertools.chain(*per_worker)) == list(range(1, 601))
    for numbers in per_worker:
        assert_increasing(numbers)


@pytest.mark.sqlite
def test_sqlite_lock_timeout_raises_sequence_locked(sqlite_file):
    result = result_of(sqlite_worker(sqlite_file, "lock-timeout"))
    assert result["outcome"] == "locked"
    assert result["busy_timeout_after"] == result["busy_timeout_before"]
    assert result["after"] == "000002"
