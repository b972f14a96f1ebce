from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

MAX_PAD_WIDTH = 20  # a PositiveBigIntegerField holds at most 19 digits


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
    """The (content type, primary key as text) pair that stores ``org``; ``(None, "")`` for no tenant."""
    if org is None:
        return None, ""
    if not isinstance(org, models.Model):
        raise ValueError(f"org must be a model instance or None, not {type(org).__name__}.")
    if org.pk is None:
        raise ValueError(f"org must be saved first: {type(org).__name__} has no primary key yet.")
    return ContentType.objects.db_manager(using).get_for_model(org), str(org.pk)


class Sequence(models.Model):
    """One counter per (scope, tenant); the tenant is any model instance, or none for a global counter.

    ``current_value`` is the last number handed out. ``prefix``, ``pad_width``, ``include_year`` and
    ``reset_yearly`` are read from this row on every allocation, so a pre-configured row wins over
    the arguments of ``next_sequence``.
    """

    scope = models.CharField(max_length=50, help_text="What is numbered, e.g. “invoice”.")
    org_content_type = models.ForeignKey(
        ContentType,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        db_index=False,  # the per-tenant unique index starts with this column
        verbose_name="tenant type",
        help_text="Leave empty for a global sequence.",
    )
    org_id = models.CharField("tenant id", max_length=255, blank=True, default="")
    prefix = models.CharField(max_length=20, blank=True)
    current_value = models.PositiveBigIntegerField(
        "last number issued", default=0, help_text="The next number handed out is this plus one."
    )
    pad_width = models.PositiveSmallIntegerField(
        default=6, validators=[MinValueValidator(1), MaxValueValidator(MAX_PAD_WIDTH)]
    )
    include_year = models.BooleanField(default=True)
    reset_yearly = models.BooleanField(
        default=False, help_text="Start again at 1 with the first number of each calendar year."
    )
    year = models.PositiveSmallIntegerField(
        "year of the last number",
        null=True,
        blank=True,
        editable=False,
        help_text="In the project's TIME_ZONE; empty until the first number is issued.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

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

    def clean(self) -> None:
        # Checked here rather than by a CHECK constraint: PostgreSQL would re-plan that check on
        # every allocation, and next_sequence always writes both halves or neither.
        if (self.org_content_type_id is None) != (self.org_id == ""):
            raise ValidationError("Give both the tenant type and the tenant id, or neither.")

    @property
    def formatted_value(self) -> str:
        """``current_value`` as ``next_sequence`` returned it: with the year it was issued in.

        Before the first number (no ``year`` yet) the current year of ``TIME_ZONE`` is used.
        """
        year = (self.year or local_year()) if self.include_year else None
        return format_number(self.prefix, self.current_value, self.pad_width, year)

    @property
    def org(self):
        """The tenant instance, fetched through its content type; None for a global sequence."""
        if self.org_content_type_id is None:
            return None
        return self.org_content_type.get_object_for_this_type(pk=self.org_id)

    @org.setter
    def org(self, value) -> None:
        self.org_content_type, self.org_id = tenant_key(value, self._state.db)
