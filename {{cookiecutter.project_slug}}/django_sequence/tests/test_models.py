import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.test import override_settings

from django_sequence import Sequence, next_sequence
from django_sequence.tests.models import Organization

pytestmark = pytest.mark.django_db


def make(**fields) -> Sequence:
    """Create a sequence and read it back from the database."""
    fields.setdefault("scope", "invoice")
    sequence = Sequence.objects.create(**fields)
    return Sequence.objects.get(pk=sequence.pk)


class TestSequenceModel:
    def test_sequence_has_scope_field(self):
        assert make(scope="purchase_order").scope == "purchase_order"

    def test_sequence_has_org_field(self, org, org_type):
        sequence = make(org=org)
        assert (sequence.org_content_type, sequence.org_id) == (org_type, str(org.pk))
        assert sequence.org == org

    def test_sequence_org_nullable_for_global(self):
        sequence = make(org=None)
        assert sequence.org is None
        assert (sequence.org_content_type, sequence.org_id) == (None, "")

    def test_sequence_has_prefix_field(self):
        assert make(prefix="INV-").prefix == "INV-"

    def test_sequence_has_current_value_field(self):
        assert make().current_value == 0
        assert make(scope="order", current_value=41).current_value == 41

    def test_sequence_has_pad_width_field(self):
        assert make().pad_width == 6

    def test_sequence_custom_pad_width(self):
        assert make(pad_width=10).pad_width == 10

    def test_sequence_has_include_year_field(self):
        assert make().include_year is True

    def test_sequence_include_year_can_be_false(self):
        assert make(include_year=False).include_year is False

    def test_sequence_unique_scope_org(self, org):
        make(org=org)
        with pytest.raises(IntegrityError), transaction.atomic():
            make(org=org)

    def test_sequence_same_scope_different_orgs_allowed(self, org):
        other = Organization.objects.create(name="Other")
        make(org=org)
        make(org=other)
        make(org=None)
        assert Sequence.objects.filter(scope="invoice").count() == 3

    def test_formatted_value_with_year(self, year):
        assert Sequence(prefix="INV-", current_value=123).formatted_value == f"INV-{year}-000123"

    def test_formatted_value_without_year(self):
        sequence = Sequence(prefix="TKT-", current_value=42, include_year=False)
        assert sequence.formatted_value == "TKT-000042"

    def test_formatted_value_respects_pad_width(self):
        sequence = Sequence(prefix="PO-", current_value=7, pad_width=3, include_year=False)
        assert sequence.formatted_value == "PO-007"

    def test_formatted_value_large_number_exceeds_padding(self):
        sequence = Sequence(current_value=1234567, pad_width=3, include_year=False)
        assert sequence.formatted_value == "1234567"

    def test_sequence_str_representation(self, org):
        assert str(make(org=org, current_value=5)) == f"invoice (org:{org.pk}): 5"
        assert str(make(scope="ticket")) == "ticket (global): 0"


class TestSequenceModelIntegrity:
    """What the seed's model allowed and this one does not."""

    def test_two_global_sequences_with_one_scope_are_refused(self):
        # NULL tenant types are distinct in a plain unique constraint; the conditional one is not.
        make(org=None)
        with pytest.raises(IntegrityError), transaction.atomic():
            make(org=None)

    def test_tenant_needs_both_type_and_id(self, org_type):
        for half in (
            Sequence(scope="invoice", org_content_type=org_type),
            Sequence(scope="invoice", org_id="7"),
        ):
            with pytest.raises(
                ValidationError, match="Give both the tenant type and the tenant id, or neither"
            ):
                half.full_clean()

    def test_formatted_value_keeps_the_year_the_number_was_issued_in(self):
        assert make(prefix="INV-", current_value=9, year=2019).formatted_value == "INV-2019-000009"

    def test_org_of_a_tenant_type_whose_model_was_removed_says_so(self):
        stale = ContentType.objects.create(app_label="sequence_tests", model="formerbranch")
        sequence = make(org_content_type=stale, org_id="7")
        with pytest.raises(LookupError, match="The tenant type 'formerbranch' has no model any more"):
            sequence.org  # noqa: B018

    def test_org_must_be_saved(self):
        with pytest.raises(ValueError, match="saved"):
            Sequence(scope="invoice").org = Organization(name="Unsaved")

    def test_a_yearly_reset_needs_the_year_in_the_number(self):
        with pytest.raises(ValidationError) as raised:
            Sequence(scope="ticket", include_year=False, reset_yearly=True).full_clean()
        assert raised.value.message_dict["reset_yearly"] == [
            "A yearly reset needs the year in the number, or numbers repeat every January."
        ]

    def test_the_tenant_id_is_checked_and_written_as_the_tenant_model_writes_its_key(self, org, org_type):
        sequence = Sequence(scope="invoice", org_content_type=org_type, org_id=f"00{org.pk}")
        sequence.full_clean()
        assert sequence.org_id == str(org.pk)
        for org_id, message in [
            ("999999", "There is no organization with id '999999'."),
            ("x", "'x' is not a valid"),
        ]:
            with pytest.raises(ValidationError) as raised:
                Sequence(scope="invoice", org_content_type=org_type, org_id=org_id).full_clean()
            assert raised.value.message_dict["org_id"][0].startswith(message)

    def test_the_org_setter_takes_the_content_type_from_the_sequences_database(self, org, org_type):
        sequence = Sequence(scope="invoice")
        sequence.org = org
        assert (sequence.org_content_type, sequence.org_id) == (org_type, str(org.pk))


class TestSavingAnInstanceLoadedEarlier:
    """``Sequence.save()`` of an instance read before numbers were issued must not write its old
    counter (or, across New Year, its old year) back: those numbers would be handed out again."""

    def test_the_counter_is_kept(self):
        next_sequence("invoice", prefix="INV-", include_year=False)
        stale = Sequence.objects.get()
        next_sequence("invoice")
        next_sequence("invoice")
        stale.prefix = "BILL-"
        stale.save()
        assert stale.current_value == 3
        assert next_sequence("invoice") == "BILL-000004"

    def test_the_year_is_kept(self):
        new_year = time_machine.travel(dt.datetime(2027, 1, 1, 9, tzinfo=ZoneInfo("UTC")), tick=False)
        with override_settings(TIME_ZONE="UTC"):
            Sequence.objects.create(
                scope="invoice", prefix="INV-", reset_yearly=True, current_value=7, year=2026
            )
            stale = Sequence.objects.get()
            with new_year:
                assert next_sequence("invoice") == "INV-2027-000001"
                stale.pad_width = 4
                stale.save()
                assert (stale.year, stale.current_value) == (2027, 7)
                assert next_sequence("invoice") == "INV-2027-0008"

    def test_the_counter_can_still_be_raised(self):
        next_sequence("invoice", include_year=False)
        sequence = Sequence.objects.get()
        sequence.current_value = 500
        sequence.save(update_fields=["current_value"])
        assert next_sequence("invoice") == "000501"

    def test_a_copy_is_a_new_row(self, org):
        next_sequence("invoice", include_year=False)
        copy = Sequence.objects.get()
        copy.pk, copy._state.adding = None, True
        copy.org = org
        copy.save()
        assert next_sequence("invoice", org=org) == "000002"

    def test_loading_an_older_dump_over_a_row_in_use_keeps_the_counter(self, tmp_path):
        """``loaddata`` writes a fixture's rows without ``save()`` (e.g. a fixture of starting
        values loaded again on every deploy): it must not lower the counter either."""
        next_sequence("invoice", prefix="INV-", include_year=False)
        fixture = tmp_path / "sequences.json"
        call_command("dumpdata", "django_sequence", "--natural-foreign", output=fixture, verbosity=0)
        next_sequence("invoice")
        call_command("loaddata", fixture, verbosity=0)
        assert next_sequence("invoice") == "INV-000003"

    def test_a_stored_row_cannot_be_given_another_scope_or_tenant(self, org):
        """The sequence it was would start again at 1 on its next call."""
        next_sequence("invoice", include_year=False)
        for change in ({"scope": "bill"}, {"org": org}):
            sequence = Sequence.objects.get()
            for name, value in change.items():
                setattr(sequence, name, value)
            with pytest.raises(
                ValueError, match=r"is 'invoice' \(global\) and cannot become .* restart at 1"
            ):
                sequence.save()
        assert Sequence.objects.values_list("scope", "org_id", "current_value").get() == ("invoice", "", 1)

    def test_a_fixture_row_whose_id_is_another_sequences_is_refused(self, tmp_path):
        next_sequence("invoice", include_year=False)
        fixture = tmp_path / "sequences.json"
        call_command("dumpdata", "django_sequence", output=fixture, verbosity=0)
        fixture.write_text(fixture.read_text().replace('"invoice"', '"purchase_order"'))
        with pytest.raises(ValueError, match=r"is 'invoice' .* cannot become 'purchase_order'"):
            call_command("loaddata", fixture, verbosity=0)
        assert next_sequence("invoice") == "000002"

    def test_a_dump_by_natural_key_finds_its_row_whatever_its_id(self, org, tmp_path):
        """``dumpdata --natural-primary`` leaves the id out: loaddata updates the row that has the
        fixture's scope and tenant, instead of failing on the unique constraint."""
        next_sequence("invoice", org=org, include_year=False)
        fixture = tmp_path / "sequences.json"
        call_command("dumpdata", "django_sequence", "--natural-primary", "--natural-foreign", output=fixture)
        Sequence.objects.all().delete()
        next_sequence("invoice", org=org)
        next_sequence("invoice", org=org)
        call_command("loaddata", fixture, verbosity=0)
        assert next_sequence("invoice", org=org) == "000003"
        assert Sequence.objects.count() == 1
