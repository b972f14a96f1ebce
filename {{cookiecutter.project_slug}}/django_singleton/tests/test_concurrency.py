"""Several processes writing an empty singleton table at the same moment, on a real PostgreSQL server.

Each test runs ROUNDS rounds: the parent empties the table, then WRITERS processes, released
together by a barrier, each make the same call; the parent then checks the table and every result.
"""

import multiprocessing
import threading

import pytest
from django.db import IntegrityError, connection, connections, transaction

from django_singleton import SingletonExistsError
from django_singleton.tests import committed
from django_singleton.tests.testapp.models import ShopSettings, SiteSettings

pytestmark = [pytest.mark.postgresql, committed]

ROUNDS = 15
WRITERS = 4


def save_new_instance(name):
    SiteSettings(site_name=name).save()
    return "saved"


def get_instance(name):
    return f"pk {SiteSettings.get_instance().pk}"


def create(name):
    try:
        SiteSettings.objects.create(site_name=name)
    except SingletonExistsError:
        return "refused"
    return "created"


def get_or_create(name):
    _, created = SiteSettings.objects.get_or_create(defaults={"site_name": name})
    return "created" if created else "found"


def update_or_create(name):
    _, created = SiteSettings.objects.update_or_create(defaults={"site_name": name})
    return "created" if created else "updated"


def write_in_rounds(call, isolation, barrier, results):
    """In a child process: in every round, wait for the siblings, then race them to call(name)."""
    connection.ensure_connection()
    with connection.cursor() as cursor:
        cursor.execute(f"SET SESSION CHARACTERISTICS AS TRANSACTION ISOLATION LEVEL {isolation}")
    for round_number in range(ROUNDS):
        barrier.wait(timeout=60)  # the parent has emptied the table
        try:
            results.put((round_number, call(f"writer {multiprocessing.current_process().name}")))
        except Exception as error:  # reported to the parent, which fails the test with it
            results.put((round_number, repr(error)))
        barrier.wait(timeout=60)  # the round is over
    connections.close_all()


def empty_table():
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {SiteSettings._meta.db_table}")


def configured_parent_only():
    """The parent's row configured, the multi-table child's missing."""
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {ShopSettings._meta.db_table}")
    empty_table()
    SiteSettings.objects.create(site_name="Configured")


def race(call, isolation="READ COMMITTED", reset=empty_table, model=SiteSettings):
    """Run the rounds, each from reset(); return (results of each round, model's rows after each)."""
    context = multiprocessing.get_context("fork")  # children inherit the settings naming the test database
    barrier, results = context.Barrier(WRITERS + 1), context.Queue()
    connections.close_all()  # a forked child must not share the parent's socket
    children = [
        context.Process(target=write_in_rounds, args=(call, isolation, barrier, results), name=str(number))
        for number in range(WRITERS)
    ]
    for child in children:
        child.start()
    rows = []
    for _ in range(ROUNDS):
        reset()
        barrier.wait(timeout=60)
        barrier.wait(timeout=60)
        rows.append(list(model.objects.values_list("pk", "site_name")))
    outcomes = [[] for _ in range(ROUNDS)]
    for _ in range(ROUNDS * WRITERS):
        round_number, outcome = results.get(timeout=60)
        outcomes[round_number].append(outcome)
    for child in children:
        child.join(timeout=60)
    assert [child.exitcode for child in children] == [0] * WRITERS
    return outcomes, rows


def failures(outcomes, expected):
    """'n of m calls failed in k of r rounds: first errors', or '' when every call gave what was expected."""
    bad = [outcome for round_outcomes in outcomes for outcome in round_outcomes if outcome not in expected]
    rounds = sum(any(outcome not in expected for outcome in round_outcomes) for round_outcomes in outcomes)
    if not bad:
        return ""
    return f"{len(bad)} of {ROUNDS * WRITERS} calls failed in {rounds} of {ROUNDS} rounds: {bad[:2]}"


def one_row_per_round(rows):
    return all(len(round_rows) == 1 and round_rows[0][0] == 1 for round_rows in rows)


def test_first_save_racing_on_an_empty_table_never_fails():
    outcomes, rows = race(save_new_instance)

    assert failures(outcomes, {"saved"}) == ""
    assert one_row_per_round(rows)
    assert all(row[0][1].startswith("writer ") for row in rows)  # one of the writers' values, whole


@pytest.mark.parametrize("isolation", ["READ COMMITTED", "REPEATABLE READ"])
def test_concurrent_get_instance_creates_exactly_one_row(isolation):
    outcomes, rows = race(get_instance, isolation)

    assert failures(outcomes, {"pk 1"}) == ""
    assert one_row_per_round(rows)


def test_concurrent_create_inserts_once_and_refuses_the_others_clearly():
    outcomes, rows = race(create)

    assert failures(outcomes, {"created", "refused"}) == ""
    assert all(sorted(round_outcomes).count("created") == 1 for round_outcomes in outcomes)
    assert one_row_per_round(rows)


@pytest.mark.parametrize(
    ("call", "isolation", "other"),
    [
        (get_or_create, "READ COMMITTED", "found"),
        (get_or_create, "REPEATABLE READ", "found"),
        (update_or_create, "READ COMMITTED", "updated"),
    ],
    ids=["get_or_create", "get_or_create-repeatable_read", "update_or_create"],
)
def test_concurrent_get_or_create_and_update_or_create_create_once(call, isolation, other):
    outcomes, rows = race(call, isolation)

    assert failures(outcomes, {"created", other}) == ""
    assert all(sorted(round_outcomes).count("created") == 1 for round_outcomes in outcomes)
    assert one_row_per_round(rows)


def child_get_instance(name):
    return ShopSettings.get_instance().site_name


def child_get_or_create(name):
    return ShopSettings.objects.get_or_create()[0].site_name


@pytest.mark.parametrize("call", [child_get_instance, child_get_or_create])
def test_concurrent_first_calls_of_a_multi_table_child_keep_the_parent_row(call, monkeypatch):
    # Uncached: each forked process would keep a local-memory cache of its own across the rounds.
    monkeypatch.setattr(ShopSettings, "singleton_cache_alias", None)

    outcomes, rows = race(call, reset=configured_parent_only, model=ShopSettings)

    assert failures(outcomes, {"Configured"}) == ""
    assert rows == [[(1, "Configured")]] * ROUNDS


def test_repeatable_read_transaction_cannot_read_a_row_created_after_its_snapshot():
    """The README's documented limit: retry the transaction; outside one, it works."""

    def create_elsewhere():
        SiteSettings.get_instance()  # on this thread's own connection, committed at once
        connection.close()

    def get_instance_in_a_stale_snapshot():
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            assert not SiteSettings.objects.exists()  # the snapshot is taken here
            other = threading.Thread(target=create_elsewhere)
            other.start()
            other.join()
            SiteSettings.get_instance()

    with pytest.raises(IntegrityError):
        get_instance_in_a_stale_snapshot()

    assert SiteSettings.get_instance().pk == 1  # a new transaction sees the row
    assert SiteSettings.objects.count() == 1
