from collections import defaultdict

from django import forms
from django.contrib import admin
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import ObjectDoesNotExist, ValidationError

from django_sequence.models import Sequence


class SequenceForm(forms.ModelForm):
    """Pre-configures a sequence; on an existing one the counter may be raised, never lowered."""

    class Meta:
        model = Sequence
        fields = [
            "scope",
            "org_content_type",
            "org_id",
            "prefix",
            "current_value",
            "pad_width",
            "include_year",
            "reset_yearly",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The change form posts back the value it was loaded with, so a counter the user did not
        # touch counts as unchanged even when numbers were issued while the form was open. (A user
        # with only the view permission gets no fields at all.)
        if "current_value" in self.fields:
            self.fields["current_value"].show_hidden_initial = True

    def clean_current_value(self):
        value = self.cleaned_data["current_value"]
        if self.instance.pk is not None and "current_value" in self.changed_data:
            stored = Sequence.objects.values_list("current_value", flat=True).get(pk=self.instance.pk)
            if value < stored:
                raise forms.ValidationError(
                    "The counter can only go up: %(stored)s has already been issued.",
                    code="lowered",
                    params={"stored": stored},
                )
        return value


class SequenceChangeList(ChangeList):
    """Reads the tenants of a page with one query per tenant type, for the tenant column."""

    def get_results(self, request) -> None:
        super().get_results(request)
        by_type = defaultdict(list)
        for sequence in self.result_list:
            if sequence.org_content_type_id is not None:
                by_type[sequence.org_content_type].append(sequence)
        for content_type, sequences in by_type.items():
            model = content_type.model_class()
            try:
                tenants = model._base_manager.in_bulk({sequence.org_id for sequence in sequences})
            except (AttributeError, ValidationError, ValueError):  # no model, or a key that is no key
                continue
            by_key = {str(tenant.pk): tenant for tenant in tenants.values()}
            for sequence in sequences:
                sequence.tenant_on_page = by_key.get(sequence.org_id)


@admin.register(Sequence)
class SequenceAdmin(admin.ModelAdmin):
    form = SequenceForm
    list_display = ["scope", "tenant", "prefix", "current_value", "last_number", "reset_yearly", "updated_at"]
    list_filter = [
        "scope",
        ("org_content_type", admin.RelatedOnlyFieldListFilter),
        "include_year",
        "reset_yearly",
    ]
    list_select_related = ["org_content_type"]
    search_fields = ["scope", "prefix", "org_id"]
    ordering = ["scope", "org_content_type", "org_id"]
    readonly_fields = ["year", "created_at", "updated_at"]

    @admin.display(description="tenant", ordering="org_content_type")
    def tenant(self, obj: Sequence) -> str:
        if obj.org_content_type_id is None:
            return "global"
        try:
            return str(getattr(obj, "tenant_on_page", None) or obj.org)
        except ObjectDoesNotExist:
            return f"{obj.org_content_type} {obj.org_id} (deleted)"
        except (ValidationError, ValueError):  # written without validation: no key of that model
            return f"{obj.org_content_type} {obj.org_id} (not a key)"
        except LookupError:
            return f"{obj.org_content_type} {obj.org_id} (model removed)"

    def get_changelist(self, request, **kwargs):
        return SequenceChangeList

    @admin.display(description="last number")
    def last_number(self, obj: Sequence) -> str | None:
        """None (shown as "-") until a number is issued: a pre-configured value was never handed out."""
        return obj.formatted_value if obj.year is not None else None

    def get_readonly_fields(self, request, obj=None):
        """A sequence's identity is fixed once it exists: re-keying it would restart its numbers."""
        if obj is None:
            return self.readonly_fields
        return ["scope", "org_content_type", "org_id", *self.readonly_fields]

    def has_delete_permission(self, request, obj=None) -> bool:
        """Deleting a sequence would hand out its numbers again, from 1."""
        return False
