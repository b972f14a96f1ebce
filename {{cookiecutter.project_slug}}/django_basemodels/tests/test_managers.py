"""The managers: objects hides soft-deleted rows, all_objects sees them, and the helpers."""

import pytest
from django.db.models import Manager

from django_basemodels import SoftDeleteManager, SoftDeleteQuerySet
from django_basemodels.tests.models import Customer, Order

pytestmark = pytest.mark.django_db


@pytest.fixture
def bob():
    return Customer.objects.create(name="Bob", email="bob@example.com")


@pytest.fixture
def orders(bob):
    """Two orders of Bob's and two of Eve's, keyed by (name, state); one of each is soft-deleted."""
    eve = Customer.objects.create(name="Eve", email="eve@example.com")
    orders = {}
    for customer in (bob, eve):
        for state in ("active", "deleted"):
            orders[customer.name, state] = Order.objects.create(
                customer=customer, reference=f"{customer}-{state}"
            )
        orders[customer.name, "deleted"].delete()
    return orders


def test_objects_hides_soft_deleted_rows(orders):
    assert set(Order.objects.all()) == {orders["Bob", "active"], orders["Eve", "active"]}
    assert Order.objects.count() == 2


def test_all_objects_sees_every_row(orders):
    assert Order.all_objects.count() == 4


def test_with_deleted_includes_deleted_rows(orders):
    assert Order.objects.with_deleted().count() == 4


def test_deleted_only_returns_only_deleted_rows(orders):
    assert set(Order.objects.deleted_only()) == {orders["Bob", "deleted"], orders["Eve", "deleted"]}


def test_get_of_a_deleted_row_needs_all_objects(orders):
    deleted = orders["Bob", "deleted"]
    with pytest.raises(Order.DoesNotExist):
        Order.objects.get(pk=deleted.pk)
    assert Order.all_objects.get(pk=deleted.pk) == deleted


def test_refresh_from_db_works_on_a_deleted_row(orders):
    deleted = orders["Bob", "deleted"]
    deleted.reference = "changed in memory"
    deleted.refresh_from_db()
    assert deleted.reference == "Bob-deleted"


def test_objects_is_the_default_manager():
    assert isinstance(Order._meta.default_manager, SoftDeleteManager)
    assert Order._meta.default_manager.name == "objects"


def test_the_base_manager_sees_deleted_rows_so_foreign_keys_resolve(orders):
    """Django follows foreign keys with the base manager, a plain Manager."""
    assert type(Order._meta.base_manager) is Manager
    assert Order._meta.base_manager.count() == 4


@pytest.mark.parametrize(
    "get",
    [
        lambda: Order.objects.all(),
        lambda: Order.all_objects.all(),
        lambda: Order.objects.with_deleted(),
        lambda: Order.objects.deleted_only(),
    ],
    ids=["objects", "all_objects", "with_deleted", "deleted_only"],
)
def test_every_manager_returns_a_soft_delete_queryset(get):
    assert isinstance(get(), SoftDeleteQuerySet)


@pytest.mark.parametrize("name", ["delete", "soft_delete", "restore", "hard_delete"])
@pytest.mark.parametrize("manager", ["objects", "all_objects"])
def test_whole_table_writes_need_an_explicit_all(manager, name):
    """Like Django's delete(): ``Model.objects.hard_delete()`` would be one typo from disaster."""
    assert not hasattr(getattr(Order, manager), name)
    assert callable(getattr(getattr(Order, manager).all(), name))


def test_related_manager_hides_deleted_rows(bob, orders):
    assert list(bob.orders.all()) == [orders["Bob", "active"]]


def test_related_manager_with_deleted_stays_within_the_relation(bob, orders):
    assert set(bob.orders.with_deleted()) == {orders["Bob", "active"], orders["Bob", "deleted"]}


def test_related_manager_deleted_only_stays_within_the_relation(bob, orders):
    assert list(bob.orders.deleted_only()) == [orders["Bob", "deleted"]]
