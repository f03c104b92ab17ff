"""The scheduler's one timer: a due run at the slot, a missed slot caught up once, manual
exports never, pauses respected — with a clock the test moves (no waiting for 16:00)."""

from __future__ import annotations

from pathlib import Path

import pytest
from tray_helpers import FakeClock, ShiftedClock, cph

from wizard.export.schedule import Trigger
from wizard.settings.profiles import ExportProfile
from wizard.ui.tray.scheduler import ScheduledRun, TransferScheduler, interrupted_slot


class World:
    """The scheduler's inputs: profiles, the ledger's slots, first-seen times, the pause."""

    def __init__(self, clock, *profiles):
        self.clock = clock
        self.profiles = list(profiles)
        self.run_slots: set[tuple[str, str]] = set()
        self.first_seen = {p.name: clock() for p in profiles}
        self.paused_until = None
        self.due: list[ScheduledRun] = []

    def scheduler(self, **options):
        scheduler = TransferScheduler(
            clock=self.clock, profiles=lambda: self.profiles,
            slot_was_run=lambda name, slot: (name, slot) in self.run_slots,
            not_before=self.first_seen.get, paused_until=lambda: self.paused_until, **options,
        )
        scheduler.due.connect(self.record)
        return scheduler

    def record(self, due):
        self.due.append(due)
        self.run_slots.add((due.profile, due.slot_key))  # the run starts: the ledger has it


def profile(name="2. Omkostninger", **fields):
    return ExportProfile(name=name, inbox_folder=Path("/tmp/inbox"), **fields)


@pytest.fixture
def clock():
    return FakeClock(cph(2026, 11, 25, 15, 59))


def test_the_slot_fires_once_at_its_time(qtbot, clock):
    world = World(clock, profile())
    scheduler = world.scheduler()
    scheduler.tick()
    assert world.due == []
    assert 60 <= scheduler.interval_s <= 62  # armed for 16:00, not for the coarse 5 minutes
    clock.advance(seconds=61)
    scheduler.tick()
    assert world.due == [ScheduledRun("2. Omkostninger", Trigger.SCHEDULED, "2026-11-25T16:00")]
    assert scheduler.interval_s == 300  # back to the coarse re-check
    clock.advance(minutes=5)
    scheduler.tick()
    assert len(world.due) == 1


def test_the_real_timer_fires_at_the_slot_without_help(qtbot):
    clock = ShiftedClock(cph(2026, 11, 25, 15, 59, 59))
    world = World(clock, profile())
    scheduler = world.scheduler()
    scheduler.start()
    qtbot.waitUntil(lambda: len(world.due) == 1, timeout=6000)
    assert world.due[0].slot_key == "2026-11-25T16:00"
    scheduler.stop()


def test_a_slot_missed_while_asleep_is_caught_up_once(qtbot, clock):
    world = World(clock, profile())
    scheduler = world.scheduler()
    scheduler.tick()
    clock.advance(hours=3)  # the laptop slept through 16:00
    scheduler.tick()
    assert world.due == [ScheduledRun("2. Omkostninger", Trigger.CATCH_UP, "2026-11-25T16:00")]
    clock.advance(minutes=5)
    scheduler.tick()
    clock.advance(days=2)  # slept two more days: only the latest slot runs, once
    scheduler.tick()
    scheduler.tick()
    assert [d.slot_key for d in world.due] == ["2026-11-25T16:00", "2026-11-27T16:00"]


def test_a_profile_saved_after_its_time_waits_for_tomorrow(qtbot):
    clock = FakeClock(cph(2026, 11, 25, 17, 0))
    world = World(clock, profile())
    scheduler = world.scheduler()
    scheduler.tick()
    assert world.due == []
    clock.set(cph(2026, 11, 26, 16, 0, 30))
    scheduler.tick()
    assert [d.slot_key for d in world.due] == ["2026-11-26T16:00"]


def test_manual_and_switched_off_profiles_never_run_by_themselves(qtbot, clock):
    world = World(clock, profile("manual", export_type="manual"), profile("off", enabled=False))
    scheduler = world.scheduler()
    for _ in range(4):
        scheduler.tick()
        clock.advance(hours=12)
    assert world.due == []
    assert scheduler.interval_s == 300


def test_a_pause_skips_the_slot_and_catches_it_up_when_it_ends(qtbot, clock):
    world = World(clock, profile())
    world.paused_until = cph(2026, 11, 25, 17, 0)
    scheduler = world.scheduler()
    clock.advance(minutes=2)
    scheduler.tick()
    assert world.due == []
    clock.set(cph(2026, 11, 25, 17, 0, 1))
    scheduler.tick()
    assert world.due == [ScheduledRun("2. Omkostninger", Trigger.CATCH_UP, "2026-11-25T16:00")]


def test_a_broken_time_is_skipped_without_stopping_the_others(qtbot, clock):
    world = World(clock, profile("bad", time_zone="Mars/Olympus"), profile())
    scheduler = world.scheduler()
    clock.advance(minutes=2)
    scheduler.tick()
    assert [d.profile for d in world.due] == ["2. Omkostninger"]


def test_a_run_that_never_finished_is_run_again_once(qtbot):
    class Record:
        finished_at = None
        slot = "2026-11-25T16:00"
        trigger = "scheduled"

    assert interrupted_slot(Record()) == (Trigger.CATCH_UP, "2026-11-25T16:00")
    Record.finished_at = "2026-11-25T15:00:09+00:00"
    assert interrupted_slot(Record()) is None
    Record.finished_at, Record.trigger = None, "manual"
    assert interrupted_slot(Record()) is None
    assert interrupted_slot(None) is None
