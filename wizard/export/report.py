"""What one transfer run did, as data: the CLI prints it, `--json` serialises it, the tray and
History show it. The engine returns this; it never reports through log lines.

The JSON form (``RunReport.to_json()``) is a stable interface, documented in the README:
add fields, never rename or remove them.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import Any

REPORT_VERSION = 1


class LineState(StrEnum):
    SENT = "sent"  # confirmed in e-conomic by this run
    ALREADY_SENT = "already-sent"  # e-conomic had it already (an earlier run, or found there)
    DUPLICATE = "duplicate"  # another copy of the same posting in this run; that one went
    WAITING = "waiting"  # valid, not sent yet (e-conomic unreachable, unknown outcome, dry run)
    HELD = "held"  # cannot be sent as it is: reason and fix say what; the rest goes on
    REJECTED = "rejected"  # the whole file could not be read; it is in rejected/
    FAILED = "failed"  # e-conomic refused this voucher; held until the cause is fixed
    SET_ASIDE = "set-aside"  # the admin chose "Don't send this"
    REPLACED = "replaced"  # a corrected version of this posting was sent instead


DONE_LINE_STATES = frozenset({
    LineState.SENT, LineState.ALREADY_SENT, LineState.DUPLICATE, LineState.SET_ASIDE,
    LineState.REPLACED,
})


class ReceiptStatus(StrEnum):
    SENT = "sent"
    WAITING = "waiting"  # the file is not in the receipts folder (yet), or empty, or locked
    BY_HAND = "by-hand"  # the voucher moved or was booked: attach it by hand in e-conomic
    REFUSED = "refused"  # the file cannot be sent as it is (type, size, outside the folder)


class FileState(StrEnum):
    SENT = "sent"  # every posting sent (or set aside, or replaced); moved to sent/<date>/
    WAITING = "waiting"  # stays in the inbox (with <name>.errors.txt when something is held)
    REJECTED = "rejected"  # moved to rejected/ with <name>.errors.txt
    EMPTY = "empty"  # no postings in it; moved to sent/<date>/


class RunStatus(StrEnum):
    OK = "ok"  # everything ready was sent
    NOTHING_TO_SEND = "nothing-to-send"  # the inbox was empty (stays quiet)
    ATTENTION = "attention"  # the admin must act (reconnect, journal, year, rejected files)
    WAITING = "waiting"  # a temporary problem (network, e-conomic down); retried next run
    ERROR = "error"  # something unexpected; see the message and the log
    DRY_RUN = "dry-run"  # nothing was sent on purpose


class ProblemKind(StrEnum):
    """The cause behind ATTENTION/WAITING, so the tray can pick the icon and the words."""

    NOT_CONNECTED = "not-connected"  # no token stored, or e-conomic says 401
    NO_RIGHTS = "no-rights"  # 403
    JOURNAL_MISSING = "journal-missing"
    JOURNAL_WRONG_TYPE = "journal-wrong-type"
    YEAR_MISSING = "accounting-year-missing"
    YEAR_CLOSED = "accounting-year-closed"
    ACCOUNT_PROBLEM = "account-problem"
    VAT_PROBLEM = "vat-code-problem"
    CURRENCY_PROBLEM = "currency-problem"
    FILES_REJECTED = "files-rejected"
    VOUCHERS_REFUSED = "vouchers-refused"
    NETWORK = "network"
    ECONOMIC_UNAVAILABLE = "economic-unavailable"
    OUTCOME_UNKNOWN = "outcome-unknown"
    POSTINGS_HELD = "postings-held"  # postings wait for a fix; every other posting went
    RECEIPTS_WAITING = "receipts-waiting"  # receipt files not there yet
    RECEIPTS_BY_HAND = "receipts-by-hand"  # receipts to attach by hand, or refused files
    LEDGER_RECOVERED = "ledger-recovered"  # the ledger file was damaged and moved aside
    INBOX_SHARED = "inbox-shared"  # another profile reads the same inbox folder
    SETTINGS = "settings"
    BUSY = "busy"  # another run of the same profile holds the lock
    UNEXPECTED = "unexpected"


@dataclass(frozen=True)
class RunProblem:
    """One cause, said once (not once per line), with what the admin should do."""

    kind: ProblemKind
    title: str
    message: str
    message_da: str | None = None
    details: str | None = None  # e-conomic's own message and logId: never a token
    title_da: str | None = None

    def text(self, language: str = "en") -> tuple[str, str]:
        """(title, message) in the UI language, English where no Danish exists."""
        if language.lower().startswith("da"):
            return self.title_da or self.title, self.message_da or self.message
        return self.title, self.message


def counted(number: int, one: str, many: str) -> str:
    """"1 file", "2 files": messages an admin reads say it properly, not "file(s)"."""
    return f"{number} {one if number == 1 else many}"


def _danish(language: str) -> bool:
    return language.lower().startswith("da")


@dataclass(slots=True)
class LineResult:
    line_id: str
    source_line: int | None
    state: LineState
    reason: str | None = None
    voucher_number: int | None = None
    accounting_year: str | None = None
    sent_at: str | None = None
    reason_da: str | None = None  # `reason` in Danish, where there is a Danish text
    fix: str | None = None  # what the admin does about a held line (then it goes by itself)
    fix_da: str | None = None
    # The posting itself, so History reads like a journal (None where the line could not be
    # read, and in reports written before these fields existed): the posting's date (ISO),
    # who spent it, its text, its amount as a decimal string ("-373.16") in `currency`
    # (the agreement's base currency when the file named none and it is known), the
    # expense account and the contra account.
    date: str | None = None
    employee: str | None = None
    text: str | None = None
    amount: str | None = None
    currency: str | None = None
    account: int | None = None
    contra_account: int | None = None

    def reason_text(self, language: str = "en") -> str | None:
        """`reason` in the UI language ("da…" for Danish), English where no Danish exists."""
        if _danish(language):
            return self.reason_da or self.reason
        return self.reason

    def fix_text(self, language: str = "en") -> str | None:
        if _danish(language):
            return self.fix_da or self.fix
        return self.fix


@dataclass
class ReceiptResult:
    """A receipt that is not (yet) on its voucher, or was attached in this run."""

    name: str
    line_id: str
    state: ReceiptStatus
    voucher_number: int | None = None
    accounting_year: str | None = None
    reason: str | None = None
    reason_da: str | None = None
    fix: str | None = None
    fix_da: str | None = None
    # What was done to make e-conomic take it ("converted from HEIC, split into 3 parts").
    applied: str | None = None
    applied_da: str | None = None


@dataclass
class FileResult:
    file: str  # the name as it was in the inbox
    state: FileState
    lines: list[LineResult] = field(default_factory=list)
    reason: str | None = None
    moved_to: str | None = None
    reason_da: str | None = None  # `reason` in Danish, where there is a Danish text

    def reason_text(self, language: str = "en") -> str | None:
        """`reason` in the UI language ("da…" for Danish), English where no Danish exists."""
        if _danish(language):
            return self.reason_da or self.reason
        return self.reason


@dataclass
class RunReport:
    profile: str
    trigger: str
    started_at: str
    finished_at: str | None = None
    status: RunStatus = RunStatus.OK
    message: str = ""
    dry_run: bool = False
    problems: list[RunProblem] = field(default_factory=list)
    files: list[FileResult] = field(default_factory=list)
    run_id: int | None = None
    receipts: list[ReceiptResult] = field(default_factory=list)
    # Where this run's files and receipts are read from, so History can open the folder that
    # holds a file with a problem (a file moved to sent/ or rejected/ says so in `moved_to`).
    inbox_folder: str | None = None
    receipts_folder: str | None = None

    def count(self, state: LineState) -> int:
        return sum(1 for file in self.files for line in file.lines if line.state is state)

    @property
    def sent(self) -> int:
        return self.count(LineState.SENT)

    @property
    def waiting(self) -> int:
        return self.count(LineState.WAITING)

    @property
    def rejected(self) -> int:
        return self.count(LineState.REJECTED)

    @property
    def failed(self) -> int:
        return self.count(LineState.FAILED)

    @property
    def held(self) -> int:
        """Postings that wait for the admin: held by the file or e-conomic, or refused."""
        return self.count(LineState.HELD) + self.count(LineState.FAILED)

    def receipt_count(self, state: ReceiptStatus) -> int:
        return sum(1 for receipt in self.receipts if receipt.state is state)

    def sent_totals(self) -> dict[str, str]:
        """What this run sent, per currency: {"DKK": "3456.50"} (decimal strings, two
        decimals, currencies in the order first sent). Only lines SENT by this run count,
        not those e-conomic had already. A line whose currency is unknown (the agreement's
        base currency, no agreement asked) counts under ""."""
        totals: dict[str, Decimal] = {}
        for file in self.files:
            for line in file.lines:
                if line.state is not LineState.SENT or line.amount is None:
                    continue
                try:
                    amount = Decimal(line.amount)
                except InvalidOperation:
                    continue
                key = line.currency or ""
                totals[key] = totals.get(key, Decimal(0)) + amount
        return {key: format(value.quantize(Decimal("0.01")), "f")
                for key, value in totals.items()}

    def to_json(self, max_lines_per_file: int | None = None) -> dict[str, Any]:
        """The report as plain data. With `max_lines_per_file` (what History keeps of a
        100,000-line file), each file lists its lines that need a person first and then at
        most that many in all; `lines_omitted` says how many were left out. Counts are
        always complete."""
        if max_lines_per_file is None:
            data = asdict(self)
        else:
            data = asdict(replace(self, files=[]))
            data["files"] = [_file_json(file, max_lines_per_file) for file in self.files]
        data["version"] = REPORT_VERSION
        data["counts"] = {state.value: self.count(state) for state in LineState}
        data["counts"]["held-total"] = self.held
        data["receipt_counts"] = {
            state.value: self.receipt_count(state) for state in ReceiptStatus
        }
        data["sent_totals"] = self.sent_totals()
        return _plain(data)


def format_amount(amount: Decimal | str | None, language: str = "en") -> str:
    """An amount as the admin writes it: "3,456.50" in English, "3.456,50" in Danish (as
    e-conomic shows it); "" for none, the text itself when it is not a number."""
    if amount is None or amount == "":
        return ""
    try:
        value = Decimal(str(amount)).quantize(Decimal("0.01"))
    except InvalidOperation:
        return str(amount)
    text = f"{value:,.2f}"
    if _danish(language):
        text = text.replace(",", "_").replace(".", ",").replace("_", ".")
    return text


def _file_json(file: FileResult, limit: int) -> dict[str, Any]:
    data = asdict(replace(file, lines=[]))
    if len(file.lines) <= limit:
        data["lines"] = [asdict(line) for line in file.lines]
        return data
    first = [line for line in file.lines if line.state not in DONE_LINE_STATES]
    rest = [line for line in file.lines if line.state in DONE_LINE_STATES]
    kept = (first + rest)[:max(limit, len(first))]
    data["lines"] = [asdict(line) for line in kept]
    data["lines_omitted"] = len(file.lines) - len(kept)
    return data


def _plain(value: Any) -> Any:
    """Enums to their values, recursively, so json.dumps needs no help."""
    if isinstance(value, StrEnum):
        return value.value
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    return value
