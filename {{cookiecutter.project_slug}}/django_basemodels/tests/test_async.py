"""Django's async API: every write soft-deletes as its sync twin does, and the package's own
writes have ``a``-prefixed companions.

The tests run coroutines with ``async_to_sync``, as Django's own suite does: the database work
happens on the test's thread, inside its transaction.
"""

import pytest
from asgiref.sync import async_to_sync

from django_basemodels.tests.models import Customer, Group, Membership, Order, Person

pytestmark = pytest.mark.django_db


def run(coroutine_function, *args, **kwargs):
    return async_to_sync(coroutine_function)(*args, **kwargs)


@pytest.fixture
def orders(bob):
    return [Order.objects.create(customer=bob, reference=f"A-{n}") for n in range(3)]


def test_model_adelete_soft_deletes(bob):
    assert run(bob.adelete) == (1, {"basemodels_tests.Customer": 1})
    assert Customer.all_objects.get(pk=bob.pk).is_deleted


def test_model_arestore_and_ahard_delete(bob):
    bob.delete()
    run(bob.arestore)
    assert not Customer.all_objects.get(pk=bob.pk).is_deleted
    run(bob.ahard_delete)
    assert not Customer.all_objects.filter(pk=bob.pk).exists()


def test_queryset_adelete_soft_deletes(orders):
    assert run(Order.objects.filter(reference="A-0").adelete) == (1, {"basemodels_tests.Order": 1})
    assert Order.all_objects.count() == 3


def test_queryset_async_companions(orders):
    assert run(Order.objects.filter(reference__in=["A-0", "A-1"]).asoft_delete) == 2
    assert run(Order.objects.deleted_only().arestore) == 2
    assert run(Order.all_objects.filter(reference="A-2").ahard_delete) == (1, {"basemodels_tests.Order": 1})
    assert Order.all_objects.count() == 2


def test_async_companions_are_queryset_only():
    for name in ("asoft_delete", "arestore", "ahard_delete"):
        assert not hasattr(Order.objects, name)


def test_related_manager_async_reads_and_writes(bob, orders):
    async def scenario():
        await bob.orders.filter(reference="A-0").adelete()
        active = [order.reference async for order in bob.orders.all()]
        count = await bob.orders.acount()
        deleted = [order.reference async for order in bob.orders.deleted_only()]
        restored = await bob.orders.deleted_only().arestore()
        return active, count, deleted, restored

    assert run(scenario) == (["A-1", "A-2"], 2, ["A-0"], 1)


def test_aupdate_through_the_default_manager_leaves_deleted_rows_alone(orders):
    orders[0].delete()
    updated = run(Order.objects.all().aupdate, reference="X")
    assert updated == 2
    assert Order.all_objects.get(pk=orders[0].pk).reference == "A-0"


def test_aget_of_a_deleted_row_needs_all_objects(bob):
    bob.delete()
    with pytest.raises(Customer.DoesNotExist):
        run(Customer.objects.all().aget, pk=bob.pk)
    assert run(Customer.all_objects.all().aget, pk=bob.pk) == bob


def test_many_to_many_async_writes_remove_the_links():
    group = Group.objects.create(name="band")
    ann, ben = Person.objects.create(name="Ann"), Person.objects.create(name="Ben")

    async def scenario():
        await group.members.aadd(ann, ben)
        await group.members.aremove(ann)
        after_remove = [person.name async for person in group.members.all()]
        await group.members.aset([ann])
        after_set = [person.name async for person in group.members.all()]
        await group.members.aclear()
        return after_remove, after_set, await group.members.acount()

    assert run(scenario) == (["Ben"], ["Ann"], 0)
    assert not Membership.all_objects.exists()


def test_abulk_update_writes_deleted_objects_too(orders):
    orders[0].delete()
    for order in orders:
        order.reference = "X"
    assert run(Order.objects.abulk_update, orders, ["reference"]) == 3
    assert set(Order.all_objects.values_list("reference", flat=True)) == {"X"}
