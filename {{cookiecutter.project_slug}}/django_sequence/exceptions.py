from django.db import OperationalError


class SequenceError(Exception):
    """Base class of every error raised by django_sequence."""


class SequenceNotFoundError(SequenceError):
    """Raised when a sequence does not exist and ``auto_create`` is False."""


class SequenceLockedError(SequenceError, OperationalError):
    """Raised when the sequence's lock was not obtained in time (``lock_timeout``, or the database's
    own lock or busy timeout). Also a ``django.db.OperationalError``, which code that retries on
    lock errors already catches.

    After ``lock_timeout`` the caller's transaction is still usable. A timeout set on the database
    itself instead fails the statement like any database error: on PostgreSQL the caller's
    transaction is then aborted and must be rolled back."""


class SequenceOverflowError(SequenceError):
    """Raised when the counter cannot grow further (its largest value is 2**63 - 1); nothing is written."""
