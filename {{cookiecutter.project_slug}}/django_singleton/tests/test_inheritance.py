"""Multi-table inheritance (a child singleton's row spans its parent's table) and proxies.

``BetaFlags`` inherits from the cached ``FeatureFlags``; ``ShopSettings`` is cached under the
uncached ``SiteSettings``. ``FlagsProxy`` is a proxy of ``FeatureFlags``, ``CachedSiteSettings`` a
cached proxy of ``SiteSettings``.
"""

import pytest

from django_singleton import SingletonDeletionError, SingletonExistsError, SingletonViolationError
from django_singleton.tests import committed
from django_singleton.tests.testapp.models import (
    BetaFlags,
    CachedSiteSettings,
    FeatureFlags,
    FlagsProxy,
    ShopSettings,
    SiteSettings,
)

pytestmark = committed


def test_child_first_get_instance_keeps_the_parent_row_values():
    SiteSettings.objects.create(site_name="Configured", maintenance_mode=True)

    shop = ShopSettings.get_instance()

    assert (shop.pk, shop.site_name, shop.maintenance_mode, shop.currency) == (1, "Configured", True, "EUR")
    assert list(SiteSettings.objects.values_list("pk", "site_name", "maintenance_mode")) == [
        (1, "Configured", True)
    ]


def test_child_first_get_instance_creates_both_rows_from_defaults():
    flags = BetaFlags.get_instance()

    assert (flags.pk, flags.new_checkout, flags.dark_mode) == (1, False, False)
    assert list(FeatureFlags.objects.values_list("pk", flat=True)) == [1]


def test_cached_parent_keeps_its_values_when_the_child_is_created():
    FeatureFlags.objects.create(search_v2=True)
    BetaFlags.get_instance()

    assert FeatureFlags.get_instance().search_v2 is True
    assert BetaFlags.get_instance().search_v2 is True


def test_saving_the_child_refreshes_the_parent_cache(django_assert_num_queries):
    beta = BetaFlags.get_instance()
    FeatureFlags.get_instance()
    with django_assert_num_queries(0):
        assert FeatureFlags.get_instance().new_checkout is False  # warm

    beta.new_checkout = True
    beta.save()

    assert FeatureFlags.get_instance().new_checkout is True


def test_saving_the_parent_refreshes_the_child_cache():
    BetaFlags.get_instance()
    assert BetaFlags.get_instance().search_v2 is False  # warm

    FeatureFlags.objects.update(search_v2=True)

    assert BetaFlags.get_instance().search_v2 is True


def test_uncached_parent_saved_refreshes_the_cached_child(django_assert_num_queries):
    ShopSettings.get_instance()  # creates the row
    ShopSettings.get_instance()  # caches it
    with django_assert_num_queries(0):
        ShopSettings.get_instance()

    site = SiteSettings.get_instance()
    site.site_name = "Renamed"
    site.save()

    assert ShopSettings.get_instance().site_name == "Renamed"


def test_update_of_a_parent_field_through_the_child_refreshes_the_parent_cache():
    BetaFlags.get_instance()
    FeatureFlags.get_instance()

    BetaFlags.objects.update(new_checkout=True, dark_mode=True)

    assert FeatureFlags.get_instance().new_checkout is True
    assert BetaFlags.get_instance().dark_mode is True


def test_child_create_takes_the_fields_it_is_not_given_from_the_parent_row():
    SiteSettings.objects.create(site_name="Configured", maintenance_mode=True)

    shop = ShopSettings.objects.create(maintenance_mode=False, currency="USD")

    fields = ["pk", "site_name", "maintenance_mode", "currency"]
    expected = (1, "Configured", False, "USD")
    assert tuple(getattr(shop, field) for field in fields) == expected
    assert list(ShopSettings.objects.values_list(*fields)) == [expected]


def test_child_get_or_create_keeps_the_parent_row_values():
    SiteSettings.objects.create(site_name="Configured", maintenance_mode=True)

    shop, created = ShopSettings.objects.get_or_create(defaults={"currency": "USD"})

    assert created is True
    assert (shop.site_name, shop.maintenance_mode, shop.currency) == ("Configured", True, "USD")
    assert list(SiteSettings.objects.values_list("site_name", flat=True)) == ["Configured"]


def test_child_update_or_create_keeps_the_parent_row_values():
    FeatureFlags.objects.create(search_v2=True)

    _, created = BetaFlags.objects.update_or_create(defaults={"dark_mode": True})

    assert created is True
    assert list(BetaFlags.objects.values_list("search_v2", "dark_mode")) == [(True, True)]
    assert FeatureFlags.get_instance().search_v2 is True


def test_rogue_rows_in_the_parent_table_refuse_the_child_writes(insert_rogue_row):
    insert_rogue_row(SiteSettings, 2, site_name="Rogue", maintenance_mode=False)

    for write in [ShopSettings.get_instance, ShopSettings.objects.create, ShopSettings(currency="USD").save]:
        with pytest.raises(SingletonViolationError, match="Multiple rows exist for singleton SiteSettings"):
            write()

    assert list(SiteSettings.objects.values_list("pk", flat=True)) == [2]
    assert not ShopSettings.objects.exists()


class TestProxies:
    def test_a_proxy_reads_the_same_row_from_the_same_cache_entry(self, django_assert_num_queries):
        FeatureFlags.objects.create(search_v2=True)
        FeatureFlags.get_instance()  # cached through the concrete model

        with django_assert_num_queries(0):
            flags = FlagsProxy.get_instance()

        assert (type(flags), flags.pk, flags.search_v2) == (FlagsProxy, 1, True)

    def test_a_write_through_either_refreshes_the_other(self):
        FeatureFlags.objects.create()
        FlagsProxy.get_instance()
        FeatureFlags.get_instance()

        proxy = FlagsProxy.get_instance()
        proxy.search_v2 = True
        proxy.save()
        assert FeatureFlags.get_instance().search_v2 is True

        FeatureFlags.objects.update(new_checkout=True)
        assert FlagsProxy.get_instance().new_checkout is True

    def test_a_cached_proxy_of_an_uncached_model_sees_its_writes(self, django_assert_num_queries):
        SiteSettings.objects.create(site_name="Shop")
        CachedSiteSettings.get_instance()
        with django_assert_num_queries(0):
            CachedSiteSettings.get_instance()

        SiteSettings.objects.update(site_name="Renamed")

        assert CachedSiteSettings.get_instance().site_name == "Renamed"

    def test_a_proxy_cannot_delete_or_duplicate_the_row(self):
        FlagsProxy.get_instance()

        with pytest.raises(SingletonDeletionError):
            FlagsProxy.get_instance().delete()
        with pytest.raises(SingletonDeletionError):
            FlagsProxy.objects.all().delete()
        with pytest.raises(SingletonExistsError):
            FlagsProxy.objects.create()
        assert list(FeatureFlags.objects.values_list("pk", flat=True)) == [1]
