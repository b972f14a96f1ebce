"""Models that exist only while the test suite runs.

``SiteSettings`` and ``TaxSettings`` are the contract's own test models; the others each exercise
one feature: the cache (``FeatureFlags``), the guards on paths that bypass the default manager
(``RateLimits``, and ``Operator`` to cascade from; not the user model: an app without migrations
cannot point at one with migrations), Django's own writes to a cached row (``CachedRateLimits``,
the README's example, and ``Reviewer`` to delete from), multi-table inheritance (``BetaFlags`` under a cached parent,
``ShopSettings`` cached under an uncached one) and proxies (``FlagsProxy``, ``CachedSiteSettings``).
"""

from django.db import models

from django_singleton.models import SingletonModel
from django_singleton.query import SingletonManager


class SiteSettings(SingletonModel):
    site_name = models.CharField(max_length=100, default="")
    maintenance_mode = models.BooleanField(default=False)

    class Meta:
        app_label = "testapp"


class TaxSettings(SingletonModel):
    tax_rate = models.DecimalField(max_digits=5, decimal_places=2, default=0)

    class Meta:
        app_label = "testapp"


class FeatureFlags(SingletonModel):
    singleton_cache_alias = "default"

    new_checkout = models.BooleanField(default=False)
    search_v2 = models.BooleanField(default=False)

    class Meta:
        app_label = "testapp"


class RequiredSettings(SingletonModel):
    """A field without a default: get_instance() cannot create the row."""

    limit = models.PositiveIntegerField()

    class Meta:
        app_label = "testapp"


class Operator(models.Model):
    name = models.CharField(max_length=100)

    class Meta:
        app_label = "testapp"

    def __str__(self):
        return self.name


class RateLimits(SingletonModel):
    requests_per_minute = models.PositiveIntegerField(default=60)
    # CASCADE on purpose, to test that a cascade cannot take the row with it (prefer SET_NULL).
    updated_by = models.ForeignKey(Operator, null=True, on_delete=models.CASCADE)

    objects = SingletonManager()
    every_row = models.Manager()  # a plain manager: its delete() is guarded only by the pre_delete signal

    class Meta:
        app_label = "testapp"


class Reviewer(models.Model):
    """Only a SET(callable) foreign key points here: no SET_NULL update to invalidate the cache by chance."""

    name = models.CharField(max_length=100)

    class Meta:
        app_label = "testapp"

    def __str__(self):
        return self.name


def no_reviewer():
    return None


class CachedRateLimits(SingletonModel):
    singleton_cache_alias = "default"

    requests_per_minute = models.PositiveIntegerField(default=60)
    updated_by = models.ForeignKey(
        Operator, null=True, blank=True, on_delete=models.SET_NULL, related_name="rate_limits"
    )
    # SET(callable) takes Django's other path: it loads the row and updates it with a bare UpdateQuery.
    reviewed_by = models.ForeignKey(
        Reviewer, null=True, blank=True, on_delete=models.SET(no_reviewer), related_name="+"
    )

    class Meta:
        app_label = "testapp"


class BetaFlags(FeatureFlags):
    dark_mode = models.BooleanField(default=False)

    class Meta:
        app_label = "testapp"


class ShopSettings(SiteSettings):
    singleton_cache_alias = "default"

    currency = models.CharField(max_length=3, default="EUR")

    class Meta:
        app_label = "testapp"


if hasattr(models, "DB_SET_NULL"):  # Django 6.1: the database itself sets the column to NULL

    class DatabaseSetNullLimits(SingletonModel):
        singleton_cache_alias = "default"

        reviewed_by = models.ForeignKey(Reviewer, null=True, on_delete=models.DB_SET_NULL, related_name="+")

        class Meta:
            app_label = "testapp"


class Branding(SingletonModel):
    """A cached row holding a file: what the cache stores must give the file back (django-solo tests it)."""

    singleton_cache_alias = "default"

    logo = models.FileField(upload_to="branding", blank=True)

    class Meta:
        app_label = "testapp"


class FlagsProxy(FeatureFlags):
    """A proxy of a cached singleton: the same row, the same cache entry."""

    class Meta:
        app_label = "testapp"
        proxy = True


class CachedSiteSettings(SiteSettings):
    """A cached proxy of the uncached SiteSettings."""

    singleton_cache_alias = "default"

    class Meta:
        app_label = "testapp"
        proxy = True
