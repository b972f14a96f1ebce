"""get_instance() beyond the contract's tests: its queries, a lost creation race, corrupt tables."""

import pytest
from django.db import IntegrityError

from django_singleton import SingletonViolationError
from django_singleton.query import SingletonQuerySet
from django_singleton.tests.testapp.models import SiteSettings

pytestmark = pytest.mark.django_db


def test_existing_row_is_one_query_without_a_transaction(django_assert_num_queries):
    SiteSettings.objects.create(site_name="Shop")

    # No savepoint, no BEGIN IMMEDIATE (the SQLite write lock): just the read.
    with django_assert_num_queries(1):
        assert SiteSettings.get_instance().site_name == "Shop"


def test_lost_creation_race_returns_the_winners_row(monkeypatch):
    SiteSettings.objects.create(site_name="Winner")

    # As if another connection had inserted the row just after our first read, so that our insert
    # hit the unique primary key.
    def not_yet_visible(queryset, **kwargs):
        raise SiteSettings.DoesNotExist

    def insert_collides(queryset, **kwargs):
        raise IntegrityError("duplicate key value violates unique constraint")

    monkeypatch.setattr(SingletonQuerySet, "get", not_yet_visible)
    monkeypatch.setattr(SingletonQuerySet, "get_or_create", insert_collides)

    assert SiteSettings.get_instance().site_name == "Winner"


def test_integrity_error_that_leaves_no_row_is_raised_not_hidden(monkeypatch):
    def insert_fails(queryset, **kwargs):
        raise IntegrityError('null value in column "contact" violates not-null constraint')

    monkeypatch.setattr(SingletonQuerySet, "get_or_create", insert_fails)

    with pytest.raises(IntegrityError, match="not-null"):
        SiteSettings.get_instance()


def test_get_instance_refuses_to_create_the_row_beside_rogue_rows(insert_rogue_row):
    insert_rogue_row(SiteSettings, 2, site_name="Rogue", maintenance_mode=False)

    with pytest.raises(SingletonViolationError):
        SiteSettings.get_instance()

    assert list(SiteSettings.objects.values_list("pk", flat=True)) == [2]


def test_str_is_the_verbose_name():
    assert str(SiteSettings.get_instance()) == "Site settings"
