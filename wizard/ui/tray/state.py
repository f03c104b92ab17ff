"""What the tray shows, as pure functions of data: icon state, status lines and tooltip.

No widgets and no I/O here (only Qt's `translate`, for the words: `wizard.ui.translate`).
The tray gathers a `TraySnapshot` (profiles, each profile's last run from the ledger or the
run that just finished, what is held or waiting in the ledger now, the connection check,
pause) and asks this module what to draw, so every word and every icon choice is testable
without a display.

Attention lasts as long as its cause: held postings and receipts that need the admin are read
from the ledger as they are now (`ProfileState.outstanding`), not from the last run's report,
so a later good run of other files does not turn the icon green while they still wait. Every
time is said in the export's own zone, labelled ("today 16:00 Danish time").
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import Any

from wizard.export.connection import Connection, ConnectionState
from wizard.export.report import ProblemKind, RunReport, RunStatus
from wizard.ui.clock_words import DEFAULT_ZONE, day_and_time, moment_words
from wizard.ui.translate import QT_TRANSLATE_NOOP, local, translate
from wizard.ui.translate import language as tray_language

APP_TITLE = "Acubiz e-conomic Export"

# "Pause until I resume" is a pause that ends after every slot that can ever come.
PAUSED_FOREVER = dt.datetime(9999, 12, 31, tzinfo=dt.UTC)

# The weekday and month words live with the one clock (wizard.ui.clock_words).


class IconState(StrEnum):
    """One per icon in resources/icons (`tray-<value>.svg`)."""

    OK = "ok"
    TRANSFERRING = "transferring"
    PAUSED = "paused"
    ATTENTION = "attention"
    ERROR = "error"
    NOT_CONNECTED = "not-connected"


# The worst state wins when several profiles disagree (transferring is shown while it lasts).
_SEVERITY = (
    IconState.OK, IconState.PAUSED, IconState.ERROR, IconState.ATTENTION, IconState.NOT_CONNECTED,
    IconState.TRANSFERRING,
)

# Problems only the admin can solve: they change the icon and are notified once.
ADMIN_KINDS = frozenset({
    ProblemKind.NOT_CONNECTED, ProblemKind.NO_RIGHTS, ProblemKind.JOURNAL_MISSING,
    ProblemKind.JOURNAL_WRONG_TYPE, ProblemKind.YEAR_MISSING, ProblemKind.YEAR_CLOSED,
    ProblemKind.ACCOUNT_PROBLEM, ProblemKind.VAT_PROBLEM, ProblemKind.CURRENCY_PROBLEM,
    ProblemKind.FILES_REJECTED, ProblemKind.VOUCHERS_REFUSED, ProblemKind.SETTINGS,
    ProblemKind.POSTINGS_HELD, ProblemKind.RECEIPTS_WAITING, ProblemKind.RECEIPTS_BY_HAND,
    ProblemKind.LEDGER_RECOVERED, ProblemKind.INBOX_SHARED,
})

STATUS_WORDS: Mapping[RunStatus | None, str] = {
    RunStatus.OK: QT_TRANSLATE_NOOP("Tray", "Sent"),
    RunStatus.NOTHING_TO_SEND: QT_TRANSLATE_NOOP("Tray", "Nothing to send"),
    RunStatus.ATTENTION: QT_TRANSLATE_NOOP("Tray", "Needs attention"),
    RunStatus.WAITING: QT_TRANSLATE_NOOP("Tray", "Waiting, will retry"),
    RunStatus.ERROR: QT_TRANSLATE_NOOP("Tray", "Failed"),
    RunStatus.DRY_RUN: QT_TRANSLATE_NOOP("Tray", "Test run"),
    None: QT_TRANSLATE_NOOP("Tray", "Did not finish"),
}
TRIGGER_WORDS: Mapping[str, str] = {
    "scheduled": QT_TRANSLATE_NOOP("Tray", "Scheduled"),
    "catch-up": QT_TRANSLATE_NOOP("Tray", "Catch-up"),
    "manual": QT_TRANSLATE_NOOP("Tray", "Manual"),
    "send-again": QT_TRANSLATE_NOOP("Tray", "Sent again"),
}


def status_words(status: RunStatus | None) -> str:
    return translate("Tray", STATUS_WORDS.get(status, "?"))


def trigger_words(trigger: str) -> str:
    words = TRIGGER_WORDS.get(trigger)
    return translate("Tray", words) if words else trigger


# -- the data the tray gathers -------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    kind: ProblemKind
    title: str
    message: str
    details: str | None = None

    @property
    def needs_admin(self) -> bool:
        return self.kind in ADMIN_KINDS


@dataclass(frozen=True)
class LastRun:
    """One finished (or interrupted) run, from a `RunReport` or a ledger `RunRecord`."""

    trigger: str
    started_at: dt.datetime
    finished_at: dt.datetime | None  # None: the run never finished (killed, or still going)
    status: RunStatus | None  # None with finished_at None
    message: str = ""
    sent: int = 0
    waiting: int = 0
    rejected: int = 0
    failed: int = 0
    problems: tuple[Problem, ...] = ()
    slot: str | None = None
    run_id: int | None = None
    # currency → amount sent ("DKK", "3456.50"), from the report's `sent_totals` when it has it
    sent_totals: tuple[tuple[str, str], ...] = ()

    @classmethod
    def from_report(cls, report: RunReport, slot: str | None = None) -> LastRun:
        return cls.from_summary(report.to_json(), slot=slot)

    @classmethod
    def from_record(cls, record: Any) -> LastRun:
        """From a `wizard.export.ledger.RunRecord` (duck-typed: no ledger import needed)."""
        summary = record.summary if isinstance(record.summary, dict) else {}
        data = {
            **summary,
            "trigger": record.trigger,
            "started_at": record.started_at,
            "finished_at": record.finished_at,
            "status": record.status,
            "message": record.message or summary.get("message") or "",
            "run_id": record.run_id,
        }
        return cls.from_summary(data, slot=record.slot)

    @classmethod
    def from_summary(cls, data: Mapping[str, Any], slot: str | None = None) -> LastRun:
        counts = data.get("counts") if isinstance(data.get("counts"), dict) else {}
        finished = parse_moment(data.get("finished_at"))
        status = _status(data.get("status")) if finished is not None else None
        return cls(
            trigger=str(data.get("trigger") or "manual"),
            started_at=parse_moment(data.get("started_at")) or dt.datetime.now(dt.UTC),
            finished_at=finished,
            status=status,
            message=str(data.get("message") or ""),
            sent=_count(counts, "sent"),
            waiting=_count(counts, "waiting"),
            rejected=_count(counts, "rejected"),
            failed=_count(counts, "failed"),
            problems=tuple(_problem(p) for p in data.get("problems") or [] if isinstance(p, dict)),
            slot=slot if slot is not None else data.get("slot"),
            run_id=data.get("run_id") if isinstance(data.get("run_id"), int) else None,
            sent_totals=_totals(data.get("sent_totals")),
        )

    @property
    def admin_problems(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.needs_admin)

    @property
    def kinds(self) -> frozenset[ProblemKind]:
        return frozenset(p.kind for p in self.problems)


@dataclass(frozen=True)
class Outstanding:
    """What waits for the admin in one export right now, read from the ledger by the tray
    (`app.read_outstanding`): the cause of an orange icon, counted as it is now."""

    held: int = 0  # postings held back (not set aside): each waits for its fix
    receipts_waiting: int = 0  # receipts whose file is not there yet
    receipts_by_hand: int = 0  # receipts to attach by hand, or files e-conomic cannot take
    # The receipts counted above ("<voucher key>#<position>"), so the admin can say "dealt
    # with" about exactly these (a receipt that needs them later is news again).
    receipt_keys: frozenset[str] = frozenset()

    @property
    def any(self) -> bool:
        return bool(self.held or self.receipts_waiting or self.receipts_by_hand)


# Problems whose cause the tray reads from the ledger as it is now (`Outstanding`), so what
# the last run said about them is replaced by the live count.
LIVE_KINDS = frozenset({
    ProblemKind.POSTINGS_HELD, ProblemKind.RECEIPTS_WAITING, ProblemKind.RECEIPTS_BY_HAND,
})


class LineTarget(StrEnum):
    """What a click on a status line does."""

    NONE = "none"  # a plain line: information only
    HISTORY = "history"  # open History at the problem
    SETTINGS = "settings"  # open Settings (the fix for "not connected")


@dataclass(frozen=True)
class StatusLine:
    """One line at the top of the menu (and of the status window and tooltip)."""

    text: str
    target: LineTarget = LineTarget.NONE
    profile: str | None = None  # the export the line is about, when a click needs it

    @property
    def clickable(self) -> bool:
        return self.target is not LineTarget.NONE

    def menu_text(self) -> str:
        """The words in the menu: a clickable line says what the click does."""
        if self.target is LineTarget.HISTORY:
            return translate("Tray", "{what} — Show").format(what=self.text)
        if self.target is LineTarget.SETTINGS:
            return translate("Tray", "{what} — Settings…").format(what=self.text)
        return self.text


@dataclass(frozen=True)
class ProfileState:
    name: str
    scheduled: bool  # export_type == "scheduled"
    enabled: bool
    daily_time: str = "16:00"
    last: LastRun | None = None
    next_run: dt.datetime | None = None
    running: bool = False
    queued: bool = False
    connection: Connection = field(default_factory=Connection)
    note: str | None = None  # a passing remark, e.g. "another transfer was running"
    time_zone: str = DEFAULT_ZONE  # the export's zone: every time of this export is said in it
    # What is held or waiting now, from the ledger (`wizard.export.engine.outstanding`);
    # None when unknown (then the last run's word stands).
    outstanding: Outstanding | None = None

    @property
    def admin_problems(self) -> tuple[Problem, ...]:
        """What the admin must fix now: the last run's problems, corrected by a connection
        check made after it (reconnected in Settings → "not connected" is old news) and by
        the ledger (held postings and receipts are counted as they are now, in `waiting`)."""
        problems = list(self.last.admin_problems) if self.last else []
        if self.outstanding is not None:
            problems = [p for p in problems if p.kind not in LIVE_KINDS]
        checked = self.connection.checked_at
        finished = self.last.finished_at if self.last else None
        newer = checked is not None and (finished is None or checked >= finished)
        if newer and self.connection.state is ConnectionState.CONNECTED:
            problems = [p for p in problems if p.kind is not ProblemKind.NOT_CONNECTED]
        not_connected = self.connection.state is ConnectionState.NOT_CONNECTED
        if not_connected and (newer or self.last is None) and not any(
            p.kind is ProblemKind.NOT_CONNECTED for p in problems
        ):
            problems.insert(0, not_connected_problem(self.connection.had_token))
        return tuple(problems)

    def waiting(self) -> list[str]:
        """What waits for the admin in the ledger now, in words ("2 expenses wait for a
        fix"): orange lasts as long as one of these does."""
        return waiting_words(self.outstanding)

    def needs_admin(self) -> bool:
        return bool(self.waiting() or self.admin_problems)

    def icon_state(self, paused: bool) -> IconState:
        if self.running:
            return IconState.TRANSFERRING
        kinds = {p.kind for p in self.admin_problems}
        if ProblemKind.NOT_CONNECTED in kinds:
            return IconState.NOT_CONNECTED
        if kinds or self.waiting():
            return IconState.ATTENTION
        if self.last is not None and self.last.status is RunStatus.ERROR:
            return IconState.ERROR
        if paused and self.enabled and self.scheduled:
            return IconState.PAUSED
        return IconState.OK

    def attention(self) -> list[StatusLine]:
        """What needs the admin, most lasting first, each line a click away from its fix."""
        lines = [StatusLine(text, LineTarget.HISTORY, self.name) for text in self.waiting()]
        for problem in self.admin_problems:
            target = (LineTarget.SETTINGS if problem.kind is ProblemKind.NOT_CONNECTED
                      else LineTarget.HISTORY)
            lines.append(StatusLine(f"⚠ {problem.title}", target, self.name))
        return lines


def waiting_words(outstanding: Outstanding | None) -> list[str]:
    """'2 expenses wait for a fix', '1 receipt waits for its file', … (nothing when none)."""
    if outstanding is None:
        return []
    words = []
    if outstanding.held == 1:
        words.append(translate("Tray", "1 expense waits for a fix"))
    elif outstanding.held:
        words.append(translate("Tray", "{count} expenses wait for a fix").format(
            count=outstanding.held))
    if outstanding.receipts_waiting == 1:
        words.append(translate("Tray", "1 receipt waits for its file"))
    elif outstanding.receipts_waiting:
        words.append(translate("Tray", "{count} receipts wait for their files").format(
            count=outstanding.receipts_waiting))
    if outstanding.receipts_by_hand == 1:
        words.append(translate("Tray", "1 receipt must be attached by hand"))
    elif outstanding.receipts_by_hand:
        words.append(translate("Tray", "{count} receipts must be attached by hand").format(
            count=outstanding.receipts_by_hand))
    return words


def not_connected_problem(had_token: bool | None = None) -> Problem:
    """"Again" only for an export that had a token here: one never connected is told to
    connect it (the same rule as the command line's `cli_text`)."""
    if had_token is False:
        message = translate("Tray", "This export is not connected to e-conomic on this"
                            " computer yet. Open Settings and connect it to e-conomic.")
    else:
        message = translate("Tray", "This computer has no working e-conomic connection for"
                            " the export. Open Settings and connect the app to e-conomic"
                            " again.")
    return Problem(ProblemKind.NOT_CONNECTED, translate("Tray", "Not connected to e-conomic"),
                   message)


# The engine's "not connected" problem says "again"; its `details` says when no token was
# stored at all (never connected here), and then the GUI says "connect it" instead.
NEVER_CONNECTED_DETAILS = frozenset({"no grant token", "no app secret token"})
_AGAIN_TO_FIRST = (
    (" Open Settings and connect the app to e-conomic again.",
     " Open Settings and connect it to e-conomic."),
    (" Åbn Indstillinger, og forbind appen til e-conomic igen.",
     " Åbn Indstillinger, og forbind den til e-conomic."),
)


def problem_message(data: Mapping[str, Any]) -> str:
    """A report problem's message in the tray's language, "again" only when it fits."""
    message = local(data, "message")
    if (data.get("kind") == ProblemKind.NOT_CONNECTED.value
            and data.get("details") in NEVER_CONNECTED_DETAILS):
        message = first_connect_words(message)
    return message


def first_connect_words(message: str) -> str:
    """An engine message about a never-connected export without its "again"."""
    for again, first in _AGAIN_TO_FIRST:
        message = message.replace(again, first)
    return message


@dataclass(frozen=True)
class TraySnapshot:
    """Everything the menu, tooltip and status window show, at one moment."""

    now: dt.datetime
    profiles: tuple[ProfileState, ...] = ()
    paused_until: dt.datetime | None = None
    settings_problem: str | None = None  # the profiles file cannot be read
    quitting: bool = False

    @property
    def paused(self) -> bool:
        return self.paused_until is not None and self.now < self.paused_until

    @property
    def running(self) -> ProfileState | None:
        return next((p for p in self.profiles if p.running), None)

    @property
    def zone_name(self) -> str:
        """The zone for times that belong to no one export (the pause's end): the first
        export's, so with one export there is one clock."""
        return self.profiles[0].time_zone if self.profiles else DEFAULT_ZONE

    def icon_state(self) -> IconState:
        if any(p.running for p in self.profiles):
            return IconState.TRANSFERRING
        if self.settings_problem:
            return IconState.ATTENTION
        if not self.profiles:
            return IconState.NOT_CONNECTED
        states = [p.icon_state(self.paused) for p in self.profiles]
        return max(states, key=_SEVERITY.index)

    def headline(self) -> str:
        """One word-group for the tooltip's first line."""
        state = self.icon_state()
        if state is IconState.OK:
            return translate("Tray", "all is well")
        if state is IconState.TRANSFERRING:
            return translate("Tray", "transferring…")
        if state is IconState.PAUSED:
            return translate("Tray", "paused")
        if state is IconState.ATTENTION:
            return translate("Tray", "needs your attention")
        if state is IconState.ERROR:
            return translate("Tray", "the last transfer failed")
        if self.profiles:
            return translate("Tray", "not connected")
        return translate("Tray", "not set up yet")

    # -- lines ---------------------------------------------------------------------------

    def lines(self) -> list[StatusLine]:
        """The lines at the top of the menu (and the status window): what needs the admin
        first — each a click away from History at the problem — then when the exports last
        ran and run next."""
        if self.quitting:
            return [StatusLine(translate("Tray", "Stopping after the current step…"))]
        if self.settings_problem:
            return [StatusLine(translate("Tray", "Settings cannot be read: {problem}").format(
                problem=self.settings_problem))]
        if not self.profiles:
            return [StatusLine(translate(
                "Tray", "No export is set up yet. Open Settings… to set one up."))]
        if len(self.profiles) == 1:
            profile = self.profiles[0]
            notes = [StatusLine(profile.note)] if profile.note else []
            times = [StatusLine(text) for text in self.profile_lines(profile)]
            if profile.running:  # what happens now comes first while it lasts
                return [*times, *profile.attention(), *notes]
            return [*profile.attention(), *times, *notes]
        overall = [StatusLine(text) for text in self.overall_lines()]
        lines = overall if self.running is not None else []
        for profile in self.profiles:
            for line in profile.attention():
                warned = line.text.startswith("⚠ ")
                mark, text = ("⚠ ", line.text[2:]) if warned else ("", line.text)
                lines.append(StatusLine(f"{mark}{profile.name}: {text}", line.target,
                                        profile.name))
        if self.running is None:
            lines += overall
        for profile in self.profiles:
            if profile.note:
                lines.append(StatusLine(f"{profile.name}: {profile.note}"))
        return lines

    def status_lines(self) -> list[str]:
        """The lines' words (tooltip, status window, tests)."""
        return [line.text for line in self.lines()]

    def profile_lines(self, profile: ProfileState) -> list[str]:
        """'Last: today 16:00 Danish time, 12 sent' and 'Next: tomorrow 16:00 Danish time'."""
        if profile.running:
            return [translate("Tray", "Transferring now…")]
        last = translate("Tray", "Last: {last}").format(last=self._last_part(profile))
        nxt = self._next_part(profile)
        if profile.last is not None and profile.last.status is RunStatus.WAITING:
            return [last, translate("Tray", "Next try: {next}").format(next=nxt)]
        return [last, translate("Tray", "Next: {next}").format(next=nxt)]

    def overall_lines(self) -> list[str]:
        running = self.running
        if running is not None:
            return [translate("Tray", "Transferring {name}…").format(name=running.name)]
        finished = [(p.last, p) for p in self.profiles if p.last and p.last.finished_at]
        latest = max(finished, key=lambda pair: pair[0].finished_at or pair[0].started_at,
                     default=None)
        last = (self.when(latest[0].started_at, latest[1].time_zone) if latest
                else translate("Tray", "never"))
        lines = [translate("Tray", "Last: {last}").format(last=last)]
        if self.paused:
            lines.append(translate("Tray", "Next: {next}").format(next=self._paused_words()))
            return lines
        upcoming = [(p.next_run, p) for p in self.profiles
                    if p.next_run and p.enabled and p.scheduled]
        if upcoming:
            moment, first = min(upcoming, key=lambda pair: pair[0])
            nxt = self.when(moment, first.time_zone)
        else:
            nxt = translate("Tray", "when you choose Transfer now")
        lines.append(translate("Tray", "Next: {next}").format(next=nxt))
        return lines

    def tooltip(self) -> str:
        """The headline, then what waits (first, as in the menu), then the times, then
        which e-conomic company each export sends to."""
        lines = [f"{APP_TITLE}: {self.headline()}", *self.status_lines()]
        for profile in self.profiles:
            who = _who(profile)
            if who:  # unknown until the connection check answers
                lines.append(f"{profile.name}: {who}" if len(self.profiles) > 1 else who)
        return "\n".join(line for line in lines if line)

    def when(self, moment: dt.datetime, zone_name: str | None = None) -> str:
        """'today 16:00 Danish time': in the export's zone, labelled (`clock_words`)."""
        return moment_words(moment, zone_name or self.zone_name, self.now)

    # -- helpers -------------------------------------------------------------------------

    def _last_part(self, profile: ProfileState) -> str:
        run = profile.last
        if run is None:
            return translate("Tray", "never")
        when = self.when(run.started_at, profile.time_zone)
        if run.status is None:
            what = translate("Tray", "did not finish")
        elif run.status is RunStatus.NOTHING_TO_SEND:
            what = translate("Tray", "nothing to send")
        elif run.status is RunStatus.OK:
            what = sent_words(run.sent)
            if run.rejected:
                what += ", " + (translate("Tray", "1 in a file that could not be read")
                                if run.rejected == 1 else translate(
                    "Tray", "{count} in files that could not be read").format(count=run.rejected))
        elif run.status is RunStatus.WAITING:
            reason = (run.problems[0].title if run.problems
                      else translate("Tray", "e-conomic could not be reached"))
            what = (sent_words(run.sent) + ", " if run.sent else "") + lower_first(reason)
        elif run.status is RunStatus.ERROR:
            what = translate("Tray", "failed (see History)")
        else:
            what = sent_words(run.sent) if run.sent else translate("Tray", "nothing sent")
        return f"{when}, {what}"

    def _next_part(self, profile: ProfileState) -> str:
        if not profile.enabled:
            return translate("Tray", "off (the export is switched off)")
        if not profile.scheduled:
            return translate("Tray", "when you choose Transfer now")
        if self.paused:
            return self._paused_words()
        if profile.queued:
            return translate("Tray", "now")
        if profile.next_run:
            return self.when(profile.next_run, profile.time_zone)
        return translate("Tray", "unknown (check Settings)")

    def _paused_words(self) -> str:
        if self.paused_until is None or self.paused_until >= PAUSED_FOREVER:
            return translate("Tray", "paused until you resume")
        return translate("Tray", "paused until {when}").format(when=self.when(self.paused_until))


class PauseChoice(StrEnum):
    HOUR = "hour"
    TOMORROW = "tomorrow"
    UNTIL_RESUMED = "until-resumed"


def pause_end(choice: PauseChoice, now: dt.datetime, zone: dt.tzinfo | None = None) -> dt.datetime:
    """When a pause chosen in the menu ends: in an hour, at the start of tomorrow (local
    time), or never (until the admin resumes)."""
    if choice is PauseChoice.HOUR:
        return now + dt.timedelta(hours=1)
    if choice is PauseChoice.TOMORROW:
        tomorrow = now.astimezone(zone).date() + dt.timedelta(days=1)
        midnight = dt.datetime.combine(tomorrow, dt.time(0, 0))
        # A naive time is read as the computer's local time, with that night's DST offset.
        return midnight.replace(tzinfo=zone) if zone else midnight.astimezone()
    return PAUSED_FOREVER


def humanise(moment: dt.datetime, now: dt.datetime, zone: dt.tzinfo | None = None) -> str:
    """'today 16:00' … in `zone` (default local); see `clock_words.day_and_time`."""
    return day_and_time(moment, now, zone)


def run_summary(run: LastRun) -> str:
    """One line for a run in History, in the tray's language (the report's own `message` is
    English): what went wrong first, else what was sent, waits or was refused."""
    if run.status is None:
        return translate("Tray", "Still running, or stopped before it finished")
    if run.problems:
        first = run.problems[0].title
        if len(run.problems) > 1:
            first += " " + translate("Tray", "(+{count} more)").format(
                count=len(run.problems) - 1)
        return f"{sent_words(run.sent)}, {first}" if run.sent else first
    if run.status is RunStatus.DRY_RUN:  # zero counts are left out: "0 rejected" reads oddly
        if not run.rejected:
            return translate("Tray", "Test: {waiting} would be sent").format(
                waiting=run.waiting)
        return translate("Tray", "Test: {waiting} would be sent, {rejected} in files that"
                         " could not be read").format(
            waiting=run.waiting, rejected=run.rejected)
    if run.status is RunStatus.NOTHING_TO_SEND:
        return translate("Tray", "Nothing to send")
    parts = [sent_words(run.sent)]
    if run.failed:
        parts.append(translate("Tray", "{count} refused by e-conomic").format(count=run.failed))
    if run.waiting:
        parts.append(translate("Tray", "{count} waiting").format(count=run.waiting))
    return ", ".join(parts)


def sent_words(count: int) -> str:
    """"6 sent" (Danish "6 sendt")."""
    return translate("Tray", "{count} sent").format(count=count)


def expenses_sent_words(count: int, totals: Iterable[tuple[str, str]] = ()) -> str:
    """'6 expenses sent, 3,456.50 DKK' (Danish '6 udlæg sendt, 3.456,50 kr.'); the count
    alone when the report has no totals."""
    words = (translate("Tray", "1 expense sent") if count == 1
             else translate("Tray", "{count} expenses sent").format(count=count))
    amounts = [money_words(amount, currency) for currency, amount in totals]
    amounts = [amount for amount in amounts if amount]
    return f"{words}, {' + '.join(amounts)}" if amounts else words


def money_words(amount: str, currency: str, language: str | None = None) -> str:
    """'3,456.50 DKK' in English, '3.456,50 kr.' in Danish (other currencies keep their
    code: '150,00 EUR'); '' for an amount that is not a number."""
    try:
        value = Decimal(str(amount))
    except (InvalidOperation, ValueError):
        return ""
    if not value.is_finite():
        return ""
    english = f"{value:,.2f}"
    if (language or tray_language()) == "da":
        danish = english.replace(",", " ").replace(".", ",").replace(" ", ".")
        return f"{danish} kr." if currency.upper() == "DKK" else f"{danish} {currency}"
    return f"{english} {currency}"


def worst(states: Iterable[IconState]) -> IconState:
    return max(states, key=_SEVERITY.index, default=IconState.OK)


def _who(profile: ProfileState) -> str:
    connection = profile.connection
    if connection.state is ConnectionState.CONNECTED and connection.company:
        number = connection.agreement_number
        if not number:
            return connection.company
        return translate("Tray", "{company} (agreement {number})").format(
            company=connection.company, number=number)
    if connection.state is ConnectionState.NOT_CONNECTED:
        return translate("Tray", "not connected")
    if connection.state is ConnectionState.UNREACHABLE:
        return translate("Tray", "e-conomic not reachable right now")
    return ""


def lower_first(text: str) -> str:
    # "No connection to e-conomic" reads better mid-sentence; keep "e-conomic …" as it is.
    if len(text) > 1 and text[0].isupper() and not text[1].isupper():
        return text[0].lower() + text[1:]
    return text


def parse_moment(value: Any) -> dt.datetime | None:
    """An ISO time from the ledger or the tray's state file; naive means UTC; junk is None."""
    if not value or not isinstance(value, str):
        return None
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def _status(value: Any) -> RunStatus | None:
    try:
        return RunStatus(value)
    except ValueError:
        return RunStatus.ERROR if value else None


def _totals(value: Any) -> tuple[tuple[str, str], ...]:
    if not isinstance(value, Mapping):
        return ()
    return tuple((str(currency), str(amount)) for currency, amount in value.items()
                 if currency and amount is not None)


def _count(counts: Mapping[str, Any], key: str) -> int:
    value = counts.get(key, 0)
    return value if isinstance(value, int) else 0


def _problem(data: Mapping[str, Any]) -> Problem:
    try:
        kind = ProblemKind(data.get("kind"))
    except ValueError:
        kind = ProblemKind.UNEXPECTED
    message = problem_message(data)
    return Problem(  # in the tray's language: the report carries Danish twins
        kind=kind,
        title=local(data, "title"),
        message=message,
        details=data.get("details") if isinstance(data.get("details"), str) else None,
    )


def help_text(version: str, settings_file: str, log_file: str) -> str:
    """The tray's "Help and About…": the icon's meaning and the fix for each state, in the
    words of the README's FAQ, so an admin needs no manual to act on what the tray shows."""
    return translate(
        "Tray",
        "{app} {version}\n\n"
        "It sends approved expenses from the inbox folder to the e-conomic cash journal at"
        " each export's daily time, exactly once, and speaks up only when someone must act."
        " History (double-click the icon) shows every transfer.\n\n"
        "What the icon says:\n"
        "• Green tick: all is well.\n"
        "• Blue arrow: a transfer is running.\n"
        "• Grey pause: transfers are paused (Resume transfers in this menu).\n"
        "• Orange warning sign: someone must act – hover over the icon or open History"
        " to read what.\n"
        "• Red cross: the last transfer failed unexpectedly – see History and the log.\n"
        "• Grey circle with a slash: not connected – Settings… → Connect, and paste a new"
        " token.\n\n"
        "Common fixes:\n"
        "• \"Not connected to e-conomic\": the app was removed in e-conomic or the token is"
        " wrong. Settings… → Connect to e-conomic.\n"
        "• \"The journal is missing in e-conomic\": create the cash journal in e-conomic"
        " again, or choose another one in Settings.\n"
        "• \"The accounting year … is closed\": reopen (or create) the year in e-conomic; the"
        " files wait in the inbox and go at the next transfer.\n"
        "• \"… could not be read\": the file was moved to the folder \"rejected\" inside the"
        " inbox folder, with a text file beside it (its name ends in .errors.txt) that says"
        " what to fix. Fix the file and put it back in the inbox folder.\n"
        "• \"… wait for a fix\": History shows each expense with why and what to do; once"
        " fixed, it is sent by itself. If it must not be booked, select it in History and"
        " choose Don't send this.\n\n"
        "Settings: {settings}\nLog: {log}",
    ).format(app=APP_TITLE, version=version, settings=settings_file, log=log_file)
