from django.apps import AppConfig


class SingletonConfig(AppConfig):
    name = "django_singleton"
    verbose_name = "Singletons"
