"""Fixtures of the template's own suite: bakes, per-Django toolchains, a PostgreSQL server.

Baking is cheap; installing Django is not. Each Django version the template offers gets one virtual
environment (built with uv from a baked project's own ``pyproject.toml`` and kept in
``tests/.venvs/`` between runs), and every bake of that version is checked with it.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import os
import shutil
import subprocess
import sys
import time
import tomllib
from pathlib import Path

import psycopg
import pytest

from tests.postgres import PostgresServer, PostgresUnavailable

TEMPLATE_DIR = Path(__file__).resolve().parent.parent
VENVS_DIR = TEMPLATE_DIR / "tests" / ".venvs"
COOKIECUTTER_JSON = json.loads((TEMPLATE_DIR / "cookiecutter.json").read_text())

# Every value of every option; a combination is a dict of these.
OPTIONS = {
    "database": ["sqlite", "postgresql"],
    "django_version": ["5.2", "6.1"],
    "include_example_app": [True, False],
    "use_github_actions": [True, False],
}
ALL_COMBINATIONS = [dict(zip(OPTIONS, values)) for values in itertools.product(*OPTIONS.values())]

# The Python each Django version is tested with: the oldest it supports that this machine has.
PYTHON_FOR_DJANGO = {"5.2": "3.11", "6.1": "3.12"}

# Filled in by the tests that run generated suites, printed at the end of the session.
SUITE_REPORT: list[str] = []


def combination_id(combination: dict) -> str:
    return "-".join(
        str(value) if not isinstance(value, bool) else f"{'' if value else 'no_'}{name.split('_')[-1]}"
        for name, value in combination.items()
    )


def find_python(version: str) -> str:
    """An interpreter of ``version``: on PATH if it really runs, else under pyenv."""
    candidates = [f"python{version}"]
    candidates += sorted(str(p) for p in Path.home().glob(f".pyenv/versions/{version}.*/bin/python{version}"))
    for candidate in candidates:
        result = subprocess.run([candidate, "--version"], capture_output=True, text=True, check=False)
        if result.returncode == 0 and result.stdout.startswith(f"Python {version}"):
            return candidate
    pytest.fail(f"Python {version} is needed to test Django on it, and was not found.")


def project_requirements(project: Path) -> list[str]:
    """Everything a baked project installs: its dependencies, extras (psycopg among them), dev group
    and build backend."""
    pyproject = tomllib.loads((project / "pyproject.toml").read_text())
    extras = [
        requirement for group in pyproject["project"].get("optional-dependencies", {}).values() for requirement in group
    ]
    return [
        *pyproject["project"]["dependencies"],
        *extras,
        *pyproject["dependency-groups"]["dev"],
        *pyproject["build-system"]["requires"],
    ]


class Toolchain:
    """A virtual environment able to run a baked project's commands."""

    def __init__(self, venv: Path) -> None:
        self.venv = venv
        self.bin = venv / "bin"
        self.python = str(self.bin / "python")

    def run(self, project: Path, *args: str, env: dict | None = None, timeout: int = 900):
        environment = {**os.environ, "PATH": f"{self.bin}{os.pathsep}{os.environ['PATH']}", **(env or {})}
        environment.pop("VIRTUAL_ENV", None)
        return subprocess.run(
            args, cwd=project, env=environment, capture_output=True, text=True, timeout=timeout, check=False
        )

    def check(self, project: Path, *args: str, env: dict | None = None, timeout: int = 900):
        result = self.run(project, *args, env=env, timeout=timeout)
        assert result.returncode == 0, f"{' '.join(args)} failed:\n{result.stdout}\n{result.stderr}"
        return result


@pytest.fixture(scope="session")
def bake(cookies_session):
    """bake(**answers) -> path of the baked project; identical answers are baked once."""
    baked: dict[str, Path] = {}

    def _bake(**answers) -> Path:
        key = json.dumps(answers, sort_keys=True)
        if key not in baked:
            result = cookies_session.bake(extra_context=answers)
            assert result.exit_code == 0, result.exception
            baked[key] = result.project_path
        return baked[key]

    return _bake


@pytest.fixture
def own_bake(bake, tmp_path):
    """own_bake(**answers) -> a private copy of that bake, for tests that add to it (venv, git)."""

    def _own_bake(**answers) -> Path:
        source = bake(**answers)
        return Path(shutil.copytree(source, tmp_path / "own" / source.name))

    return _own_bake


@pytest.fixture(scope="session")
def toolchain(bake):
    """toolchain(django_version) -> a Toolchain with that Django and the generated dev tools."""
    made: dict[str, Toolchain] = {}

    def _toolchain(django_version: str) -> Toolchain:
        if django_version not in made:
            project = bake(database="postgresql", django_version=django_version)
            requirements = project_requirements(project)
            python_version = PYTHON_FOR_DJANGO[django_version]
            digest = hashlib.sha256(json.dumps([python_version, requirements]).encode()).hexdigest()[:12]
            venv = VENVS_DIR / f"django-{django_version}-{digest}"
            if not (venv / "ready").exists():
                uv = [sys.executable, "-m", "uv"]
                subprocess.run([*uv, "venv", "-q", "--python", find_python(python_version), str(venv)], check=True)
                subprocess.run(
                    [*uv, "pip", "install", "-q", "--python", str(venv / "bin" / "python"), *requirements],
                    check=True,
                )
                (venv / "ready").touch()
            made[django_version] = Toolchain(venv)
        return made[django_version]

    return _toolchain


def start_or_skip(service, unavailable, name):
    """``service().start()``; when it is not installed, a failure in CI and a skip elsewhere."""
    try:
        return service().start()
    except unavailable as error:
        if os.environ.get("CI"):
            pytest.fail(f"CI must provide {name}: {error}")
        pytest.skip(str(error))


@pytest.fixture(scope="session")
def postgres():
    """A PostgreSQL server on loopback for the whole session; required in CI, skipped elsewhere."""
    server = start_or_skip(PostgresServer, PostgresUnavailable, "PostgreSQL")
    yield server
    server.stop()


@pytest.fixture(scope="session")
def fresh_database(postgres):
    """fresh_database() -> DATABASE_URL of a new, empty database on the session's server."""
    counter = itertools.count()

    def _fresh_database() -> str:
        name = f"bake_{next(counter)}"
        with psycopg.connect(postgres.url, autocommit=True) as connection:
            connection.execute(f"CREATE DATABASE {name}")
        return postgres.database_url(name)

    return _fresh_database


@pytest.fixture
def database_env(request, tmp_path):
    """Environment that points a baked project at a fresh database of its chosen kind."""

    def _database_env(database: str) -> dict:
        if database == "postgresql":
            return {"DATABASE_URL": request.getfixturevalue("fresh_database")()}
        return {"DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"}

    return _database_env


class Stopwatch:
    def __enter__(self):
        self.start = time.perf_counter()
        return self

    def __exit__(self, *exc_info):
        self.seconds = time.perf_counter() - self.start


def pytest_terminal_summary(terminalreporter):
    if SUITE_REPORT:
        terminalreporter.section("generated projects")
        for line in SUITE_REPORT:
            terminalreporter.write_line(line)
