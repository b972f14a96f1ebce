"""The names the package exports, imported lazily from ``django_basemodels``."""

import pytest

import django_basemodels
from django_basemodels import admin, forms, managers, models


def test_every_public_name_is_importable_from_the_package():
    assert django_basemodels.__all__ == [
        "BaseModel",
        "SoftDeleteAdminMixin",
        "SoftDeleteForeignKeysAdminMixin",
        "SoftDeleteManager",
        "SoftDeleteModel",
        "SoftDeleteModelChoiceField",
        "SoftDeleteModelForm",
        "SoftDeleteModelFormMixin",
        "SoftDeleteQuerySet",
        "TimeStampedModel",
        "UUIDModel",
        "deleted_rows_shown",
    ]
    assert django_basemodels.BaseModel is models.BaseModel
    assert django_basemodels.SoftDeleteModel is models.SoftDeleteModel
    assert django_basemodels.TimeStampedModel is models.TimeStampedModel
    assert django_basemodels.UUIDModel is models.UUIDModel
    assert django_basemodels.SoftDeleteManager is managers.SoftDeleteManager
    assert django_basemodels.SoftDeleteQuerySet is managers.SoftDeleteQuerySet
    assert django_basemodels.deleted_rows_shown is managers.deleted_rows_shown
    assert django_basemodels.SoftDeleteAdminMixin is admin.SoftDeleteAdminMixin
    assert django_basemodels.SoftDeleteForeignKeysAdminMixin is admin.SoftDeleteForeignKeysAdminMixin
    assert django_basemodels.SoftDeleteModelChoiceField is forms.SoftDeleteModelChoiceField
    assert django_basemodels.SoftDeleteModelForm is forms.SoftDeleteModelForm
    assert django_basemodels.SoftDeleteModelFormMixin is forms.SoftDeleteModelFormMixin


def test_unknown_name_raises_attribute_error():
    with pytest.raises(AttributeError, match="module 'django_basemodels' has no attribute 'Nope'"):
        django_basemodels.Nope  # noqa: B018


def test_every_base_model_is_abstract():
    for name in ("BaseModel", "SoftDeleteModel", "TimeStampedModel", "UUIDModel"):
        assert getattr(django_basemodels, name)._meta.abstract, name
