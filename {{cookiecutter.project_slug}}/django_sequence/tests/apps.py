from django.apps import AppConfig


class TestModelsConfig(AppConfig):
    """Models that exist only while the test suite runs."""

    name = "django_sequence.tests"
    label = "sequence_tests"
    default_auto_field = "django.db.models.BigAutoField"
