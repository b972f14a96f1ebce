from django.db import IntegrityError, models, transaction

from django_singleton.exceptions import SingletonDeletionError, SingletonViolationError


class SingletonModel(models.Model):
    """Abstract base of a table that holds exactly one row, always with pk=1."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.pk = 1
        if type(self)._default_manager.exclude(pk=1).exists():
            raise SingletonViolationError(
                f"Multiple rows exist for singleton {type(self).__name__}. Remove extra rows before saving."
            )
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise SingletonDeletionError(f"Cannot delete singleton {type(self).__name__}")

    @classmethod
    def get_instance(cls):
        """Return the row, creating it with field defaults if it does not exist yet."""
        try:
            with transaction.atomic():
                return cls._default_manager.get_or_create(pk=1)[0]
        except IntegrityError:
            return cls._default_manager.get(pk=1)
