"""Settings for {{ cookiecutter.project_name | python_text }}.

Everything that differs between machines comes from environment variables; the README's
"Configuration" table lists each one with its default. A local ``.env`` file (written when the
project was generated, never committed) is read first; real environment variables win over it.

Production mode is ``DJANGO_DEBUG=false`` (the default): HTTPS-only cookies, HSTS and the HTTPS
redirect are switched on, and ``manage.py check --deploy`` has nothing to report.
"""

import os
from pathlib import Path
{%- if cookiecutter.database == "sqlite" %}
from urllib.parse import quote
{%- endif %}

import dj_database_url
from dotenv import load_dotenv

from config.cache import caches
from config.env import env_bool, env_int, env_list, env_str, env_url

BASE_DIR = Path(__file__).resolve().parent.parent
load_dotenv(BASE_DIR / ".env")

DEBUG = env_bool("DJANGO_DEBUG", default=False)
SECRET_KEY = env_str("DJANGO_SECRET_KEY")
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", default="localhost,127.0.0.1" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", default="")

INSTALLED_APPS = [
    "config.admin.ProjectAdminConfig",  # django.contrib.admin, under the project's name
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_basemodels",
    "django_singleton",
    "django_sequence",
    "users",
]

MIDDLEWARE = [
    "config.health.HealthCheckMiddleware",  # first: answers /healthz before host and HTTPS checks
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# --- Database ---------------------------------------------------------------------------------
DATABASES = {
    "default": dj_database_url.parse(
        env_url(
            "DATABASE_URL",
            default={% if cookiecutter.database == "postgresql" %}"postgres:///{{ cookiecutter.project_slug }}"{% else %}f"sqlite:///{quote(str(BASE_DIR / 'db.sqlite3'))}"{% endif %},
        ),
        conn_max_age=env_int("DJANGO_CONN_MAX_AGE", default=0),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Take the write lock when a transaction starts (not halfway through it, where SQLite cannot
    # wait and fails with "database is locked"), wait up to 20 s for it, and let readers run
    # beside the writer (WAL).
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
elif DATABASES["default"]["ENGINE"].endswith(("postgresql", "postgis")):
    # A server that takes the connection but does not answer (stopped, overloaded, cut off) fails
    # the request after 5 s, and /healthz answers 503, rather than holding the worker until
    # gunicorn kills it (30 s). A connect_timeout in DATABASE_URL (?connect_timeout=10) wins.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("connect_timeout", 5)
# PostgreSQL keeps Django's defaults otherwise: parameters bound on the client and no prepared
# statements, so the project works behind PgBouncer in transaction mode and across migrations on
# long-lived connections. django_sequence gets its speed from a server-side function instead (its
# README).

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache: shared by every worker process (see config/cache.py) ------------------------------
CACHES = caches(os.environ.get("REDIS_URL"))

# --- Authentication ---------------------------------------------------------------------------
AUTH_USER_MODEL = "users.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Internationalisation ---------------------------------------------------------------------
LANGUAGE_CODE = "en-us"
TIME_ZONE = env_str("DJANGO_TIME_ZONE", default="{{ cookiecutter.timezone }}")
USE_I18N = True
USE_TZ = True

# --- Static files -----------------------------------------------------------------------------
# `collectstatic` copies them to STATIC_ROOT with hashed, compressed names (base.1a2b3c4d.css and
# its .gz); WhiteNoise serves them from there with far-future cache headers. With DEBUG on,
# templates link the plain names and runserver serves them from the apps.
STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# --- Security: strict unless DEBUG is on ------------------------------------------------------
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", default=not DEBUG)
SESSION_COOKIE_SECURE = env_bool("DJANGO_SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env_bool("DJANGO_CSRF_COOKIE_SECURE", default=not DEBUG)
SECURE_HSTS_SECONDS = env_int("DJANGO_SECURE_HSTS_SECONDS", default=0 if DEBUG else 60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", default=not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("DJANGO_SECURE_HSTS_PRELOAD", default=not DEBUG)
if env_bool("DJANGO_BEHIND_HTTPS_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

{%- if cookiecutter.include_example_app %}
# --- The example app: its models, maintenance mode and the site settings in every template ---
INSTALLED_APPS += ["{{ cookiecutter.project_slug }}"]
MIDDLEWARE += ["{{ cookiecutter.project_slug }}.middleware.MaintenanceModeMiddleware"]
TEMPLATES[0]["OPTIONS"]["context_processors"] += [
    "{{ cookiecutter.project_slug }}.context_processors.site_settings",
]
{% endif %}
# Every record goes to the root logger's console handler, once: Django's own "django" logger has
# a console handler of its own in DEBUG, which would print each of its records a second time.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("DJANGO_LOG_LEVEL", default="INFO")},
    "loggers": {"django": {"handlers": [], "level": "INFO"}},
}
