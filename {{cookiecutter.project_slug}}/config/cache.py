"""The project's cache, shared by every worker process: Redis when ``REDIS_URL`` is set, else the database.

A per-process cache (Django's default, local memory) would let each gunicorn worker keep its own
copy of a cached singleton, so a change saved through one worker would not reach the others until
the entry expired. The database cache needs its table: ``python manage.py createcachetable``.
"""

from django.core.exceptions import ImproperlyConfigured

DATABASE_CACHE_TABLE = "django_cache"


def caches(redis_url: str | None) -> dict:
    """The ``CACHES`` setting for ``redis_url`` (``redis://host:6379/0``), or the database's when empty."""
    if not redis_url:
        return {
            "default": {
                "BACKEND": "django.core.cache.backends.db.DatabaseCache",
                "LOCATION": DATABASE_CACHE_TABLE,
            }
        }
    # Django's Redis backend imports redis on first use; without it, fail now, saying what to install.
    try:
        import redis  # noqa: F401
    except ImportError:
        raise ImproperlyConfigured(
            "REDIS_URL is set, but the redis package is not installed: "
            'install the project with its redis extra (python -m pip install ".[redis]").'
        ) from None
    return {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": redis_url}}
