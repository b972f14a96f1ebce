"""The example domain: tenants, their customers and invoices, and the site's settings.

It shows the three foundation apps together: ``SiteSettings`` is a singleton, ``Customer`` and
``Invoice`` soft-delete, and every invoice gets a per-tenant number from ``next_sequence``.
"""

from django.db import models, transaction
from django.db.models import Q

from django_basemodels.models import BaseModel, TimeStampedModel, UUIDModel
from django_sequence.services import next_sequence
from django_singleton.models import SingletonModel


class SiteSettings(SingletonModel):
    """Site-wide settings, edited in the admin and read by every page (see context_processors)."""

    # Read on every request: from the project's shared cache (config/cache.py), so that a change
    # saved through one server process is seen by all of them on their next request.
    singleton_cache_alias = "default"

    site_name = models.CharField(
        max_length=100,
        default={{ cookiecutter.project_name[:100] | python_string }},
    )
    maintenance_mode = models.BooleanField(
        default=False, help_text="While on, visitors get a 503 page; staff can still use the site."
    )
    support_email = models.EmailField(blank=True)

    class Meta:
        verbose_name = "site settings"
        verbose_name_plural = "site settings"

    def __str__(self) -> str:
        return self.site_name


class Tenant(TimeStampedModel):
    """A company using the site; invoice numbers run separately for each tenant."""

    name = models.CharField(max_length=100, unique=True)

    def __str__(self) -> str:
        return self.name


class Customer(UUIDModel, BaseModel):
    tenant = models.ForeignKey(Tenant, on_delete=models.PROTECT, related_name="customers")
    name = models.CharField(max_length=100)
    email = models.EmailField()

    class Meta:
        constraints = [
            # Unique among *active* customers only, so a deleted customer's address can be reused.
            models.UniqueConstraint(
                fields=["tenant", "email"],
                condition=Q(deleted_at__isnull=True),
                name="unique_active_customer_email_per_tenant",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} <{self.email}>"


class Invoice(BaseModel):
    """An invoice; its number (``INV-2026-000001``) is given once, when it is first saved."""

    tenant = models.ForeignKey(Tenant, on_delete=models.PROTECT, related_name="invoices", editable=False)
    customer = models.ForeignKey(Customer, on_delete=models.PROTECT, related_name="invoices")
    number = models.CharField(max_length=40, editable=False)
    amount = models.DecimalField(max_digits=12, decimal_places=2)

    class Meta:
        constraints = [
            # The sequence never hands a number out twice; this makes the database say so too.
            models.UniqueConstraint(
                fields=["tenant", "number"],
                condition=Q(deleted_at__isnull=True),
                name="unique_active_invoice_number_per_tenant",
            ),
            models.CheckConstraint(condition=Q(amount__gte=0), name="invoice_amount_not_negative"),
        ]

    def __str__(self) -> str:
        return self.number

    def save(self, *args, **kwargs):
        if not self._state.adding:
            return super().save(*args, **kwargs)
        # Number and row are written in one transaction: if the insert fails, the number is given
        # back (the sequence's increment rolls back with it) and no gap is left.
        with transaction.atomic(using=kwargs.get("using")):
            self.tenant = self.customer.tenant
            self.number = next_sequence("invoice", org=self.tenant, prefix="INV-")
            return super().save(*args, **kwargs)
