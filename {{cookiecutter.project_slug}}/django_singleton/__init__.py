"""One-row configuration models: ``SingletonModel``, its manager and its exceptions.

Everything that touches models is imported lazily, so that this package can sit in
``INSTALLED_APPS`` (Django imports app packages before the app registry is ready, when models
cannot be defined yet).
"""

from django_singleton.exceptions import (
    SingletonDeletionError,
    SingletonError,
    SingletonExistsError,
    SingletonViolationError,
)

__all__ = [
    "SingletonDeletionError",
    "SingletonError",
    "SingletonExistsError",
    "SingletonManager",
    "SingletonModel",
    "SingletonQuerySet",
    "SingletonViolationError",
]

_LAZY = {
    "SingletonModel": "django_singleton.models",
    "SingletonManager": "django_singleton.query",
    "SingletonQuerySet": "django_singleton.query",
}


def __getattr__(name):
    if name in _LAZY:
        from importlib import import_module

        return getattr(import_module(_LAZY[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
