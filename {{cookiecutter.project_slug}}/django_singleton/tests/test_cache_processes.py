"""Two worker processes sharing a cache: a change is served to the other one as soon as it commits.

The parent process writes; a forked worker process reads with get_instance(), as another gunicorn
worker would. The cache is one that processes share: a file-based cache, or the database cache (the
generated project's default). PostgreSQL only: the worker needs the same database over its own
connection (the SQLite test database lives in the parent's memory).
"""

import multiprocessing

import pytest
from django.core.cache import caches
from django.core.management import call_command
from django.db import connection, connections, transaction
from django.test.utils import CaptureQueriesContext

from django_singleton.tests import committed
from django_singleton.tests.testapp.models import CachedRateLimits, FeatureFlags, Operator

pytestmark = [pytest.mark.postgresql, committed]


class Rollback(Exception):
    pass


def serve_reads(pipe):
    """In the worker: answer each request with (the row's values, the queries get_instance() made).

    Only the queries of the model's table count: the database cache's own are queries too.
    """
    while (model := pipe.recv()) is not None:
        with CaptureQueriesContext(connection) as queries:
            row = model.get_instance()
        values = {field.attname: getattr(row, field.attname) for field in model._meta.concrete_fields}
        pipe.send((values, sum(model._meta.db_table in query["sql"] for query in queries)))
    connections.close_all()


@pytest.fixture(params=["file", "database"])
def shared_cache(request, settings, tmp_path):
    if request.param == "file":
        settings.CACHES = {
            "default": {
                "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
                "LOCATION": str(tmp_path),
            }
        }
    else:
        settings.CACHES = {
            "default": {
                "BACKEND": "django.core.cache.backends.db.DatabaseCache",
                "LOCATION": "singleton_cache",
            }
        }
        call_command("createcachetable", verbosity=0)
    yield
    caches["default"].clear()  # the cache table outlives the test's rows


@pytest.fixture
def worker(shared_cache):
    """worker(Model) -> (values, queries) of Model.get_instance() in another process."""
    connections.close_all()  # a forked child must not share the parent's socket
    parent_end, child_end = multiprocessing.Pipe()
    process = multiprocessing.get_context("fork").Process(target=serve_reads, args=(child_end,))
    process.start()

    def read(model):
        parent_end.send(model)
        assert parent_end.poll(60), "the worker process did not answer"
        return parent_end.recv()

    yield read
    parent_end.send(None)
    process.join(timeout=30)
    assert process.exitcode == 0


def test_change_reaches_the_other_process_on_commit_not_before(worker):
    FeatureFlags.objects.create()
    assert worker(FeatureFlags)[1] == 1  # cold
    assert worker(FeatureFlags) == ({"id": 1, "new_checkout": False, "search_v2": False}, 0)  # warm

    with transaction.atomic():
        flags = FeatureFlags.get_instance()
        flags.new_checkout = True
        flags.save()
        assert worker(FeatureFlags) == ({"id": 1, "new_checkout": False, "search_v2": False}, 0)

    assert worker(FeatureFlags) == ({"id": 1, "new_checkout": True, "search_v2": False}, 1)
    assert worker(FeatureFlags)[1] == 0  # cached again


def test_rolled_back_change_never_reaches_the_other_process(worker):
    FeatureFlags.objects.create()
    worker(FeatureFlags)

    def change_then_roll_back():
        with transaction.atomic():
            FeatureFlags.objects.update(search_v2=True)
            raise Rollback

    with pytest.raises(Rollback):
        change_then_roll_back()

    assert worker(FeatureFlags) == ({"id": 1, "new_checkout": False, "search_v2": False}, 0)


def test_set_null_from_a_deletion_reaches_the_other_process(worker):
    operator = Operator.objects.create(name="ops")
    CachedRateLimits.objects.create(updated_by=operator)
    assert worker(CachedRateLimits)[0]["updated_by_id"] == operator.pk

    operator.delete()

    assert worker(CachedRateLimits)[0]["updated_by_id"] is None


READERS, WRITES = 4, 30


def read_until_done(started, published, done, results):
    """In a reader process: read get_instance() in a loop while the parent writes; count the reads
    that return less than what the parent had published (its save() had returned) before the read."""
    reads = stale = 0
    started.wait(timeout=60)  # every reader is up: the writes start
    while not done.is_set():
        floor = published.value
        value = CachedRateLimits.get_instance().requests_per_minute
        reads += 1
        stale += value < floor
    results.put((reads, stale))
    connections.close_all()


@pytest.mark.parametrize("shared_cache", ["database"], indirect=True)
def test_readers_racing_a_writer_never_see_a_value_older_than_the_last_committed(shared_cache):
    CachedRateLimits.objects.create(requests_per_minute=0)
    context = multiprocessing.get_context("fork")
    started, published, done = context.Barrier(READERS + 1), context.Value("i", 0), context.Event()
    results = context.Queue()
    connections.close_all()  # a forked child must not share the parent's socket
    readers = [
        context.Process(target=read_until_done, args=(started, published, done, results))
        for _ in range(READERS)
    ]
    for reader in readers:
        reader.start()
    started.wait(timeout=60)

    for value in range(1, WRITES + 1):
        limits = CachedRateLimits.get_instance()
        limits.requests_per_minute = value
        limits.save()  # committed, and the cache invalidated, when it returns
        published.value = value
    done.set()
    counts = [results.get(timeout=60) for _ in readers]
    for reader in readers:
        reader.join(timeout=60)

    reads, stale = sum(reads for reads, _ in counts), sum(stale for _, stale in counts)
    assert (stale, [reader.exitcode for reader in readers]) == (0, [0] * READERS), f"{stale} of {reads}"
