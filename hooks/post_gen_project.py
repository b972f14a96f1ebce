"""Finish a freshly generated project.

Runs inside the new project folder after every file is written: it removes what belongs to options
that were not chosen, writes a local ``.env`` holding a secret key made for this checkout alone, and
records where the project came from in ``.cruft.json`` so that ``cruft check/diff/update`` can bring
later template changes in. It needs no network, and keeps its work in importable functions (the
template's tests call them).
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import subprocess
from pathlib import Path


def remove_unchosen(folders: list[str], root: Path) -> None:
    """Remove the folders of options answered "no" (``rebake_rules.unchosen_folders``). Only this run
    wrote there: generating over a project where one exists is refused before anything is written."""
    for folder in folders:
        shutil.rmtree(root / folder)


def new_secret_key() -> str:
    """A key Django's deployment check accepts: 50+ characters, no 'django-insecure-' prefix."""
    return secrets.token_urlsafe(50)


def write_env(answers: dict, root: Path) -> None:
    """Write ``.env``: the committed ``.env.example`` with a fresh secret key, readable by its owner
    only. An existing ``.env`` (generating again over a project) is kept as it is."""
    path = root / ".env"
    if path.exists() or path.is_symlink():  # a link to a file not there now is the user's .env too
        print(f"Kept the existing {path}.")
        return
    example = (root / ".env.example").read_text(encoding="utf-8")
    text = re.sub(r"^DJANGO_SECRET_KEY=$", f"DJANGO_SECRET_KEY={new_secret_key()}", example, flags=re.MULTILINE)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with open(descriptor, "w", encoding="utf-8") as env_file:
        env_file.write(text)


# Cookiecutter's bookkeeping about this one run, not answers worth replaying.
RUN_ONLY_KEYS = frozenset({"_output_dir", "_repo_dir", "_checkout"})


def template_commit(repo_dir: Path) -> str | None:
    """The commit the template was generated from, if ``repo_dir`` is the top of a git repository."""
    try:
        top = subprocess.run(
            ["git", "-C", str(repo_dir), "rev-parse", "--show-toplevel", "HEAD"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split()
    except (OSError, subprocess.CalledProcessError):
        return None
    return top[1] if Path(top[0]).resolve() == repo_dir else None


def template_dir(answers: dict) -> Path:
    """The template's folder. A relative path is relative to where cookiecutter was started, which
    the shell's PWD records (this hook itself runs inside the new project)."""
    return Path(os.environ.get("PWD", ""), answers["_repo_dir"]).resolve()


def cruft_state(answers: dict) -> dict | None:
    """The content of ``.cruft.json`` (cruft's format), or None when the template is not in git."""
    repo_dir = template_dir(answers)
    commit = template_commit(repo_dir) if (repo_dir / "cookiecutter.json").is_file() else None
    if commit is None:
        return None
    is_local = not re.match(r"^(\w+:|git@)", answers["_template"])
    template = str(repo_dir) if is_local else answers["_template"]
    context = {key: value for key, value in answers.items() if key not in RUN_ONLY_KEYS and not key.startswith("__")}
    context.update(_template=template, _commit=commit)
    return {
        "template": template,
        "commit": commit,
        "checkout": answers.get("_checkout"),
        "context": {"cookiecutter": context},
        "directory": None,
        "skip": [".env", ".git", ".venv"],
    }


def write_cruft_state(answers: dict, root: Path) -> None:
    if "_repo_dir" not in answers:
        return  # cruft itself is generating (create, diff, update) and keeps .cruft.json
    state = cruft_state(answers)
    if state is None:
        print("Note: the template is not a git repository, so no .cruft.json was written; see README.")
        return
    (root / ".cruft.json").write_text(json.dumps(state, indent=2) + "\n", encoding="utf-8")


def main(answers: dict, unchosen: list[str], root: Path) -> None:
    remove_unchosen(unchosen, root)
    write_env(answers, root)
    write_cruft_state(answers, root)


if __name__ == "__main__":
    main(
        json.loads(r"""{{ cookiecutter | tojson }}"""),
        json.loads(r"""{{ cookiecutter | unchosen_folders | tojson }}"""),
        Path.cwd(),
    )
