"""The tray as the admin meets it, against the sandbox: transfers by the clock and by click,
notifications only when someone must act, settings picked up while running, a clean quit.

These run offscreen (the status window stands in for the tray) and under a desktop session
(a real tray icon), with the same assertions: the view does not change what happens.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import sys
from pathlib import Path
from zoneinfo import ZoneInfo

from PySide6.QtWidgets import QMenu
from tray_helpers import DEMO_MARKERS, PROFILE, ShiftedClock, cph, markers_in_economic, settle

from wizard.export.report import RunStatus
from wizard.sandbox.seed import GRANT_TOKEN
from wizard.settings.secrets import store_grant_token
from wizard.settings.store import upsert_profile
from wizard.ui import autostart
from wizard.ui.tray.menu import find_action
from wizard.ui.tray.notifications import Severity
from wizard.ui.tray.state import IconState
from wizard.ui.tray.store import TrayStore

WAIT_MS = 30000


def menu_of(app) -> QMenu:
    menu = QMenu()
    app.fill_menu(menu)
    return menu


def click(app, name: str) -> None:
    menu = menu_of(app)  # keep it alive: its actions die with it
    action = find_action(menu, name)
    assert action is not None, f"no menu action {name!r}"
    assert action.isEnabled()
    action.trigger()


def last_status(app):
    profile = app.snapshot().profiles[0]
    return profile.last.status if profile.last else None


def finished_runs(app):
    return [r for r in app.ledger.runs(PROFILE) if r.finished_at]


# -- the acceptance story ------------------------------------------------------------------


def test_a_profile_due_in_a_moment_is_sent_at_that_time_without_a_click(qtbot, make_profile,
                                                                         make_tray, sandbox):
    """Started with a profile whose time is just ahead, the tray transfers the demo inbox to
    the sandbox at that time by its own timer, and History shows it."""
    make_profile(daily_time="16:00")
    clock = ShiftedClock(cph(2026, 11, 25, 15, 59, 58))  # real seconds, shifted to 15:59:58
    app = make_tray(clock=clock)
    assert app.ledger.runs(PROFILE) == []
    qtbot.waitUntil(lambda: last_status(app) is RunStatus.OK and not app.runner.busy,
                    timeout=WAIT_MS)

    run = app.ledger.runs(PROFILE)[0]
    assert (run.trigger, run.slot) == ("scheduled", "2026-11-25T16:00")
    assert set(markers_in_economic(sandbox.base_url)) == DEMO_MARKERS
    assert app.snapshot().status_lines() == ["Last: today 16:00 Danish time, 6 sent",
                                             "Next: tomorrow 16:00 Danish time"]

    app.show_history()
    top = app.history.tree.topLevelItem(0)
    assert [top.text(i) for i in range(3)] == ["today 16:00 Danish time", "Scheduled",
                                                "Sent"]
    assert top.text(3) == "6 sent"
    rows = [top.child(i).text(0) for i in range(top.childCount())]
    assert rows == ["EMS_EA-20261124-160000.csv", "EMS_EA-20261125-160000.csv",
                    "Receipt kvittering-hotel-aarhus.pdf", "Receipt kvittering-frokost.png"]


def test_transfer_now_sends_and_the_state_becomes_ok(qtbot, make_profile, make_tray, sandbox):
    make_profile()
    app = make_tray()
    qtbot.waitUntil(lambda: app.connections.get(PROFILE) is not None, timeout=WAIT_MS)
    assert app.snapshot().tooltip().splitlines()[-1] == "Demo Regnskab ApS (agreement 1234567)"
    click(app, "transfer-now")
    assert app.snapshot().icon_state() is IconState.TRANSFERRING
    menu = menu_of(app)
    assert find_action(menu, "cancel-transfer") is not None
    qtbot.waitUntil(lambda: not app.runner.busy, timeout=WAIT_MS)
    assert app.snapshot().icon_state() is IconState.OK
    assert app.snapshot().status_lines() == ["Last: today 15:59 Danish time, 6 sent",
                                             "Next: today 16:00 Danish time"]
    assert markers_in_economic(sandbox.base_url).total() == 6


def test_a_revoked_grant_says_not_connected_once_and_then_that_it_works_again(
        qtbot, make_profile, make_tray, sandbox, clock):
    make_profile()
    app = make_tray()
    said = []
    app.notified.connect(said.append)
    sandbox.admin.revoke_grant(GRANT_TOKEN)

    for _ in range(2):  # the same problem on two runs: told once, then answered plainly
        app.transfer_now()
        qtbot.waitUntil(lambda: not app.runner.busy, timeout=WAIT_MS)
        clock.advance(minutes=1)
    assert app.snapshot().icon_state() is IconState.NOT_CONNECTED
    assert [n.severity for n in said] == [Severity.ATTENTION, Severity.ATTENTION]
    assert said[0].title == "Not connected to e-conomic"
    assert said[1].message == ("Nothing was sent.\n"
                               "Needs you: Not connected to e-conomic. See History.")
    assert "⚠ Not connected to e-conomic" in app.snapshot().status_lines()
    said.clear()

    grant = sandbox.admin.create_grant()
    store_grant_token(PROFILE, grant)  # reconnected in Settings
    app.transfer_now()
    qtbot.waitUntil(lambda: len(said) == 1, timeout=WAIT_MS)
    assert said[0].severity is Severity.RECOVERED
    assert app.snapshot().icon_state() is IconState.OK
    assert set(markers_in_economic(sandbox.base_url, grant)) == DEMO_MARKERS


def test_routine_scheduled_success_is_silent(qtbot, make_profile, make_tray, clock):
    make_profile()
    app = make_tray()
    said = []
    app.notified.connect(said.append)
    clock.advance(minutes=2)  # 16:01: today's slot is due
    app.scheduler.tick()
    qtbot.waitUntil(lambda: len(finished_runs(app)) == 1 and not app.runner.busy,
                    timeout=WAIT_MS)
    assert [r.status for r in finished_runs(app)] == ["ok"]
    assert said == []


def test_transfer_now_answers_with_what_was_sent(qtbot, make_profile, make_tray):
    make_profile()
    app = make_tray()
    said = []
    app.notified.connect(said.append)
    app.transfer_now()
    qtbot.waitUntil(lambda: said != [], timeout=WAIT_MS)
    assert (said[0].severity, said[0].title) == (Severity.FEEDBACK, "Transfer finished")
    summary = app.ledger.runs(PROFILE)[0].summary
    if "sent_totals" in summary:  # History's helper adds the totals to the run summary
        assert said[0].message.startswith("6 expenses sent, ")
    else:
        assert said[0].message == "6 expenses sent."
    app.transfer_now()  # nothing left: said so, not silence
    qtbot.waitUntil(lambda: len(said) == 2, timeout=WAIT_MS)
    assert said[1].message == "Nothing was waiting in the inbox."


def test_a_slot_missed_while_off_is_caught_up_once_at_start(qtbot, make_profile, make_tray,
                                                           clock):
    make_profile(daily_time="08:00")
    TrayStore().set_first_seen(PROFILE, cph(2026, 11, 20, 12, 0))  # set up days ago
    app = make_tray()  # started at 15:59: today's 08:00 was missed
    qtbot.waitUntil(lambda: len(finished_runs(app)) == 1 and not app.runner.busy,
                    timeout=WAIT_MS)
    run = finished_runs(app)[0]
    assert (run.trigger, run.slot, run.status) == ("catch-up", "2026-11-25T08:00", "ok")
    clock.advance(minutes=10)
    app.scheduler.tick()
    assert not app.runner.busy and len(app.ledger.runs(PROFILE)) == 1


def test_the_daily_summary_is_off_until_switched_on_in_the_menu(qtbot, make_profile, make_tray,
                                                                  clock):
    make_profile(daily_time="08:00")
    TrayStore().set_first_seen(PROFILE, cph(2026, 11, 20, 12, 0))  # set up days ago
    app = make_tray(start_delay_s=3600)  # no catch-up yet: first switch the summary on
    said = []
    app.notified.connect(said.append)
    menu = menu_of(app)
    summary = find_action(menu, "daily-summary")
    assert summary.isCheckable() and not summary.isChecked()  # off by default
    summary.trigger()
    assert TrayStore().daily_summary
    app.scheduler.tick()  # today's 08:00 was missed: caught up now
    qtbot.waitUntil(lambda: said != [], timeout=WAIT_MS)
    assert said[0].severity is Severity.SUMMARY
    assert said[0].message.startswith("6 expenses sent")
    assert find_action(menu_of(app), "daily-summary").isChecked()


def test_manual_profiles_wait_for_a_click(qtbot, make_profile, make_tray, clock):
    make_profile(export_type="manual")
    app = make_tray()
    clock.advance(hours=2)
    app.scheduler.tick()
    assert not app.runner.busy and app.ledger.runs(PROFILE) == []
    assert app.snapshot().status_lines()[1] == "Next: when you choose Transfer now"


def test_pause_from_the_menu_holds_the_slot_and_resume_sends_it(qtbot, make_profile, make_tray,
                                                               clock):
    make_profile()
    app = make_tray()
    click(app, "pause-until-resumed")
    assert app.snapshot().icon_state() is IconState.PAUSED
    clock.advance(minutes=30)
    app.scheduler.tick()
    assert app.ledger.runs(PROFILE) == []
    assert TrayStore().paused_until is not None  # survives a restart
    click(app, "resume")
    qtbot.waitUntil(lambda: len(finished_runs(app)) == 1 and not app.runner.busy,
                    timeout=WAIT_MS)
    assert finished_runs(app)[0].trigger == "catch-up"


def test_until_tomorrow_ends_at_midnight_in_the_exports_zone(qtbot, make_profile, make_tray):
    make_profile(time_zone="Europe/London")
    app = make_tray()
    click(app, "pause-tomorrow")
    assert TrayStore().paused_until == dt.datetime(2026, 11, 26, 0, 0, tzinfo=ZoneInfo(
        "Europe/London"))
    assert app.snapshot().status_lines()[1] == "Next: paused until tomorrow 00:00 UK time"


# -- settings, menu actions ----------------------------------------------------------------


def test_a_profile_saved_by_another_process_is_picked_up(qtbot, make_tray, make_profile):
    app = make_tray()
    assert app.profiles == []
    assert app.snapshot().status_lines() == [
        "No export is set up yet. Open Settings… to set one up."]
    profile = make_profile()  # the wizard (another process) saves the profiles file
    qtbot.waitUntil(lambda: [p.name for p in app.profiles] == [PROFILE], timeout=5000)
    upsert_profile(dataclasses.replace(profile, daily_time="18:30"))
    qtbot.waitUntil(lambda: app.profiles[0].daily_time == "18:30", timeout=5000)
    assert app.snapshot().status_lines()[1] == "Next: today 18:30 Danish time"


def test_start_at_login_from_the_menu_writes_and_removes_the_autostart_entry(qtbot, make_tray):
    app = make_tray()
    menu = menu_of(app)
    action = find_action(menu, "start-at-login")
    assert action.isCheckable() and not action.isChecked()
    action.trigger()
    assert autostart.xdg_autostart_path().is_file()
    assert "-m wizard tray" in autostart.xdg_autostart_path().read_text(encoding="utf-8")
    menu = menu_of(app)  # rebuilt: it re-reads the OS state
    action = find_action(menu, "start-at-login")
    assert action.isChecked()
    action.trigger()
    assert not autostart.xdg_autostart_path().exists()


def test_menu_actions_open_what_they_say(qtbot, make_profile, make_tray, recorder, opened,
                                         demo_inbox):
    make_profile()
    app = make_tray()
    click(app, "open-inbox")
    click(app, "open-log")
    click(app, "settings")
    assert opened[0] == str(demo_inbox)
    assert opened[1].endswith("acubiz-export.log")
    assert recorder.launched[0][-4:] == ["setup", "--settings", "--lang", "en"]
    click(app, "help")
    assert "0." in app.last_message[1] or "+source" in app.last_message[1]
    click(app, "history")
    assert app.history.isVisible()


def test_open_log_and_inbox_say_where_they_are_when_nothing_opens_them(
        qtbot, make_profile, make_tray, monkeypatch, demo_inbox):
    from PySide6.QtGui import QDesktopServices, QGuiApplication
    from PySide6.QtWidgets import QPushButton

    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: False)
    make_profile()
    app = make_tray()
    click(app, "open-inbox")
    assert app.last_message == ("The inbox folder could not be opened",
                                f"No program on this computer opened the folder. It is here:"
                                f"\n{demo_inbox}")
    copy = app._path_box.findChild(QPushButton, "copy-path")
    copy.click()
    assert QGuiApplication.clipboard().text() == str(demo_inbox)
    click(app, "open-log")
    assert app.last_message[0] == "The log could not be opened"
    assert app.last_message[1].endswith("acubiz-export.log")


def test_several_profiles_get_one_sub_menu_each(qtbot, make_profile, make_tray, tmp_path):
    from tray_helpers import copy_demo_inbox

    make_profile()
    make_profile("1. Kørsel", inbox=copy_demo_inbox(tmp_path / "other"), export_type="manual")
    app = make_tray()
    menu = menu_of(app)
    subs = [a.menu().objectName() for a in menu.actions() if a.menu()]
    assert subs == ["profile:2. Omkostninger", "profile:1. Kørsel", "pause-menu"]
    assert find_action(menu, "transfer-now").text() in ("Transfer now", "Transfer all now")


def test_history_copies_the_problem_details_without_tokens(qtbot, make_profile, make_tray,
                                                           sandbox):
    from PySide6.QtGui import QGuiApplication

    make_profile()
    sandbox.admin.revoke_grant(GRANT_TOKEN)
    app = make_tray()
    app.transfer_now()
    qtbot.waitUntil(lambda: not app.runner.busy, timeout=WAIT_MS)
    app.show_history()
    text = app.history.copy_details()
    assert "Problem: Not connected to e-conomic\n" in text and "not-connected" not in text
    assert QGuiApplication.clipboard().text() == text
    assert GRANT_TOKEN not in text
    with qtbot.waitSignal(app.runner.finished, timeout=WAIT_MS):
        app.history.retry_button.click()


def _line_row(history, line_id):
    top = history.tree.topLevelItem(0)
    for f in range(top.childCount()):
        file = top.child(f)
        for i in range(file.childCount()):
            if file.child(i).text(0).endswith(f"· {line_id}"):
                return file.child(i)
    raise AssertionError(f"no line {line_id} in History")


def test_send_again_posts_a_sent_line_a_second_time_only_after_the_warning(
        qtbot, make_profile, make_tray, sandbox, monkeypatch):
    from wizard.ui.tray import history_window

    make_profile()
    app = make_tray()
    app.transfer_now()
    qtbot.waitUntil(lambda: not app.runner.busy, timeout=WAIT_MS)
    app.show_history()
    history = app.history

    history.tree.setCurrentItem(history.tree.topLevelItem(0))
    assert not history.send_again_button.isEnabled()  # a run is not a line
    history.tree.setCurrentItem(_line_row(history, "1000001-1"))
    assert history.send_again_button.isEnabled()

    asked = []
    monkeypatch.setattr(history_window, "confirm_send_again",
                        lambda _parent, title, text: asked.append(text) or False)
    history.send_again_button.click()
    assert "second time" in asked[0] and "booked twice" in asked[0]
    assert not app.runner.busy and history.feedback.text() == "Not sent again."

    monkeypatch.setattr(history_window, "confirm_send_again", lambda *_: True)
    with qtbot.waitSignal(app.runner.finished, timeout=WAIT_MS) as finished:
        history.send_again_button.click()
    request, summary = finished.args
    assert (request.trigger, request.send_again) == ("send-again", "1000001-1")
    assert summary["status"] == "ok", summary
    markers = markers_in_economic(sandbox.base_url)
    assert markers["[EMS:1000001-1]"] == 1 and markers["[EMS:1000001-1+2]"] == 1
    assert markers.total() == 7

    qtbot.waitUntil(lambda: history.tree.topLevelItem(0).text(1) == "Sent again")
    assert history.tree.topLevelItem(0).text(3) == "1 sent"


# -- quitting ------------------------------------------------------------------------------


def test_quitting_during_a_run_waits_for_it_to_stop(qtbot, make_profile, make_tray, recorder,
                                                   tmp_path, monkeypatch):
    make_profile()
    monkeypatch.setenv("FAKE_WORKER_DIR", str(tmp_path))
    fake = [sys.executable, str(Path(__file__).with_name("fake_worker.py"))]
    app = make_tray(worker=lambda arguments: [*fake, *arguments])
    app.transfer_now()
    qtbot.waitUntil(lambda: (tmp_path / "calls.jsonl").exists(), timeout=10000)
    recorder.quit_answer = False  # "Transfers stop until you start the program again" → No
    click(app, "quit")
    assert recorder.quit_asked == 1 and not app.quitting
    recorder.quit_answer = True
    click(app, "quit")
    assert recorder.quit_asked == 2
    qtbot.waitUntil(lambda: (tmp_path / "cancelled.txt").exists(), timeout=10000)
    qtbot.waitUntil(lambda: recorder.quits == 1, timeout=10000)
    assert app.runner.current is None  # it quit after the run had stopped, not before


def test_quitting_waits_no_longer_than_its_bound(qtbot, make_profile, make_tray, recorder,
                                                 tmp_path, monkeypatch):
    make_profile()
    monkeypatch.setenv("FAKE_WORKER_DIR", str(tmp_path))
    stubborn = [sys.executable, "-c", "import time; time.sleep(60)"]
    app = make_tray(worker=lambda arguments: stubborn, quit_wait_s=0.5)
    app.transfer_now()
    qtbot.waitUntil(lambda: app.runner.current is not None)
    app.quit()
    assert recorder.quits == 0
    assert app.snapshot().status_lines() == ["Stopping after the current step…"]
    qtbot.waitUntil(lambda: recorder.quits == 1, timeout=5000)
    app.runner.kill()  # what the program does after the event loop when it must


def test_quitting_during_a_real_run_leaves_a_finished_ledger_record(qtbot, make_profile,
                                                                     make_tray, recorder,
                                                                     sandbox):
    make_profile()
    sandbox.admin.set_faults(latency_ms=150)
    app = make_tray()
    app.transfer_now()
    qtbot.waitUntil(lambda: app.ledger.runs(PROFILE) != [], timeout=WAIT_MS)
    app.quit()
    qtbot.waitUntil(lambda: recorder.quits == 1, timeout=WAIT_MS)
    assert app.runner.current is None
    assert app.ledger.runs(PROFILE)[0].finished_at is not None


# -- attention lasts as long as its cause (the acceptance story of issue 13) ----------------


def good_file(inbox: Path, day: int) -> None:
    """Another day's Acubiz file with one expense on an account that works."""
    name = f"EMS_EA-202612{day:02d}-160000.csv"
    travel = f"20000{day:02d}-1"
    (inbox / name).write_text(
        f"1;{day:02d}-11-2026;f;3600;I25;100,00;DKK;100,00;DKK;Kontorartikler {day};"
        f"Administration;;;;;;;;;MJ;Mette Jensen;{travel};;;1;;;;;;\n"
        f"2;{day:02d}-11-2026;f;5900;;-100,00;DKK;-100,00;DKK;Kontorartikler {day};;;;;;;;;;;;;;"
        f";;;;;;;\n", encoding="cp1252")
    settle(inbox)


def test_a_held_posting_keeps_the_tray_orange_across_good_runs_until_it_is_sent(
        qtbot, make_profile, make_tray, sandbox, demo_inbox, clock):
    make_profile(export_type="manual")  # runs only when told: the test moves the days
    sandbox.admin.bar_account(2750)  # two demo expenses are booked on a barred account
    app = make_tray(use_tray=False)
    said = []
    app.notified.connect(said.append)
    app.transfer_now()
    qtbot.waitUntil(lambda: not app.runner.busy and said != [], timeout=WAIT_MS)
    assert app.snapshot().icon_state() is IconState.ATTENTION
    assert app.snapshot().status_lines()[0] == "2 expenses wait for a fix"
    assert app.snapshot().tooltip().splitlines()[1] == "2 expenses wait for a fix"

    for day in (26, 27, 28):  # three good runs of other files: still orange
        clock.advance(days=1)
        good_file(demo_inbox, day)
        said.clear()
        app.transfer_now()
        qtbot.waitUntil(lambda: not app.runner.busy and said != [], timeout=WAIT_MS)
        assert app.ledger.runs(PROFILE, 1)[0].summary["counts"]["sent"] == 1
        assert app.snapshot().icon_state() is IconState.ATTENTION
        assert said[0].message.endswith("Needs you: 2 expenses wait for a fix. See History.")
    menu = menu_of(app)
    first = menu.actions()[0]
    assert (first.objectName(), first.text()) == ("problem", "2 expenses wait for a fix — Show")
    assert first.isEnabled()
    first.trigger()  # opens History (at the problem, once History offers that view)
    assert app.history.isVisible()
    assert "2 expenses wait for a fix" in app.window.status_text()

    sandbox.admin.bar_account(2750, barred=False)  # the cause is fixed in e-conomic
    app.transfer_now()
    qtbot.waitUntil(lambda: not app.runner.busy, timeout=WAIT_MS)
    assert app.snapshot().icon_state() is IconState.OK
    assert app.snapshot().status_lines()[0].startswith("Last: today 15:59 Danish time, 2 sent")
    assert set(markers_in_economic(sandbox.base_url)) >= DEMO_MARKERS


def test_a_held_posting_set_aside_turns_the_tray_green_without_a_run(
        qtbot, make_profile, make_tray, sandbox):
    make_profile(export_type="manual")
    sandbox.admin.bar_account(2750)
    app = make_tray()
    app.transfer_now()
    qtbot.waitUntil(lambda: not app.runner.busy, timeout=WAIT_MS)
    assert app.snapshot().status_lines()[0] == "2 expenses wait for a fix"
    app.ledger.set_aside(PROFILE, "1000001-1", by="test")  # "Don't send this" (CLI)
    assert app.snapshot().status_lines()[0] == "1 expense waits for a fix"
    assert app.snapshot().icon_state() is IconState.ATTENTION
    app.show_history()  # the other one from History: "Don't send this…", then the tray
    app.history._confirm_aside = lambda *_args: True
    app.history.only_problems.setChecked(False)
    held = next(row for row in _rows(app.history.tree.invisibleRootItem())
                if row.text(0).endswith("· 1000004-1"))
    app.history.tree.setCurrentItem(held)
    app.history.set_aside_button.click()
    assert app.snapshot().icon_state() is IconState.OK
    assert app.snapshot().status_lines()[0].startswith("Last: ")
    assert app.history.feedback.text().endswith("is set aside: it will not be sent.")
    held = next(row for row in _rows(app.history.tree.invisibleRootItem())
                if row.text(0).endswith("· 1000004-1"))  # History was read again
    assert held.text(2) == "Set aside (not sent)"
    app.history.tree.setCurrentItem(held)
    assert not app.history.set_aside_button.isEnabled()
    assert [r.line_id for r in app.ledger.held(PROFILE, set_aside=True)] == [
        "1000001-1", "1000004-1"]


def _rows(item):
    found = []
    for i in range(item.childCount()):
        found += [item.child(i), *_rows(item.child(i))]
    return found


def test_a_receipt_that_waits_for_its_file_keeps_attention_until_it_is_attached(
        qtbot, make_profile, make_tray, demo_inbox, clock):
    make_profile(export_type="manual")
    receipt = demo_inbox / "kvittering-frokost.png"
    kept = receipt.read_bytes()
    receipt.unlink()  # Acubiz wrote the posting before the receipt's file
    app = make_tray()
    app.transfer_now()
    qtbot.waitUntil(lambda: not app.runner.busy, timeout=WAIT_MS)
    assert app.snapshot().icon_state() is IconState.ATTENTION
    assert app.snapshot().status_lines()[0] == "1 receipt waits for its file"

    receipt.write_bytes(kept)
    settle(demo_inbox)
    clock.advance(hours=1)
    app.transfer_now()
    qtbot.waitUntil(lambda: not app.runner.busy, timeout=WAIT_MS)
    assert app.snapshot().icon_state() is IconState.OK


def test_receipts_the_admin_dealt_with_stop_the_reminder(qtbot, make_profile, make_tray,
                                                         demo_inbox, clock):
    make_profile(export_type="manual")
    (demo_inbox / "kvittering-frokost.png").unlink()  # it will never come: attached by hand
    app = make_tray()
    app.transfer_now()
    qtbot.waitUntil(lambda: not app.runner.busy, timeout=WAIT_MS)
    assert app.snapshot().status_lines()[0] == "1 receipt waits for its file"
    click(app, "acknowledge-receipts")  # "Receipts dealt with — stop reminding"
    assert app.snapshot().icon_state() is IconState.OK
    assert find_action(menu_of(app), "acknowledge-receipts") is None
    assert len(TrayStore().acknowledged_receipts(PROFILE)) == 1  # kept across a restart

    clock.advance(hours=1)
    app.transfer_now()  # the receipt still has no file: no new reminder for it
    qtbot.waitUntil(lambda: not app.runner.busy, timeout=WAIT_MS)
    assert app.snapshot().icon_state() is IconState.OK


def test_transfer_all_now_answers_once_for_all_exports(qtbot, make_profile, make_tray,
                                                       tmp_path):
    other = tmp_path / "other"
    other.mkdir()
    good_file(other, 26)
    make_profile(export_type="manual")
    make_profile("1. Kørsel", inbox=other, export_type="manual")
    app = make_tray()
    said = []
    app.notified.connect(said.append)
    app.transfer_now()  # "Transfer all now"
    qtbot.waitUntil(lambda: not app.runner.busy and said != [], timeout=WAIT_MS)
    qtbot.wait(200)
    assert len(said) == 1
    lines = said[0].message.splitlines()  # with the totals once the report carries them
    assert lines[0].startswith(f"{PROFILE}: 6 expenses sent")
    assert lines[1].startswith("1. Kørsel: 1 expense sent")


def test_a_never_connected_export_is_told_to_connect_it_and_a_refused_one_again(
        qtbot, make_profile, make_tray, sandbox, clock):
    """The connection check says whether a token was stored: the status words say
    "connect it" the first time and "again" only after e-conomic refused a stored one."""
    from wizard.commands.worker import check_connection

    never = make_profile(connect=False)
    checked = check_connection(never, clock)
    assert checked.had_token is False
    app = make_tray(use_tray=False)
    app.connections[PROFILE] = checked
    app.refresh()
    problem = app.snapshot().profiles[0].admin_problems[0]
    assert problem.message.endswith("Open Settings and connect it to e-conomic.")

    make_profile()  # connected in Settings; later e-conomic refuses the token
    sandbox.admin.revoke_grant(GRANT_TOKEN)
    refused = check_connection(never, clock)
    assert refused.had_token is True
    app.connections[PROFILE] = refused
    problem = app.snapshot().profiles[0].admin_problems[0]
    assert problem.message.endswith("connect the app to e-conomic again.")
