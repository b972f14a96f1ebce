"""aget_instance(): get_instance() for async code, with the same cache."""

import pytest
from asgiref.sync import async_to_sync
from django.db import connection
from django.test.utils import CaptureQueriesContext

from django_singleton import SingletonDeletionError
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


def test_async_writes_refresh_the_cache_and_cannot_delete():
    FeatureFlags.objects.create()
    read(FeatureFlags)  # cached

    async def write():
        flags = await FeatureFlags.aget_instance()
        flags.search_v2 = True
        await flags.asave()
        await FeatureFlags.objects.aupdate(new_checkout=True)
        with pytest.raises(SingletonDeletionError):
            await flags.adelete()
        with pytest.raises(SingletonDeletionError):
            await FeatureFlags.objects.all().adelete()

    async_to_sync(write)()

    flags, _ = read(FeatureFlags)
    assert (flags.search_v2, flags.new_checkout) == (True, True)
    assert FeatureFlags.objects.count() == 1
