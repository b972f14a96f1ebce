"""``GET /healthz``: this process is up and its database answers. For load balancers and monitors.

The first middleware answers it, before any other runs, so that a probe

- is accepted whatever its ``Host`` header (load balancers probe by IP address, which
  ``ALLOWED_HOSTS`` does not list),
- is not redirected to HTTPS (probes talk plain HTTP to the server behind the TLS proxy),
- sets no cookie, needs no login, and is not turned away by the example app's maintenance mode
  (a site in maintenance is still healthy: taking every server out of the pool would not help).
"""

import logging

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
        if database_answers():
            response = JsonResponse({"status": "ok", "database": "ok"})
        else:
            response = JsonResponse({"status": "unavailable", "database": "unreachable"}, status=503)
        response["Cache-Control"] = "no-store"
        if request.method == "HEAD":
            # A HEAD answer has no body. Servers drop one (gunicorn with a warning in its log, on
            # every probe): send none.
            response.content = b""
        return response


def database_answers() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError as error:
        logger.warning("Health check: the database did not answer: %s", error)
        return False
    return True
