"""Abstract base models: timestamps, soft delete and UUID primary keys.

Names are imported lazily so that this package can sit in ``INSTALLED_APPS``: Django imports it
before models can be defined.
"""

from importlib import import_module

_MODULES = {
    "BaseModel": "models",
    "SoftDeleteModel": "models",
    "TimeStampedModel": "models",
    "UUIDModel": "models",
    "SoftDeleteManager": "managers",
    "SoftDeleteQuerySet": "managers",
    "deleted_rows_shown": "managers",
    "SoftDeleteModelChoiceField": "forms",
    "SoftDeleteModelForm": "forms",
    "SoftDeleteModelFormMixin": "forms",
    "SoftDeleteAdminMixin": "admin",
    "SoftDeleteForeignKeysAdminMixin": "admin",
}

__all__ = sorted(_MODULES)


def __getattr__(name):
    if name not in _MODULES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(f"{__name__}.{_MODULES[name]}"), name)
