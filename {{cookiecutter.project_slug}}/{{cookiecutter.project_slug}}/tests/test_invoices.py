"""Invoice numbers: per tenant, contiguous, given once, never consumed by a failed save."""

from decimal import Decimal

import pytest
from django.db import IntegrityError
from django.utils import timezone

from ..models import Customer, Invoice, Tenant

pytestmark = pytest.mark.django_db


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
