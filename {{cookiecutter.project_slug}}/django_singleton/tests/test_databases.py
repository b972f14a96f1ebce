"""Several databases: each holds its own row, read with ``get_instance(using=...)`` or through a router.

"sequences" is the test settings' second database (a SQLite file). Committed for real: the cache is
filled outside transactions only and invalidated on each database's own commit.
"""

from io import StringIO

import pytest
from asgiref.sync import async_to_sync
from django.core.management import CommandError, call_command
from django.db import transaction
from django.test import override_settings

from django_singleton import SingletonViolationError
from django_singleton.tests.testapp.models import FeatureFlags, SiteSettings

pytestmark = pytest.mark.django_db(
    transaction=True,
    databases=["default", "sequences"],
    available_apps=["django_singleton", "django_singleton.tests.testapp"],
)

OTHER = "sequences"


class RouteTo:
    """A router that sends every read and write to one database."""

    def __init__(self, alias):
        self.alias = alias

    def db_for_read(self, model, **hints):
        return self.alias

    db_for_write = db_for_read


@pytest.fixture
def two_rows():
    """A different row on each database, both cached."""
    FeatureFlags.objects.using("default").create(search_v2=False)
    FeatureFlags.objects.using(OTHER).create(search_v2=True)
    for alias in ["default", OTHER]:
        FeatureFlags.get_instance(using=alias)


def test_get_instance_reads_each_database_row_from_its_own_cache_entry(two_rows, django_assert_num_queries):
    with django_assert_num_queries(0, using="default"), django_assert_num_queries(0, using=OTHER):
        assert FeatureFlags.get_instance().search_v2 is False
        assert FeatureFlags.get_instance(using=OTHER).search_v2 is True
        assert async_to_sync(FeatureFlags.aget_instance)(using=OTHER).search_v2 is True


def test_a_router_that_changes_database_gets_that_database_row():
    FeatureFlags.objects.using("default").create(search_v2=False)
    FeatureFlags.objects.using(OTHER).create(search_v2=True)
    FeatureFlags.get_instance()
    FeatureFlags.get_instance()  # the default database's row, cached

    with override_settings(DATABASE_ROUTERS=[RouteTo(OTHER)]):
        flags = FeatureFlags.get_instance()

    assert (flags.search_v2, flags._state.db) == (True, OTHER)


def test_get_instance_creates_the_row_on_the_database_it_is_given():
    assert FeatureFlags.get_instance(using=OTHER)._state.db == OTHER

    assert FeatureFlags.objects.using(OTHER).count() == 1
    assert not FeatureFlags.objects.using("default").exists()


def test_a_write_invalidates_only_when_its_own_database_commits(two_rows):
    with transaction.atomic(using=OTHER):
        FeatureFlags.objects.using(OTHER).update(new_checkout=True)
        with transaction.atomic(using="default"):
            pass  # a commit on the other database does not publish it
        assert FeatureFlags.get_instance(using=OTHER).new_checkout is True  # inside: the database
        assert async_to_sync(FeatureFlags.aget_instance)(using=OTHER).new_checkout is True

    assert FeatureFlags.get_instance(using=OTHER).new_checkout is True
    assert FeatureFlags.get_instance().new_checkout is False


def test_rogue_rows_on_one_database_refuse_writes_there_only(insert_rogue_row):
    SiteSettings.objects.create(site_name="Default")
    SiteSettings.objects.using(OTHER).create(site_name="Other")
    insert_rogue_row(SiteSettings, 2, using=OTHER, site_name="Rogue", maintenance_mode=False)

    SiteSettings.get_instance().save()
    with pytest.raises(SingletonViolationError, match="Multiple rows exist for singleton SiteSettings"):
        SiteSettings.get_instance(using=OTHER).save()
    with pytest.raises(SingletonViolationError):
        SiteSettings(site_name="Moved").save(using=OTHER)

    assert list(SiteSettings.objects.using(OTHER).order_by("pk").values_list("site_name", flat=True)) == [
        "Other",
        "Rogue",
    ]
    with pytest.raises(CommandError, match=r"1 of [0-9]+ singleton tables have rogue rows"):
        call_command("check_singletons", database=OTHER, stdout=StringIO(), stderr=StringIO())
    call_command("check_singletons", stdout=StringIO())  # the default database is sound
