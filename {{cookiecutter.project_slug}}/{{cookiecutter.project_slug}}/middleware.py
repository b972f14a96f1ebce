from django.template.response import TemplateResponse
from django.urls import Resolver404, resolve

from .context_processors import site_settings_of


class MaintenanceModeMiddleware:
    """While the site settings' maintenance_mode is on, answer visitors with a 503 page.

    Staff keep full access, and the admin stays reachable so that the mode can be switched off.
    The admin is recognised by its URL namespace, wherever it is mounted, and from ``path_info``:
    ``path`` starts with the script prefix (``SCRIPT_NAME``), which a client can set behind some
    proxies, so ``SCRIPT_NAME: /admin`` would otherwise pass ``/`` off as an admin page.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if site_settings_of(request).maintenance_mode and self.applies_to(request):
            response = TemplateResponse(request, "example/maintenance.html", status=503)
            response["Retry-After"] = "600"
            return response.render()
        return self.get_response(request)

    @staticmethod
    def applies_to(request) -> bool:
        return not request.user.is_staff and not is_admin_page(request.path_info)


def is_admin_page(path_info: str) -> bool:
    try:
        return resolve(path_info).namespace == "admin"
    except Resolver404:
        return False
