from .models import SiteSettings


def site_settings_of(request) -> SiteSettings:
    """The site's settings, read once per request however many times they are asked for."""
    if not hasattr(request, "_site_settings"):
        request._site_settings = SiteSettings.get_instance()
    return request._site_settings


def site_settings(request):
    """Make the site's settings available to every template as ``site_settings``."""
    return {"site_settings": site_settings_of(request)}
