"""Settings for the test suite: the project's own, plus the models the foundation apps test with.

Each foundation app keeps its test-only models in a small app inside its ``tests`` folder; they are
installed here, never in ``config.settings``, so they get tables only in the test database.
"""

from config.settings import *  # noqa: F403
from config.settings import BASE_DIR, DATABASES, INSTALLED_APPS, STORAGES

INSTALLED_APPS = [
    *INSTALLED_APPS,
    "django_basemodels.tests",
    "django_singleton.tests.testapp",
    "django_sequence.tests",
]

# Hashing passwords slowly is a production virtue and a test-suite cost.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Production serves static files under hashed names listed in a manifest that collectstatic writes;
# tests render pages without running it, so they link the plain names (tests/test_static_files.py
# checks the production storage itself).
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
# With nothing collected, WhiteNoise looks files up on each request rather than warning at start-up
# that STATIC_ROOT does not exist.
WHITENOISE_AUTOREFRESH = True

# A second database for django_sequence's tests of several databases (a router, ``using=``).
DATABASES = {
    **DATABASES,
    "sequences": {"ENGINE": "django.db.backends.sqlite3", "NAME": BASE_DIR / "sequences.sqlite3"},
}
