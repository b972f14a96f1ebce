"""One tenant, one counter: the key is the tenant's primary key as its field stores it, and a
tenant type that still has counters cannot be removed."""

import uuid

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db.models import ProtectedError
from django.utils.functional import SimpleLazyObject

from django_sequence import Sequence, next_sequence, next_value
from django_sequence.tests.models import Branch, Organization, Shelf, Warehouse

pytestmark = pytest.mark.django_db


def saved(model, pk, **fields):
    """An instance saved with ``pk`` exactly as given (as a form or a fixture would give it)."""
    instance = model(pk=pk, **fields)
    instance.save()
    return instance


def test_an_integer_key_given_as_text_is_the_same_tenant(org):
    as_text = Organization.objects.get()
    as_text.pk = f"0{org.pk}"  # e.g. from a URL or a form, assigned as it came
    numbers = [next_sequence("invoice", org=tenant, include_year=False) for tenant in (as_text, org)]
    assert numbers == ["000001", "000002"]
    assert Sequence.objects.values_list("org_id", flat=True).get() == str(org.pk)


def test_a_uuid_key_in_any_spelling_is_the_same_tenant():
    key = uuid.uuid4()
    branch = saved(Branch, str(key).upper(), name="North")
    assert branch.pk == str(key).upper()  # Django keeps what it was given
    tenants = [branch, Branch.objects.get(), Branch.objects.get()]
    tenants[1].pk = key.hex  # 32 hex digits, no hyphens
    numbers = [next_sequence("invoice", org=tenant, include_year=False) for tenant in tenants]
    assert numbers == ["000001", "000002", "000003"]
    assert Sequence.objects.values_list("org_id", flat=True).get() == str(key)


def test_preconfigured_row_and_next_sequence_agree_on_the_key():
    branch = saved(Branch, str(uuid.uuid4()).upper(), name="North")
    Sequence.objects.create(scope="invoice", org=branch, current_value=100, include_year=False)
    assert next_sequence("invoice", org=Branch.objects.get()) == "000101"
    assert Sequence.objects.count() == 1


@pytest.mark.parametrize("tenant", [Organization(pk=1, name="Acme"), Branch(name="North")])
def test_an_unsaved_tenant_is_refused_even_with_a_primary_key(tenant):
    """``Branch(name=…)`` already has a UUID from its default; it is still not in the database."""
    assert tenant.pk is not None
    with pytest.raises(ValueError, match=f"org must be saved first: this {type(tenant).__name__} is not"):
        next_sequence("invoice", org=tenant)
    assert not Sequence.objects.exists()


def test_a_tenant_type_with_counters_cannot_be_deleted(org, org_type):
    next_sequence("invoice", org=org)
    with pytest.raises(ProtectedError):
        org_type.delete()
    assert next_value("invoice", org=org) == 2


def test_remove_stale_contenttypes_keeps_the_counters_of_a_removed_model():
    """A model that was deleted from the code leaves a stale content type; the command that tidies
    those up must not take the model's counters (and so their numbering) with it."""
    stale = ContentType.objects.create(app_label="sequence_tests", model="formerbranch")
    Sequence.objects.create(scope="invoice", org_content_type=stale, org_id="1", current_value=41)
    with pytest.raises(ProtectedError):
        call_command("remove_stale_contenttypes", interactive=False, verbosity=0)
    assert Sequence.objects.get().current_value == 41
    assert ContentType.objects.filter(pk=stale.pk).exists()


def test_a_tenant_keyed_by_a_code_has_its_own_counter():
    north, south = Warehouse.objects.create(code="NORTH"), Warehouse.objects.create(code="north")
    numbers = [next_sequence("receipt", org=tenant, include_year=False) for tenant in (north, south, north)]
    assert numbers == ["000001", "000001", "000002"]
    assert Sequence.objects.get(org_id="NORTH").org == north


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("W" * 256, "as text it must hold 1 to 255 characters"),
        ("", "as text it must hold 1 to 255 characters"),  # "" is what a global sequence stores
    ],
)
def test_a_key_that_does_not_fit_the_tenant_id_is_refused(code, message):
    """PostgreSQL failed with a bare DataError; SQLite stored a row that full_clean() refuses."""
    warehouse = Warehouse.objects.create(code=code)
    with pytest.raises(ValueError, match=message):
        next_sequence("receipt", org=warehouse)
    assert not Sequence.objects.exists()


def test_a_model_with_a_composite_key_is_refused():
    """Its key, a tuple, was stored as text that could not find the tenant again."""
    shelf = Shelf.objects.create(warehouse=Warehouse.objects.create(code="N"), position=1)
    with pytest.raises(ValueError, match="Shelf has a composite primary key: it cannot own sequences"):
        next_sequence("receipt", org=shelf)
    assert not Sequence.objects.exists()


def test_a_lazy_tenant_such_as_request_user_is_its_model_instance(org):
    """``request.user`` is a SimpleLazyObject: it failed with AttributeError ('_meta')."""
    lazy = SimpleLazyObject(lambda: Organization.objects.get(pk=org.pk))
    assert next_sequence("invoice", org=lazy, include_year=False) == "000001"
    assert next_sequence("invoice", org=org, include_year=False) == "000002"
    sequence = Sequence(scope="order")
    sequence.org = SimpleLazyObject(lambda: org)
    assert sequence.org_id == str(org.pk)
    with pytest.raises(ValueError, match="org must be a model instance or None, not AnonymousUser"):
        next_sequence("invoice", org=SimpleLazyObject(AnonymousUser))
