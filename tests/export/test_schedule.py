"""The daily 16:00 transfer, over a fake clock: DST days, missed days, sleep, pause."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from wizard.export.schedule import (
    Trigger,
    due_run,
    latest_slot,
    next_slot,
    parse_daily_time,
    seconds_until_next_check,
    slot_on,
)

CPH = ZoneInfo("Europe/Copenhagen")
FOUR_PM = time(16, 0)


def cph(*args: int) -> datetime:
    return datetime(*args, tzinfo=CPH)


def test_sixteen_cet_means_danish_local_time_in_summer_too():
    winter = slot_on(datetime(2026, 1, 15).date(), FOUR_PM, CPH)
    summer = slot_on(datetime(2026, 7, 15).date(), FOUR_PM, CPH)
    assert winter.astimezone(UTC).hour == 15
    assert summer.astimezone(UTC).hour == 14


@pytest.mark.parametrize("change_day", [(2026, 3, 29), (2026, 10, 25)])
def test_next_slot_across_the_dst_change_is_16_local(change_day):
    before = cph(*change_day) - timedelta(hours=12)  # noon the day before
    first = next_slot(before, FOUR_PM, CPH)
    second = next_slot(first, FOUR_PM, CPH)
    assert (first.hour, first.minute) == (16, 0)
    assert (second.hour, second.minute) == (16, 0)
    assert second.date() == datetime(*change_day).date()
    # the real interval is 23 or 25 hours on those days, not a naive 24
    real_interval = second.astimezone(UTC) - first.astimezone(UTC)
    assert real_interval in (timedelta(hours=23), timedelta(hours=25))


def test_a_time_inside_the_spring_gap_runs_just_after_it():
    slot = slot_on(datetime(2026, 3, 29).date(), time(2, 30), CPH)
    assert (slot.hour, slot.minute) == (3, 30)


def test_a_time_that_occurs_twice_runs_once_at_its_first_occurrence():
    slot = slot_on(datetime(2026, 10, 25).date(), time(2, 30), CPH)
    assert slot.utcoffset() == timedelta(hours=2)


def test_on_time_run_is_scheduled():
    run = due_run(cph(2026, 11, 24, 16, 0, 5), FOUR_PM, CPH, scheduled=True,
                  slot_already_run=False)
    assert run is not None and run.trigger is Trigger.SCHEDULED
    assert run.slot_key == "2026-11-24T16:00"


def test_before_the_slot_nothing_is_due_yet_and_yesterday_was_done():
    assert due_run(cph(2026, 11, 24, 15, 59), FOUR_PM, CPH, scheduled=True,
                   slot_already_run=True) is None


def test_a_week_switched_off_catches_up_once_for_the_latest_slot():
    now = cph(2026, 11, 30, 8, 30)  # Monday morning after a week off
    run = due_run(now, FOUR_PM, CPH, scheduled=True, slot_already_run=False)
    assert run is not None
    assert run.trigger is Trigger.CATCH_UP
    assert run.slot == cph(2026, 11, 29, 16, 0)
    # once recorded, the same slot is not run again, and today's 16:00 is untouched
    assert due_run(now, FOUR_PM, CPH, scheduled=True, slot_already_run=True) is None
    assert next_slot(now, FOUR_PM, CPH) == cph(2026, 11, 30, 16, 0)


def test_sleep_across_sixteen_runs_at_wake():
    wake = cph(2026, 11, 24, 18, 45)
    run = due_run(wake, FOUR_PM, CPH, scheduled=True, slot_already_run=False)
    assert run.trigger is Trigger.CATCH_UP and run.slot == cph(2026, 11, 24, 16, 0)


def test_manual_profiles_never_run_by_themselves():
    assert due_run(cph(2026, 11, 24, 16, 0), FOUR_PM, CPH, scheduled=False,
                   slot_already_run=False) is None


def test_a_profile_set_up_after_the_slot_waits_for_the_next_one():
    created = cph(2026, 11, 24, 17, 0)
    assert due_run(cph(2026, 11, 24, 17, 5), FOUR_PM, CPH, scheduled=True,
                   slot_already_run=False, not_before=created) is None


def test_paused_profiles_wait_and_catch_up_once_when_the_pause_ends():
    pause_end = cph(2026, 11, 24, 17, 0)
    assert due_run(cph(2026, 11, 24, 16, 0), FOUR_PM, CPH, scheduled=True,
                   slot_already_run=False, paused_until=pause_end) is None
    run = due_run(cph(2026, 11, 24, 17, 1), FOUR_PM, CPH, scheduled=True,
                  slot_already_run=False, paused_until=pause_end)
    assert run.trigger is Trigger.CATCH_UP


def test_other_time_zones_are_honoured():
    tokyo = ZoneInfo("Asia/Tokyo")
    slot = next_slot(datetime(2026, 11, 24, 0, 0, tzinfo=UTC), FOUR_PM, tokyo)
    assert slot.astimezone(UTC) == datetime(2026, 11, 24, 7, 0, tzinfo=UTC)


def test_the_timer_never_sleeps_past_the_coarse_recheck():
    now = cph(2026, 11, 24, 9, 0)
    assert seconds_until_next_check(now, FOUR_PM, CPH) == 300
    assert seconds_until_next_check(cph(2026, 11, 24, 15, 59), FOUR_PM, CPH) == 60


def test_latest_slot_is_at_or_before_now():
    assert latest_slot(cph(2026, 11, 24, 16, 0), FOUR_PM, CPH) == cph(2026, 11, 24, 16, 0)
    assert latest_slot(cph(2026, 11, 24, 15, 0), FOUR_PM, CPH) == cph(2026, 11, 23, 16, 0)


def test_naive_datetimes_are_refused():
    with pytest.raises(ValueError):
        next_slot(datetime(2026, 11, 24, 12, 0), FOUR_PM, CPH)


@pytest.mark.parametrize("text", ["16", "25:00", "sixteen", "16:60"])
def test_bad_daily_times_say_how_to_write_them(text):
    with pytest.raises(ValueError, match="HH:MM"):
        parse_daily_time(text)
