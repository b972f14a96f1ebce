"""The contract's 15 tests: pk 1 always, no deletion, rogue rows detected, get_instance()."""

from decimal import Decimal

import pytest

from django_singleton import SingletonDeletionError, SingletonViolationError
from django_singleton.tests.testapp.models import SiteSettings, TaxSettings

pytestmark = pytest.mark.django_db


class TestCreation:
    def test_singleton_can_be_created(self):
        settings = SiteSettings.objects.create(site_name="Example")

        assert settings.pk == 1
        assert SiteSettings.objects.get().site_name == "Example"

    def test_pk_is_always_1(self):
        settings = SiteSettings(pk=999, site_name="Example")
        settings.save()

        assert settings.pk == 1
        assert list(SiteSettings.objects.values_list("pk", flat=True)) == [1]

    def test_get_instance_creates_if_not_exists(self):
        assert not SiteSettings.objects.exists()

        settings = SiteSettings.get_instance()

        assert settings.pk == 1
        assert SiteSettings.objects.count() == 1
        assert settings.site_name == ""
        assert settings.maintenance_mode is False

    def test_get_instance_returns_existing(self):
        SiteSettings.objects.create(site_name="Existing")

        assert SiteSettings.get_instance().site_name == "Existing"
        assert SiteSettings.objects.count() == 1

    def test_get_instance_always_returns_pk_1(self):
        SiteSettings(pk=42).save()

        assert [SiteSettings.get_instance().pk for _ in range(3)] == [1, 1, 1]

    def test_second_save_still_uses_pk_1(self):
        settings = SiteSettings.objects.create(site_name="First")
        settings.site_name = "Second"
        settings.save()

        assert list(SiteSettings.objects.values_list("pk", "site_name")) == [(1, "Second")]

    def test_multiple_get_instance_calls_return_same_instance(self):
        first = SiteSettings.get_instance()
        first.site_name = "Shared"
        first.save()

        second = SiteSettings.get_instance()

        assert second == first
        assert second.site_name == "Shared"
        assert SiteSettings.objects.count() == 1


class TestFields:
    def test_fields_work_correctly(self):
        settings = SiteSettings.get_instance()
        settings.site_name = "My Site"
        settings.maintenance_mode = True
        settings.save()

        settings.refresh_from_db()
        assert settings.site_name == "My Site"
        assert settings.maintenance_mode is True

    def test_singleton_persists_data(self):
        tax = TaxSettings.get_instance()
        tax.tax_rate = Decimal("19.60")
        tax.save()

        assert TaxSettings.objects.get(pk=1).tax_rate == Decimal("19.60")
        assert TaxSettings.get_instance().tax_rate == Decimal("19.60")


class TestMultipleSingletons:
    def test_multiple_singletons_are_independent(self):
        site = SiteSettings.get_instance()
        site.site_name = "Shop"
        site.save()
        tax = TaxSettings.get_instance()
        tax.tax_rate = Decimal("7.50")
        tax.save()

        assert (site.pk, tax.pk) == (1, 1)
        assert SiteSettings.get_instance().site_name == "Shop"
        assert TaxSettings.get_instance().tax_rate == Decimal("7.50")
        assert (SiteSettings.objects.count(), TaxSettings.objects.count()) == (1, 1)


class TestDeletion:
    def test_delete_raises_error(self):
        settings = SiteSettings.get_instance()

        with pytest.raises(SingletonDeletionError, match="Cannot delete singleton SiteSettings"):
            settings.delete()

    def test_delete_does_not_remove_row(self):
        settings = SiteSettings.objects.create(site_name="Keep me")

        with pytest.raises(SingletonDeletionError):
            settings.delete()

        assert SiteSettings.objects.get(pk=1).site_name == "Keep me"

    def test_subclass_inherits_deletion_protection(self):
        tax = TaxSettings.get_instance()

        with pytest.raises(SingletonDeletionError, match="Cannot delete singleton TaxSettings"):
            tax.delete()
        assert TaxSettings.objects.filter(pk=1).exists()


class TestViolation:
    def test_save_with_rogue_rows_raises_error(self, insert_rogue_row):
        settings = SiteSettings.get_instance()
        insert_rogue_row(SiteSettings, 2, site_name="Rogue", maintenance_mode=False)
        settings.site_name = "Changed"

        with pytest.raises(SingletonViolationError, match="Multiple rows exist for singleton SiteSettings"):
            settings.save()
        assert SiteSettings.objects.get(pk=1).site_name == ""

    def test_subclass_inherits_violation_protection(self, insert_rogue_row):
        insert_rogue_row(TaxSettings, 7, tax_rate=Decimal("1.00"))

        with pytest.raises(SingletonViolationError, match="Multiple rows exist for singleton TaxSettings"):
            TaxSettings(tax_rate=Decimal("2.00")).save()
        assert list(TaxSettings.objects.values_list("pk", flat=True)) == [7]
