"""get_instance() beyond the contract's tests: its queries, a lost creation race, corrupt tables."""

import pytest
from django.db import IntegrityError

from django_singleton import SingletonExistsError, SingletonViolationError
from django_singleton.query import SingletonQuerySet
from django_singleton.tests.testapp.models import RequiredSettings, SiteSettings

pytestmark = pytest.mark.django_db


def test_existing_row_is_one_query_without_a_transaction(django_assert_num_queries):
    SiteSettings.objects.create(site_name="Shop")

    # No savepoint, no BEGIN IMMEDIATE (the SQLite write lock): just the read.
    with django_assert_num_queries(1):
        assert SiteSettings.get_instance().site_name == "Shop"


def test_lost_creation_race_returns_the_winners_row(monkeypatch):
    SiteSettings.objects.create(site_name="Winner")

    # As if another connection had inserted the row just after our first read, so that our insert
    # hits the primary key.
    def not_yet_visible(queryset, **kwargs):
        raise SiteSettings.DoesNotExist

    monkeypatch.setattr(SingletonQuerySet, "get", not_yet_visible)

    assert SiteSettings.get_instance().site_name == "Winner"
    assert SiteSettings.objects.count() == 1


def test_integrity_error_that_leaves_no_row_is_raised_not_hidden():
    with pytest.raises(IntegrityError) as raised:
        RequiredSettings.get_instance()  # its field has no default: NOT NULL fails

    assert not isinstance(raised.value, SingletonExistsError)
    assert not RequiredSettings.objects.exists()


def test_get_instance_refuses_to_create_the_row_beside_rogue_rows(insert_rogue_row):
    insert_rogue_row(SiteSettings, 2, site_name="Rogue", maintenance_mode=False)

    with pytest.raises(SingletonViolationError):
        SiteSettings.get_instance()

    assert list(SiteSettings.objects.values_list("pk", flat=True)) == [2]


def test_str_is_the_verbose_name():
    assert str(SiteSettings.get_instance()) == "Site settings"
