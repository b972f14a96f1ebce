import datetime as dt
import zoneinfo

import pytest
import time_machine
from django.test import override_settings

from django_sequence import Sequence, next_sequence
from django_sequence.tests.conftest import rolled_back
from django_sequence.tests.models import Invoice, Organization

pytestmark = pytest.mark.django_db


class TestIntegration:
    def test_invoice_numbering_workflow(self, org, year):
        invoices = [Invoice.objects.create(org=org) for _ in range(3)]
        assert [invoice.number for invoice in invoices] == [f"INV-{year}-00000{n}" for n in (1, 2, 3)]
        invoices[0].save()  # saving again keeps the number
        assert Invoice.objects.get(pk=invoices[0].pk).number == f"INV-{year}-000001"

    def test_multi_tenant_invoice_isolation(self, org, year):
        other = Organization.objects.create(name="Other")
        for _ in range(2):
            for tenant in (org, other, org):
                Invoice.objects.create(org=tenant)
        assert sorted(Invoice.objects.filter(org=org).values_list("number", flat=True)) == [
            f"INV-{year}-00000{n}" for n in (1, 2, 3, 4)
        ]
        assert sorted(Invoice.objects.filter(org=other).values_list("number", flat=True)) == [
            f"INV-{year}-00000{n}" for n in (1, 2)
        ]

    def test_multiple_sequence_types_per_org(self, org, year):
        assert next_sequence("invoice", org=org, prefix="INV-") == f"INV-{year}-000001"
        assert next_sequence("quote", org=org, prefix="Q", pad_width=4, include_year=False) == "Q0001"
        assert next_sequence("credit_note", org=org, prefix="CN-", pad_width=3) == f"CN-{year}-001"
        assert next_sequence("quote", org=org) == "Q0002"
        assert Sequence.objects.filter(org_id=str(org.pk)).count() == 3

    def test_predefined_sequence_configuration(self, org, year):
        """A row configured beforehand (e.g. in the admin) wins over the call's formatting arguments."""
        Sequence.objects.create(
            scope="purchase_order", org=org, prefix="PO-", pad_width=8, current_value=1000
        )
        assert next_sequence("purchase_order", org=org, prefix="X-", pad_width=2) == f"PO-{year}-00001001"

    def test_year_rollover_behavior(self, org):
        """Without yearly reset the counter runs on across New Year; the year in the number follows
        the calendar of TIME_ZONE."""
        paris = zoneinfo.ZoneInfo("Europe/Paris")
        with override_settings(TIME_ZONE="Europe/Paris"):
            with time_machine.travel(dt.datetime(2026, 12, 31, 23, 59, tzinfo=paris), tick=False):
                assert next_sequence("invoice", org=org, prefix="INV-") == "INV-2026-000001"
            with time_machine.travel(dt.datetime(2027, 1, 1, 0, 1, tzinfo=paris), tick=False):
                assert next_sequence("invoice", org=org, prefix="INV-") == "INV-2027-000002"

    def test_sequence_for_django_model_integration(self, org, year):
        """A document numbered in save(): if its transaction rolls back, so does its number."""
        lost = rolled_back(Invoice.objects.create, org=org)
        kept = Invoice.objects.create(org=org)
        assert lost.number == kept.number == f"INV-{year}-000001"
        assert list(Invoice.objects.values_list("number", flat=True)) == [kept.number]

    def test_global_sequence_for_system_wide_numbering(self, org):
        """One counter for the whole system, beside (not mixed with) a tenant's counter of the same scope."""
        tickets = [next_sequence("support_ticket", prefix="SUPP-", include_year=False) for _ in range(2)]
        assert next_sequence("support_ticket", org=org, include_year=False) == "000001"
        tickets.append(next_sequence("support_ticket", include_year=False))
        assert tickets == ["SUPP-000001", "SUPP-000002", "SUPP-000003"]
        assert Sequence.objects.get(scope="support_ticket", org_content_type=None).org is None
