"""The custom user model: in place from the first migration, managed by the admin and createsuperuser."""

import pytest
from django.conf import settings
from django.contrib import admin
from django.contrib.auth import authenticate, get_user_model
from django.contrib.auth.models import AbstractUser, Permission
from django.core.management import call_command
from django.db.migrations.loader import MigrationLoader
from django.urls import reverse

from users.models import User


def test_the_project_user_model_is_users_user():
    assert settings.AUTH_USER_MODEL == "users.User"
    assert get_user_model() is User
    assert issubclass(User, AbstractUser)
    assert User._meta.db_table == "users_user"


def test_the_user_model_is_created_before_any_migration_that_points_at_it():
    """Django's own apps reference AUTH_USER_MODEL; their first migrations must come after users'."""
    graph = MigrationLoader(None, ignore_no_migrations=True).graph
    assert ("users", "0001_initial") in graph.forwards_plan(("admin", "0001_initial"))
    assert graph.node_map[("users", "0001_initial")].parents == {
        ("auth", "0012_alter_user_first_name_max_length")
    }


@pytest.mark.django_db
def test_createsuperuser_creates_a_users_user_that_can_log_in(monkeypatch):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "a-long-admin-passphrase")
    call_command("createsuperuser", "--no-input", username="root", email="root@example.com", verbosity=0)

    user = User.objects.get(username="root")
    assert user.is_superuser
    assert user.is_staff
    assert authenticate(username="root", password="a-long-admin-passphrase") == user


@pytest.mark.django_db
def test_the_admin_adds_a_user_with_a_checked_password(admin_client):
    assert admin.site.is_registered(User)
    url = reverse("admin:users_user_add")

    rejected = admin_client.post(url, {"username": "ann", "password1": "ann", "password2": "ann"})
    created = admin_client.post(
        url, {"username": "bob", "password1": "Tr1cky-passphrase", "password2": "Tr1cky-passphrase"}
    )

    assert rejected.status_code == 200  # the form again, with the password validators' errors
    assert "This password is too short" in rejected.text
    assert not User.objects.filter(username="ann").exists()
    assert created.status_code == 302
    assert User.objects.get(username="bob").check_password("Tr1cky-passphrase")


@pytest.mark.django_db
def test_a_staff_member_who_may_only_view_users_is_refused_changes_without_an_error(client, admin_user):
    viewer = User.objects.create_user("viewer", password="Tr1cky-passphrase", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_user"))
    client.force_login(viewer)
    change = reverse("admin:users_user_change", args=[admin_user.pk])

    assert client.get(reverse("admin:users_user_changelist")).status_code == 200
    page = client.get(change)
    assert page.status_code == 200
    assert 'name="_save"' not in page.text  # read only
    assert client.post(change, {"username": "taken-over"}).status_code == 403
    assert client.get(reverse("admin:users_user_add")).status_code == 403
    assert client.get(reverse("admin:auth_user_password_change", args=[admin_user.pk])).status_code == 403
    assert client.get(reverse("admin:users_user_delete", args=[admin_user.pk])).status_code == 403
    admin_user.refresh_from_db()
    assert admin_user.username == "admin"
