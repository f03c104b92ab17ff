"""`setup --render-pages DIR`: every page as a PNG, filled with demo data, without a window.

For the README and for reviews (clipped text, missing translations, cramped layouts show up
at once). The pages talk real HTTP to an in-process sandbox with the demo company, an
"ACUBIZ EMS" journal and the demo inbox; nothing is saved and the user's settings are not read.
The caller starts that sandbox and hands it in (`wizard.commands.local_sandbox`): the UI does
not reach into the sandbox itself.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Protocol

SIMPLE_DEMO = """id,report,date,text,amount,category,receipt
r1-1,R1,2026-11-20,Taxa til kunde,212.00,Taxi,
r1-2,R1,2026-11-20,Frokost med kunde,385.50,Repræsentation,
r2-1,R2,2026-11-21,Hotel Aarhus,1245.00,Hotel,
"""
BROKEN_DEMO = """id,report,date,text,amount,account,contra_account
b-1,B1,2026-02-31,Taxa,100.00,3640,5900
b-2,B1,2026-02-20,Parkering,abc,3780,5900
"""


class StagedSandbox(Protocol):
    """What the renderers need of the sandbox they are shown against."""

    base_url: str
    app_public_token: str
    app_secret_token: str
    grant_token: str  # a working grant of the demo company

    def add_journal(self, name: str) -> int: ...

    def revoked_grant_token(self) -> str: ...


def render_pages(folder: Path, sandbox: StagedSandbox, language: str = "en") -> list[Path]:
    """Write `01-welcome.png` … `08-done.png` (and a few other states, `03b-…`) into
    `folder`; returns the files written. Nothing is saved: Finish is played by setting what
    it would have saved, so the Done page shows without touching the keyring or settings."""
    from PySide6.QtCore import QEventLoop
    from PySide6.QtWidgets import QApplication

    from wizard.settings.profiles import ExportProfile
    from wizard.ui.i18n import Translations
    from wizard.ui.paths import demo_inbox_dir
    from wizard.ui.setup.save import SetupResult
    from wizard.ui.setup.state import SetupContext, sandbox_connection
    from wizard.ui.setup.wizard import SetupWizard

    app = QApplication.instance() or QApplication(sys.argv[:1])
    folder.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []

    def settle(condition: Callable[[], bool] = lambda: True, timeout: float = 15.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
            if condition() and not wizard.tasks.busy():
                break
            time.sleep(0.01)
        for _ in range(5):
            app.processEvents()

    def shot(name: str) -> None:
        settle()
        path = folder / f"{name}.png"
        wizard.grab().save(str(path))
        written.append(path)

    work = Path(tempfile.mkdtemp(prefix="acubiz-render-"))
    wizard = None
    try:
        sandbox.add_journal("ACUBIZ EMS")
        inbox = work / "Acubiz demo inbox"
        shutil.copytree(demo_inbox_dir(), inbox)
        simple_inbox = work / "Simple inbox"
        simple_inbox.mkdir()
        (simple_inbox / "expenses.csv").write_text(SIMPLE_DEMO, encoding="utf-8")
        connection = sandbox_connection(
            sandbox.base_url, sandbox.app_public_token, sandbox.app_secret_token
        )
        connection.preset = False  # show the e-conomic app page too
        context = SetupContext(
            app=connection,
            language=language,
            profiles=[ExportProfile(name="1. Kørsel", inbox_folder=work / "Kørsel inbox")],
            inbox_default=inbox,
        )
        translations = Translations(app)
        wizard = SetupWizard(context, translations)
        wizard.show()
        shot("01-welcome")
        wizard.next()
        shot("02-app")
        wizard.next()
        connect = wizard.connect_page
        revoked = sandbox.revoked_grant_token()
        connect.token.setText(f"http://127.0.0.1:9/callback?token={revoked}")
        connect.verify()
        settle(lambda: connect.error.is_shown())
        connect.error.toggle.setChecked(True)
        shot("03b-connect-revoked")
        connect.token.setText("this is not a token")
        shot("03c-connect-garbage")
        connect.token.setText(sandbox.grant_token)
        connect.verify()
        settle(connect.isComplete)
        shot("03-connect")
        wizard.next()
        journal = wizard.journal_page
        settle(journal.isComplete)
        journal.name.setText("ACUBIZ EXPORT")
        journal.check()
        settle(lambda: journal._result is not None)
        shot("04b-journal-missing")
        journal.name.setText("Kassekladde")
        journal.check()
        settle(journal.isComplete)
        shot("04c-journal-main")
        journal.name.setText("ACUBIZ EMS")
        journal.check()
        settle(journal.isComplete)
        shot("04-journal")
        wizard.next()
        shot("05-profile")
        profile_page = wizard.profile_page
        profile_page.inbox.set_path(work / "Not there yet")
        shot("05b-profile-next-greyed")
        profile_page.inbox.set_path(inbox)
        wizard.next()
        settle(wizard.accounts_page.isComplete)
        shot("06-departments")
        wizard.next()
        wizard.summary_page.test_transfer()
        settle(lambda: wizard.summary_page._task is None)
        shot("07-summary")
        (inbox / "broken.csv").write_text(BROKEN_DEMO, encoding="utf-8")
        wizard.summary_page.test_transfer()
        settle(lambda: wizard.summary_page._task is None)
        shot("07b-summary-rejected")
        (inbox / "broken.csv").unlink()
        wizard.back()
        wizard.back()
        wizard.profile_page.inbox.set_path(simple_inbox)
        wizard.profile_page.input_format.setCurrentIndex(2)
        wizard.next()
        accounts = wizard.accounts_page
        settle(lambda: accounts._lookups is not None)
        shot("06b-accounts")
        wizard.reject()  # Cancel with unsaved work: the question
        settle(lambda: wizard._asking is not None)
        question = wizard._asking
        settle()
        path = folder / "06c-cancel-question.png"
        question.grab().save(str(path))
        written.append(path)
        question.reject()  # keep setting up
        settle()
        wizard.next()
        wizard.summary_page.start_now.setChecked(True)
        wizard.saved_setup = SetupResult(wizard.build_profile())  # what Finish saves
        wizard.summary_page._saved = True  # so Finish goes on without saving anything
        wizard.next()
        shot("08-done")
    finally:
        if wizard is not None:
            wizard.shutdown()
            wizard.hide()
            wizard.deleteLater()
            translations.apply("en")  # translators are application-wide
        shutil.rmtree(work, ignore_errors=True)
    return written
