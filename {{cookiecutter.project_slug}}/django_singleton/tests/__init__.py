import pytest

# For tests that must commit for real: the cache is filled outside transactions and invalidated on
# commit, which the usual test-case transaction would hide. Only the test app's tables are emptied
# after each test (available_apps), not the whole project's: several times faster on PostgreSQL.
committed = pytest.mark.django_db(
    transaction=True, available_apps=["django_singleton", "django_singleton.tests.testapp"]
)
