"""The seed's recommended combinations get migrations that serialize and apply.

The test app has no migrations (its tables are created directly), so the models are rebuilt in
an isolated registry, run through makemigrations' autodetector and writer, and the migration
it writes is applied to the test database, then reverted.
"""

import pytest
from django.db import IntegrityError, connection, models, transaction
from django.db.migrations.autodetector import MigrationAutodetector
from django.db.migrations.graph import MigrationGraph
from django.db.migrations.questioner import MigrationQuestioner
from django.db.migrations.state import ProjectState
from django.db.migrations.writer import MigrationWriter
from django.test.utils import isolate_apps

from django_basemodels import BaseModel, TimeStampedModel, UUIDModel


@pytest.fixture
def recommended_models():
    with isolate_apps("django_basemodels.tests") as registry:

        class Client(UUIDModel, BaseModel):
            email = models.EmailField()

            class Meta:
                constraints = [
                    models.UniqueConstraint(
                        fields=["email"],
                        condition=models.Q(deleted_at__isnull=True),
                        name="unique_active_client_email",
                    )
                ]

        class Journal(UUIDModel, TimeStampedModel):
            action = models.CharField(max_length=50)
            details = models.JSONField()

    return registry, Client, Journal


def written_migration(registry):
    """The source makemigrations would write for the registry, loaded back as a Migration."""
    autodetector = MigrationAutodetector(
        ProjectState(),
        ProjectState.from_apps(registry),
        MigrationQuestioner(specified_apps={"basemodels_tests"}),
    )
    changes = autodetector.changes(MigrationGraph())
    (migration,) = changes["basemodels_tests"]
    namespace = {}
    exec(MigrationWriter(migration).as_string(), namespace)
    return namespace["Migration"](migration.name, "basemodels_tests")


def test_migration_creates_both_models_with_every_field(recommended_models):
    migration = written_migration(recommended_models[0])
    assert migration.name == "0001_initial"
    fields = {operation.name: dict(operation.fields) for operation in migration.operations}
    assert list(fields["Client"]) == ["id", "created_at", "updated_at", "deleted_at", "email"]
    assert list(fields["Journal"]) == ["id", "created_at", "updated_at", "action", "details"]
    uuid_key = fields["Client"]["id"]
    assert (type(uuid_key), uuid_key.primary_key, uuid_key.editable) == (models.UUIDField, True, False)
    assert fields["Client"]["deleted_at"].db_index


@pytest.mark.django_db(transaction=True)
def test_migration_applies_and_the_models_work_on_its_tables(recommended_models):
    registry, Client, Journal = recommended_models
    migration = written_migration(registry)
    with connection.schema_editor() as editor:
        state = migration.apply(ProjectState(), editor)
    try:
        with connection.cursor() as cursor:
            constraints = connection.introspection.get_constraints(cursor, Client._meta.db_table)
        assert constraints["unique_active_client_email"]["unique"]
        assert any(c["index"] and c["columns"] == ["deleted_at"] for c in constraints.values())

        Client.objects.create(email="bob@example.com").delete()
        Client.objects.create(email="bob@example.com")
        with pytest.raises(IntegrityError), transaction.atomic():
            Client.objects.create(email="bob@example.com")
        assert (Client.objects.count(), Client.all_objects.count()) == (1, 2)
        assert Journal.objects.create(action="login", details={}).created_at is not None

        # What a data migration (RunPython) gets: a plain manager, which sees and hard-deletes rows.
        historical = state.apps.get_model("basemodels_tests", "Client")
        assert historical.objects.count() == 2
        historical.objects.filter(deleted_at__isnull=False).delete()
        assert Client.all_objects.count() == 1
    finally:
        with connection.schema_editor() as editor:
            migration.unapply(ProjectState(), editor)
