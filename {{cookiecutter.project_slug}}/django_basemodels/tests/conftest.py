import datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.utils import timezone

from django_basemodels.tests.models import Customer

START = datetime.datetime(2025, 1, 1, 12, 0, tzinfo=ZoneInfo("UTC"))


class Clock:
    """What ``timezone.now()`` returns while the ``clock`` fixture is active."""

    def __init__(self):
        self.now = START

    def advance(self, **delta):
        self.now += datetime.timedelta(**delta)
        return self.now


@pytest.fixture
def clock(monkeypatch):
    """Stops ``django.utils.timezone.now()`` (which ``auto_now`` and this package call) at ``clock.now``."""
    clock = Clock()
    monkeypatch.setattr(timezone, "now", lambda: clock.now)
    return clock


@pytest.fixture
def create_tables(transactional_db):
    """Creates tables for models built inside a test (in an isolated registry); drops them after.

    Schema changes need a transactional test: SQLite refuses them inside the test's transaction.
    """
    created = []

    def create(*models):
        with connection.schema_editor() as editor:
            for model in models:
                editor.create_model(model)
                created.append(model)

    yield create
    with connection.schema_editor() as editor:
        for model in reversed(created):
            editor.delete_model(model)


@pytest.fixture
def bob(db):
    """An active customer."""
    return Customer.objects.create(name="Bob", email="bob@example.com")


@pytest.fixture
def eve(db):
    """A soft-deleted customer."""
    eve = Customer.objects.create(name="Eve", email="eve@example.com")
    eve.delete()
    return eve
