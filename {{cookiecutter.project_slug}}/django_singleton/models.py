from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.db import IntegrityError, models, router, transaction
from django.db.models.signals import class_prepared
from django.utils.text import capfirst

from django_singleton import cache, guards
from django_singleton.exceptions import SingletonDeletionError, SingletonViolationError
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

    def __str__(self):
        return capfirst(self._meta.verbose_name)

    def save(self, *args, **kwargs):
        self.pk = SINGLETON_PK
        using = kwargs.get("using") or router.db_for_write(type(self), instance=self)
        if self.rogue_rows(using).exists():
            raise SingletonViolationError(
                f"Multiple rows exist for singleton {type(self).__name__}. Remove extra rows before saving "
                "(`manage.py check_singletons` lists them)."
            )
        super().save(*args, **kwargs)

    save.alters_data = True

    def delete(self, *args, **kwargs):
        raise SingletonDeletionError.for_model(type(self))

    delete.alters_data = True

    @classmethod
    def get_instance(cls):
        """Return the row, creating it from the fields' defaults the first time."""
        using = router.db_for_write(cls)
        return cache.get_instance(cls, using, lambda: cls._get_or_create(using))

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
                return manager.get_or_create(pk=SINGLETON_PK)[0]
        except IntegrityError:
            # Another connection inserted the row first. A genuine error (say, a required field with no
            # default) leaves no row to read: re-raise it rather than hide it behind DoesNotExist.
            if row := manager.filter(pk=SINGLETON_PK).first():
                return row
            raise

    @classmethod
    def rogue_rows(cls, using=None):
        """The rows that should not exist: every one whose pk is not 1."""
        return cls._base_manager.db_manager(using).exclude(pk=SINGLETON_PK)

    @classmethod
    def invalidate_cache(cls, using=None):
        """Forget the cached row after the current transaction commits: call it after raw SQL writes."""
        cache.invalidate_on_commit(cls, using or router.db_for_write(cls))


def _guard_singletons(sender, **kwargs):
    if issubclass(sender, SingletonModel):
        guards.connect(sender)


class_prepared.connect(_guard_singletons)
