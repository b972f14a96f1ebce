"""Several databases: every write goes to the database of the instance or queryset, and the form
field and the fixture commands look for deleted rows there too."""

import json

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from django_basemodels.forms import SoftDeleteModelChoiceField
from django_basemodels.tests.models import Customer

# The second database of tests/settings.py (django_sequence's tests use it too).
OTHER = "sequences"

pytestmark = pytest.mark.django_db(databases=["default", OTHER])


@pytest.fixture
def elsewhere():
    """The customers manager of the other database, holding an active Bob and a deleted Eve."""
    customers = Customer.objects.db_manager(OTHER)
    customers.create(name="Bob", email="bob@example.com")
    customers.create(name="Eve", email="eve@example.com").delete()
    return customers


def names(queryset):
    return sorted(customer.name for customer in queryset)


def test_model_methods_write_to_the_instances_database(elsewhere):
    bob = elsewhere.get(name="Bob")
    assert bob.delete() == (1, {"basemodels_tests.Customer": 1})
    assert names(elsewhere.deleted_only()) == ["Bob", "Eve"]
    bob.restore()
    assert names(elsewhere.all()) == ["Bob"]
    bob.hard_delete()
    assert names(elsewhere.with_deleted()) == ["Eve"]
    assert not Customer.all_objects.using("default").exists()


def test_bulk_writes_go_to_the_querysets_database(elsewhere):
    assert elsewhere.all().delete() == (1, {"basemodels_tests.Customer": 1})
    assert elsewhere.deleted_only().restore() == 2
    assert elsewhere.all().soft_delete() == 2
    assert elsewhere.with_deleted().hard_delete()[0] == 2
    assert not Customer.all_objects.using(OTHER).exists()


def test_a_choice_field_on_another_database_names_a_deleted_row(elsewhere):
    field = SoftDeleteModelChoiceField(queryset=Customer.objects.using(OTHER))
    eve = elsewhere.deleted_only().get()
    with pytest.raises(ValidationError) as raised:
        field.clean(eve.pk)
    assert raised.value.messages == ["Eve has been deleted and cannot be chosen."]
    field.keep(eve.pk)
    assert field.clean(eve.pk) == eve


def test_dumpdata_of_another_database_has_its_deleted_rows(elsewhere, tmp_path):
    path = tmp_path / "dump.json"
    call_command("dumpdata", "basemodels_tests.Customer", database=OTHER, output=str(path))
    assert sorted(row["fields"]["name"] for row in json.loads(path.read_text())) == ["Bob", "Eve"]
    call_command("loaddata", str(path), database="default", verbosity=0)
    assert names(Customer.objects.using("default")) == ["Bob"]
    assert names(Customer.all_objects.using("default")) == ["Bob", "Eve"]
