"""One-row configuration models: ``SingletonModel`` and its exceptions.

The model is imported lazily so that this package can sit in ``INSTALLED_APPS`` (Django imports
app packages before the app registry is ready, when models cannot be imported yet).
"""

from django_singleton.exceptions import SingletonDeletionError, SingletonError, SingletonViolationError

__all__ = ["SingletonDeletionError", "SingletonError", "SingletonModel", "SingletonViolationError"]


def __getattr__(name):
    if name == "SingletonModel":
        from django_singleton.models import SingletonModel

        return SingletonModel
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
