"""Refuse a re-bake that would delete what the user has in the project.

The answers themselves were checked before this hook runs (``local_extensions.AnswerCheck``). This
hook runs in the project folder before any file is written into it: an empty folder for a new
project, or an existing project when cookiecutter runs with ``-f`` (``--overwrite-if-exists``).

Over an existing project, ``-f`` rewrites the files the template writes and keeps every other file;
``.env`` is kept too (see post_gen_project). An option answered "no" would make the post-generation
hook delete that option's folder, with any file the user added there: such a re-bake is refused.
To bring template changes into a project, ``cruft update`` is the way (README, "Following the template").
"""

from __future__ import annotations

import json
import sys
from pathlib import Path


def unchosen_folders(answers: dict) -> dict[str, str]:
    """Each option answered "no", with the folder it removes (post_gen_project has the same
    function: hooks run as separate scripts and cannot import each other)."""
    folders = {"use_github_actions": ".github", "include_example_app": answers["project_slug"]}
    return {option: folder for option, folder in folders.items() if not answers[option]}


def rebake_problems(answers: dict, root: Path) -> list[str]:
    return [
        f"{option} is false, but {root / folder} exists: generating over this project would delete it, "
        "with any file you added there. Move or delete it yourself first, or answer true."
        for option, folder in unchosen_folders(answers).items()
        if (root / folder).exists()
    ]


def main(answers: dict, root: Path) -> None:
    problems = rebake_problems(answers, root)
    for message in problems:
        print(f"ERROR: {message}", file=sys.stderr)
    if problems:
        print("Nothing was written.", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main(json.loads(r"""{{ cookiecutter | tojson }}"""), Path.cwd())
