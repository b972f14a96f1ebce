"""Admin support for soft-delete models: ``SoftDeleteAdminMixin`` and its list filter."""

from django.contrib import admin, messages
from django.contrib.admin.actions import delete_selected
from django.contrib.admin.utils import get_deleted_objects, model_ngettext
from django.contrib.admin.widgets import ForeignKeyRawIdWidget
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils.text import capfirst
from django.utils.translation import gettext, gettext_lazy

from django_basemodels.forms import (
    SoftDeleteModelChoiceField,
    SoftDeleteModelForm,
    is_soft_delete_model,
    labelled_deleted,
)
from django_basemodels.managers import deleted_rows_shown


class SoftDeleteStatusFilter(admin.SimpleListFilter):
    """Active rows by default; deleted rows, or all of them, on demand."""

    title = gettext_lazy("status")
    parameter_name = "deleted"

    def lookups(self, request, model_admin):
        return [("only", gettext_lazy("Deleted")), ("all", gettext_lazy("All"))]

    def choices(self, changelist):
        # Django offers "All" for "no value"; here no value means the active rows.
        choices = super().choices(changelist)
        yield {**next(choices), "display": gettext("Active")}
        yield from choices

    def queryset(self, request, queryset):
        value = self.value()
        if value == "all":
            return queryset
        if value == "only":
            return queryset.filter(deleted_at__isnull=False)
        return queryset.filter(deleted_at__isnull=True)


class SoftDeleteRawIdWidget(ForeignKeyRawIdWidget):
    """A raw-id input whose label names the chosen row even when it is deleted, and says so.

    Django's looks the row up through the default manager, and shows no label for a deleted one.
    """

    def label_and_url_for_value(self, value):
        with deleted_rows_shown(self.rel.model):
            label, url = super().label_and_url_for_value(value)
        rows = self.rel.model._default_manager.db_manager(self.db).deleted_only()
        if label and rows.filter(**{self.rel.get_related_field().name: value}).exists():
            label = labelled_deleted(label)
        return label, url


class SoftDeleteForeignKeysAdminMixin:
    """For any ``ModelAdmin`` whose model has foreign keys to soft-delete models.

    The form keeps a deleted row the object already points to (labelled as deleted, in a select,
    an autocomplete or a ``raw_id_fields`` input), and refuses
    a deleted row for a new link with a message that says so (see ``django_basemodels.forms``).
    Set ``form`` to a subclass of ``SoftDeleteModelForm`` if you give the admin a form of your own.
    """

    form = SoftDeleteModelForm

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if is_soft_delete_model(db_field.related_model):
            kwargs.setdefault("form_class", SoftDeleteModelChoiceField)
            if db_field.name in self.raw_id_fields:
                kwargs.setdefault(
                    "widget",
                    SoftDeleteRawIdWidget(db_field.remote_field, self.admin_site, using=kwargs.get("using")),
                )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class SoftDeleteAdminMixin(SoftDeleteForeignKeysAdminMixin):
    """For the ``ModelAdmin`` of a soft-delete model: put it before ``admin.ModelAdmin``.

    - Deleting, from the change form or with "Delete selected", soft-deletes (the model's and the
      queryset's ``delete()`` are soft), and the confirmation page lists only the selected rows:
      there is no cascade, and ``PROTECT`` does not stand in the way.
    - The change list shows active rows, with a "status" filter for deleted rows or all rows;
      deleted rows stay reachable, so they can be viewed and restored.
    - Two actions: restore the selected rows, and delete them permanently (after a confirmation
      page that lists what Django's ``on_delete`` rules will remove with them).
    - The rows the admin shows are those of the ``ModelAdmin`` it is mixed into (its
      ``get_queryset()``, e.g. a per-user scope), deleted ones included; its autocomplete, used by
      other models' forms, offers active rows only.

    A ``ModelAdmin`` that sets its own ``actions`` keeps these by listing
    ``*SoftDeleteAdminMixin.actions`` among them.
    """

    actions = ["restore_selected", "hard_delete_selected"]

    def get_queryset(self, request):
        """The rows of the base admin, deleted ones included: the status filter picks among them.

        Autocomplete (the search box of another model's foreign key) offers active rows only.
        """
        if getattr(request.resolver_match, "url_name", None) == "autocomplete":
            return super().get_queryset(request)
        with deleted_rows_shown(self.model):
            return super().get_queryset(request)

    def get_list_filter(self, request):
        return [SoftDeleteStatusFilter, *super().get_list_filter(request)]

    def get_deleted_objects(self, objs, request):
        """What a soft delete touches: the selected rows, nothing related, nothing protected."""
        objs = list(objs)
        verbose_name = capfirst(self.opts.verbose_name)
        to_delete = [f"{verbose_name}: {obj}" for obj in objs]
        return to_delete, {self.opts.verbose_name_plural: len(objs)}, set(), []

    @admin.action(
        permissions=["change"], description=gettext_lazy("Restore selected %(verbose_name_plural)s")
    )
    def restore_selected(self, request, queryset):
        """Restore the deleted rows, one by one, except those a unique rule refuses or the user may
        not change (``has_change_permission(request, obj)``, as the change form asks): name them and why."""
        count = 0
        for obj in queryset.filter(deleted_at__isnull=False):
            try:
                if not self.has_change_permission(request, obj):
                    raise ValidationError(gettext("You may not change it."))
                restore_or_say_why(obj)
            except ValidationError as error:
                self.message_user(
                    request,
                    gettext("%(object)s was not restored: %(reason)s")
                    % {"object": obj, "reason": " ".join(error.messages)},
                    messages.ERROR,
                )
                continue
            self.log_change(request, obj, gettext("Restored."))
            count += 1
        if count:
            self.message_user(
                request,
                gettext("Restored %(count)d %(items)s.")
                % {"count": count, "items": model_ngettext(self.opts, count)},
                messages.SUCCESS,
            )

    @admin.action(
        permissions=["delete"],
        description=gettext_lazy("Delete selected %(verbose_name_plural)s permanently"),
    )
    def hard_delete_selected(self, request, queryset):
        return delete_selected(_PermanentDeletion(self), request, queryset)


def restore_or_say_why(obj):
    """Restore ``obj``, or raise ``ValidationError`` naming the unique rule that stands in the way.

    The rules are checked first; a row that takes a value between that check and the write makes
    ``restore()`` fail, and the check, run again, then names the rule.
    """
    obj.validate_restore()
    try:
        obj.restore()
    except IntegrityError:
        obj.validate_restore()
        raise


class _PermanentDeletion:
    """A model admin as Django's "Delete selected" action sees it, with deletion made permanent.

    The action keeps Django's flow (confirmation page, permission and PROTECT checks, log entries,
    message); only what is listed, how rows are removed and the confirmation form change.
    """

    delete_selected_confirmation_template = "django_basemodels/hard_delete_selected_confirmation.html"

    def __init__(self, model_admin):
        self.model_admin = model_admin

    def __getattr__(self, name):
        return getattr(self.model_admin, name)

    def get_deleted_objects(self, objs, request):
        """Everything Django's ``on_delete`` rules will remove with the rows, as a plain admin lists it."""
        return get_deleted_objects(objs, request, self.admin_site)

    def delete_queryset(self, request, queryset):
        queryset.hard_delete()
