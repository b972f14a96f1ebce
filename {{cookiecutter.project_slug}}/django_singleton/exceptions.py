from django.db import IntegrityError


class SingletonError(Exception):
    """Base class of every error raised by django_singleton."""


class SingletonDeletionError(SingletonError):
    """Raised on an attempt to delete a singleton row."""

    @classmethod
    def for_model(cls, model):
        return cls(f"Cannot delete singleton {model.__name__}: its row is permanent; change its fields.")


class SingletonViolationError(SingletonError):
    """Raised when a singleton table holds, or would hold, a row other than pk=1."""

    @classmethod
    def for_rogue_rows(cls, model):
        return cls(
            f"Multiple rows exist for singleton {model.__name__}. Remove extra rows before saving "
            "(`manage.py check_singletons` lists them)."
        )


class SingletonExistsError(SingletonViolationError, IntegrityError):
    """Raised when asked to insert the row (``create()``, ``save(force_insert=True)``) while it exists.

    It is an ``IntegrityError`` too, like the duplicate-key error it explains (and like Django's own
    ``ProtectedError``), so that ``get_or_create()`` and transaction-retry code still recognise it.
    """
