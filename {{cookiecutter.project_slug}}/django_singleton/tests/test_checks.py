"""System checks: combinations that would break get_instance() or serve stale rows."""

import pytest
from django.db import models
from django.test.utils import isolate_apps

from django_singleton.models import SingletonModel
from django_singleton.query import SingletonManager
from django_singleton.tests.testapp.models import FeatureFlags, SiteSettings


def ids(model):
    return [message.id for message in model.check()]


class SoftDeleteMixin(models.Model):
    """A soft-delete base of the usual shape: delete() stamps, the default manager hides."""

    deleted = models.BooleanField(default=False)

    class Meta:
        abstract = True

    def delete(self, *args, **kwargs):
        self.deleted = True
        self.save()


@isolate_apps("django_singleton.tests.testapp")
@pytest.mark.parametrize("soft_delete_first", [True, False], ids=["soft_delete_first", "singleton_first"])
def test_a_base_with_its_own_delete_is_refused(soft_delete_first):
    bases = (SoftDeleteMixin, SingletonModel) if soft_delete_first else (SingletonModel, SoftDeleteMixin)
    model = type(
        "Settings", bases, {"__module__": __name__, "Meta": type("Meta", (), {"app_label": "testapp"})}
    )

    (error,) = [message for message in model.check() if message.id == "django_singleton.E001"]

    assert "combines SingletonModel with SoftDeleteMixin, which defines delete()" in error.msg


@isolate_apps("django_singleton.tests.testapp")
def test_basemodel_and_singletonmodel_together_are_refused():
    from django_basemodels.models import BaseModel  # the combination the README warns about

    class Settings(BaseModel, SingletonModel):
        class Meta:
            app_label = "testapp"

    assert "django_singleton.E001" in ids(Settings)


@isolate_apps("django_singleton.tests.testapp")
def test_a_default_manager_that_hides_rows_is_refused():
    class Active(SingletonManager):
        def get_queryset(self):
            return super().get_queryset().filter(enabled=True)

    class Settings(SingletonModel):
        enabled = models.BooleanField(default=True)
        active = Active()
        objects = SingletonManager()

        class Meta:
            app_label = "testapp"

    assert "django_singleton.E002" in ids(Settings)


if hasattr(models, "DB_CASCADE"):  # Django 6.1's database-level on_delete (no such thing on 5.2)

    @isolate_apps("django_singleton.tests.testapp")
    def test_a_foreign_key_the_database_cascades_from_is_refused():
        class Settings(SingletonModel):
            owner = models.ForeignKey("self", null=True, on_delete=models.DB_CASCADE)
            reviewer = models.ForeignKey("self", null=True, on_delete=models.DB_SET_NULL, related_name="+")

            class Meta:
                app_label = "testapp"

        (error,) = [message for message in Settings.check() if message.id.startswith("django_singleton.")]

        assert (error.id, error.msg.split(":")[0]) == (
            "django_singleton.E004",
            "testapp.Settings.owner has on_delete=DB_CASCADE",
        )


def test_sound_singletons_pass():
    assert ids(SiteSettings) == []


def test_unknown_cache_alias_is_an_error(settings, monkeypatch):
    monkeypatch.setattr(FeatureFlags, "singleton_cache_alias", "nowhere")

    assert ids(FeatureFlags) == ["django_singleton.E003"]


@pytest.mark.parametrize(
    ("backend", "debug", "expected"),
    [
        ("django.core.cache.backends.locmem.LocMemCache", False, ["django_singleton.W001"]),
        ("django.core.cache.backends.locmem.LocMemCache", True, []),
        ("django.core.cache.backends.filebased.FileBasedCache", False, []),
        ("django.core.cache.backends.db.DatabaseCache", False, []),
        ("django.core.cache.backends.dummy.DummyCache", False, []),
    ],
    ids=["locmem", "locmem_debug", "file", "database", "dummy"],
)
def test_per_process_cache_warns_outside_debug(settings, tmp_path, backend, debug, expected):
    settings.CACHES = {"default": {"BACKEND": backend, "LOCATION": str(tmp_path)}}
    settings.DEBUG = debug

    assert ids(FeatureFlags) == expected
    assert ids(SiteSettings) == []  # not cached: nothing to warn about
