"""GET /healthz: 200 while the database and the cache answer, 503 when one does not; no host, HTTPS or login checks."""

from unittest import mock

import pytest
from asgiref.sync import async_to_sync
from django.db import OperationalError, connection
from django.test import RequestFactory

from config.health import HealthCheckMiddleware

pytestmark = pytest.mark.django_db


def test_health_is_ok_while_the_database_answers(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}
    assert response["Cache-Control"] == "no-store"
    assert not response.cookies


def test_health_is_503_when_the_database_does_not_answer(client):
    with mock.patch.object(connection, "cursor", side_effect=OperationalError("connection refused")):
        response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": "unreachable"}  # the cache not tried


@pytest.mark.parametrize(
    "cache",
    [
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:1/0"},
        {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "never_created"},
    ],
    ids=["redis_down", "cache_table_missing"],
)
def test_health_is_503_when_the_cache_does_not_answer(client, settings, cache):
    """Every page reads the cache: a Redis that is down, or a release without createcachetable, breaks the site."""
    settings.CACHES = {"default": cache}

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": "ok", "cache": "unreachable"}


def test_health_answers_a_probe_by_ip_over_plain_http(client, settings):
    """Load balancers probe the server by its address, over HTTP, without logging in."""
    settings.SECURE_SSL_REDIRECT = True
    settings.ALLOWED_HOSTS = ["www.example.com"]

    assert client.get("/healthz", HTTP_HOST="10.0.0.7").status_code == 200
    assert client.get("/admin/login/", HTTP_HOST="www.example.com").status_code == 301  # others redirect


def test_health_accepts_only_reads(client):
    response = client.post("/healthz")
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"


def test_health_answers_head_without_a_body():
    """The test client drops HEAD bodies itself; gunicorn logs a warning for each one it must drop."""
    response = HealthCheckMiddleware(get_response=None)(RequestFactory().head("/healthz"))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.content == b""


def test_health_answers_under_asgi_too(async_client):
    """Through Django's ASGI handler, as uvicorn workers serve it (run as Django's own tests do)."""
    response = async_to_sync(async_client.get)("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}
