from django.apps import AppConfig


class SequenceConfig(AppConfig):
    name = "django_sequence"
    verbose_name = "Sequences"
    default_auto_field = "django.db.models.BigAutoField"
