from django.contrib import admin

from django_basemodels.admin import SoftDeleteAdminMixin
from django_singleton.admin import SingletonModelAdmin

from .models import Customer, Invoice, SiteSettings, Tenant


@admin.register(SiteSettings)
class SiteSettingsAdmin(SingletonModelAdmin):
    list_display = ["site_name", "maintenance_mode", "support_email"]


@admin.register(Tenant)
class TenantAdmin(admin.ModelAdmin):
    list_display = ["name", "created_at"]
    search_fields = ["name"]


@admin.register(Customer)
class CustomerAdmin(SoftDeleteAdminMixin, admin.ModelAdmin):
    list_display = ["name", "email", "tenant", "created_at"]
    list_filter = ["tenant"]
    search_fields = ["name", "email"]  # also what the invoice form's customer autocomplete searches
    ordering = ["name", "email"]


@admin.register(Invoice)
class InvoiceAdmin(SoftDeleteAdminMixin, admin.ModelAdmin):
    list_display = ["number", "tenant", "customer", "amount", "created_at"]
    list_filter = ["tenant"]
    search_fields = ["number", "customer__name"]
    readonly_fields = ["number", "tenant"]
    autocomplete_fields = ["customer"]

    def get_readonly_fields(self, request, obj=None):
        # The customer decides the tenant and so the numbering: it is chosen once.
        return [*self.readonly_fields, "customer"] if obj else self.readonly_fields
