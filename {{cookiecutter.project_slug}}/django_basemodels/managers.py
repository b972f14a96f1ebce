"""Querysets and managers of soft-delete models.

Every write here is a single UPDATE (or an explicit DELETE), so bulk operations cost one query
whatever their size, and no row disappears unless ``hard_delete()`` was asked for by name.
"""

import copy

from django.db import models
from django.utils import timezone


def deletion_result(model, count):
    """``(count, {label: count})``: the shape Django's ``delete()`` returns, so callers keep working."""
    return count, ({model._meta.label: count} if count else {})


class SoftDeleteQuerySet(models.QuerySet):
    """A queryset whose ``delete()`` is a soft delete; removing rows takes ``hard_delete()``."""

    def _stamps(self, now):
        """New values for the ``auto_now`` fields (``updated_at``), which ``update()`` leaves alone."""
        return {
            field.attname: now
            for field in self.model._meta.concrete_fields
            if getattr(field, "auto_now", False)
        }

    def soft_delete(self):
        """Soft-delete the active rows in one UPDATE and return how many there were.

        Rows that are already deleted keep their original ``deleted_at``.
        """
        now = timezone.now()
        return self.filter(deleted_at__isnull=True).update(deleted_at=now, **self._stamps(now))

    soft_delete.alters_data = True
    soft_delete.queryset_only = True

    def restore(self):
        """Restore the deleted rows in one UPDATE and return how many there were."""
        return self.filter(deleted_at__isnull=False).update(deleted_at=None, **self._stamps(timezone.now()))

    restore.alters_data = True
    restore.queryset_only = True

    def delete(self):
        """Soft delete, in one UPDATE: the package's rule is that only ``hard_delete()`` removes rows.

        Returns ``(count, {model_label: count})`` like Django's ``QuerySet.delete()``.
        """
        return deletion_result(self.model, self.soft_delete())

    delete.alters_data = True
    delete.queryset_only = True

    def hard_delete(self):
        """Remove the rows for good, with Django's ``on_delete`` handling (CASCADE, PROTECT...)."""
        return super().delete()

    hard_delete.alters_data = True
    hard_delete.queryset_only = True


class SoftDeleteManager(models.Manager.from_queryset(SoftDeleteQuerySet)):
    """Default manager of soft-delete models: hides rows whose ``deleted_at`` is set."""

    _include_deleted = False

    def get_queryset(self):
        queryset = super().get_queryset()
        return queryset if self._include_deleted else queryset.filter(deleted_at__isnull=True)

    def with_deleted(self):
        """Active and deleted rows.

        Works on a copy of this manager rather than skipping to the plain manager, so that the
        filters of a related manager (``customer.orders.with_deleted()``) still apply.
        """
        manager = copy.copy(self)
        manager._include_deleted = True
        return manager.get_queryset()

    def deleted_only(self):
        """Only the soft-deleted rows."""
        return self.with_deleted().filter(deleted_at__isnull=False)
