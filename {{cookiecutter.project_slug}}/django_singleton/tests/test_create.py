"""create(), get_or_create() and update_or_create() on a table that may already hold the row."""

import pytest
from django.db import IntegrityError, transaction

from django_singleton import SingletonExistsError
from django_singleton.tests.testapp.models import SiteSettings

pytestmark = pytest.mark.django_db


@pytest.fixture
def site_settings():
    return SiteSettings.objects.create(site_name="Shop")


def test_create_on_an_empty_table_inserts_pk_1():
    assert SiteSettings.objects.create(pk=7, site_name="New").pk == 1
    assert list(SiteSettings.objects.values_list("pk", "site_name")) == [(1, "New")]


def test_create_once_the_row_exists_is_refused_clearly(site_settings):
    with pytest.raises(SingletonExistsError, match="Cannot insert singleton SiteSettings: its row"):
        SiteSettings.objects.create(site_name="Second")

    assert list(SiteSettings.objects.values_list("pk", "site_name")) == [(1, "Shop")]


def test_the_refusal_leaves_the_surrounding_transaction_usable(site_settings):
    with transaction.atomic():
        with pytest.raises(SingletonExistsError):
            SiteSettings.objects.create(site_name="Second")
        SiteSettings.objects.update(site_name="Still writable")

    assert SiteSettings.objects.get().site_name == "Still writable"


def test_the_refusal_is_an_integrity_error_like_the_duplicate_key_it_explains(site_settings):
    with pytest.raises(IntegrityError):
        SiteSettings(site_name="Second").save(force_insert=True)


def test_save_of_a_new_instance_updates_the_existing_row(site_settings):
    SiteSettings(pk=9, site_name="Replaced").save()

    assert list(SiteSettings.objects.values_list("pk", "site_name")) == [(1, "Replaced")]


class TestGetOrCreate:
    def test_creates_pk_1_on_an_empty_table(self):
        settings, created = SiteSettings.objects.get_or_create(defaults={"site_name": "New"})

        assert (settings.pk, settings.site_name, created) == (1, "New", True)

    @pytest.mark.parametrize("lookup", [{}, {"pk": 1}, {"site_name": "Shop"}], ids=["none", "pk", "match"])
    def test_returns_the_row_when_the_lookup_matches(self, site_settings, lookup):
        settings, created = SiteSettings.objects.get_or_create(defaults={"site_name": "Ignored"}, **lookup)

        assert (settings.pk, settings.site_name, created) == (1, "Shop", False)

    def test_a_lookup_the_row_does_not_match_is_refused_clearly(self, site_settings):
        with pytest.raises(SingletonExistsError, match="its row \\(pk 1\\) exists"):
            SiteSettings.objects.get_or_create(site_name="Other")

        assert list(SiteSettings.objects.values_list("pk", "site_name")) == [(1, "Shop")]


class TestUpdateOrCreate:
    @pytest.mark.parametrize("lookup", [{}, {"pk": 1}], ids=["none", "pk"])
    def test_updates_the_row(self, site_settings, lookup):
        settings, created = SiteSettings.objects.update_or_create(defaults={"site_name": "Updated"}, **lookup)

        assert (settings.pk, created) == (1, False)
        assert list(SiteSettings.objects.values_list("pk", "site_name")) == [(1, "Updated")]

    def test_creates_the_row_on_an_empty_table(self):
        settings, created = SiteSettings.objects.update_or_create(defaults={"site_name": "New"})

        assert (settings.pk, created) == (1, True)

    def test_a_lookup_the_row_does_not_match_is_refused_clearly(self, site_settings):
        with pytest.raises(SingletonExistsError):
            SiteSettings.objects.update_or_create(site_name="Other", defaults={"maintenance_mode": True})

        assert list(SiteSettings.objects.values_list("site_name", "maintenance_mode")) == [("Shop", False)]
