"""Project-wide guarantees: migrations match the models, the admin is served, apps are wired in."""

from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from django.urls import reverse

FOUNDATION_APPS = ["django_basemodels", "django_singleton", "django_sequence"]


@pytest.mark.parametrize("label", FOUNDATION_APPS)
def test_foundation_app_is_installed(label):
    assert apps.is_installed(label)


@pytest.mark.django_db
def test_migrations_match_the_models():
    out = StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out)
    assert "No changes detected" in out.getvalue()


@pytest.mark.django_db
def test_admin_login_page_is_served(client):
    response = client.get(reverse("admin:login"))
    assert response.status_code == 200


@pytest.mark.django_db
def test_admin_index_lists_the_foundation_apps_for_staff(admin_client):
    response = admin_client.get(reverse("admin:index"))
    assert response.status_code == 200
