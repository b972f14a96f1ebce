"""Finish a freshly generated project.

Runs inside the new project folder after every file is written: it removes what belongs to options
that were not chosen and writes a local ``.env`` holding a secret key made for this project alone.
It needs no network. Like the pre-generation hook, it keeps its work in importable functions.
"""

from __future__ import annotations

import json
import secrets
import shutil
from pathlib import Path

ENV_TEMPLATE = """\
# Local settings for this checkout only: never commit this file (.gitignore lists it).
# Real environment variables take precedence over the values below.
DJANGO_DEBUG=true
DJANGO_SECRET_KEY={secret_key}
DJANGO_ALLOWED_HOSTS=localhost,127.0.0.1
# DATABASE_URL={database_url}
"""

EXAMPLE_DATABASE_URLS = {
    "sqlite": "sqlite:////absolute/path/to/db.sqlite3",
    "postgresql": "postgres://USER:PASSWORD@localhost:5432/{slug}",
}


def unchosen_paths(answers: dict) -> list[str]:
    """Paths (relative to the project) that belong to options the user turned off."""
    paths = []
    if not answers["use_github_actions"]:
        paths.append(".github")
    if not answers["include_example_app"]:
        paths.append(answers["project_slug"])
    return paths


def remove_unchosen(answers: dict, root: Path) -> None:
    for relative in unchosen_paths(answers):
        target = root / relative
        if target.is_dir():
            shutil.rmtree(target)
        else:
            target.unlink()


def new_secret_key() -> str:
    """A key Django's deployment check accepts: 50+ characters, no 'django-insecure-' prefix."""
    return secrets.token_urlsafe(50)


def write_env(answers: dict, root: Path) -> None:
    database_url = EXAMPLE_DATABASE_URLS[answers["database"]].format(slug=answers["project_slug"])
    text = ENV_TEMPLATE.format(secret_key=new_secret_key(), database_url=database_url)
    (root / ".env").write_text(text, encoding="utf-8")


def main(answers: dict, root: Path) -> None:
    remove_unchosen(answers, root)
    write_env(answers, root)


if __name__ == "__main__":
    main(json.loads(r"""{{ cookiecutter | tojson }}"""), Path.cwd())
