class SingletonError(Exception):
    """Base class of every error raised by django_singleton."""


class SingletonDeletionError(SingletonError):
    """Raised on an attempt to delete a singleton row."""

    @classmethod
    def for_model(cls, model):
        return cls(f"Cannot delete singleton {model.__name__}: its row is permanent; change its fields.")


class SingletonViolationError(SingletonError):
    """Raised when a singleton table holds, or would hold, a row other than pk=1."""
