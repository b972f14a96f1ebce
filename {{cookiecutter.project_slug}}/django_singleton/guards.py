"""Signal receivers that guard the paths a singleton's own methods and manager do not see.

- ``pre_delete``: cascades from a related row, and managers not built on ``SingletonQuerySet``
  (``_base_manager``, a plain ``models.Manager`` a subclass adds), all go through Django's deletion
  collector, which sends ``pre_delete`` for every row first.
- ``pre_save``: ``save_base()`` without ``save()``, as ``loaddata`` does with fixtures.
- ``post_save``: the same raw saves change the row, so they invalidate the cache too.
"""

from django.db.models.signals import post_save, pre_delete, pre_save

from django_singleton import cache
from django_singleton.exceptions import SingletonDeletionError, SingletonViolationError
from django_singleton.query import SINGLETON_PK


def connect(model):
    """Guard a concrete singleton model (its subclasses are guarded when they are prepared)."""
    pre_delete.connect(refuse_deletion, sender=model)
    pre_save.connect(require_singleton_pk, sender=model)
    post_save.connect(invalidate_cache, sender=model)


def refuse_deletion(sender, **kwargs):
    raise SingletonDeletionError.for_model(sender)


def require_singleton_pk(sender, instance, **kwargs):
    if instance.pk != SINGLETON_PK:
        raise SingletonViolationError(
            f"Cannot save singleton {sender.__name__} with pk {instance.pk!r}: its row has pk 1 "
            "(a fixture, or a direct save_base() call?)."
        )


def invalidate_cache(sender, using, **kwargs):
    cache.invalidate_on_commit(sender, using)
