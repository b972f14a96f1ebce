from .models import SiteSettings


def site_settings(request):
    """Make the site's settings available to every template as ``site_settings``."""
    return {"site_settings": SiteSettings.get_instance()}
