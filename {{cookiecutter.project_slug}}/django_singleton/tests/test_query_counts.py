"""The queries of one get_instance() call, as the README's table gives them, for each kind of cache.

first: the table is empty; cold: the row exists and is not cached (just changed); warm: cached.
Counted on the model's database, the database cache's queries included (its table is there too).
"""

import pytest
from django.core.cache import caches
from django.core.management import call_command
from django.db import connection

from django_singleton.tests import committed
from django_singleton.tests.testapp.models import FeatureFlags

pytestmark = committed

CACHES = {
    "none": None,
    "locmem": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "database": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "singleton_cache"},
}


@pytest.fixture
def cache_kind(request, settings, monkeypatch):
    if CACHES[request.param] is None:
        monkeypatch.setattr(FeatureFlags, "singleton_cache_alias", None)
    else:
        settings.CACHES = {"default": CACHES[request.param]}
    if request.param == "database":
        call_command("createcachetable", verbosity=0)
    yield
    caches["default"].clear()  # the cache table outlives the test's rows


@pytest.mark.parametrize(
    ("cache_kind", "first", "cold", "warm"),
    [
        # first: read, BEGIN, rogue-row check, SAVEPOINT, INSERT, RELEASE, COMMIT.
        ("none", 7, 1, 1),
        ("locmem", 7, 1, 0),
        # The database cache adds: read both keys (1), start a generation (5: count for culling,
        # BEGIN, read, INSERT, COMMIT), store the row (5); the first call also forgets the
        # generation its own insert invalidated (1).
        ("database", 7 + 12, 1 + 11, 1),
    ],
    indirect=["cache_kind"],
)
def test_queries_per_call(cache_kind, first, cold, warm, django_assert_num_queries):
    with django_assert_num_queries(first):
        FeatureFlags.get_instance()
    FeatureFlags.objects.update(search_v2=True)  # invalidates the cached row
    with django_assert_num_queries(cold):
        FeatureFlags.get_instance()
    with django_assert_num_queries(warm):
        assert FeatureFlags.get_instance().search_v2 is True


@pytest.mark.parametrize("cache_kind", ["locmem"], indirect=True)
def test_a_cache_hit_does_not_ask_for_a_database_connection(cache_kind, monkeypatch):
    """Asking for one opens it when it is closed (with CONN_MAX_AGE=0, once per request)."""
    FeatureFlags.get_instance()  # creates the row
    FeatureFlags.get_instance()  # caches it
    asked = []
    monkeypatch.setattr(connection, "ensure_connection", lambda: asked.append(True))
    assert FeatureFlags.get_instance().pk == 1
    assert asked == []
