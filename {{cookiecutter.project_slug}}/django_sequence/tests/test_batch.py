"""Numbers in batches, as plain integers, from async code, and at the end of the counter."""

import asyncio

import pytest
from asgiref.sync import async_to_sync
from django.core.exceptions import SynchronousOnlyOperation
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from django_sequence import (
    Sequence,
    SequenceNotFoundError,
    SequenceOverflowError,
    anext_sequence,
    anext_sequences,
    next_sequence,
    next_sequences,
    next_value,
)
from django_sequence.models import MAX_VALUE
from django_sequence.tests.conftest import rolled_back

pytestmark = pytest.mark.django_db


class TestBatches:
    def test_a_batch_is_consecutive_and_follows_single_numbers(self, org, year):
        assert next_sequence("invoice", org=org, prefix="INV-") == f"INV-{year}-000001"
        assert next_sequences("invoice", 3, org=org) == [f"INV-{year}-00000{n}" for n in (2, 3, 4)]
        assert next_sequence("invoice", org=org) == f"INV-{year}-000005"

    def test_a_first_batch_creates_the_sequence_with_its_format(self):
        assert next_sequences("ticket", 2, prefix="T-", pad_width=3, include_year=False) == ["T-001", "T-002"]
        assert Sequence.objects.values_list("current_value", "prefix", "pad_width").get() == (2, "T-", 3)

    def test_a_batch_is_one_statement(self, org):
        next_sequence("invoice", org=org)
        with CaptureQueriesContext(connection) as queries:
            numbers = next_sequences("invoice", 100, org=org, include_year=False)
        assert len(numbers) == len(set(numbers)) == 100
        assert len(queries) == 1

    def test_a_rolled_back_batch_gives_all_its_numbers_back(self):
        rolled_back(next_sequences, "invoice", 10, include_year=False)
        assert next_sequences("invoice", 2, include_year=False) == ["000001", "000002"]

    @pytest.mark.parametrize("count", [0, -1, 1.5, "3", True, None, 1_000_001])
    def test_a_bad_count_is_refused_before_any_query(self, count):
        with (
            CaptureQueriesContext(connection) as queries,
            pytest.raises(ValueError, match=rf"count must be an integer from 1 to 1,000,000, not {count!r}"),
        ):
            next_sequences("invoice", count)
        assert len(queries) == 0
        assert not Sequence.objects.exists()

    def test_auto_create_false_is_honoured(self):
        with pytest.raises(SequenceNotFoundError):
            next_sequences("missing", 5, auto_create=False)
        assert not Sequence.objects.exists()


class TestIntegers:
    def test_next_value_shares_the_row_with_next_sequence(self, org):
        assert next_sequence("invoice", org=org, include_year=False) == "000001"
        assert next_value("invoice", org=org) == 2
        assert next_sequence("invoice", org=org, include_year=False) == "000003"

    def test_next_value_follows_a_preconfigured_start(self):
        Sequence.objects.create(scope="case", current_value=999)
        assert next_value("case") == 1000


@pytest.mark.django_db(transaction=True)
class TestAsync:
    def test_async_twins_allocate_on_the_callers_connection_and_transaction(self, org):
        """Run from sync code through async_to_sync, as an ASGI view's helpers would: the numbers
        come from the same connection, so they roll back with the surrounding transaction."""
        with transaction.atomic():
            assert async_to_sync(anext_sequence)("invoice", org, include_year=False) == "000001"
            assert async_to_sync(anext_sequences)("invoice", 2, org, include_year=False) == [
                "000002",
                "000003",
            ]
            transaction.set_rollback(True)
        assert async_to_sync(anext_sequence)("invoice", org=org, include_year=False) == "000001"

    def test_async_errors_are_the_same_errors(self):
        with pytest.raises(ValueError, match="count must be"):
            async_to_sync(anext_sequences)("invoice", 0)
        with pytest.raises(SequenceNotFoundError):
            async_to_sync(anext_sequence)("missing", auto_create=False)

    def test_the_sync_functions_refuse_to_run_in_an_event_loop(self):
        """On an open connection too, whose driver cursor is kept on PostgreSQL."""
        next_sequence("invoice")

        async def allocate_without_sync_to_async():
            for call in (lambda: next_sequence("invoice"), lambda: next_sequences("invoice", 2)):
                with pytest.raises(SynchronousOnlyOperation):
                    call()

        asyncio.run(allocate_without_sync_to_async())
        assert next_value("invoice") == 2


class TestOverflow:
    def test_the_largest_number_is_issued_then_the_counter_refuses(self):
        Sequence.objects.create(scope="big", current_value=MAX_VALUE - 1, include_year=False)
        assert next_sequence("big") == str(MAX_VALUE)
        with pytest.raises(SequenceOverflowError, match=f"'big' \\(global\\) stands at {MAX_VALUE}"):
            next_sequence("big")
        assert Sequence.objects.values_list("current_value", flat=True).get() == MAX_VALUE

    def test_a_batch_that_does_not_fit_writes_nothing(self, org):
        Sequence.objects.create(scope="big", org=org, current_value=MAX_VALUE - 2, include_year=False)
        with pytest.raises(SequenceOverflowError, match="cannot issue 3 more"):
            next_sequences("big", 3, org=org)
        assert next_sequences("big", 2, org=org) == [str(MAX_VALUE - 1), str(MAX_VALUE)]

    def test_overflow_is_a_sequence_error_and_not_a_database_error(self):
        Sequence.objects.create(scope="big", current_value=MAX_VALUE)
        with pytest.raises(SequenceOverflowError) as raised:
            next_value("big")
        assert raised.value.__cause__ is None
