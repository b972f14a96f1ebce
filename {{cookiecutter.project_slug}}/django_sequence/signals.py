"""What every write of a stored sequence keeps: its identity, its counter and its year.

``Sequence.save()`` and ``loaddata`` (which writes without ``save()``) both send ``pre_save``; both
hold a transaction around the write, so the row read here stays locked until it is written.
"""

from django.db.models.signals import pre_save
from django.dispatch import receiver

from django_sequence.models import Sequence

IDENTITY = ("scope", "org_content_type_id", "org_id")
GUARDED = {"scope", "org_content_type", "org_content_type_id", "org_id", "current_value", "year"}


@receiver(pre_save, sender=Sequence, dispatch_uid="django_sequence.keep_what_was_issued")
def keep_what_was_issued(sender, instance: Sequence, using: str, update_fields=None, **kwargs) -> None:
    """Refuse to change a stored row's scope or tenant, and raise ``current_value`` and ``year``
    to the stored ones.

    An instance loaded before numbers were issued still holds the old counter (and, across New
    Year, the old year), and so does a fixture loaded again over a row in use: writing those back
    would hand the numbers issued since out again. A row given another scope or tenant (by code,
    or by a fixture whose id is another sequence's) would take its counter away from the one it
    was, whose numbering would restart at 1.
    """
    if instance.pk is None or (update_fields is not None and GUARDED.isdisjoint(update_fields)):
        return
    rows = Sequence._base_manager.db_manager(using).select_for_update().filter(pk=instance.pk)
    stored = rows.values(*IDENTITY, "current_value", "year").first()
    if stored is None:
        return
    stored_identity = tuple(stored[name] for name in IDENTITY)
    given_identity = tuple(getattr(instance, name) for name in IDENTITY)
    if stored_identity != given_identity:
        raise ValueError(
            f"Sequence {instance.pk} is {_describe(*stored_identity)} and cannot become "
            f"{_describe(*given_identity)}: the numbering of the first would restart at 1."
        )
    instance.current_value = max(instance.current_value, stored["current_value"])
    if stored["year"] is not None:
        instance.year = max(instance.year or stored["year"], stored["year"])


def _describe(scope, content_type_id, org_id) -> str:
    tenant = f"tenant type {content_type_id}, id {org_id!r}" if content_type_id else "global"
    return f"{scope!r} ({tenant})"
