from django.contrib import admin

from django_singleton.admin import SingletonModelAdmin
from django_singleton.tests.testapp.models import SiteSettings


@admin.register(SiteSettings)
class SiteSettingsAdmin(SingletonModelAdmin):
    pass
