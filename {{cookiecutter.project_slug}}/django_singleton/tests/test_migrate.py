"""``migrate`` and ``flush`` change rows without the model's signals: each forgets the cached rows.

Data migrations write through historical models, which have none of SingletonModel's methods,
manager or signals; ``flush`` empties the tables. Both send ``post_migrate`` when done.
"""

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db.migrations.state import ProjectState

from django_singleton.tests import committed
from django_singleton.tests.testapp.models import BetaFlags, FeatureFlags

pytestmark = committed


@pytest.fixture
def warm():
    """The row with search_v2 on, cached."""
    FeatureFlags.objects.create(search_v2=True)
    FeatureFlags.get_instance()
    return FeatureFlags.get_instance()


def test_migrate_forgets_what_a_data_migration_wrote(warm):
    historical = ProjectState.from_apps(apps).apps.get_model("testapp", "FeatureFlags")
    historical.objects.update(search_v2=False)  # as a RunPython function does
    assert FeatureFlags.get_instance().search_v2 is True  # the cache cannot know yet

    call_command("migrate", verbosity=0)

    assert FeatureFlags.get_instance().search_v2 is False


def test_migrate_forgets_the_rows_of_multi_table_children(warm):
    BetaFlags.get_instance()
    BetaFlags.get_instance()
    ProjectState.from_apps(apps).apps.get_model("testapp", "FeatureFlags").objects.update(search_v2=False)

    call_command("migrate", verbosity=0)

    assert BetaFlags.get_instance().search_v2 is False


def test_flush_forgets_the_cached_row(warm):
    call_command("flush", interactive=False, verbosity=0)

    assert FeatureFlags.get_instance().search_v2 is False  # a new row, from the defaults
    assert FeatureFlags.objects.count() == 1


def test_migrate_before_the_database_cache_table_exists(settings):
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "not_created_yet"}
    }

    call_command("migrate", verbosity=0)  # nothing cached there to forget, and no error
