"""Settings of an existing export: opened from the tray as a tabbed dialog, never the token pages.

Real sandbox over HTTP, real settings file, the keyring the machine has (else an in-memory
one), real widgets. The acceptance story: an admin changes the daily time from the tray, in
English and in Danish, without seeing the app token page.
"""

from __future__ import annotations

import dataclasses
import gc
import re

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QDialog,
    QLabel,
    QMessageBox,
    QWidget,
)
from wizard_helpers import WAIT_MS, click

from wizard.cli import build_parser
from wizard.sandbox.seed import APP_SECRET_TOKEN, GRANT_TOKEN
from wizard.settings.profiles import ExportProfile
from wizard.settings.secrets import load_grant_token, store_app_secret, store_grant_token
from wizard.settings.store import load_profiles, profiles_path, save_profiles
from wizard.ui import translate as tray_text
from wizard.ui.i18n import Translations
from wizard.ui.setup.command import settings_window
from wizard.ui.setup.page_app import AppPage
from wizard.ui.setup.settings_dialog import SettingsChooser, SettingsDialog
from wizard.ui.tray.app import settings_command

PROFILE = "2. Omkostninger"
OTHER = "Kørsel"


@pytest.fixture
def connected_export(sandbox, secret_store, journal, demo_inbox):
    """An export set up earlier with the wizard: profile on disk, tokens in the keyring."""
    profile = ExportProfile(
        name=PROFILE,
        inbox_folder=demo_inbox,
        journal_name="ACUBIZ EMS",
        journal_number=journal["journalNumber"],
        daily_time="16:00",
        api_base_url=sandbox.base_url,
        column_overrides={"travel_id": 22},
    )
    save_profiles([profile])
    store_grant_token(PROFILE, GRANT_TOKEN)
    store_app_secret(APP_SECRET_TOKEN, sandbox.base_url)
    return profile


@pytest.fixture
def second_export(connected_export, tmp_path, sandbox):
    other = ExportProfile(
        name=OTHER, inbox_folder=tmp_path / "Kørsel inbox", api_base_url=sandbox.base_url
    )
    save_profiles([connected_export, other])
    return other


@pytest.fixture
def open_from_tray(qtbot):
    """Open Settings the way the tray does: its command line, parsed by the program's own
    parser, with the language's translator installed as the setup process installs it."""
    opened = []
    translations = Translations()

    def open_(language: str = "en", profile: str | None = None):
        tray_text.set_language(language)
        command = settings_command(profile)
        args = build_parser().parse_args(command[command.index("setup") :])
        assert args.settings and args.lang == language
        assert translations.apply(args.lang)
        window, _context = settings_window(
            sandbox_url=args.sandbox, profile=args.profile, language=args.lang
        )
        if window is not None:
            window.show()
            opened.append(window)
        return window

    yield open_
    for window in opened:  # closed here, not by qtbot: a test's unsaved edits are dropped
        if isinstance(window, SettingsDialog):
            window.ask_discard = lambda: QMessageBox.StandardButton.Discard
            window.shutdown()
        window.close()
        window.deleteLater()
    # Deleted now, on this thread, as the command does (setup_command._dispose): left to the
    # garbage collector, a live window could be destroyed by the next test's task thread.
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    opened.clear()
    gc.collect()
    translations.apply("en")
    tray_text.set_language("en")


def visible_texts() -> list[str]:
    return [
        label.text()
        for window in QApplication.topLevelWidgets()
        if window.isVisible()
        for label in window.findChildren(QLabel)
        if label.isVisible()
    ]


def assert_no_token_page() -> None:
    assert not any(isinstance(w, AppPage) for w in QApplication.allWidgets())
    assert not any("public token" in text.lower() for text in visible_texts())


def type_over(qtbot, field, text: str) -> None:
    field.setFocus()
    field.selectAll()
    qtbot.keyClicks(field, text)


def open_tab(qtbot, dialog: SettingsDialog, index: int) -> None:
    bar = dialog.tabs.tabBar()
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(index).center())
    assert dialog.tabs.currentIndex() == index


# -- the acceptance story ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "schedule_tab", "save", "echo"),
    [("en", "Schedule", "Save", "= 07:44 Danish time"),
     ("da", "Tidsplan", "Gem", "= 07:44 dansk tid")],
)  # fmt: skip
def test_the_daily_time_is_changed_from_the_tray_without_the_token_pages(
    qtbot, open_from_tray, connected_export, language, schedule_tab, save, echo
):
    dialog = open_from_tray(language)
    assert isinstance(dialog, SettingsDialog)  # one export: straight to its settings
    assert dialog.tabs.tabText(SettingsDialog.SCHEDULE).replace("&", "") == schedule_tab
    connection = dialog.connection_tab
    qtbot.waitUntil(lambda: connection.agreement is not None, timeout=WAIT_MS)
    assert "Demo Regnskab ApS" in connection.status.text()
    assert_no_token_page()

    open_tab(qtbot, dialog, SettingsDialog.SCHEDULE)
    field = dialog.schedule_tab.time
    assert field.text() == "16:00"
    type_over(qtbot, field, "07:44")
    assert field.echo.text() == echo
    assert dialog.save_button.text().replace("&", "") == save
    click(qtbot, dialog.save_button)
    qtbot.waitUntil(lambda: dialog.result() == QDialog.DialogCode.Accepted, timeout=WAIT_MS)

    [saved] = load_profiles()
    assert saved.daily_time == "07:44"
    assert saved == dataclasses.replace(connected_export, daily_time="07:44")  # nothing else
    assert load_grant_token(PROFILE) == GRANT_TOKEN
    assert_no_token_page()


def test_the_profile_menu_opens_that_export_and_several_exports_get_a_chooser(
    qtbot, open_from_tray, second_export
):
    dialog = open_from_tray("en", OTHER)
    assert isinstance(dialog, SettingsDialog) and dialog.profile.name == OTHER
    chooser = open_from_tray("en")
    assert isinstance(chooser, SettingsChooser)
    assert [chooser.list.item(i).text() for i in range(chooser.list.count())] == [PROFILE, OTHER]
    assert chooser.list.currentItem().text() == PROFILE  # an existing export, not "new"
    qtbot.keyClick(chooser.list, Qt.Key.Key_Down)
    qtbot.keyClick(chooser.list, Qt.Key.Key_Return)
    assert chooser.result() == QDialog.DialogCode.Accepted
    assert chooser.chosen.name == OTHER and not chooser.new_export


def test_set_up_a_new_export_is_a_separate_choice(qtbot, open_from_tray, second_export):
    chooser = open_from_tray("en")
    click(qtbot, chooser.new_button)
    assert chooser.new_export and chooser.chosen is None


def test_without_an_export_the_wizard_opens_instead(open_from_tray):
    assert open_from_tray("en") is None


# -- each tab on its own -------------------------------------------------------------------


def test_a_journal_that_does_not_exist_keeps_save_off_with_the_reason(
    qtbot, open_from_tray, connected_export, sandbox
):
    other = sandbox.admin.create_journal(
        "Udlæg 2", "financeVoucher", minimum_voucher_number=500000, maximum_voucher_number=599999
    )
    dialog = open_from_tray("en")
    open_tab(qtbot, dialog, SettingsDialog.JOURNAL)
    tab = dialog.journal_tab
    qtbot.waitUntil(lambda: not tab.busy() and tab.status.kind == "ok", timeout=WAIT_MS)
    assert not dialog.save_button.isEnabled()
    assert dialog.reason.text() == "No changes yet."

    tab.name.setText("ACUBIZ EXPORT")
    assert not dialog.save_button.isEnabled()
    assert "click Check" in dialog.reason.text()
    click(qtbot, tab.check_button)
    qtbot.waitUntil(lambda: tab.status.kind == "warning", timeout=WAIT_MS)
    assert "no journal called" in tab.status.text()
    assert not dialog.save_button.isEnabled()
    assert not dialog.tabs.tabIcon(SettingsDialog.JOURNAL).isNull()  # the tab says it, too

    item = next(
        tab.journals.item(i) for i in range(tab.journals.count())
        if tab.journals.item(i).data(Qt.ItemDataRole.UserRole) == "Udlæg 2"
    )  # fmt: skip
    tab.journals.itemClicked.emit(item)
    qtbot.waitUntil(lambda: tab.status.kind == "ok", timeout=WAIT_MS)
    assert dialog.save_button.isEnabled()
    click(qtbot, dialog.save_button)
    [saved] = load_profiles()
    assert (saved.journal_name, saved.journal_number) == ("Udlæg 2", other["journalNumber"])


def test_a_missing_inbox_folder_is_said_beside_save(
    qtbot, open_from_tray, connected_export, tmp_path
):
    dialog = open_from_tray("en")
    open_tab(qtbot, dialog, SettingsDialog.FOLDERS)
    dialog.folders_tab.inbox.set_path(tmp_path / "not there")
    assert not dialog.save_button.isEnabled()
    assert dialog.reason.text() == "Folders: choose an inbox folder that exists."
    click(qtbot, dialog.folders_tab.inbox.create)
    assert dialog.save_button.isEnabled()


def test_an_offline_inbox_that_was_not_touched_does_not_stop_a_time_change(
    qtbot, open_from_tray, connected_export, tmp_path
):
    offline = dataclasses.replace(connected_export, inbox_folder=tmp_path / "network drive")
    save_profiles([offline])
    dialog = open_from_tray("en")
    open_tab(qtbot, dialog, SettingsDialog.SCHEDULE)
    type_over(qtbot, dialog.schedule_tab.time, "6")
    assert dialog.save_button.isEnabled()
    click(qtbot, dialog.save_button)
    assert load_profiles()[0].daily_time == "06:00"


def test_a_time_that_is_no_time_keeps_save_off(qtbot, open_from_tray, connected_export):
    dialog = open_from_tray("en")
    open_tab(qtbot, dialog, SettingsDialog.SCHEDULE)
    type_over(qtbot, dialog.schedule_tab.time, "7:60")
    assert not dialog.save_button.isEnabled()
    assert dialog.reason.text() == "Schedule: enter the daily time, for example 16:00."
    assert dialog.schedule_tab.next_run.isHidden()
    type_over(qtbot, dialog.schedule_tab.time, "0744")
    assert "07:44 Danish time" in dialog.schedule_tab.next_run.text()
    assert dialog.save_button.isEnabled()


def test_manual_transfers_need_no_time(qtbot, open_from_tray, connected_export):
    dialog = open_from_tray("en")
    open_tab(qtbot, dialog, SettingsDialog.SCHEDULE)
    tab = dialog.schedule_tab
    tab.export_type.setCurrentIndex(tab.export_type.findData("manual"))
    assert not tab.time.isEnabled()
    click(qtbot, dialog.save_button)
    assert load_profiles()[0].export_type == "manual"


def test_reconnect_stores_the_new_token_when_saved(
    qtbot, open_from_tray, connected_export, sandbox
):
    dialog = open_from_tray("en")
    tab = dialog.connection_tab
    qtbot.waitUntil(lambda: tab.agreement is not None, timeout=WAIT_MS)
    click(qtbot, tab.reconnect_button)
    assert tab.reconnect_box.isVisible()
    new_token = sandbox.admin.create_grant()
    tab.token.setText(new_token)
    assert not dialog.save_button.isEnabled()
    assert "click Verify" in dialog.reason.text()
    click(qtbot, tab.verify_button)
    qtbot.waitUntil(lambda: tab.new_token is not None, timeout=WAIT_MS)
    assert "Demo Regnskab ApS" in tab.token_status.text()
    assert load_grant_token(PROFILE) == GRANT_TOKEN  # nothing kept before Save
    click(qtbot, dialog.save_button)
    assert load_grant_token(PROFILE) == new_token
    assert load_profiles() == [connected_export]


def test_a_revoked_connection_is_said_on_the_connection_tab(
    qtbot, open_from_tray, connected_export, sandbox
):
    sandbox.admin.revoke_grant(GRANT_TOKEN)
    dialog = open_from_tray("en")
    tab = dialog.connection_tab
    qtbot.waitUntil(tab.error.is_shown, timeout=WAIT_MS)
    assert tab.error.title.text() == "Not connected to e-conomic"
    assert_no_token_page()


def test_the_accounts_tab_loads_the_choices_and_keeps_the_saved_ones(
    qtbot, open_from_tray, connected_export
):
    dialog = open_from_tray("en")
    open_tab(qtbot, dialog, SettingsDialog.ACCOUNTS)
    tab = dialog.accounts_tab
    qtbot.waitUntil(tab.loaded, timeout=WAIT_MS)
    assert tab.contra.count() > 1
    assert tab.contra.isEnabled()
    tab.contra.set_value(5900)
    click(qtbot, dialog.save_button)
    assert load_profiles()[0].default_contra_account == 5900


def test_cancel_with_unsaved_changes_asks_and_can_stay(qtbot, open_from_tray, connected_export):
    dialog = open_from_tray("en")
    asked = []
    answer = QMessageBox.StandardButton.Cancel
    dialog.ask_discard = lambda: asked.append(1) or answer
    open_tab(qtbot, dialog, SettingsDialog.SCHEDULE)
    type_over(qtbot, dialog.schedule_tab.time, "9")
    click(qtbot, dialog.cancel_button)
    assert asked and dialog.isVisible()  # kept editing
    answer = QMessageBox.StandardButton.Discard
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible() and dialog.result() == QDialog.DialogCode.Rejected
    assert load_profiles() == [connected_export]


def test_cancel_without_changes_closes_at_once(qtbot, open_from_tray, connected_export):
    dialog = open_from_tray("en")
    dialog.ask_discard = lambda: pytest.fail("asked although nothing changed")
    click(qtbot, dialog.cancel_button)
    assert not dialog.isVisible()
    assert profiles_path().exists()


MNEMONIC = re.compile(r"&([^&\s])")


def letters(widgets) -> list[str]:
    texts = [w.text() for w in widgets if isinstance(w, QAbstractButton)]
    texts += [w.text() for w in widgets if isinstance(w, QLabel) and w.buddy() is not None]
    return [m.group(1).casefold() for text in texts for m in [MNEMONIC.search(text)] if m]


@pytest.mark.parametrize("language", ["en", "da"])
def test_no_two_shortcuts_share_a_letter_on_any_tab(
    qtbot, open_from_tray, connected_export, language
):
    dialog = open_from_tray(language)
    click(qtbot, dialog.connection_tab.reconnect_button)  # the reconnect box has its own
    bar = dialog.tabs.tabBar()
    always = [MNEMONIC.search(bar.tabText(i)).group(1).casefold() for i in range(bar.count())]
    always += letters([dialog.save_button, dialog.new_export])
    for index, tab in enumerate(dialog.all_tabs()):
        dialog.tabs.setCurrentIndex(index)
        shown = [w for w in tab.findChildren(QWidget) if w.isVisibleTo(dialog)]
        found = always + letters(shown)
        clashes = sorted({letter for letter in found if found.count(letter) > 1})
        assert clashes == [], f"{bar.tabText(index)}: {clashes}"


def test_tab_walks_the_schedule_top_down_and_a_short_time_is_written_in_full(
    qtbot, open_from_tray, connected_export
):
    dialog = open_from_tray("en")
    open_tab(qtbot, dialog, SettingsDialog.SCHEDULE)
    tab = dialog.schedule_tab
    assert tab.time_label.buddy() is tab.time and tab.zone_label.buddy() is tab.zone
    chain, widget = [], tab.export_type
    while len(chain) < 2:
        widget = widget.nextInFocusChain()
        if widget.focusPolicy() & Qt.FocusPolicy.TabFocus and widget.isVisible():
            chain.append(widget)
    assert chain == [tab.time, tab.zone]
    tab.time.setFocus()
    tab.time.selectAll()
    qtbot.keyClicks(tab.time, "8.15")
    qtbot.keyClick(tab.time, Qt.Key.Key_Return)
    assert tab.time.text() == "08:15"
    click(qtbot, dialog.save_button)
    assert load_profiles()[0].daily_time == "08:15"


def test_a_revoked_connection_is_fixed_from_settings_and_the_journal_looked_up_again(
    qtbot, open_from_tray, connected_export, sandbox
):
    sandbox.admin.revoke_grant(GRANT_TOKEN)
    dialog = open_from_tray("en")
    tab = dialog.connection_tab
    qtbot.waitUntil(tab.error.is_shown, timeout=WAIT_MS)
    click(qtbot, tab.reconnect_button)
    new_token = sandbox.admin.create_grant()
    tab.token.setText(new_token)
    click(qtbot, tab.verify_button)
    qtbot.waitUntil(lambda: tab.new_token is not None, timeout=WAIT_MS)
    assert tab.changes_company()  # the saved connection could not say which company
    journal = dialog.journal_tab
    qtbot.waitUntil(lambda: journal.status.kind == "ok", timeout=WAIT_MS)  # with the new token
    assert dialog.save_button.isEnabled()
    click(qtbot, dialog.save_button)
    assert load_grant_token(PROFILE) == new_token
    assert load_profiles()[0].journal_number == connected_export.journal_number
    assert_no_token_page()


def test_an_export_without_a_connection_still_has_its_time_changed(
    qtbot, open_from_tray, sandbox, secret_store, demo_inbox
):
    save_profiles([ExportProfile(name=PROFILE, inbox_folder=demo_inbox,
                                 api_base_url=sandbox.base_url)])  # fmt: skip
    dialog = open_from_tray("da")
    assert "Forbind igen" in dialog.connection_tab.status.text()
    open_tab(qtbot, dialog, SettingsDialog.JOURNAL)
    assert "fanen Forbindelse" in dialog.journal_tab.status.text()
    open_tab(qtbot, dialog, SettingsDialog.SCHEDULE)
    type_over(qtbot, dialog.schedule_tab.time, "1530")
    click(qtbot, dialog.save_button)
    assert load_profiles()[0].daily_time == "15:30"
    assert load_grant_token(PROFILE) is None
    assert_no_token_page()


def test_the_inbox_of_another_export_is_refused_beside_save(qtbot, open_from_tray, second_export):
    second_export.inbox_folder.mkdir()
    dialog = open_from_tray("en", PROFILE)
    open_tab(qtbot, dialog, SettingsDialog.FOLDERS)
    dialog.folders_tab.inbox.set_path(second_export.inbox_folder)
    assert not dialog.save_button.isEnabled()
    assert f"'{OTHER}' use the same inbox folder" in dialog.reason.text()
    assert "Kørsel" in dialog.folders_tab.problems.text()
