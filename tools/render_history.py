"""Render History to a PNG: one transfer with sent, held and receipt lines, every row open.

For the README and for looking at what we build: a throw-away home (settings, ledger), a
sandbox in this process with account 2750 barred (two postings are held by e-conomic's
rules), the demo inbox without one receipt file (it waits) and a file with a mistyped amount
(held by the reader), run once for real; then History drawn offscreen from the ledger. Nothing
on this machine's real settings or keyring is touched.

Run: `.venv/bin/python tools/render_history.py [OUT_DIR] [en|da]` (default
docs/screenshots/en, English); writes OUT_DIR/tray-history.png.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import time
from pathlib import Path
from zoneinfo import ZoneInfo

from render_home import ROOT, run_in_throwaway_home

CPH = ZoneInfo("Europe/Copenhagen")
RAN_AT = dt.datetime(2026, 11, 25, 16, 0, 4, tzinfo=CPH)  # the run: today 16:00
SHOWN_AT = dt.datetime(2026, 11, 25, 16, 25, tzinfo=CPH)  # History is opened at 16:25
TYPO_FILE = (  # an Acubiz posting file with a mistyped amount (letter O for zero)
    "1;24-11-2026;f;7220;;1O4,00;DKK;1O4,00;DKK;Kørsel Vejle;Salg;;;;;;;;;MJ;Mette Jensen;"
    "1000012-1;;;2;;;;;;\n"
    "2;24-11-2026;f;5900;;-104,00;DKK;-104,00;DKK;Kørsel Vejle;;;;;;;;;;;;;;;;;;;;;\n"
)
NAME = "2. Omkostninger"


def main() -> int:
    return run_in_throwaway_home(render)


def render(out: Path, home: Path, language: str) -> None:
    import keyring
    from keyring_helpers import MemoryKeyring
    from PySide6.QtWidgets import QApplication, QSplitter

    from wizard.export.engine import run_transfer
    from wizard.export.ledger import Ledger
    from wizard.sandbox.seed import APP_SECRET_TOKEN, GRANT_TOKEN
    from wizard.sandbox.server import SandboxServer
    from wizard.settings.profiles import ExportProfile
    from wizard.settings.secrets import store_app_secret, store_grant_token
    from wizard.ui.i18n import use_language
    from wizard.ui.tray.history_window import HistoryWindow

    keyring.set_keyring(MemoryKeyring())
    app = QApplication.instance() or QApplication([])
    if use_language(app, language) != language:
        raise SystemExit(f"the {language} translation could not be loaded")
    sandbox = SandboxServer(port=0).start()
    try:
        sandbox.admin.create_journal(name="ACUBIZ EMS")
        sandbox.admin.bar_account(2750)
        store_app_secret(APP_SECRET_TOKEN, sandbox.base_url)
        inbox = home / "inbox"
        shutil.copytree(ROOT / "resources" / "demo" / "inbox", inbox)
        (inbox / "kvittering-frokost.png").unlink()  # its receipt waits for the file
        (inbox / "EMS_EA-20261125-161500.csv").write_text(TYPO_FILE, encoding="cp1252")
        old = time.time() - 3600
        for path in inbox.iterdir():
            os.utime(path, (old, old))
        profile = ExportProfile(
            name=NAME, inbox_folder=inbox, receipts_folder=inbox, journal_name="ACUBIZ EMS",
            department_dimension=1,
            department_map={"Administration": 1, "Salg": 2, "Udvikling": 3},
            default_contra_account=5820, api_base_url=sandbox.base_url,
        )
        store_grant_token(NAME, GRANT_TOKEN)
        with Ledger(home / "ledger.sqlite3") as ledger:
            run_transfer(profile, trigger="scheduled", slot="2026-11-25T16:00", ledger=ledger,
                         now=lambda: RAN_AT.astimezone(dt.UTC), settle_seconds=0)
            history = HistoryWindow(
                lambda name, limit: ledger.runs(name, limit), lambda: [NAME],
                clock=lambda: SHOWN_AT.astimezone(dt.UTC), profile_of=lambda _name: profile,
            )  # fmt: skip
            history.show_for(NAME)
            history.resize(1440, 900)
            history.findChild(QSplitter).setSizes([700, 150])  # every row of the run shows
            top = history.tree.topLevelItem(0)
            top.setExpanded(True)
            for i in range(top.childCount()):
                top.child(i).setExpanded(True)
            line = next(top.child(i).child(0) for i in range(top.childCount())
                        if top.child(i).childCount())
            history.tree.setCurrentItem(line)
            save(history, out / "tray-history.png")
    finally:
        sandbox.stop()


def save(widget, path: Path) -> None:
    from PySide6.QtWidgets import QApplication

    widget.show()
    for _ in range(5):
        QApplication.processEvents()
    widget.grab().save(str(path))
    widget.hide()
    print(path)


if __name__ == "__main__":
    raise SystemExit(main())
