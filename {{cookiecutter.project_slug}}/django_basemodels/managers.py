"""Querysets and managers of soft-delete models.

Every write here is a single UPDATE (or an explicit DELETE), so bulk operations cost one query
whatever their size, and no row disappears unless ``hard_delete()`` was asked for by name, or the
rows are the links of a many-to-many relation (see ``is_link_model()``).
"""

import copy
from contextlib import contextmanager
from contextvars import ContextVar

from asgiref.sync import sync_to_async
from django.db import models
from django.utils import timezone

# The models whose default manager shows deleted rows too, in the current context (thread or task).
_deleted_rows_shown = ContextVar("deleted_rows_shown", default=frozenset())
EVERY_MODEL = object()


@contextmanager
def deleted_rows_shown(*models):
    """Within the block, the default managers of ``models`` (of every model if none is named) also
    return deleted rows.

    For Django code that reads through ``_default_manager`` and must see what the database sees:
    uniqueness checks, ``dumpdata`` and ``loaddata``, the admin's change list (which filters by
    status itself).
    """
    token = _deleted_rows_shown.set(_deleted_rows_shown.get() | set(models or [EVERY_MODEL]))
    try:
        yield
    finally:
        _deleted_rows_shown.reset(token)


def shows_deleted_rows(model):
    shown = _deleted_rows_shown.get()
    return EVERY_MODEL in shown or model in shown


def is_link_model(model):
    """Whether ``model`` is the explicit ``through`` model of a many-to-many relation.

    Django's many-to-many machinery (``remove()``, ``clear()``, ``set()``, the join behind
    ``group.members.all()`` and its prefetch) treats a link row as there or gone: a soft-deleted link
    would still join. So the links of such a model are always removed for real.
    """
    return any(
        field.many_to_many and not field.auto_created and field.remote_field.through is model
        for foreign_key in model._meta.fields
        if foreign_key.many_to_one
        for field in foreign_key.related_model._meta.get_fields()
    )


def deletion_result(model, count):
    """``(count, {label: count})``: the shape Django's ``delete()`` returns, so callers keep working."""
    return count, ({model._meta.label: count} if count else {})


def auto_now_attnames(model):
    """The ``auto_now`` fields (``updated_at``): ``save()`` sets them, ``update()`` leaves them alone."""
    return [field.attname for field in model._meta.concrete_fields if getattr(field, "auto_now", False)]


def stamps(model, now):
    """New values for the ``auto_now`` fields, for an ``update()``."""
    return dict.fromkeys(auto_now_attnames(model), now)


def refuse_as_django_delete_does(queryset):
    """Raise the error Django's ``QuerySet.delete()`` raises for these querysets; an UPDATE would
    accept them, and soft-delete more or other rows than a ``delete()`` could."""
    queryset._not_support_combined_queries("delete")
    if queryset.query.distinct_fields:
        raise TypeError("Cannot call delete() after .distinct(*fields).")
    if queryset._fields is not None:
        raise TypeError("Cannot call delete() after .values() or .values_list()")


def queryset_only(method):
    """Mark a bulk write as Django marks ``delete()``: not copied onto managers, refused in templates."""
    method.alters_data = True
    method.queryset_only = True
    return method


class SoftDeleteQuerySet(models.QuerySet):
    """A queryset whose ``delete()`` is a soft delete; removing rows takes ``hard_delete()``.

    Each write has an ``a``-prefixed companion for async code (``await qs.asoft_delete()``).
    """

    @queryset_only
    def soft_delete(self):
        """Soft-delete the active rows in one UPDATE and return how many there were.

        Rows that are already deleted keep their original ``deleted_at``. The rows of a
        many-to-many ``through`` model are removed instead (see ``is_link_model()``).
        """
        if is_link_model(self.model):
            return self.hard_delete()[1].get(self.model._meta.label, 0)
        now = timezone.now()
        return self.filter(deleted_at__isnull=True).update(deleted_at=now, **stamps(self.model, now))

    @queryset_only
    def restore(self):
        """Restore the deleted rows in one UPDATE and return how many there were."""
        return self.filter(deleted_at__isnull=False).update(
            deleted_at=None, **stamps(self.model, timezone.now())
        )

    @queryset_only
    def delete(self):
        """Soft delete, in one UPDATE: the package's rule is that only ``hard_delete()`` removes rows.

        Returns ``(count, {model_label: count})`` like Django's ``QuerySet.delete()``, and refuses
        the querysets it refuses. The rows of a many-to-many ``through`` model are removed instead
        (see ``is_link_model()``).
        """
        refuse_as_django_delete_does(self)
        if is_link_model(self.model):
            return self.hard_delete()
        return deletion_result(self.model, self.soft_delete())

    @queryset_only
    def hard_delete(self):
        """Remove the rows for good, with Django's ``on_delete`` handling (CASCADE, PROTECT...)."""
        return super().delete()

    @queryset_only
    async def asoft_delete(self):
        return await sync_to_async(self.soft_delete)()

    @queryset_only
    async def arestore(self):
        return await sync_to_async(self.restore)()

    @queryset_only
    async def ahard_delete(self):
        return await sync_to_async(self.hard_delete)()


class SoftDeleteManager(models.Manager.from_queryset(SoftDeleteQuerySet)):
    """Default manager of soft-delete models: hides rows whose ``deleted_at`` is set."""

    _include_deleted = False

    def get_queryset(self):
        queryset = super().get_queryset()
        if self._include_deleted or shows_deleted_rows(self.model):
            return queryset
        return queryset.filter(deleted_at__isnull=True)

    def with_deleted(self):
        """Active and deleted rows.

        Works on a copy of this manager rather than skipping to the plain manager, so that the
        filters of a related manager (``customer.orders.with_deleted()``) still apply. A related
        manager's prefetched result holds active rows only, so its query is built afresh.
        """
        manager = copy.copy(self)
        manager._include_deleted = True
        if hasattr(manager, "_apply_rel_filters"):
            return manager._apply_rel_filters(super(type(manager), manager).get_queryset())
        return manager.get_queryset()

    def deleted_only(self):
        """Only the soft-deleted rows."""
        return self.with_deleted().filter(deleted_at__isnull=False)

    def bulk_update(self, objs, fields, batch_size=None):
        """Write ``fields`` of every object given, deleted ones included, as ``save()`` would.

        Django's ``bulk_update()`` updates the rows its queryset finds: through this manager, a
        deleted object would be skipped without a word. Returns the number of rows matched.
        """
        return self.with_deleted().bulk_update(objs, fields, batch_size=batch_size)

    async def abulk_update(self, objs, fields, batch_size=None):
        return await sync_to_async(self.bulk_update)(objs, fields, batch_size=batch_size)
