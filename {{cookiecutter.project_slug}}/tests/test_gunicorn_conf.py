"""gunicorn.conf.py: the production server's settings, as gunicorn itself reads them from the environment."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SERVER_VARIABLES = ("GUNICORN_HOST", "PORT", "WEB_CONCURRENCY", "GUNICORN_CMD_ARGS")


def gunicorn(*args: str, **env: str) -> subprocess.CompletedProcess:
    environment = {key: value for key, value in os.environ.items() if key not in SERVER_VARIABLES}
    return subprocess.run(
        [sys.executable, "-m", "gunicorn", *args],
        cwd=PROJECT_ROOT,
        env={**environment, **env},
        capture_output=True,
        text=True,
        check=False,
    )


def printed_config(**env: str) -> dict[str, str]:
    result = gunicorn("--print-config", **env)
    assert result.returncode == 0, result.stderr
    return dict(re.findall(r"^(\w+) += (.*)$", result.stdout, re.MULTILINE))


def test_defaults_serve_the_wsgi_application_on_localhost_with_a_log_line_per_request():
    config = printed_config()
    assert config["wsgi_app"] == "config.wsgi:application"
    assert config["bind"] == "['127.0.0.1:8000']"
    assert config["workers"] == str(2 * (os.cpu_count() or 1) + 1)
    assert config["accesslog"] == "-"
    # Only Django reads X-Forwarded-Proto, when DJANGO_BEHIND_HTTPS_PROXY says so.
    assert config["forwarded_allow_ips"] == "[]"


def test_the_environment_sets_address_port_and_workers():
    config = printed_config(GUNICORN_HOST="0.0.0.0", PORT="9001", WEB_CONCURRENCY="3")
    assert config["bind"] == "['0.0.0.0:9001']"
    assert config["workers"] == "3"


def test_a_bad_port_is_refused_naming_the_variable():
    result = gunicorn("--check-config", PORT="80a")
    assert result.returncode != 0
    assert "PORT='80a' is not a whole number of 1 or more." in result.stderr


@pytest.mark.parametrize("value", ["abc", "0"])
def test_a_bad_worker_count_is_refused_naming_the_variable(value):
    """gunicorn itself reads WEB_CONCURRENCY first, and stops on a word with a traceback that names it."""
    result = gunicorn("--check-config", WEB_CONCURRENCY=value)
    assert result.returncode != 0
    assert "WEB_CONCURRENCY" in result.stderr
