from django.db import models


class SoftDeleteManager(models.Manager):
    """Default manager of soft-delete models: hides rows whose ``deleted_at`` is set."""

    def get_queryset(self):
        return super().get_queryset().filter(deleted_at__isnull=True)

    def with_deleted(self):
        return super().get_queryset()

    def deleted_only(self):
        return super().get_queryset().filter(deleted_at__isnull=False)
