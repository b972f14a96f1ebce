"""Several processes deleting the same row at the same moment, on a real PostgreSQL server.

Each process loads the row while it is active, waits for its siblings at a barrier, then calls
``delete()``: exactly one of them deletes it, and every process ends with the first deletion time.
"""

import multiprocessing

import pytest
from django.db import connections

from django_basemodels.tests.models import Customer

pytestmark = [pytest.mark.postgresql, pytest.mark.django_db(transaction=True)]

ROUNDS = 10
DELETERS = 4


def delete_in_rounds(barrier, results):
    """In a child process: in every round, load the row, wait for the siblings, then delete it."""
    for round_number in range(ROUNDS):
        barrier.wait(timeout=60)  # the parent has made this round's row
        try:
            customer = Customer.objects.get(name=f"round {round_number}")
            barrier.wait(timeout=60)  # every sibling has loaded it, active
            count, _ = customer.delete()
            results.put((round_number, count, customer.deleted_at))
        except Exception as error:  # reported to the parent, which fails the test with it
            results.put((round_number, repr(error), None))
        barrier.wait(timeout=60)  # the round is over
    connections.close_all()


def test_concurrent_deletes_of_one_row_delete_it_once():
    context = multiprocessing.get_context("fork")  # children inherit the settings naming the test database
    barrier, results = context.Barrier(DELETERS + 1), context.Queue()
    connections.close_all()  # a forked child must not share the parent's socket
    children = [context.Process(target=delete_in_rounds, args=(barrier, results)) for _ in range(DELETERS)]
    for child in children:
        child.start()
    stored = []
    for round_number in range(ROUNDS):
        customer = Customer.objects.create(name=f"round {round_number}", email=f"{round_number}@example.com")
        barrier.wait(timeout=60)
        barrier.wait(timeout=60)
        barrier.wait(timeout=60)
        stored.append(Customer.all_objects.get(pk=customer.pk).deleted_at)
    outcomes = [[] for _ in range(ROUNDS)]
    for _ in range(ROUNDS * DELETERS):
        round_number, count, deleted_at = results.get(timeout=60)
        outcomes[round_number].append((count, deleted_at))
    for child in children:
        child.join(timeout=60)
    assert [child.exitcode for child in children] == [0] * DELETERS
    for round_number, round_outcomes in enumerate(outcomes):
        assert sorted(count for count, _ in round_outcomes) == [0] * (DELETERS - 1) + [1], round_outcomes
        assert {deleted_at for _, deleted_at in round_outcomes} == {stored[round_number]}, round_outcomes
