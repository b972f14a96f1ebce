"""The seed's "Known Gotchas", one group each, showing the behaviour the README documents.

The deliberately wrong models are built inside the tests, in an isolated app registry, so that
``manage.py check`` never sees them; ``create_tables`` gives them a table for the test.
"""

import pytest
from django.db import IntegrityError, connection, models, transaction
from django.db.models import ProtectedError
from django.test.utils import isolate_apps

from django_basemodels import BaseModel, SoftDeleteManager, SoftDeleteModel
from django_basemodels.tests.models import Customer, Order, OrderLine

# --- 1. Unique constraints ----------------------------------------------------------------------


def test_unique_field_blocks_recreating_a_soft_deleted_value(create_tables):
    with isolate_apps("django_basemodels.tests"):

        class NaiveUser(BaseModel):
            email = models.EmailField(unique=True)

    create_tables(NaiveUser)
    NaiveUser.objects.create(email="bob@example.com").delete()
    with pytest.raises(IntegrityError), transaction.atomic():
        NaiveUser.objects.create(email="bob@example.com")


@pytest.mark.django_db
def test_conditional_unique_constraint_frees_the_value_of_a_deleted_row(bob):
    bob.delete()
    again = Customer.objects.create(name="Bob again", email="bob@example.com")
    assert again.pk != bob.pk
    with pytest.raises(IntegrityError), transaction.atomic():
        Customer.objects.create(name="Bob twice", email="bob@example.com")


@pytest.mark.django_db
def test_restore_fails_when_an_active_row_took_the_value(bob):
    bob.delete()
    Customer.objects.create(name="Bob again", email="bob@example.com")
    with pytest.raises(IntegrityError), transaction.atomic():
        bob.restore()
    assert Customer.all_objects.get(pk=bob.pk).is_deleted


def test_unique_together_with_deleted_at_does_not_stop_active_duplicates(create_tables):
    """The seed's "Solution B" does not give one active row per email: NULLs are distinct."""
    with isolate_apps("django_basemodels.tests"):

        class SolutionBUser(BaseModel):
            email = models.EmailField()

            class Meta:
                unique_together = [("email", "deleted_at")]

    create_tables(SolutionBUser)
    SolutionBUser.objects.create(email="bob@example.com")
    SolutionBUser.objects.create(email="bob@example.com")
    assert SolutionBUser.objects.filter(email="bob@example.com").count() == 2


@pytest.mark.postgresql
def test_unique_constraint_with_nulls_not_distinct_keeps_active_rows_unique(create_tables):
    """PostgreSQL 15+ can make "Solution B" work: NULLs compare equal with nulls_distinct=False."""
    if not connection.features.supports_nulls_distinct_unique_constraints:
        pytest.skip("needs PostgreSQL 15 or newer")
    with isolate_apps("django_basemodels.tests"):

        class NullsUser(BaseModel):
            email = models.EmailField()

            class Meta:
                constraints = [
                    models.UniqueConstraint(
                        fields=["email", "deleted_at"], nulls_distinct=False, name="nulls_user"
                    )
                ]

    create_tables(NullsUser)
    NullsUser.objects.create(email="bob@example.com").delete()
    NullsUser.objects.create(email="bob@example.com")
    with pytest.raises(IntegrityError), transaction.atomic():
        NullsUser.objects.create(email="bob@example.com")


# --- 2. Foreign keys to a soft-deleted row ------------------------------------------------------


@pytest.mark.django_db
def test_foreign_key_to_a_soft_deleted_row_still_resolves(bob):
    order = Order.objects.create(customer=bob, reference="A-1")
    bob.delete()
    order = Order.objects.get(pk=order.pk)
    assert order.customer == bob
    assert order.customer.is_deleted
    assert not Customer.objects.filter(pk=bob.pk).exists()
    assert Customer.all_objects.filter(pk=bob.pk).exists()


@pytest.mark.django_db
def test_filters_across_a_relation_see_soft_deleted_rows(bob):
    order = Order.objects.create(customer=bob, reference="A-1")
    bob.delete()
    assert list(Order.objects.filter(customer__name="Bob")) == [order]
    assert not Order.objects.filter(customer__name="Bob", customer__deleted_at__isnull=True).exists()


@pytest.mark.django_db
def test_soft_delete_ignores_protect_and_hard_delete_respects_it(bob):
    Order.objects.create(customer=bob, reference="A-1").delete()  # even a soft-deleted order protects
    bob.delete()
    assert bob.is_deleted
    with pytest.raises(ProtectedError), transaction.atomic():
        bob.hard_delete()
    assert Customer.all_objects.filter(pk=bob.pk).exists()


# --- 3. No cascade ------------------------------------------------------------------------------


@pytest.fixture
def order_with_lines(bob):
    order = Order.objects.create(customer=bob, reference="A-1")
    OrderLine.objects.bulk_create([OrderLine(order=order, product=p) for p in ("tea", "cake")])
    return order


def test_soft_delete_does_not_cascade(order_with_lines):
    order_with_lines.delete()
    assert OrderLine.objects.filter(order=order_with_lines).count() == 2


def test_cascading_a_soft_delete_is_explicit(order_with_lines):
    order_with_lines.lines.all().soft_delete()
    order_with_lines.delete()
    assert OrderLine.objects.deleted_only().count() == 2
    assert order_with_lines.is_deleted


def test_hard_delete_cascades_like_django(order_with_lines):
    order_with_lines.lines.first().delete()
    order_with_lines.hard_delete()
    assert not OrderLine.all_objects.exists()


# --- 4. Bulk operations -------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_seeds_bulk_update_soft_deletes_but_leaves_updated_at(clock, bob):
    """``update(deleted_at=...)`` still works; ``soft_delete()`` also bumps updated_at."""
    created = clock.now
    clock.advance(hours=1)
    Customer.objects.filter(pk=bob.pk).update(deleted_at=clock.now)
    bob.refresh_from_db()
    assert (bob.deleted_at, bob.updated_at) == (clock.now, created)


# The departure from the seed, QuerySet.delete() being soft, is tested in test_bulk.py, and the
# admin's deletions (gotcha 5) in test_admin.py.


# --- 6. Manager declaration order ---------------------------------------------------------------


def test_the_first_manager_declared_is_the_default(create_tables):
    with isolate_apps("django_basemodels.tests"):

        class WrongOrder(SoftDeleteModel):
            all_objects = models.Manager()
            objects = SoftDeleteManager()

    create_tables(WrongOrder)
    WrongOrder.objects.create().delete()
    assert WrongOrder._default_manager is WrongOrder.all_objects
    assert WrongOrder._default_manager.count() == 1  # what the admin and related managers would show
    assert WrongOrder.objects.count() == 0


def test_a_manager_added_by_a_subclass_becomes_the_default():
    with isolate_apps("django_basemodels.tests"):

        class Article(BaseModel):
            published = models.Manager()

        class FixedArticle(BaseModel):
            objects = SoftDeleteManager()
            published = models.Manager()

    assert Article._default_manager is Article.published
    assert FixedArticle._default_manager is FixedArticle.objects
