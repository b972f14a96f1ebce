class SequenceError(Exception):
    """Base class of every error raised by django_sequence."""


class SequenceNotFoundError(SequenceError):
    """Raised when a sequence does not exist and ``auto_create`` is False."""


class SequenceLockedError(SequenceError):
    """Raised when the sequence's lock was not obtained in time (``lock_timeout``, or the database's
    own lock or busy timeout); the caller's transaction is left as it was."""
