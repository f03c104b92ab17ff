"""When a profile's transfer is due: pure functions of the wall clock, no timers, no Qt.

A slot is "the daily time on a calendar date in the profile's zone" (16:00 Europe/Copenhagen
means 16:00 Danish time in winter *and* summer). The tray re-asks these functions on every
coarse tick, so sleep, clock changes, DST and long timer limits need no special code there.
Catch-up rule: after the machine was off or asleep, only the *latest* missed slot runs, once;
later slots are never moved by a catch-up (Vorta's "next = last run + 1 day" moved them).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo


class Trigger(StrEnum):
    SCHEDULED = "scheduled"  # the slot's time arrived while we were running
    CATCH_UP = "catch-up"  # the slot passed while the machine was off or asleep
    MANUAL = "manual"  # "Transfer now" or `acubiz-export transfer`


@dataclass(frozen=True)
class DueRun:
    slot: datetime  # aware, in the profile's zone
    trigger: Trigger

    @property
    def slot_key(self) -> str:
        """How the ledger remembers a slot: stable across DST (local date + local time)."""
        return self.slot.strftime("%Y-%m-%dT%H:%M")


def parse_daily_time(text: str) -> time:
    """'16:00' → time(16, 0). Raises ValueError with a message a person can act on."""
    try:
        hours, minutes = text.strip().split(":")
        return time(int(hours), int(minutes))
    except ValueError:
        raise ValueError(f"'{text}' is not a time of day; write it as HH:MM, e.g. 16:00") from None


def slot_on(day: date, daily_time: time, zone: ZoneInfo) -> datetime:
    """The slot on a local calendar date. A time that does not exist that day (skipped by the
    spring DST change) becomes the same moment on the far side of the gap, e.g. 02:30 → 03:30;
    a time that occurs twice (autumn) is its first occurrence."""
    naive_local = datetime.combine(day, daily_time)
    candidate = naive_local.replace(tzinfo=zone, fold=0)
    # Round-trip through UTC so a non-existent wall time is normalised to a real instant.
    return candidate.astimezone(UTC).astimezone(zone)


def next_slot(now: datetime, daily_time: time, zone: ZoneInfo) -> datetime:
    """The first slot strictly after ``now``."""
    local_now = _aware(now).astimezone(zone)
    for offset in range(3):  # today, tomorrow, the day after (a DST gap can't skip two days)
        slot = slot_on(local_now.date() + timedelta(days=offset), daily_time, zone)
        if slot.astimezone(UTC) > local_now.astimezone(UTC):
            return slot
    raise AssertionError("unreachable: a daily slot always exists within two days")


def latest_slot(now: datetime, daily_time: time, zone: ZoneInfo) -> datetime:
    """The last slot at or before ``now``."""
    local_now = _aware(now).astimezone(zone)
    for offset in range(3):
        slot = slot_on(local_now.date() - timedelta(days=offset), daily_time, zone)
        if slot.astimezone(UTC) <= local_now.astimezone(UTC):
            return slot
    raise AssertionError("unreachable: a daily slot always exists within two days")


def due_run(
    now: datetime,
    daily_time: time,
    zone: ZoneInfo,
    *,
    scheduled: bool,
    slot_already_run: bool,
    not_before: datetime | None = None,
    paused_until: datetime | None = None,
    on_time_tolerance: timedelta = timedelta(minutes=10),
) -> DueRun | None:
    """The run the scheduler should start now, if any.

    ``slot_already_run``: whether the ledger has a run for ``latest_slot(now)``. ``not_before``:
    when the profile was set up or enabled — slots before it are never caught up (a profile
    saved at 17:00 does not post at once for 16:00). A paused profile waits; when the pause
    ends, the slot it covered is caught up once like any missed slot.
    """
    if not scheduled:
        return None
    # Compare in UTC: Python ignores the offset when both sides share one tzinfo object,
    # which is wrong inside the hour that occurs twice in autumn.
    now = _aware(now).astimezone(UTC)
    if paused_until is not None and now < _aware(paused_until).astimezone(UTC):
        return None
    slot = latest_slot(now, daily_time, zone)
    if slot_already_run or (
        not_before is not None and slot.astimezone(UTC) < _aware(not_before).astimezone(UTC)
    ):
        return None
    on_time = now - slot.astimezone(UTC) <= on_time_tolerance
    return DueRun(slot=slot, trigger=Trigger.SCHEDULED if on_time else Trigger.CATCH_UP)


def seconds_until_next_check(
    now: datetime,
    daily_time: time,
    zone: ZoneInfo,
    coarse_interval: timedelta = timedelta(minutes=5),
) -> float:
    """How long the one timer should sleep: until the next slot, but never longer than the
    coarse re-check, which notices wake-ups, clock jumps and QTimer's ~24.8-day limit."""
    slot = next_slot(now, daily_time, zone).astimezone(UTC)
    until_slot = (slot - _aware(now).astimezone(UTC)).total_seconds()
    return max(0.0, min(until_slot, coarse_interval.total_seconds()))


def _aware(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        raise ValueError("the scheduler only works with time-zone-aware datetimes")
    return moment
