"""The cache every worker process shares: Redis when REDIS_URL is set, else the database."""

import sys

import pytest
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured

from config.cache import caches
from tests.project_settings import project_setting


def project_caches(redis_url: str = "") -> dict:
    return project_setting("CACHES", REDIS_URL=redis_url)


def test_without_redis_url_the_cache_is_the_database():
    assert project_caches() == {
        "default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "django_cache"}
    }


def test_redis_url_selects_djangos_redis_backend():
    assert project_caches("redis://cache.internal:6379/2") == {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://cache.internal:6379/2",
        }
    }


def test_redis_url_without_the_redis_package_says_what_to_install(monkeypatch):
    monkeypatch.setitem(sys.modules, "redis", None)  # what an install without the extra looks like
    with pytest.raises(ImproperlyConfigured, match=r'REDIS_URL is set.*python -m pip install "\.\[redis\]"'):
        caches("redis://localhost:6379/0")


@pytest.mark.django_db
def test_the_database_cache_table_exists_in_the_test_database():
    cache.set("greeting", {"text": "hello"}, timeout=60)
    assert cache.get("greeting") == {"text": "hello"}
