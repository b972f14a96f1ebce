"""What generating again over an existing project (``cookiecutter -f``) would lose, said before it writes.

Cookiecutter's ``-f`` rewrites every file of the template in place and keeps every other file. So it
refuses, with a message that says what to do:

- an option answered "no" whose folder exists: the post-generation hook would delete it, with any file
  the user added there;
- a file of the template the user changed and git does not hold (edited, never committed, ignored), or
  a project outside git where the template's files exist: the edit would be lost for good. In a clean
  git work tree everything rewritten is in git, and ``git diff`` shows what generating changed;
- a symbolic link where the template writes a file: the file would be written through it, possibly
  outside the project.

``local_extensions.AnswerCheck`` runs ``rebake_problems`` once the answers are valid, when the
project folder exists already (only ``-f`` goes on from there).
"""

from __future__ import annotations

import subprocess
from pathlib import Path

TEMPLATE_FOLDER = Path(__file__).parent / "{{cookiecutter.project_slug}}"
# Written by the post-generation hook; it keeps an existing .env, which is not listed.
HOOK_WRITTEN = (".cruft.json",)


def option_folders(answers: dict) -> dict[str, str]:
    """Each yes/no option, with the folder that holds what it adds to the project."""
    return {"use_github_actions": ".github", "include_example_app": answers["project_slug"]}


def unchosen_options(answers: dict) -> dict[str, str]:
    """The yes/no options answered "no", with their folders."""
    return {option: folder for option, folder in option_folders(answers).items() if answers[option] is False}


def unchosen_folders(answers: dict) -> list[str]:
    """The folders of the options answered "no", which the post-generation hook removes."""
    return list(unchosen_options(answers).values())


def written_paths(slug: str) -> list[Path]:
    """Every file a bake writes, relative to the project folder."""
    files = (path.relative_to(TEMPLATE_FOLDER) for path in TEMPLATE_FOLDER.rglob("*") if path.is_file())
    named = [Path(*(slug if part == TEMPLATE_FOLDER.name else part for part in path.parts)) for path in files]
    return sorted({*named, *map(Path, HOOK_WRITTEN)})


def folder_problems(answers: dict, project: Path) -> list[str]:
    return [
        f"{option}: False, but {project / folder} exists: generating over this project would delete it, "
        "with any file you added there. Move or delete it yourself first, or answer true."
        for option, folder in unchosen_options(answers).items()
        if (project / folder).exists()
    ]


def link_problems(project: Path, paths: list[Path]) -> list[str]:
    """Symbolic links at, or on the way to, a file the template writes (the project folder itself may be one)."""
    links = sorted(
        {parent for path in paths for parent in (path, *path.parents[:-1]) if (project / parent).is_symlink()}
    )
    return [
        f"{project / link} is a symbolic link to {(project / link).resolve()}: generating over this project "
        "would write the template's file through it. Replace the link with the file itself first."
        for link in links
    ]


def git_unsaved(project: Path, files: list[str]) -> list[str] | None:
    """Those of ``files`` whose content git does not hold (changed, untracked or ignored), or None when
    git cannot tell (no git, or ``project`` is not in a git work tree)."""
    command = ["git", "-C", str(project), "status", "--porcelain", "-z", "--ignored", "--untracked-files=all"]
    try:
        status = subprocess.run([*command, "--", *files], capture_output=True, text=True, check=False)
    except OSError:
        return None
    if status.returncode != 0:
        return None
    return [entry[3:] for entry in status.stdout.split("\0") if entry[2:3] == " "]


def unsaved_edit_problem(project: Path, paths: list[Path]) -> str | None:
    """Files of the template that exist in ``project`` with content only the file system holds."""
    existing = [str(path) for path in paths if (project / path).is_file()]
    unsaved = git_unsaved(project, existing) if existing else []
    if unsaved is None:
        return (
            f"{project} is not in a git work tree (or git is missing): generating over it rewrites every file "
            "of the template, and any edit you made to one would be lost for good. Put the project in git first "
            "(git init, git add -A, git commit), or bring template changes in with cruft update."
        )
    if not unsaved:
        return None
    listed = ", ".join(unsaved[:5]) + (f" and {len(unsaved) - 5} more" if len(unsaved) > 5 else "")
    return (
        f"{project} has files of the template with changes git does not hold ({listed}): generating over it "
        "would rewrite them. Commit them first (then git diff shows what generating changed), or bring "
        "template changes in with cruft update."
    )


def rebake_problems(answers: dict, project: Path) -> list[str]:
    """Why generating again over ``project`` would lose something of the user's, or an empty list."""
    if project.exists() and not project.is_dir():
        return [f"{project} is a file, not a project folder: move it away first, or generate elsewhere (-o)."]
    paths = written_paths(answers["project_slug"])
    unsaved = unsaved_edit_problem(project, paths)
    return folder_problems(answers, project) + link_problems(project, paths) + ([unsaved] if unsaved else [])
