"""The managers: objects hides soft-deleted rows, all_objects sees them, and the helpers."""

import pytest
from django.db import models
from django.db.models import Manager, Prefetch
from django.test.utils import isolate_apps

from django_basemodels import BaseModel, SoftDeleteManager, SoftDeleteQuerySet
from django_basemodels.tests.models import Customer, Order

pytestmark = pytest.mark.django_db


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


# --- Prefetched related managers ----------------------------------------------------------------


@pytest.fixture
def prefetched_bob(orders):
    return Customer.objects.prefetch_related("orders").get(name="Bob")


def test_prefetched_related_manager_lists_active_rows_without_a_query(
    prefetched_bob, orders, django_assert_num_queries
):
    with django_assert_num_queries(0):
        assert list(prefetched_bob.orders.all()) == [orders["Bob", "active"]]


def test_prefetched_related_manager_with_deleted_sees_deleted_rows(prefetched_bob, orders):
    assert set(prefetched_bob.orders.with_deleted()) == {orders["Bob", "active"], orders["Bob", "deleted"]}


def test_prefetched_related_manager_deleted_only(prefetched_bob, orders):
    assert list(prefetched_bob.orders.deleted_only()) == [orders["Bob", "deleted"]]


def test_prefetch_with_a_queryset_of_every_row(orders):
    """``Prefetch(..., queryset=all_objects...)`` is the way to prefetch deleted rows too."""
    bob = Customer.objects.prefetch_related(Prefetch("orders", queryset=Order.all_objects.all())).get(
        name="Bob"
    )
    assert set(bob.orders.all()) == {orders["Bob", "active"], orders["Bob", "deleted"]}


def test_prefetch_into_an_attribute_holds_active_rows_and_the_manager_still_finds_deleted_ones(orders):
    (bob,) = Customer.objects.filter(name="Bob").prefetch_related(Prefetch("orders", to_attr="order_list"))
    assert bob.order_list == [orders["Bob", "active"]]
    assert list(bob.orders.deleted_only()) == [orders["Bob", "deleted"]]


def test_prefetch_through_a_foreign_key_finds_a_deleted_target(orders, bob):
    """Following a key (forward) uses the base manager, prefetched or not: the row is still there."""
    bob.delete()
    (order,) = Order.objects.filter(reference="Bob-active").prefetch_related("customer")
    assert order.customer == bob
    assert order.customer.is_deleted


# --- Subqueries and set operations (django-safedelete's tests) ----------------------------------


def test_a_subquery_of_the_default_manager_hides_deleted_rows(orders):
    deleted = orders["Bob", "deleted"]
    assert not Order.all_objects.filter(pk__in=Order.objects.filter(pk=deleted.pk)).exists()
    assert not Customer.objects.filter(orders__in=Order.objects.filter(pk=deleted.pk)).exists()


def test_union_of_the_default_manager_keeps_deleted_rows_out(orders):
    assert Order.objects.all().union(Order.objects.all()).count() == 2
    assert Order.all_objects.all().difference(Order.objects.all()).count() == 2


# --- A queryset of your own (django-safedelete's and django-model-utils' custom queryset tests) ----


def test_a_custom_queryset_keeps_its_methods_after_the_soft_delete_helpers():
    class NamedQuerySet(SoftDeleteQuerySet):
        def named(self, name):
            return self.filter(name=name)

    with isolate_apps("django_basemodels.tests"):

        class Label(BaseModel):
            name = models.CharField(max_length=20)
            objects = SoftDeleteManager.from_queryset(NamedQuerySet)()

    def where(queryset):
        return str(queryset.query).split(" WHERE ")[1].replace('"basemodels_tests_label".', "")

    assert where(Label.objects.named("x")) == '("deleted_at" IS NULL AND "name" = x)'
    assert where(Label.objects.with_deleted().named("x")) == '"name" = x'
    assert where(Label.objects.deleted_only().named("x")) == '("deleted_at" IS NOT NULL AND "name" = x)'


def test_update_or_create_makes_a_new_row_rather_than_revive_a_deleted_one(eve):
    """django-safedelete revives the deleted row; here the default manager looks among active rows."""
    customer, created = Customer.objects.update_or_create(email=eve.email, defaults={"name": "Eve 2"})
    assert created
    assert customer.pk != eve.pk
    assert Customer.all_objects.get(pk=eve.pk).is_deleted
