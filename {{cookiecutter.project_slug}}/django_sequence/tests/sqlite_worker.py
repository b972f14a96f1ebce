"""Run next_sequence against a SQLite file in a process of its own; a helper of test_load.py.

    python -m django_sequence.tests.sqlite_worker PATH migrate
    python -m django_sequence.tests.sqlite_worker PATH write CALLS   # says "ready", waits for a line
    python -m django_sequence.tests.sqlite_worker PATH lock-timeout

The settings are the project's own (DJANGO_SETTINGS_MODULE), SQLite OPTIONS included; only the
database NAME is replaced. Results are printed as JSON on the last line.
"""

import json
import sqlite3
import sys

import django
from django.conf import settings


def write(calls):
    """Allocate like a busy application: half the calls in a transaction that reads first."""
    from django.db import transaction

    from django_sequence import Sequence, next_sequence

    print("ready", flush=True)
    sys.stdin.readline()
    numbers = []
    for call in range(calls):
        if call % 2:
            with transaction.atomic():
                Sequence.objects.filter(scope="shared").exists()
                numbers.append(next_sequence("shared", include_year=False))
        else:
            numbers.append(next_sequence("shared", include_year=False))
    return [int(number) for number in numbers]


def lock_timeout(path):
    """Allocate while another connection holds SQLite's write lock."""
    from django.db import connection

    from django_sequence import SequenceLockedError, next_sequence

    next_sequence("locked", include_year=False)
    busy_timeout_before = busy_timeout(connection)
    blocker = sqlite3.connect(path, isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")
    try:
        next_sequence("locked", lock_timeout=0.05)
        outcome = "allocated"
    except SequenceLockedError:
        outcome = "locked"
    blocker.execute("ROLLBACK")
    return {
        "outcome": outcome,
        "busy_timeout_before": busy_timeout_before,
        "busy_timeout_after": busy_timeout(connection),
        "after": next_sequence("locked", lock_timeout=0.05),
    }


def busy_timeout(connection):
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA busy_timeout")
        return cursor.fetchone()[0]


def main(path, mode, *arguments):
    settings.DATABASES["default"]["NAME"] = path
    django.setup()
    if mode == "migrate":
        from django.core.management import call_command

        call_command("migrate", "django_sequence", verbosity=0)
        result = "migrated"
    elif mode == "write":
        result = write(int(arguments[0]))
    else:
        result = lock_timeout(path)
    print(json.dumps(result), flush=True)


if __name__ == "__main__":
    main(*sys.argv[1:])
