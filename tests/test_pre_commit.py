"""The generated pre-commit configuration installs from the package index alone and passes."""

from __future__ import annotations

import subprocess

from tests.conftest import VENVS_DIR


def test_pre_commit_passes_on_a_fresh_git_repository(own_bake, toolchain):
    project = own_bake(database="postgresql")
    config = (project / ".pre-commit-config.yaml").read_text()
    assert "repo: local" in config
    assert "https://" not in config, "hooks must not come from git hosting"
    subprocess.run(["git", "init", "-q"], cwd=project, check=True)
    subprocess.run(["git", "add", "-A"], cwd=project, check=True)
    tools = toolchain("5.2")
    result = tools.run(
        project, "pre-commit", "run", "--all-files", env={"PRE_COMMIT_HOME": str(VENVS_DIR / "pre-commit")}
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "ruff check" in result.stdout
    assert "Failed" not in result.stdout
