from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, router, transaction
from django.db.models import Q
from django.utils import timezone

MAX_PAD_WIDTH = 20  # a BigIntegerField holds at most 19 digits
MAX_VALUE = 2**63 - 1  # the largest number a BigIntegerField stores
TENANT_KEY_LENGTH = 255  # characters of a tenant's primary key as text


def format_number(prefix: str, value: int, pad_width: int, year: int | None) -> str:
    """``INV-2026-000123`` from its parts; ``year=None`` leaves the year out."""
    number = str(value).zfill(pad_width)
    return f"{prefix}{year}-{number}" if year is not None else f"{prefix}{number}"


def local_year(moment=None) -> int:
    """The calendar year of ``moment`` (default: now) in the project's TIME_ZONE.

    The default time zone, not the active one: a number's year must not depend on who asks.
    """
    moment = moment or timezone.now()
    if timezone.is_aware(moment):
        moment = timezone.localtime(moment, timezone.get_default_timezone())
    return moment.year


def tenant_key(org, using: str | None = None) -> tuple[ContentType | None, str]:
    """The (content type, primary key as text) pair that stores ``org``; ``(None, "")`` for no tenant.

    The key is the primary key as its own field writes it, so ``UUID("…")``, its upper-case text
    and its hex form are one tenant, as are ``1`` and ``"01"`` for an integer key.
    """
    if org is None:
        return None, ""
    model = org.__class__  # not type(org): request.user is a lazy object standing for the user
    if not isinstance(org, models.Model):
        raise ValueError(f"org must be a model instance or None, not {model.__name__}.")
    if org.pk is None or org._state.adding:
        raise ValueError(f"org must be saved first: this {model.__name__} is not in the database yet.")
    content_type = ContentType.objects.db_manager(using).get_for_model(org)
    return content_type, normalised_pk(model, org.pk)


def normalised_pk(model: type[models.Model], value) -> str:
    """``value`` as ``model``'s primary key field stores it, as text; ``ValueError`` if it cannot be one.

    The text must fit ``Sequence.org_id`` and cannot be empty, which stands for "no tenant"; a
    composite key has no single value to store (nor has it for Django's generic relations).
    """
    if model._meta.is_composite_pk:
        raise ValueError(f"{model.__name__} has a composite primary key: it cannot own sequences.")
    field = model._meta.pk
    try:
        key = str(field.get_prep_value(field.to_python(value)))
    except (ValidationError, TypeError, ValueError) as error:
        raise ValueError(f"{value!r} is not a valid primary key of {model.__name__}.") from error
    if not 1 <= len(key) <= TENANT_KEY_LENGTH:
        raise ValueError(
            f"{value!r} cannot be the key of a tenant: as text it must hold 1 to {TENANT_KEY_LENGTH} "
            "characters."
        )
    return key


class SequenceManager(models.Manager):
    def get_by_natural_key(self, scope: str, tenant_type: list | None, org_id: str) -> "Sequence":
        """The sequence of ``scope`` for a tenant named by its type's natural key, or the global one."""
        if tenant_type is None:
            return self.get(scope=scope, org_content_type=None)
        app_label, model = tenant_type
        return self.get(
            scope=scope, org_content_type__app_label=app_label, org_content_type__model=model, org_id=org_id
        )


class Sequence(models.Model):
    """One counter per (scope, tenant); the tenant is any model instance, or none for a global counter.

    ``current_value`` is the last number handed out. ``prefix``, ``pad_width``, ``include_year`` and
    ``reset_yearly`` are read from this row on every allocation, so a pre-configured row wins over
    the arguments of ``next_sequence``.

    The integer fields are not ``Positive…Field``: on PostgreSQL each of those adds a CHECK that is
    evaluated on every allocation (together about a fifth of the server's time per number). Their
    validators keep forms and ``full_clean()`` to the same ranges.
    """

    scope = models.CharField(max_length=50, help_text="What is numbered, e.g. “invoice”.")
    org_content_type = models.ForeignKey(
        ContentType,
        on_delete=models.PROTECT,  # removing a tenant type must not restart its numbering
        null=True,
        blank=True,
        db_index=False,  # the per-tenant unique index starts with this column
        verbose_name="tenant type",
        help_text="Leave empty for a global sequence.",
    )
    org_id = models.CharField("tenant id", max_length=TENANT_KEY_LENGTH, blank=True, default="")
    prefix = models.CharField(max_length=20, blank=True)
    current_value = models.BigIntegerField(
        "last number issued",
        default=0,
        validators=[MinValueValidator(0)],
        help_text="The next number handed out is this plus one.",
    )
    pad_width = models.SmallIntegerField(
        default=6, validators=[MinValueValidator(1), MaxValueValidator(MAX_PAD_WIDTH)]
    )
    include_year = models.BooleanField(default=True)
    reset_yearly = models.BooleanField(
        default=False, help_text="Start again at 1 with the first number of each calendar year."
    )
    year = models.SmallIntegerField(
        "year of the last number",
        null=True,
        blank=True,
        editable=False,
        help_text="In the project's TIME_ZONE; empty until the first number is issued.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = SequenceManager()

    class Meta:
        constraints = [
            # NULLs are distinct in a unique index, so a global sequence (no tenant type) needs
            # a constraint of its own: without it two "first" calls could create two rows.
            models.UniqueConstraint(
                fields=["org_content_type", "org_id", "scope"],
                condition=Q(org_content_type__isnull=False),
                name="sequence_unique_per_tenant",
                violation_error_message="This tenant already has a sequence with this scope.",
            ),
            models.UniqueConstraint(
                fields=["scope"],
                condition=Q(org_content_type__isnull=True),
                name="sequence_unique_global",
                violation_error_message="A global sequence with this scope already exists.",
            ),
        ]

    def __str__(self) -> str:
        org_display = f"org:{self.org_id}" if self.org_id else "global"
        return f"{self.scope} ({org_display}): {self.current_value}"

    def save(self, *args, **kwargs) -> None:
        """Never lowers the counter or the year of a stored row, nor changes its scope or tenant
        (see ``django_sequence.signals``). A tenant type read from another database than the one
        written to is exchanged for its namesake there (content type ids differ between them)."""
        using = kwargs.get("using") or router.db_for_write(Sequence, instance=self)
        content_type = self._meta.get_field("org_content_type").get_cached_value(self, default=None)
        if content_type is not None and content_type._state.db != using:
            natural_key = (content_type.app_label, content_type.model)
            self.org_content_type_id = (
                ContentType.objects.db_manager(using).get_by_natural_key(*natural_key).pk
            )
        with transaction.atomic(using=using):  # the stored row stays locked until it is written
            super().save(*args, **kwargs)

    def natural_key(self) -> tuple:
        """(scope, the tenant type's natural key or None, tenant id): what ``dumpdata
        --natural-primary`` writes, so that ``loaddata`` finds the row whatever its id."""
        content_type = self.org_content_type.natural_key() if self.org_content_type_id else None
        return self.scope, content_type, self.org_id

    natural_key.dependencies = ["contenttypes.contenttype"]

    def clean(self) -> None:
        # Checked here rather than by CHECK constraints: PostgreSQL evaluates every CHECK of the
        # table on each allocation, and next_sequence always writes valid rows.
        if self.reset_yearly and not self.include_year:
            raise ValidationError(
                {
                    "reset_yearly": "A yearly reset needs the year in the number, or numbers repeat every January."
                }
            )
        if (self.org_content_type_id is None) != (self.org_id == ""):
            raise ValidationError("Give both the tenant type and the tenant id, or neither.")
        if self.org_content_type_id is not None and self._state.adding:
            self.org_content_type, self.org_id = self._existing_tenant()

    def _existing_tenant(self) -> tuple[ContentType, str]:
        """The tenant's type and id as ``next_sequence`` keys them; a ValidationError if no such row.

        A proxy model's type becomes its concrete model's, as for ``next_sequence(org=proxy)``:
        otherwise the pre-configured row would be a counter that no call ever reads.
        """
        content_type = self.org_content_type
        model = content_type.model_class()
        if model is None:
            raise ValidationError({"org_content_type": "This tenant type's model no longer exists."})
        if model._meta.proxy:
            model = model._meta.concrete_model
            content_type = ContentType.objects.db_manager(content_type._state.db).get_for_model(model)
        try:
            key = normalised_pk(model, self.org_id)
        except ValueError as error:
            raise ValidationError({"org_id": str(error)}) from None
        if not model._base_manager.filter(pk=key).exists():
            raise ValidationError(
                {"org_id": f"There is no {model._meta.verbose_name} with id {self.org_id!r}."}
            )
        return content_type, key

    @property
    def formatted_value(self) -> str:
        """``current_value`` as ``next_sequence`` returned it: with the year it was issued in.

        Before the first number (no ``year`` yet) the current year of ``TIME_ZONE`` is used.
        """
        year = (self.year or local_year()) if self.include_year else None
        return format_number(self.prefix, self.current_value, self.pad_width, year)

    @property
    def org(self):
        """The tenant instance, fetched through its content type; None for a global sequence.

        ``DoesNotExist`` if the tenant was deleted; ``LookupError`` if its model was removed from
        the code (its content type is stale, and kept: it protects the counters).
        """
        if self.org_content_type_id is None:
            return None
        model = self.org_content_type.model_class()
        if model is None:
            raise LookupError(f"The tenant type {self.org_content_type.model!r} has no model any more.")
        return model._base_manager.get(pk=self.org_id)

    @org.setter
    def org(self, value) -> None:
        # The content type must come from the database this row is written to; save() reads it
        # again if the row goes to another one (``Sequence.objects.using(alias).create(org=…)``).
        using = self._state.db or router.db_for_write(Sequence, instance=self)
        self.org_content_type, self.org_id = tenant_key(value, using)
