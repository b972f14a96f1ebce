"""Production static files: collectstatic writes hashed, compressed copies that WhiteNoise serves."""

import re

import pytest
from django.conf import settings
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.management import call_command

from config import settings as project_settings


@pytest.fixture
def collected(tmp_path, settings):
    """The project's production storage, collected into a temporary STATIC_ROOT."""
    settings.STORAGES = project_settings.STORAGES
    settings.STATIC_ROOT = tmp_path
    settings.WHITENOISE_AUTOREFRESH = False  # production: files indexed once, at start-up
    call_command("collectstatic", "--no-input", verbosity=0)
    return tmp_path


def test_the_project_serves_static_files_with_whitenoise():
    assert project_settings.STORAGES["staticfiles"]["BACKEND"] == (
        "whitenoise.storage.CompressedManifestStaticFilesStorage"
    )
    middleware = project_settings.MIDDLEWARE
    assert middleware.index("whitenoise.middleware.WhiteNoiseMiddleware") == (
        middleware.index("django.middleware.security.SecurityMiddleware") + 1
    )


def test_collectstatic_writes_hashed_and_compressed_names(collected):
    url = staticfiles_storage.url("admin/css/base.css")

    name = re.fullmatch(re.escape(settings.STATIC_URL) + r"(admin/css/base\.[0-9a-f]{12}\.css)", url)[1]
    assert (collected / name).is_file()
    assert (collected / f"{name}.gz").is_file()


@pytest.mark.django_db  # the request goes through the whole middleware stack
def test_whitenoise_serves_hashed_files_compressed_and_cached_for_ever(collected, client):
    url = staticfiles_storage.url("admin/css/base.css")

    response = client.get(url, HTTP_ACCEPT_ENCODING="gzip")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/css")
    assert response["Content-Encoding"] == "gzip"
    assert "immutable" in response["Cache-Control"]
    assert client.get("/static/admin/css/missing.css").status_code == 404
