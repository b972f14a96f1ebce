from django.apps import AppConfig
from django.core import checks


class SequenceConfig(AppConfig):
    name = "django_sequence"
    verbose_name = "Sequences"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django_sequence import signals  # noqa: F401 (connects the receiver)
        from django_sequence.checks import check_database_support

        checks.register(check_database_support)
