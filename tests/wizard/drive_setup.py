"""Run the standalone `acubiz-export setup` process and let a script click through it.

    python tests/wizard/drive_setup.py SANDBOX_URL INBOX [--memory-keyring]

The process is the real one (`wizard.cli.main(["setup", ...])`, the same `open_wizard`, the
same exit path through `sys.exit`); the only addition is a timer that plays the admin: Next on
every page, the sandbox's token on the Connect page, Finish, then Close on the last page. The
test that runs this checks the exit code and that nothing crashed on the way out.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # keyring_helpers


STRESS_EMITS = 6000  # more than True's whole reference count in a fresh process


def main() -> int:
    url, inbox = sys.argv[1], sys.argv[2]
    if "--memory-keyring" in sys.argv:
        import keyring
        from keyring_helpers import MemoryKeyring

        keyring.set_keyring(MemoryKeyring(why_not="no OS keyring here"))

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QWizard

    from wizard.cli import main as cli_main
    from wizard.sandbox.seed import GRANT_TOKEN

    steps: list[str] = []

    def tick() -> None:
        from wizard.ui.setup.wizard import SetupWizard

        app = QApplication.instance()
        wizard = next((w for w in app.topLevelWidgets() if isinstance(w, SetupWizard)), None)
        if wizard is None or not wizard.isVisible() or wizard.tasks.busy():
            return
        page = wizard.currentId()
        if page == wizard.CONNECT and not wizard.connect_page.isComplete():
            if "token" not in steps:
                steps.append("token")
                wizard.connect_page.token.setText(GRANT_TOKEN)
                wizard.connect_page.verify()
            return
        if page == wizard.SUMMARY:
            wizard.summary_page.start_now.setChecked(False)  # no tray process from a test
            wizard.summary_page.start_at_login.setChecked(False)
        if not wizard.currentPage().isComplete():
            return
        if wizard.currentPage().isFinalPage():
            if "finish" not in steps:
                steps.append("finish")
                wizard.button(QWizard.WizardButton.FinishButton).click()
            return
        button = (
            QWizard.WizardButton.CommitButton
            if wizard.currentPage().isCommitPage()
            else QWizard.WizardButton.NextButton
        )
        wizard.button(button).click()

    from wizard.ui.setup.wizard import SetupWizard

    shown = SetupWizard.show

    def show_and_drive(wizard: SetupWizard) -> None:
        """The admin's hands start once the window is there (the process made its own
        QApplication, as the real command does); the timer belongs to the window."""
        shown(wizard)
        # As many Qt calls as a long session makes: each emit() of PySide6 6.12.0 on
        # CPython 3.11 loses a reference to True (wizard.ui.qt_workarounds).
        for _ in range(STRESS_EMITS):
            wizard.currentPage().completeChanged.emit()
        timer = QTimer(wizard)
        timer.setInterval(30)
        timer.timeout.connect(tick)
        timer.start()

    SetupWizard.show = show_and_drive
    return cli_main(["setup", "--sandbox", url, "--inbox", inbox, "--lang", "en"])


if __name__ == "__main__":
    sys.exit(main())
