from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from django_sequence.exceptions import SequenceNotFoundError
from django_sequence.models import Sequence


def next_sequence(scope, org=None, prefix="", pad_width=6, include_year=True, auto_create=True) -> str:
    """Allocate the next number of ``scope`` for ``org`` and return it formatted."""
    if org is None:
        org_content_type, org_id = None, ""
    else:
        org_content_type, org_id = ContentType.objects.get_for_model(org), str(org.pk)
    with transaction.atomic():
        seq = (
            Sequence.objects.select_for_update()
            .filter(scope=scope, org_content_type=org_content_type, org_id=org_id)
            .first()
        )
        if seq is None:
            if not auto_create:
                raise SequenceNotFoundError(f"Sequence '{scope}' not found for org '{org_id or 'global'}'")
            seq = Sequence.objects.create(
                scope=scope,
                org_content_type=org_content_type,
                org_id=org_id,
                prefix=prefix,
                pad_width=pad_width,
                include_year=include_year,
            )
        seq.current_value += 1
        seq.save(update_fields=["current_value", "updated_at"])
        return seq.formatted_value
