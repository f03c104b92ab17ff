"""Render the tray's menu, a profile's sub-menu, History and the status window to PNGs.

For the README and for looking at what we build: a throw-away home (settings, ledger, log), a
sandbox in this process, two exports run for real against it (one sends the demo inbox, one
has a malformed file that is rejected), then the tray's views drawn offscreen from that state.
Nothing on this machine's real settings or keyring is touched.

Run: `.venv/bin/python tools/render_tray.py [OUT_DIR] [en|da]` (default docs/screenshots/en,
English).
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sys
import time
from pathlib import Path
from zoneinfo import ZoneInfo

from render_home import ROOT, run_in_throwaway_home

CPH = ZoneInfo("Europe/Copenhagen")
RAN_AT = dt.datetime(2026, 11, 25, 16, 0, 4, tzinfo=CPH)  # the run: today 16:00
SHOWN_AT = dt.datetime(2026, 11, 25, 16, 25, tzinfo=CPH)  # the menu is opened at 16:25
BAD_FILE = (  # an Acubiz posting file with an impossible date and a mistyped amount
    "1;31-11-2026;f;7220;;312,00;DKK;312,00;DKK;Kørsel Aarhus t/r;Salg;;;;;;;;;PH;Peter Høj;"
    "1000011-1;;;1;;;;;;\n"
    "2;31-11-2026;f;5900;;-312,00;DKK;-312,00;DKK;Kørsel Aarhus t/r;;;;;;;;;;;;;;;;;;;;;\n"
    "3;24-11-2026;f;7220;;1O4,00;DKK;1O4,00;DKK;Kørsel Vejle;Salg;;;;;;;;;MJ;Mette Jensen;"
    "1000012-1;;;2;;;;;;\n"
    "4;24-11-2026;f;5900;;-104,00;DKK;-104,00;DKK;Kørsel Vejle;;;;;;;;;;;;;;;;;;;;;\n"
)

def main() -> int:
    return run_in_throwaway_home(render)


def render(out: Path, home: Path, language: str) -> None:
    import keyring
    from keyring_helpers import MemoryKeyring
    from PySide6.QtWidgets import QApplication, QMenu

    from wizard.export.engine import run_transfer
    from wizard.sandbox.seed import APP_SECRET_TOKEN, GRANT_TOKEN
    from wizard.sandbox.server import SandboxServer
    from wizard.settings.profiles import ExportProfile
    from wizard.settings.secrets import store_app_secret, store_grant_token
    from wizard.settings.store import upsert_profile
    from wizard.ui.tray.app import TrayApp
    from wizard.ui.tray.state import Connection, ConnectionState

    keyring.set_keyring(MemoryKeyring())
    app = QApplication.instance() or QApplication([])
    app.setQuitOnLastWindowClosed(False)
    from wizard.ui.i18n import use_language

    if use_language(app, language) != language:
        raise SystemExit(f"the {language} translation could not be loaded")
    sandbox = SandboxServer(port=0).start()
    try:
        sandbox.admin.create_journal(name="ACUBIZ EMS")
        store_app_secret(APP_SECRET_TOKEN, sandbox.base_url)
        profiles = []
        for name, files in (("2. Omkostninger", None), ("1. Kørsel", BAD_FILE)):
            inbox = home / "inboxes" / name
            if files is None:
                shutil.copytree(ROOT / "resources" / "demo" / "inbox", inbox)
            else:
                inbox.mkdir(parents=True)
                (inbox / "EMS_EA-20261125-161500.csv").write_text(files, encoding="cp1252")
            old = time.time() - 3600
            for path in inbox.iterdir():
                os.utime(path, (old, old))
            profile = ExportProfile(
                name=name, inbox_folder=inbox, receipts_folder=inbox, journal_name="ACUBIZ EMS",
                department_dimension=1,
                department_map={"Administration": 1, "Salg": 2, "Udvikling": 3},
                default_contra_account=5820, api_base_url=sandbox.base_url,
            )
            upsert_profile(profile)
            store_grant_token(name, GRANT_TOKEN)
            profiles.append(profile)
        for profile in profiles:
            run_transfer(profile, trigger="scheduled", slot="2026-11-25T16:00",
                         now=lambda: RAN_AT.astimezone(dt.UTC), settle_seconds=0)

        tray = TrayApp(
            clock=lambda: SHOWN_AT.astimezone(dt.UTC), display_zone=CPH, use_tray=False,
            start_delay_s=3600, worker=lambda arguments: [sys.executable, "-c", "pass"],
            launch=lambda command: None, quit_application=lambda: None,
        )  # fmt: skip
        tray.start()
        for profile in profiles:
            tray.connections[profile.name] = Connection(
                ConnectionState.CONNECTED, company="Demo Regnskab ApS",
                agreement_number=1234567, checked_at=SHOWN_AT)
        tray.refresh()

        menu = QMenu()
        tray.fill_menu(menu)
        save(menu, out / "tray-menu.png")
        sub = next(a.menu() for a in menu.actions() if a.menu() and "Kørsel" in a.text())
        sub.adjustSize()
        save(sub, out / "tray-menu-profile.png")
        save(tray.window, out / "tray-status-window.png")

        tray.show_history("1. Kørsel")
        history = tray.history
        history.resize(900, 460)
        top = history.tree.topLevelItem(0)
        top.setExpanded(True)
        for i in range(top.childCount()):
            top.child(i).setExpanded(True)
        save(history, out / "tray-history.png")

        tray.shutdown()
        tray.ledger.close()
    finally:
        sandbox.stop()


def save(widget, path: Path) -> None:
    from PySide6.QtWidgets import QApplication

    widget.adjustSize() if widget.__class__.__name__ == "QMenu" else None
    widget.show()
    for _ in range(5):
        QApplication.processEvents()
    widget.grab().save(str(path))
    widget.hide()
    print(path)


if __name__ == "__main__":
    raise SystemExit(main())
