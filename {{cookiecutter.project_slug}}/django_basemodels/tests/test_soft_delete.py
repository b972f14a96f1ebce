"""SoftDeleteModel on one object: delete(), hard_delete(), restore(), is_deleted."""

import pytest
from django.db.models.signals import post_save

from django_basemodels.tests.models import Customer, Order, Tag

pytestmark = pytest.mark.django_db


@pytest.fixture
def customer():
    return Customer.objects.create(name="Bob", email="bob@example.com")


def test_delete_sets_deleted_at_and_keeps_the_row(clock, customer):
    assert customer.delete() == (1, {"basemodels_tests.Customer": 1})
    assert customer.deleted_at == clock.now
    assert Customer.all_objects.get(pk=customer.pk).deleted_at == clock.now
    assert not Customer.objects.filter(pk=customer.pk).exists()


def test_delete_bumps_updated_at(clock, customer):
    later = clock.advance(minutes=5)
    customer.delete()
    customer.refresh_from_db()
    assert customer.updated_at == later


def test_delete_writes_only_the_deletion(customer):
    customer.name = "unsaved edit"
    customer.delete()
    customer.refresh_from_db()
    assert customer.name == "Bob"
    assert customer.is_deleted


def test_delete_sends_post_save_with_the_fields_it_wrote(customer):
    calls = []

    def record(sender, instance, update_fields, **kwargs):
        calls.append((instance.pk, update_fields))

    post_save.connect(record, sender=Customer)
    try:
        customer.delete()
    finally:
        post_save.disconnect(record, sender=Customer)
    assert calls == [(customer.pk, frozenset({"deleted_at", "updated_at"}))]


def test_delete_twice_keeps_the_first_deletion_time(clock, customer):
    customer.delete()
    first = clock.now
    clock.advance(days=1)
    assert customer.delete() == (0, {})
    customer.refresh_from_db()
    assert (customer.deleted_at, customer.updated_at) == (first, first)


def test_delete_of_an_unsaved_object_raises_and_writes_nothing():
    tag = Tag(name="new")
    with pytest.raises(
        ValueError, match="Tag object can't be deleted because its id attribute is set to None"
    ):
        tag.delete()
    assert tag.deleted_at is None
    assert not Tag.all_objects.exists()


def test_soft_delete_works_without_timestamps(clock):
    tag = Tag.objects.create(name="urgent")
    tag.delete()
    tag.refresh_from_db()
    assert tag.deleted_at == clock.now
    tag.restore()
    assert Tag.objects.get(pk=tag.pk).deleted_at is None


def test_hard_delete_removes_the_row(customer):
    assert customer.hard_delete() == (1, {"basemodels_tests.Customer": 1})
    assert not Customer.all_objects.filter(pk=customer.pk).exists()


def test_hard_delete_removes_a_soft_deleted_row(customer):
    customer.delete()
    customer.hard_delete()
    assert not Customer.all_objects.filter(pk=customer.pk).exists()


def test_restore_makes_the_row_active_again_and_bumps_updated_at(clock, customer):
    customer.delete()
    later = clock.advance(minutes=5)
    customer.restore()
    assert customer.deleted_at is None
    restored = Customer.objects.get(pk=customer.pk)
    assert (restored.deleted_at, restored.updated_at) == (None, later)


def test_restore_of_an_active_row_writes_nothing(clock, customer):
    created = clock.now
    clock.advance(minutes=5)
    customer.restore()
    customer.refresh_from_db()
    assert customer.updated_at == created


def test_is_deleted_follows_deleted_at(customer):
    assert customer.is_deleted is False
    customer.delete()
    assert customer.is_deleted is True
    customer.restore()
    assert customer.is_deleted is False


def test_deleted_at_is_indexed_in_the_database():
    """The default manager filters on deleted_at in every query, so the column has an index."""
    from django.db import connection

    for model in (Customer, Order, Tag):
        with connection.cursor() as cursor:
            constraints = connection.introspection.get_constraints(cursor, model._meta.db_table)
        assert any(c["index"] and c["columns"] == ["deleted_at"] for c in constraints.values()), model
