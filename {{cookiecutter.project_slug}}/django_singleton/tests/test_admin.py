"""SingletonModelAdmin through the test client, as a logged-in superuser."""

import pytest
from django.urls import reverse

from django_singleton.tests.testapp.models import SiteSettings

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:testapp_sitesettings_changelist")
ADD = reverse("admin:testapp_sitesettings_add")
CHANGE = reverse("admin:testapp_sitesettings_change", args=[1])
DELETE = reverse("admin:testapp_sitesettings_delete", args=[1])


@pytest.fixture
def site_settings():
    return SiteSettings.objects.create(site_name="Shop")


def test_list_goes_to_the_add_form_while_the_row_is_missing(admin_client):
    response = admin_client.get(CHANGELIST)

    assert response.status_code == 302
    assert response["Location"] == ADD
    assert not SiteSettings.objects.exists()  # a GET creates nothing


def test_add_form_creates_pk_1_and_offers_no_save_and_add_another(admin_client):
    form = admin_client.get(ADD)
    assert form.status_code == 200
    assert b'name="_addanother"' not in form.content

    response = admin_client.post(ADD, {"site_name": "Shop", "maintenance_mode": "on"}, follow=True)

    assert response.redirect_chain == [(CHANGELIST, 302), (CHANGE, 302)]
    assert list(SiteSettings.objects.values_list("pk", "site_name", "maintenance_mode")) == [
        (1, "Shop", True)
    ]


def test_list_goes_to_the_change_form_once_the_row_exists(admin_client, site_settings):
    response = admin_client.get(CHANGELIST, follow=True)

    assert response.redirect_chain == [(CHANGE, 302)]
    assert response.context["original"] == site_settings


def test_change_form_saves_the_row(admin_client, site_settings):
    response = admin_client.post(CHANGE, {"site_name": "Renamed"})

    assert response.status_code == 302
    assert list(SiteSettings.objects.values_list("pk", "site_name", "maintenance_mode")) == [
        (1, "Renamed", False)
    ]


def test_no_add_once_the_row_exists(admin_client, site_settings):
    assert admin_client.get(ADD).status_code == 403
    assert admin_client.post(ADD, {"site_name": "Second"}).status_code == 403

    index = admin_client.get(reverse("admin:index"))
    assert CHANGELIST.encode() in index.content
    assert ADD.encode() not in index.content
    assert SiteSettings.objects.get().site_name == "Shop"


def test_never_delete(admin_client, site_settings):
    change_form = admin_client.get(CHANGE)
    assert change_form.status_code == 200
    assert DELETE.encode() not in change_form.content

    assert admin_client.get(DELETE).status_code == 403
    assert admin_client.post(DELETE, {"post": "yes"}).status_code == 403
    assert SiteSettings.objects.filter(pk=1).exists()


def test_admin_helper_is_importable_from_the_app():
    from django_singleton.admin import SingletonModelAdmin
    from django_singleton.tests.testapp.admin import SiteSettingsAdmin

    assert issubclass(SiteSettingsAdmin, SingletonModelAdmin)
