"""The opt-in cache of get_instance(): warm reads make no query, and it only ever holds committed data.

These tests commit for real (``transaction=True``): the cache is filled only outside transactions and
invalidated only on commit, which the usual test-case transaction would hide.
"""

import json
import threading

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.db.transaction import TransactionManagementError
from django.test.utils import CaptureQueriesContext, isolate_apps

from django_singleton import cache as singleton_cache
from django_singleton.models import SingletonModel
from django_singleton.tests import committed
from django_singleton.tests.testapp.models import BetaFlags, FeatureFlags, SiteSettings

pytestmark = committed


class Rollback(Exception):
    pass


@pytest.fixture
def warm():
    """The row, cached. (The call that creates the row does not cache it: creating invalidates.)"""
    FeatureFlags.objects.create()
    return FeatureFlags.get_instance()


def read_in_another_thread():
    """get_instance() on another connection, as another process would: (new_checkout, query count)."""
    seen = {}

    def read():
        with CaptureQueriesContext(connection) as queries:
            seen["new_checkout"] = FeatureFlags.get_instance().new_checkout
        seen["queries"] = len(queries)
        connection.close()

    thread = threading.Thread(target=read)
    thread.start()
    thread.join()
    return seen["new_checkout"], seen["queries"]


def test_warm_cache_answers_without_a_query(django_assert_num_queries):
    FeatureFlags.objects.create(search_v2=True)
    with django_assert_num_queries(1):  # cold
        FeatureFlags.get_instance()

    with django_assert_num_queries(0):
        flags = FeatureFlags.get_instance()

    assert (flags.pk, flags.search_v2, flags.new_checkout) == (1, True, False)


def test_cached_instance_is_a_saved_row_of_its_own(warm):
    first, second = FeatureFlags.get_instance(), FeatureFlags.get_instance()
    first.new_checkout = True

    assert second.new_checkout is False
    assert (first._state.adding, first._state.db) == (False, "default")
    first.save()
    assert list(FeatureFlags.objects.values_list("pk", "new_checkout")) == [(1, True)]


def test_uncached_models_always_read_the_database(django_assert_num_queries):
    SiteSettings.get_instance()

    with django_assert_num_queries(1):
        SiteSettings.get_instance()


def test_change_is_served_only_after_commit(warm, django_assert_num_queries):
    with transaction.atomic():
        flags = FeatureFlags.get_instance()
        flags.new_checkout = True
        flags.save()
        assert FeatureFlags.get_instance().new_checkout is True  # the transaction sees its own change
        assert read_in_another_thread() == (False, 0)  # others keep the committed value, cached

    with django_assert_num_queries(1):
        assert FeatureFlags.get_instance().new_checkout is True
    assert read_in_another_thread() == (True, 0)


def test_rolled_back_change_never_reaches_the_cache(warm, django_assert_num_queries):
    def change_then_roll_back():
        with transaction.atomic():
            flags = FeatureFlags.get_instance()
            flags.new_checkout = True
            flags.save()
            assert FeatureFlags.get_instance().new_checkout is True
            raise Rollback

    with pytest.raises(Rollback):
        change_then_roll_back()

    with django_assert_num_queries(0):  # still warm: the rollback invalidated nothing
        assert FeatureFlags.get_instance().new_checkout is False


def test_savepoint_rolled_back_inside_a_committed_transaction(warm):
    def change_then_roll_back():
        with transaction.atomic():  # a savepoint
            FeatureFlags.objects.update(new_checkout=True)
            raise Rollback

    with transaction.atomic():
        FeatureFlags.objects.update(search_v2=True)
        with pytest.raises(Rollback):
            change_then_roll_back()

    flags = FeatureFlags.get_instance()
    assert (flags.search_v2, flags.new_checkout) == (True, False)  # the outer change, not the inner one


def test_manual_transaction_reads_the_database_and_caches_nothing():
    FeatureFlags.objects.create()  # not cached yet
    transaction.set_autocommit(False)
    try:
        with connection.cursor() as cursor:
            cursor.execute(f"UPDATE {FeatureFlags._meta.db_table} SET search_v2 = %s", [True])
        assert FeatureFlags.get_instance().search_v2 is True  # the transaction sees its own change
        transaction.rollback()
    finally:
        transaction.set_autocommit(True)

    assert FeatureFlags.get_instance().search_v2 is False  # the rolled-back value was never cached


def test_manual_transaction_cannot_write_a_cached_row_through_the_orm(warm):
    """Django offers no on_commit() there, so no safe moment to invalidate: refused, as the README says."""
    transaction.set_autocommit(False)
    try:
        with pytest.raises(TransactionManagementError):
            FeatureFlags.objects.update(search_v2=True)
        transaction.rollback()
    finally:
        transaction.set_autocommit(True)

    assert FeatureFlags.get_instance().search_v2 is False


def test_queryset_update_invalidates_on_commit(warm):
    FeatureFlags.objects.update(search_v2=True)

    assert FeatureFlags.get_instance().search_v2 is True


def test_bulk_update_invalidates_on_commit(warm):
    warm.search_v2 = True
    FeatureFlags.objects.bulk_update([warm], ["search_v2"])

    assert FeatureFlags.get_instance().search_v2 is True


def test_dumpdata_then_loaddata_of_a_multi_table_child_refreshes_both_caches(tmp_path):
    BetaFlags.get_instance()
    FeatureFlags.get_instance()
    BetaFlags.get_instance()  # both cached
    dump = tmp_path / "flags.json"
    call_command("dumpdata", "testapp.featureflags", "testapp.betaflags", output=dump, verbosity=0)
    rows = json.loads(dump.read_text())
    assert [(row["model"], row["pk"]) for row in rows] == [
        ("testapp.featureflags", 1),
        ("testapp.betaflags", 1),
    ]
    rows[0]["fields"]["search_v2"] = rows[1]["fields"]["dark_mode"] = True
    dump.write_text(json.dumps(rows))

    call_command("loaddata", dump, verbosity=0)

    assert FeatureFlags.get_instance().search_v2 is True
    beta = BetaFlags.get_instance()
    assert (beta.search_v2, beta.dark_mode) == (True, True)


def test_fixture_load_invalidates_on_commit(warm, tmp_path):
    fixture = tmp_path / "flags.json"
    fixture.write_text(
        json.dumps([{"model": "testapp.featureflags", "pk": 1, "fields": {"search_v2": True}}])
    )

    call_command("loaddata", fixture, verbosity=0)

    assert FeatureFlags.get_instance().search_v2 is True


def test_invalidate_cache_after_a_raw_sql_write(warm, django_assert_num_queries):
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {FeatureFlags._meta.db_table} SET search_v2 = %s", [True])
    assert FeatureFlags.get_instance().search_v2 is False  # the cache cannot see raw SQL

    FeatureFlags.invalidate_cache()

    with django_assert_num_queries(1):
        assert FeatureFlags.get_instance().search_v2 is True


def test_entry_filled_while_a_change_commits_is_never_served(monkeypatch, django_assert_num_queries):
    FeatureFlags.objects.create()
    load = FeatureFlags._get_or_create

    def load_then_lose_the_race(using):
        stale = load(using)
        FeatureFlags.objects.update(new_checkout=True)  # another process commits meanwhile
        return stale

    monkeypatch.setattr(FeatureFlags, "_get_or_create", load_then_lose_the_race)
    assert FeatureFlags.get_instance().new_checkout is False  # what the racing reader itself saw
    monkeypatch.undo()

    with django_assert_num_queries(1):  # its stale entry is ignored
        assert FeatureFlags.get_instance().new_checkout is True


def test_entry_written_by_another_version_of_the_model_is_a_miss(cache, warm, django_assert_num_queries):
    FeatureFlags.objects.update(search_v2=True)
    FeatureFlags.get_instance()
    row_key = singleton_cache.row_key_of(FeatureFlags, "default")
    generation, attnames, values = cache.get(row_key)
    cache.set(row_key, (generation, attnames[::-1], values[::-1]))  # same size, other fields

    with django_assert_num_queries(1):
        flags = FeatureFlags.get_instance()

    assert (flags.pk, flags.search_v2, flags.new_checkout) == (1, True, False)


@isolate_apps("django_singleton")
def test_same_named_models_of_two_apps_have_their_own_keys():
    meta = type("Meta", (), {"app_label": "django_singleton"})
    namesake = type("FeatureFlags", (SingletonModel,), {"__module__": __name__, "Meta": meta})

    for key_of in [singleton_cache.row_key_of, singleton_cache.generation_key_of]:
        assert key_of(namesake, "default") != key_of(FeatureFlags, "default")
