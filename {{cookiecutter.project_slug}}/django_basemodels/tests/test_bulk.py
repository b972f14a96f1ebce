"""SoftDeleteQuerySet: bulk soft delete, restore and hard delete, each in one statement.

Departure from the seed: plain ``QuerySet.delete()`` soft-deletes here (the seed leaves Django's
hard delete in place). Only ``hard_delete()`` removes rows.
"""

import re

import pytest
from django.db import NotSupportedError

from django_basemodels.tests.models import Customer, Order, OrderLine, Tag

pytestmark = pytest.mark.django_db


@pytest.fixture
def customers(clock):
    """Three active customers and one deleted an hour before the clock's current time."""
    created = [Customer.objects.create(name=name, email=f"{name}@example.com") for name in "abcd"]
    created[3].delete()
    clock.advance(hours=1)
    return created


def stamps(model=Customer):
    return {row.name: (row.deleted_at, row.updated_at) for row in model.all_objects.all()}


def test_soft_delete_marks_active_rows_in_one_update(clock, customers, django_assert_num_queries):
    before = stamps()
    with django_assert_num_queries(1) as captured:
        count = Customer.objects.filter(name__in=["a", "b", "d"]).soft_delete()
    assert captured.captured_queries[0]["sql"].startswith("UPDATE")
    assert count == 2  # "d" was already deleted
    assert stamps() == {
        "a": (clock.now, clock.now),
        "b": (clock.now, clock.now),
        "c": before["c"],
        "d": before["d"],
    }


def test_soft_delete_keeps_the_first_deletion_of_already_deleted_rows(clock, customers):
    before = stamps()
    assert Customer.all_objects.filter(name="d").soft_delete() == 0
    assert stamps()["d"] == before["d"]


def test_restore_clears_deleted_rows_in_one_update(clock, customers, django_assert_num_queries):
    Customer.objects.filter(name="a").soft_delete()
    before = stamps()
    clock.advance(hours=1)
    with django_assert_num_queries(1):
        count = Customer.all_objects.filter(name__in=["a", "c", "d"]).restore()
    assert count == 2  # "c" was active
    assert stamps() == {"a": (None, clock.now), "b": before["b"], "c": before["c"], "d": (None, clock.now)}


def test_restore_through_deleted_only(customers):
    assert Customer.objects.deleted_only().restore() == 1
    assert Customer.objects.count() == 4


def test_queryset_delete_soft_deletes_in_one_update(clock, customers, django_assert_num_queries):
    """The decision for plain ``QuerySet.delete()``: soft, like ``Model.delete()``."""
    with django_assert_num_queries(1) as captured:
        result = Customer.objects.filter(name__in=["a", "b"]).delete()
    assert captured.captured_queries[0]["sql"].startswith("UPDATE")
    assert result == (2, {"basemodels_tests.Customer": 2})
    assert Customer.all_objects.count() == 4
    assert stamps()["a"] == (clock.now, clock.now)


def test_queryset_delete_of_nothing_returns_djangos_empty_result(customers):
    assert Customer.objects.filter(name="nobody").delete() == (0, {})


def test_all_objects_delete_is_soft_too(customers):
    Customer.all_objects.all().delete()
    assert Customer.all_objects.count() == 4
    assert Customer.objects.count() == 0


def test_related_manager_delete_is_soft(customers):
    order = Order.objects.create(customer=customers[0], reference="A-1")
    customers[0].orders.all().delete()
    order.refresh_from_db()
    assert order.is_deleted


def test_hard_delete_removes_the_rows_active_or_deleted(customers):
    result = Customer.all_objects.filter(name__in=["a", "d"]).hard_delete()
    assert result == (2, {"basemodels_tests.Customer": 2})
    assert sorted(Customer.all_objects.values_list("name", flat=True)) == ["b", "c"]


def test_hard_delete_follows_on_delete_rules(customers):
    order = Order.objects.create(customer=customers[0], reference="A-1")
    OrderLine.objects.create(order=order, product="soft-deleted line").delete()
    OrderLine.objects.create(order=order, product="active line")
    assert Order.objects.all().hard_delete() == (
        3,
        {"basemodels_tests.Order": 1, "basemodels_tests.OrderLine": 2},
    )
    assert not OrderLine.all_objects.exists()


def test_bulk_soft_delete_and_restore_work_without_timestamps(clock):
    Tag.objects.bulk_create([Tag(name="x"), Tag(name="y")])
    assert Tag.objects.all().soft_delete() == 2
    assert set(Tag.all_objects.values_list("deleted_at", flat=True)) == {clock.now}
    assert Tag.objects.deleted_only().restore() == 2
    assert Tag.objects.count() == 2


@pytest.mark.parametrize("method", ["delete", "soft_delete", "restore", "hard_delete"])
def test_a_sliced_queryset_cannot_be_written_and_nothing_changes(customers, method):
    before = stamps()
    with pytest.raises(TypeError):
        getattr(Customer.all_objects.all()[:2], method)()
    assert stamps() == before
    assert Customer.all_objects.count() == 4


NARROWED = {
    "values": lambda queryset: queryset.values("name"),
    "values_list": lambda queryset: queryset.values_list("name"),
    "distinct_fields": lambda queryset: queryset.order_by("email").distinct("email"),
    "union": lambda queryset: queryset.union(queryset),
}


@pytest.mark.parametrize("narrow", NARROWED.values(), ids=NARROWED)
def test_delete_refuses_the_querysets_djangos_delete_refuses(customers, narrow):
    """An UPDATE would take them; the soft ``delete()`` raises Django's own error and writes nothing."""
    before = stamps()
    with pytest.raises((TypeError, NotSupportedError)) as djangos:
        narrow(Customer.objects.all()).hard_delete()
    with pytest.raises(type(djangos.value), match=re.escape(str(djangos.value))):
        narrow(Customer.objects.all()).delete()
    assert stamps() == before


def test_bulk_update_writes_every_object_given_deleted_ones_included(customers):
    """As ``save()`` does; Django's would skip the deleted row, through the default manager."""
    for customer in customers:
        customer.name = customer.name.upper()
    assert Customer.objects.bulk_update(customers, ["name"]) == 4
    assert sorted(stamps()) == ["A", "B", "C", "D"]


def test_bulk_update_through_a_relation_stays_within_it(customers):
    orders = [Order.objects.create(customer=customer, reference="x") for customer in customers[:2]]
    orders[0].delete()
    for order in orders:
        order.reference = "y"
    assert customers[0].orders.bulk_update(orders, ["reference"]) == 1
    assert sorted(Order.all_objects.values_list("reference", flat=True)) == ["x", "y"]
