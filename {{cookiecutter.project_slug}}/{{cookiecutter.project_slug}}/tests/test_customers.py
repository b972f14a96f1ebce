"""Customers soft-delete, a deleted customer's e-mail can be used again, and a taken one is refused
with a message, in the admin too."""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.db import IntegrityError, transaction
from django.urls import reverse

from ..models import Customer, Tenant

pytestmark = pytest.mark.django_db

APP = Customer._meta.app_label


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


# --- The admin: a taken e-mail is a form error, never a server error ----------------------------

TAKEN = "Constraint “unique_active_customer_email_per_tenant” is violated."


def form_errors(response):
    form = response.context["adminform"].form
    return form.non_field_errors()


def test_admin_add_with_a_taken_email_says_so(admin_client, tenant):
    Customer.objects.create(tenant=tenant, name="Ada", email="ada@acme.example")
    data = {"tenant": tenant.pk, "name": "Other Ada", "email": "ada@acme.example"}
    response = admin_client.post(reverse(f"admin:{APP}_customer_add"), data)
    assert response.status_code == 200
    assert form_errors(response) == [TAKEN]
    assert Customer.objects.count() == 1


def test_admin_change_to_a_taken_email_says_so(admin_client, tenant):
    Customer.objects.create(tenant=tenant, name="Ada", email="ada@acme.example")
    bob = Customer.objects.create(tenant=tenant, name="Bob", email="bob@acme.example")
    data = {"tenant": tenant.pk, "name": "Bob", "email": "ada@acme.example"}
    response = admin_client.post(reverse(f"admin:{APP}_customer_change", args=[bob.pk]), data)
    assert response.status_code == 200
    assert form_errors(response) == [TAKEN]
    bob.refresh_from_db()
    assert bob.email == "bob@acme.example"


def test_admin_add_with_the_email_of_a_deleted_customer_works(admin_client, tenant):
    Customer.objects.create(tenant=tenant, name="Ada", email="ada@acme.example").delete()
    data = {"tenant": tenant.pk, "name": "Ada again", "email": "ada@acme.example"}
    response = admin_client.post(reverse(f"admin:{APP}_customer_add"), data)
    assert response.status_code == 302
    assert Customer.objects.get(email="ada@acme.example").name == "Ada again"


def test_admin_restore_of_a_customer_whose_email_was_taken_says_so(admin_client, tenant):
    old = Customer.objects.create(tenant=tenant, name="Ada", email="ada@acme.example")
    old.delete()
    Customer.objects.create(tenant=tenant, name="New Ada", email="ada@acme.example")
    data = {"action": "restore_selected", ACTION_CHECKBOX_NAME: [old.pk]}
    url = reverse(f"admin:{APP}_customer_changelist") + "?deleted=only"
    response = admin_client.post(url, data, follow=True)
    assert response.status_code == 200
    assert [str(m) for m in response.context["messages"]] == [f"{old} was not restored: {TAKEN}"]
    assert Customer.all_objects.get(pk=old.pk).is_deleted
