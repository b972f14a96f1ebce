"""Many processes calling get_instance() at the same moment on a real PostgreSQL server."""

import multiprocessing

import pytest
from django.db import connection, connections

from django_singleton.tests.testapp.models import SiteSettings

PROCESSES = 8


def get_instance_at_once(barrier, results):
    """In a child process: connect, wait for every sibling, then race them to get_instance()."""
    try:
        connection.ensure_connection()
        barrier.wait(timeout=60)
        results.put(SiteSettings.get_instance().pk)
    except Exception as error:  # reported to the parent, which fails the test with it
        results.put(repr(error))
    finally:
        connections.close_all()


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_concurrent_get_instance_creates_exactly_one_row():
    context = multiprocessing.get_context("fork")  # children inherit the settings naming the test database
    barrier, results = context.Barrier(PROCESSES), context.Queue()
    connections.close_all()  # a forked child must not share the parent's socket
    children = [
        context.Process(target=get_instance_at_once, args=(barrier, results)) for _ in range(PROCESSES)
    ]
    for child in children:
        child.start()

    pks = [results.get(timeout=120) for _ in children]
    for child in children:
        child.join(timeout=60)

    assert pks == [1] * PROCESSES
    assert [child.exitcode for child in children] == [0] * PROCESSES
    assert list(SiteSettings.objects.values_list("pk", flat=True)) == [1]
