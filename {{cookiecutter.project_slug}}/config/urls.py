"""URL routes of the project: the admin, and the example app when it was generated."""

from django.contrib import admin
from django.urls import {{ "include, " if cookiecutter.include_example_app }}path

urlpatterns = [
    path("admin/", admin.site.urls),
{%- if cookiecutter.include_example_app %}
    path("", include("{{ cookiecutter.project_slug }}.urls")),
{%- endif %}
]
