"""System checks: each message is triggered by a model built in an isolated registry."""

from io import StringIO

import pytest
from django.apps import apps
from django.core import checks
from django.core.management import call_command
from django.db import models
from django.test.utils import isolate_apps

from django_basemodels import BaseModel, SoftDeleteManager, SoftDeleteModel, TimeStampedModel, UUIDModel

ACTIVE = models.Q(deleted_at__isnull=True)


@pytest.fixture
def isolated():
    with isolate_apps("django_basemodels.tests") as registry:
        yield registry


def ids(model):
    return [message.id for message in model.check() if message.id.startswith("django_basemodels.")]


def test_project_models_pass_the_checks():
    """The test models (and the example app's, when generated) follow the recommended usage."""
    soft_delete_models = [model for model in apps.get_models() if issubclass(model, SoftDeleteModel)]
    assert soft_delete_models
    found = {model._meta.label: ids(model) for model in soft_delete_models}
    assert not any(found.values()), found


# Django 6.1's check asks every database whether it supports JSONField (SQLite answers by a query).
@pytest.mark.django_db(databases="__all__")
def test_manage_py_check_reports_nothing_from_this_package():
    stdout, stderr = StringIO(), StringIO()
    call_command("check", stdout=stdout, stderr=stderr)
    assert "django_basemodels" not in stdout.getvalue() + stderr.getvalue()


def test_manage_py_check_runs_the_checks(isolated):
    class Account(BaseModel):
        email = models.EmailField(unique=True)

    messages = checks.run_checks(app_configs=isolated.get_app_configs(), tags=[checks.Tags.models])
    assert [message.id for message in messages] == ["django_basemodels.W001"]


# --- W001: unique=True field --------------------------------------------------------------------


def test_unique_field_warns(isolated):
    class Account(BaseModel):
        email = models.EmailField(unique=True)

    (message,) = Account.check()
    assert message == checks.Warning(
        "'email' is unique=True, so a soft-deleted row keeps its value taken: saving an active row "
        "with the same value raises IntegrityError.",
        hint=(
            "Use models.UniqueConstraint(fields=[...], condition=models.Q(deleted_at__isnull=True), "
            "name=...) in Meta.constraints, so that only active rows must be unique."
        ),
        obj=Account._meta.get_field("email"),
        id="django_basemodels.W001",
    )


def test_one_to_one_field_warns(isolated):
    class Profile(BaseModel):
        owner = models.OneToOneField("self", on_delete=models.CASCADE)

    assert ids(Profile) == ["django_basemodels.W001"]


def test_uuid_primary_key_does_not_warn(isolated):
    class Account(UUIDModel, BaseModel):
        email = models.EmailField()

    assert ids(Account) == []


def test_models_without_soft_delete_are_not_checked(isolated):
    class Log(TimeStampedModel):
        key = models.CharField(max_length=10, unique=True)

    assert ids(Log) == []


# --- W002: unique_together / UniqueConstraint counting deleted rows -----------------------------


def test_unique_together_warns(isolated):
    class Account(BaseModel):
        email = models.EmailField()
        site = models.IntegerField()

        class Meta:
            unique_together = [("email", "site")]

    (message,) = Account.check()
    assert message.id == "django_basemodels.W002"
    assert message.msg == (
        "unique_together ('email', 'site') does not exclude soft-deleted rows, so a deleted row "
        "keeps its values taken."
    )
    assert message.obj is Account
    assert "condition=models.Q(deleted_at__isnull=True)" in message.hint


@pytest.mark.parametrize(
    "condition",
    [
        None,
        models.Q(email__endswith=".org"),
        ~ACTIVE,
        ACTIVE | models.Q(email__endswith=".org"),
        ACTIVE ^ ACTIVE,
    ],
    ids=["none", "unrelated", "negated", "or-with-unrelated", "xor"],
)
def test_unique_constraint_without_an_active_rows_condition_warns(isolated, condition):
    class Account(BaseModel):
        email = models.EmailField()

        class Meta:
            constraints = [models.UniqueConstraint(fields=["email"], condition=condition, name="uniq")]

    (message,) = Account.check()
    assert (message.id, message.msg) == (
        "django_basemodels.W002",
        "UniqueConstraint 'uniq' does not exclude soft-deleted rows, so a deleted row keeps its values taken.",
    )


@pytest.mark.parametrize(
    "condition",
    [
        ACTIVE,
        models.Q(deleted_at=None),
        models.Q(deleted_at__exact=None),
        models.Q(email__endswith=".org") & ACTIVE,
        models.Q(models.Q(email__endswith=".org"), ACTIVE),
        ACTIVE | models.Q(deleted_at=None),
    ],
    ids=["isnull", "equals-none", "exact-none", "and", "nested", "or-of-active"],
)
def test_unique_constraint_on_active_rows_passes(isolated, condition):
    class Account(BaseModel):
        email = models.EmailField()

        class Meta:
            constraints = [models.UniqueConstraint(fields=["email"], condition=condition, name="uniq")]

    assert ids(Account) == []


# --- W003: uniqueness over deleted_at -----------------------------------------------------------


def test_unique_together_over_deleted_at_warns(isolated):
    class Account(BaseModel):
        email = models.EmailField()

        class Meta:
            unique_together = [("email", "deleted_at")]

    (message,) = Account.check()
    assert message.id == "django_basemodels.W003"
    assert message.msg == (
        "unique_together ('email', 'deleted_at') includes 'deleted_at', so it never rejects a duplicate "
        "active row: active rows have deleted_at NULL, and NULLs are distinct in a unique constraint."
    )
    assert message.hint.startswith("Drop 'deleted_at' from the fields.")


def test_unique_constraint_over_deleted_at_warns(isolated):
    class Account(BaseModel):
        email = models.EmailField()

        class Meta:
            constraints = [models.UniqueConstraint(fields=["email", "deleted_at"], name="uniq")]

    assert ids(Account) == ["django_basemodels.W003"]


def test_unique_constraint_over_deleted_at_with_nulls_not_distinct_passes(isolated):
    class Account(BaseModel):
        email = models.EmailField()

        class Meta:
            constraints = [
                models.UniqueConstraint(fields=["email", "deleted_at"], nulls_distinct=False, name="uniq")
            ]

    assert ids(Account) == []


# --- E001: default manager ----------------------------------------------------------------------


def test_manager_declared_after_a_plain_one_is_an_error(isolated):
    class WrongOrder(SoftDeleteModel):
        all_objects = models.Manager()
        objects = SoftDeleteManager()

    (message,) = WrongOrder.check()
    assert message == checks.Error(
        "The default manager of soft-delete model 'basemodels_tests.WrongOrder' is 'all_objects', "
        "a Manager, which shows soft-deleted rows.",
        hint=(
            "Declare 'objects = SoftDeleteManager()' before any other manager of the model (the first "
            "one declared is the default), or name it in Meta.default_manager_name."
        ),
        obj=WrongOrder,
        id="django_basemodels.E001",
    )


def test_manager_added_by_a_subclass_is_an_error(isolated):
    class Article(BaseModel):
        published = models.Manager()

    assert ids(Article) == ["django_basemodels.E001"]


def test_default_manager_name_pointing_at_all_objects_is_an_error(isolated):
    class Article(BaseModel):
        class Meta:
            default_manager_name = "all_objects"

    assert ids(Article) == ["django_basemodels.E001"]


def test_overriding_objects_with_a_plain_manager_is_an_error(isolated):
    class Article(BaseModel):
        objects = models.Manager()

    assert ids(Article) == ["django_basemodels.E001"]


def test_redeclaring_the_soft_delete_manager_first_passes(isolated):
    class Article(BaseModel):
        objects = SoftDeleteManager()
        published = models.Manager()

    assert ids(Article) == []


def test_proxy_gets_the_manager_check_but_not_the_uniqueness_ones_again(isolated):
    class Account(BaseModel):
        email = models.EmailField(unique=True)
        site = models.IntegerField()

        class Meta:
            unique_together = [("email", "site")]
            constraints = [models.UniqueConstraint(fields=["site", "deleted_at"], name="uniq")]

    class AccountProxy(Account):
        plain = models.Manager()

        class Meta:
            proxy = True

    assert ids(Account) == ["django_basemodels.W001", "django_basemodels.W002", "django_basemodels.W003"]
    assert ids(AccountProxy) == ["django_basemodels.E001"]


# --- E002: base manager -------------------------------------------------------------------------


def test_base_manager_that_hides_deleted_rows_is_an_error(isolated):
    """Saving a deleted row through such a manager finds no row, and Django then inserts it again."""

    class Article(BaseModel):
        class Meta:
            base_manager_name = "objects"

    (message,) = Article.check()
    assert message == checks.Error(
        "The base manager of soft-delete model 'basemodels_tests.Article' is 'objects', "
        "a SoftDeleteManager, which hides soft-deleted rows.",
        hint=(
            "Remove Meta.base_manager_name, or name a manager that shows every row (all_objects): "
            "Django saves rows and follows keys through the base manager, so a deleted row could "
            "not be saved, restored or reached from the rows pointing to it."
        ),
        obj=Article,
        id="django_basemodels.E002",
    )


def test_base_manager_of_every_row_passes(isolated):
    class Article(BaseModel):
        class Meta:
            base_manager_name = "all_objects"

    assert ids(Article) == []
