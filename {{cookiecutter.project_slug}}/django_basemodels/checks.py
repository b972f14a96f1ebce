"""System checks for soft-delete models, run by ``manage.py check`` through ``Model.check()``.

They catch the gotchas of soft delete before they bite:

- ``django_basemodels.E001``: the default manager is not a ``SoftDeleteManager``, so the admin,
  model forms and related managers show deleted rows;
- ``django_basemodels.E002``: the base manager is a ``SoftDeleteManager``, so Django cannot save,
  restore or reach a deleted row;
- ``django_basemodels.W001``: a ``unique=True`` field, which deleted rows keep taken;
- ``django_basemodels.W002``: a ``unique_together`` or ``UniqueConstraint`` that counts deleted rows;
- ``django_basemodels.W003``: a ``unique_together`` or ``UniqueConstraint`` over ``deleted_at``,
  which never rejects a duplicate active row.
"""

from django.core import checks
from django.db.models import Q, UniqueConstraint

from django_basemodels.managers import SoftDeleteManager

# Lookups that hold only for active rows; a UniqueConstraint condition built on one of them
# (joined by AND) leaves deleted rows out of the uniqueness.
ACTIVE_ROW_LOOKUPS = [("deleted_at__isnull", True), ("deleted_at", None), ("deleted_at__exact", None)]

CONDITION_HINT = (
    "Use models.UniqueConstraint(fields=[...], condition=models.Q(deleted_at__isnull=True), "
    "name=...) in Meta.constraints, so that only active rows must be unique."
)


def check_soft_delete_model(model):
    """The messages for one soft-delete model.

    A proxy has no fields or constraints of its own, so only its managers are checked.
    """
    return (
        check_default_manager(model)
        + check_base_manager(model)
        + check_unique_fields(model)
        + check_unique_sets(model)
    )


def check_default_manager(model):
    manager = model._meta.default_manager
    if isinstance(manager, SoftDeleteManager):
        return []
    return [
        checks.Error(
            f"The default manager of soft-delete model '{model._meta.label}' is '{manager.name}', "
            f"a {type(manager).__name__}, which shows soft-deleted rows.",
            hint=(
                "Declare 'objects = SoftDeleteManager()' before any other manager of the model "
                "(the first one declared is the default), or name it in Meta.default_manager_name."
            ),
            obj=model,
            id="django_basemodels.E001",
        )
    ]


def check_base_manager(model):
    manager = model._meta.base_manager
    if not isinstance(manager, SoftDeleteManager):
        return []
    return [
        checks.Error(
            f"The base manager of soft-delete model '{model._meta.label}' is '{manager.name}', "
            f"a {type(manager).__name__}, which hides soft-deleted rows.",
            hint=(
                "Remove Meta.base_manager_name, or name a manager that shows every row "
                "(all_objects): Django saves rows and follows keys through the base manager, so a "
                "deleted row could not be saved, restored or reached from the rows pointing to it."
            ),
            obj=model,
            id="django_basemodels.E002",
        )
    ]


def check_unique_fields(model):
    return [
        checks.Warning(
            f"'{field.name}' is unique=True, so a soft-deleted row keeps its value taken: "
            "saving an active row with the same value raises IntegrityError.",
            hint=CONDITION_HINT,
            obj=field,
            id="django_basemodels.W001",
        )
        for field in model._meta.local_fields
        if field.unique and not field.primary_key
    ]


def check_unique_sets(model):
    """unique_together entries and UniqueConstraints whose uniqueness still counts deleted rows."""
    candidates = [(f"unique_together {fields!r}", fields, None) for fields in model._meta.unique_together]
    candidates += [
        (f"UniqueConstraint {constraint.name!r}", constraint.fields, constraint)
        for constraint in model._meta.constraints
        if isinstance(constraint, UniqueConstraint)
    ]
    messages = []
    for description, fields, constraint in candidates:
        if constraint is not None and excludes_deleted_rows(constraint.condition):
            continue
        if "deleted_at" not in fields:
            messages.append(
                checks.Warning(
                    f"{description} does not exclude soft-deleted rows, so a deleted row keeps "
                    "its values taken.",
                    hint=CONDITION_HINT,
                    obj=model,
                    id="django_basemodels.W002",
                )
            )
        elif constraint is None or constraint.nulls_distinct is not False:
            messages.append(
                checks.Warning(
                    f"{description} includes 'deleted_at', so it never rejects a duplicate active "
                    "row: active rows have deleted_at NULL, and NULLs are distinct in a unique constraint.",
                    hint=f"Drop 'deleted_at' from the fields. {CONDITION_HINT}",
                    obj=model,
                    id="django_basemodels.W003",
                )
            )
    return messages


def excludes_deleted_rows(condition):
    """Whether a constraint condition can only hold for rows whose deleted_at is NULL."""
    if isinstance(condition, tuple):
        return condition in ACTIVE_ROW_LOOKUPS
    if not isinstance(condition, Q) or condition.negated:
        return False
    if condition.connector == Q.AND:
        return any(excludes_deleted_rows(child) for child in condition.children)
    if condition.connector == Q.OR:
        return all(excludes_deleted_rows(child) for child in condition.children)
    return False
