"""Generated projects record their template and answers so that cruft can follow the template."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest

from tests.conftest import TEMPLATE_DIR

GIT_IDENTITY = ["-c", "user.name=Template Tests", "-c", "user.email=tests@example.com"]
BIN = os.path.dirname(sys.executable)


def run(command: str, cwd) -> subprocess.CompletedProcess:
    """Run through bash, as a user would, so that the shell records the working folder (PWD)."""
    return subprocess.run(["bash", "-c", command], cwd=cwd, capture_output=True, text=True, check=False)


@pytest.fixture
def template_clone(tmp_path):
    """A local git repository holding the template's working tree: cruft reaches it offline."""
    clone = tmp_path / "template"
    shutil.copytree(TEMPLATE_DIR, clone, ignore=shutil.ignore_patterns(".git", ".venv", ".venvs", "__pycache__"))
    subprocess.run(["git", "init", "-q", str(clone)], check=True)
    subprocess.run(["git", "-C", str(clone), "add", "-A"], check=True)
    subprocess.run(["git", *GIT_IDENTITY, "-C", str(clone), "commit", "-qm", "template"], check=True)
    return clone


def test_fresh_bake_is_up_to_date_for_cruft_and_sees_later_template_commits(template_clone, tmp_path):
    baked = run(f"{BIN}/cookiecutter --no-input . --output-dir {tmp_path}", cwd=template_clone)
    assert baked.returncode == 0, baked.stderr
    project = tmp_path / "my_project"
    state = json.loads((project / ".cruft.json").read_text())
    head = subprocess.run(
        ["git", "-C", str(template_clone), "rev-parse", "HEAD"], capture_output=True, text=True, check=True
    )
    assert state["template"] == str(template_clone)
    assert state["commit"] == head.stdout.strip()
    assert state["context"]["cookiecutter"]["project_slug"] == "my_project"

    assert run(f"{BIN}/cruft check", cwd=project).returncode == 0
    diff = run(f"{BIN}/cruft diff --exit-code", cwd=project)
    assert diff.returncode == 0, diff.stdout

    (template_clone / "CHANGELOG.md").write_text("A later template improvement.\n")
    subprocess.run(["git", "-C", str(template_clone), "add", "CHANGELOG.md"], check=True)
    subprocess.run(["git", *GIT_IDENTITY, "-C", str(template_clone), "commit", "-qm", "improve"], check=True)
    outdated = run(f"{BIN}/cruft check", cwd=project)
    assert outdated.returncode == 1
    assert "out of date" in outdated.stdout
