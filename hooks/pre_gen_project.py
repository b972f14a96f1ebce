"""Check every answer before cookiecutter writes a file.

Cookiecutter renders this file with Jinja and runs it inside the new project folder; when it exits
non-zero, cookiecutter stops and removes that folder, so a bad answer leaves nothing on disk.
The checks live in ``validate()`` so that the template's tests can import and call them directly.
"""

from __future__ import annotations

import json
import keyword
import re
import sys
import zoneinfo

FOUNDATION_APPS = frozenset({"django_basemodels", "django_singleton", "django_sequence"})

# Top-level names the generated project imports or creates itself; a project named like one of
# them would shadow it on sys.path.
PROJECT_NAMES = frozenset(
    {"config", "manage", "test", "tests", "django", "dj_database_url", "dotenv", "psycopg", "pytest"}
)

# Free-text answers are written inside double-quoted Python and TOML strings.
TEXT_FIELDS = ("project_name", "description", "author_name")
UNQUOTABLE = frozenset('"\\')

SLUG_PATTERN = re.compile(r"[a-z][a-z0-9_]*")
EMAIL_PATTERN = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s.]+")

# PEP 440 public and local versions, with the spelling variants the specification normalises.
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
    re.VERBOSE | re.IGNORECASE,
)


def slug_problem(slug: str) -> str | None:
    """Say why ``slug`` cannot name the project's Python package, or return None."""
    if not SLUG_PATTERN.fullmatch(slug):
        return "must be a lowercase Python identifier: a letter, then letters, digits or '_'"
    if keyword.iskeyword(slug):
        return "is a Python keyword"
    if slug in FOUNDATION_APPS:
        return "is the name of one of the project's foundation apps"
    if slug in PROJECT_NAMES or slug in sys.stdlib_module_names:
        return "would shadow a module the project imports (stdlib, Django or the project's own)"
    return None


def validate(answers: dict) -> list[str]:
    """Return one message per bad answer, each naming the field, the value and the rule."""
    errors = []

    def reject(field: str, rule: str) -> None:
        errors.append(f"{field}: {answers[field]!r} {rule}.")

    if not str(answers["project_name"]).strip():
        reject("project_name", "is empty; give the project a human-readable name")
    for field in TEXT_FIELDS:
        if set(str(answers[field])) & UNQUOTABLE:
            reject(field, "contains a double quote or a backslash, which the generated code cannot quote")
    problem = slug_problem(str(answers["project_slug"]))
    if problem:
        reject("project_slug", problem)
    if not EMAIL_PATTERN.fullmatch(str(answers["author_email"])):
        reject("author_email", "is not an e-mail address like name@example.com")
    if not PEP440_PATTERN.fullmatch(str(answers["version"])):
        reject("version", "is not a PEP 440 version such as 0.1.0 or 1.0rc1")
    if answers["timezone"] not in zoneinfo.available_timezones():
        reject("timezone", "is not an IANA time zone name such as UTC or Europe/Paris")
    return errors


def main(answers: dict) -> None:
    errors = validate(answers)
    for message in errors:
        print(f"ERROR: {message}", file=sys.stderr)
    if errors:
        print("Nothing was generated. Run cookiecutter again with corrected answers.", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main(json.loads(r"""{{ cookiecutter | tojson }}"""))
