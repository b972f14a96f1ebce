"""Test-only admin registrations, loaded by admin autodiscovery when the test app is installed."""

from django.contrib import admin

from django_basemodels.admin import SoftDeleteAdminMixin, SoftDeleteForeignKeysAdminMixin
from django_basemodels.tests.models import Customer, Group, Membership, Note, Order


@admin.register(Customer)
class CustomerAdmin(SoftDeleteAdminMixin, admin.ModelAdmin):
    list_display = ["name", "email", "deleted_at"]
    ordering = ["name"]
    search_fields = ["name"]


@admin.register(Order)
class OrderAdmin(SoftDeleteAdminMixin, admin.ModelAdmin):
    list_display = ["reference", "customer", "deleted_at"]
    autocomplete_fields = ["customer"]


class OwnRowsAdmin(admin.ModelAdmin):
    """An admin that scopes rows to the user, as a project's base admin would."""

    def get_queryset(self, request):
        return super().get_queryset(request).filter(owner=request.user.get_username())


@admin.register(Note)
class NoteAdmin(SoftDeleteAdminMixin, OwnRowsAdmin):
    list_display = ["text", "owner", "deleted_at"]
    ordering = ["text"]


class MembershipInline(SoftDeleteForeignKeysAdminMixin, admin.TabularInline):
    """Links to people, some of whom may be deleted: the inline keeps those rows editable."""

    model = Membership
    extra = 1


@admin.register(Group)
class GroupAdmin(SoftDeleteAdminMixin, admin.ModelAdmin):
    inlines = [MembershipInline]
