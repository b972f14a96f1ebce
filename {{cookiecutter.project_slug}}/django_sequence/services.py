from contextlib import nullcontext

from django.db import OperationalError, connections, router
from django.utils import timezone

from django_sequence import allocation, locks
from django_sequence.exceptions import SequenceError, SequenceLockedError, SequenceNotFoundError
from django_sequence.models import MAX_PAD_WIDTH, Sequence, format_number, local_year, tenant_key

SCOPE_LENGTH = Sequence._meta.get_field("scope").max_length
PREFIX_LENGTH = Sequence._meta.get_field("prefix").max_length


def next_sequence(
    scope: str,
    org=None,
    prefix: str = "",
    pad_width: int = 6,
    include_year: bool = True,
    auto_create: bool = True,
    *,
    reset_yearly: bool = False,
    lock_timeout: float | None = None,
    using: str | None = None,
) -> str:
    """Allocate the next number of ``scope`` for ``org`` (None: the global counter), formatted.

    ``prefix``, ``pad_width``, ``include_year`` and ``reset_yearly`` configure the sequence when
    this call creates it; afterwards the stored row decides. ``auto_create=False`` raises
    ``SequenceNotFoundError`` instead of creating it.

    The increment is part of the caller's transaction: the row stays locked until it ends, and a
    rollback gives the number back. ``lock_timeout`` (seconds) bounds the wait for that lock;
    ``SequenceLockedError`` is raised when it is not obtained in time.
    """
    _check_arguments(scope, prefix, pad_width, lock_timeout)
    using = using or router.db_for_write(Sequence)
    content_type, org_id = tenant_key(org, using)
    connection = connections[using]
    if not allocation.supports(connection):
        raise SequenceError(f"next_sequence needs PostgreSQL or SQLite 3.35+, not {connection.display_name}.")
    # One clock reading: the yearly reset and the year in the returned string always agree,
    # even when the call straddles midnight on New Year's Eve.
    year = local_year(timezone.now())
    create_with = (prefix, pad_width, bool(include_year), bool(reset_yearly)) if auto_create else None
    content_type_id = content_type.pk if content_type else None
    bounded_wait = nullcontext() if lock_timeout is None else locks.lock_timeout(connection, lock_timeout)
    try:
        with bounded_wait:
            row = allocation.allocate(connection, scope, content_type_id, org_id, year, create_with)
    except OperationalError as error:
        if locks.is_lock_failure(error):
            raise SequenceLockedError(f"{_describe(scope, content_type, org_id)} is locked.") from error
        raise
    if row is None:
        raise SequenceNotFoundError(f"{_describe(scope, content_type, org_id)} does not exist.")
    value, stored_prefix, stored_pad_width, stored_include_year = row
    return format_number(stored_prefix, value, stored_pad_width, year if stored_include_year else None)


def _check_arguments(scope, prefix, pad_width, lock_timeout) -> None:
    """Refuse bad arguments before anything touches the database."""
    for name, value, max_length, allow_empty in (
        ("scope", scope, SCOPE_LENGTH, False),
        ("prefix", prefix, PREFIX_LENGTH, True),
    ):
        if not isinstance(value, str) or len(value) > max_length or not (allow_empty or value.strip()):
            rule = "a string" if allow_empty else "a non-blank string"
            raise ValueError(f"{name} must be {rule} of at most {max_length} characters, not {value!r}.")
    if isinstance(pad_width, bool) or not isinstance(pad_width, int) or not 1 <= pad_width <= MAX_PAD_WIDTH:
        raise ValueError(f"pad_width must be an integer from 1 to {MAX_PAD_WIDTH}, not {pad_width!r}.")
    if lock_timeout is not None and (
        isinstance(lock_timeout, bool)
        or not isinstance(lock_timeout, int | float)
        or not 0 <= lock_timeout < float("inf")
    ):
        raise ValueError(f"lock_timeout must be None or a number of seconds >= 0, not {lock_timeout!r}.")


def _describe(scope, content_type, org_id) -> str:
    tenant = f"{content_type.app_label}.{content_type.model} {org_id}" if content_type else "global"
    return f"Sequence {scope!r} ({tenant})"
