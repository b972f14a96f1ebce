"""Test-only admin registrations, loaded by admin autodiscovery when the test app is installed."""

from django.contrib import admin

from django_basemodels.admin import SoftDeleteAdminMixin
from django_basemodels.tests.models import Customer, Order


@admin.register(Customer)
class CustomerAdmin(SoftDeleteAdminMixin, admin.ModelAdmin):
    list_display = ["name", "email", "deleted_at"]
    ordering = ["name"]


@admin.register(Order)
class OrderAdmin(SoftDeleteAdminMixin, admin.ModelAdmin):
    list_display = ["reference", "customer", "deleted_at"]
