"""aget_instance(): get_instance() for async code, with the same cache."""

from asgiref.sync import async_to_sync
from django.db import connection
from django.test.utils import CaptureQueriesContext

from django_singleton.tests import committed
from django_singleton.tests.testapp.models import FeatureFlags, SiteSettings

pytestmark = committed


def read(model):
    """Await aget_instance() from async code, as an ASGI view would; (row, queries it made)."""

    async def view():
        return await model.aget_instance()

    with CaptureQueriesContext(connection) as queries:
        row = async_to_sync(view)()
    return row, len(queries)


def test_creates_the_row_the_first_time():
    row, _ = read(SiteSettings)

    assert row.pk == 1
    assert list(SiteSettings.objects.values_list("pk", flat=True)) == [1]


def test_uses_the_cache_cold_then_warm():
    FeatureFlags.objects.create(search_v2=True)

    _, cold_queries = read(FeatureFlags)
    warm, warm_queries = read(FeatureFlags)

    assert (cold_queries, warm_queries) == (1, 0)
    assert (warm.pk, warm.search_v2) == (1, True)


def test_sees_a_committed_change():
    FeatureFlags.objects.create()
    read(FeatureFlags)

    FeatureFlags.objects.update(new_checkout=True)

    assert read(FeatureFlags)[0].new_checkout is True
