from django.template.response import TemplateResponse

from .context_processors import site_settings_of


class MaintenanceModeMiddleware:
    """While the site settings' maintenance_mode is on, answer visitors with a 503 page.

    Staff keep full access, and the admin stays reachable so that the mode can be switched off.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self.applies_to(request) and site_settings_of(request).maintenance_mode:
            response = TemplateResponse(request, "example/maintenance.html", status=503)
            response["Retry-After"] = "600"
            return response.render()
        return self.get_response(request)

    @staticmethod
    def applies_to(request) -> bool:
        return not request.path.startswith("/admin/") and not request.user.is_staff
