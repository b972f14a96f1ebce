"""Signal receivers that guard the paths a singleton's own methods and manager do not see.

- ``pre_delete``: cascades from a related row, and managers not built on ``SingletonQuerySet``
  (``_base_manager``, a plain ``models.Manager`` a subclass adds), all go through Django's deletion
  collector, which sends ``pre_delete`` for every row first.
- ``pre_save``: ``save_base()`` without ``save()``, as ``loaddata`` does with fixtures.
- ``post_save``: the same raw saves change the row, so they invalidate the cache too.
- ``post_delete`` of a row the singleton points at: the deletion may change the singleton's row
  without going through its queryset. ``SET_NULL`` and ``SET_DEFAULT`` do go through it, but
  ``SET(callable)`` and custom ``on_delete`` functions make Django load the row and update it with a
  bare ``UpdateQuery``, and the database's own ``ON DELETE`` actions (Django 6.1's ``DB_SET_NULL``)
  bypass Django altogether. Each such deletion invalidates the cache.
- ``post_migrate``, after ``migrate`` and ``flush``: connected in ``apps.py``.
"""

from functools import partial

from django.apps import apps
from django.db.models.fields.related import lazy_related_operation
from django.db.models.signals import post_delete, post_save, pre_delete, pre_save

from django_singleton import cache
from django_singleton.exceptions import SingletonDeletionError, SingletonViolationError
from django_singleton.query import SINGLETON_PK


def connect(model):
    """Guard a concrete singleton model (its subclasses are guarded when they are prepared)."""
    pre_delete.connect(refuse_deletion, sender=model)
    pre_save.connect(require_singleton_pk, sender=model)
    post_save.connect(invalidate_cache, sender=model)
    for field in model._meta.local_concrete_fields:
        if field.is_relation and not field.remote_field.parent_link:
            lazy_related_operation(invalidate_on_delete_of, model, field.remote_field.model)


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


def invalidate_on_delete_of(model, related_model):
    """Once both models are loaded: deleting a ``related_model`` row invalidates ``model``'s cache."""
    post_delete.connect(
        partial(invalidate_related_cache, model),
        sender=related_model,
        weak=False,  # the partial has no other reference
        dispatch_uid=f"django_singleton:{model._meta.label_lower}:{related_model._meta.label_lower}",
    )


def invalidate_related_cache(model, using, **kwargs):
    cache.invalidate_on_commit(model, using)


def invalidate_after_migrate(using, **kwargs):
    """Forget every cached singleton row of database ``using`` (``post_migrate``).

    ``migrate`` runs data migrations, whose historical models have none of these guards, and
    ``flush`` empties the tables: both send ``post_migrate`` when they are done.
    """
    from django_singleton.models import SingletonModel  # models.py imports this module

    for model in apps.get_models():
        if issubclass(model, SingletonModel) and cache.root(model) is model:  # one per family
            aliases = {alias for alias in cache.aliases_of(model) if cache.exists(alias)}
            cache.invalidate_on_commit(model, using, aliases)
