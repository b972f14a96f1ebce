"""TimeStampedModel: created_at once, updated_at on every save, update_fields included."""

import datetime

import pytest
from django.forms import modelform_factory

from django_basemodels.tests.models import AuditLog, Customer

pytestmark = pytest.mark.django_db


def test_create_sets_created_at_and_updated_at(clock):
    log = AuditLog.objects.create(action="login")
    log.refresh_from_db()
    assert log.created_at == clock.now
    assert log.updated_at == clock.now


def test_created_at_cannot_be_backdated_on_create(clock):
    log = AuditLog.objects.create(action="login", created_at=clock.now.replace(year=2000))
    log.refresh_from_db()
    assert log.created_at == clock.now


def test_save_bumps_updated_at_and_keeps_created_at(clock):
    log = AuditLog.objects.create(action="login")
    created = clock.now
    later = clock.advance(minutes=5)
    log.action = "logout"
    log.save()
    log.refresh_from_db()
    assert log.created_at == created
    assert log.updated_at == later


def test_save_with_update_fields_also_writes_updated_at(clock):
    customer = Customer.objects.create(name="Bob", email="bob@example.com")
    later = clock.advance(minutes=5)
    customer.name = "Robert"
    customer.email = "robert@example.com"  # not in update_fields: must not be written
    customer.save(update_fields=["name"])
    customer.refresh_from_db()
    assert (customer.name, customer.email, customer.updated_at) == ("Robert", "bob@example.com", later)


def test_save_with_update_fields_accepts_any_iterable(clock):
    customer = Customer.objects.create(name="Bob", email="bob@example.com")
    later = clock.advance(minutes=5)
    customer.name = "Robert"
    customer.save(update_fields=(name for name in ["name"]))
    customer.refresh_from_db()
    assert (customer.name, customer.updated_at) == ("Robert", later)


def test_save_with_empty_update_fields_writes_nothing(clock):
    customer = Customer.objects.create(name="Bob", email="bob@example.com")
    created = clock.now
    clock.advance(minutes=5)
    customer.name = "Robert"
    customer.save(update_fields=[])
    customer.refresh_from_db()
    assert (customer.name, customer.updated_at) == ("Bob", created)


def test_bulk_create_sets_both_timestamps(clock):
    AuditLog.objects.bulk_create([AuditLog(action="a"), AuditLog(action="b")])
    assert set(AuditLog.objects.values_list("created_at", "updated_at")) == {(clock.now, clock.now)}


def test_queryset_update_leaves_updated_at_alone_unless_given(clock):
    """Django's update() skips auto_now: pass updated_at yourself (see the README)."""
    log = AuditLog.objects.create(action="login")
    created = clock.now
    later = clock.advance(minutes=5)
    AuditLog.objects.filter(pk=log.pk).update(action="logout")
    log.refresh_from_db()
    assert log.updated_at == created
    AuditLog.objects.filter(pk=log.pk).update(action="logout", updated_at=later)
    log.refresh_from_db()
    assert log.updated_at == later


def test_timestamps_are_not_editable_in_forms():
    form_class = modelform_factory(AuditLog, fields="__all__")
    assert set(form_class.base_fields) == {"action", "details"}


def test_a_new_row_has_one_instant_for_both_timestamps():
    """Without the frozen clock: Django's auto_now_add and auto_now would each read the time."""
    logs = [AuditLog.objects.create(action="login") for _ in range(20)]
    logs += AuditLog.objects.bulk_create([AuditLog(action="bulk") for _ in range(20)])
    for log in AuditLog.objects.all():
        assert log.created_at == log.updated_at
    assert all(log.created_at == log.updated_at for log in logs)


def test_later_saves_move_updated_at_only(clock):
    log = AuditLog.objects.create(action="login")
    later = clock.advance(seconds=1)
    log.save()
    log.refresh_from_db()
    assert (log.created_at, log.updated_at) == (later - datetime.timedelta(seconds=1), later)


def test_migrations_record_a_plain_datetime_field():
    """updated_at behaves differently on insert only: its migrations are Django's."""
    _, path, _, kwargs = AuditLog._meta.get_field("updated_at").deconstruct()
    assert (path, kwargs) == ("django.db.models.DateTimeField", {"auto_now": True})


@pytest.mark.parametrize(
    "load", [lambda qs: qs.only("name"), lambda qs: qs.defer("updated_at")], ids=["only", "defer"]
)
def test_saving_a_partly_loaded_instance_writes_updated_at(clock, load):
    customer = Customer.objects.create(name="Bob", email="bob@example.com")
    later = clock.advance(minutes=5)
    partial = load(Customer.objects.all()).get(pk=customer.pk)
    partial.name = "Robert"
    partial.save()
    customer.refresh_from_db()
    assert (customer.name, customer.email, customer.updated_at) == ("Robert", "bob@example.com", later)
