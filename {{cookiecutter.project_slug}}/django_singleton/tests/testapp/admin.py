from django.contrib import admin

from django_singleton.admin import SingletonModelAdmin
from django_singleton.tests.testapp.models import ShopSettings, SiteSettings


@admin.register(SiteSettings)
class SiteSettingsAdmin(SingletonModelAdmin):
    pass


@admin.register(ShopSettings)
class ShopSettingsAdmin(SingletonModelAdmin):
    """A multi-table child of SiteSettings."""
