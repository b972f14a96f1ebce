"""Human-readable, per-tenant document numbers such as ``INV-2026-000123``.

Names are imported lazily so that this package can sit in ``INSTALLED_APPS``.
"""

__version__ = "0.1.0"

__all__ = [
    "Sequence",
    "SequenceError",
    "SequenceLockedError",
    "SequenceNotFoundError",
    "SequenceOverflowError",
    "anext_sequence",
    "anext_sequences",
    "next_sequence",
    "next_sequences",
    "next_value",
]
SERVICES = {"next_sequence", "next_sequences", "next_value", "anext_sequence", "anext_sequences"}
EXCEPTIONS = {"SequenceError", "SequenceLockedError", "SequenceNotFoundError", "SequenceOverflowError"}


def __getattr__(name):
    if name == "Sequence":
        from django_sequence.models import Sequence

        return Sequence
    if name in SERVICES:
        from django_sequence import services

        return getattr(services, name)
    if name in EXCEPTIONS:
        from django_sequence import exceptions

        return getattr(exceptions, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
