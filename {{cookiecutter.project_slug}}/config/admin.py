"""The admin site under the project's name (Django's docs: "Overriding the default admin site")."""

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig


class ProjectAdminSite(admin.AdminSite):
    {{ cookiecutter.project_name | python_assignment("site_header") }}
    site_title = site_header


class ProjectAdminConfig(AdminConfig):
    """Listed in INSTALLED_APPS instead of ``django.contrib.admin``; ``admin.site`` is this site."""

    default_site = "config.admin.ProjectAdminSite"
