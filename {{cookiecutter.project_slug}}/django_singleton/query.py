"""The default manager of singleton models: bulk operations that cannot remove or duplicate the row."""

from django.db import models, transaction

from django_singleton import cache
from django_singleton.exceptions import SingletonDeletionError, SingletonViolationError

SINGLETON_PK = 1
"""The primary key of a singleton's only row."""


class SingletonQuerySet(models.QuerySet):
    """A queryset whose bulk paths keep the one-row invariant and the cache in step with the table."""

    def delete(self):
        raise SingletonDeletionError.for_model(self.model)

    delete.alters_data = True
    delete.queryset_only = True

    def update(self, **kwargs):
        for name in self._primary_key_names() & kwargs.keys():
            value = kwargs[name]
            if hasattr(value, "resolve_expression") or self.model._meta.pk.to_python(value) != SINGLETON_PK:
                raise SingletonViolationError(
                    f"Cannot move singleton {self.model.__name__} to pk {value!r}: its row has pk 1."
                )
        updated = super().update(**kwargs)
        cache.invalidate_on_commit(self.model, self.db)
        return updated

    update.alters_data = True

    def _primary_key_names(self):
        """The names of the primary keys of the model's table and of its parents' (multi-table
        inheritance), which ``update()`` also writes."""
        models = [self.model, *self.model._meta.get_parent_list()]
        return {name for model in models for name in (model._meta.pk.name, model._meta.pk.attname)}

    def create(self, **kwargs):
        """Insert the row, like Django's ``create()``; ``get_or_create()`` and ``update_or_create()``
        insert through it.

        A multi-table child takes the fields it is not given from its parents' existing rows rather
        than from the defaults: inserting the child writes those rows too.
        """
        if not self.model._meta.parents:
            return super().create(**kwargs)
        self._for_write = True
        with transaction.atomic(using=self.db):
            row = self.model._new_row(self.db, **kwargs)
            row.save(force_insert=True, using=self.db)
        return row

    create.alters_data = True

    def bulk_create(self, objs, *args, **kwargs):
        """Insert at most one object, always as pk 1, like ``save()``: bulk_create bypasses it."""
        objs = list(objs)
        if len(objs) > 1:
            raise SingletonViolationError(
                f"Cannot bulk_create {len(objs)} rows of singleton {self.model.__name__}: it has one row."
            )
        if objs:
            self.model.refuse_rogue_rows(self.db)
        for obj in objs:
            obj.pk = SINGLETON_PK
        created = super().bulk_create(objs, *args, **kwargs)
        cache.invalidate_on_commit(self.model, self.db)
        return created

    bulk_create.alters_data = True


class SingletonManager(models.Manager.from_queryset(SingletonQuerySet)):
    """Default manager of ``SingletonModel``; build any extra manager of a singleton from it too."""
