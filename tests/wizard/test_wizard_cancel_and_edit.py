"""Cancel changes nothing; running the wizard again edits the export and keeps its token."""

from __future__ import annotations

import keyring
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWizard
from wizard_helpers import (
    WAIT_MS,
    BrokenKeyring,
    MemoryKeyring,
    click,
    click_checkbox,
    close_done_page,
    connect_with,
    next_button,
    press_finish,
    press_next,
)

from wizard.sandbox.seed import GRANT_TOKEN
from wizard.settings.profiles import ExportProfile
from wizard.settings.secrets import load_grant_token, store_grant_token
from wizard.settings.store import load_profiles, profiles_path, save_profiles
from wizard.ui import autostart


def to_summary(qtbot, wizard) -> None:
    while wizard.currentId() != wizard.SUMMARY:
        page = wizard.currentPage()
        qtbot.waitUntil(page.isComplete, timeout=WAIT_MS)
        press_next(qtbot, wizard)


def finish(qtbot, wizard) -> None:
    if wizard.summary_page.start_now.isChecked():
        click_checkbox(qtbot, wizard.summary_page.start_now)
    press_finish(qtbot, wizard)


@pytest.fixture
def memory_keyring():
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    return backend


def test_cancel_on_the_last_page_leaves_no_file_and_no_token(
    qtbot, make_wizard, journal, demo_inbox, memory_keyring
):
    wizard = make_wizard(inbox=demo_inbox)
    press_next(qtbot, wizard)
    connect_with(qtbot, wizard, GRANT_TOKEN)
    to_summary(qtbot, wizard)
    click(qtbot, wizard.button(QWizard.WizardButton.CancelButton))
    answer_cancel_question(qtbot, wizard, "&Cancel the setup")
    assert wizard.result() == QWizard.DialogCode.Rejected
    assert not profiles_path().exists()
    assert memory_keyring.store == {}
    assert not autostart.is_enabled()
    assert not wizard.connect_page.catcher.listening


def answer_cancel_question(qtbot, wizard, answer: str) -> None:
    """The wizard asks before it throws a half-done setup away; click `answer`."""
    qtbot.waitUntil(lambda: wizard._asking is not None and wizard._asking.isVisible())
    box = wizard._asking
    assert box.text() == "Cancel the setup?"
    assert "not saved" in box.informativeText()
    button = next(b for b in box.buttons() if b.text() == answer)
    click(qtbot, button)


def test_cancel_with_unsaved_work_asks_and_can_keep_going(
    qtbot, make_wizard, journal, demo_inbox, memory_keyring
):
    wizard = make_wizard(inbox=demo_inbox)
    press_next(qtbot, wizard)
    connect_with(qtbot, wizard, GRANT_TOKEN)
    click(qtbot, wizard.button(QWizard.WizardButton.CancelButton))
    answer_cancel_question(qtbot, wizard, "&Keep setting up")
    assert wizard.isVisible() and wizard.currentId() == wizard.CONNECT
    assert wizard.connect_page.isComplete()  # nothing was lost
    wizard.close()  # the window's close box asks the same
    answer_cancel_question(qtbot, wizard, "&Cancel the setup")
    assert wizard.result() == QWizard.DialogCode.Rejected and not wizard.isVisible()


def test_looking_through_an_export_and_cancelling_does_not_ask(
    qtbot, make_wizard, saved_export
):
    wizard = make_wizard(profile="2. Omkostninger")
    while wizard.currentId() != wizard.PROFILE:  # connection, journal, export: as saved
        qtbot.waitUntil(wizard.currentPage().isComplete, timeout=WAIT_MS)
        press_next(qtbot, wizard)
    assert not wizard.has_unsaved_work()
    wizard.profile_page.attach.setChecked(not wizard.profile_page.attach.isChecked())
    assert wizard.has_unsaved_work()
    wizard.profile_page.attach.setChecked(not wizard.profile_page.attach.isChecked())
    click(qtbot, wizard.button(QWizard.WizardButton.CancelButton))
    assert wizard._asking is None
    assert wizard.result() == QWizard.DialogCode.Rejected


def test_escape_asks_and_escape_again_keeps_the_wizard_open(
    qtbot, make_wizard, journal, demo_inbox, memory_keyring
):
    wizard = make_wizard(inbox=demo_inbox)
    press_next(qtbot, wizard)
    qtbot.keyClick(wizard, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: wizard._asking is not None and wizard._asking.isVisible())
    box = wizard._asking
    assert box.defaultButton().text() == "&Keep setting up"  # Enter keeps going too
    qtbot.keyClick(box, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: wizard._asking is None)
    assert wizard.isVisible() and wizard.currentId() == wizard.CONNECT


def test_cancel_on_the_first_page_closes_without_asking(qtbot, make_wizard):
    wizard = make_wizard()
    click(qtbot, wizard.button(QWizard.WizardButton.CancelButton))
    assert wizard._asking is None
    assert wizard.result() == QWizard.DialogCode.Rejected and not wizard.isVisible()


def test_a_keyring_that_refuses_shows_the_fix_and_saves_no_profile(
    qtbot, make_wizard, journal, demo_inbox
):
    keyring.set_keyring(BrokenKeyring())
    wizard = make_wizard(inbox=demo_inbox)
    press_next(qtbot, wizard)
    connect_with(qtbot, wizard, GRANT_TOKEN)
    to_summary(qtbot, wizard)
    finish(qtbot, wizard)
    page = wizard.summary_page
    assert wizard.isVisible() and wizard.currentId() == wizard.SUMMARY
    assert page.error.is_shown()
    assert page.error.title.text() == "Token not saved"
    assert "Unlock it" in page.error.message.text()
    assert not profiles_path().exists()


@pytest.fixture
def saved_export(tmp_path, demo_inbox, journal, sandbox, memory_keyring):
    """An export set up earlier: profile on disk, token in the keyring."""
    profile = ExportProfile(
        name="2. Omkostninger",
        inbox_folder=demo_inbox,
        journal_name="ACUBIZ EMS",
        journal_number=journal["journalNumber"],
        daily_time="07:30",
        department_dimension=1,
        department_map={"Administration": 1},
        api_base_url=sandbox.base_url,
        column_overrides={"travel_id": 22},
    )
    save_profiles([profile, ExportProfile(name="Kørsel", inbox_folder=tmp_path / "Kørsel")])
    store_grant_token(profile.name, GRANT_TOKEN)
    return profile


def test_editing_keeps_the_saved_token_and_what_no_page_shows(qtbot, make_wizard, saved_export):
    wizard = make_wizard(profile="2. Omkostninger")
    assert wizard.welcome.edit_profile.isChecked()
    assert wizard.welcome.profile_choice.currentText() == "2. Omkostninger"
    press_next(qtbot, wizard)
    page = wizard.connect_page
    qtbot.waitUntil(page.isComplete, timeout=WAIT_MS)  # the saved token, checked by itself
    assert page.token.text() == ""
    assert "saved connection" in page.hint.text()
    to_summary(qtbot, wizard)
    assert wizard.profile_page.time.hhmm() == "07:30"
    finish(qtbot, wizard)
    close_done_page(qtbot, wizard)
    profiles = load_profiles()
    assert [p.name for p in profiles] == ["2. Omkostninger", "Kørsel"]
    edited = profiles[0]
    assert edited.daily_time == "07:30"
    assert edited.column_overrides == {"travel_id": 22}  # no page shows it: kept
    assert edited.department_map == {"Administration": 1, "Salg": 2, "Udvikling": 3}
    assert load_grant_token("2. Omkostninger") == GRANT_TOKEN


def test_editing_with_a_new_token_replaces_the_old_one(qtbot, make_wizard, saved_export, sandbox):
    wizard = make_wizard(profile="2. Omkostninger")
    press_next(qtbot, wizard)
    new_token = sandbox.admin.create_grant()
    connect_with(qtbot, wizard, new_token)
    to_summary(qtbot, wizard)
    finish(qtbot, wizard)
    close_done_page(qtbot, wizard)
    assert load_grant_token("2. Omkostninger") == new_token


def test_a_revoked_saved_token_must_be_replaced(qtbot, make_wizard, saved_export, sandbox):
    sandbox.admin.revoke_grant(GRANT_TOKEN)
    wizard = make_wizard(profile="2. Omkostninger")
    press_next(qtbot, wizard)
    page = wizard.connect_page
    qtbot.waitUntil(page.error.is_shown, timeout=WAIT_MS)
    assert page.error.title.text() == "Not connected to e-conomic"
    assert not next_button(wizard).isEnabled()


def test_renaming_an_export_moves_its_token(qtbot, make_wizard, saved_export):
    wizard = make_wizard(profile="2. Omkostninger")
    press_next(qtbot, wizard)
    qtbot.waitUntil(wizard.connect_page.isComplete, timeout=WAIT_MS)
    press_next(qtbot, wizard)
    qtbot.waitUntil(wizard.journal_page.isComplete, timeout=WAIT_MS)
    press_next(qtbot, wizard)
    wizard.profile_page.name.setText("Renamed")
    to_summary(qtbot, wizard)
    finish(qtbot, wizard)
    close_done_page(qtbot, wizard)
    assert [p.name for p in load_profiles()] == ["Renamed", "Kørsel"]
    assert load_grant_token("Renamed") == GRANT_TOKEN
    assert load_grant_token("2. Omkostninger") is None


def test_choosing_new_on_the_welcome_page_starts_empty(qtbot, make_wizard, saved_export):
    wizard = make_wizard()
    assert wizard.welcome.new_profile.isChecked()
    assert not wizard.welcome.profiles_box.isHidden()
    press_next(qtbot, wizard)
    assert not wizard.connect_page.isComplete()  # a new export needs its own connection


def test_a_damaged_settings_file_is_shown_on_the_first_page(qtbot, make_wizard):
    profiles_path().parent.mkdir(parents=True, exist_ok=True)
    profiles_path().write_text("this is [not toml", encoding="utf-8")
    wizard = make_wizard()
    assert wizard.welcome.error.is_shown()
    assert wizard.welcome.error.title.text() == "Settings file is damaged"
    assert not next_button(wizard).isEnabled()
    assert profiles_path().read_text(encoding="utf-8") == "this is [not toml"


def test_a_damaged_settings_file_is_explained_in_danish(qtbot, make_wizard):
    profiles_path().parent.mkdir(parents=True, exist_ok=True)
    profiles_path().write_text("this is [not toml", encoding="utf-8")
    wizard = make_wizard("da")
    assert wizard.welcome.error.title.text() == "Indstillingsfilen er beskadiget"
    assert "Filen er ikke ændret" in wizard.welcome.error.message.text()
    wizard.welcome.language.setCurrentIndex(wizard.welcome.language.findData("en"))
    assert wizard.welcome.error.title.text() == "Settings file is damaged"  # switched live


def test_a_keyring_that_refuses_is_explained_in_danish(qtbot, make_wizard, journal, demo_inbox):
    keyring.set_keyring(BrokenKeyring())
    wizard = make_wizard("da", inbox=demo_inbox)
    press_next(qtbot, wizard)
    connect_with(qtbot, wizard, GRANT_TOKEN)
    to_summary(qtbot, wizard)
    finish(qtbot, wizard)
    page = wizard.summary_page
    assert page.error.is_shown()
    assert page.error.title.text() == "Tokenet blev ikke gemt"
    assert "Lås det op" in page.error.message.text()


def test_start_at_login_unticked_leaves_autostart_off(
    qtbot, make_wizard, journal, demo_inbox, memory_keyring
):
    wizard = make_wizard(inbox=demo_inbox)
    press_next(qtbot, wizard)
    connect_with(qtbot, wizard, GRANT_TOKEN)
    to_summary(qtbot, wizard)
    click_checkbox(qtbot, wizard.summary_page.start_at_login)
    assert not wizard.summary_page.start_at_login.isChecked()
    finish(qtbot, wizard)
    close_done_page(qtbot, wizard)
    assert not autostart.is_enabled()
