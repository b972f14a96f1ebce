"""The answer rules, the text filters and the hooks as functions, and bad answers as a user meets them."""

from __future__ import annotations

import ast
import importlib.util
import json
import stat
import subprocess
import tomllib

import pytest
from cookiecutter.exceptions import FailedHookException
from cookiecutter.main import cookiecutter

import answer_rules
import local_extensions
import rebake_rules
from tests.conftest import TEMPLATE_DIR


def load_hook(name: str):
    spec = importlib.util.spec_from_file_location(name, TEMPLATE_DIR / "hooks" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


post_gen = load_hook("post_gen_project")

GOOD_ANSWERS = {
    "project_name": "Shop",
    "project_slug": "shop",
    "description": "A shop.",
    "author_name": "Ada",
    "author_email": "ada@example.com",
    "version": "0.1.0",
    "timezone": "Europe/Paris",
    "database": "sqlite",
    "django_version": "5.2",
    "include_example_app": True,
    "use_github_actions": True,
}

# (answers changed, field named in the message, words of the rule)
BAD_ANSWERS = [
    ({"project_slug": "my-project"}, "project_slug", "lowercase Python identifier"),
    ({"project_slug": "1abc"}, "project_slug", "lowercase Python identifier"),
    ({"project_slug": "My"}, "project_slug", "lowercase Python identifier"),
    ({"project_slug": "a" * 41}, "project_slug", "longer than 40 characters"),
    ({"project_slug": "class"}, "project_slug", "Python keyword"),
    ({"project_slug": "django"}, "project_slug", "would shadow"),
    ({"project_slug": "asgiref"}, "project_slug", "would shadow"),
    ({"project_slug": "time_machine"}, "project_slug", "would shadow"),
    ({"project_slug": "json"}, "project_slug", "would shadow"),
    ({"project_slug": "config"}, "project_slug", "project's own modules"),
    ({"project_slug": "conftest"}, "project_slug", "project's own modules"),
    ({"project_slug": "users"}, "project_slug", "project's own modules"),
    ({"project_slug": "django_sequence"}, "project_slug", "project's own modules"),
    ({"project_slug": "auth"}, "project_slug", "label of a Django app"),
    ({"project_name": "   ", "project_slug": "shop"}, "project_name", "is empty"),
    ({"project_name": "Shop\nTwo"}, "project_name", "control character '\\n' (U+000A)"),
    ({"description": "One\rtwo"}, "description", "(U+000D)"),
    ({"author_name": "Ada\x1b[31m"}, "author_name", "(U+001B)"),
    ({"author_name": "Ada\x7f"}, "author_name", "(U+007F); it must be one line of text"),
    ({"author_email": "ada.example.com"}, "author_email", "not an e-mail address"),
    ({"author_email": "ada@localhost"}, "author_email", "not an e-mail address"),
    ({"author_email": 'x"y@example.com'}, "author_email", "not an e-mail address"),
    ({"timezone": "Mars/Olympus_Mons"}, "timezone", "not an IANA time zone"),
    ({"version": "one"}, "version", "not a PEP 440 version"),
    ({"version": "1.0-beta.final"}, "version", "not a PEP 440 version"),
    ({"timezone": "Europe/Paris\n"}, "timezone", "not an IANA time zone"),
]
# Prompts and cookiecutter's own checks of --no-input answers keep these out; replay files do not.
BAD_REPLAYED_ANSWERS = [
    ({"include_example_app": "no"}, "include_example_app", "not a boolean"),
    ({"use_github_actions": 0}, "use_github_actions", "not a boolean"),
    ({"django_version": "4.2"}, "django_version", "not one of the choices: 5.2, 6.1"),
    ({"database": "mysql"}, "database", "not one of the choices: sqlite, postgresql"),
    ({"project_name": ["Shop"]}, "project_name", "is not text"),
    ({"version": 1.0}, "version", "is not text"),
]


def test_good_answers_pass():
    assert answer_rules.validate(GOOD_ANSWERS) == []


@pytest.mark.parametrize("version", ["0.1.0", "1!2.0", "1.0a1", "1.0rc2", "1.0.post3", "2.0.dev4", "1.0+local.7"])
def test_pep440_versions_are_accepted(version):
    assert answer_rules.validate({**GOOD_ANSWERS, "version": version}) == []


@pytest.mark.parametrize(("changes", "field", "rule"), BAD_ANSWERS + BAD_REPLAYED_ANSWERS)
def test_validate_names_field_value_and_rule(changes, field, rule):
    errors = answer_rules.validate({**GOOD_ANSWERS, **changes})
    assert len(errors) == 1
    assert errors[0].startswith(f"{field}: {changes[field]!r}")
    assert rule in errors[0]


def test_a_very_long_value_is_shortened_in_the_message():
    (error,) = answer_rules.validate({**GOOD_ANSWERS, "project_slug": "x-" * 500})
    assert len(error) < 250
    assert "..." in error


@pytest.mark.parametrize(("changes", "field", "rule"), BAD_ANSWERS[::3])
def test_bad_answer_stops_the_bake_and_writes_nothing(tmp_path, capfd, changes, field, rule):
    with pytest.raises(FailedHookException):
        cookiecutter(str(TEMPLATE_DIR), no_input=True, extra_context=changes, output_dir=str(tmp_path))
    stderr = capfd.readouterr().err
    assert f"ERROR: {field}: {changes[field]!r}" in stderr
    assert rule in stderr
    assert list(tmp_path.iterdir()) == []


def test_every_error_is_printed_at_once(tmp_path, capfd):
    with pytest.raises(FailedHookException, match="2 answer"):
        cookiecutter(
            str(TEMPLATE_DIR),
            no_input=True,
            extra_context={"project_slug": "class", "version": "x"},
            output_dir=str(tmp_path),
        )
    stderr = capfd.readouterr().err
    assert "ERROR: project_slug: 'class'" in stderr
    assert "ERROR: version: 'x'" in stderr


def test_cookiecutter_json_defaults_pass_validation():
    defaults = json.loads((TEMPLATE_DIR / "cookiecutter.json").read_text())
    answers = {key: value[0] if isinstance(value, list) else value for key, value in defaults.items()}
    answers["project_slug"] = local_extensions.python_name(answers["project_name"])
    assert answers["project_slug"] == "my_project"
    assert answer_rules.validate(answers) == []


@pytest.mark.parametrize(
    ("actions", "example", "unchosen"),
    [(True, True, []), (False, True, [".github"]), (True, False, ["shop"]), (False, False, [".github", "shop"])],
)
def test_unchosen_folders_are_those_of_the_options_answered_no(actions, example, unchosen):
    answers = {**GOOD_ANSWERS, "use_github_actions": actions, "include_example_app": example}
    assert rebake_rules.unchosen_folders(answers) == unchosen


def test_generating_again_is_refused_where_an_option_answered_no_has_its_folder(tmp_path):
    (tmp_path / "shop").mkdir()
    assert rebake_rules.rebake_problems(GOOD_ANSWERS, tmp_path) == []
    assert rebake_rules.rebake_problems({**GOOD_ANSWERS, "use_github_actions": False}, tmp_path) == []
    (problem,) = rebake_rules.rebake_problems({**GOOD_ANSWERS, "include_example_app": False}, tmp_path)
    assert problem.startswith(f"include_example_app: False, but {tmp_path / 'shop'} exists")


# --- The slug rules cover every module and app label a generated project has -------------------------

IMPORTABLE_NAMES = "import pkgutil; print(*sorted({module.name for module in pkgutil.iter_modules()}))"
APP_LABELS = (
    "import pkgutil, django, django.contrib; from django.apps import apps; django.setup(); "
    "print(*[app.label for app in apps.get_app_configs()], *[m.name for m in pkgutil.iter_modules(django.contrib.__path__)])"
)


@pytest.mark.parametrize("django_version", ["5.2", "6.1"])
def test_no_module_the_project_imports_and_no_app_label_is_a_valid_slug(bake, toolchain, django_version):
    """Every top-level module a baked project can import (standard library, dependencies, extras, dev
    tools, the project's own), and every app label of its test settings and of django.contrib."""
    project = bake(django_version=django_version)
    tools = toolchain(django_version)
    names = tools.check(project, "python", "-c", IMPORTABLE_NAMES).stdout.split()
    labels = tools.check(project, "python", "-c", APP_LABELS, env={"DJANGO_SETTINGS_MODULE": "tests.settings"}).stdout
    candidates = {name for name in [*names, *labels.split()] if answer_rules.SLUG_PATTERN.fullmatch(name)}
    assert {"django", "pytest", "whitenoise", "config", "users", "admin", "contenttypes"} <= candidates
    accepted = sorted(name for name in candidates - {project.name} if not answer_rules.slug_problem(name))
    assert accepted == []


def test_no_folder_that_git_ignores_is_a_valid_slug(bake):
    gitignore = (bake() / ".gitignore").read_text().splitlines()
    folders = [
        line.removesuffix("/") for line in gitignore if answer_rules.SLUG_PATTERN.fullmatch(line.removesuffix("/"))
    ]
    assert {"build", "dist", "media"} <= set(folders)
    assert [folder for folder in folders if not answer_rules.slug_problem(folder)] == []


# --- Text filters: any single line of text, written into each format -----------------------------

ODD_TEXTS = [
    "Bob’s Shop",
    "Acme – Billing",
    'Say "hi"',
    "It's \"quoted\" 'twice'",
    "back\\slash\\",
    'ends with a quote"',
    "Café Магазин 日本の店 Ελληνικά",
    "ｆｕｌｌｗｉｄｔｈ ο",
    "emoji 👩‍💻 and \u200b zero width",
    "<script>alert(1)</script> & *bold* _under_ `code` [link](x) | pipe",
    "# heading",
    "1. list",
    "- item",
    "tab\tinside",
]


@pytest.mark.parametrize("text", ODD_TEXTS)
def test_python_string_is_an_ascii_literal_of_the_same_text(text):
    literal = local_extensions.python_string(text)
    assert literal.isascii()
    assert ast.literal_eval(literal) == text


def test_python_assignment_is_laid_out_as_ruff_formats_it(tmp_path, bake, toolchain):
    """Every length around the line limit, at the indentations the template uses, reads back unchanged."""
    assert (
        local_extensions.LINE_LENGTH
        == tomllib.loads((bake() / "pyproject.toml").read_text())["tool"]["ruff"]["line-length"]
    )
    texts = [prefix + ("Name 'of' \"the\" shop " * 9)[:length] for prefix in ("", "’") for length in range(60, 120)]
    blocks = {
        0: "{}",
        4: "class A:\n    {}",
        8: "class A:\n    class B:\n        {}",
    }
    module = "\n\n\n".join(
        template.format(local_extensions.python_assignment(text, f"name_{number}", indent))
        for indent, template in blocks.items()
        for number, text in enumerate(texts)
    )
    path = tmp_path / "assignments.py"
    path.write_text(module + "\n")
    ruff = ["ruff", "format", "--isolated", "--no-cache", "--line-length", str(local_extensions.LINE_LENGTH)]
    toolchain("5.2").check(tmp_path, *ruff, "--check", str(path))
    values = [ast.literal_eval(node.value) for node in ast.walk(ast.parse(module)) if isinstance(node, ast.Assign)]
    assert sorted(values) == sorted(texts * len(blocks))


@pytest.mark.parametrize("text", ODD_TEXTS)
def test_python_text_reads_back_inside_a_docstring(text):
    source = f'"""Settings for {local_extensions.python_text(text)}."""'
    assert ast.literal_eval(source) == f"Settings for {text}."


@pytest.mark.parametrize("text", [*ODD_TEXTS, "del\x7f", "nul\x00"])
def test_toml_text_reads_back(text):
    assert tomllib.loads(f'value = "{local_extensions.toml_text(text)}"')["value"] == text


def test_markdown_text_escapes_what_markdown_would_interpret():
    assert local_extensions.markdown_text("<b>A & B</b> *x*") == r"\<b\>A \& B\</b\> \*x\*"
    assert local_extensions.markdown_text("# not a heading") == r"\# not a heading"
    assert local_extensions.markdown_text("2. not a list") == r"2\. not a list"
    assert local_extensions.markdown_text("Bob’s Shop") == "Bob’s Shop"


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("My Project", "my_project"),
        ("Bob’s Shop", "bobs_shop"),
        ("Café Магазин", "cafe_magazin"),
        ("2048 Games", "project_2048_games"),
        ("A" * 30 + " " + "B" * 30, "a" * 30),
    ],
)
def test_the_default_slug_is_a_python_name(name, slug):
    assert local_extensions.python_name(name) == slug


# --- Hooks ---------------------------------------------------------------------------------------


def test_post_gen_removes_the_unchosen_folders_only(tmp_path):
    for folder in (".github/workflows", "shop", "config"):
        (tmp_path / folder).mkdir(parents=True)
    (tmp_path / ".env.example").write_text("DJANGO_SECRET_KEY=\n")
    post_gen.main(GOOD_ANSWERS, [".github", "shop"], tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == [".env", ".env.example", "config"]


def test_post_gen_env_is_the_example_with_a_fresh_key_readable_by_the_owner_only(tmp_path):
    (tmp_path / ".env.example").write_text("DJANGO_DEBUG=true\nDJANGO_SECRET_KEY=\n# DATABASE_URL=x\n")
    post_gen.write_env(GOOD_ANSWERS, tmp_path)
    env = (tmp_path / ".env").read_text()
    assert stat.S_IMODE((tmp_path / ".env").stat().st_mode) == 0o600
    assert env.startswith("DJANGO_DEBUG=true\nDJANGO_SECRET_KEY=")
    assert env.endswith("\n# DATABASE_URL=x\n")
    key = next(line.split("=", 1)[1] for line in env.splitlines() if line.startswith("DJANGO_SECRET_KEY="))
    assert len(key) >= 50
    assert not key.startswith("django-insecure-")
    assert key != post_gen.new_secret_key()


def test_post_gen_keeps_an_existing_env(tmp_path):
    (tmp_path / ".env.example").write_text("DJANGO_SECRET_KEY=\n")
    (tmp_path / ".env").write_text("DATABASE_URL=postgres://mine\n")
    post_gen.write_env(GOOD_ANSWERS, tmp_path)
    assert (tmp_path / ".env").read_text() == "DATABASE_URL=postgres://mine\n"


def test_post_gen_keeps_an_env_that_links_to_a_missing_file(tmp_path):
    """Say, a secrets folder not mounted now: writing a new .env failed (FileExistsError) after the
    whole project was written again."""
    (tmp_path / ".env.example").write_text("DJANGO_SECRET_KEY=\n")
    (tmp_path / ".env").symlink_to(tmp_path / "secrets" / "shop.env")
    post_gen.write_env(GOOD_ANSWERS, tmp_path)
    assert (tmp_path / ".env").readlink() == tmp_path / "secrets" / "shop.env"
    assert not (tmp_path / "secrets").exists()


def test_cruft_state_needs_a_git_template(tmp_path, monkeypatch):
    (tmp_path / "cookiecutter.json").write_text("{}")
    monkeypatch.setenv("PWD", str(tmp_path))
    answers = {**GOOD_ANSWERS, "_template": ".", "_repo_dir": ".", "_output_dir": "/out", "_checkout": None}
    assert post_gen.cruft_state(answers) is None
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    subprocess.run(["git", "-C", str(tmp_path), "add", "-A"], check=True)
    identity = ["-c", "user.name=T", "-c", "user.email=t@example.com"]
    subprocess.run(["git", *identity, "-C", str(tmp_path), "commit", "-qm", "t"], check=True)
    state = post_gen.cruft_state(answers)
    assert state["template"] == str(tmp_path.resolve())
    assert len(state["commit"]) == 40
    assert "_output_dir" not in state["context"]["cookiecutter"]
    assert state["context"]["cookiecutter"]["_commit"] == state["commit"]


def test_cruft_state_keeps_a_remote_template_address(tmp_path, monkeypatch):
    monkeypatch.setattr(post_gen, "template_commit", lambda repo_dir: "a" * 40)
    (tmp_path / "cookiecutter.json").write_text("{}")
    answers = {**GOOD_ANSWERS, "_template": "gh:org/template", "_repo_dir": str(tmp_path)}
    assert post_gen.cruft_state(answers)["template"] == "gh:org/template"


def test_no_cruft_file_when_cruft_itself_generates(tmp_path):
    post_gen.write_cruft_state(GOOD_ANSWERS, tmp_path)
    assert not (tmp_path / ".cruft.json").exists()
