"""Human-readable, per-tenant document numbers such as ``INV-2026-000123``.

Names are imported lazily so that this package can sit in ``INSTALLED_APPS``.
"""

__version__ = "0.1.0"

__all__ = ["Sequence", "SequenceError", "SequenceLockedError", "SequenceNotFoundError", "next_sequence"]


def __getattr__(name):
    if name == "Sequence":
        from django_sequence.models import Sequence

        return Sequence
    if name == "next_sequence":
        from django_sequence.services import next_sequence

        return next_sequence
    if name in ("SequenceError", "SequenceLockedError", "SequenceNotFoundError"):
        from django_sequence import exceptions

        return getattr(exceptions, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
