"""The site settings reach every page, and maintenance mode is switched in the admin."""

from io import StringIO

import pytest
from django.contrib import admin
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import include, path, reverse
from django.utils.html import escape

from ..models import Customer, Invoice, SiteSettings, Tenant

pytestmark = pytest.mark.django_db


def test_home_page_shows_the_site_name_from_the_settings(client):
    settings = SiteSettings.get_instance()
    settings.site_name = "Acme Billing"
    settings.save()
    response = client.get(reverse("example:home"))
    assert response.status_code == 200
    assert "<h1>Acme Billing</h1>" in response.text


def test_the_project_name_is_the_default_site_name_shown_as_text(client):
    """The name as typed when the project was generated, cut to the column's length, HTML-escaped."""
    {{ cookiecutter.project_name[:100] | python_assignment("site_name") }}
    response = client.get(reverse("example:home"))
    assert SiteSettings.get_instance().site_name == site_name
    assert f"<h1>{escape(site_name)}</h1>" in response.text


def test_a_page_reads_the_site_settings_once(client):
    SiteSettings.get_instance()
    table = SiteSettings._meta.db_table
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("example:home")).status_code == 200  # middleware, then the template
    assert len([q for q in queries.captured_queries if table in q["sql"]]) == 1


def test_maintenance_mode_switched_in_the_admin_closes_the_site_to_visitors(client, admin_client):
    assert client.get(reverse("example:home")).status_code == 200
    change_url = reverse("admin:{{ cookiecutter.project_slug }}_sitesettings_change", args=[1])
    form = {"site_name": "Acme Billing", "maintenance_mode": "on", "support_email": "help@acme.example"}

    response = admin_client.post(change_url, form)

    assert response.status_code == 302
    closed = client.get(reverse("example:home"))
    assert closed.status_code == 503
    assert "Acme Billing is down for maintenance" in closed.text
    assert "help@acme.example" in closed.text
    assert admin_client.get(reverse("example:home")).status_code == 200  # staff still get in
    assert client.get(reverse("admin:login")).status_code == 200  # and the admin stays reachable

    admin_client.post(change_url, {**form, "maintenance_mode": ""})
    assert client.get(reverse("example:home")).status_code == 200


def maintenance_on():
    site_settings = SiteSettings.get_instance()
    site_settings.maintenance_mode = True
    site_settings.save()


def test_a_script_name_prefix_does_not_pass_a_page_off_as_the_admin(client):
    """Behind a proxy that forwards a client's SCRIPT_NAME, /admin/ + "/" is the home page."""
    maintenance_on()
    response = client.get("/", SCRIPT_NAME="/admin")
    assert response.wsgi_request.path == "/admin/"
    assert response.status_code == 503


# The admin moved to another address (this module serves as the URLconf of the next test).
urlpatterns = [
    path("backoffice/", admin.site.urls),
    path("", include("{{ cookiecutter.project_slug }}.urls")),
]


@pytest.mark.urls(__name__)
def test_staff_can_still_log_in_to_a_moved_admin(client, admin_user):
    maintenance_on()
    assert client.get("/").status_code == 503
    login_page = client.get("/backoffice/login/")
    assert login_page.status_code == 200
    client.post("/backoffice/login/", {"username": admin_user.username, "password": "password"})
    assert client.get("/").status_code == 200


def test_seed_demo_refuses_to_run_without_debug(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="--allow-production"):
        call_command("seed_demo", stdout=StringIO())
    assert not Tenant.objects.exists()


def test_seed_demo_is_idempotent(settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=StringIO())
    counts = (Tenant.objects.count(), Customer.objects.count(), Invoice.objects.count())
    numbers = sorted(Invoice.objects.values_list("number", flat=True))
    call_command("seed_demo", stdout=StringIO())
    assert (Tenant.objects.count(), Customer.objects.count(), Invoice.objects.count()) == counts == (2, 3, 3)
    assert sorted(Invoice.objects.values_list("number", flat=True)) == numbers
