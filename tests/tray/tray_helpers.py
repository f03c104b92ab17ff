"""Helpers for the tray tests: a clock the test moves, the demo inbox made "settled", whether
the OS keyring works here, and counting what reached e-conomic."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import time
from pathlib import Path
from zoneinfo import ZoneInfo

from economic_markers import markers_in_economic  # noqa: F401 (for the tray tests)

from wizard.sandbox.seed import APP_SECRET_TOKEN, GRANT_TOKEN

ROOT = Path(__file__).resolve().parents[2]
DEMO_INBOX = ROOT / "resources" / "demo" / "inbox"
CPH = ZoneInfo("Europe/Copenhagen")
PROFILE = "2. Omkostninger"
DEMO_MARKERS = {f"[EMS:{i}]" for i in
                ("1000001-1", "1000002-1", "1000002-2", "1000003-1", "1000004-1", "1000005-1")}
HEADERS = {"X-AppSecretToken": APP_SECRET_TOKEN, "X-AgreementGrantToken": GRANT_TOKEN}


class FakeClock:
    """Aware UTC "now" that only moves when the test says so."""

    def __init__(self, start: dt.datetime) -> None:
        self.now = start.astimezone(dt.UTC)

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, **delta: float) -> dt.datetime:
        self.now += dt.timedelta(**delta)
        return self.now

    def set(self, moment: dt.datetime) -> None:
        self.now = moment.astimezone(dt.UTC)


class ShiftedClock:
    """The real clock, shifted so that "now" starts at `start`: real timers fire on it."""

    def __init__(self, start: dt.datetime) -> None:
        self._start = start.astimezone(dt.UTC)
        self._t0 = time.monotonic()

    def __call__(self) -> dt.datetime:
        return self._start + dt.timedelta(seconds=time.monotonic() - self._t0)


def cph(year, month, day, hour=0, minute=0, second=0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, second, tzinfo=CPH)


def copy_demo_inbox(folder: Path) -> Path:
    shutil.copytree(DEMO_INBOX, folder)
    settle(folder)
    return folder


def settle(folder: Path) -> None:
    """Make the files look written an hour ago: the engine waits for files to settle."""
    old = time.time() - 3600
    for path in folder.iterdir():
        if path.is_file():
            os.utime(path, (old, old))


def read_json(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))
