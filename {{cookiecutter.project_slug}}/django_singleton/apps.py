from django.apps import AppConfig
from django.db.models.signals import post_migrate


class SingletonConfig(AppConfig):
    name = "django_singleton"
    verbose_name = "Singletons"

    def ready(self):
        from django_singleton.guards import invalidate_after_migrate

        post_migrate.connect(invalidate_after_migrate, sender=self)
