"""Customers soft-delete, and a deleted customer's e-mail can be used again."""

import pytest
from django.db import IntegrityError, transaction

from ..models import Customer, Tenant

pytestmark = pytest.mark.django_db


@pytest.fixture
def tenant():
    return Tenant.objects.create(name="Acme")


def test_customer_has_a_uuid_key_and_timestamps(tenant):
    customer = Customer.objects.create(tenant=tenant, name="Ada", email="ada@acme.example")
    assert customer.pk.version == 4
    assert customer.created_at <= customer.updated_at


def test_email_is_unique_among_active_customers(tenant):
    Customer.objects.create(tenant=tenant, name="Ada", email="ada@acme.example")
    with pytest.raises(IntegrityError), transaction.atomic():
        Customer.objects.create(tenant=tenant, name="Other Ada", email="ada@acme.example")


def test_deleted_customer_email_can_be_reused(tenant):
    first = Customer.objects.create(tenant=tenant, name="Ada", email="ada@acme.example")
    first.delete()
    second = Customer.objects.create(tenant=tenant, name="Ada again", email="ada@acme.example")
    assert list(Customer.objects.all()) == [second]
    assert set(Customer.all_objects.all()) == {first, second}


def test_same_email_at_two_tenants(tenant):
    other = Tenant.objects.create(name="Globex")
    Customer.objects.create(tenant=tenant, name="Ada", email="ada@example.com")
    Customer.objects.create(tenant=other, name="Ada", email="ada@example.com")
    assert Customer.objects.filter(email="ada@example.com").count() == 2
