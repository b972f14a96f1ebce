"""dumpdata and loaddata: the default dump has every row, so it loads back.

Decision: ``dumpdata`` (this app's override of Django's command) includes soft-deleted rows, which
load back deleted. Django's command reads the default manager, which hides them, while active rows
may point to them: its dump would not load. ``loaddata`` (overridden too) finds deleted rows by
their natural keys.
"""

import json

import pytest
from django.core.management import call_command, get_commands
from django.core.management.commands import dumpdata as django_dumpdata
from django.db import IntegrityError, transaction

from django_basemodels.tests.models import Customer, Group, Membership, Order, Person

pytestmark = pytest.mark.django_db


@pytest.fixture
def data():
    """An active order of a deleted customer, and a deleted order of an active one."""
    bob = Customer.objects.create(name="Bob", email="bob@example.com")
    eve = Customer.objects.create(name="Eve", email="eve@example.com")
    Order.objects.create(customer=bob, reference="A-1")
    Order.objects.create(customer=eve, reference="B-1").delete()
    bob.delete()


def state():
    return sorted(
        [(c.name, c.is_deleted) for c in Customer.all_objects.all()]
        + [(o.reference, o.is_deleted) for o in Order.all_objects.all()]
    )


def dump(tmp_path, command="dumpdata"):
    path = tmp_path / "dump.json"
    call_command(command, "basemodels_tests.Customer", "basemodels_tests.Order", output=str(path))
    return path


def test_the_apps_dumpdata_replaces_djangos():
    assert get_commands()["dumpdata"] == "django_basemodels"


def test_default_dump_has_the_deleted_rows(data, tmp_path):
    rows = json.loads(dump(tmp_path).read_text())
    assert len(rows) == 4


def test_default_dump_loads_back_as_it_was(data, tmp_path):
    before = state()
    path = dump(tmp_path)
    Order.all_objects.all().hard_delete()
    Customer.all_objects.all().hard_delete()
    call_command("loaddata", str(path), verbosity=0)
    assert state() == before == [("A-1", False), ("B-1", True), ("Bob", True), ("Eve", False)]


def test_djangos_own_dump_would_not_load(data, tmp_path):
    """Why the command is replaced: the active order points to a customer the dump left out."""
    path = dump(tmp_path, command=django_dumpdata.Command())
    Order.all_objects.all().hard_delete()
    Customer.all_objects.all().hard_delete()
    with pytest.raises(IntegrityError), transaction.atomic():
        call_command("loaddata", str(path), verbosity=0)


def test_dump_options_work_as_in_django(data, tmp_path):
    path = tmp_path / "dump.json"
    call_command("dumpdata", "basemodels_tests.Customer", output=str(path), all=True, indent=2)
    assert len(json.loads(path.read_text())) == 2


# --- Natural keys (``Person`` is known by its name) ----------------------------------------------


@pytest.fixture
def members():
    """Ann and Ben in a group; Ann deleted since, her link kept (deleting a person leaves the links)."""
    group = Group.objects.create(name="Staff")
    ann, ben = (Person.objects.create(name=name) for name in ("Ann", "Ben"))
    group.members.add(ann, ben)
    ann.delete()


def people():
    return sorted((person.name, person.is_deleted) for person in Person.all_objects.all())


def test_the_apps_loaddata_replaces_djangos():
    assert get_commands()["loaddata"] == "django_basemodels"


def test_natural_keys_of_deleted_rows_load_back(members, tmp_path):
    path = tmp_path / "dump.json"
    models = ["basemodels_tests.Person", "basemodels_tests.Group", "basemodels_tests.Membership"]
    call_command("dumpdata", *models, natural_foreign=True, output=str(path))
    assert ["Ann"] in [row["fields"].get("person") for row in json.loads(path.read_text())]
    for model in (Membership, Group, Person):
        model.all_objects.all().hard_delete()
    call_command("loaddata", str(path), verbosity=0)
    members = [link.person for link in Membership.objects.select_related("person")]
    assert sorted((person.name, person.is_deleted) for person in members) == [("Ann", True), ("Ben", False)]


def test_natural_primary_keys_update_a_deleted_row_rather_than_insert_it_again(members, tmp_path):
    path = tmp_path / "dump.json"
    call_command("dumpdata", "basemodels_tests.Person", natural_primary=True, output=str(path))
    call_command("loaddata", str(path), verbosity=0)
    assert people() == [("Ann", True), ("Ben", False)]
