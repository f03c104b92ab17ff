"""The tray in Danish: its own words from the .ts, the engine's words from the report's Danish
twins, the language the wizard was finished in, and back to English without a restart."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication, QMenu
from tray_helpers import PROFILE

from wizard.sandbox.seed import GRANT_TOKEN
from wizard.ui.i18n import default_language, remember_language, use_language
from wizard.ui.translate import language
from wizard.ui.tray.menu import find_action

WAIT_MS = 30000


@pytest.fixture
def danish(qtbot):
    app = QApplication.instance()
    assert use_language(app, "da") == "da"
    yield
    assert use_language(app, "en") == "en"


def test_the_menu_history_and_status_speak_danish(danish, qtbot, make_profile, make_tray,
                                                  sandbox):
    make_profile()
    sandbox.admin.revoke_grant(GRANT_TOKEN)
    app = make_tray()
    app.transfer_now()
    qtbot.waitUntil(lambda: not app.runner.busy, timeout=WAIT_MS)

    menu = QMenu()
    app.fill_menu(menu)
    assert find_action(menu, "transfer-now").text() == "Overfør nu"
    assert find_action(menu, "history").text() == "Historik…"
    lines = app.snapshot().status_lines()
    assert lines[0] == "⚠ Ikke forbundet til e-conomic"  # the engine's Danish title
    assert lines[1:] == ["Seneste: i dag 15:59 dansk tid, intet sendt",
                         "Næste: i dag 16:00 dansk tid"]
    assert find_action(menu, "problem").text() == "Ikke forbundet til e-conomic — Indstillinger…"
    assert app.snapshot().headline() == "ikke forbundet"

    app.show_history()
    top = app.history.tree.topLevelItem(0)
    assert [top.text(i) for i in range(4)] == [
        "i dag 15:59 dansk tid", "Manuel", "Kræver handling", "Ikke forbundet til e-conomic"]
    assert "Resultat: Kræver handling" in app.history.copy_details()
    assert app.history.send_again_button.text() == "Send igen…"


def test_settings_opens_the_wizard_in_the_trays_language(danish, make_profile, make_tray,
                                                         recorder):
    make_profile()
    app = make_tray()
    app.open_settings(PROFILE)
    assert recorder.launched[0][-4:] == ["--profile", PROFILE, "--lang", "da"]


def test_the_tray_speaks_the_language_the_wizard_was_finished_in(qtbot):
    remember_language("da")
    assert default_language() == "da"
    app = QApplication.instance()
    try:
        assert use_language(app, None) == "da" and language() == "da"
    finally:
        use_language(app, "en")
    remember_language("xx")  # unknown: ignored
    assert default_language() == "da"


def test_the_running_tray_switches_language_when_the_wizard_saves_one(qtbot, make_tray):
    app = make_tray(use_tray=False)
    assert find_action(menu_of(app), "history").text() == "History…"
    try:
        remember_language("da")  # the wizard (another process) was finished in Danish
        qtbot.waitUntil(lambda: language() == "da", timeout=5000)
        assert find_action(menu_of(app), "history").text() == "Historik…"
        assert app.window.hide_button.text() == "Skjul vindue"
        assert app.window.status_text().startswith("Ingen eksport er sat op endnu")
        remember_language("en")
        qtbot.waitUntil(lambda: app.window.hide_button.text() == "Hide window", timeout=5000)
    finally:
        use_language(QApplication.instance(), "en")

def menu_of(app):
    menu = QMenu()
    app.fill_menu(menu)
    app._kept_menu = menu  # its actions die with it
    return menu


def test_danish_feedback_writes_amounts_the_danish_way(danish):
    from wizard.ui.tray.notifications import transfer_feedback
    from wizard.ui.tray.state import LastRun

    run = LastRun.from_summary({
        "trigger": "manual", "started_at": "2026-11-25T15:00:00+00:00",
        "finished_at": "2026-11-25T15:00:00+00:00", "status": "ok", "counts": {"sent": 6},
        "sent_totals": {"DKK": "3456.50"},
    })
    said = transfer_feedback(run, [], [])
    assert (said.title, said.message) == ("Overførsel færdig", "6 udlæg sendt, 3.456,50 kr.")
    held = transfer_feedback(run, ["2 udlæg venter på rettelse"], [])
    assert held.message.endswith("Kræver handling: 2 udlæg venter på rettelse. Se Historik.")
