class SingletonError(Exception):
    """Base class of every error raised by django_singleton."""


class SingletonDeletionError(SingletonError):
    """Raised on an attempt to delete a singleton row."""


class SingletonViolationError(SingletonError):
    """Raised when a singleton table holds, or would hold, a row other than pk=1."""
