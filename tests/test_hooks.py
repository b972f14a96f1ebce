"""The hooks as functions (imported from hooks/), and bad answers as a user meets them (baked)."""

from __future__ import annotations

import importlib.util
import json
import subprocess

import pytest
from cookiecutter.exceptions import FailedHookException
from cookiecutter.main import cookiecutter

from tests.conftest import TEMPLATE_DIR


def load_hook(name: str):
    spec = importlib.util.spec_from_file_location(name, TEMPLATE_DIR / "hooks" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


pre_gen = load_hook("pre_gen_project")
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
    "include_example_app": True,
    "use_github_actions": True,
}

# (answers changed, field named in the message, words of the rule)
BAD_ANSWERS = [
    ({"project_slug": "my-project"}, "project_slug", "lowercase Python identifier"),
    ({"project_slug": "1abc"}, "project_slug", "lowercase Python identifier"),
    ({"project_slug": "My"}, "project_slug", "lowercase Python identifier"),
    ({"project_slug": "class"}, "project_slug", "Python keyword"),
    ({"project_slug": "django"}, "project_slug", "would shadow"),
    ({"project_slug": "test"}, "project_slug", "would shadow"),
    ({"project_slug": "config"}, "project_slug", "would shadow"),
    ({"project_slug": "json"}, "project_slug", "would shadow"),
    ({"project_slug": "django_sequence"}, "project_slug", "foundation apps"),
    ({"project_name": "   ", "project_slug": "shop"}, "project_name", "is empty"),
    ({"project_name": 'Bob "the" shop'}, "project_name", "double quote"),
    ({"author_email": "ada.example.com"}, "author_email", "not an e-mail address"),
    ({"author_email": "ada@localhost"}, "author_email", "not an e-mail address"),
    ({"timezone": "Mars/Olympus_Mons"}, "timezone", "not an IANA time zone"),
    ({"version": "one"}, "version", "not a PEP 440 version"),
    ({"version": "1.0-beta.final"}, "version", "not a PEP 440 version"),
]


def test_good_answers_pass():
    assert pre_gen.validate(GOOD_ANSWERS) == []


@pytest.mark.parametrize("version", ["0.1.0", "1!2.0", "1.0a1", "1.0rc2", "1.0.post3", "2.0.dev4", "1.0+local.7"])
def test_pep440_versions_are_accepted(version):
    assert pre_gen.validate({**GOOD_ANSWERS, "version": version}) == []


@pytest.mark.parametrize(("changes", "field", "rule"), BAD_ANSWERS)
def test_validate_names_field_value_and_rule(changes, field, rule):
    errors = pre_gen.validate({**GOOD_ANSWERS, **changes})
    assert len(errors) == 1
    assert errors[0].startswith(f"{field}: {changes[field]!r}")
    assert rule in errors[0]


@pytest.mark.parametrize(("changes", "field", "rule"), BAD_ANSWERS)
def test_bad_answer_stops_the_bake_and_writes_nothing(tmp_path, capfd, changes, field, rule):
    with pytest.raises(FailedHookException):
        cookiecutter(str(TEMPLATE_DIR), no_input=True, extra_context=changes, output_dir=str(tmp_path))
    stderr = capfd.readouterr().err
    assert f"ERROR: {field}: {changes[field]!r}" in stderr
    assert rule in stderr
    assert list(tmp_path.iterdir()) == []


def test_main_exits_non_zero_and_prints_every_error(capsys):
    with pytest.raises(SystemExit) as exit_info:
        pre_gen.main({**GOOD_ANSWERS, "project_slug": "class", "version": "x"})
    assert exit_info.value.code == 1
    err = capsys.readouterr().err
    assert "project_slug" in err
    assert "version" in err


@pytest.mark.parametrize(
    ("actions", "example", "removed"),
    [(True, True, []), (False, True, [".github"]), (True, False, ["shop"]), (False, False, [".github", "shop"])],
)
def test_post_gen_removes_only_unchosen_paths(tmp_path, actions, example, removed):
    for folder in (".github/workflows", "shop", "config"):
        (tmp_path / folder).mkdir(parents=True)
    answers = {**GOOD_ANSWERS, "use_github_actions": actions, "include_example_app": example}
    post_gen.main(answers, tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted({".github", "shop", "config", ".env"} - set(removed))


def test_post_gen_env_holds_a_fresh_key_and_the_database_hint(tmp_path):
    post_gen.write_env({**GOOD_ANSWERS, "database": "postgresql"}, tmp_path)
    env = (tmp_path / ".env").read_text()
    assert "DJANGO_DEBUG=true" in env
    assert "# DATABASE_URL=postgres://USER:PASSWORD@localhost:5432/shop" in env
    key = next(line.split("=", 1)[1] for line in env.splitlines() if line.startswith("DJANGO_SECRET_KEY="))
    assert len(key) >= 50
    assert not key.startswith("django-insecure-")
    assert key != post_gen.new_secret_key()


def test_cookiecutter_json_defaults_pass_validation():
    defaults = json.loads((TEMPLATE_DIR / "cookiecutter.json").read_text())
    answers = {key: value[0] if isinstance(value, list) else value for key, value in defaults.items()}
    answers["project_slug"] = "my_project"
    assert pre_gen.validate(answers) == []


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
