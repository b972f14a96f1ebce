"""What a newcomer and a team meet in a generated project: the local ``.env`` and its committed
example, the README's commands in the order they are typed, new apps packaged, the PostgreSQL
driver for a SQLite project, development tools and CI that do not drift."""

from __future__ import annotations

import re
import stat
import subprocess
import tomllib
import zipfile

import pytest
import yaml
from packaging.requirements import Requirement

from tests.conftest import TEMPLATE_DIR
from tests.test_readme import readme_block, run_as_user


def git(project, *arguments: str) -> str:
    return subprocess.run(["git", *arguments], cwd=project, capture_output=True, text=True, check=True).stdout


def test_env_example_is_committed_and_every_other_env_file_is_ignored(own_bake):
    project = own_bake()
    for name in (".env.local", ".env.production", ".env.bak"):
        (project / name).write_text("DJANGO_SECRET_KEY=secret\n")
    git(project, "init", "-q")
    git(project, "add", "-A")
    tracked = git(project, "ls-files").splitlines()
    assert ".env.example" in tracked
    assert [name for name in tracked if name.startswith(".env")] == [".env.example"]
    assert "DJANGO_SECRET_KEY=\n" in (project / ".env.example").read_text()  # no secret in it


def test_after_cloning_command_makes_an_env_with_a_fresh_key_readable_by_its_owner(own_bake, toolchain, tmp_path):
    project = own_bake()
    generated_key = re.search(r"^DJANGO_SECRET_KEY=(.+)$", (project / ".env").read_text(), re.MULTILINE)[1]
    (project / ".env").unlink()  # a fresh clone has none
    command = readme_block((project / "README.md").read_text(), "### After cloning")

    result = run_as_user(project, command, "3.11", tmp_path)

    assert result.returncode == 0, result.stderr
    assert stat.S_IMODE((project / ".env").stat().st_mode) == 0o600
    key = re.search(r"^DJANGO_SECRET_KEY=(.+)$", (project / ".env").read_text(), re.MULTILINE)[1]
    assert len(key) >= 50
    assert key != generated_key
    toolchain("5.2").check(project, "python", "manage.py", "check", "--fail-level", "WARNING")


def commands(block: str) -> list[str]:
    """The commands of a README block, in the order they run."""
    return [command.strip() for line in block.splitlines() for command in line.split("&&")]


def test_readme_commands_come_in_an_order_that_works_when_typed(bake):
    readme = (bake() / "README.md").read_text()
    run = commands(readme_block(readme, "### Run"))
    assert run[0] == "python manage.py migrate"
    assert run.index("python manage.py createsuperuser") < run.index("python manage.py runserver") == len(run) - 1
    example = commands(readme_block(readme, "## The example app"))
    assert example.index("python manage.py migrate") < example.index("python manage.py seed_demo")
    assert "`git init && pre-commit install`" in readme


def test_git_hooks_install_as_the_readme_says_in_a_fresh_project(own_bake, toolchain):
    project = own_bake()
    command = re.search(r"`(git init && pre-commit install)`", (project / "README.md").read_text())[1]
    result = toolchain("5.2").run(project, "bash", "-c", command)
    assert result.returncode == 0, result.stdout + result.stderr
    assert (project / ".git" / "hooks" / "pre-commit").is_file()


def test_an_app_made_by_startapp_is_packaged(own_bake, toolchain):
    project = own_bake()
    readme = (project / "README.md").read_text()
    assert readme_block(readme, "## Adding an app") == "python manage.py startapp blog"
    tools = toolchain("5.2")
    tools.check(project, "python", "manage.py", "startapp", "blog")
    tools.check(project, "python", "-c", "from setuptools import build_meta; build_meta.build_wheel('dist')")

    (wheel,) = (project / "dist").glob("*.whl")
    packages = {name.split("/")[0] for name in zipfile.ZipFile(wheel).namelist() if name.endswith("/__init__.py")}
    assert {"blog", "config", "users", "my_project", "django_sequence"} <= packages
    assert "tests" not in packages


def test_a_sqlite_project_installs_the_postgresql_driver_from_an_extra_the_readme_names(bake):
    project = bake(database="sqlite")
    pyproject = tomllib.loads((project / "pyproject.toml").read_text())
    assert not any(Requirement(r).name == "psycopg" for r in pyproject["project"]["dependencies"])
    assert [Requirement(r).name for r in pyproject["project"]["optional-dependencies"]["postgresql"]] == ["psycopg"]
    test_section = (project / "README.md").read_text().split("### Test\n", 1)[1].split("\n## ", 1)[0]
    assert '`python -m pip install -e ".[postgresql]"`' in test_section


@pytest.mark.parametrize("database", ["sqlite", "postgresql"])
def test_every_dev_tool_has_an_upper_bound_and_ruff_is_the_pre_commit_version(bake, database):
    project = bake(database=database)
    dev = [Requirement(r) for r in tomllib.loads((project / "pyproject.toml").read_text())["dependency-groups"]["dev"]]
    unbounded = [str(r) for r in dev if not any(spec.operator in {"<", "<=", "==", "~="} for spec in r.specifier)]
    assert unbounded == []
    hooks = yaml.safe_load((project / ".pre-commit-config.yaml").read_text())
    pinned = {
        dependency
        for repo in hooks["repos"]
        for hook in repo["hooks"]
        for dependency in hook.get("additional_dependencies", [])
        if Requirement(dependency).name == "ruff"
    }
    (ruff,) = (r for r in dev if r.name == "ruff")
    assert pinned == {str(ruff)}
    assert str(ruff).startswith("ruff==")


@pytest.mark.parametrize("database", ["sqlite", "postgresql"])
def test_the_workflow_reads_only_keeps_no_credentials_and_times_out(bake, database):
    workflow = yaml.safe_load((bake(database=database) / ".github" / "workflows" / "ci.yml").read_text())
    assert workflow["permissions"] == {"contents": "read"}
    for job in workflow["jobs"].values():
        assert 0 < job["timeout-minutes"] <= 60
        checkouts = [step for step in job["steps"] if step.get("uses", "").startswith("actions/checkout@")]
        assert checkouts
        assert all(step["with"]["persist-credentials"] is False for step in checkouts)


def test_both_readmes_say_how_to_follow_the_template_with_cruft(bake):
    for readme in (TEMPLATE_DIR / "README.md", bake() / "README.md"):
        text = readme.read_text()
        assert "`cruft update`" in text, readme
        assert "`cookiecutter -f`" in text, readme
