"""``loaddata`` that finds soft-deleted rows by their natural keys.

Django's deserializer looks natural keys up through the default manager, which hides deleted rows:
a key naming a deleted row would not load, and a fixture with natural primary keys would insert a
deleted row again instead of updating it.
"""

from django.core.management.commands import loaddata

from django_basemodels.management import EveryRowCommand


class Command(EveryRowCommand, loaddata.Command):
    help = f"{loaddata.Command.help} Natural keys find soft-deleted rows too (django_basemodels)."
