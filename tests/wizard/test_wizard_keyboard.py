"""The keyboard alone is enough: shortcuts do not clash, Tab follows the page, Enter = Next."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QLabel, QLineEdit, QWizard
from wizard_helpers import WAIT_MS, connect_with, press_next

from wizard.sandbox.seed import GRANT_TOKEN

MNEMONIC = re.compile(r"&([^&\s])")


def shortcuts(wizard, page_id) -> list[str]:
    page = wizard.page(page_id)
    texts = [w.text() for w in page.findChildren(QAbstractButton)]
    texts += [w.text() for w in page.findChildren(QLabel) if w.buddy() is not None]
    buttons = [QWizard.WizardButton.NextButton, QWizard.WizardButton.BackButton]
    if page_id == wizard.SUMMARY:
        buttons = [QWizard.WizardButton.CommitButton, QWizard.WizardButton.BackButton]
    if page_id == wizard.DONE:
        buttons = [QWizard.WizardButton.FinishButton]
    if page_id == wizard.WELCOME:
        buttons = [QWizard.WizardButton.NextButton]
    texts += [wizard.buttonText(button) for button in buttons]
    return [m.group(1).casefold() for text in texts for m in [MNEMONIC.search(text)] if m]


@pytest.mark.parametrize("language", ["en", "da"])
def test_no_two_shortcuts_on_a_page_share_a_letter(make_wizard, language):
    wizard = make_wizard(language)
    for page_id in wizard.build_all_pages():
        letters = shortcuts(wizard, page_id)
        clashes = sorted({letter for letter in letters if letters.count(letter) > 1})
        assert clashes == [], f"page {page_id} ({wizard.page(page_id).title()}): {clashes}"


def test_every_input_has_an_accessible_name(make_wizard):
    wizard = make_wizard()
    missing = []
    for page_id in wizard.build_all_pages():
        for field in wizard.page(page_id).findChildren(QLineEdit):
            parent = field.parent()
            if parent is not None and (
                parent.inherits("QComboBox") or parent.inherits("QAbstractSpinBox")
            ):
                continue  # the combo box or time field around it carries the name
            if not field.accessibleName():
                missing.append(f"page {page_id}: {field.placeholderText() or field.text()}")
    assert missing == []


def tab_order(start, count):
    """The next `count` widgets Tab would reach from `start` (the focus chain, as Qt walks it;
    offscreen there is no focus to follow with real key presses)."""
    found, widget = [], start
    while len(found) < count:
        widget = widget.nextInFocusChain()
        if widget is start:
            break
        if (
            (widget.focusPolicy() & Qt.FocusPolicy.TabFocus)
            and widget.isVisible()
            and (widget.isEnabled())
        ):
            found.append(widget)
    return found


def test_tab_walks_the_connect_page_in_reading_order(qtbot, make_wizard):
    wizard = make_wizard()
    press_next(qtbot, wizard)
    page = wizard.connect_page
    assert tab_order(page.open_button, 4) == [
        page.copy_button, page.catch, page.token, page.verify_button,
    ]  # fmt: skip


def test_tab_walks_the_profile_page_top_down(qtbot, make_wizard, journal, demo_inbox):
    wizard = make_wizard(inbox=demo_inbox)
    press_next(qtbot, wizard)
    connect_with(qtbot, wizard, GRANT_TOKEN)
    press_next(qtbot, wizard)
    qtbot.waitUntil(wizard.journal_page.isComplete, timeout=WAIT_MS)
    press_next(qtbot, wizard)
    page = wizard.profile_page
    order = tab_order(page.name, 6)
    # The one-entry "integration type" list is not shown, so Tab does not stop there.
    assert order[:3] == [page.use_api, page.export_type, page.time]


def test_enter_is_next_when_the_page_is_complete(qtbot, make_wizard, journal, demo_inbox):
    wizard = make_wizard(inbox=demo_inbox)
    qtbot.keyClick(wizard.welcome.language, Qt.Key.Key_Return)
    assert wizard.currentId() == wizard.CONNECT
    connect_with(qtbot, wizard, GRANT_TOKEN)
    qtbot.keyClick(wizard.connect_page.token, Qt.Key.Key_Return)
    assert wizard.currentId() == wizard.JOURNAL
    page = wizard.journal_page
    qtbot.waitUntil(page.isComplete, timeout=WAIT_MS)
    qtbot.keyClick(page.name, Qt.Key.Key_Return)
    assert wizard.currentId() == wizard.PROFILE
    wizard.profile_page.inbox.set_path("")
    qtbot.keyClick(wizard.profile_page.name, Qt.Key.Key_Return)
    assert wizard.currentId() == wizard.PROFILE  # not valid: Enter does nothing
