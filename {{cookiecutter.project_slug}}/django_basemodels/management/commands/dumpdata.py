"""``dumpdata`` that keeps soft-deleted rows, so that a dump always loads back.

Django's ``dumpdata`` reads each model through its default manager, which hides deleted rows, while
active rows may still point to them: ``loaddata`` of such a dump fails on the missing rows. A dump
is a copy of the database, so here it has every row; deleted rows load back deleted.
"""

from django.core.management.commands import dumpdata

from django_basemodels.management import EveryRowCommand


class Command(EveryRowCommand, dumpdata.Command):
    help = f"{dumpdata.Command.help} Soft-deleted rows are included (django_basemodels)."
