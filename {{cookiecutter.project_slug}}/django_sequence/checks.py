from django.core.checks import Error
from django.db import connections, router

from django_sequence import allocation
from django_sequence.models import Sequence


def check_database_support(app_configs=None, **kwargs):
    """Every database that holds sequences must return rows from UPDATE (PostgreSQL, SQLite ≥ 3.35)."""
    return [
        Error(
            f"Database {alias!r} ({connections[alias].display_name}) cannot hold sequences: "
            "next_sequence needs UPDATE … RETURNING.",
            hint="Use PostgreSQL, or SQLite 3.35 or newer.",
            obj=Sequence,
            id="django_sequence.E001",
        )
        for alias in connections
        if router.allow_migrate_model(alias, Sequence) and not allocation.supports(connections[alias])
    ]
