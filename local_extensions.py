"""Jinja extensions of this template, loaded by cookiecutter from ``_extensions`` in cookiecutter.json.

``TextFilters`` writes free-text answers (any single line: quotes, backslashes, typographic
punctuation, any script) safely into each file format they land in. ``AnswerCheck`` refuses bad
answers, and a re-generation that would delete the user's files, before anything is written.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import sys
import unicodedata
from pathlib import Path

from cookiecutter.config import get_user_config
from cookiecutter.exceptions import FailedHookException
from jinja2.ext import Extension
from slugify import slugify

from answer_rules import COOKIECUTTER_JSON, QUESTIONS, SLUG_MAX_LENGTH, validate
from rebake_rules import rebake_problems, unchosen_folders

PYTHON_SHORT_ESCAPES = {"\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t"}
# Markdown: characters that start emphasis, code, links, HTML or entities anywhere in a line...
MARKDOWN_INLINE = re.compile(r"([\\`*_\[\]<>&|])")
# ...and what starts a heading, quote, list or rule at the beginning of one.
MARKDOWN_BLOCK_START = re.compile(r"^(?:[#>+=~-]|\d+[.)])")


def python_text(text: str, quote: str = '"') -> str:
    """``text`` escaped for the inside of a Python string or docstring delimited by ``quote``.

    Everything outside printable ASCII becomes an escape (``\\N{EN DASH}``): ruff reports look-alike
    characters such as ``’`` or ``–`` in strings and docstrings (RUF001, RUF002), and the escaped
    text is the same string at run time.
    """
    return "".join(_python_character(character, quote) for character in text)


def _python_character(character: str, quote: str) -> str:
    if character == quote:
        return "\\" + quote
    if character in PYTHON_SHORT_ESCAPES:
        return PYTHON_SHORT_ESCAPES[character]
    if " " <= character <= "~":
        return character
    name = unicodedata.name(character, None)
    if name:
        return f"\\N{{{name}}}"
    code = ord(character)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def python_string(text: str) -> str:
    """A Python string literal of ``text``, quoted as ``ruff format`` would quote it."""
    quote = "'" if text.count('"') > text.count("'") else '"'
    return f"{quote}{python_text(text, quote)}{quote}"


# [tool.ruff] line-length of the generated pyproject.toml (tests/test_hooks.py checks they agree).
LINE_LENGTH = 110


def python_assignment(text: str, target: str, indent: int = 4) -> str:
    """``target = <text as a string literal>``, laid out as ``ruff format`` lays it out at ``indent``:
    on one line when it fits, else the string alone on a line in parentheses when that fits, else on
    one line again (ruff does not split strings)."""
    literal = python_string(text)
    if indent + len(f"{target} = {literal}") <= LINE_LENGTH or indent + 4 + len(literal) > LINE_LENGTH:
        return f"{target} = {literal}"
    return f"{target} = (\n{' ' * (indent + 4)}{literal}\n{' ' * indent})"


def toml_text(text: str) -> str:
    """``text`` escaped for the inside of a TOML basic string ("..."): quotes, backslashes and control
    characters become escapes, and all else stays as it is (TOML is UTF-8)."""
    return "".join(_toml_character(character) for character in text)


def _toml_character(character: str) -> str:
    if character in '"\\':
        return "\\" + character
    if (character < " " and character != "\t") or character == "\x7f":
        return f"\\u{ord(character):04X}"
    return character


def markdown_text(text: str) -> str:
    """``text`` as one line of Markdown that shows exactly these characters, not formatting or HTML."""
    escaped = MARKDOWN_INLINE.sub(r"\\\1", " ".join(text.split()))
    return MARKDOWN_BLOCK_START.sub(lambda start: f"{start[0][:-1]}\\{start[0][-1]}", escaped, count=1)


def python_name(text: str) -> str:
    """The default slug: ``text`` transliterated to a lowercase Python identifier of 40 characters at most."""
    name = slugify(text, separator="_", max_length=SLUG_MAX_LENGTH, word_boundary=True)
    return f"project_{name}"[:SLUG_MAX_LENGTH].rstrip("_") if name[:1].isdigit() else name


class TextFilters(Extension):
    """``python_string``, ``python_assignment``, ``python_text``, ``toml_text``, ``markdown_text`` and
    ``python_name``."""

    def __init__(self, environment):
        super().__init__(environment)
        environment.filters.update(
            python_string=python_string,
            python_assignment=python_assignment,
            python_text=python_text,
            toml_text=toml_text,
            markdown_text=markdown_text,
            python_name=python_name,
        )


class AnswersRefused(FailedHookException):
    """Bad answers: cookiecutter's command line prints this message and exits with status 1."""


# The template folder's name, which cookiecutter renders before anything else is created.
PROJECT_FOLDER = "{{cookiecutter.project_slug}}"


def own_strings(value) -> set[str]:
    """The strings among the values of cookiecutter.json (defaults and choices)."""
    if isinstance(value, str):
        return {value}
    items = value.values() if isinstance(value, dict) else value if isinstance(value, list) else []
    return set().union(*map(own_strings, items))


# The template's own strings that cookiecutter renders from a string (not a file): the defaults of
# cookiecutter.json, such as the slug's, and the hook scripts.
TEMPLATE_STRINGS = frozenset(
    own_strings({key: COOKIECUTTER_JSON[key] for key in QUESTIONS})
    | {path.read_text(encoding="utf-8") for path in (Path(__file__).parent / "hooks").iterdir() if path.is_file()}
)


class AnswerCheck(Extension):
    """Check every answer when cookiecutter names the project folder; keep answers as typed.

    Cookiecutter creates that folder before the pre-generation hook runs, so a hook cannot stop a
    slug that is not a folder name: an empty one fails with "directory already exists", a long one
    with an OSError, ``../x`` creates a folder outside the output folder. The folder's name is rendered
    just after cookiecutter saved the answers in its replay file and just before it creates anything;
    this extension runs the answer rules there, on prompted, ``--no-input`` and replayed answers alike,
    and refuses to generate over a project (``-f``) where that would lose something (``rebake_rules``).

    Cookiecutter also renders every answer given on its command line as a Jinja template (so that a
    default can be made of other answers): ``Shop {{ 7*7 }}`` would become ``Shop 49``, ``{% x %}`` or
    ``{{ cookiecutter.x }}`` a traceback, and a carriage return a newline. Only the template's own
    strings are rendered as templates: its defaults, its hooks and, once the answers are checked, its
    paths; any other string is an answer, rendered as the text it is.
    """

    def __init__(self, environment):
        super().__init__(environment)
        self.answers_checked = False
        environment.filters.update(
            checked_project_folder=self.checked_project_folder, unchosen_folders=unchosen_folders
        )

    def preprocess(self, source, name, filename=None):
        if name is not None or self.answers_checked or source in TEMPLATE_STRINGS:
            return source  # a file, a path or a default of the template
        if source == PROJECT_FOLDER:
            return "{{ cookiecutter | checked_project_folder }}"
        return "{{ " + jinja_string(source) + " }}"

    def checked_project_folder(self, answers: dict) -> str:
        if not all(question in answers for question in QUESTIONS):
            return PROJECT_FOLDER  # still answering: an answer that reads like the folder's name
        folder = checked_project_folder(answers)
        self.answers_checked = True
        return folder


def jinja_string(text: str) -> str:
    """A Jinja string literal of ``text`` (Jinja decodes its escapes as Python's unicode-escape)."""
    return '"' + text.encode("unicode-escape").decode("ascii").replace('"', '\\"') + '"'


def checked_project_folder(answers: dict) -> str:
    """The project folder's name, or ``AnswersRefused`` after printing what is wrong to stderr."""
    errors = validate(answers)
    over_a_project = not errors and "_output_dir" in answers
    if over_a_project:
        errors = rebake_problems(answers, Path(answers["_output_dir"], answers["project_slug"]))
    if not errors:
        return answers["project_slug"]
    for message in errors:
        print(f"ERROR: {message}", file=sys.stderr)
    print(f"Nothing was generated. {rerun_hint(answers, overwrite=over_a_project)}", file=sys.stderr)
    raise AnswersRefused(f"Nothing was generated: {len(errors)} answer(s) refused, listed above.")


def replay_file(answers: dict) -> Path | None:
    """Where cookiecutter saved these very answers, if it did: not when cruft generates, nor in the
    default replay folder when ``--config-file`` names another one."""
    if "_repo_dir" not in answers:
        return None
    template_name = os.path.basename(os.path.abspath(answers["_repo_dir"]))
    path = Path(get_user_config()["replay_dir"], f"{template_name}.json")
    try:
        saved = json.loads(path.read_text(encoding="utf-8"))["cookiecutter"]
    except (OSError, ValueError, KeyError):
        return None
    return path if saved == answers else None


def rerun_hint(answers: dict, overwrite: bool) -> str:
    """How to run again with the saved answers (``-f`` again when generating over a project)."""
    path = replay_file(answers)
    if path is None:
        return "Run it again with corrected answers."
    command = ["cookiecutter", "--replay-file", str(path), answers["_template"], "--output-dir", answers["_output_dir"]]
    if overwrite:
        command.append("-f")
    return (
        f"Your answers are saved in {path}: correct the values named above in that file, then run\n"
        f"    {shlex.join(command)}"
    )
