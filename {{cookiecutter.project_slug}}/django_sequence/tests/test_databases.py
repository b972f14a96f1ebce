"""Sequences on a database of their own ("sequences", a SQLite database in tests/settings.py),
chosen by a router or by ``using=``, while the tenants stay on the default database.

The two databases number their content types differently here, as databases migrated in another
order or with other apps do: a row must carry the content type of the database it is written to.
"""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings

from django_sequence import Sequence, next_sequence, next_value
from django_sequence.tests.conftest import rolled_back
from django_sequence.tests.models import Organization

pytestmark = pytest.mark.django_db(databases=["default", "sequences"])


class SequencesElsewhere:
    """Reads and writes django_sequence's rows on the "sequences" database."""

    def db_for_read(self, model, **hints):
        return "sequences" if model._meta.app_label == "django_sequence" else None

    db_for_write = db_for_read


@pytest.fixture
def acme():
    """A tenant on the default database, whose content type has another id on "sequences"."""
    on_sequences = ContentType.objects.db_manager("sequences")
    on_sequences.filter(app_label="sequence_tests", model="organization").delete()
    on_sequences.create(app_label="sequence_tests", model="organization")
    ContentType.objects.clear_cache()
    assert ContentType.objects.get_for_model(Organization).pk != on_sequences.get_for_model(Organization).pk
    return Organization.objects.create(name="Acme")


def stored_content_type_id():
    return Sequence.objects.using("sequences").values_list("org_content_type_id", flat=True).get()


def content_type_id_on_sequences():
    return ContentType.objects.db_manager("sequences").get_for_model(Organization).pk


@pytest.fixture
def routed():
    with override_settings(DATABASE_ROUTERS=[SequencesElsewhere()]):
        yield


@pytest.mark.usefixtures("routed")
class TestRouter:
    def test_the_row_carries_the_content_type_of_its_own_database(self, acme):
        assert next_sequence("invoice", org=acme, include_year=False) == "000001"
        assert next_sequence("invoice", org=acme, include_year=False) == "000002"
        assert stored_content_type_id() == content_type_id_on_sequences()
        assert Sequence.objects.get().org == acme
        assert not Sequence.objects.using("default").exists()

    def test_the_readme_pre_configuration_works_there(self, acme, year):
        Sequence.objects.create(
            scope="purchase_order", org=acme, prefix="PO-", pad_width=8, current_value=1000
        )
        assert next_sequence("purchase_order", org=acme) == f"PO-{year}-00001001"
        assert stored_content_type_id() == content_type_id_on_sequences()

    def test_a_rollback_on_the_default_database_does_not_give_the_number_back(self, acme):
        """The increment commits on "sequences" by itself: the default database's transaction
        does not cover it (the README says so)."""
        rolled_back(next_value, "invoice", acme)
        assert next_value("invoice", acme) == 2

    def test_a_transaction_on_the_sequences_database_gives_it_back(self, acme):
        with transaction.atomic(using="sequences"):
            assert next_value("invoice", acme) == 1
            transaction.set_rollback(True, using="sequences")
        assert next_value("invoice", acme) == 1


class TestUsing:
    def test_using_takes_the_content_type_from_that_database(self, acme):
        assert next_value("invoice", acme, using="sequences") == 1
        assert stored_content_type_id() == content_type_id_on_sequences()
        assert next_value("invoice", acme) == 1  # the default database's own counter

    def test_the_readme_pre_configuration_works_with_using(self, acme, year):
        Sequence.objects.using("sequences").create(
            scope="purchase_order", org=acme, prefix="PO-", pad_width=8, current_value=1000
        )
        assert stored_content_type_id() == content_type_id_on_sequences()
        assert next_sequence("purchase_order", org=acme, using="sequences") == f"PO-{year}-00001001"


def test_a_dump_with_natural_foreign_keys_moves_counters_to_another_database(acme, tmp_path):
    """Content type ids differ between the databases: dumped by natural key, each counter stays
    its tenant's."""
    next_sequence("invoice", org=acme, include_year=False)
    fixture = tmp_path / "sequences.json"
    call_command("dumpdata", "django_sequence", "--natural-foreign", output=fixture, verbosity=0)
    call_command("loaddata", fixture, database="sequences", verbosity=0)
    assert stored_content_type_id() == content_type_id_on_sequences()
    assert next_sequence("invoice", org=acme, using="sequences") == "000002"
