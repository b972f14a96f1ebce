"""Invoice numbers: per tenant, contiguous, given once, never consumed by a failed save."""

from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import IntegrityError
from django.urls import reverse
from django.utils import timezone

from ..models import Customer, Invoice, Tenant

pytestmark = pytest.mark.django_db

APP = Customer._meta.app_label


@pytest.fixture
def acme():
    return Tenant.objects.create(name="Acme")


@pytest.fixture
def globex():
    return Tenant.objects.create(name="Globex")


def customer_of(tenant, email):
    return Customer.objects.create(tenant=tenant, name=email.split("@")[0], email=email)


def number(serial: int) -> str:
    return f"INV-{timezone.localdate().year}-{serial:06d}"


def test_each_tenant_numbers_its_invoices_contiguously(acme, globex):
    wile, road = customer_of(acme, "wile@acme.example"), customer_of(acme, "road@acme.example")
    hank = customer_of(globex, "hank@globex.example")

    issued = [
        Invoice.objects.create(customer=c, amount=Decimal("10.00")) for c in (wile, hank, road, wile, hank)
    ]

    assert [i.number for i in issued] == [number(1), number(1), number(2), number(3), number(2)]
    assert [i.tenant for i in issued] == [acme, globex, acme, acme, globex]


def test_later_saves_keep_the_number(acme):
    invoice = Invoice.objects.create(customer=customer_of(acme, "a@acme.example"), amount=Decimal("1.00"))
    invoice.amount = Decimal("2.00")
    invoice.save()
    invoice.refresh_from_db()
    assert invoice.number == number(1)
    assert Invoice.objects.create(customer=invoice.customer, amount=Decimal("3.00")).number == number(2)


def test_failed_insert_gives_its_number_back(acme):
    customer = customer_of(acme, "a@acme.example")
    with pytest.raises(IntegrityError):
        Invoice.objects.create(customer=customer, amount=Decimal("-1.00"))  # breaks the amount check
    assert not Invoice.all_objects.exists()
    assert Invoice.objects.create(customer=customer, amount=Decimal("1.00")).number == number(1)


def test_soft_deleted_invoice_keeps_its_number_taken(acme):
    customer = customer_of(acme, "a@acme.example")
    Invoice.objects.create(customer=customer, amount=Decimal("1.00")).delete()
    assert Invoice.objects.create(customer=customer, amount=Decimal("1.00")).number == number(2)
    assert Invoice.all_objects.count() == 2


# --- Invoices of deleted customers, in the admin ------------------------------------------------


@pytest.fixture
def gone(acme):
    """A customer with an invoice, then deleted."""
    customer = customer_of(acme, "gone@acme.example")
    Invoice.objects.create(customer=customer, amount=Decimal("5.00"))
    customer.delete()
    return customer


def test_an_invoice_of_a_deleted_customer_can_still_be_edited(admin_client, gone):
    invoice = Invoice.objects.get(customer=gone)
    url = reverse(f"admin:{APP}_invoice_change", args=[invoice.pk])
    assert admin_client.get(url).status_code == 200
    response = admin_client.post(url, {"amount": "7.50"})
    assert response.status_code == 302
    invoice.refresh_from_db()
    assert invoice.amount == Decimal("7.50")


def test_a_deleted_customer_cannot_be_invoiced(admin_client, gone):
    url = reverse(f"admin:{APP}_invoice_add")
    response = admin_client.post(url, {"customer": gone.pk, "amount": "1.00"})
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["customer"] == [
        f"{gone} has been deleted and cannot be chosen."
    ]
    assert Invoice.all_objects.count() == 1


def test_invoice_customer_autocomplete_offers_active_customers_only(admin_client, acme, gone):
    live = customer_of(acme, "live@acme.example")
    query = {
        "app_label": APP,
        "model_name": "invoice",
        "field_name": "customer",
        "term": "acme",
    }
    response = admin_client.get(reverse("admin:autocomplete"), query)
    assert [result["id"] for result in response.json()["results"]] == [str(live.pk)]


def test_a_dump_of_the_example_app_loads_back(acme, gone, tmp_path):
    """dumpdata keeps the deleted customer that the invoice still points to."""
    path = tmp_path / "dump.json"
    call_command("dumpdata", f"{APP}.Customer", f"{APP}.Invoice", output=str(path))
    Invoice.all_objects.all().hard_delete()
    Customer.all_objects.all().hard_delete()
    call_command("loaddata", str(path), verbosity=0)
    invoice = Invoice.objects.get()
    assert invoice.customer == gone
    assert invoice.customer.is_deleted
