class SequenceError(Exception):
    """Base class of every error raised by django_sequence."""


class SequenceNotFoundError(SequenceError):
    """Raised when a sequence does not exist and ``auto_create`` is False."""


class SequenceLockedError(SequenceError):
    """Raised when the sequence row cannot be locked in time."""
