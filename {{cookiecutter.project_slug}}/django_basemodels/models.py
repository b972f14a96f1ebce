"""Abstract base models: timestamps, soft delete and UUID primary keys."""

import uuid
from contextlib import contextmanager

from asgiref.sync import sync_to_async
from django.db import models, router, transaction
from django.utils import timezone

from django_basemodels.checks import check_soft_delete_model
from django_basemodels.managers import (
    SoftDeleteManager,
    SoftDeleteQuerySet,
    auto_now_attnames,
    deleted_rows_shown,
    deletion_result,
    is_link_model,
)


class UUIDModel(models.Model):
    """A random (version 4) UUID primary key, set when the object is built and never edited."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)

    class Meta:
        abstract = True


class UpdatedAtField(models.DateTimeField):
    """``auto_now`` that, on insert, takes ``created_at``'s value: a new row has one instant, not two.

    ``created_at`` is declared first, so its ``pre_save()`` has run. Migrations record a plain
    ``DateTimeField``: the difference is behaviour only.
    """

    def pre_save(self, model_instance, add):
        if add and self.auto_now:
            value = model_instance.created_at
            setattr(model_instance, self.attname, value)
            return value
        return super().pre_save(model_instance, add)

    def deconstruct(self):
        name, _, args, kwargs = super().deconstruct()
        return name, "django.db.models.DateTimeField", args, kwargs


class TimeStampedModel(models.Model):
    """``created_at`` is set when the row is inserted, ``updated_at`` on every save."""

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = UpdatedAtField(auto_now=True)

    class Meta:
        abstract = True

    def save(self, **kwargs):
        """Save, and write ``updated_at`` even when ``update_fields`` does not name it.

        ``auto_now`` refreshes the attribute, but only the fields in ``update_fields`` reach the
        database: without this, ``save(update_fields=["name"])`` would leave ``updated_at`` stale.
        An empty ``update_fields`` still saves nothing, as in Django. An instance loaded with
        ``only()`` or ``defer()`` saves only its loaded fields, so ``updated_at`` is loaded here.
        """
        if kwargs.get("update_fields") is not None:
            update_fields = set(kwargs["update_fields"])
            if update_fields:
                update_fields.add("updated_at")
            kwargs["update_fields"] = update_fields
        elif not self._state.adding and "updated_at" in self.get_deferred_fields():
            self.updated_at = None  # auto_now sets the time
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

        A row that is already deleted keeps its first ``deleted_at`` and nothing is written, even
        when this instance is stale: the row is read (and locked) first. Returns ``(count,
        {model_label: count})`` like Django's ``Model.delete()``; ``keep_parents`` is accepted for
        the same reason. A link of a many-to-many relation is removed (see ``is_link_model()``).
        """
        if self.pk is None:
            raise ValueError(
                f"{self._meta.object_name} object can't be deleted because its "
                f"{self._meta.pk.attname} attribute is set to None."
            )
        if is_link_model(type(self)):
            return self.hard_delete(using=using, keep_parents=keep_parents)
        using = using or router.db_for_write(type(self), instance=self)
        with transaction.atomic(using=using):
            try:
                self.deleted_at = self._stored_deleted_at(using)
            except self.DoesNotExist:  # the row is gone
                return deletion_result(type(self), 0)
            if self.is_deleted:  # deleted already, perhaps through another instance
                return deletion_result(type(self), 0)
            with self._kept_in_step():
                self.deleted_at = timezone.now()
                self.save(using=using, update_fields=["deleted_at"])
        return deletion_result(type(self), 1)

    def hard_delete(self, using=None, keep_parents=False):
        """Remove the row for good, with Django's ``on_delete`` handling (CASCADE, PROTECT...)."""
        return super().delete(using=using, keep_parents=keep_parents)

    def restore(self, using=None) -> None:
        """Clear ``deleted_at`` so the row is active again; an active row is left as it is.

        Like ``delete()``, it reads the row first, so a stale instance restores a row deleted
        meanwhile, and writes nothing to a row restored meanwhile. Raises ``DoesNotExist`` if the
        row is gone, and ``IntegrityError`` when an active row has taken a unique value meanwhile
        (the transaction is left usable, the object as the database has it: deleted);
        ``validate_restore()`` tells beforehand.
        """
        using = using or router.db_for_write(type(self), instance=self)
        with transaction.atomic(using=using):
            self.deleted_at = self._stored_deleted_at(using)
            if not self.is_deleted:
                return
            with self._kept_in_step():
                self.deleted_at = None
                self.save(using=using, update_fields=["deleted_at"])

    def validate_restore(self):
        """Raise ``ValidationError`` if restoring would break a unique rule among active rows."""
        deleted_at, self.deleted_at = self.deleted_at, None
        try:
            self.validate_unique()
            self.validate_constraints()
        finally:
            self.deleted_at = deleted_at

    async def arestore(self, using=None):
        return await sync_to_async(self.restore)(using=using)

    async def ahard_delete(self, using=None, keep_parents=False):
        return await sync_to_async(self.hard_delete)(using=using, keep_parents=keep_parents)

    def validate_unique(self, exclude=None):
        """Check ``unique=True`` and ``unique_together`` against every row, deleted ones included.

        They are what the database checks: a value a deleted row holds is taken.
        """
        with self._deleted_rows_shown():
            super().validate_unique(exclude=exclude)

    def validate_constraints(self, exclude=None):
        """Check constraints against every row, and always those whose condition uses ``deleted_at``.

        A model form leaves ``deleted_at`` out (it is not editable), and Django skips a constraint
        over an excluded field; here the instance's ``deleted_at`` is always the value to check.
        """
        with self._deleted_rows_shown():
            super().validate_constraints(exclude=set(exclude or ()) - {"deleted_at"})

    def _stored_deleted_at(self, using):
        """The row's ``deleted_at`` as stored, read under a row lock (``SELECT ... FOR UPDATE``
        on PostgreSQL; SQLite's writes are serialised anyway). Call it inside a transaction."""
        rows = type(self)._base_manager.using(using).select_for_update().filter(pk=self.pk)
        try:
            return rows.values_list("deleted_at", flat=True).get()
        except self.DoesNotExist:
            raise self.DoesNotExist(
                f"{self._meta.object_name} with {self._meta.pk.attname}={self.pk!r} does not exist "
                f"in the database {using!r}."
            ) from None

    def _deleted_rows_shown(self):
        return deleted_rows_shown(type(self), self._meta.concrete_model, *self._meta.get_parent_list())

    @contextmanager
    def _kept_in_step(self):
        """Put ``deleted_at`` and ``updated_at`` back in memory if the write fails: the row did not change."""
        names = ["deleted_at", *auto_now_attnames(type(self))]
        before = {name: self.__dict__[name] for name in names if name in self.__dict__}
        try:
            yield
        except BaseException:
            for name in names:
                self.__dict__.pop(name, None)
            self.__dict__.update(before)
            raise


class BaseModel(TimeStampedModel, SoftDeleteModel):
    """Timestamps and soft delete: the default base of application models."""

    class Meta:
        abstract = True
