"""The year in a number: TIME_ZONE's calendar, read once per call, and the optional yearly reset."""

import datetime as dt
import itertools
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import override_settings
from django.utils import timezone

from django_sequence import Sequence, SequenceOverflowError, next_sequence, next_sequences
from django_sequence.models import MAX_VALUE

pytestmark = pytest.mark.django_db

UTC = ZoneInfo("UTC")


def at(*args, tz=UTC):
    return time_machine.travel(dt.datetime(*args, tzinfo=tz), tick=False)


@pytest.mark.parametrize(
    ("time_zone", "utc_moment", "year"),
    [
        ("Pacific/Auckland", (2026, 12, 31, 11, 30), 2027),  # already 00:30 on 1 January there
        ("America/New_York", (2027, 1, 1, 3, 0), 2026),  # still 22:00 on 31 December there
    ],
)
def test_year_comes_from_time_zone_not_utc(time_zone, utc_moment, year):
    with override_settings(TIME_ZONE=time_zone), at(*utc_moment):
        assert next_sequence("invoice", prefix="INV-") == f"INV-{year}-000001"
        assert Sequence.objects.get().formatted_value == f"INV-{year}-000001"


@pytest.mark.parametrize(
    ("time_zone", "utc_moment", "year"),
    [("Pacific/Auckland", (2026, 12, 31, 11, 30), 2027), ("America/New_York", (2027, 1, 1, 3, 0), 2026)],
)
def test_without_use_tz_the_year_is_still_time_zones(time_zone, utc_moment, year):
    """With USE_TZ = False, Django's clock is the process's local time, which Django sets to
    TIME_ZONE. (The clock is moved by timestamp: a moment with a time zone would make
    time-machine set the process's time zone to it.)"""
    moment = dt.datetime(*utc_moment, tzinfo=UTC).timestamp()
    with override_settings(USE_TZ=False, TIME_ZONE=time_zone), time_machine.travel(moment, tick=False):
        assert next_sequence("invoice", prefix="INV-") == f"INV-{year}-000001"


def test_active_time_zone_does_not_change_the_year():
    """A user's time zone, activated for a request, must not decide a document's year."""
    with override_settings(TIME_ZONE="UTC"), at(2026, 12, 31, 12, 0), timezone.override("Pacific/Kiritimati"):
        assert timezone.localdate().year == 2027
        assert next_sequence("invoice", prefix="INV-") == "INV-2026-000001"


def test_number_keeps_the_year_it_was_allocated_in_across_midnight():
    """If the clock passes midnight on New Year's Eve during the call, the number still carries
    the year it was allocated under, and the yearly reset decided by that same reading."""
    Sequence.objects.create(scope="invoice", prefix="INV-", current_value=41, reset_yearly=True, year=2026)
    before = dt.datetime(2026, 12, 31, 23, 59, 59, 999999, tzinfo=UTC)
    after = dt.datetime(2027, 1, 1, tzinfo=UTC)
    clock = itertools.chain([before], itertools.repeat(after))
    with override_settings(TIME_ZONE="UTC"):
        with mock.patch("django.utils.timezone.now", side_effect=clock):
            assert next_sequence("invoice") == "INV-2026-000042"
        assert Sequence.objects.values_list("current_value", "year").get() == (42, 2026)
        with at(2027, 1, 1, 0, 0, 1):
            assert next_sequence("invoice") == "INV-2027-000001"


class TestYearlyReset:
    def test_reset_yearly_starts_again_with_the_first_number_of_the_year(self, org):
        numbers = []
        for year in (2026, 2026, 2027, 2027, 2029):
            with at(year, 6, 1):
                numbers.append(next_sequence("invoice", org=org, reset_yearly=True))
        assert numbers == ["2026-000001", "2026-000002", "2027-000001", "2027-000002", "2029-000001"]
        assert Sequence.objects.values_list("year", flat=True).get() == 2029

    def test_reset_yearly_is_off_by_default(self):
        numbers = []
        for year in (2026, 2027):
            with at(year, 6, 1):
                numbers.append(next_sequence("invoice", prefix="INV-"))
        assert numbers == ["INV-2026-000001", "INV-2027-000002"]
        assert Sequence.objects.get().reset_yearly is False

    def test_reset_yearly_keeps_a_preconfigured_starting_value(self):
        Sequence.objects.create(scope="invoice", prefix="INV-", current_value=1000, reset_yearly=True)
        with at(2026, 6, 1):
            assert next_sequence("invoice") == "INV-2026-001001"
        with at(2027, 6, 1):
            assert next_sequence("invoice") == "INV-2027-000001"

    def test_a_full_counter_starts_again_in_a_new_year(self, org):
        """The reset starts again at the count, so a counter at 2**63 - 1 has room for it."""
        Sequence.objects.create(scope="invoice", current_value=MAX_VALUE, reset_yearly=True, year=2026)
        Sequence.objects.create(
            scope="invoice", org=org, current_value=MAX_VALUE - 1, reset_yearly=True, year=2026
        )
        with at(2026, 6, 1):
            with pytest.raises(SequenceOverflowError):
                next_sequence("invoice")
            with pytest.raises(SequenceOverflowError):
                next_sequences("invoice", 2, org=org)
        with at(2027, 6, 1):
            assert next_sequence("invoice") == "2027-000001"
            assert next_sequences("invoice", 2, org=org) == ["2027-000001", "2027-000002"]


class TestYearNeverGoesBackwards:
    """Clocks disagree: app servers a fraction of a second apart, or with different TIME_ZONEs.
    The row's year only moves forward, and the number carries the row's year."""

    def test_a_late_clock_after_new_year_does_not_issue_a_number_twice(self):
        moments = [(2027, 1, 1, 0, 0, 0, 200000), (2026, 12, 31, 23, 59, 59, 900000), (2027, 1, 1, 0, 0, 1)]
        numbers = []
        with override_settings(TIME_ZONE="UTC"):
            for moment in moments:
                with at(*moment):
                    numbers.append(next_sequence("invoice", prefix="INV-", reset_yearly=True))
        assert numbers == ["INV-2027-000001", "INV-2027-000002", "INV-2027-000003"]
        assert Sequence.objects.values_list("current_value", "year").get() == (3, 2027)

    def test_servers_in_different_time_zones_share_the_later_year(self):
        """At 12:00 UTC on 31 December it is already 2027 in Auckland and still 2026 in UTC."""
        numbers = []
        with at(2026, 12, 31, 12, 0):
            for time_zone in ("Pacific/Auckland", "UTC", "Pacific/Auckland"):
                with override_settings(TIME_ZONE=time_zone):
                    numbers.append(next_sequence("invoice", prefix="INV-", reset_yearly=True))
        assert numbers == ["INV-2027-000001", "INV-2027-000002", "INV-2027-000003"]

    def test_without_reset_the_year_in_the_number_does_not_go_back_either(self):
        with override_settings(TIME_ZONE="UTC"):
            with at(2027, 1, 1, 0, 0, 1):
                assert next_sequence("invoice", prefix="INV-") == "INV-2027-000001"
            with at(2026, 12, 31, 23, 59, 59):
                assert next_sequence("invoice", prefix="INV-") == "INV-2027-000002"


def test_a_row_written_without_validation_never_resets_without_the_year():
    """reset_yearly without include_year is refused by next_sequence, the model and the admin; a
    row written by the ORM without validation still never restarts (its numbers would repeat)."""
    Sequence.objects.create(scope="ticket", include_year=False, reset_yearly=True, current_value=5, year=2026)
    with at(2027, 6, 1):
        assert next_sequence("ticket") == "000006"
    assert Sequence.objects.values_list("current_value", "year").get() == (6, 2027)


def test_a_full_counter_without_the_year_stays_full_in_a_new_year():
    Sequence.objects.create(
        scope="ticket", include_year=False, reset_yearly=True, current_value=MAX_VALUE, year=2026
    )
    with at(2027, 6, 1), pytest.raises(SequenceOverflowError):
        next_sequence("ticket")
    assert Sequence.objects.values_list("current_value", "year").get() == (MAX_VALUE, 2026)
