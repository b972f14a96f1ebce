"""Project-wide pytest fixtures and markers."""

import pytest
from django.db import connection


def pytest_collection_modifyitems(config, items):
    """Skip, with a visible reason, the tests that need PostgreSQL when the database is not."""
    if connection.vendor == "postgresql":
        return
    reason = f"needs PostgreSQL; the database is {connection.vendor} (set DATABASE_URL=postgres://...)"
    for item in items:
        if item.get_closest_marker("postgresql"):
            item.add_marker(pytest.mark.skip(reason=reason))
