"""URL routes of the project: the admin, and the example app when it was generated."""

from django.contrib import admin
from django.urls import path

urlpatterns = [
    path("admin/", admin.site.urls),
]
