"""``GET /healthz``: this process is up, and its database and cache answer. For load balancers and monitors.

The cache is checked too because every page needs it (the example app reads its site settings
from it): with Redis down, or the database cache's table never created, the site fails while the
database answers.

The first middleware answers it, before any other runs, so that a probe

- is accepted whatever its ``Host`` header (load balancers probe by IP address, which
  ``ALLOWED_HOSTS`` does not list),
- is not redirected to HTTPS (probes talk plain HTTP to the server behind the TLS proxy),
- sets no cookie, needs no login, and is not turned away by the example app's maintenance mode
  (a site in maintenance is still healthy: taking every server out of the pool would not help).
"""

import logging

from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import HttpResponseNotAllowed, JsonResponse

HEALTH_PATH = "/healthz"

logger = logging.getLogger(__name__)


class HealthCheckMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info != HEALTH_PATH:
            return self.get_response(request)
        if request.method not in ("GET", "HEAD"):
            return HttpResponseNotAllowed(["GET", "HEAD"])
        report = health_report()
        healthy = all(state == "ok" for state in report.values())
        status = "ok" if healthy else "unavailable"
        response = JsonResponse({"status": status, **report}, status=200 if healthy else 503)
        response["Cache-Control"] = "no-store"
        if request.method == "HEAD":
            # A HEAD answer has no body. Servers drop one (gunicorn with a warning in its log, on
            # every probe): send none.
            response.content = b""
        return response


def health_report() -> dict[str, str]:
    """``{"database": "ok", "cache": "ok"}``, up to the first that does not answer: the cache is not
    tried without a database (it may live there, and each try can wait for connect_timeout)."""
    report = {}
    for name, answers in (("database", database_answers), ("cache", cache_answers)):
        report[name] = "ok" if answers() else "unreachable"
        if report[name] != "ok":
            break
    return report


def database_answers() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError as error:
        logger.warning("Health check: the database did not answer: %s", error)
        return False
    return True


def cache_answers() -> bool:
    try:
        cache.get("healthz")
    except Exception as error:  # each backend raises its own errors (redis, database, memcached)
        logger.warning("Health check: the cache did not answer: %s", error)
        return False
    return True
