import pytest
from django.core.cache import caches
from django.db import DEFAULT_DB_ALIAS, connections


@pytest.fixture(autouse=True)
def cache(settings):
    """A local-memory cache of the singleton tests' own: nothing leaks into or out of them."""
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "singleton-tests"}
    }
    cache = caches["default"]
    yield cache
    cache.clear()


@pytest.fixture
def insert_rogue_row():
    """Insert a row with the given pk straight into the model's table, bypassing the ORM's guards."""

    def insert(model, pk, using=DEFAULT_DB_ALIAS, **values):
        connection = connections[using]
        quote = connection.ops.quote_name
        columns = ", ".join(quote(column) for column in [model._meta.pk.column, *values])
        placeholders = ", ".join(["%s"] * (1 + len(values)))
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES ({placeholders})",
                [pk, *values.values()],
            )

    return insert
