"""What the admin sees: the tray icon and its menu under a real tray host, the status window
where there is no tray, and History. Screenshots go to $ACUBIZ_RENDER_DIR when it is set."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QApplication, QMenu, QPushButton, QSystemTrayIcon
from tray_helpers import PROFILE, settle

from wizard.sandbox.seed import GRANT_TOKEN
from wizard.settings.secrets import store_grant_token
from wizard.ui.tray.menu import find_action
from wizard.ui.tray.notifications import Severity
from wizard.ui.tray.state import IconState
from wizard.ui.tray.status_window import NO_TRAY_HINT

WAIT_MS = 30000


@pytest.fixture
def render_dir(tmp_path) -> Path:
    folder = Path(os.environ.get("ACUBIZ_RENDER_DIR") or tmp_path / "renders")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def run_now(qtbot, app):
    app.transfer_now()
    qtbot.waitUntil(lambda: not app.runner.busy, timeout=WAIT_MS)


def history_with_a_bad_day(qtbot, app, sandbox, inbox, clock):
    """A revoked grant one day, a rejected file and the rest sent the next."""
    sandbox.admin.revoke_grant(GRANT_TOKEN)
    run_now(qtbot, app)
    store_grant_token(PROFILE, sandbox.admin.create_grant())
    (inbox / "EMS_EA-20261126-090000.csv").write_text("not;an;acubiz;file\n", encoding="cp1252")
    settle(inbox)
    clock.advance(hours=20)
    run_now(qtbot, app)


# -- a real tray (Xvfb + trayer) -----------------------------------------------------------


def test_the_tray_icon_and_its_menu_under_a_tray_host(qtbot, tray_host, make_profile,
                                                      make_tray, sandbox, demo_inbox, clock,
                                                      render_dir, monkeypatch):
    shown = []
    original = QSystemTrayIcon.showMessage

    def spy(icon, title, message, *rest):
        shown.append(title)
        return original(icon, title, message, *rest)

    monkeypatch.setattr(QSystemTrayIcon, "showMessage", spy)
    make_profile(export_type="manual")  # the day jump below makes no slot due
    app = make_tray()
    assert app.tray is not None and app.tray.isVisible() and app.window is None
    history_with_a_bad_day(qtbot, app, sandbox, demo_inbox, clock)
    assert shown == ["Not connected to e-conomic", "1 file could not be read"]
    assert app.snapshot().icon_state() is IconState.ATTENTION

    # The menu is rebuilt as it opens, from the live state.
    app.menu.popup(QPoint(300, 200))
    qtbot.waitUntil(app.menu.isVisible)
    names = [a.objectName() for a in app.menu.actions() if a.objectName()]
    assert names[:3] == ["problem", "status", "status"]  # the warning first, and clickable
    assert app.menu.actions()[0].isEnabled()
    for name in ("transfer-now", "history", "open-inbox", "open-log", "settings",
                 "start-at-login", "help", "quit"):
        assert name in names
    assert app.menu.actions()[0].text() == "1 file could not be read — Show"  # ⚠ is its icon
    assert app.menu.actions()[1].text().startswith("Last: today 11:59 Danish time, 6 sent")
    qtbot.wait(200)
    app.menu.grab().save(str(render_dir / "tray-menu.png"))
    pause = app.menu.findChild(QMenu, "pause-menu")
    assert [a.text() for a in pause.actions()] == ["For 1 hour", "Until tomorrow",
                                                   "Until I resume"]
    app.menu.hide()

    app.tray.messageClicked.emit()  # a click on the message opens History at the problem
    assert app.history is not None and app.history.isVisible()
    app.show_history()
    qtbot.waitExposed(app.history)
    app.history.tree.topLevelItem(0).setExpanded(True)
    app.history.tree.topLevelItem(0).child(1).setExpanded(True)
    qtbot.wait(200)
    app.history.grab().save(str(render_dir / "history.png"))

    app.tray.activated.emit(QSystemTrayIcon.ActivationReason.DoubleClick)
    assert app.history.isVisible()


def test_a_second_start_pops_the_menu_up(qtbot, tray_host, make_tray):
    app = make_tray()
    app.show_status()
    qtbot.waitUntil(app.menu.isVisible)
    app.menu.hide()


# -- no tray: the status window ------------------------------------------------------------


def test_without_a_tray_a_status_window_keeps_the_schedule_and_says_once_how_to_get_one(
        qtbot, make_profile, make_tray, recorder, render_dir):
    make_profile()
    app = make_tray(use_tray=False)
    window = app.window
    assert window is not None and app.tray is None
    qtbot.waitExposed(window)
    assert window.hint.isVisible() and "AppIndicator" in window.hint.label.text()
    assert window.status_text() == "Last: never\nNext: today 16:00 Danish time"
    assert window.hide_button.text() == "Hide window"
    assert window.findChild(QPushButton, "quit") is None  # no Quit beside "Transfer now"
    assert app.scheduler.active
    qtbot.wait(100)
    window.grab().save(str(render_dir / "status-window.png"))

    window.transfer.click()
    assert window.transfer.text() == "Cancel transfer"
    qtbot.waitUntil(lambda: not app.runner.busy, timeout=WAIT_MS)
    assert window.status_text().startswith("Last: today 15:59 Danish time, 6 sent")
    assert window.transfer.text() == "Transfer now"

    window.hide_button.click()  # "Hide window": the schedule goes on
    assert not window.isVisible() and app.scheduler.active and recorder.quits == 0
    app.show_status()
    window.close()  # "keep running in the background?" → keep running
    assert recorder.asked == 1 and not window.isVisible() and recorder.quits == 0
    app.show_status()  # started again: the window comes back
    assert window.isVisible()
    recorder.close_choice = "quit"
    window.close()
    assert recorder.quits == 1

    again = make_tray(use_tray=False)  # the hint was said once
    assert again.window is not None and not again.window.hint.isVisible()
    assert NO_TRAY_HINT.startswith("This desktop has no area for tray icons")


def test_without_a_tray_a_problem_brings_the_window_forward(qtbot, make_profile, make_tray,
                                                           sandbox, render_dir, recorder):
    make_profile()
    sandbox.admin.revoke_grant(GRANT_TOKEN)
    app = make_tray(use_tray=False)
    app.window.hide()
    said = []
    app.notified.connect(said.append)
    run_now(qtbot, app)
    assert [n.severity for n in said] == [Severity.ATTENTION]
    assert app.window.isVisible() and app.window.notice.isVisible()
    assert "Not connected to e-conomic" in app.window.notice.label.text()
    qtbot.wait(100)
    app.window.grab().save(str(render_dir / "status-window-attention.png"))
    more = app.window.more_menu
    more.aboutToShow.emit()
    assert find_action(more, "pause-until-resumed") is not None
    quit_action = find_action(more, "quit")  # Quit… is in "More", and asks first
    assert quit_action is not None and quit_action.text() == "Quit…"
    recorder.quit_answer = False
    quit_action.trigger()
    assert recorder.quit_asked == 1 and not app.quitting
    # The warning in the window is a link to its fix (here: Settings, to connect again).
    assert app.window.status_text().startswith("⚠ Not connected to e-conomic")
    app.window.status.linkActivated.emit("line:0")
    assert recorder.launched and recorder.launched[-1][-4:-2] == ["--profile", PROFILE]


def test_history_lists_runs_files_and_lines_in_plain_words(qtbot, make_profile, make_tray,
                                                           sandbox, demo_inbox, clock,
                                                           render_dir):
    make_profile(export_type="manual")  # the day jump below makes no slot due
    app = make_tray(use_tray=False)
    history_with_a_bad_day(qtbot, app, sandbox, demo_inbox, clock)
    app.show_history()
    tree = app.history.tree
    runs = [[tree.topLevelItem(i).text(c) for c in range(4)]
            for i in range(tree.topLevelItemCount())]
    assert runs[0][:3] == ["today 11:59 Danish time", "Manual", "Needs attention"]
    assert runs[0][3].startswith("6 sent, 1 file could not be read")
    assert runs[1][:3] == ["yesterday 15:59 Danish time", "Manual", "Needs attention"]
    newest = tree.topLevelItem(0)
    children = [[newest.child(i).text(c) for c in range(3)] for i in range(newest.childCount())]
    assert children[0] == ["Problem", "", "Files that could not be read"]
    assert ["EMS_EA-20261124-160000.csv", "", "Sent"] in children
    assert ["EMS_EA-20261126-090000.csv", "", "Could not be read"] in children
    sent_file = next(newest.child(i) for i in range(newest.childCount())
                     if newest.child(i).text(0) == "EMS_EA-20261124-160000.csv")
    line = sent_file.child(0)
    assert line.text(2) == "Sent" and line.text(9).isdigit()  # its voucher number
    tree.setCurrentItem(newest)
    assert "Problem: 1 file could not be read" in app.history.details.toPlainText()
    QApplication.processEvents()
    app.history.grab().save(str(render_dir / "history-offscreen.png"))
