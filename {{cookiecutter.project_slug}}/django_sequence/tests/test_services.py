import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext

from django_sequence import Sequence, SequenceLockedError, SequenceNotFoundError, next_sequence
from django_sequence.tests.conftest import in_other_connection, rolled_back
from django_sequence.tests.models import Document, Organization

pytestmark = pytest.mark.django_db


def stored(scope, org=None) -> Sequence:
    if org is None:
        return Sequence.objects.get(scope=scope, org_content_type=None)
    return Sequence.objects.get(scope=scope, org_id=str(org.pk))


class TestNextSequenceService:
    def test_next_sequence_increments_value(self, org, year):
        Sequence.objects.create(scope="invoice", org=org, prefix="INV-")
        numbers = [next_sequence("invoice", org=org) for _ in range(3)]
        assert numbers == [f"INV-{year}-000001", f"INV-{year}-000002", f"INV-{year}-000003"]
        assert stored("invoice", org).current_value == 3

    def test_next_sequence_returns_formatted_value(self, org, year):
        Sequence.objects.create(scope="order", org=org, prefix="ORD-", current_value=99)
        assert next_sequence("order", org=org) == f"ORD-{year}-000100"

    def test_next_sequence_creates_sequence_if_not_exists(self, org, year):
        assert next_sequence("new_scope", org=org, prefix="NEW-", pad_width=4) == f"NEW-{year}-0001"
        sequence = stored("new_scope", org)
        assert (sequence.org, sequence.prefix, sequence.pad_width) == (org, "NEW-", 4)
        assert sequence.current_value == 1

    def test_next_sequence_auto_create_disabled_raises(self, org):
        with pytest.raises(SequenceNotFoundError, match="'nonexistent'"):
            next_sequence("nonexistent", org=org, auto_create=False)
        assert not Sequence.objects.exists()

    def test_next_sequence_without_year(self, org):
        Sequence.objects.create(scope="ticket", org=org, prefix="TKT-", include_year=False)
        assert next_sequence("ticket", org=org) == "TKT-000001"

    def test_next_sequence_global_without_org(self):
        Sequence.objects.create(scope="global", prefix="GLB-", include_year=False)
        assert next_sequence("global", org=None, auto_create=False) == "GLB-000001"

    def test_next_sequence_is_atomic(self, org, year):
        """The number returned, the stored counter and its year change together, or not at all."""
        assert next_sequence("atomic", org=org, prefix="ATM-") == f"ATM-{year}-000001"
        sequence = stored("atomic", org)
        assert (sequence.current_value, sequence.year) == (1, year)
        assert rolled_back(next_sequence, "atomic", org=org) == f"ATM-{year}-000002"
        sequence.refresh_from_db()
        assert (sequence.current_value, sequence.year) == (1, year)

    def test_next_sequence_custom_pad_width_on_create(self, org):
        assert next_sequence("short", org=org, prefix="S-", pad_width=3, include_year=False) == "S-001"

    def test_next_sequence_returns_incrementing_values(self, org):
        numbers = [next_sequence("multi", org=org, prefix="M-", include_year=False) for _ in range(5)]
        assert numbers == ["M-000001", "M-000002", "M-000003", "M-000004", "M-000005"]


class TestOrgIsolation:
    def test_sequences_isolated_by_org(self, org):
        other = Organization.objects.create(name="Other")
        first = [next_sequence("invoice", org=org, include_year=False) for _ in range(2)]
        second = [next_sequence("invoice", org=other, include_year=False) for _ in range(2)]
        assert first == second == ["000001", "000002"]

    def test_global_sequence_separate_from_org_sequences(self, org):
        assert next_sequence("invoice", org=org, include_year=False) == "000001"
        assert next_sequence("invoice", include_year=False) == "000001"
        assert next_sequence("invoice", org=org, include_year=False) == "000002"

    def test_different_scopes_independent(self, org):
        scopes = ["invoice", "order", "ticket"]
        assert [next_sequence(scope, org=org, include_year=False) for scope in scopes] == ["000001"] * 3


class TestGapPolicy:
    def test_gaps_allowed_by_default(self, org):
        """A number that was issued is never issued again, even when its document was not saved."""
        Sequence.objects.create(scope="gapped", org=org, prefix="GAP-", current_value=5, include_year=False)
        number = next_sequence("gapped", org=org)
        with pytest.raises(IntegrityError), transaction.atomic():
            Document.objects.create(scope="gapped", number=None)  # the document fails to save
        assert (number, next_sequence("gapped", org=org)) == ("GAP-000006", "GAP-000007")

    def test_sequence_never_goes_backward(self, org):
        """A rolled-back call gives back only its own number: the counter never drops below a number
        that was issued by a committed transaction."""
        numbers = [next_sequence("forward", org=org, include_year=False) for _ in range(2)]
        assert numbers == ["000001", "000002"]
        rolled_back(next_sequence, "forward", org=org)
        assert stored("forward", org).current_value == 2
        assert next_sequence("forward", org=org, include_year=False) == "000003"


class TestConcurrencySafety:
    def test_service_uses_atomic_transaction(self, org):
        """Inside the caller's transaction the increment is one statement: no savepoint, no second
        round trip; it commits or rolls back with the caller's work."""
        next_sequence("atomic", org=org)
        with transaction.atomic(), CaptureQueriesContext(connection) as queries:
            next_sequence("atomic", org=org)
        assert len(queries) == 1
        assert queries[0]["sql"].startswith(
            "CALL django_sequence_next(" if connection.vendor == "postgresql" else "UPDATE "
        )

    @pytest.mark.postgresql
    @pytest.mark.django_db(transaction=True)
    def test_service_uses_select_for_update(self, org):
        """The row stays locked until the caller's transaction ends, as select_for_update() would."""
        with transaction.atomic():
            assert next_sequence("locked", org=org, include_year=False) == "000001"
            with pytest.raises(SequenceLockedError, match="'locked'"):
                in_other_connection(next_sequence, "locked", org=org, lock_timeout=0.05)
        assert in_other_connection(next_sequence, "locked", org=org, include_year=False) == "000002"

    @pytest.mark.django_db(transaction=True)
    def test_sequence_increment_is_persistent(self, org):
        """Outside a transaction the number is committed when the call returns."""
        next_sequence("persistent", org=org)
        assert in_other_connection(lambda: stored("persistent", org).current_value) == 1

    @pytest.mark.postgresql
    @pytest.mark.django_db(transaction=True)
    def test_lock_timeout_ends_with_the_call_when_transactions_are_managed_by_hand(self, org):
        """With ``set_autocommit(False)`` the caller's transaction goes on after the call: the
        lock timeout set for the allocation must not stay set for the rest of it."""
        transaction.set_autocommit(False)
        try:
            with connection.cursor() as cursor:
                cursor.execute("SHOW lock_timeout")
                before = cursor.fetchone()
                next_sequence("manual", org=org, lock_timeout=0.5)
                cursor.execute("SHOW lock_timeout")
                assert cursor.fetchone() == before
            transaction.commit()
        finally:
            transaction.set_autocommit(True)
        assert stored("manual", org).current_value == 1

    @pytest.mark.postgresql
    @pytest.mark.django_db(transaction=True)
    @pytest.mark.parametrize("state", ["new", "existing"])
    def test_callers_of_different_sequences_never_wait_for_each_other(self, org, state):
        """While a transaction holds one sequence (or the row it is creating), another scope, the
        global counter of the same scope and another tenant's are allocated at once."""
        other = Organization.objects.create(name="Other")
        keys = [("one", org), ("two", org), ("one", None), ("one", other)]
        if state == "existing":
            for scope, owner in keys:
                next_sequence(scope, owner, include_year=False)
        with transaction.atomic():
            next_sequence("one", org, include_year=False)
            others = [
                in_other_connection(next_sequence, scope, owner, lock_timeout=0.2)
                for scope, owner in keys[1:]
            ]
        expected = "000001" if state == "new" else "000002"
        assert [number[-6:] for number in others] == [expected] * 3

    @pytest.mark.postgresql
    @pytest.mark.django_db(transaction=True)
    def test_lock_timeout_while_another_transaction_creates_the_row(self, org):
        """The second first call waits for the first one's insert; ``lock_timeout`` bounds that wait
        too, with a SequenceLockedError, and the row is then the first caller's alone."""
        with transaction.atomic():
            assert next_sequence("new", org, include_year=False) == "000001"
            with pytest.raises(SequenceLockedError, match="'new'"):
                in_other_connection(next_sequence, "new", org, lock_timeout=0.05)
        assert next_sequence("new", org, include_year=False) == "000002"

    @pytest.mark.postgresql
    @pytest.mark.django_db(transaction=True)
    def test_lock_timeout_in_nested_savepoints_leaves_every_level_usable(self, org):
        """A timeout two savepoints deep rolls back its own savepoint only: what each level wrote
        before and after it is committed."""
        next_sequence("held", org=org)

        def write_around_a_timeout():
            with transaction.atomic():
                Document.objects.create(scope="outer", number=1)
                with transaction.atomic():
                    Document.objects.create(scope="inner", number=1)
                    with pytest.raises(SequenceLockedError):
                        next_sequence("held", org=org, lock_timeout=0.05)
                    Document.objects.create(scope="inner", number=2)
                Document.objects.create(scope="outer", number=2)

        with transaction.atomic():
            next_sequence("held", org=org)
            in_other_connection(write_around_a_timeout)
        assert sorted(Document.objects.values_list("scope", "number")) == [
            ("inner", 1),
            ("inner", 2),
            ("outer", 1),
            ("outer", 2),
        ]
        assert stored("held", org).current_value == 2
