"""Every model registered in the admin serves its changelist, add and change pages."""

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.core.management import call_command, get_commands
from django.test import RequestFactory
from django.urls import reverse

from django_sequence.services import next_sequence


def project_registrations():
    """The admin registrations of the project's apps (the foundation apps' test models excluded)."""
    return sorted(
        (
            (model, model_admin)
            for model, model_admin in admin.site._registry.items()
            if ".tests" not in model._meta.app_config.name
        ),
        key=lambda item: item[0]._meta.label,
    )


@pytest.fixture
def one_of_each(admin_user):
    """At least one row of every registered model, so that each change page can be opened."""
    Group.objects.create(name="Editors")
    next_sequence("invoice", prefix="INV-")
    if "seed_demo" in get_commands():
        call_command("seed_demo", allow_production=True, verbosity=0)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("model", "model_admin"),
    project_registrations(),
    ids=lambda value: getattr(value, "_meta", None) and value._meta.label,
)
def test_admin_pages_of_every_model(admin_client, admin_user, one_of_each, model, model_admin):
    info = model._meta.app_label, model._meta.model_name
    obj = model._default_manager.first()
    assert obj is not None, f"add a {model._meta.label} to the one_of_each fixture"

    pages = [
        reverse("admin:{}_{}_changelist".format(*info)),
        reverse("admin:{}_{}_change".format(*info), args=[obj.pk]),
    ]
    request = RequestFactory().get("/")
    request.user = admin_user
    if model_admin.has_add_permission(request):
        pages.append(reverse("admin:{}_{}_add".format(*info)))

    for url in pages:
        response = admin_client.get(url, follow=True)
        assert response.status_code == 200, url
