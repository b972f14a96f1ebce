"""Writes Django makes to a cached row behind the model's back leave the cache right.

``on_delete=SET_NULL`` and a reverse manager's ``add()`` update the row through the base manager,
``on_delete=SET(callable)`` with a bare ``UpdateQuery``: none of them calls ``save()`` or sends its
signals. Committed for real (``transaction=True``): the cache is invalidated only on commit.
"""

import pytest
from django.db import connection, models

from django_singleton.tests import committed
from django_singleton.tests.testapp.models import CachedRateLimits, Operator, Reviewer

pytestmark = committed


@pytest.fixture
def operator():
    return Operator.objects.create(name="ops")


def warm(**values):
    """The row with these values, cached."""
    CachedRateLimits.objects.create(**values)
    return CachedRateLimits.get_instance()


def test_deleting_the_row_a_set_null_points_at_refreshes_the_cache(operator, django_assert_num_queries):
    warm(updated_by=operator)

    operator.delete()

    with django_assert_num_queries(1):
        limits = CachedRateLimits.get_instance()
    assert limits.updated_by_id is None
    limits.requests_per_minute = 100
    limits.save()  # a stale updated_by_id would break the foreign key here
    assert list(CachedRateLimits.objects.values_list("requests_per_minute", "updated_by")) == [(100, None)]


def test_deleting_the_row_a_set_callable_points_at_refreshes_the_cache():
    reviewer = Reviewer.objects.create(name="lead")
    warm(reviewed_by=reviewer)

    reviewer.delete()

    limits = CachedRateLimits.get_instance()
    assert limits.reviewed_by_id is None
    limits.save()  # a stale reviewed_by_id would break the foreign key here
    assert list(CachedRateLimits.objects.values_list("reviewed_by", flat=True)) == [None]


if hasattr(models, "DB_SET_NULL"):  # Django 6.1's database-level on_delete (no such thing on 5.2)

    @pytest.mark.parametrize(
        "delete", [lambda row: row.delete(), lambda row: Reviewer.objects.all().delete()]
    )
    def test_deleting_the_row_a_db_set_null_points_at_refreshes_the_cache(delete):
        from django_singleton.tests.testapp.models import DatabaseSetNullLimits

        reviewer = Reviewer.objects.create(name="lead")
        DatabaseSetNullLimits.objects.create(reviewed_by=reviewer)
        DatabaseSetNullLimits.get_instance()  # cached

        delete(reviewer)  # the database sets reviewed_by_id to NULL: Django never touches the row

        assert DatabaseSetNullLimits.get_instance().reviewed_by_id is None


def test_reverse_manager_add_refreshes_the_cache(operator):
    limits = warm()

    operator.rate_limits.add(limits)

    assert CachedRateLimits.get_instance().updated_by_id == operator.pk


@pytest.mark.parametrize(
    "detach", [lambda op, row: op.rate_limits.remove(row), lambda op, row: op.rate_limits.clear()]
)
def test_reverse_manager_remove_and_clear_refresh_the_cache(operator, detach):
    limits = warm(updated_by=operator)

    detach(operator, limits)

    assert CachedRateLimits.get_instance().updated_by_id is None


def test_reverse_manager_update_refreshes_the_cache(operator):
    warm(updated_by=operator)

    operator.rate_limits.update(requests_per_minute=5)

    assert CachedRateLimits.get_instance().requests_per_minute == 5


def test_raw_sql_then_invalidate_cache(operator):
    warm(updated_by=operator)
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {CachedRateLimits._meta.db_table} SET requests_per_minute = 5")

    CachedRateLimits.invalidate_cache()

    assert CachedRateLimits.get_instance().requests_per_minute == 5
