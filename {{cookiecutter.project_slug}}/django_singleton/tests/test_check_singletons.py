"""``manage.py check_singletons``: rogue rows in every singleton table, with a failing exit status."""

from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from django_singleton.tests.testapp.models import SiteSettings, TaxSettings

pytestmark = pytest.mark.django_db


def run(*args):
    stdout, stderr = StringIO(), StringIO()
    call_command("check_singletons", *args, stdout=stdout, stderr=stderr)
    return stdout.getvalue(), stderr.getvalue()


def test_sound_tables_pass():
    SiteSettings.get_instance()

    stdout, stderr = run("--verbosity=2")

    assert "testapp.SiteSettings: ok" in stdout
    assert "testapp.TaxSettings: ok" in stdout
    assert "singleton tables checked: no rogue rows." in stdout
    assert stderr == ""


def test_rogue_rows_are_reported_for_every_table(insert_rogue_row):
    SiteSettings.get_instance()
    insert_rogue_row(SiteSettings, 5, site_name="Rogue", maintenance_mode=False)
    for pk in range(2, 14):
        insert_rogue_row(TaxSettings, pk, tax_rate=Decimal(pk))
    stderr = StringIO()

    with pytest.raises(CommandError, match=r"2 of [0-9]+ singleton tables have rogue rows"):
        call_command("check_singletons", stdout=StringIO(), stderr=stderr)

    lines = stderr.getvalue().splitlines()
    assert any(line.startswith("testapp.SiteSettings: 1 rogue row(s), pk 5.") for line in lines)
    assert any(line.startswith("testapp.TaxSettings: 12 rogue row(s), pk 2, 3, 4,") for line in lines)
    assert any("pk 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, ..." in line for line in lines)
    assert any('DELETE FROM "testapp_sitesettings" WHERE "id" <> 1;' in line for line in lines)


def test_suggested_delete_removes_exactly_the_rogue_rows(insert_rogue_row):
    SiteSettings.objects.create(site_name="Real")
    insert_rogue_row(SiteSettings, 3, site_name="Rogue", maintenance_mode=False)
    stderr = StringIO()
    with pytest.raises(CommandError):
        call_command("check_singletons", stdout=StringIO(), stderr=stderr)
    statement = stderr.getvalue().split("remove them with: ")[1].strip()

    with connection.cursor() as cursor:
        cursor.execute(statement)

    assert list(SiteSettings.objects.values_list("pk", "site_name")) == [(1, "Real")]
    run()  # passes now


def test_tables_not_migrated_yet_are_skipped_and_named(monkeypatch):
    tables = connection.introspection.table_names()
    monkeypatch.setattr(
        type(connection.introspection), "table_names", lambda self: [t for t in tables if "tax" not in t]
    )

    stdout, _ = run()

    assert "testapp.TaxSettings: no table yet (not migrated), skipped." in stdout
