import pytest
from django.core import checks
from django.db import connection

from django_sequence import SequenceError, allocation, next_sequence
from django_sequence.checks import check_database_support


def test_the_test_database_is_supported():
    assert allocation.supports(connection)
    assert check_database_support in checks.registry.registry.get_checks()
    assert check_database_support() == []


@pytest.mark.sqlite
def test_sqlite_without_returning_is_reported(monkeypatch):
    """Only SQLite's support depends on its version."""
    monkeypatch.setattr(connection.features, "can_return_columns_from_insert", False)  # as before 3.35
    [error] = check_database_support()
    assert error.id == "django_sequence.E001"
    assert "'default' (SQLite)" in error.msg
    with pytest.raises(SequenceError, match=r"needs PostgreSQL or SQLite 3\.35\+, not SQLite"):
        next_sequence("invoice")
