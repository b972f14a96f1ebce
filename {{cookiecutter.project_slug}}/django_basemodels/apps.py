from django.apps import AppConfig


class BaseModelsConfig(AppConfig):
    name = "django_basemodels"
    verbose_name = "Base models"
