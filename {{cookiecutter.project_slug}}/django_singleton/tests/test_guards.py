"""The paths around save() and delete() that could remove or duplicate the row (the seed's gotchas)."""

import json

import pytest
from django.core.management import call_command
from django.db import transaction
from django.db.models import F

from django_singleton import SingletonDeletionError, SingletonViolationError
from django_singleton.tests.testapp.models import Operator, RateLimits, ShopSettings, SiteSettings

pytestmark = pytest.mark.django_db


@pytest.fixture
def site_settings():
    return SiteSettings.objects.create(site_name="Shop")


class TestBulkDelete:
    @pytest.mark.parametrize(
        "queryset",
        [
            lambda: SiteSettings.objects.all(),
            lambda: SiteSettings.objects.filter(pk=1),
            lambda: SiteSettings.objects.none(),
        ],
        ids=["all", "filter", "none"],
    )
    def test_queryset_delete_raises_and_keeps_the_row(self, site_settings, queryset):
        with pytest.raises(SingletonDeletionError, match="Cannot delete singleton SiteSettings"):
            queryset().delete()

        assert SiteSettings.objects.get().site_name == "Shop"

    def test_delete_through_a_plain_manager_is_refused(self):
        RateLimits.get_instance()

        with pytest.raises(SingletonDeletionError), transaction.atomic():
            RateLimits.every_row.all().delete()

        assert RateLimits.objects.count() == 1

    def test_delete_through_the_base_manager_is_refused(self, site_settings):
        with pytest.raises(SingletonDeletionError), transaction.atomic():
            SiteSettings._base_manager.all().delete()

        assert SiteSettings.objects.count() == 1

    def test_cascade_from_a_related_row_is_refused(self):
        operator = Operator.objects.create(name="ops")
        limits = RateLimits.get_instance()
        limits.updated_by = operator
        limits.save()

        with (
            pytest.raises(SingletonDeletionError, match="Cannot delete singleton RateLimits"),
            transaction.atomic(),
        ):
            operator.delete()

        assert RateLimits.objects.get().updated_by == operator
        assert Operator.objects.filter(pk=operator.pk).exists()


class TestUpdate:
    def test_update_of_fields_changes_the_row(self, site_settings):
        assert SiteSettings.objects.update(site_name="Renamed", maintenance_mode=True) == 1

        assert SiteSettings.get_instance().site_name == "Renamed"

    @pytest.mark.parametrize("new_pk", [2, F("id") + 1], ids=["value", "expression"])
    def test_update_cannot_move_the_row_to_another_pk(self, site_settings, new_pk):
        with pytest.raises(SingletonViolationError, match="Cannot move singleton SiteSettings"):
            SiteSettings.objects.update(id=new_pk)

        assert list(SiteSettings.objects.values_list("pk", flat=True)) == [1]

    @pytest.mark.parametrize("pk", [1, "1"], ids=["int", "text"])
    def test_update_may_set_pk_1(self, site_settings, pk):
        assert SiteSettings.objects.update(id=pk, site_name="Same row") == 1

        assert list(SiteSettings.objects.values_list("pk", "site_name")) == [(1, "Same row")]

    @pytest.mark.parametrize("name", ["id", "sitesettings_ptr", "sitesettings_ptr_id"])
    def test_a_child_update_cannot_move_its_own_or_its_parent_row(self, name):
        ShopSettings.get_instance()

        with pytest.raises(SingletonViolationError, match="Cannot move singleton ShopSettings to pk 2"):
            ShopSettings.objects.update(**{name: 2})

        assert list(SiteSettings.objects.values_list("pk", flat=True)) == [1]


class TestBulkCreate:
    def test_bulk_create_inserts_the_row_as_pk_1(self):
        (created,) = SiteSettings.objects.bulk_create([SiteSettings(pk=5, site_name="Bulk")])

        assert created.pk == 1
        assert list(SiteSettings.objects.values_list("pk", "site_name")) == [(1, "Bulk")]

    def test_bulk_create_refuses_several_rows(self):
        with pytest.raises(
            SingletonViolationError, match="Cannot bulk_create 2 rows of singleton SiteSettings"
        ):
            SiteSettings.objects.bulk_create([SiteSettings(site_name="a"), SiteSettings(site_name="b")])

        assert not SiteSettings.objects.exists()

    def test_bulk_create_refuses_to_write_beside_rogue_rows(self, insert_rogue_row):
        insert_rogue_row(SiteSettings, 2, site_name="Rogue", maintenance_mode=False)

        with pytest.raises(SingletonViolationError, match="Multiple rows exist for singleton SiteSettings"):
            SiteSettings.objects.bulk_create([SiteSettings(site_name="Bulk")])

        assert list(SiteSettings.objects.values_list("pk", flat=True)) == [2]

    def test_bulk_create_can_upsert_the_existing_row(self, site_settings):
        SiteSettings.objects.bulk_create(
            [SiteSettings(site_name="Upserted")],
            update_conflicts=True,
            unique_fields=["id"],
            update_fields=["site_name"],
        )

        assert list(SiteSettings.objects.values_list("pk", "site_name")) == [(1, "Upserted")]


class TestFixtures:
    @pytest.fixture
    def fixture_file(self, tmp_path):
        def write(pk):
            path = tmp_path / "site_settings.json"
            row = {"model": "testapp.sitesettings", "pk": pk, "fields": {"site_name": "From fixture"}}
            path.write_text(json.dumps([row]))
            return path

        return write

    def test_fixture_row_with_another_pk_is_refused(self, fixture_file):
        with pytest.raises(SingletonViolationError, match="Cannot save singleton SiteSettings with pk 2"):
            call_command("loaddata", fixture_file(2), verbosity=0)

        assert not SiteSettings.objects.exists()

    def test_fixture_row_with_pk_1_loads(self, site_settings, fixture_file):
        call_command("loaddata", fixture_file(1), verbosity=0)

        assert list(SiteSettings.objects.values_list("pk", "site_name")) == [(1, "From fixture")]
