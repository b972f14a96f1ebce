"""Follow READMEs word for word, as a new user would, in fresh virtual environments."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys

import pytest

from tests.conftest import PYTHON_FOR_DJANGO, TEMPLATE_DIR, find_python
from tests.test_generated_project import summary_counts


def readme_block(readme: str, heading: str) -> str:
    """The first ```bash block after ``heading`` in a README."""
    section = readme.split(f"{heading}\n", 1)[1]
    return re.search(r"```bash\n(.*?)```", section, re.DOTALL).group(1).strip()


def run_as_user(project, script: str, python_version: str, tmp_path) -> subprocess.CompletedProcess:
    """Run ``script`` with bash in ``project``, with ``python3`` being the given version."""
    shims = tmp_path / "bin"
    shims.mkdir(exist_ok=True)
    (shims / "python3").unlink(missing_ok=True)
    (shims / "python3").symlink_to(find_python(python_version))
    uv_bin = os.path.dirname(sys.executable)  # uv is installed next to the suite's Python
    env = {key: value for key, value in os.environ.items() if key not in {"VIRTUAL_ENV", "DJANGO_SETTINGS_MODULE"}}
    env["PATH"] = os.pathsep.join([str(shims), env["PATH"], uv_bin])
    return subprocess.run(
        ["bash", "-euo", "pipefail", "-c", script],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )


@pytest.mark.parametrize("django_version", ["5.2", "6.1"])
def test_generated_readme_install_and_test_commands_work_with_pip(own_bake, tmp_path, django_version):
    project = own_bake(django_version=django_version, use_github_actions=False)
    readme = (project / "README.md").read_text()
    script = "\n".join([readme_block(readme, "### Install"), readme_block(readme, "### Test")])
    result = run_as_user(project, script, PYTHON_FOR_DJANGO[django_version], tmp_path)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
    assert (project / ".venv").is_dir()
    assert summary_counts(result.stdout).get("passed", 0) > 0


def test_generated_readme_uv_commands_work(own_bake, tmp_path):
    project = own_bake(include_example_app=False)
    readme = (project / "README.md").read_text()
    assert "`uv sync` (then prefix commands with `uv run`)" in readme
    result = run_as_user(project, "uv sync -q && uv run pytest -q -p no:cacheprovider", "3.11", tmp_path)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
    assert summary_counts(result.stdout).get("passed", 0) > 0


def test_template_readme_generate_command_bakes_the_defaults(tmp_path):
    """Run the README's command, unchanged, in a clean copy of the template."""
    clone = tmp_path / "template"
    shutil.copytree(TEMPLATE_DIR, clone, ignore=shutil.ignore_patterns(".venv", ".venvs", ".git", "__pycache__"))
    command = readme_block((clone / "README.md").read_text(), "### Generate a project")
    result = run_as_user(clone, command, "3.11", tmp_path)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
    assert (tmp_path / "my_project" / "manage.py").is_file()
    assert (tmp_path / "my_project" / ".env").is_file()
