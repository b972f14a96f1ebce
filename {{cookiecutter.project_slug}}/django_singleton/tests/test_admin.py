"""SingletonModelAdmin through the test client, as a superuser and as staff with some permissions."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.urls import reverse

from django_singleton.tests.testapp.models import ShopSettings, SiteSettings

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


@pytest.fixture
def staff_client(client):
    """staff_client(*actions) -> a client logged in as staff allowed only those actions on SiteSettings."""

    def log_in(*actions):
        user = get_user_model().objects.create_user("staff", password="x", is_staff=True)
        codenames = [f"{action}_sitesettings" for action in actions]
        user.user_permissions.set(
            Permission.objects.filter(content_type__app_label="testapp", codename__in=codenames)
        )
        client.force_login(user)
        return client

    return log_in


@pytest.mark.parametrize("row", [True, False], ids=["row", "no_row"])
def test_list_is_forbidden_without_view_or_change_permission(staff_client, row):
    if row:
        SiteSettings.objects.create()

    assert staff_client().get(CHANGELIST).status_code == 403
    assert SiteSettings.objects.count() == row  # and the 403 did not create it


def test_add_permission_alone_does_not_open_the_list(staff_client):
    assert staff_client("add").get(CHANGELIST).status_code == 403


def test_view_permission_shows_the_row_read_only(staff_client, site_settings):
    client = staff_client("view")

    response = client.get(CHANGELIST, follow=True)

    assert response.redirect_chain == [(CHANGE, 302)]
    assert response.status_code == 200
    assert b'name="site_name"' not in response.content  # read-only: no input
    assert client.post(CHANGE, {"site_name": "Changed"}).status_code == 403
    assert SiteSettings.objects.get().site_name == "Shop"


def test_view_permission_reads_the_history_and_cannot_delete(staff_client, site_settings):
    client = staff_client("view")

    assert client.get(reverse("admin:testapp_sitesettings_history", args=[1])).status_code == 200
    assert client.post(DELETE, {"post": "yes"}).status_code == 403


def test_change_permission_saves_and_cannot_delete_or_add(staff_client, site_settings):
    client = staff_client("change", "delete", "add")  # even granted, delete and a second add are refused

    assert client.post(CHANGE, {"site_name": "Changed"}).status_code == 302
    assert client.get(DELETE).status_code == 403
    assert client.post(ADD, {"site_name": "Second"}).status_code == 403
    assert list(SiteSettings.objects.values_list("pk", "site_name")) == [(1, "Changed")]


def test_change_permission_without_add_on_an_empty_table_goes_to_the_change_url(staff_client):
    response = staff_client("change").get(CHANGELIST)

    assert response.status_code == 302
    assert response["Location"] == CHANGE


def test_saving_beside_a_rogue_row_is_a_form_error_not_a_crash(admin_client, site_settings, insert_rogue_row):
    insert_rogue_row(SiteSettings, 2, site_name="Rogue", maintenance_mode=False)

    response = admin_client.post(CHANGE, {"site_name": "Changed"})

    assert response.status_code == 200
    assert "Multiple rows exist for singleton SiteSettings" in response.content.decode()
    assert list(SiteSettings.objects.order_by("pk").values_list("site_name", flat=True)) == ["Shop", "Rogue"]


def test_the_related_lookup_popup_gets_the_list_to_pick_the_row_from(admin_client, site_settings):
    response = admin_client.get(CHANGELIST, {"_popup": "1", "_to_field": "id"})

    assert response.status_code == 200
    assert [row.pk for row in response.context["cl"].result_list] == [1]
    assert b'data-popup-opener="1"' in response.content  # the link that hands pk 1 to the opener


def test_add_form_of_a_multi_table_child_starts_from_the_parent_row(admin_client):
    SiteSettings.objects.create(site_name="Configured", maintenance_mode=True)
    add = reverse("admin:testapp_shopsettings_add")

    form = admin_client.get(add).context["adminform"].form
    shown = {name: form[name].value() for name in ["site_name", "maintenance_mode", "currency"]}
    assert shown == {"site_name": "Configured", "maintenance_mode": True, "currency": "EUR"}

    response = admin_client.post(
        add, {"site_name": "Configured", "maintenance_mode": "on", "currency": "USD"}
    )
    assert response.status_code == 302
    assert list(ShopSettings.objects.values_list("site_name", "maintenance_mode", "currency")) == [
        ("Configured", True, "USD")
    ]


def test_admin_helper_is_importable_from_the_app():
    from django_singleton.admin import SingletonModelAdmin
    from django_singleton.tests.testapp.admin import SiteSettingsAdmin

    assert issubclass(SiteSettingsAdmin, SingletonModelAdmin)
