from django.apps import apps
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections

from django_singleton.models import SINGLETON_PK, SingletonModel

SHOWN_PKS = 10


class Command(BaseCommand):
    help = (
        "Report rogue rows (pk other than 1) in every singleton table. Exits with status 1 when there "
        "are any, so that it can gate a deploy or a CI job."
    )

    def add_arguments(self, parser):
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS, help='Database to check ("default").')

    def handle(self, *args, database, verbosity, **options):
        connection = connections[database]
        tables = set(connection.introspection.table_names())
        checked = corrupt = 0
        for model in singleton_models():
            if model._meta.db_table not in tables:
                self.stdout.write(f"{model._meta.label}: no table yet (not migrated), skipped.")
                continue
            checked += 1
            corrupt += not self.check_table(model, connection, verbosity)
        if corrupt:
            raise CommandError(f"{corrupt} of {checked} singleton tables have rogue rows.")
        self.stdout.write(self.style.SUCCESS(f"{checked} singleton tables checked: no rogue rows."))

    def check_table(self, model, connection, verbosity):
        """Report the model's rogue rows, if any; return whether its table is sound."""
        rogue = model.rogue_rows(connection.alias)
        count = rogue.count()
        if not count:
            if verbosity > 1:
                self.stdout.write(f"{model._meta.label}: ok")
            return True
        pks = [str(pk) for pk in rogue.order_by("pk").values_list("pk", flat=True)[:SHOWN_PKS]]
        shown = ", ".join(pks) + (", ..." if count > SHOWN_PKS else "")
        quote = connection.ops.quote_name
        self.stderr.write(
            f"{model._meta.label}: {count} rogue row(s), pk {shown}. Check what they hold, then remove them "
            f"with: DELETE FROM {quote(model._meta.db_table)} WHERE {quote(model._meta.pk.column)} <> "
            f"{SINGLETON_PK};"
        )
        return False


def singleton_models():
    """Every installed singleton model that owns its table (a proxy shares its model's)."""
    return [
        model for model in apps.get_models() if issubclass(model, SingletonModel) and not model._meta.proxy
    ]
