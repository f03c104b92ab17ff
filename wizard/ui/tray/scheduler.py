"""The one timer that drives `wizard.export.schedule`: no scheduling rules of its own.

On every tick it asks `due_run` for each profile what is due *now*, emits `due` for each run
that is, and re-arms one single-shot timer for `seconds_until_next_check` (at most the coarse
interval, 5 minutes). Because every tick starts from the wall clock, sleep, clock changes, DST
and QTimer's ~24.8-day limit need no code here. The clock is a parameter so tests move time.

It does not remember what it emitted: the runner keeps one queued run per profile, and the
ledger records a slot when its run starts, so the next tick no longer finds it due. A run that
could not start (another transfer held the lock) is therefore simply due again next tick.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from PySide6.QtCore import QObject, Qt, QTimer, Signal

from wizard.export.schedule import (
    DueRun,
    Trigger,
    due_run,
    latest_slot,
    parse_daily_time,
    seconds_until_next_check,
)
from wizard.settings.profiles import ExportProfile

log = logging.getLogger("wizard.ui.tray")

Clock = Callable[[], dt.datetime]
COARSE_INTERVAL = dt.timedelta(minutes=5)
# Fire a moment after the slot, so a timer that wakes a little early still finds it due.
SLOT_MARGIN_S = 1.0
MIN_INTERVAL_S = 1.0


@dataclass(frozen=True)
class ScheduledRun:
    profile: str
    trigger: Trigger
    slot_key: str


class TransferScheduler(QObject):
    """Emits `due(ScheduledRun)` when a profile's slot has come (or was missed)."""

    due = Signal(object)
    ticked = Signal()  # after every tick: a chance to refresh "Next: …" and pick up CLI runs

    def __init__(
        self,
        *,
        clock: Clock,
        profiles: Callable[[], Iterable[ExportProfile]],
        slot_was_run: Callable[[str, str], bool],
        not_before: Callable[[str], dt.datetime | None],
        paused_until: Callable[[], dt.datetime | None],
        coarse_interval: dt.timedelta = COARSE_INTERVAL,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._clock = clock
        self._profiles = profiles
        self._slot_was_run = slot_was_run
        self._not_before = not_before
        self._paused_until = paused_until
        self._coarse = coarse_interval
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.timeout.connect(self.tick)
        self._broken: set[str] = set()  # profiles whose time/zone we already logged as bad

    @property
    def active(self) -> bool:
        return self._timer.isActive()

    @property
    def interval_s(self) -> float:
        """How long the armed timer sleeps (for tests and the log)."""
        return self._timer.interval() / 1000.0

    def start(self, delay_s: float = 0.0) -> None:
        """First tick after `delay_s` (a short grace after login lets the network come up
        before a catch-up run), then on its own."""
        self._arm(delay_s)

    def stop(self) -> None:
        self._timer.stop()

    def tick(self) -> None:
        """Emit what is due now and re-arm. Safe to call any time (settings changed, wake)."""
        now = self._clock()
        waits: list[float] = []
        paused_until = self._paused_until()
        for profile in list(self._profiles()):
            when = self._when(profile)
            if when is None:
                continue
            daily_time, zone = when
            scheduled = profile.enabled and profile.export_type == "scheduled"
            latest = DueRun(latest_slot(now, daily_time, zone), Trigger.SCHEDULED)
            due = due_run(
                now, daily_time, zone,
                scheduled=scheduled,
                slot_already_run=scheduled and self._slot_was_run(profile.name, latest.slot_key),
                not_before=self._not_before(profile.name),
                paused_until=paused_until,
            )  # fmt: skip
            if due is not None:
                log.info("%s: %s run due for %s", profile.name, due.trigger, due.slot_key)
                self.due.emit(ScheduledRun(profile.name, due.trigger, due.slot_key))
            if scheduled:
                waits.append(seconds_until_next_check(now, daily_time, zone, self._coarse))
        wait = min(waits, default=self._coarse.total_seconds())
        if paused_until is not None and paused_until > now:
            wait = min(wait, (paused_until - now).total_seconds())
        self._arm(wait + SLOT_MARGIN_S if wait < self._coarse.total_seconds() else wait)
        self.ticked.emit()

    def _arm(self, seconds: float) -> None:
        seconds = max(MIN_INTERVAL_S if seconds > 0 else 0.0, seconds)
        self._timer.start(int(seconds * 1000))

    def _when(self, profile: ExportProfile) -> tuple[dt.time, ZoneInfo] | None:
        try:
            result = parse_daily_time(profile.daily_time), ZoneInfo(profile.time_zone)
        except (ValueError, KeyError, OSError) as error:
            if profile.name not in self._broken:
                log.warning("%s: cannot schedule (%s)", profile.name, error)
                self._broken.add(profile.name)
            return None
        self._broken.discard(profile.name)
        return result


def interrupted_slot(last_record: object | None) -> tuple[Trigger, str] | None:
    """The slot of a scheduled run that never finished (the tray was killed or the machine
    lost power mid-run), so the tray can run it once more at start: the ledger reconciles
    whatever was on its way, and the files still in the inbox go now instead of tomorrow.
    `last_record` is the profile's newest ledger `RunRecord`."""
    if last_record is None or getattr(last_record, "finished_at", None) is not None:
        return None
    slot = getattr(last_record, "slot", None)
    trigger = getattr(last_record, "trigger", None)
    if not slot or trigger not in (Trigger.SCHEDULED, Trigger.CATCH_UP):
        return None
    return Trigger.CATCH_UP, slot
