"""Abstract base models: timestamps, soft delete and UUID primary keys.

Names are imported lazily so that this package can sit in ``INSTALLED_APPS``.
"""

__all__ = ["BaseModel", "SoftDeleteManager", "SoftDeleteModel", "TimeStampedModel", "UUIDModel"]


def __getattr__(name):
    if name == "SoftDeleteManager":
        from django_basemodels.managers import SoftDeleteManager

        return SoftDeleteManager
    if name in __all__:
        from django_basemodels import models

        return getattr(models, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
