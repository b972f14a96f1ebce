"""Bake every combination of options, check what was baked, and run the generated projects' suites.

All 16 combinations are baked and statically checked. The generated test suite runs once for each
combination of the options that change Python code (database x Django x example app = 8 runs,
alternating the GitHub Actions option so both of its values are run); each of the 8 remaining
bakes is proven identical to its twin but for ``.github/`` and the secret in ``.env``.
"""

from __future__ import annotations

import filecmp
import re

import pytest

from tests.conftest import ALL_COMBINATIONS, SUITE_REPORT, Stopwatch, combination_id

TEMPLATE_SYNTAX = re.compile(r"\{\{|\{%|\{#")
# Files copied without rendering (cookiecutter.json: _copy_without_render) may hold Django template tags.
VERBATIM_SUFFIXES = {".html"}


def runs_generated_suite(combination: dict) -> bool:
    """One of each twin pair runs the suite: GitHub Actions on for half of the code variants."""
    wants_actions = (combination["database"] == "sqlite") == combination["include_example_app"]
    return combination["use_github_actions"] == wants_actions


def twin(combination: dict) -> dict:
    return {**combination, "use_github_actions": not combination["use_github_actions"]}


SUITE_COMBINATIONS = [c for c in ALL_COMBINATIONS if runs_generated_suite(c)]
TWIN_COMBINATIONS = [c for c in ALL_COMBINATIONS if not runs_generated_suite(c)]


def text_files(project):
    for path in sorted(project.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            try:
                yield path, path.read_text(encoding="utf-8")
            except UnicodeDecodeError:
                continue


@pytest.fixture(params=ALL_COMBINATIONS, ids=combination_id)
def combination(request):
    return request.param


def test_bake_succeeds_in_a_folder_named_after_the_slug(bake, combination):
    project = bake(**combination)
    assert project.name == "my_project"
    assert (project / "manage.py").is_file()
    assert (project / ".github").exists() is combination["use_github_actions"]
    assert (project / "my_project").exists() is combination["include_example_app"]


def test_nothing_is_left_unrendered(bake, combination):
    project = bake(**combination)
    leftovers = [str(p.relative_to(project)) for p in project.rglob("*") if TEMPLATE_SYNTAX.search(p.name)]
    leftovers += [
        str(path.relative_to(project))
        for path, text in text_files(project)
        if path.suffix not in VERBATIM_SUFFIXES and TEMPLATE_SYNTAX.search(text)
    ]
    assert leftovers == []


def test_static_checks_pass(bake, toolchain, database_env, combination):
    project = bake(**combination)
    tools = toolchain(combination["django_version"])
    env = database_env(combination["database"])
    tools.check(project, "ruff", "check", "--no-cache", ".")
    tools.check(project, "ruff", "format", "--no-cache", "--check", ".")
    tools.check(project, "python", "manage.py", "check", "--fail-level", "WARNING", env=env)
    tools.check(project, "python", "manage.py", "makemigrations", "--check", "--dry-run", env=env)
    migrated = tools.check(project, "python", "manage.py", "migrate", "--no-input", env=env)
    assert "Applying" in migrated.stdout


def summary_counts(output: str) -> dict[str, int]:
    last_line = output.strip().splitlines()[-1]
    return {word: int(number) for number, word in re.findall(r"(\d+) (\w+)", last_line)}


@pytest.mark.parametrize("combination", SUITE_COMBINATIONS, ids=combination_id)
def test_generated_suite_passes(bake, toolchain, database_env, combination):
    project = bake(**combination)
    tools = toolchain(combination["django_version"])
    env = database_env(combination["database"])
    with Stopwatch() as watch:
        result = tools.run(project, "python", "-m", "pytest", "-q", "-rs", "-p", "no:cacheprovider", env=env)
    assert result.returncode == 0, result.stdout[-5000:] + result.stderr[-3000:]
    counts = summary_counts(result.stdout)
    assert counts.get("passed", 0) > 0
    # The only skips allowed: tests marked for the other engine, which the other bakes run.
    other_engine = "SQLite" if combination["database"] == "postgresql" else "PostgreSQL"
    skip_reasons = [line for line in result.stdout.splitlines() if line.startswith("SKIPPED")]
    assert all(f"needs {other_engine}; the database is" in line for line in skip_reasons), skip_reasons
    SUITE_REPORT.append(
        f"{combination_id(combination):32} {counts.get('passed', 0):4} passed "
        f"{counts.get('skipped', 0):3} skipped (need {other_engine})  {watch.seconds:6.1f} s"
    )


@pytest.mark.parametrize("combination", TWIN_COMBINATIONS, ids=combination_id)
def test_bake_differs_from_its_twin_only_by_the_workflow(bake, combination):
    """The generated suite ran on the twin; nothing it could observe differs here."""
    project, twin_project = bake(**combination), bake(**twin(combination))
    ignored = {".github", ".env", ".cruft.json", "__pycache__"}  # .cruft.json records the answers

    def differences(comparison: filecmp.dircmp, prefix: str = "") -> list[str]:
        found = [prefix + name for name in comparison.left_only + comparison.right_only + comparison.diff_files]
        for name, sub in comparison.subdirs.items():
            found += differences(sub, f"{prefix}{name}/")
        return found

    assert differences(filecmp.dircmp(project, twin_project, ignore=list(ignored))) == []


def test_production_settings_pass_the_deployment_check(bake, toolchain):
    project = bake()
    production = {
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": "production-" + "k3Y9x" * 12,
        "DJANGO_ALLOWED_HOSTS": "www.example.com",
    }
    result = toolchain("5.2").check(
        project, "python", "manage.py", "check", "--deploy", "--fail-level", "WARNING", env=production
    )
    assert "System check identified no issues" in result.stdout


def test_two_bakes_get_different_secret_keys(cookies):
    keys = []
    for _ in range(2):
        result = cookies.bake()
        assert result.exit_code == 0, result.exception
        env = (result.project_path / ".env").read_text()
        keys.append(re.search(r"^DJANGO_SECRET_KEY=(\S+)$", env, re.MULTILINE).group(1))
    assert keys[0] != keys[1]
    assert all(len(key) >= 50 for key in keys)
