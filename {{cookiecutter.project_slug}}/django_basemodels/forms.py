"""Model forms with foreign keys to soft-delete models.

A row deleted after it was chosen stays valid for the objects that already point to it (an old
invoice of a deleted customer can still be edited), is labelled as deleted, and cannot be chosen
for a new link: the form says so, instead of Django's "Select a valid choice".
"""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext, gettext_lazy

from django_basemodels.managers import SoftDeleteManager


def is_soft_delete_model(model):
    return isinstance(model._default_manager, SoftDeleteManager)


def labelled_deleted(label):
    return gettext("%(label)s (deleted)") % {"label": label}


class SoftDeleteModelChoiceField(forms.ModelChoiceField):
    """Active rows to choose from, plus the current one (``keep()``), even when it is deleted."""

    default_error_messages = {
        "deleted_choice": gettext_lazy("%(object)s has been deleted and cannot be chosen."),
    }

    def keep(self, value):
        """Accept and list the row ``value`` names, deleted or not: the one already chosen."""
        if value not in self.empty_values:
            row = self.rows().with_deleted().filter(**{self.to_field_name or "pk": value})
            if self.queryset.query.distinct:  # Django combines only querysets alike in this
                row = row.distinct(*self.queryset.query.distinct_fields)
            self.queryset = self.queryset | row

    def rows(self):
        """The default manager of the model, on the database the choices come from."""
        return self.queryset.model._default_manager.db_manager(self.queryset.db)

    def label_from_instance(self, obj):
        label = super().label_from_instance(obj)
        return labelled_deleted(label) if obj.is_deleted else label

    def to_python(self, value):
        try:
            return super().to_python(value)
        except ValidationError as error:
            deleted = self.deleted_row(value) if error.code == "invalid_choice" else None
            if deleted is None:
                raise
            raise ValidationError(
                self.error_messages["deleted_choice"], code="deleted_choice", params={"object": deleted}
            ) from error

    def deleted_row(self, value):
        """The deleted row ``value`` names, if it names one that ``limit_choices_to`` allows: a
        row outside those is an invalid choice, and its name is not shown."""
        rows = self.rows().deleted_only().complex_filter(self.get_limit_choices_to() or {})
        try:
            return rows.filter(**{self.to_field_name or "pk": value}).first()
        except (ValueError, TypeError, ValidationError):  # not even a valid key
            return None


def formfield_for(db_field, **kwargs):
    """A model field's form field, with ``SoftDeleteModelChoiceField`` for keys to soft-delete models."""
    if (db_field.many_to_one or db_field.one_to_one) and is_soft_delete_model(db_field.related_model):
        kwargs.setdefault("form_class", SoftDeleteModelChoiceField)
    return db_field.formfield(**kwargs)


class SoftDeleteModelFormMixin:
    """For a ``ModelForm``: keep the rows the instance points to, even deleted ones, choosable."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance._state.adding:
            return
        for name, field in self.fields.items():
            if isinstance(field, SoftDeleteModelChoiceField):
                field.keep(self.initial.get(name))


class SoftDeleteModelForm(SoftDeleteModelFormMixin, forms.ModelForm):
    """A ``ModelForm`` whose keys to soft-delete models use ``SoftDeleteModelChoiceField``."""

    class Meta:
        formfield_callback = formfield_for
