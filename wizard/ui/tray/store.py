"""The tray's own small memory, kept apart from the settings: `tray-state.json` in the data
folder, written atomically. No Qt.

- ``first_seen``: when the tray first saw each scheduled, enabled profile. It is the
  scheduler's ``not_before``, so a profile saved at 17:00 does not post at once for 16:00, and
  a restart does not forget it (and so does not lose a missed slot either).
- ``paused_until``: the pause chosen in the menu survives a restart.
- ``no_tray_hint_shown``: the "how to get a tray icon" hint is said once.
- ``acknowledged_receipts``: receipts the admin marked as dealt with (attached by hand in
  e-conomic, or not coming), per profile, so the tray stops waiting for them.

A damaged or missing file is an empty memory, never an error: the worst outcome is one slot
not caught up, which the next slot sends anyway.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import platformdirs

from wizard.settings.atomic import write_bytes_atomically
from wizard.settings.profiles import ExportProfile
from wizard.ui.tray.state import parse_moment

log = logging.getLogger("wizard.ui.tray")

FILE_NAME = "tray-state.json"
VERSION = 1


def default_state_path() -> Path:
    return platformdirs.user_data_path("acubiz-export") / FILE_NAME


class TrayStore:
    def __init__(self, path: Path | None = None) -> None:
        self.path = path or default_state_path()
        self._data = self._read()

    # -- first seen ----------------------------------------------------------------------

    def first_seen(self, profile_name: str) -> dt.datetime | None:
        return parse_moment(self._data["first_seen"].get(profile_name))

    def set_first_seen(self, profile_name: str, moment: dt.datetime) -> None:
        self._data["first_seen"][profile_name] = moment.astimezone(dt.UTC).isoformat()
        self._write()

    def note_profiles(self, profiles: Iterable[ExportProfile], now: dt.datetime) -> None:
        """Remember when each profile became one the scheduler runs; forget the others, so
        switching a profile off and on again starts its schedule afresh."""
        seen: dict[str, str] = self._data["first_seen"]
        wanted = {p.name for p in profiles if p.enabled and p.export_type == "scheduled"}
        changed = False
        for name in wanted - set(seen):
            seen[name] = now.astimezone(dt.UTC).isoformat()
            changed = True
        for name in set(seen) - wanted:
            del seen[name]
            changed = True
        if changed:
            self._write()

    # -- pause ---------------------------------------------------------------------------

    @property
    def paused_until(self) -> dt.datetime | None:
        return parse_moment(self._data.get("paused_until"))

    def set_paused_until(self, moment: dt.datetime | None) -> None:
        self._data["paused_until"] = moment.astimezone(dt.UTC).isoformat() if moment else None
        self._write()

    # -- the daily summary (off unless the admin switches it on) -------------------------

    @property
    def daily_summary(self) -> bool:
        return bool(self._data.get("daily_summary"))

    def set_daily_summary(self, on: bool) -> None:
        self._data["daily_summary"] = bool(on)
        self._write()

    # -- receipts the admin has dealt with -----------------------------------------------

    def acknowledged_receipts(self, profile_name: str) -> frozenset[str]:
        """Receipt keys (`Outstanding.receipt_keys`) the admin said are dealt with (attached
        by hand in e-conomic, or not coming): the tray no longer waits for them."""
        known = self._data.get("acknowledged_receipts")
        keys = known.get(profile_name) if isinstance(known, dict) else None
        return frozenset(k for k in keys if isinstance(k, str)) if isinstance(keys, list) \
            else frozenset()

    def acknowledge_receipts(self, profile_name: str, keys: Iterable[str]) -> None:
        known = self._data.get("acknowledged_receipts")
        if not isinstance(known, dict):
            known = self._data["acknowledged_receipts"] = {}
        known[profile_name] = sorted(self.acknowledged_receipts(profile_name) | set(keys))
        self._write()

    # -- one-time hints ------------------------------------------------------------------

    @property
    def no_tray_hint_shown(self) -> bool:
        return bool(self._data.get("no_tray_hint_shown"))

    def set_no_tray_hint_shown(self) -> None:
        self._data["no_tray_hint_shown"] = True
        self._write()

    # -- the file ------------------------------------------------------------------------

    def _read(self) -> dict[str, Any]:
        empty: dict[str, Any] = {"version": VERSION, "first_seen": {}, "paused_until": None}
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return empty
        except (OSError, ValueError) as error:
            log.warning("tray state %s unreadable (%s); starting afresh", self.path, error)
            return empty
        if not isinstance(data, dict) or not isinstance(data.get("first_seen"), dict):
            return empty
        return {**empty, **data}

    def _write(self) -> None:
        try:
            write_bytes_atomically(self.path, json.dumps(self._data, indent=2).encode("utf-8"))
        except OSError as error:  # the memory is a convenience; the tray goes on without it
            log.warning("could not save the tray state to %s: %s", self.path, error)
