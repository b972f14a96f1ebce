from asgiref.sync import sync_to_async
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, router, transaction
from django.db.models.signals import class_prepared
from django.utils.text import capfirst

from django_singleton import cache, guards
from django_singleton.checks import check_singleton_model
from django_singleton.exceptions import SingletonDeletionError, SingletonExistsError, SingletonViolationError
from django_singleton.query import SINGLETON_PK, SingletonManager

__all__ = ["SINGLETON_PK", "SingletonModel"]


class SingletonModel(models.Model):
    """Abstract base of a table that holds exactly one row, always with pk=1.

    Read it with ``get_instance()``. Set ``singleton_cache_alias`` to the name of a cache in
    ``settings.CACHES`` to have ``get_instance()`` answer from that cache (see ``cache.py``).
    """

    singleton_cache_alias = None
    singleton_cache_timeout = DEFAULT_TIMEOUT

    objects = SingletonManager()

    class Meta:
        abstract = True
        # Django writes to the row behind the model's back through the base manager: on_delete=SET_NULL
        # from a deleted related row, a reverse manager's add(). Through SingletonManager, those writes
        # invalidate the cache like any other update.
        base_manager_name = "objects"

    def __str__(self):
        return capfirst(self._meta.verbose_name)

    def save(self, **kwargs):
        """Save as pk 1: insert the row if it is missing, else update it.

        Two connections saving a new instance on an empty table both find no row to update and both
        insert; the loser's insert fails on the primary key, and it updates the winner's row instead.
        ``force_insert=True`` (as ``create()`` passes) asks for an insert only: when the row exists,
        ``SingletonExistsError``.
        """
        self.pk = SINGLETON_PK
        using = kwargs.get("using") or router.db_for_write(type(self), instance=self)
        self.refuse_rogue_rows(using)
        if not self._state.adding:
            return super().save(**kwargs)
        try:
            with transaction.atomic(using=using):
                return super().save(**kwargs)
        except IntegrityError as error:
            if not type(self)._base_manager.db_manager(using).filter(pk=SINGLETON_PK).exists():
                raise  # not the row's primary key: a NOT NULL, a foreign key, another unique field
            if kwargs.get("force_insert"):
                raise SingletonExistsError(
                    f"Cannot insert singleton {type(self).__name__}: its row (pk 1) exists. Change it with "
                    "get_instance() and save(), or objects.update()."
                ) from error
            return super().save(**{**kwargs, "force_update": True})

    save.alters_data = True

    def delete(self, *args, **kwargs):
        raise SingletonDeletionError.for_model(type(self))

    delete.alters_data = True

    @classmethod
    def check(cls, **kwargs):
        return [*super().check(**kwargs), *check_singleton_model(cls)]

    def validate_unique(self, exclude=None):
        """Model forms (the admin's too) report rogue rows as a form error instead of failing to save."""
        super().validate_unique(exclude)
        try:
            self.refuse_rogue_rows(router.db_for_write(type(self), instance=self))
        except SingletonViolationError as error:
            raise ValidationError(str(error), code="rogue_rows") from error

    @classmethod
    def get_instance(cls, using=None):
        """Return the row, creating it from the fields' defaults the first time.

        ``using`` names the database (by default, the one the routers give for writing the model).
        """
        using = using or router.db_for_write(cls)
        return cache.get_instance(cls, using, lambda: cls._get_or_create(using))

    @classmethod
    async def aget_instance(cls, using=None):
        """``get_instance()`` for async code (ASGI views): the same row, from the same cache."""
        return await sync_to_async(cls.get_instance)(using)

    @classmethod
    def _get_or_create(cls, using):
        manager = cls._default_manager.db_manager(using)
        # Read first: on SQLite every atomic block takes the database's write lock, and the row almost
        # always exists, so readers would otherwise queue behind each other.
        try:
            return manager.get(pk=SINGLETON_PK)
        except cls.DoesNotExist:
            pass
        try:
            with transaction.atomic(using=using):
                row = cls._new_row(using)
                row.save(using=using, force_insert=True)
                return row
        except IntegrityError:
            # Another connection inserted the row first. A genuine error (say, a required field with no
            # default) leaves no row to read: re-raise it rather than hide it behind DoesNotExist.
            if row := manager.filter(pk=SINGLETON_PK).first():
                return row
            raise

    @classmethod
    def _new_row(cls, using, **values):
        """A new row with these values; the other fields from the defaults, except for what the parents'
        rows (multi-table inheritance) hold. Call it in a transaction.

        Saving a child also writes its parents' tables: a child built from defaults alone would
        overwrite the values configured in an existing parent row. Locked, so none changes meanwhile.
        """
        row = cls(**values)
        for parent in cls._meta.get_parent_list():  # the nearest first; its row holds its own parents'
            existing = parent._base_manager.db_manager(using).select_for_update().filter(pk=SINGLETON_PK)
            if existing := existing.first():
                for field in parent._meta.concrete_fields:
                    if field.name not in values and field.attname not in values:
                        setattr(row, field.attname, getattr(existing, field.attname))
                break
        return row

    @classmethod
    def rogue_rows(cls, using=None):
        """The rows that should not exist: every one whose pk is not 1."""
        return cls._base_manager.db_manager(using).exclude(pk=SINGLETON_PK)

    @classmethod
    def refuse_rogue_rows(cls, using=None):
        """Raise ``SingletonViolationError`` if the table holds rogue rows, or the table of a singleton
        parent (multi-table inheritance): writing the row writes the parents' rows too."""
        parents = cls._meta.concrete_model._meta.get_parent_list()  # a proxy's table is its model's
        parents = [parent for parent in parents if issubclass(parent, SingletonModel)]
        for model in [cls, *parents]:
            if model.rogue_rows(using).exists():
                raise SingletonViolationError.for_rogue_rows(model)

    @classmethod
    def invalidate_cache(cls, using=None):
        """Forget the cached row after the current transaction commits: call it after raw SQL writes."""
        cache.invalidate_on_commit(cls, using or router.db_for_write(cls))


def _guard_singletons(sender, **kwargs):
    if issubclass(sender, SingletonModel):
        guards.connect(sender)


class_prepared.connect(_guard_singletons)
