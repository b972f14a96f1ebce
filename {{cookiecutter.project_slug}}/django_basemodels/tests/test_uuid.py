"""UUIDModel, and the seed's recommended combinations with it."""

import uuid

import pytest
from django.db import models
from django.forms import modelform_factory

from django_basemodels import BaseModel, SoftDeleteManager, TimeStampedModel, UUIDModel
from django_basemodels.tests.models import AuditLog, Customer


def field_names(model):
    return [field.name for field in model._meta.concrete_fields]


def test_primary_key_is_a_random_uuid_set_before_saving():
    first, second = AuditLog(action="a"), AuditLog(action="b")
    assert isinstance(first.pk, uuid.UUID)
    assert first.pk.version == 4
    assert first.pk != second.pk


def test_primary_key_is_not_editable():
    assert AuditLog._meta.pk.name == "id"
    assert AuditLog._meta.pk.editable is False
    assert "id" not in modelform_factory(AuditLog, fields="__all__").base_fields


@pytest.mark.django_db
def test_saved_row_is_found_by_its_uuid_and_its_string():
    log = AuditLog.objects.create(action="login")
    assert AuditLog.objects.get(pk=log.pk) == log
    assert AuditLog.objects.get(pk=str(log.pk)) == log


def test_uuid_model_with_base_model_has_every_field_and_the_soft_delete_managers():
    """``class Customer(UUIDModel, BaseModel)``: the seed's standard model."""
    assert issubclass(Customer, UUIDModel)
    assert issubclass(Customer, BaseModel)
    assert field_names(Customer) == ["id", "created_at", "updated_at", "deleted_at", "name", "email"]
    assert isinstance(Customer._meta.pk, models.UUIDField)
    assert isinstance(Customer._default_manager, SoftDeleteManager)
    assert Customer._default_manager.name == "objects"


def test_uuid_model_with_timestamped_model_has_no_soft_delete():
    """``class AuditLog(UUIDModel, TimeStampedModel)``: the seed's immutable record."""
    assert issubclass(AuditLog, TimeStampedModel)
    assert field_names(AuditLog) == ["id", "created_at", "updated_at", "action", "details"]
    assert not hasattr(AuditLog, "all_objects")
    assert not hasattr(AuditLog, "hard_delete")


@pytest.mark.django_db
def test_delete_of_a_model_without_soft_delete_removes_the_row():
    log = AuditLog.objects.create(action="login")
    log.delete()
    assert not AuditLog.objects.filter(pk=log.pk).exists()
