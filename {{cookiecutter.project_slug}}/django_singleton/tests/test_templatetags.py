"""The get_singleton template tag: a singleton's row in a template, with no change to the view.

The templates are in ``testapp/templates/testapp/``; ``banner.html`` is the README's example.
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template import TemplateSyntaxError
from django.template.loader import render_to_string

from django_singleton.tests import committed
from django_singleton.tests.testapp.models import Branding, FeatureFlags, SiteSettings

pytestmark = committed


def test_renders_the_row():
    SiteSettings.objects.create(site_name="Shop", maintenance_mode=True)

    assert render_to_string("testapp/banner.html").strip() == "<header>Shop (maintenance)</header>"


def test_creates_the_row_from_its_defaults_when_missing():
    assert render_to_string("testapp/flags.html").strip() == "1:False"
    assert FeatureFlags.objects.count() == 1


def test_reads_from_the_cache(django_assert_num_queries):
    FeatureFlags.objects.create(search_v2=True)
    render_to_string("testapp/flags.html")

    with django_assert_num_queries(0):
        assert render_to_string("testapp/flags.html").strip() == "1:True"


def test_a_file_field_read_from_the_cache_gives_the_file(settings, tmp_path, django_assert_num_queries):
    settings.MEDIA_ROOT, settings.MEDIA_URL = tmp_path, "/media/"
    Branding.objects.create(logo=SimpleUploadedFile("logo.png", b"PNG!"))
    render_to_string("testapp/logo.html")

    with django_assert_num_queries(0):
        html = render_to_string("testapp/logo.html").strip()

    assert html == '<img src="/media/branding/logo.png" data-size="4">'


def test_the_label_can_be_a_variable():
    assert render_to_string("testapp/by_label.html", {"label": "testapp.SiteSettings"}).strip() == "1"


@pytest.mark.parametrize(
    ("label", "message"),
    [
        ("testapp.Nothing", "App 'testapp' doesn't have a 'Nothing' model"),
        ("SiteSettings", "got 'SiteSettings'"),
        ("testapp.Operator", "testapp.Operator is not a SingletonModel"),
        (None, "got None"),
        (SiteSettings(), "got <SiteSettings: Site settings>"),
    ],
    ids=["unknown", "no_app_label", "not_a_singleton", "none", "a_row"],
)
def test_a_bad_label_is_named(label, message):
    with pytest.raises(TemplateSyntaxError, match=message):
        render_to_string("testapp/by_label.html", {"label": label})
