"""The generated project behind PgBouncer in transaction pooling mode, with its default settings.

In transaction mode a connection's next transaction may run on another server connection, so
anything kept in a server session (a prepared statement above all) breaks. django_sequence's
PostgreSQL tests (processes at once, lock timeouts, a migration under a long-lived connection)
run once more here, through PgBouncer, with the generated project's default settings.
"""

from __future__ import annotations

import pytest

from tests.conftest import SUITE_REPORT, Stopwatch, start_or_skip
from tests.pgbouncer import PgBouncer, PgBouncerUnavailable
from tests.test_generated_project import summary_counts

# All of django_sequence's PostgreSQL tests run; these must be among them.
MUST_PASS = [
    "test_load.py::test_hot_counter_hands_out_every_number_exactly_once",
    "test_load.py::test_eight_tenants_at_once_each_get_a_contiguous_run",
    "test_load.py::test_rolled_back_numbers_are_never_committed_twice",
    "test_load.py::test_concurrent_batches_are_each_consecutive_and_never_overlap",
    "test_locking.py::test_a_long_lived_connection_keeps_allocating_across_a_migration",
    "test_locking.py::test_lock_timeout_inside_a_transaction_leaves_it_usable",
]


@pytest.fixture(scope="session")
def pgbouncer(postgres):
    """PgBouncer in front of the session's PostgreSQL server; required in CI, skipped elsewhere."""
    bouncer = start_or_skip(lambda: PgBouncer(postgres), PgBouncerUnavailable, "PgBouncer")
    yield bouncer
    bouncer.stop()


def test_sequence_load_tests_pass_behind_pgbouncer_in_transaction_mode(bake, toolchain, fresh_database, pgbouncer):
    project = bake(database="postgresql")
    database = fresh_database().rsplit("/", 1)[1]
    env = {"DATABASE_URL": pgbouncer.database_url(database)}
    # --reuse-db: the test database is left for the server to discard, as PgBouncer keeps server
    # connections to it open and PostgreSQL refuses to drop a database in use.
    command = ["python", "-m", "pytest", "-v", "-p", "no:cacheprovider", "--reuse-db", "-m", "postgresql"]
    with Stopwatch() as watch:
        result = toolchain("5.2").run(project, *command, "django_sequence", env=env)
    assert result.returncode == 0, result.stdout[-5000:] + result.stderr[-3000:]
    for test in MUST_PASS:
        assert f"{test} PASSED" in result.stdout, f"{test} did not run behind PgBouncer"
    counts = summary_counts(result.stdout)
    assert "skipped" not in counts
    SUITE_REPORT.append(f"{'behind PgBouncer (transaction)':32} {counts['passed']:4} passed {watch.seconds:22.1f} s")
