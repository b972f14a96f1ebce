"""``SingletonModelAdmin``: the admin of a one-row model is a single form, never a list."""

from django.contrib import admin
from django.contrib.admin.options import IS_POPUP_VAR
from django.core.exceptions import PermissionDenied
from django.db import router, transaction
from django.forms.models import model_to_dict
from django.http import HttpResponseRedirect
from django.urls import reverse

from django_singleton.query import SINGLETON_PK


class SingletonModelAdmin(admin.ModelAdmin):
    """Go straight to the row's change form; offer "add" only while the row is missing; never "delete".

    While the table is empty the list redirects to the add form rather than creating the row on a
    GET, so that fields without a default can be filled in first; saving it creates pk 1. Rogue rows
    (pk other than 1) make the form show an error rather than save (``validate_unique()``).
    """

    save_as = False

    def changelist_view(self, request, extra_context=None):
        # Django's own list demands view or change permission; without it, even the redirect's target
        # would tell whether the row exists.
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        if IS_POPUP_VAR in request.GET:  # a raw_id_fields lookup from another form: it picks from the list
            return super().changelist_view(request, extra_context)
        opts = self.opts
        if self.has_add_permission(request):  # only while the row is missing
            name, args = f"admin:{opts.app_label}_{opts.model_name}_add", []
        else:
            name, args = f"admin:{opts.app_label}_{opts.model_name}_change", [SINGLETON_PK]
        return HttpResponseRedirect(reverse(name, args=args, current_app=self.admin_site.name))

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        extra_context = {"show_save_and_add_another": False, **(extra_context or {})}
        return super().changeform_view(request, object_id, form_url, extra_context)

    def get_changeform_initial_data(self, request):
        """The add form of a multi-table child starts from its parents' row, not from the defaults:
        saving the child writes the parent fields too, so the form must show what they hold."""
        initial = super().get_changeform_initial_data(request)
        if not self.model._meta.parents:
            return initial
        using = router.db_for_write(self.model)
        with transaction.atomic(using=using):
            row = self.model._new_row(using)
        return {**model_to_dict(row), **initial}

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not self._row_exists()

    def has_delete_permission(self, request, obj=None):
        return False

    def _row_exists(self):
        return self.model._default_manager.filter(pk=SINGLETON_PK).exists()
