"""Every admin page of the example's tenants, customers and invoices answers, with active and
deleted rows present, for a superuser and for staff who may only view them: none is a server error.

The superuser also opens the confirmation pages of both deleting actions and restores every row."""

from decimal import Decimal

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.auth.models import Permission
from django.urls import reverse

from ..models import Customer, Invoice, Tenant

pytestmark = pytest.mark.django_db

APP = Customer._meta.app_label
STATUSES = ["", "?deleted=only", "?deleted=all"]


@pytest.fixture
def rows():
    """A tenant; Bob with an invoice; Eve, deleted, with a deleted invoice and an active one."""
    acme = Tenant.objects.create(name="Acme")
    bob = Customer.objects.create(tenant=acme, name="Bob", email="bob@acme.example")
    eve = Customer.objects.create(tenant=acme, name="Eve", email="eve@acme.example")
    Invoice.objects.create(customer=bob, amount=Decimal("1.00"))
    Invoice.objects.create(customer=eve, amount=Decimal("2.00")).delete()
    Invoice.objects.create(customer=eve, amount=Decimal("3.00"))
    eve.delete()
    return [acme, *Customer.all_objects.all(), *Invoice.all_objects.all()]


def page_urls(rows):
    for model, statuses in ((Tenant, [""]), (Customer, STATUSES), (Invoice, STATUSES)):
        name = model._meta.model_name
        yield from (reverse(f"admin:{APP}_{name}_changelist") + status for status in statuses)
        yield reverse(f"admin:{APP}_{name}_add")
    for row in rows:
        for view in ("change", "history", "delete"):
            yield reverse(f"admin:{APP}_{row._meta.model_name}_{view}", args=[row.pk])


def action_pages(client, rows):
    """The confirmation pages of the deleting actions, and the restore action, on every row."""
    for model in (Customer, Invoice):
        url = reverse(f"admin:{APP}_{model._meta.model_name}_changelist") + "?deleted=all"
        selected = [row.pk for row in rows if isinstance(row, model)]
        for action in ("delete_selected", "hard_delete_selected", "restore_selected"):
            yield client.post(url, {"action": action, ACTION_CHECKBOX_NAME: selected})


def test_every_page_answers_a_superuser(admin_client, rows):
    for url in page_urls(rows):
        assert admin_client.get(url).status_code == 200, url
    for response in action_pages(admin_client, rows):
        assert response.status_code in (200, 302)


def test_every_page_answers_staff_who_may_only_view(client, django_user_model, rows):
    """They read every list and row, deleted ones included; adding and deleting are refused."""
    viewer = django_user_model.objects.create_user("viewer", password="unused", is_staff=True)
    viewer.user_permissions.set(
        Permission.objects.filter(content_type__app_label=APP, codename__startswith="view_")
    )
    client.force_login(viewer)
    for url in page_urls(rows):
        expected = 403 if url.endswith(("/add/", "/delete/")) else 200
        assert client.get(url).status_code == expected, url
