"""SoftDeleteModel on one object: delete(), hard_delete(), restore(), is_deleted."""

import re

import pytest
from django.db import IntegrityError, models, transaction
from django.db.models.signals import post_save
from django.test.utils import isolate_apps
from django.utils.connection import ConnectionDoesNotExist

from django_basemodels import BaseModel
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


# --- Stale instances and failed writes ----------------------------------------------------------


def test_delete_through_a_stale_instance_keeps_the_first_deletion_time(clock, customer):
    stale = Customer.objects.get(pk=customer.pk)
    customer.delete()
    first = clock.now
    clock.advance(days=1)
    assert stale.delete() == (0, {})
    assert stale.deleted_at == first
    customer.refresh_from_db()
    assert (customer.deleted_at, customer.updated_at) == (first, first)


def test_delete_through_a_stale_deleted_instance_deletes_a_restored_row(clock, customer):
    customer.delete()
    stale = Customer.all_objects.get(pk=customer.pk)
    customer.restore()
    later = clock.advance(hours=1)
    assert stale.delete() == (1, {"basemodels_tests.Customer": 1})
    assert Customer.all_objects.get(pk=customer.pk).deleted_at == later


def test_delete_of_a_row_that_is_gone_deletes_nothing(customer):
    Customer.all_objects.filter(pk=customer.pk).hard_delete()
    assert customer.delete() == (0, {})
    assert customer.deleted_at is None


def test_restore_through_a_stale_instance_restores_a_row_deleted_meanwhile(customer):
    stale = Customer.objects.get(pk=customer.pk)
    customer.delete()
    stale.restore()
    assert not stale.is_deleted
    assert not Customer.all_objects.get(pk=customer.pk).is_deleted


def test_restore_through_a_stale_deleted_instance_writes_nothing(clock, customer):
    """The row was restored meanwhile: it is active, so it is left as it is (``updated_at`` too)."""
    customer.delete()
    stale = Customer.all_objects.get(pk=customer.pk)
    restored_at = clock.advance(hours=1)
    customer.restore()
    clock.advance(hours=1)
    stale.restore()
    assert not stale.is_deleted
    assert Customer.all_objects.get(pk=customer.pk).updated_at == restored_at


def test_restore_of_a_row_that_is_gone_raises_does_not_exist(customer):
    customer.delete()
    Customer.all_objects.filter(pk=customer.pk).hard_delete()
    with pytest.raises(Customer.DoesNotExist, match=re.escape(f"Customer with id={customer.pk!r} does not")):
        customer.restore()


def test_failed_restore_leaves_the_object_as_the_database_has_it(clock, customer):
    customer.delete()
    deleted_at = clock.now
    Customer.objects.create(name="Bob again", email="bob@example.com")
    clock.advance(hours=1)
    with pytest.raises(IntegrityError):
        customer.restore()
    assert (customer.deleted_at, customer.updated_at) == (deleted_at, deleted_at)
    stored = Customer.all_objects.get(pk=customer.pk)
    assert (stored.deleted_at, stored.updated_at) == (deleted_at, deleted_at)


def test_failed_restore_leaves_the_transaction_usable(customer):
    """restore() runs in a savepoint: the caller's transaction goes on after the IntegrityError."""
    customer.delete()
    Customer.objects.create(name="Bob again", email="bob@example.com")
    with transaction.atomic():
        with pytest.raises(IntegrityError):
            customer.restore()
        assert Customer.objects.count() == 1


def test_delete_with_an_unknown_database_raises_and_changes_nothing(customer):
    """django-model-utils' test: the alias is honoured, not silently replaced by the default."""
    with pytest.raises(ConnectionDoesNotExist):
        customer.delete(using="unknown")
    assert not customer.is_deleted
    assert not Customer.all_objects.get(pk=customer.pk).is_deleted


# --- Reverse one-to-one -------------------------------------------------------------------------


def test_reverse_one_to_one_returns_a_soft_deleted_row(create_tables):
    """Decision: like following a key, the reverse one-to-one accessor finds a deleted row.

    The one-to-one column is unique in the database, so the deleted row still holds its place:
    hiding it would answer "no profile" and then refuse a new one. Check ``is_deleted``, or restore.
    """
    with isolate_apps("django_basemodels.tests"):

        class Owner(BaseModel):
            name = models.CharField(max_length=20)

        class Profile(BaseModel):
            owner = models.OneToOneField(Owner, on_delete=models.CASCADE, related_name="profile")

    create_tables(Owner, Profile)
    owner = Owner.objects.create(name="Bob")
    Profile.objects.create(owner=owner).delete()
    owner = Owner.objects.get(pk=owner.pk)
    assert owner.profile.is_deleted
    assert Owner.objects.select_related("profile").get(pk=owner.pk).profile.is_deleted
    assert Owner.objects.prefetch_related("profile").get(pk=owner.pk).profile.is_deleted
    with pytest.raises(IntegrityError), transaction.atomic():
        Profile.objects.create(owner=owner)
    Owner.objects.get(pk=owner.pk).profile.restore()
    assert not Owner.objects.get(pk=owner.pk).profile.is_deleted
