"""The rules every answer must follow, with messages that name the field, the value and the rule.

``local_extensions.AnswerCheck`` applies them when cookiecutter names the project folder: after it has
saved the answers in its replay file, before it creates or writes anything. The template's tests
import this module directly.
"""

from __future__ import annotations

import json
import keyword
import re
import sys
import unicodedata
import zoneinfo
from pathlib import Path

COOKIECUTTER_JSON = json.loads((Path(__file__).parent / "cookiecutter.json").read_text(encoding="utf-8"))
QUESTIONS = tuple(key for key in COOKIECUTTER_JSON if not key.startswith("_"))  # in the order asked

# The project's package folders and modules, and the app labels of its INSTALLED_APPS (the
# example app's label is the slug). tests/test_hooks.py checks these sets against a bake.
PROJECT_MODULES = frozenset(
    {"config", "conftest", "manage", "tests", "users", "django_basemodels", "django_singleton", "django_sequence"}
)
# The folders the project's .gitignore leaves out of git, where its tools write (setuptools' build/ and
# dist/, collectstatic's staticfiles/, coverage's htmlcov/): an app there would be left out of git.
IGNORED_FOLDERS = frozenset({"build", "dist", "htmlcov", "media", "staticfiles", "venv"})
# Every app label Django ships (django/contrib/*) and the foundation apps' test apps.
DJANGO_APP_LABELS = frozenset(
    {
        "admin",
        "admindocs",
        "auth",
        "contenttypes",
        "flatpages",
        "gis",
        "humanize",
        "messages",
        "postgres",
        "redirects",
        "sessions",
        "sitemaps",
        "sites",
        "staticfiles",
        "syndication",
        "basemodels_tests",
        "sequence_tests",
        "testapp",
    }
)
# Top-level modules of the generated project's dependencies (runtime, dev group, extras) and of the
# installers a virtual environment holds. tests/test_hooks.py checks that this covers every module
# installed in the toolchains the template's suite builds from a baked pyproject.toml: when a
# dependency is added there, that test names the modules to add here.
DEPENDENCY_MODULES = frozenset(
    {
        "asgiref",
        "cfgv",
        "click",
        "dateutil",
        "distlib",
        "dj_database_url",
        "django",
        "dotenv",
        "filelock",
        "gunicorn",
        "h11",
        "identify",
        "iniconfig",
        "nodeenv",
        "packaging",
        "pip",
        "pkg_resources",
        "platformdirs",
        "pluggy",
        "pre_commit",
        "psycopg",
        "psycopg_binary",
        "py",
        "pygments",
        "pytest",
        "pytest_django",
        "python_discovery",
        "redis",
        "ruff",
        "setuptools",
        "sqlparse",
        "time_machine",
        "typing_extensions",
        "tzdata",
        "uvicorn",
        "uvicorn_worker",
        "virtualenv",
        "whitenoise",
        "yaml",
    }
)

# Modules CPython installs beside its standard library, which sys.stdlib_module_names leaves out.
PYTHON_EXTRA_MODULES = frozenset({"test", "xxlimited", "xxlimited_35", "xxsubtype"})

# It also names the distribution in pyproject.toml, whose names (PEP 508) end with a letter or digit.
SLUG_PATTERN = re.compile(r"[a-z](?:[a-z0-9_]*[a-z0-9])?")
# PostgreSQL names are cut at 63 bytes; the slug names the database, and Django's test database adds "test_".
SLUG_MAX_LENGTH = 40
# What setuptools accepts in the authors table: an ASCII dot-atom, then a domain of one or more dots.
EMAIL_PATTERN = re.compile(
    r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
    r"@[^\W_](?:[\w-]*[^\W_])?(?:\.[^\W_](?:[\w-]*[^\W_])?)+"
)
# PEP 440 public and local versions, with the spelling variants the specification normalises; ASCII
# only ("\d" and the case-blind "[a-z]" would take "١.٠" and the Kelvin sign).
PEP440_PATTERN = re.compile(
    r"""
    v?
    (?:\d+!)?                                                    # epoch
    \d+(?:\.\d+)*                                                # release
    (?:[-_.]?(?:a|b|c|rc|alpha|beta|pre|preview)[-_.]?\d*)?      # pre-release
    (?:-\d+|[-_.]?(?:post|rev|r)[-_.]?\d*)?                      # post-release
    (?:[-_.]?dev[-_.]?\d*)?                                      # development release
    (?:\+[a-z0-9]+(?:[-_.][a-z0-9]+)*)?                          # local version label
    """,
    re.VERBOSE | re.IGNORECASE | re.ASCII,
)
# ruff, which the project's CI runs, reads no number in a version above 2**64 - 1; the version and the
# slug (40 characters at most) name the built wheel's files, whose names file systems cut at 255 bytes.
VERSION_MAX_NUMBER = 2**64 - 1
VERSION_MAX_LENGTH = 150
# Debian's zoneinfo has "localtime", the machine's own zone: no IANA name, and missing elsewhere.
IANA_TIMEZONES = frozenset(zoneinfo.available_timezones() - {"localtime"})
# Control characters, line and paragraph separators, lone surrogates: never part of one line of text.
UNPRINTABLE_CATEGORIES = frozenset({"Cc", "Zl", "Zp", "Cs"})


def slug_problem(slug: str) -> str | None:
    """Say why ``slug`` cannot name the project's Python package and example app, or return None."""
    if not SLUG_PATTERN.fullmatch(slug):
        return "must be a lowercase Python identifier: a letter, then letters, digits or '_', ending with a letter or digit"
    if len(slug) > SLUG_MAX_LENGTH:
        return f"is longer than {SLUG_MAX_LENGTH} characters (it also names the PostgreSQL database)"
    if keyword.iskeyword(slug):
        return "is a Python keyword"
    if slug in PROJECT_MODULES:
        return "is already the name of one of the project's own modules or apps"
    if slug in IGNORED_FOLDERS:
        return "is a folder that git ignores in the project (.gitignore): tools write there"
    if slug in DJANGO_APP_LABELS:
        return "is the label of a Django app, and the example app's label must differ from all of them"
    if slug in DEPENDENCY_MODULES or slug in sys.stdlib_module_names or slug in PYTHON_EXTRA_MODULES:
        return "would shadow a module the project imports (the standard library or one of its dependencies)"
    return None


def text_problem(text: str) -> str | None:
    """Free text (name, description, author) may be any one line: the filters of local_extensions
    write it safely into TOML, Python strings and docstrings and Markdown, and Django escapes it in HTML."""
    for character in text:
        if unicodedata.category(character) in UNPRINTABLE_CATEGORIES:
            return f"contains the control character {character!r} (U+{ord(character):04X}); it must be one line of text"
    return None


def name_problem(name: str) -> str | None:
    if not name.strip():
        return "is empty; give the project a human-readable name"
    return text_problem(name)


def email_problem(email: str) -> str | None:
    if not EMAIL_PATTERN.fullmatch(email):
        return "is not an e-mail address like name@example.com (ASCII before the @)"
    return None


def version_problem(version: str) -> str | None:
    if not PEP440_PATTERN.fullmatch(version):
        return "is not a PEP 440 version such as 0.1.0 or 1.0rc1"
    if len(version) > VERSION_MAX_LENGTH:
        return f"is longer than {VERSION_MAX_LENGTH} characters (the built package's file names hold it)"
    if any(int(number) > VERSION_MAX_NUMBER for number in re.findall(r"[0-9]+", version)):
        return f"has a number above {VERSION_MAX_NUMBER}, which ruff cannot read in pyproject.toml"
    return None


def timezone_problem(timezone: str) -> str | None:
    if timezone not in IANA_TIMEZONES:
        return "is not an IANA time zone name such as UTC or Europe/Paris"
    return None


# The rule of each text question; the other questions are yes/no or a choice (see answer_problem).
TEXT_RULES = {
    "project_name": name_problem,
    "project_slug": slug_problem,
    "description": text_problem,
    "author_name": text_problem,
    "author_email": email_problem,
    "version": version_problem,
    "timezone": timezone_problem,
}


def answer_problem(field: str, answer) -> str | None:
    """Say what is wrong with the answer to ``field``, or return None.

    Prompts and ``--no-input`` give text, booleans and offered choices; a replay file or a caller's
    context may not (the string "no" would be read as true).
    """
    default = COOKIECUTTER_JSON[field]
    if isinstance(default, bool):
        return (
            None
            if isinstance(answer, bool)
            else "is not a boolean; answer true or false (JSON booleans in a replay file)"
        )
    if isinstance(default, list):
        return None if answer in default else f"is not one of the choices: {', '.join(map(str, default))}"
    if not isinstance(answer, str):
        return "is not text (a JSON string in a replay file)"
    return TEXT_RULES[field](answer)


def validate(answers: dict) -> list[str]:
    """Return one message per bad answer, each naming the field, the value and the rule."""
    problems = [(field, answer_problem(field, answers[field])) for field in QUESTIONS]
    return [f"{field}: {shorten(answers[field])} {rule}." for field, rule in problems if rule]


def shorten(value, limit: int = 80) -> str:
    """The value as Python would write it, cut in the middle when it is very long."""
    text = repr(value)
    return text if len(text) <= limit else f"{text[: limit // 2]}...{text[-limit // 2 :]}"
