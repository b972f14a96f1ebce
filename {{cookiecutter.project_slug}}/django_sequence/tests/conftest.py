import contextlib
import threading

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connections, transaction

from django_sequence.models import local_year
from django_sequence.tests.models import Organization


@pytest.fixture
def org(db):
    return Organization.objects.create(name="Acme")


@pytest.fixture
def org_type(db):
    return ContentType.objects.get_for_model(Organization)


@pytest.fixture
def year():
    """This year in TIME_ZONE, as next_sequence writes it."""
    return local_year()


def in_other_connection(function, *args, **kwargs):
    """Run ``function`` in a thread, which has its own database connection; return its result or
    raise its exception. Needs ``django_db(transaction=True)`` to see committed data."""
    outcome = {}

    def run():
        try:
            outcome["result"] = function(*args, **kwargs)
        except BaseException as error:  # handed to the calling thread
            outcome["error"] = error
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["result"]


class Rollback(Exception):
    """Raised to roll a transaction back on purpose."""


def rolled_back(function, *args, **kwargs):
    """Call ``function`` in a transaction that is then rolled back; return what it returned."""
    with contextlib.suppress(Rollback), transaction.atomic():
        result = function(*args, **kwargs)
        raise Rollback
    return result
