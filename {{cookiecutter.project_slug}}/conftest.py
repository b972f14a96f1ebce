"""Project-wide pytest configuration: tests that need one database engine."""

import pytest
from django.db import connection

# Marker name -> the engine's name in messages. Mark a test with one of them when it exercises
# behaviour only that engine has (row locks, file locking...).
ENGINE_MARKERS = {"postgresql": "PostgreSQL", "sqlite": "SQLite"}


def pytest_collection_modifyitems(config, items):
    """Skip, with a visible reason, the tests marked for an engine the database is not."""
    for item in items:
        for marker, engine in ENGINE_MARKERS.items():
            if item.get_closest_marker(marker) and connection.vendor != marker:
                reason = f"needs {engine}; the database is {connection.vendor}"
                item.add_marker(pytest.mark.skip(reason=reason))
