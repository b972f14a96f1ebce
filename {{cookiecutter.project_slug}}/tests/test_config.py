"""The settings helpers and the production mode the README promises."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib import admin
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse
from django.utils.html import escape

from config.env import env_bool, env_int, env_list, env_str, env_url
from tests.project_settings import project_setting

PROJECT_ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(("raw", "expected"), [("true", True), ("On", True), ("0", False), ("no", False)])
def test_env_bool_reads_common_spellings(monkeypatch, raw, expected):
    monkeypatch.setenv("SOME_FLAG", raw)
    assert env_bool("SOME_FLAG", default=not expected) is expected


def test_env_bool_rejects_other_words_naming_the_variable(monkeypatch):
    monkeypatch.setenv("SOME_FLAG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="SOME_FLAG='maybe'"):
        env_bool("SOME_FLAG", default=False)


def test_env_int_rejects_text_naming_the_variable(monkeypatch):
    monkeypatch.setenv("SOME_NUMBER", "ten")
    with pytest.raises(ImproperlyConfigured, match="SOME_NUMBER='ten'"):
        env_int("SOME_NUMBER", default=1)


def test_env_str_without_default_names_the_missing_variable(monkeypatch):
    monkeypatch.delenv("SOME_TEXT", raising=False)
    with pytest.raises(ImproperlyConfigured, match="SOME_TEXT"):
        env_str("SOME_TEXT")


def test_env_list_splits_and_trims(monkeypatch):
    monkeypatch.setenv("SOME_HOSTS", " a.example , b.example,, ")
    assert env_list("SOME_HOSTS", default="") == ["a.example", "b.example"]


def run_manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=PROJECT_ROOT,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings", **env},
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_mode_passes_the_deployment_check():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY="a-production-key-" + "x7Kq2" * 10,
        DJANGO_ALLOWED_HOSTS="www.example.com",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_missing_secret_key_is_a_clear_error():
    result = run_manage("check", DJANGO_SECRET_KEY="")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_env_url_refuses_a_set_but_empty_value(monkeypatch):
    monkeypatch.setenv("SOME_URL", " ")
    with pytest.raises(ImproperlyConfigured, match="SOME_URL is set but empty"):
        env_url("SOME_URL", default="sqlite:///db.sqlite3")
    monkeypatch.delenv("SOME_URL")
    assert env_url("SOME_URL", default="sqlite:///db.sqlite3") == "sqlite:///db.sqlite3"


def test_an_empty_database_url_is_named_not_a_key_error():
    result = run_manage("check", DATABASE_URL="")
    assert result.returncode != 0
    assert "DATABASE_URL is set but empty" in result.stderr
    assert "KeyError" not in result.stderr


@pytest.mark.parametrize(
    ("database_url", "expected"),
    [
        ("postgres://db.internal/shop", {"connect_timeout": 5}),
        (
            "postgres://db.internal/shop?connect_timeout=12&sslmode=require",
            {"connect_timeout": 12, "sslmode": "require"},
        ),
    ],
    ids=["default", "from_the_url"],
)
def test_a_postgresql_server_that_does_not_answer_is_given_up_on(database_url, expected):
    """Not after gunicorn's 30 s worker timeout: /healthz answers 503 in time for the load balancer."""
    assert project_setting("DATABASES", DATABASE_URL=database_url)["default"]["OPTIONS"] == expected


def test_every_environment_variable_the_project_reads_is_in_the_readme_with_its_default():
    reader = re.compile(r"""(?:env_\w+|_whole_number|environ\.get)\(\s*["']([A-Z][A-Z0-9_]+)["']""")
    read = {
        name
        for path in (PROJECT_ROOT / "config" / "settings.py", PROJECT_ROOT / "gunicorn.conf.py")
        for name in reader.findall(path.read_text())
    }
    readme = (PROJECT_ROOT / "README.md").read_text()
    documented = set(re.findall(r"^\| `([A-Z][A-Z0-9_]+)` \| [^|]*\S[^|]* \|", readme, re.MULTILINE))

    assert {"DJANGO_SECRET_KEY", "DATABASE_URL", "REDIS_URL", "PORT"} <= read  # the pattern finds them
    assert read - documented == set()


def test_a_log_record_is_printed_once():
    code = "import logging; logging.getLogger('django.request').warning('printed-once')"
    result = run_manage("shell", "-c", code, DJANGO_DEBUG="true")
    assert result.returncode == 0, result.stderr
    assert result.stderr.count("printed-once") == 1, result.stderr


@pytest.mark.django_db
def test_the_admin_carries_the_project_name(client):
    {{ cookiecutter.project_name | python_assignment("project_name") }}
    assert admin.site.site_header == admin.site.site_title == project_name
    page = client.get(reverse("admin:login")).text
    assert f"<title>Log in | {escape(admin.site.site_title)}</title>" in page
    assert f'<a href="/admin/">{escape(project_name)}</a>' in page
