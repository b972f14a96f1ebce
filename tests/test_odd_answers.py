"""Odd answers, as new users and hostile testers give them: each is refused or gives a working project.

Every answer below is given to cookiecutter, typed (``--no-input`` with extra context) or from a
replay file. A refused answer must stop the bake before anything is written, inside or outside the
output folder, with a message naming the field, the value and the rule. An accepted answer must give
a project that passes the cheap checks: ``pyproject.toml`` parses, every Python file compiles, every
YAML file loads, ruff check and ruff format find nothing, the wheel builds, and ``manage.py check``
passes. Answers to different questions share a bake (``packed``): a bake that passes proves each of
its answers, and a failure names them all.

Free text reaches Python code and HTML pages only through the project's name, so one name that holds
every kind of odd character, HTML and 150 characters (more than the site-name column) also runs the
tests of the code that holds it (``NAME_TESTS`` and the example app's), on SQLite and on PostgreSQL.
The rest of the generated suite does not see the answers: the foundation apps are byte-identical to
a default bake, which test_generated_project runs in full.

The session's summary prints the tally: answers tried, refused, accepted and working, broken.
"""

from __future__ import annotations

import filecmp
import json
import tomllib
from collections import Counter
from pathlib import Path

import pytest
import yaml
from cookiecutter.exceptions import FailedHookException
from cookiecutter.main import cookiecutter

import answer_rules
import local_extensions
from tests.conftest import COOKIECUTTER_JSON, SUITE_REPORT, TEMPLATE_DIR, Stopwatch
from tests.test_generated_project import summary_counts

# Every kind of odd character, HTML and Markdown within the first 100 characters (the site name's
# column keeps those), then more than the column holds: 150 characters in all.
EVERYTHING_NAME = (
    '<script>alert("x")</script> & Bob "the" Shop \\ Café’s – Магазин 日本の店 *bold* '
    + "of the Cooperative Bakery, Coffee Roastery and Bicycle Repair Shop in Town" * 2
)[:150]
LONG_TEXT = "A cooperative bakery, coffee roastery & bicycle repair shop, with <em>HTML</em> in it. " * 3

# (id, answers, (field, words of the rule) when refused, or None when it must work)
REFUSED = [
    ("name-newline", {"project_name": "Shop\nTwo"}, ("project_name", "(U+000A)")),
    ("name-carriage-return", {"project_name": "Shop\rTwo"}, ("project_name", "(U+000D)")),
    ("name-nul", {"project_name": "Shop\x00", "project_slug": "shop"}, ("project_name", "(U+0000)")),
    ("name-tab", {"project_name": "Shop\tTwo", "project_slug": "shop"}, ("project_name", "(U+0009)")),
    ("name-empty", {"project_name": ""}, ("project_name", "is empty")),
    ("name-blank", {"project_name": "   ", "project_slug": "shop"}, ("project_name", "is empty")),
    ("name-punctuation-only", {"project_name": "!!!"}, ("project_slug", "lowercase Python identifier")),
    ("description-newline", {"description": "one\ntwo"}, ("description", "(U+000A)")),
    ("description-escape", {"description": "red \x1b[31m"}, ("description", "(U+001B)")),
    ("description-delete", {"description": "del\x7f"}, ("description", "(U+007F)")),
    ("author-newline", {"author_name": "Ada\nLovelace"}, ("author_name", "(U+000A)")),
    ("author-line-separator", {"author_name": "Ada\u2028Lovelace"}, ("author_name", "(U+2028)")),
    ("email-quote", {"author_email": 'x"y@example.com'}, ("author_email", "not an e-mail address")),
    ("email-backslash", {"author_email": "x\\q@example.com"}, ("author_email", "not an e-mail address")),
    ("email-angle-brackets", {"author_email": "<a@example.com>"}, ("author_email", "not an e-mail address")),
    ("email-comma", {"author_email": "a,b@example.com"}, ("author_email", "not an e-mail address")),
    ("email-non-ascii-local", {"author_email": "josé@example.com"}, ("author_email", "ASCII before the @")),
    ("email-no-domain-dot", {"author_email": "a@localhost"}, ("author_email", "not an e-mail address")),
    ("email-two-ats", {"author_email": "a@b@example.com"}, ("author_email", "not an e-mail address")),
    ("slug-empty", {"project_slug": ""}, ("project_slug", "lowercase Python identifier")),
    ("slug-parent", {"project_slug": "../x"}, ("project_slug", "lowercase Python identifier")),
    ("slug-nested", {"project_slug": "a/b"}, ("project_slug", "lowercase Python identifier")),
    ("slug-overlong", {"project_slug": "x" * 300}, ("project_slug", "longer than 40 characters")),
    ("slug-keyword", {"project_slug": "class"}, ("project_slug", "Python keyword")),
    ("slug-stdlib", {"project_slug": "json"}, ("project_slug", "would shadow")),
    ("slug-asgiref", {"project_slug": "asgiref"}, ("project_slug", "would shadow")),
    ("slug-sqlparse", {"project_slug": "sqlparse"}, ("project_slug", "would shadow")),
    ("slug-pytest-django", {"project_slug": "pytest_django"}, ("project_slug", "would shadow")),
    ("slug-time-machine", {"project_slug": "time_machine"}, ("project_slug", "would shadow")),
    ("slug-gunicorn", {"project_slug": "gunicorn"}, ("project_slug", "would shadow")),
    ("slug-dateutil", {"project_slug": "dateutil"}, ("project_slug", "would shadow")),
    ("slug-uvicorn-worker", {"project_slug": "uvicorn_worker"}, ("project_slug", "would shadow")),
    ("slug-test", {"project_slug": "test"}, ("project_slug", "would shadow")),
    ("slug-django-sequence", {"project_slug": "django_sequence"}, ("project_slug", "project's own modules")),
    ("slug-contenttypes", {"project_slug": "contenttypes"}, ("project_slug", "label of a Django app")),
    ("slug-build", {"project_slug": "build"}, ("project_slug", "git ignores")),
    ("slug-dist", {"project_slug": "dist"}, ("project_slug", "git ignores")),
    ("slug-media", {"project_slug": "media"}, ("project_slug", "git ignores")),
    ("slug-conftest", {"project_slug": "conftest"}, ("project_slug", "project's own modules")),
    ("slug-users", {"project_slug": "users"}, ("project_slug", "project's own modules")),
    ("slug-admin", {"project_slug": "admin"}, ("project_slug", "label of a Django app")),
    ("slug-auth", {"project_slug": "auth"}, ("project_slug", "label of a Django app")),
    ("slug-messages", {"project_slug": "messages"}, ("project_slug", "label of a Django app")),
    ("name-django", {"project_name": "Django"}, ("project_slug", "would shadow")),
    ("version-word", {"version": "latest"}, ("version", "not a PEP 440 version")),
    ("timezone-typo", {"timezone": "Europe/Pariss"}, ("timezone", "not an IANA time zone")),
    ("timezone-localtime", {"timezone": "localtime"}, ("timezone", "not an IANA time zone")),
    ("slug-trailing-underscore", {"project_slug": "shop_"}, ("project_slug", "ending with a letter or digit")),
    ("version-arabic-digits", {"version": "\u0661.\u0660"}, ("version", "not a PEP 440 version")),
    ("version-kelvin-sign", {"version": "1.0+\u212a"}, ("version", "not a PEP 440 version")),
    ("version-huge-number", {"version": "1." + "9" * 25}, ("version", "has a number above 18446744073709551615")),
    ("version-overlong", {"version": "1" + ".0" * 150}, ("version", "longer than 150 characters")),
]
# Given in a replay file (cookiecutter --replay-file), which prompts and --no-input do not check.
REPLAYED_REFUSED = [
    ("replay-no-string", {"include_example_app": "no"}, ("include_example_app", "not a boolean")),
    ("replay-false-string", {"use_github_actions": "false"}, ("use_github_actions", "not a boolean")),
    ("replay-true-string", {"include_example_app": "true"}, ("include_example_app", "not a boolean")),
    ("replay-zero", {"use_github_actions": 0}, ("use_github_actions", "not a boolean")),
    ("replay-django-4.2", {"django_version": "4.2"}, ("django_version", "not one of the choices: 5.2, 6.1")),
    ("replay-database-mysql", {"database": "mysql"}, ("database", "not one of the choices: sqlite, postgresql")),
    ("replay-description-null", {"description": None}, ("description", "is not text")),
    ("replay-author-number", {"author_name": 42}, ("author_name", "is not text")),
    ("replay-version-number", {"version": 1.10}, ("version", "is not text")),
]

# (id, answers)
ACCEPTED = [
    ("name-everything", {"project_name": EVERYTHING_NAME}),
    ("name-typographic", {"project_name": "Bob’s Shop"}),
    ("name-en-dash", {"project_name": "Acme – Billing"}),
    ("name-quotes-backslash", {"project_name": 'Bob "the" Shop \\ Co’s'}),
    ("name-triple-quotes", {"project_name": 'Triple """ quotes'}),
    ("name-ends-with-quote", {"project_name": 'Shop "'}),
    ("name-ends-with-backslash", {"project_name": "Shop \\"}),
    ("name-60-characters", {"project_name": "A Name of Exactly Sixty Characters for the Format Check ok"}),
    ("name-95-characters", {"project_name": ("Bakery & Coffee Roastery " * 4)[:95]}),  # wrapped by ruff format
    ("name-150-characters", {"project_name": LONG_TEXT[:150]}),
    ("name-scripts", {"project_name": "Café Магазин 日本の店 Ελληνικά"}),
    ("name-fullwidth", {"project_name": "ｆｕｌｌｗｉｄｔｈ ο"}),
    ("name-emoji", {"project_name": "Dev 👩‍💻 Shop"}),
    ("name-html", {"project_name": "<script>alert(1)</script> & Co"}),
    ("name-markdown", {"project_name": "# *Not* [a](heading) | `x`"}),
    ("name-digits-first", {"project_name": "2048 Games"}),
    ("name-format-like", {"project_name": "Shop {x} %(y)s {0!r}"}),
    ("name-jinja-like", {"project_name": "Shop {{ 7*7 }} {% if %} {# c #}"}),
    ("name-cookiecutter-variables", {"project_name": "{{ cookiecutter.author_email }} {{ cookiecutter.nope }}"}),
    ("description-odd", {"description": 'It’s "fast" \\ cheap – 100 % <b>sure</b>'}),
    ("description-empty", {"description": ""}),
    ("description-long-html", {"description": LONG_TEXT}),
    ("description-yaml-like", {"description": "key: value # not a comment - [a, b]"}),
    ("description-jinja-like", {"description": "{% raw %} {{ x }}"}),
    ("description-cookiecutter-variable", {"description": "Made with cookiecutter: {{ cookiecutter.project_slug }}"}),
    ("description-10k-characters", {"description": LONG_TEXT * 40}),
    ("author-odd", {"author_name": 'Doe, John "JD" O’Brien \\ (Ω)'}),
    ("author-html-ampersand", {"author_name": "<b>Ada</b> & Grace"}),
    ("author-150-characters", {"author_name": LONG_TEXT[:150]}),
    ("author-empty", {"author_name": ""}),
    ("email-plus-apostrophe", {"author_email": "o'brien+tag@example.co.uk"}),
    ("email-symbols", {"author_email": "a/b|c{d}=e@example.com"}),
    ("email-ampersand", {"author_email": "sales&support@example.com"}),
    ("email-idn-domain", {"author_email": "a@exämple.com"}),
    ("version-everything", {"version": "1!2.0rc1.post3.dev4+local.7"}),
    ("timezone-deep", {"timezone": "America/Argentina/ComodRivadavia"}),
    ("slug-one-letter", {"project_slug": "x"}),
    ("slug-soft-keyword", {"project_slug": "match"}),
    ("slug-40-characters", {"project_slug": "a" * 40}),
    ("postgresql-odd-name", {"project_name": 'Bob’s "Shop"', "database": "postgresql"}),
    ("no-example-odd-name", {"project_name": 'Bob’s "Shop"', "include_example_app": False}),
]
# The answers whose project also runs the tests of the code that holds the name, on both engines: the
# admin (its header, the example app's verbose name) and the example app (the site name's default in
# the model and its migration, shown on its pages).
SUITE_ANSWERS = {"name-everything"}
NAME_TESTS = ["tests/test_admin.py", "tests/test_config.py::test_the_admin_carries_the_project_name"]


def questions(answers: dict) -> set[str]:
    """The questions these answers decide; the name decides the slug too, unless the slug is given."""
    return set(answers) | ({"project_slug"} if "project_name" in answers else set())


def packed(cases: list[tuple[str, dict]]) -> list[tuple[str, dict]]:
    """The cases, with answers to different questions sharing one bake: (ids joined by '+', answers)."""
    bakes: list[tuple[list[str], dict]] = []
    for case_id, answers in cases:
        shared = next((bake for bake in bakes if not questions(bake[1]) & questions(answers)), None)
        if shared is None:
            bakes.append(([case_id], dict(answers)))
        else:
            shared[0].append(case_id)
            shared[1].update(answers)
    return [("+".join(ids), answers) for ids, answers in bakes]


ACCEPTED_BAKES = packed(ACCEPTED)
TRIED = len(REFUSED) + len(REPLAYED_REFUSED) + len(ACCEPTED)


@pytest.fixture(scope="module")
def tally():
    """Counts of the answers proven refused and proven working, printed in the session's summary."""
    counts = Counter()
    yield counts
    broken = TRIED - counts["refused"] - counts["working"]
    SUITE_REPORT.append(
        f"odd answers: {TRIED} tried, {counts['refused']} refused with a message naming field, value and rule, "
        f"{counts['working']} accepted and working, {broken} broken or not run"
    )


def bake_into(output: Path, answers: dict) -> Path:
    return Path(cookiecutter(str(TEMPLATE_DIR), no_input=True, extra_context=answers, output_dir=str(output)))


def replay_into(output: Path, answers: dict) -> Path:
    """Bake from a replay file holding the default answers with these changes."""
    replayed = {
        key: value[0] if isinstance(value, list) and not key.startswith("_") else value
        for key, value in COOKIECUTTER_JSON.items()
        if key != "__prompts__"
    }
    replayed.update(project_slug="my_project", **answers)
    replay_file = output.parent / "answers.json"
    replay_file.write_text(json.dumps({"cookiecutter": replayed}), encoding="utf-8")
    return Path(cookiecutter(str(TEMPLATE_DIR), replay=str(replay_file), output_dir=str(output)))


@pytest.mark.parametrize(
    ("give", "answers", "refusal"),
    [(bake_into, *case[1:]) for case in REFUSED] + [(replay_into, *case[1:]) for case in REPLAYED_REFUSED],
    ids=[case[0] for case in REFUSED + REPLAYED_REFUSED],
)
def test_odd_answer_is_refused_before_anything_is_written(tmp_path, capfd, tally, give, answers, refusal):
    field, rule = refusal
    output = tmp_path / "inside" / "out"
    output.mkdir(parents=True)
    with pytest.raises(FailedHookException):
        give(output, answers)
    stderr = capfd.readouterr().err
    value = {"project_slug": default_slug(answers), **answers}[field]
    assert f"ERROR: {field}: {answer_rules.shorten(value)} " in stderr
    assert rule in stderr
    written = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*") if p.name != "answers.json")
    assert written == [Path("inside"), Path("inside/out")]
    tally["refused"] += 1


def default_slug(answers: dict) -> str:
    """The slug cookiecutter derives from the name when the answers leave it out."""
    return local_extensions.python_name(answers.get("project_name", "My Project"))


@pytest.fixture(scope="module")
def default_bake(tmp_path_factory):
    return bake_into(tmp_path_factory.mktemp("default"), {})


@pytest.mark.parametrize("answers", [case[1] for case in ACCEPTED_BAKES], ids=[case[0] for case in ACCEPTED_BAKES])
def test_odd_answers_give_a_working_project(request, tmp_path, toolchain, database_env, default_bake, tally, answers):
    project = bake_into(tmp_path / "out", answers)
    tools = toolchain(answers.get("django_version", "5.2"))

    pyproject = tomllib.loads((project / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert pyproject["name"] == project.name
    assert pyproject["description"] == answers.get("description", COOKIECUTTER_JSON["description"])
    readme_title = (project / "README.md").read_text(encoding="utf-8").splitlines()[0]
    assert readme_title == f"# {local_extensions.markdown_text(answers.get('project_name', 'My Project'))}"
    for path in project.rglob("*.py"):
        compile(path.read_text(encoding="utf-8"), str(path), "exec")
    for path in [*project.rglob("*.yml"), *project.rglob("*.yaml")]:
        assert yaml.safe_load(path.read_text(encoding="utf-8")), path
    tools.check(project, "ruff", "check", "--no-cache", ".")
    tools.check(project, "ruff", "format", "--no-cache", "--check", ".")
    tools.check(project, "python", "-c", "from setuptools import build_meta; build_meta.build_wheel('dist')")
    sqlite = database_env("sqlite")
    tools.check(project, "python", "manage.py", "check", "--fail-level", "WARNING", env=sqlite)

    for app in ("django_basemodels", "django_singleton", "django_sequence"):
        comparison = filecmp.dircmp(project / app, default_bake / app, ignore=["__pycache__"])
        assert not (comparison.diff_files or comparison.left_only or comparison.right_only), app
    case_ids = request.node.callspec.id.split("+")
    for engine in ("sqlite", "postgresql") if SUITE_ANSWERS & set(case_ids) else ():
        with Stopwatch() as watch:
            suite = ["python", "-m", "pytest", "-q", "-p", "no:cacheprovider", *NAME_TESTS, project.name]
            result = tools.run(project, *suite, env=database_env(engine))
        assert result.returncode == 0, result.stdout[-5000:] + result.stderr[-3000:]
        SUITE_REPORT.append(
            f"odd answer {project.name[:24]:24} {engine:10} {summary_counts(result.stdout).get('passed', 0):4} passed"
            f"  {watch.seconds:6.1f} s"
        )
    tally["working"] += len(case_ids)


def test_at_least_forty_odd_answers_are_tried():
    assert TRIED >= 40


def test_a_project_in_a_folder_whose_name_is_odd_in_a_url_keeps_its_database_inside(tmp_path, toolchain):
    """The default SQLite database is a URL made of the project's path: "#", "?" or "%" in a folder's
    name cut it (the database was written beside the folder, named after the part before "#")."""
    project = bake_into(tmp_path / "Bob's #1 shop? 100%41 done", {})
    tools = toolchain("5.2")
    show = "from django.conf import settings; print(settings.DATABASES['default']['NAME'])"
    result = tools.check(project, "python", "manage.py", "shell", "-c", show)
    assert result.stdout.splitlines()[-1] == str(project / "db.sqlite3")


@pytest.mark.parametrize("slug", ["null", "true", "yes", "off"])
def test_a_slug_yaml_reads_as_null_or_a_boolean_names_the_workflows_database(tmp_path, slug):
    """The workflow's PostgreSQL service got POSTGRES_DB: null (no database of that name: CI failed) or true."""
    project = bake_into(tmp_path, {"project_slug": slug, "database": "postgresql"})
    workflow = yaml.safe_load((project / ".github" / "workflows" / "ci.yml").read_text(encoding="utf-8"))
    assert workflow["jobs"]["test"]["services"]["postgres"]["env"]["POSTGRES_DB"] == slug
    assert workflow["jobs"]["test"]["env"]["DATABASE_URL"].endswith(f"/{slug}")
