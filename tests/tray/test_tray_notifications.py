"""When the tray speaks up: once when the admin must act, once when it works again, never
for routine success (pure decisions, no Qt)."""

from __future__ import annotations

import datetime as dt

from wizard.export.report import ProblemKind, RunProblem, RunReport, RunStatus
from wizard.ui.tray.notifications import Severity, decide, remembered_from, transfer_feedback
from wizard.ui.tray.state import LastRun

STAMP = dt.datetime(2026, 11, 25, 15, 0, tzinfo=dt.UTC).isoformat()


def run(status=RunStatus.OK, *problems, sent=0):
    report = RunReport(profile="p", trigger="scheduled", started_at=STAMP, finished_at=STAMP,
                       status=status)
    report.problems = list(problems)
    outcome = LastRun.from_report(report)
    return outcome if not sent else LastRun(**{**outcome.__dict__, "sent": sent})


NOT_CONNECTED = RunProblem(ProblemKind.NOT_CONNECTED, "Not connected to e-conomic",
                           "Open Settings and connect again.")
YEAR_CLOSED = RunProblem(ProblemKind.YEAR_CLOSED, "The accounting year 2026 is closed",
                         "Open the year in e-conomic.")
NETWORK = RunProblem(ProblemKind.NETWORK, "No connection to e-conomic", "Try later.")
BUSY = RunProblem(ProblemKind.BUSY, "A transfer is already running", "…")


def rejected(names):
    return RunProblem(ProblemKind.FILES_REJECTED, "1 file could not be read",
                      f"Nothing from {names} was sent.")


def test_attention_appears_notify_once_then_silent():
    first = decide(frozenset(), run(RunStatus.ATTENTION, NOT_CONNECTED))
    assert first.notification is not None
    assert first.notification.severity is Severity.ATTENTION
    assert first.notification.title == "Not connected to e-conomic"
    again = decide(first.remembered, run(RunStatus.ATTENTION, NOT_CONNECTED))
    assert again.notification is None


def test_recovery_is_announced_once():
    broken = decide(frozenset(), run(RunStatus.ATTENTION, YEAR_CLOSED)).remembered
    fixed = decide(broken, run(RunStatus.OK, sent=6))
    assert fixed.notification is not None
    assert fixed.notification.severity is Severity.RECOVERED
    assert fixed.notification.message.endswith("went through. 6 expenses sent.")
    assert decide(fixed.remembered, run(RunStatus.OK, sent=2)).notification is None


def test_routine_success_and_nothing_to_send_are_silent():
    assert decide(frozenset(), run(RunStatus.OK, sent=12)).notification is None
    assert decide(frozenset(), run(RunStatus.NOTHING_TO_SEND)).notification is None


def test_a_temporary_problem_is_silent_and_does_not_count_as_recovery():
    broken = decide(frozenset(), run(RunStatus.ATTENTION, NOT_CONNECTED)).remembered
    waiting = decide(broken, run(RunStatus.WAITING, NETWORK))
    assert waiting.notification is None
    assert waiting.remembered == broken  # still unknown whether the grant works again
    assert decide(waiting.remembered, run(RunStatus.OK)).notification.severity is \
        Severity.RECOVERED


def test_a_new_problem_while_another_persists_is_news():
    broken = decide(frozenset(), run(RunStatus.ATTENTION, NOT_CONNECTED)).remembered
    both = decide(broken, run(RunStatus.ATTENTION, NOT_CONNECTED, YEAR_CLOSED))
    assert both.notification.title == "The accounting year 2026 is closed"


def test_each_new_set_of_rejected_files_is_news_and_their_going_is_no_recovery():
    first = decide(frozenset(), run(RunStatus.ATTENTION, rejected("a.csv")))
    assert first.notification is not None
    second = decide(first.remembered, run(RunStatus.ATTENTION, rejected("b.csv")))
    assert second.notification is not None
    clean = decide(second.remembered, run(RunStatus.OK, sent=3))
    assert clean.notification is None


def test_a_busy_run_or_a_dry_run_changes_nothing():
    broken = decide(frozenset(), run(RunStatus.ATTENTION, NOT_CONNECTED)).remembered
    busy = decide(broken, run(RunStatus.WAITING, BUSY))
    assert busy.notification is None and busy.remembered == broken
    dry = decide(broken, run(RunStatus.DRY_RUN))
    assert dry.notification is None and dry.remembered == broken


def test_a_restart_remembers_what_the_ledger_already_said():
    last = run(RunStatus.ATTENTION, NOT_CONNECTED)
    assert decide(remembered_from(last), last).notification is None


def test_several_exports_name_the_one_that_needs_the_admin():
    decision = decide(frozenset(), run(RunStatus.ATTENTION, YEAR_CLOSED), "1. Kørsel")
    assert decision.notification.title == "1. Kørsel: The accounting year 2026 is closed"


def test_the_daily_summary_speaks_only_after_a_scheduled_run_that_needed_nobody():
    from wizard.ui.tray.notifications import daily_summary

    said = daily_summary(run(sent=6), "scheduled")
    assert (said.severity, said.title, said.message) == (
        Severity.SUMMARY, "Today's transfer", "6 expenses sent.")
    assert daily_summary(run(sent=1), "catch-up", "Løn").title == "Løn: Today's transfer"
    assert daily_summary(run(RunStatus.NOTHING_TO_SEND), "scheduled").message == \
        "Nothing was waiting in the inbox."
    assert daily_summary(run(sent=6), "manual") is None  # the admin clicked: they know
    assert daily_summary(run(RunStatus.WAITING, NETWORK), "scheduled") is None
    assert daily_summary(run(RunStatus.ATTENTION, YEAR_CLOSED), "scheduled") is None


# -- the answer to "Transfer now" ----------------------------------------------------------


def sent_run(sent, totals=None, status=RunStatus.OK, *problems):
    report = RunReport(profile="p", trigger="manual", started_at=STAMP, finished_at=STAMP,
                       status=status)
    report.problems = list(problems)
    data = report.to_json()
    data["counts"] = {**data.get("counts", {}), "sent": sent}
    if totals is not None:
        data["sent_totals"] = totals
    return LastRun.from_summary(data)


def test_transfer_now_says_how_many_went_and_for_how_much():
    said = transfer_feedback(sent_run(6, {"DKK": "3456.50"}), [], [])
    assert (said.severity, said.title) == (Severity.FEEDBACK, "Transfer finished")
    assert said.message == "6 expenses sent, 3,456.50 DKK."


def test_without_totals_the_count_alone():
    assert transfer_feedback(sent_run(1), [], []).message == "1 expense sent."


def test_an_empty_inbox_is_said_too():
    said = transfer_feedback(sent_run(0, status=RunStatus.NOTHING_TO_SEND), [], [])
    assert said.message == "Nothing was waiting in the inbox."


def test_what_still_needs_the_admin_is_said_after_what_went():
    said = transfer_feedback(sent_run(4, {"DKK": "100"}, RunStatus.ATTENTION),
                             ["2 expenses wait for a fix"], [])
    assert said.severity is Severity.ATTENTION
    assert said.message == ("4 expenses sent, 100.00 DKK.\n"
                            "Needs you: 2 expenses wait for a fix. See History.")


def test_a_network_problem_says_nothing_went_and_when_it_tries_again():
    said = transfer_feedback(sent_run(0, None, RunStatus.WAITING, NETWORK), [], [])
    assert said.message == ("Nothing was sent: no connection to e-conomic. The next transfer"
                            " tries again.")


def test_a_busy_or_dry_run_is_answered_plainly_or_not_at_all():
    busy = transfer_feedback(sent_run(0, None, RunStatus.WAITING, BUSY), [], [])
    assert busy.title == "Not started"
    assert transfer_feedback(sent_run(0, None, RunStatus.DRY_RUN), [], []) is None


def test_no_works_again_while_held_postings_still_wait():
    broken = decide(frozenset(), run(RunStatus.ATTENTION, YEAR_CLOSED)).remembered
    still = decide(broken, run(RunStatus.OK, sent=2), waiting=["2 expenses wait for a fix"])
    assert still.notification is None and still.remembered == broken
    assert decide(still.remembered, run(RunStatus.OK)).notification.severity is \
        Severity.RECOVERED
