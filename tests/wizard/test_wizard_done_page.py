"""After Finish: the last page says where the exporter is and when it runs next, in the
export's own clock; a new export's suggested name is in the UI's language and not in use."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtWidgets import QWizard

from wizard.settings.profiles import ExportProfile
from wizard.ui.setup.save import SetupResult
from wizard.ui.setup.state import suggested_profile_name

NOW = dt.datetime(2026, 12, 3, 20, 0, tzinfo=dt.UTC)  # 21:00 in Denmark: today's slot is past


def saved(wizard, **fields) -> None:
    """As if Finish had just saved `fields` (the Done page only reads what was saved)."""
    wizard.saved_setup = SetupResult(ExportProfile(name="Udlæg", inbox_folder=Path("/in"),
                                                   **fields))  # fmt: skip
    wizard.done_page.now = NOW
    wizard.done_page.initializePage()


@pytest.mark.parametrize(
    ("language", "fields", "expected"),
    [
        ("en", {}, "The next transfer is <b>tomorrow 16:00 Danish time</b>."),
        ("da", {}, "Næste overførsel er <b>i morgen 16:00 dansk tid</b>."),
        ("en", {"daily_time": "07:45", "time_zone": "Europe/London"},
         "The next transfer is <b>tomorrow 07:45 UK time</b>."),
        ("en", {"export_type": "manual"}, "Nothing is sent by itself"),
        ("da", {"export_type": "manual"}, "Intet sendes af sig selv"),
    ],
)  # fmt: skip
def test_the_done_page_says_when_the_next_transfer_runs(
    qtbot, make_wizard, language, fields, expected
):
    wizard = make_wizard(language)
    saved(wizard, **fields)
    text = wizard.done_page.next_run.text()
    assert text.startswith(expected)
    assert "UTC" not in text and "CET" not in text


def test_the_done_page_says_whether_the_exporter_runs(qtbot, make_wizard):
    wizard = make_wizard()
    wizard.summary_page.start_now.setChecked(False)
    wizard.summary_page.start_at_login.setChecked(True)
    saved(wizard)
    running = wizard.done_page.running.text()
    assert running.startswith("The exporter is not running yet")
    assert "each time you log in" in running


def test_closing_the_window_after_finish_is_not_a_cancel(qtbot, make_wizard):
    wizard = make_wizard()
    wizard.saved_setup = SetupResult(ExportProfile(name="Udlæg", inbox_folder=Path("/in")))
    wizard.close()  # the close box, or Esc
    assert wizard._asking is None  # nothing to lose: no question
    assert wizard.result() == QWizard.DialogCode.Accepted


@pytest.mark.parametrize(
    ("language", "taken", "expected"),
    [
        ("en", set(), "Expenses"),
        ("da", set(), "Udlæg"),
        ("en", {"Expenses"}, "Expenses 2"),
        ("da", {"Udlæg", "Udlæg 2"}, "Udlæg 3"),
        ("en", {"Udlæg"}, "Expenses"),
        ("xx", set(), "Expenses"),
    ],
)
def test_the_suggested_name_is_in_the_ui_language_and_not_in_use(language, taken, expected):
    assert suggested_profile_name(language, taken) == expected


def test_a_broken_settings_file_says_why_next_is_greyed(qtbot, make_wizard):
    from wizard.settings.store import profiles_path

    profiles_path().parent.mkdir(parents=True, exist_ok=True)
    profiles_path().write_text("this is [not toml", encoding="utf-8")
    wizard = make_wizard()
    page = wizard.welcome
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    assert page.next_reason.isVisible()
    assert page.next_reason.text().startswith("To go on, repair or move away the settings file")


def test_the_suggested_name_follows_a_language_switch_until_edited(qtbot, make_wizard):
    wizard = make_wizard()
    page = wizard.profile_page
    page.initializePage()  # as when the page is first shown
    assert page.name.text() == "Expenses"
    wizard.welcome.language.setCurrentIndex(wizard.welcome.language.findData("da"))
    assert page.name.text() == "Udlæg"
    page.name.setText("Rejser")  # the admin's own name is kept
    wizard.welcome.language.setCurrentIndex(wizard.welcome.language.findData("en"))
    assert page.name.text() == "Rejser"
