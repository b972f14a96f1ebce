"""The public functions: formatted numbers one at a time or in batches, plain integers, async twins."""

from contextlib import nullcontext

from asgiref.sync import sync_to_async
from django.db import OperationalError, connections, router

from django_sequence import allocation, locks
from django_sequence.exceptions import (
    SequenceError,
    SequenceLockedError,
    SequenceNotFoundError,
    SequenceOverflowError,
)
from django_sequence.models import MAX_PAD_WIDTH, MAX_VALUE, Sequence, format_number, local_year, tenant_key

SCOPE_LENGTH = Sequence._meta.get_field("scope").max_length
PREFIX_LENGTH = Sequence._meta.get_field("prefix").max_length
MAX_BATCH = 1_000_000  # numbers per next_sequences call: the strings are built in memory


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
    ``SequenceNotFoundError`` instead of creating it. The year in the number is the row's year
    after the increment, which never goes backwards.

    The increment is part of the caller's transaction: the row stays locked until it ends, and a
    rollback gives the number back. ``lock_timeout`` (seconds, at most ``locks.MAX_SECONDS``)
    bounds the wait for that lock: ``SequenceLockedError`` is raised and, on PostgreSQL, the
    caller's transaction is still usable (the allocation ran in a savepoint). On SQLite it cannot
    be given inside a transaction, which took the database's write lock when it began.
    """
    value, prefix, pad_width, include_year, year = _allocate(
        scope, 1, org, prefix, pad_width, include_year, auto_create, reset_yearly, lock_timeout, using
    )
    return format_number(prefix, value, pad_width, year if include_year else None)


def next_sequences(
    scope: str,
    count: int,
    org=None,
    prefix: str = "",
    pad_width: int = 6,
    include_year: bool = True,
    auto_create: bool = True,
    *,
    reset_yearly: bool = False,
    lock_timeout: float | None = None,
    using: str | None = None,
) -> list[str]:
    """``count`` consecutive numbers of ``scope``, allocated in one statement (e.g. for
    ``bulk_create``); otherwise exactly as ``next_sequence``."""
    if isinstance(count, bool) or not isinstance(count, int) or not 1 <= count <= MAX_BATCH:
        raise ValueError(f"count must be an integer from 1 to {MAX_BATCH:,}, not {count!r}.")
    last, prefix, pad_width, include_year, year = _allocate(
        scope, count, org, prefix, pad_width, include_year, auto_create, reset_yearly, lock_timeout, using
    )
    shown_year = year if include_year else None
    return [
        format_number(prefix, value, pad_width, shown_year) for value in range(last - count + 1, last + 1)
    ]


def next_value(
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
) -> int:
    """The next number of ``scope`` as an integer: same row, same rules as ``next_sequence``."""
    return _allocate(
        scope, 1, org, prefix, pad_width, include_year, auto_create, reset_yearly, lock_timeout, using
    )[0]


async def anext_sequence(*args, **kwargs) -> str:
    """``next_sequence`` for async code, on the connection (and transaction) of sync ORM calls."""
    return await sync_to_async(next_sequence)(*args, **kwargs)


async def anext_sequences(*args, **kwargs) -> list[str]:
    """``next_sequences`` for async code, on the connection (and transaction) of sync ORM calls."""
    return await sync_to_async(next_sequences)(*args, **kwargs)


def _allocate(
    scope, count, org, prefix, pad_width, include_year, auto_create, reset_yearly, lock_timeout, using
):
    """Grow the counter by ``count``: (last value, prefix, pad_width, include_year, year) of the row."""
    _check_arguments(scope, prefix, pad_width, include_year, auto_create, reset_yearly, lock_timeout)
    using = using or router.db_for_write(Sequence)
    connection = connections[using]
    if not allocation.supports(connection):
        raise SequenceError(f"next_sequence needs PostgreSQL or SQLite 3.35+, not {connection.display_name}.")
    if lock_timeout is not None and connection.vendor == "sqlite" and connection.in_atomic_block:
        raise ValueError(
            "lock_timeout cannot be used inside a transaction on SQLite: the transaction took the "
            "database's write lock when it began. Allocate outside atomic(), or rely on the busy timeout."
        )
    content_type, org_id = tenant_key(org, using)
    content_type_id = content_type.pk if content_type else None
    create_with = (prefix, pad_width, include_year, reset_yearly) if auto_create else None
    bounded_wait = nullcontext() if lock_timeout is None else locks.lock_timeout(connection, lock_timeout)
    try:
        with bounded_wait:
            row = allocation.allocate(
                connection, scope, content_type_id, org_id, local_year(), count, create_with
            )
    except OperationalError as error:
        if locks.is_lock_failure(error):
            raise SequenceLockedError(f"{_describe(scope, content_type, org_id)} is locked.") from error
        raise
    if row is None:
        rows = Sequence.objects.using(using).filter(scope=scope, org_content_type=content_type, org_id=org_id)
        current = rows.values_list("current_value", flat=True).first()
        if current is None:
            raise SequenceNotFoundError(f"{_describe(scope, content_type, org_id)} does not exist.")
        raise SequenceOverflowError(
            f"{_describe(scope, content_type, org_id)} stands at {current} and cannot issue {count} more "
            f"number(s): the largest is {MAX_VALUE}."
        )
    value, prefix, pad_width, include_year, year = row
    return value, prefix, pad_width, bool(include_year), year


def _check_arguments(scope, prefix, pad_width, include_year, auto_create, reset_yearly, lock_timeout) -> None:
    """Refuse bad arguments before anything touches the database."""
    for name, value, max_length, allow_empty in (
        ("scope", scope, SCOPE_LENGTH, False),
        ("prefix", prefix, PREFIX_LENGTH, True),
    ):
        if not isinstance(value, str) or len(value) > max_length or not (allow_empty or value.strip()):
            rule = "a string" if allow_empty else "a non-blank string"
            raise ValueError(f"{name} must be {rule} of at most {max_length} characters, not {value!r}.")
        if not _storable(value):
            raise ValueError(f"{name} cannot hold NUL characters or lone surrogates, not {value!r}.")
    if isinstance(pad_width, bool) or not isinstance(pad_width, int) or not 1 <= pad_width <= MAX_PAD_WIDTH:
        raise ValueError(f"pad_width must be an integer from 1 to {MAX_PAD_WIDTH}, not {pad_width!r}.")
    for name, value in (
        ("include_year", include_year),
        ("auto_create", auto_create),
        ("reset_yearly", reset_yearly),
    ):
        if type(value) is not bool:  # the string "False" is true; a lazy object's class is its target's
            raise ValueError(f"{name} must be True or False, not {type(value).__name__} {value!r}.")
    if reset_yearly and not include_year:
        raise ValueError("reset_yearly=True needs include_year=True, or numbers repeat every January.")
    if lock_timeout is not None and (
        isinstance(lock_timeout, bool)
        or not isinstance(lock_timeout, int | float)
        or not 0 <= lock_timeout < float("inf")
    ):
        raise ValueError(f"lock_timeout must be None or a number of seconds >= 0, not {lock_timeout!r}.")


def _storable(text: str) -> bool:
    """Whether every database can store ``text``: PostgreSQL refuses NUL characters, and lone
    surrogates (halves of a UTF-16 pair) are no UTF-8 at all."""
    if "\x00" in text:
        return False
    try:
        text.encode()
    except UnicodeEncodeError:
        return False
    return True


def _describe(scope, content_type, org_id) -> str:
    tenant = f"{content_type.app_label}.{content_type.model} {org_id}" if content_type else "global"
    return f"Sequence {scope!r} ({tenant})"
