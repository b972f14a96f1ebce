from django.db import models

from django_basemodels.models import BaseModel
from django_singleton.models import SingletonModel


class SiteSettings(SingletonModel):
    """Site-wide settings, edited in the admin."""

    site_name = models.CharField(max_length=100, default="{{ cookiecutter.project_name }}")
    maintenance_mode = models.BooleanField(default=False)

    class Meta:
        verbose_name = "site settings"
        verbose_name_plural = "site settings"

    def __str__(self) -> str:
        return self.site_name


class Customer(BaseModel):
    name = models.CharField(max_length=100)

    def __str__(self) -> str:
        return self.name
