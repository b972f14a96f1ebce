"""Several processes deleting, or restoring, the same row at the same moment, on a real PostgreSQL
server.

Each process loads the row, waits for its siblings at a barrier, then calls ``delete()`` or
``restore()``: the row is read under a lock first, so exactly one of them writes, and every process
ends with the row as that one left it.
"""

import multiprocessing

import pytest
from django.db import connections

from django_basemodels.tests.models import Customer

pytestmark = [pytest.mark.postgresql, pytest.mark.django_db(transaction=True)]

ROUNDS = 10
RACERS = 4


def act_in_rounds(action, barrier, results):
    """In a child process: in every round, load the row, wait for the siblings, then act on it."""
    for round_number in range(ROUNDS):
        barrier.wait(timeout=60)  # the parent has made this round's row
        try:
            customer = Customer.all_objects.get(name=f"round {round_number}")
            barrier.wait(timeout=60)  # every sibling has loaded it
            getattr(customer, action)()
            results.put((round_number, (customer.deleted_at, customer.updated_at)))
        except Exception as error:  # reported to the parent, which fails the test with it
            results.put((round_number, repr(error)))
        barrier.wait(timeout=60)  # the round is over
    connections.close_all()


def stamps(customer):
    row = Customer.all_objects.get(pk=customer.pk)
    return row.deleted_at, row.updated_at


def race(action, make_row):
    """Every round: ``make_row(name)``, then ``action`` by every racer. Returns, per round, the
    row's ``(deleted_at, updated_at)`` before and after, and the racers' in-memory ones."""
    context = multiprocessing.get_context("fork")  # children inherit the settings naming the test database
    barrier, results = context.Barrier(RACERS + 1), context.Queue()
    connections.close_all()  # a forked child must not share the parent's socket
    children = [context.Process(target=act_in_rounds, args=(action, barrier, results)) for _ in range(RACERS)]
    for child in children:
        child.start()
    before, after = [], []
    for round_number in range(ROUNDS):
        customer = make_row(f"round {round_number}")
        before.append(stamps(customer))
        barrier.wait(timeout=60)
        barrier.wait(timeout=60)
        barrier.wait(timeout=60)
        after.append(stamps(customer))
    outcomes = [[] for _ in range(ROUNDS)]
    for _ in range(ROUNDS * RACERS):
        round_number, outcome = results.get(timeout=60)
        outcomes[round_number].append(outcome)
    for child in children:
        child.join(timeout=60)
    assert [child.exitcode for child in children] == [0] * RACERS
    return list(zip(before, after, outcomes, strict=True))


def writers(before, after, outcomes):
    """How many racers wrote the row: a write moves ``updated_at``; the last one is what is stored."""
    moved = [updated_at for _, updated_at in outcomes if updated_at != before[1]]
    assert after[1] in moved, (before, after, outcomes)
    return len(moved)


def test_concurrent_deletes_of_one_row_delete_it_once():
    def active_row(name):
        return Customer.objects.create(name=name, email=f"{name}@example.com")

    for before, after, outcomes in race("delete", active_row):
        assert after[0] is not None
        assert {deleted_at for deleted_at, _ in outcomes} == {after[0]}, outcomes
        assert writers(before, after, outcomes) == 1


def test_concurrent_restores_of_one_row_restore_it_once():
    def deleted_row(name):
        customer = Customer.objects.create(name=name, email=f"{name}@example.com")
        customer.delete()
        return customer

    for before, after, outcomes in race("restore", deleted_row):
        assert after[0] is None
        assert {deleted_at for deleted_at, _ in outcomes} == {None}, outcomes
        assert writers(before, after, outcomes) == 1
