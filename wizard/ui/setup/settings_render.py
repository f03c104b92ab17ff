"""`setup --settings --render-pages DIR`: each tab of the Settings dialog (and the chooser) as a
PNG, filled with demo data, without a window.

For the README and for reviews in both languages (cut-off Danish, crowded tabs show at once).
The tabs talk real HTTP to an in-process sandbox with the demo company and an "ACUBIZ EMS"
journal, started by the caller and handed in (`wizard.commands.local_sandbox`); the tokens are
the sandbox's own, handed in directly: the user's keyring and settings are neither read nor
written.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from wizard.ui.setup.render import StagedSandbox


def render_settings(folder: Path, sandbox: StagedSandbox, language: str = "en") -> list[Path]:
    """Write `settings-chooser.png` and `settings-<tab>.png` for the five tabs into `folder`;
    returns the files written."""
    from PySide6.QtCore import QEventLoop
    from PySide6.QtWidgets import QApplication

    from wizard.settings.profiles import ExportProfile
    from wizard.ui.i18n import Translations
    from wizard.ui.paths import demo_inbox_dir
    from wizard.ui.setup.settings_dialog import SettingsChooser, SettingsDialog
    from wizard.ui.setup.state import SetupContext, sandbox_connection

    app = QApplication.instance() or QApplication(sys.argv[:1])
    folder.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    translations = Translations(app)
    translations.apply(language)

    def settle(condition: Callable[[], bool] = lambda: True, timeout: float = 15.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
            if condition():
                break
            time.sleep(0.01)
        for _ in range(5):
            app.processEvents()

    def shot(widget, name: str) -> None:
        settle()
        path = folder / f"settings-{name}.png"
        widget.grab().save(str(path))
        written.append(path)

    work = Path(tempfile.mkdtemp(prefix="acubiz-render-"))
    dialog = chooser = None
    try:
        journal_number = sandbox.add_journal("ACUBIZ EMS")
        inbox = work / "Acubiz demo inbox"
        shutil.copytree(demo_inbox_dir(), inbox)
        profile = ExportProfile(
            name="2. Omkostninger",
            inbox_folder=inbox,
            journal_name="ACUBIZ EMS",
            journal_number=journal_number,
            daily_time="16:00",
            api_base_url=sandbox.base_url,
            default_contra_account=5900,
        )
        other = ExportProfile(name="1. Kørsel", inbox_folder=work / "Kørsel inbox")
        chooser = SettingsChooser([other, profile], preselect=profile.name)
        chooser.show()
        shot(chooser, "chooser")
        chooser.hide()

        context = SetupContext(
            app=sandbox_connection(
                sandbox.base_url, sandbox.app_public_token, sandbox.app_secret_token
            ),
            language=language,
            profiles=[other, profile],
            existing=profile,
            saved_grant_token=sandbox.grant_token,
            grant_token=sandbox.grant_token,
        )
        dialog = SettingsDialog(context, profile)
        dialog.show()
        settle(lambda: dialog.connection_tab.agreement is not None)
        shot(dialog, "connection")
        dialog.open_tab(SettingsDialog.JOURNAL)
        settle(lambda: dialog.journal_tab.status.kind == "ok")
        shot(dialog, "journal")
        dialog.open_tab(SettingsDialog.SCHEDULE)
        dialog.schedule_tab.time.setText("744")
        shot(dialog, "schedule")
        dialog.open_tab(SettingsDialog.FOLDERS)
        shot(dialog, "folders")
        dialog.open_tab(SettingsDialog.ACCOUNTS)
        settle(dialog.accounts_tab.loaded)
        shot(dialog, "accounts")
    finally:
        if dialog is not None:
            dialog.shutdown()
            dialog.saved = dialog.profile  # close without asking about the demo edits
            dialog.hide()
            dialog.deleteLater()
        if chooser is not None:
            chooser.deleteLater()
        translations.apply("en")  # translators are application-wide
        shutil.rmtree(work, ignore_errors=True)
    return written
