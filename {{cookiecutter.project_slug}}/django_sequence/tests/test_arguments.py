"""Bad arguments raise a clear ValueError before anything touches the database."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.functional import SimpleLazyObject

from django_sequence import Sequence, next_sequence
from django_sequence.tests.models import Organization

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"scope": ""}, "scope must be a non-blank string of at most 50 characters"),
        ({"scope": "   "}, "scope must be a non-blank string"),
        ({"scope": "x" * 51}, "at most 50 characters"),
        ({"scope": None}, "scope must be"),
        ({"prefix": "P" * 21}, "prefix must be a string of at most 20 characters"),
        ({"prefix": None}, "prefix must be"),
        ({"scope": "invoice\x00"}, "scope cannot hold NUL characters or lone surrogates"),
        ({"prefix": "INV\x00-"}, "prefix cannot hold NUL characters"),
        ({"scope": "invoice\ud800"}, "scope cannot hold NUL characters or lone surrogates"),
        ({"pad_width": 0}, "pad_width must be an integer from 1 to 20, not 0"),
        ({"pad_width": 21}, "pad_width must be an integer from 1 to 20"),
        ({"pad_width": "6"}, "pad_width must be an integer"),
        ({"pad_width": True}, "pad_width must be an integer"),
        ({"lock_timeout": -1}, "lock_timeout must be None or a number of seconds >= 0"),
        ({"lock_timeout": float("nan")}, "lock_timeout must be"),
        ({"lock_timeout": "soon"}, "lock_timeout must be"),
        ({"org": "acme"}, "org must be a model instance or None, not str"),
        ({"reset_yearly": True, "include_year": False}, "reset_yearly=True needs include_year=True"),
        ({"include_year": "False"}, "include_year must be True or False, not str 'False'"),
        ({"auto_create": 0}, "auto_create must be True or False, not int 0"),
        ({"reset_yearly": None}, "reset_yearly must be True or False, not NoneType None"),
        (
            {"include_year": SimpleLazyObject(lambda: False)},
            "include_year must be True or False, not SimpleLazyObject",
        ),
    ],
)
def test_bad_argument_is_refused_before_any_query(arguments, message):
    arguments = {"scope": "invoice", **arguments}
    with CaptureQueriesContext(connection) as queries, pytest.raises(ValueError, match=message):
        next_sequence(**arguments)
    assert len(queries) == 0
    assert not Sequence.objects.exists()


def test_unsaved_org_is_refused():
    with pytest.raises(
        ValueError, match="org must be saved first: this Organization is not in the database yet"
    ):
        next_sequence("invoice", org=Organization(name="Unsaved"))
    assert not Sequence.objects.exists()


def test_widest_arguments_are_accepted():
    number = next_sequence("s" * 50, prefix="P" * 20, pad_width=20, include_year=False)
    assert number == "P" * 20 + "1".zfill(20)


def test_any_other_unicode_is_a_scope_and_a_prefix():
    number = next_sequence("facture-é" + "😀" * 41, prefix="%s{0}" + "€" * 15, include_year=False)
    assert number == "%s{0}" + "€" * 15 + "000001"
    assert Sequence.objects.get().scope == "facture-é" + "😀" * 41


@pytest.mark.django_db(transaction=True)  # outside a transaction, where SQLite accepts lock_timeout
@pytest.mark.parametrize("seconds", [1e308, pytest.param(10**400, id="10**400"), 0, 1e-9])
def test_any_lock_timeout_from_zero_to_the_largest_float_is_accepted(seconds):
    """1e308 seconds failed with OverflowError (infinite milliseconds)."""
    assert next_sequence("invoice", include_year=False, lock_timeout=seconds) == "000001"
