"""Abstract base models: timestamps, soft delete and UUID primary keys."""

import uuid

from django.db import models
from django.utils import timezone

from django_basemodels.checks import check_soft_delete_model
from django_basemodels.managers import SoftDeleteManager, SoftDeleteQuerySet, deletion_result


class UUIDModel(models.Model):
    """A random (version 4) UUID primary key, set when the object is built and never edited."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)

    class Meta:
        abstract = True


class TimeStampedModel(models.Model):
    """``created_at`` is set when the row is inserted, ``updated_at`` on every save."""

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True

    def save(self, **kwargs):
        """Save, and write ``updated_at`` even when ``update_fields`` does not name it.

        ``auto_now`` refreshes the attribute, but only the fields in ``update_fields`` reach the
        database: without this, ``save(update_fields=["name"])`` would leave ``updated_at`` stale.
        An empty ``update_fields`` still saves nothing, as in Django.
        """
        if kwargs.get("update_fields") is not None:
            update_fields = set(kwargs["update_fields"])
            if update_fields:
                update_fields.add("updated_at")
            kwargs["update_fields"] = update_fields
        super().save(**kwargs)


class SoftDeleteModel(models.Model):
    """``delete()`` sets ``deleted_at`` and keeps the row; ``hard_delete()`` removes it."""

    # Indexed: the default manager filters on it in every query.
    deleted_at = models.DateTimeField(null=True, blank=True, editable=False, db_index=True)

    # The first manager declared is the default one, which the admin, model forms and related
    # managers use: it must be the one that hides deleted rows.
    objects = SoftDeleteManager()
    all_objects = SoftDeleteQuerySet.as_manager()

    class Meta:
        abstract = True

    @classmethod
    def check(cls, **kwargs):
        return [*super().check(**kwargs), *check_soft_delete_model(cls)]

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    def delete(self, using=None, keep_parents=False):
        """Soft delete: set ``deleted_at`` and keep the row. Related rows are left alone.

        A row that is already deleted keeps its first ``deleted_at`` and nothing is written.
        Returns ``(count, {model_label: count})`` like Django's ``Model.delete()``; ``keep_parents``
        is accepted for the same reason (no row is removed, parents included).
        """
        if self.pk is None:
            raise ValueError(
                f"{self._meta.object_name} object can't be deleted because its "
                f"{self._meta.pk.attname} attribute is set to None."
            )
        if self.is_deleted:
            return deletion_result(type(self), 0)
        self.deleted_at = timezone.now()
        self.save(using=using, update_fields=["deleted_at"])
        return deletion_result(type(self), 1)

    def hard_delete(self, using=None, keep_parents=False):
        """Remove the row for good, with Django's ``on_delete`` handling (CASCADE, PROTECT...)."""
        return super().delete(using=using, keep_parents=keep_parents)

    def restore(self) -> None:
        """Clear ``deleted_at`` so the row is active again; an active row is left as it is."""
        if self.is_deleted:
            self.deleted_at = None
            self.save(update_fields=["deleted_at"])


class BaseModel(TimeStampedModel, SoftDeleteModel):
    """Timestamps and soft delete: the default base of application models."""

    class Meta:
        abstract = True
