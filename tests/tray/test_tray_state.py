"""What the tray draws and says, from reports and ledger records: no Qt, no display."""

from __future__ import annotations

import dataclasses
import datetime as dt
from types import SimpleNamespace

import pytest
from tray_helpers import CPH, cph

from wizard.export.report import (
    FileResult,
    FileState,
    LineResult,
    LineState,
    ProblemKind,
    RunProblem,
    RunReport,
    RunStatus,
)
from wizard.ui.tray.state import (
    PAUSED_FOREVER,
    Connection,
    ConnectionState,
    IconState,
    LastRun,
    LineTarget,
    Outstanding,
    PauseChoice,
    ProfileState,
    TraySnapshot,
    expenses_sent_words,
    humanise,
    money_words,
    pause_end,
)

NOW = cph(2026, 11, 25, 16, 5)  # a Wednesday
SLOT = cph(2026, 11, 25, 16, 0)


def report(status=RunStatus.OK, sent=12, problems=(), at=SLOT):
    stamp = at.astimezone(dt.UTC).isoformat(timespec="seconds")
    lines = [LineResult(f"L{i}", i, LineState.SENT, voucher_number=100 + i) for i in range(sent)]
    result = RunReport(profile="2. Omkostninger", trigger="scheduled", started_at=stamp,
                       finished_at=stamp, status=status, message=f"{sent} sent")
    result.files = [FileResult("EMS_EA-1.csv", FileState.SENT, lines)] if sent else []
    result.problems = list(problems)
    return result


def problem(kind, title="Something", message="Do something."):
    return RunProblem(kind=kind, title=title, message=message)


def snapshot(*profiles, **options):
    options.setdefault("now", NOW)
    return TraySnapshot(profiles=tuple(profiles), **options)


def profile(last=None, **fields):
    fields.setdefault("name", "2. Omkostninger")
    fields.setdefault("scheduled", True)
    fields.setdefault("enabled", True)
    fields.setdefault("next_run", cph(2026, 11, 26, 16, 0))
    return ProfileState(last=last, **fields)


# -- words for times -----------------------------------------------------------------------


@pytest.mark.parametrize(("moment", "words"), [
    (cph(2026, 11, 25, 16, 0), "today 16:00"),
    (cph(2026, 11, 24, 16, 0), "yesterday 16:00"),
    (cph(2026, 11, 26, 16, 0), "tomorrow 16:00"),
    (cph(2026, 11, 28, 9, 30), "Sat 09:30"),
    (cph(2026, 11, 20, 16, 0), "Fri 16:00"),
    (cph(2026, 10, 1, 16, 0), "1 Oct 16:00"),
    (cph(2025, 12, 24, 16, 0), "24 Dec 2025 16:00"),
])
def test_times_are_said_in_day_words_of_local_time(moment, words):
    assert humanise(moment, NOW, CPH) == words


def test_day_words_follow_the_local_date_not_utc():
    # 00:30 in Copenhagen is still the previous day in UTC.
    assert humanise(cph(2026, 11, 26, 0, 30), cph(2026, 11, 26, 0, 45), CPH) == "today 00:30"


# -- the icon ------------------------------------------------------------------------------


def test_a_good_run_is_ok_and_says_what_was_sent_and_when_next():
    view = snapshot(profile(LastRun.from_report(report())))
    assert view.icon_state() is IconState.OK
    assert view.status_lines() == ["Last: today 16:00 Danish time, 12 sent",
                                   "Next: tomorrow 16:00 Danish time"]


def test_nothing_to_send_stays_ok():
    view = snapshot(profile(LastRun.from_report(report(RunStatus.NOTHING_TO_SEND, sent=0))))
    assert view.icon_state() is IconState.OK
    assert "nothing to send" in view.status_lines()[0]


@pytest.mark.parametrize("kind", [
    ProblemKind.JOURNAL_MISSING, ProblemKind.YEAR_CLOSED, ProblemKind.FILES_REJECTED,
    ProblemKind.VOUCHERS_REFUSED, ProblemKind.NO_RIGHTS, ProblemKind.SETTINGS,
    ProblemKind.ACCOUNT_PROBLEM,
])
def test_problems_the_admin_must_fix_need_attention(kind):
    run = LastRun.from_report(report(RunStatus.ATTENTION, sent=0,
                                     problems=[problem(kind, "Journal gone")]))
    view = snapshot(profile(run))
    assert view.icon_state() is IconState.ATTENTION
    assert view.status_lines() == ["⚠ Journal gone",
                                   "Last: today 16:00 Danish time, nothing sent",
                                   "Next: tomorrow 16:00 Danish time"]
    assert view.lines()[0].target is LineTarget.HISTORY  # a click opens History there


def test_not_connected_has_its_own_icon():
    run = LastRun.from_report(report(RunStatus.ATTENTION, sent=0, problems=[
        problem(ProblemKind.NOT_CONNECTED, "Not connected to e-conomic")]))
    assert snapshot(profile(run)).icon_state() is IconState.NOT_CONNECTED


def test_no_token_stored_is_not_connected_before_any_run():
    checked = Connection(ConnectionState.NOT_CONNECTED, checked_at=NOW)
    view = snapshot(profile(None, connection=checked))
    assert view.icon_state() is IconState.NOT_CONNECTED
    assert view.status_lines()[0] == "⚠ Not connected to e-conomic"
    assert view.lines()[0].target is LineTarget.SETTINGS  # the fix is in Settings


@pytest.mark.parametrize(("had_token", "fix"), [
    (False, "Open Settings and connect it to e-conomic."),  # never connected here
    (True, "Open Settings and connect the app to e-conomic again."),  # e-conomic refused it
    (None, "Open Settings and connect the app to e-conomic again."),  # an older check
])
def test_again_only_for_an_export_that_was_connected(had_token, fix):
    checked = Connection(ConnectionState.NOT_CONNECTED, checked_at=NOW, had_token=had_token)
    problems = profile(None, connection=checked).admin_problems
    assert problems[0].message.endswith(fix)
    assert ("again" in problems[0].message) is (had_token is not False)


def test_a_run_without_a_token_says_connect_it_not_again():
    """The engine says "again"; its details say no token was ever stored here."""
    never = RunProblem(
        kind=ProblemKind.NOT_CONNECTED, title="Not connected to e-conomic",
        title_da="Ikke forbundet til e-conomic",
        message='"2. Omkostninger" has no e-conomic connection on this computer. Open'
                " Settings and connect the app to e-conomic again.",
        message_da='"2. Omkostninger" har ingen forbindelse til e-conomic på denne computer.'
                   " Åbn Indstillinger, og forbind appen til e-conomic igen.",
        details="no grant token")
    run = LastRun.from_report(report(RunStatus.ATTENTION, sent=0, problems=[never]))
    assert run.problems[0].message.endswith("Open Settings and connect it to e-conomic.")
    refused = dataclasses.replace(never, details="logId abc")
    run = LastRun.from_report(report(RunStatus.ATTENTION, sent=0, problems=[refused]))
    assert run.problems[0].message.endswith("connect the app to e-conomic again.")


def test_reconnecting_in_settings_clears_not_connected_before_the_next_run():
    run = LastRun.from_report(report(RunStatus.ATTENTION, sent=0, problems=[
        problem(ProblemKind.NOT_CONNECTED, "Not connected to e-conomic")]))
    later = Connection(ConnectionState.CONNECTED, "Demo ApS", 1234567,
                       checked_at=cph(2026, 11, 25, 16, 3))
    assert snapshot(profile(run, connection=later)).icon_state() is IconState.OK


def test_waiting_is_ok_and_says_it_will_try_again():
    run = LastRun.from_report(report(RunStatus.WAITING, sent=0, problems=[
        problem(ProblemKind.NETWORK, "No connection to e-conomic")]))
    view = snapshot(profile(run))
    assert view.icon_state() is IconState.OK
    assert view.status_lines() == [
        "Last: today 16:00 Danish time, no connection to e-conomic",
        "Next try: tomorrow 16:00 Danish time"]


def test_an_unexpected_failure_is_an_error():
    run = LastRun.from_report(report(RunStatus.ERROR, sent=0, problems=[
        problem(ProblemKind.UNEXPECTED, "The transfer stopped unexpectedly")]))
    assert snapshot(profile(run)).icon_state() is IconState.ERROR


def test_transferring_wins_while_it_lasts():
    run = LastRun.from_report(report(RunStatus.ATTENTION, sent=0,
                                     problems=[problem(ProblemKind.YEAR_CLOSED)]))
    view = snapshot(profile(run, running=True))
    assert view.icon_state() is IconState.TRANSFERRING
    assert view.status_lines()[0] == "Transferring now…"


def test_paused_shows_until_when():
    view = snapshot(profile(LastRun.from_report(report())),
                    paused_until=cph(2026, 11, 25, 17, 5))
    assert view.icon_state() is IconState.PAUSED
    assert view.status_lines() == ["Last: today 16:00 Danish time, 12 sent",
                                   "Next: paused until today 17:05 Danish time"]
    forever = snapshot(profile(LastRun.from_report(report())), paused_until=PAUSED_FOREVER)
    assert "paused until you resume" in forever.status_lines()[1]


def test_attention_shows_even_while_paused():
    run = LastRun.from_report(report(RunStatus.ATTENTION, sent=0,
                                     problems=[problem(ProblemKind.YEAR_CLOSED)]))
    assert snapshot(profile(run), paused_until=PAUSED_FOREVER).icon_state() is IconState.ATTENTION


def test_manual_profiles_say_how_they_run():
    view = snapshot(profile(None, scheduled=False, next_run=None))
    assert view.status_lines() == ["Last: never", "Next: when you choose Transfer now"]


def test_several_profiles_the_worst_wins_and_problems_are_named():
    good = profile(LastRun.from_report(report()), name="1. Kørsel")
    bad = profile(LastRun.from_report(report(RunStatus.ATTENTION, sent=0, problems=[
        problem(ProblemKind.JOURNAL_MISSING, "The journal is gone")])))
    view = snapshot(good, bad)
    assert view.icon_state() is IconState.ATTENTION
    assert view.status_lines() == ["⚠ 2. Omkostninger: The journal is gone",
                                   "Last: today 16:00 Danish time",
                                   "Next: tomorrow 16:00 Danish time"]


def test_no_profiles_says_how_to_start():
    view = snapshot()
    assert view.icon_state() is IconState.NOT_CONNECTED
    assert "Settings" in view.status_lines()[0]


def test_tooltip_names_the_company_and_agreement():
    connected = Connection(ConnectionState.CONNECTED, "Demo Regnskab ApS", 1234567, NOW)
    view = snapshot(profile(LastRun.from_report(report()), connection=connected))
    assert view.tooltip().splitlines() == [
        "Acubiz e-conomic Export: all is well",
        "Last: today 16:00 Danish time, 12 sent",
        "Next: tomorrow 16:00 Danish time",
        "Demo Regnskab ApS (agreement 1234567)",
    ]
    lost = snapshot(profile(None, connection=Connection(ConnectionState.NOT_CONNECTED,
                                                         checked_at=NOW)))
    assert "not connected" in lost.tooltip()


def test_a_run_that_never_finished_says_so():
    record = SimpleNamespace(run_id=3, profile="p", trigger="scheduled", slot="2026-11-25T16:00",
                             started_at="2026-11-25T15:00:00+00:00", finished_at=None,
                             status=None, message=None, summary={})
    run = LastRun.from_record(record)
    assert run.status is None
    assert "did not finish" in snapshot(profile(run)).status_lines()[0]


def test_ledger_records_read_like_reports():
    original = report(RunStatus.ATTENTION, sent=3, problems=[problem(ProblemKind.YEAR_CLOSED)])
    record = SimpleNamespace(run_id=7, profile="p", trigger="scheduled", slot="2026-11-25T16:00",
                             started_at=original.started_at, finished_at=original.finished_at,
                             status="attention", message="3 sent, x", summary=original.to_json())
    run = LastRun.from_record(record)
    assert (run.status, run.sent, run.slot, run.run_id) == (RunStatus.ATTENTION, 3,
                                                            "2026-11-25T16:00", 7)
    assert [p.kind for p in run.problems] == [ProblemKind.YEAR_CLOSED]


def test_pause_choices():
    now = cph(2026, 11, 25, 16, 5)
    assert pause_end(PauseChoice.HOUR, now, CPH) == cph(2026, 11, 25, 17, 5)
    assert pause_end(PauseChoice.TOMORROW, now, CPH) == cph(2026, 11, 26, 0, 0)
    assert pause_end(PauseChoice.UNTIL_RESUMED, now, CPH) == PAUSED_FOREVER


# -- attention lasts as long as its cause ---------------------------------------------------

GOOD = LastRun.from_report(report())  # the last run went well (other files were sent)
HELD_RUN = LastRun.from_report(report(RunStatus.ATTENTION, sent=4, problems=[
    problem(ProblemKind.POSTINGS_HELD, "2 postings are held")]))
NOTHING = Outstanding()


@pytest.mark.parametrize(("last", "now_waiting", "icon", "first_line"), [
    # what the ledger holds now decides, whatever the last run said:
    (GOOD, Outstanding(held=2), IconState.ATTENTION, "2 expenses wait for a fix"),
    (GOOD, Outstanding(held=1), IconState.ATTENTION, "1 expense waits for a fix"),
    (None, Outstanding(held=3), IconState.ATTENTION, "3 expenses wait for a fix"),
    (GOOD, Outstanding(receipts_waiting=1), IconState.ATTENTION, "1 receipt waits for its file"),
    (GOOD, Outstanding(receipts_waiting=2), IconState.ATTENTION,
     "2 receipts wait for their files"),
    (GOOD, Outstanding(receipts_by_hand=1), IconState.ATTENTION,
     "1 receipt must be attached by hand"),
    (GOOD, Outstanding(held=1, receipts_by_hand=2), IconState.ATTENTION,
     "1 expense waits for a fix"),
    # the run that held them, once they are sent or set aside: green, not its old word
    (HELD_RUN, NOTHING, IconState.OK, "Last: today 16:00 Danish time, 4 sent"),
    (GOOD, NOTHING, IconState.OK, "Last: today 16:00 Danish time, 12 sent"),
    # the ledger could not be read: the last run's word stands
    (HELD_RUN, None, IconState.ATTENTION, "⚠ 2 postings are held"),
])
def test_the_icon_follows_what_waits_now_not_the_last_run(last, now_waiting, icon, first_line):
    view = snapshot(profile(last, outstanding=now_waiting))
    assert view.icon_state() is icon
    assert view.status_lines()[0] == first_line
    waiting = [line for line in view.lines() if line.clickable]
    assert bool(waiting) is (icon is IconState.ATTENTION)
    assert all(line.target is LineTarget.HISTORY for line in waiting)
    if waiting:
        assert waiting[0].menu_text() == f"{first_line} — Show"
        assert view.tooltip().splitlines()[1] == first_line  # the tooltip says it too


def test_held_postings_outlast_pause_and_other_problems_in_order():
    run = LastRun.from_report(report(RunStatus.ATTENTION, sent=0, problems=[
        problem(ProblemKind.JOURNAL_MISSING, "The journal is gone")]))
    view = snapshot(profile(run, outstanding=Outstanding(held=2, receipts_waiting=1)),
                    paused_until=PAUSED_FOREVER)
    assert view.icon_state() is IconState.ATTENTION
    assert view.status_lines()[:3] == ["2 expenses wait for a fix", "1 receipt waits for its file",
                                       "⚠ The journal is gone"]


def test_several_exports_name_the_one_that_waits():
    good = profile(GOOD, name="1. Kørsel", outstanding=NOTHING)
    held = profile(GOOD, outstanding=Outstanding(held=2))
    view = snapshot(good, held)
    assert view.icon_state() is IconState.ATTENTION
    first = view.lines()[0]
    assert (first.text, first.profile) == ("2. Omkostninger: 2 expenses wait for a fix",
                                           "2. Omkostninger")


def test_times_are_in_each_exports_own_zone_and_labelled():
    london = profile(GOOD, time_zone="Europe/London", next_run=cph(2026, 11, 26, 17, 0))
    assert snapshot(london).status_lines() == ["Last: today 15:00 UK time, 12 sent",
                                               "Next: tomorrow 16:00 UK time"]


@pytest.mark.parametrize(("language", "amount", "currency", "words"), [
    ("en", "3456.50", "DKK", "3,456.50 DKK"),
    ("da", "3456.50", "DKK", "3.456,50 kr."),
    ("da", "150", "EUR", "150,00 EUR"),
    ("en", "1234567.5", "EUR", "1,234,567.50 EUR"),
    ("da", "-12.5", "DKK", "-12,50 kr."),
    ("en", "junk", "DKK", ""),
])
def test_amounts_are_written_the_way_the_language_writes_them(language, amount, currency, words):
    assert money_words(amount, currency, language) == words


def test_what_was_sent_says_count_and_total():
    assert expenses_sent_words(6, [("DKK", "3456.50")]) == "6 expenses sent, 3,456.50 DKK"
    assert expenses_sent_words(1) == "1 expense sent"
    assert expenses_sent_words(2, [("DKK", "10"), ("EUR", "5")]) == \
        "2 expenses sent, 10.00 DKK + 5.00 EUR"
