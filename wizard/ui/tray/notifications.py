"""When the tray speaks up: a pure decision from one run's outcome and what was said before.

The program is meant to be forgotten, so it notifies only when a person must act, once per
problem, and once more when that problem is gone:

- a problem only the admin can fix appears (reconnect, journal gone, year closed, files
  rejected, postings refused, …) → notify, once; the same problem again next run → silent;
- the problems that needed the admin are gone and a run went through → "works again";
- routine success, nothing to send, a temporary network problem → silent (the icon and the
  status line say it; History has every run anyway) — unless the admin switched on the daily
  summary (off by default): then each scheduled run that needed nobody says what it sent;
- the admin clicked "Transfer now" → always one answer (`transfer_feedback`): how many
  expenses went and for how much, or what needs them. Silence after a click reads as "it did
  not work".

A run that tells nothing new (another transfer held the lock, a dry run) leaves the memory as
it was. Rejected files are an event rather than a state: each new set of files is news, and
their clearing (the files were moved away) is not a recovery.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from wizard.export.report import ProblemKind, RunStatus
from wizard.ui.translate import translate
from wizard.ui.tray.state import (
    LIVE_KINDS,
    LastRun,
    Problem,
    expenses_sent_words,
    lower_first,
)

# Problems that describe one run's input, not a lasting state of the setup.
EVENT_KINDS = frozenset({ProblemKind.FILES_REJECTED})
# Statuses after which "nothing needs the admin" is proven, so a recovery may be announced.
CLEAN = frozenset({RunStatus.OK, RunStatus.NOTHING_TO_SEND})


class Severity(StrEnum):
    ATTENTION = "attention"
    RECOVERED = "recovered"
    SUMMARY = "summary"  # the optional daily summary
    FEEDBACK = "feedback"  # the answer to "Transfer now" when nothing needs the admin


@dataclass(frozen=True)
class Notification:
    severity: Severity
    title: str
    message: str


@dataclass(frozen=True)
class Decision:
    notification: Notification | None
    remembered: frozenset[str]  # pass this as `previous` next time


def problem_key(problem: Problem) -> str:
    """What counts as "the same problem": its kind; for rejected files also which files."""
    if problem.kind in EVENT_KINDS:
        return f"{problem.kind.value}:{problem.message}"
    return problem.kind.value


def remembered_from(run: LastRun | None) -> frozenset[str]:
    """The memory to start with, from the last run in the ledger (so a restart is silent
    about problems the admin was already told about)."""
    if run is None or run.status is None:
        return frozenset()
    return frozenset(problem_key(p) for p in run.admin_problems)


def decide(
    previous: frozenset[str], run: LastRun, profile: str | None = None,
    waiting: Sequence[str] = (),
) -> Decision:  # fmt: skip
    """The notification for one finished run of one profile, if any, and the new memory.

    ``profile`` prefixes the title when the admin has several exports. ``waiting`` is what the
    ledger still holds for the admin now (held postings, receipts): while anything waits, a
    clean run is no "works again" (the icon stays orange, and the words must agree)."""
    if _tells_nothing(run):
        return Decision(None, previous)
    problems = run.admin_problems
    current = frozenset(problem_key(p) for p in problems)
    new = [p for p in problems if problem_key(p) not in previous]
    prefix = f"{profile}: " if profile else ""
    if new:
        first = new[0]
        more = (" " + translate("Tray", "(and {count} more; see History)").format(
            count=len(new) - 1) if len(new) > 1 else "")
        return Decision(
            Notification(Severity.ATTENTION, f"{prefix}{first.title}", first.message + more),
            current,
        )
    if problems:
        return Decision(None, current)
    if waiting:  # e.g. the held postings' file left the inbox: they still wait
        return Decision(None, previous)
    lasting = {key for key in previous if not key.startswith(_event_prefixes())}
    if run.status in CLEAN:
        if lasting:
            sent = " " + expenses_sent_words(run.sent, run.sent_totals) if run.sent else ""
            sent += "" if not sent or sent.endswith(".") else "."
            return Decision(
                Notification(
                    Severity.RECOVERED, prefix + translate("Tray", "Transfers work again"),
                    translate("Tray", "The problem is solved; the transfer went through.")
                    + sent,
                ),
                frozenset(),
            )
        return Decision(None, frozenset())
    # Waiting or failed without an admin problem: whether the old problem is gone is unknown.
    return Decision(None, frozenset(lasting))


def daily_summary(run: LastRun, trigger: str, profile: str | None = None) -> Notification | None:
    """The optional once-a-day word after a scheduled (or caught-up) run that went through:
    what it sent. Only when `decide` had nothing to say, and only when switched on."""
    if trigger not in ("scheduled", "catch-up") or run.status not in CLEAN or run.problems:
        return None
    prefix = f"{profile}: " if profile else ""
    if run.status is RunStatus.NOTHING_TO_SEND or not run.sent:
        message = translate("Tray", "Nothing was waiting in the inbox.")
    else:
        message = expenses_sent_words(run.sent, run.sent_totals)
        message += "" if message.endswith(".") else "."
    return Notification(Severity.SUMMARY, prefix + translate("Tray", "Today's transfer"), message)


def transfer_feedback(
    run: LastRun, waiting: Sequence[str], problems: Sequence[Problem],
    profile: str | None = None,
) -> Notification | None:
    """The one answer to "Transfer now": what was sent ("6 expenses sent, 3,456.50 DKK"),
    then what needs the admin now (`waiting`: held postings and receipts from the ledger;
    `problems`: the other problems only the admin can fix), or why nothing went.
    None for a run that tells nothing (a dry run, or one still going)."""
    if run.status is None or run.status is RunStatus.DRY_RUN:
        return None
    prefix = f"{profile}: " if profile else ""
    if run.problems and all(p.kind is ProblemKind.BUSY for p in run.problems):
        return Notification(Severity.FEEDBACK, prefix + translate("Tray", "Not started"),
                            run.problems[0].message)
    if run.sent:
        said = expenses_sent_words(run.sent, run.sent_totals)
        said += "" if said.endswith(".") else "."  # "… 3.456,50 kr." has its full stop
    elif run.status is RunStatus.NOTHING_TO_SEND:
        said = translate("Tray", "Nothing was waiting in the inbox.")
    elif run.status is RunStatus.WAITING:
        reason = run.problems[0].title if run.problems else translate(
            "Tray", "e-conomic could not be reached")
        said = translate("Tray", "Nothing was sent: {reason}. The next transfer tries"
                         " again.").format(reason=lower_first(reason.rstrip(".")))
    else:
        said = translate("Tray", "Nothing was sent.")
    needs = [*waiting, *(p.title for p in problems if p.kind not in LIVE_KINDS)]
    if not needs and run.status is RunStatus.ERROR and run.problems:
        needs = [run.problems[0].title]
    if needs:
        message = said + "\n" + translate("Tray", "Needs you: {what}. See History.").format(
            what="; ".join(needs))
        title = translate("Tray", "Transfer finished – something needs you")
        return Notification(Severity.ATTENTION, prefix + title, message)
    return Notification(Severity.FEEDBACK, prefix + translate("Tray", "Transfer finished"),
                        said)


def _tells_nothing(run: LastRun) -> bool:
    if run.status is None or run.status is RunStatus.DRY_RUN:
        return True
    return bool(run.problems) and all(p.kind is ProblemKind.BUSY for p in run.problems)


def _event_prefixes() -> tuple[str, ...]:
    return tuple(f"{kind.value}:" for kind in EVENT_KINDS)
