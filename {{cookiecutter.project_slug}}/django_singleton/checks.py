"""System checks of singleton models: what would make ``get_instance()`` fail or serve stale data."""

from django.conf import settings
from django.core import checks
from django.core.cache import InvalidCacheBackendError, caches
from django.core.cache.backends.locmem import LocMemCache
from django.db import models


def check_singleton_model(model):
    return [
        *check_delete(model),
        *check_default_manager(model),
        *check_foreign_keys(model),
        *check_cache(model),
    ]


def check_delete(model):
    """A base that brings its own ``delete()`` (soft delete) lets the row vanish from ``get_instance()``."""
    from django_singleton.models import SingletonModel

    for base in model.__mro__:
        if issubclass(base, SingletonModel) or base is models.Model:
            continue
        if "delete" in vars(base):
            return [
                checks.Error(
                    f"{model._meta.label} combines SingletonModel with {base.__qualname__}, which defines "
                    "delete(): a singleton's row cannot be deleted, soft-deleted or hidden.",
                    hint="Drop that base: a configuration row has nothing to soft-delete (for timestamps, "
                    "TimeStampedModel is fine).",
                    obj=model,
                    id="django_singleton.E001",
                )
            ]
    return []


def check_default_manager(model):
    """``get_instance()`` reads through the default manager: if that hides the row, it tries to insert a second."""
    manager = model._default_manager
    if manager.all().query.has_filters():
        return [
            checks.Error(
                f"The default manager of {model._meta.label} ({manager.name}) filters rows: get_instance() "
                "would not see a hidden row and fail to insert another one with pk 1.",
                hint="Declare objects = SingletonManager() first, or set Meta.default_manager_name = 'objects'.",
                obj=model,
                id="django_singleton.E002",
            )
        ]
    return []


def check_foreign_keys(model):
    """Django 6.1's ``DB_CASCADE`` has the database delete the row, where no guard can see it."""
    db_cascade = getattr(models, "DB_CASCADE", None)
    return [
        checks.Error(
            f"{model._meta.label}.{field.name} has on_delete=DB_CASCADE: deleting the row it points at "
            "would have the database delete the singleton's row, unseen by Django.",
            hint="Use SET_NULL or DB_SET_NULL (with null=True), or PROTECT.",
            obj=model,
            id="django_singleton.E004",
        )
        for field in model._meta.local_fields
        if db_cascade is not None and field.is_relation and field.remote_field.on_delete is db_cascade
    ]


def check_cache(model):
    alias = model.singleton_cache_alias
    if alias is None:
        return []
    try:
        cache = caches[alias]
    except InvalidCacheBackendError:
        return [
            checks.Error(
                f"{model._meta.label}.singleton_cache_alias is {alias!r}, which is not in settings.CACHES.",
                obj=model,
                id="django_singleton.E003",
            )
        ]
    if isinstance(cache, LocMemCache) and not settings.DEBUG:
        return [
            checks.Warning(
                f"{model._meta.label} caches its row in {alias!r}, a local-memory cache: each worker "
                "process has its own, and a change reaches only the process that made it.",
                hint="Use a cache every process shares (Redis, the database cache, Memcached), or set "
                "singleton_cache_alias = None.",
                obj=model,
                id="django_singleton.W001",
            )
        ]
    return []
