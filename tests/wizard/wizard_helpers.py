"""Driving the setup wizard like an admin would: click, paste, wait for e-conomic's answer."""

from __future__ import annotations

import html
import re
import shutil
from pathlib import Path

import keyring
import keyring.errors
from keyring_helpers import MemoryKeyring, real_keyring_problem  # noqa: F401 (for conftest)
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QWizard

DEMO_INBOX = Path(__file__).resolve().parents[2] / "resources" / "demo" / "inbox"
WAIT_MS = 10000


class BrokenKeyring(MemoryKeyring):
    """A keyring that refuses every write, like a locked store."""

    def set_password(self, service, username, password):
        raise keyring.errors.PasswordSetError("the collection is locked")


def copy_demo_inbox(folder: Path) -> Path:
    shutil.copytree(DEMO_INBOX, folder)
    return folder


def click(qtbot, widget) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def click_checkbox(qtbot, box) -> None:
    """Near the left edge: a stretched checkbox misses a click at its centre."""
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(6, box.height() // 2))


def next_button(wizard):
    return wizard.button(QWizard.WizardButton.NextButton)


def press_next(qtbot, wizard) -> None:
    button = next_button(wizard)
    assert button.isEnabled(), f"Next is disabled on page {wizard.currentId()}"
    click(qtbot, button)


def press_finish(qtbot, wizard) -> None:
    """Finish on the Summary page: it saves, and the Done page follows."""
    button = wizard.button(QWizard.WizardButton.CommitButton)
    assert button.isVisible() and button.isEnabled(), "Finish is not offered here"
    click(qtbot, button)


def close_done_page(qtbot, wizard) -> None:
    """After Finish: wait for the Done page and close the wizard with its Close button."""
    qtbot.waitUntil(lambda: wizard.currentId() == wizard.DONE, timeout=WAIT_MS)
    click(qtbot, wizard.button(QWizard.WizardButton.FinishButton))
    qtbot.waitUntil(lambda: wizard.result() == QWizard.DialogCode.Accepted, timeout=WAIT_MS)


def wait_idle(qtbot, wizard) -> None:
    qtbot.waitUntil(lambda: not wizard.tasks.busy(), timeout=WAIT_MS)


def connect_with(qtbot, wizard, pasted: str) -> None:
    """On the Connect page: paste, click Verify, wait until e-conomic accepted it."""
    page = wizard.connect_page
    page.token.setText(pasted)
    click(qtbot, page.verify_button)
    qtbot.waitUntil(page.isComplete, timeout=WAIT_MS)


def form_fields(page: str) -> dict[str, str]:
    """The hidden fields of the add-app form (what the browser would post)."""
    fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', page))
    return {name: html.unescape(value) for name, value in fields.items()}
