"""Generating again, as users do it with cookiecutter's command line: a refused answer is corrected
in the replay file and run again; ``-f`` over an existing project keeps ``.env`` and every file the
user added, and refuses what would lose something: deleting a folder, rewriting an edit that git does
not hold, writing through a symbolic link."""

from __future__ import annotations

import json
import os
import re
import shlex
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import TEMPLATE_DIR

COOKIECUTTER = str(Path(sys.executable).parent / "cookiecutter")


@pytest.fixture
def user(tmp_path):
    """run(*arguments) -> cookiecutter's command line, run by a user whose home is a fresh folder
    (where cookiecutter keeps its replay files)."""
    env = {**os.environ, "HOME": str(tmp_path / "home")}
    env.pop("COOKIECUTTER_CONFIG", None)

    def run(*arguments: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [COOKIECUTTER, *arguments], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120, check=False
        )

    return run


def files_of(folder: Path) -> dict[str, bytes]:
    """Every file of the project and its content, git's own files aside."""
    return {
        str(path.relative_to(folder)): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file() and ".git" not in path.relative_to(folder).parts
    }


def git(project: Path, *arguments: str) -> str:
    identity = {
        f"GIT_{who}_{what}": value
        for who in ("AUTHOR", "COMMITTER")
        for what, value in (("NAME", "Ada"), ("EMAIL", "ada@example.com"))
    }
    result = subprocess.run(
        ["git", "-C", str(project), *arguments],
        env={**os.environ, **identity},
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout


def rerun_command(stderr: str) -> list[str]:
    """The command the refusal prints to run again with the saved answers, and its replay file."""
    return shlex.split(re.search(r"then run\n\s+(cookiecutter --replay-file .+)$", stderr, re.MULTILINE)[1])


def correct_replay_file(command: list[str], **corrections) -> dict:
    replay_file = Path(command[command.index("--replay-file") + 1])
    answers = json.loads(replay_file.read_text())
    answers["cookiecutter"].update(corrections)
    replay_file.write_text(json.dumps(answers))
    return answers["cookiecutter"]


def test_a_refused_answer_is_corrected_in_the_replay_file_and_run_again(user, tmp_path):
    refused = user("--no-input", "-o", "out", str(TEMPLATE_DIR), "project_name=Users", "author_name=Ada")
    assert refused.returncode == 1
    assert "ERROR: project_slug: 'users' is already the name of one of the project's own modules" in refused.stderr
    assert not (tmp_path / "out").exists()

    command = rerun_command(refused.stderr)
    answers = correct_replay_file(command, project_slug="user_accounts")
    assert answers["author_name"] == "Ada"  # the user's answers are all there

    rerun = user(*command[1:])
    assert rerun.returncode == 0, rerun.stderr
    assert 'authors = [{ name = "Ada"' in (tmp_path / "out" / "user_accounts" / "pyproject.toml").read_text()


def test_replayed_strings_are_not_read_as_booleans(user, tmp_path):
    assert user("--no-input", "-o", "first", str(TEMPLATE_DIR)).returncode == 0
    replay_file = tmp_path / "home" / ".cookiecutter_replay" / f"{TEMPLATE_DIR.name}.json"
    answers = json.loads(replay_file.read_text())
    answers["cookiecutter"].update(include_example_app="no", use_github_actions="false", django_version="4.2")
    replay_file.write_text(json.dumps(answers))

    replayed = user("--replay-file", str(replay_file), "-o", "second", str(TEMPLATE_DIR))
    assert replayed.returncode == 1
    assert "ERROR: include_example_app: 'no' is not a boolean" in replayed.stderr
    assert "ERROR: use_github_actions: 'false' is not a boolean" in replayed.stderr
    assert "ERROR: django_version: '4.2' is not one of the choices: 5.2, 6.1" in replayed.stderr
    assert not (tmp_path / "second").exists()


@pytest.fixture
def lived_in_project(user, tmp_path):
    """A project with a database URL in its .env and files of its own in every folder."""
    assert user("--no-input", "-o", "out", str(TEMPLATE_DIR), "project_slug=shop").returncode == 0
    project = tmp_path / "out" / "shop"
    with (project / ".env").open("a") as env:
        env.write("DATABASE_URL=postgres://me@db.internal/shop\n")
    (project / "shop" / "reports.py").write_text("TOTALS = {}\n")
    (project / ".github" / "workflows" / "deploy.yml").write_text("name: Deploy\n")
    (project / "NOTES.md").write_text("Mine.\n")
    git(project, "init", "-q")
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "Generated, and lived in")
    return project


def test_generating_again_keeps_env_and_the_users_files(user, lived_in_project):
    before = files_of(lived_in_project)

    again = user("--no-input", "-f", "-o", "out", str(TEMPLATE_DIR), "project_slug=shop")

    assert again.returncode == 0, again.stderr
    after = files_of(lived_in_project)
    for name in (".env", "shop/reports.py", ".github/workflows/deploy.yml", "NOTES.md"):
        assert after[name] == before[name], name
    assert stat.S_IMODE((lived_in_project / ".env").stat().st_mode) == 0o600


@pytest.mark.parametrize(
    ("option", "folder"),
    [("include_example_app", "shop"), ("use_github_actions", ".github")],
    ids=["example", "actions"],
)
def test_switching_off_an_option_whose_folder_exists_is_refused_and_writes_nothing(
    user, lived_in_project, option, folder
):
    before = files_of(lived_in_project)

    again = user("--no-input", "-f", "-o", "out", str(TEMPLATE_DIR), "project_slug=shop", f"{option}=no")

    assert again.returncode == 1
    assert f"ERROR: {option}: False, but {lived_in_project / folder} exists" in again.stderr
    assert "Move or delete it yourself first, or answer true." in again.stderr
    assert files_of(lived_in_project) == before

    command = rerun_command(again.stderr)
    assert command[-1] == "-f"
    correct_replay_file(command, **{option: True})
    assert user(*command[1:]).returncode == 0
    assert files_of(lived_in_project) == before


def test_an_edit_git_does_not_hold_is_refused_and_kept_then_committed_it_can_be_compared(user, lived_in_project):
    settings = lived_in_project / "config" / "settings.py"
    settings.write_text(settings.read_text() + "MINE = True\n")
    before = files_of(lived_in_project)

    again = user("--no-input", "-f", "-o", "out", str(TEMPLATE_DIR), "project_slug=shop")

    assert again.returncode == 1
    assert (
        f"ERROR: {lived_in_project} has files of the template with changes git does not hold (config/settings.py)"
        in again.stderr
    )
    assert files_of(lived_in_project) == before

    git(lived_in_project, "commit", "-q", "-a", "-m", "Mine")
    assert user("--no-input", "-f", "-o", "out", str(TEMPLATE_DIR), "project_slug=shop").returncode == 0
    assert git(lived_in_project, "diff", "--name-only") == "config/settings.py\n"  # the template's version, to review
    assert "MINE = True" in git(lived_in_project, "show", "HEAD:config/settings.py")


def test_a_project_outside_git_is_refused_where_the_template_writes(user, tmp_path):
    assert user("--no-input", "-o", "out", str(TEMPLATE_DIR), "project_slug=shop").returncode == 0
    project = tmp_path / "out" / "shop"
    (project / "README.md").write_text("My own README.\n")
    before = files_of(project)

    again = user("--no-input", "-f", "-o", "out", str(TEMPLATE_DIR), "project_slug=shop")

    assert again.returncode == 1
    assert (
        f"ERROR: {project} is not in a git work tree (or git is missing): generating over it rewrites" in again.stderr
    )
    assert files_of(project) == before


def test_a_symbolic_link_where_the_template_writes_is_refused(user, lived_in_project, tmp_path):
    outside = tmp_path / "precious.txt"
    outside.write_text("Not the project's.\n")
    readme = lived_in_project / "README.md"
    readme.unlink()
    readme.symlink_to(outside)
    git(lived_in_project, "commit", "-q", "-a", "-m", "README elsewhere")

    again = user("--no-input", "-f", "-o", "out", str(TEMPLATE_DIR), "project_slug=shop")

    assert again.returncode == 1
    assert f"ERROR: {readme} is a symbolic link to {outside}: generating over this project would write" in again.stderr
    assert outside.read_text() == "Not the project's.\n"
    assert readme.is_symlink()


def test_a_file_where_the_project_folder_would_be_is_refused(user, tmp_path):
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "shop").write_text("Not a project.\n")

    again = user("--no-input", "-f", "-o", "out", str(TEMPLATE_DIR), "project_slug=shop")

    assert again.returncode == 1
    assert f"ERROR: {tmp_path / 'out' / 'shop'} is a file, not a project folder" in again.stderr
    assert "Traceback" not in again.stderr
    assert sorted(path.name for path in (tmp_path / "out").iterdir()) == ["shop"]
    assert (tmp_path / "out" / "shop").read_text() == "Not a project.\n"
