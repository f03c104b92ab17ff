"""One transfer run of one profile: inbox → readers → identity → pre-flight → e-conomic.

Exactly once has two halves, and a run keeps both:

**Never twice.**
1. A posting is its marker `[EMS:<id>]` in an agreement's journal. Before anything new is
   posted, the markers already in e-conomic (every journal's draft entries and the booked
   entries of the years concerned) are read: the ledger is a cache, e-conomic is the truth,
   so a lost, new or restored ledger never causes a second posting. Copies of one posting in
   this run (the same file twice, two files repeating an id) are posted once; two different
   contents for one posting are a conflict and wait for the admin (`identity.decide`).
2. Vouchers already on their way (an open batch from a crash or a lost answer) are settled
   first: found by marker → sent; not found while e-conomic still remembers the batch's key
   (``KEY_WINDOW``) → the identical bytes are posted again with the same key; not found after
   that → free to send again. A search that fails is "unknown": the batch waits.
3. A batch's body and key are committed to the ledger before its POST.

**Never silently forgotten.**
4. The unit of holding is the posting (and the voucher e-conomic refuses), never the file or
   the profile: every posting that can go, goes; one with a problem in its file (unreadable,
   unbalanced, text too long, ...) or in e-conomic (closed or missing year, unknown or barred
   account, unknown VAT code, ...) is *held* with its reason and fix, recorded in the ledger,
   shown in the report, and tried again every run, so it goes by itself once the cause is
   fixed. Only a file that cannot be read at all goes to `rejected/`.
5. A file moves to `sent/<date>/` only when every posting in it is sent, set aside or replaced
   by a corrected version; until then it stays in the inbox with `<name>.errors.txt` beside it.
6. A receipt never holds back its posting and only ever goes onto the voucher that carries its
   posting's marker (`attach`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import threading
import time
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

from wizard.economic.client import EconomicClient
from wizard.economic.errors import (
    EconomicError,
    IdempotencyConflict,
    NotFound,
    PeriodClosed,
    UnknownOutcome,
    ValidationFailed,
    summarise,
)
from wizard.economic.models import CreatedVoucher
from wizard.export import importfile, inbox
from wizard.export.attach import ReceiptAttacher, StopReceipts, receipt_results
from wizard.export.crashpoints import crashpoint
from wizard.export.identity import (
    Copy,
    Decision,
    Known,
    Outcome,
    decide,
    fingerprint_of_line,
    summary_of_line,
)
from wizard.export.ledger import (
    BatchRecord,
    HeldKind,
    HeldRecord,
    Ledger,
    PostingRecord,
    Target,
    VoucherRecord,
    VoucherState,
)
from wizard.export.lines import Bilingual, ExpenseLine, HeldLine, ParsedFile, Problem
from wizard.export.markers import MAX_TEXT, find_marker, line_id_problem, marker_for_id
from wizard.export.preflight import (
    TEMPORARY_KINDS,
    Preflight,
    check_connection,
    check_lines,
    problem_from_error,
)
from wizard.export.report import (
    DONE_LINE_STATES,
    FileResult,
    FileState,
    LineResult,
    LineState,
    ProblemKind,
    RunProblem,
    RunReport,
    RunStatus,
    counted,
)
from wizard.export.source import find_ready_files, read_file
from wizard.export.vouchers import (
    VoucherDraft,
    group_into_vouchers,
    split_by_accounting_year,
    to_json_bytes,
    voucher_body,
    voucher_key,
)
from wizard.settings.profiles import ExportProfile

log = logging.getLogger("wizard.export")

# e-conomic remembers an Idempotency-Key for about an hour (observed, not documented): replay
# with the same key only well inside that.
KEY_WINDOW = dt.timedelta(minutes=50)
DEFAULT_BATCH_SIZE = 50
DEFAULT_RECEIPT_WORKERS = 4  # parallel uploads; e-conomic answers 429 if it wants fewer
MARKER_SEARCH_TEXT = "[EMS:"  # every entry we write starts with it

REJECTED_HEADER = (
    "Nothing from this file was sent to e-conomic: it could not be read as a posting file."
    " Correct the problems below (in Acubiz, or in the file), then put the corrected file"
    " back in the inbox folder.\n"
    "Intet fra denne fil er sendt til e-conomic: den kunne ikke læses som en fil med"
    " posteringer. Ret fejlene herunder (i Acubiz eller i filen), og læg derefter den rettede"
    " fil tilbage i indbakken."
)
HELD_HEADER = (
    "Some postings of this file are held and were not sent to e-conomic; every other posting"
    " of the file was sent. Each one below says why and what to do; once that is done, it is"
    " sent by itself with the next transfer. This list is refreshed on every transfer.\n"
    "Nogle posteringer i denne fil er holdt tilbage og ikke sendt til e-conomic; alle andre"
    " posteringer i filen er sendt. Ved hver af dem herunder står hvorfor, og hvad der skal"
    " gøres; derefter sendes den af sig selv ved næste overførsel. Listen opdateres ved hver"
    " overførsel."
)


_Hit = tuple[int | None, str, int | None]  # voucher number, accounting year, journal (None: booked)


_NOTHING_KNOWN = Known()


class RunStopped(Exception):
    """Stop sending for this run; the reason is already in the report's problems."""


@dataclass(slots=True)
class _Item:
    """One copy of a posting in this run: a line a reader could read, or one it held."""

    work: _FileWork
    copy: Copy
    line: ExpenseLine | None = None
    held_line: HeldLine | None = None
    decision: Decision | None = None
    state: LineState | None = None
    reason: Bilingual | None = None
    fix: Bilingual | None = None
    kind: HeldKind | None = None
    voucher_number: int | None = None
    accounting_year: str | None = None
    sent_at: str | None = None

    @property
    def line_id(self) -> str | None:
        return self.line.line_id if self.line else (self.held_line.line_id
                                                   if self.held_line else None)

    @property
    def source_line(self) -> int | None:
        return self.copy.line

    def hold(self, kind: HeldKind, reason: Bilingual, fix: Bilingual,
             state: LineState = LineState.HELD) -> None:
        self.state, self.kind, self.reason, self.fix = state, kind, reason, fix


@dataclass
class _FileWork:
    parsed: ParsedFile
    digest: str
    items: list[_Item] = field(default_factory=list)
    duplicate_of: _FileWork | None = None  # the same bytes as an earlier file of this run


class Transfer:
    """The steps of one run; `run_transfer` in `engine.py` wraps it with the lock and the
    run record. Each instance runs once."""

    def __init__(
        self,
        profile: ExportProfile,
        *,
        ledger: Ledger,
        client_factory: Callable[[], EconomicClient],
        clock: Callable[[], dt.datetime],
        report: RunReport,
        dry_run: bool = False,
        settle_seconds: float = 30.0,
        batch_size: int = DEFAULT_BATCH_SIZE,
        receipt_workers: int = DEFAULT_RECEIPT_WORKERS,
        cancel: threading.Event | None = None,
        save_profile: Callable[[ExportProfile], None] | None = None,
    ) -> None:
        self.profile = profile
        self.ledger = ledger
        self.client_factory = client_factory
        self.clock = clock
        self.report = report
        # History opens the folder that holds a problem file (a report only names the file).
        report.inbox_folder = str(profile.inbox_folder)
        report.receipts_folder = str(profile.receipts_folder or profile.inbox_folder)
        self.dry_run = dry_run
        self.settle_seconds = settle_seconds
        self.batch_size = max(1, batch_size)
        self.receipt_workers = max(1, receipt_workers)
        self.cancel = cancel or threading.Event()
        self.save_profile = save_profile
        self.client: EconomicClient | None = None
        self.preflight: Preflight | None = None
        self.target: Target | None = None
        self._journal_markers: dict[str, _Hit] | None = None
        # The receipt workers ask for the markers at the same moment: one reads, the others
        # wait for its answer (four parallel copies of the journal listing cost ~20 requests).
        self._markers_lock = threading.Lock()
        self._years_searched: set[str] = set()
        self._markers_refreshed = False
        self._items_by_key: dict[str, list[_Item]] = {}
        self._created_this_run: set[str] = set()
        # Voucher key → (journal, year, number) from e-conomic's answer to this run's own POST,
        # with when it came (the receipts take it as the voucher read back; `attach`).
        self._answered: dict[str, tuple[tuple[int, str, int], float]] = {}
        # Receipts go up while later batches are posted (started in `run`).
        self._attacher: ReceiptAttacher | None = None
        self._receipt_outcomes: list = []
        self._by_order: dict[int, _Item] = {}
        self._ledger_markers: set[str] = set()

    # -- the run ---------------------------------------------------------------------------

    def run(self) -> None:
        works = self._read_inbox()
        items = [item for work in works for item in work.items]
        self._by_order = {item.copy.order: item for item in items}
        open_batches = [] if self.dry_run else self.ledger.open_batches(self.profile.name)
        receipts_due = [] if self.dry_run else self._receipts_due()
        try:
            if not self._needs_economic(items) and not open_batches and not receipts_due:
                self._decide_offline(items)  # nothing to ask e-conomic: stay quiet, offline
                return
            if not self.profile.use_api_export:
                self._export_to_import_file(items, open_batches)
                return
            self.client = self.client_factory()
            self.preflight = check_connection(self.client, self.profile)
            self._stop_on_problems()
            self._adopt_profile_update()
            assert self.preflight.agreement is not None
            self.target = Target(self.preflight.agreement.agreement_number or 0,
                                 self._journal_number())
            for batch in open_batches:
                self._settle_open_batch(batch)
            self._decide_online(items)
            self._hold_what_economic_would_refuse(items)
            if not self.dry_run:
                self._attacher = self._new_attacher()
                try:
                    self._send_items(items)
                except BaseException:
                    self._halt_receipts()
                    raise
                self._attach_receipts()
        except RunStopped:
            pass
        except EconomicError as error:  # a lookup failed mid-run: nothing more is sent
            self._problem(problem_from_error(error))
        finally:
            self._finish(works)

    # -- reading ---------------------------------------------------------------------------

    def _read_inbox(self) -> list[_FileWork]:
        try:
            paths = find_ready_files(self.profile.inbox_folder, self.settle_seconds)
        except OSError as error:
            self._problem(RunProblem(
                kind=ProblemKind.SETTINGS, title="The inbox folder cannot be read",
                title_da="Indbakkemappen kan ikke læses",
                message=f"The folder {self.profile.inbox_folder} cannot be read"
                        f" ({error.strerror or error}). Make sure your user on this computer"
                        " may read it, or choose another folder in Settings.",
                message_da=f"Mappen {self.profile.inbox_folder} kan ikke læses"
                           f" ({error.strerror or error}). Sørg for, at din bruger på computeren"
                           " må læse den, eller vælg en anden mappe under Indstillinger.",
            ))
            return []
        works: list[_FileWork] = []
        by_digest: dict[str, _FileWork] = {}
        order = 0
        for path in paths:
            try:
                digest = _digest(path)
            except OSError as error:
                self._file_waits(path, Bilingual(
                    f"The file could not be opened ({error.strerror or error}); another"
                    " program may have it open. It is tried again with the next transfer.",
                    f"Filen kunne ikke åbnes ({error.strerror or error}); et andet program har"
                    " den måske åben. Den prøves igen ved næste overførsel.",
                ))
                continue
            parsed = read_file(path, self.profile)
            if not parsed.ok:
                self._reject(parsed)
                continue
            if parsed.unterminated and self._still_young(path):
                self._file_waits(path, Bilingual(
                    "The file's last line has no line break yet: it may still be being"
                    " written. It is read again with the next transfer.",
                    "Filens sidste linje har endnu intet linjeskift: den skrives måske stadig."
                    " Den læses igen ved næste overførsel.",
                ))
                continue
            work = _FileWork(parsed, digest, duplicate_of=by_digest.get(digest))
            by_digest.setdefault(digest, work)
            name = str(path)  # one string for every copy of the file
            for line in parsed.lines:
                order += 1
                work.items.append(_Item(work, Copy(
                    marker=marker_for_id(line.line_id), order=order, file=name,
                    line=line.source_line, fingerprint=fingerprint_of_line(line),
                    summary=summary_of_line(line),
                ), line=line))
            for held in parsed.held:
                order += 1
                work.items.append(_Item(work, Copy(
                    marker=_held_marker(path, held), order=order, file=name,
                    line=held.source_line, fingerprint=None,
                ), held_line=held))
            work.items.sort(key=lambda item: (item.copy.line or 0, item.copy.order))
            works.append(work)
        return works

    def _still_young(self, path: Path) -> bool:
        """A file whose last line is unfinished gets the settle time once more."""
        try:
            age = time.time() - path.stat().st_mtime
        except OSError:
            return True
        return age < 2 * self.settle_seconds

    def _file_waits(self, path: Path, reason: Bilingual) -> None:
        self.report.files.append(FileResult(
            file=path.name, state=FileState.WAITING, reason=reason.en, reason_da=reason.da,
        ))

    def _reject(self, parsed: ParsedFile) -> None:
        problems = [_both_languages(problem.describe(), problem.describe("da"))
                    for problem in parsed.problems]
        result = FileResult(
            file=parsed.path.name, state=FileState.REJECTED,
            reason=f"{counted(len(problems), 'problem', 'problems')}; nothing from this file was"
            " sent",
            reason_da=f"{counted(len(problems), 'problem', 'problemer')}; intet fra filen blev"
            " sendt",
            lines=[
                LineResult(line_id="", source_line=problem.line, state=LineState.REJECTED,
                           reason=problem.describe(), reason_da=problem.describe("da"))
                for problem in parsed.problems
            ],
        )
        if not self.dry_run:
            try:
                moved = inbox.move_to_rejected(
                    parsed.path, self.profile.inbox_folder, problems, REJECTED_HEADER
                )
                result.moved_to = str(moved)
            except OSError as error:
                self._problem(_move_problem(parsed.path, "rejected", error))
        self.report.files.append(result)
        log.log(logging.INFO if self.dry_run else logging.WARNING, "%s: %s %s (%d problems)",
                self.profile.name, "would reject" if self.dry_run else "rejected",
                parsed.path.name, len(problems))

    def _receipts_due(self) -> list:
        """Receipts to upload now: pending ones, and waiting ones whose file has appeared (a
        receipt still missing does not wake e-conomic every run)."""
        due = []
        for voucher, receipt in self.ledger.unsent_receipts(self.profile.name):
            if receipt.state.value != "waiting" or Path(receipt.path).exists():
                due.append((voucher, receipt))
        return due

    # -- pre-flight ------------------------------------------------------------------------

    def _stop_on_problems(self) -> None:
        assert self.preflight is not None
        if self.preflight.problems:
            self.report.problems.extend(self.preflight.problems)
            raise RunStopped

    def _adopt_profile_update(self) -> None:
        """The journal was found by name under a new number (or renamed): remember it."""
        assert self.preflight is not None and self.preflight.profile is not None
        if self.preflight.profile_changed and not self.dry_run:
            self.profile = self.preflight.profile
            if self.save_profile is not None:
                self.save_profile(self.profile)
        elif self.preflight.profile_changed:
            self.profile = self.preflight.profile

    # -- deciding what each copy is ----------------------------------------------------------

    def _needs_economic(self, items: Sequence[_Item]) -> bool:
        """True when some readable posting is not known in the ledger as sent or set aside."""
        sent = self.ledger.sent_markers(self.profile.name)
        aside = self.ledger.held_fingerprints(self.profile.name)
        for item in items:
            if item.line is None:
                continue
            marker = item.copy.marker
            if marker in sent:
                continue
            if item.copy.fingerprint in aside.get(marker, (set(), set()))[1]:
                continue
            return True
        return False

    def _known(self, items: Sequence[_Item], online: bool) -> dict[str, Known]:
        markers = {item.copy.marker for item in items}
        held = self.ledger.held_fingerprints(self.profile.name)
        if self.target is not None:
            postings = self.ledger.postings(self.target, markers)
        else:
            postings = self.ledger.postings_of_profile(self.profile.name, markers)
        self._ledger_markers = set(postings)
        hits: dict[str, _Hit] = {}
        if online and any(m not in postings for m in markers if m.startswith("[")):
            hits = self._economic_markers(self._years_of(items))
        known: dict[str, Known] = {}
        for marker in markers:
            before, aside = held.get(marker, (set(), set()))
            record = postings.get(marker)
            hit = hits.get(marker)
            if record is not None:
                where = _where(record.voucher_number, record.accounting_year)
                known[marker] = Known(
                    sent_fingerprint=record.fingerprint or "", in_economic=True,
                    where=where, sent_summary=record.summary, set_aside=frozenset(aside),
                    held_before=frozenset(before),
                    sent_on=_day(record.sent_at) if record.how != "found-in-economic" else "",
                )
            elif hit is not None:
                number, year, journal = hit
                where = _where(number, year) + (f" in journal {journal}" if journal else
                                                " (booked)")
                known[marker] = Known(in_economic=True, where=where,
                                      set_aside=frozenset(aside), held_before=frozenset(before))
            elif before or aside:
                known[marker] = Known(set_aside=frozenset(aside), held_before=frozenset(before))
            else:
                known[marker] = _NOTHING_KNOWN  # the usual case: one shared record
        return known

    def _years_of(self, items: Sequence[_Item]) -> set[str]:
        assert self.preflight is not None
        years = set()
        for item in items:
            if item.line is None:
                continue
            year = next((y for y in self.preflight.years if y.contains(item.line.date)), None)
            if year is not None:
                years.add(year.label)
        return years

    def _decide_offline(self, items: Sequence[_Item]) -> None:
        self._apply(items, decide([item.copy for item in items], self._known(items, False)))

    def _decide_online(self, items: Sequence[_Item]) -> None:
        known = self._known(items, True)
        decisions = decide([item.copy for item in items], known)
        self._apply(items, decisions)
        # Postings found in e-conomic that the ledger did not know: remember them.
        found = []
        assert self.target is not None
        for item in items:
            if (item.state is LineState.ALREADY_SENT and item.line is not None
                    and item.copy.marker not in self._ledger_markers and not self.dry_run):
                found.append(self._posting_record(item, None, None, None, "found-in-economic"))
        if found:
            self.ledger.record_postings(found)

    def _apply(self, items: Sequence[_Item], decisions: Sequence[Decision]) -> None:
        by_order = {decision.copy.order: decision for decision in decisions}
        for item in items:
            decision = by_order[item.copy.order]
            item.decision = decision
            outcome = decision.outcome
            if outcome is Outcome.ALREADY_SENT:
                item.state = LineState.ALREADY_SENT
                known = decision.known
                if known.sent_on:
                    item.reason = Bilingual(
                        f"already sent on {known.sent_on} as {known.where}",
                        f"allerede sendt {known.sent_on} som {_danish_where(known.where)}",
                    )
                else:
                    item.reason = Bilingual(
                        f"already in e-conomic as {known.where}; not sent again",
                        f"findes allerede i e-conomic som {_danish_where(known.where)};"
                        " sendes ikke igen",
                    )
            elif outcome is Outcome.SET_ASIDE:
                item.state = LineState.SET_ASIDE
                item.reason = Bilingual("set aside by the admin (\"Don't send this\")",
                                        "lagt til side (\"Send ikke\")")
            elif outcome is Outcome.CONFLICT:
                self._hold_conflict(item, decision)
            elif outcome is Outcome.UNREADABLE:
                self._hold_unreadable(item)
            elif outcome is Outcome.REPLACED and decision.known.in_economic:
                item.state = LineState.REPLACED
                item.reason = Bilingual(
                    f"this copy could not be read, but the posting is in e-conomic as"
                    f" {decision.known.where}",
                    f"denne kopi kunne ikke læses, men posteringen findes i e-conomic som"
                    f" {_danish_where(decision.known.where)}",
                )
            # SEND, DUPLICATE and REPLACED-by-a-copy-of-this-run are settled after sending.

    def _hold_conflict(self, item: _Item, decision: Decision) -> None:
        if decision.known.in_economic:
            theirs = decision.known.sent_summary or decision.known.where
            reason = Bilingual(
                f"This posting is already in e-conomic ({decision.known.where}) with other"
                f" content. In e-conomic: {theirs}. In this file: {item.copy.summary}.",
                f"Posteringen findes allerede i e-conomic"
                f" ({_danish_where(decision.known.where)}) med et andet indhold. I e-conomic:"
                f" {theirs}. I denne fil: {item.copy.summary}.",
            )
            fix = Bilingual(
                "If the new content is right, correct the posting in e-conomic by hand; then"
                " set this copy aside: select it in History and choose Don't send this"
                f" ({item.line_id}). Nothing is posted twice.",
                "Hvis det nye indhold er rigtigt, så ret posteringen i e-conomic manuelt, og læg"
                " derefter denne kopi til side: vælg den i Historik og vælg Send ikke"
                f" ({item.line_id}). Intet bogføres to gange.",
            )
        else:
            versions = "; ".join(
                f"{Path(version.file).name} line {version.line}: {version.summary}"
                for version in decision.versions
            )
            versions_da = versions.replace(" line ", " linje ")
            reason = Bilingual(
                f"The same posting ({item.copy.marker}) comes with different content: {versions}."
                " Nothing is sent until one version is chosen.",
                f"Den samme postering ({item.copy.marker}) findes med forskelligt indhold:"
                f" {versions_da}. Intet sendes, før én version er valgt.",
            )
            choices = [f"{Path(version.file).name}#{version.line}"
                       for version in decision.versions]
            names, names_da = " or ".join(choices), " eller ".join(choices)
            fix = Bilingual(
                "Remove the wrong file from the inbox folder, or set the wrong version aside:"
                f" select it in History and choose Don't send this (one of {names}); the other"
                " version is then sent by itself.",
                "Fjern den forkerte fil fra indbakken, eller læg den forkerte version til side:"
                f" vælg den i Historik og vælg Send ikke (en af {names_da});"
                " den anden version sendes så af sig selv.",
            )
        item.hold(HeldKind.CONFLICT, reason, fix)

    def _hold_unreadable(self, item: _Item) -> None:
        assert item.held_line is not None
        problems = item.held_line.problems
        fixes_en = list(dict.fromkeys(problem.text("en")[1] for problem in problems))
        fixes_da = list(dict.fromkeys(problem.text("da")[1] for problem in problems))
        item.hold(HeldKind.FILE, _with_fields(problems), Bilingual(
            " ".join(fixes_en) + " The rest of the file is sent; a corrected export of this"
            " posting is sent by itself.",
            " ".join(fixes_da) + " Resten af filen sendes; en rettet eksport af posteringen"
            " sendes af sig selv.",
        ))

    def _hold_what_economic_would_refuse(self, items: Sequence[_Item]) -> None:
        assert self.client is not None and self.preflight is not None
        candidates = [item for item in items if item.decision is not None
                      and item.decision.outcome is Outcome.SEND and item.state is None]
        if not candidates:
            return
        holds = check_lines(self.client, self.preflight,
                            [item.line for item in candidates if item.line is not None])
        for item in candidates:
            assert item.line is not None
            reasons = holds.get(item.line.line_id)
            if reasons:
                item.hold(
                    HeldKind.ECONOMIC,
                    Bilingual(" ".join(h.reason.en for h in reasons),
                              " ".join(h.reason.da for h in reasons)),
                    Bilingual(" ".join(dict.fromkeys(h.fix.en for h in reasons)),
                              " ".join(dict.fromkeys(h.fix.da for h in reasons))),
                )

    # -- sending ---------------------------------------------------------------------------

    def _send_items(self, items: Sequence[_Item]) -> None:
        ready = [item for item in items if item.decision is not None
                 and item.decision.outcome is Outcome.SEND and item.state is None]
        keys = self._register(ready)
        self._send(keys)

    def _register(self, ready: Sequence[_Item]) -> list[str]:
        """Freeze a voucher for the postings that go (grouped as the profile says)."""
        assert self.preflight is not None and self.preflight.journal is not None
        assert self.preflight.agreement is not None
        journal = self.preflight.journal.number
        base_currency = self.preflight.agreement.base_currency or "DKK"
        by_id = {item.line.line_id: item for item in ready if item.line is not None}
        drafts = group_into_vouchers([item.line for item in ready if item.line is not None],
                                     self.profile.voucher_grouping,
                                     profile_name=self.profile.name)
        keys: list[str] = []
        with self.ledger.bulk():
            self._register_drafts(drafts, by_id, journal, base_currency, keys)
        return keys

    def _register_drafts(self, drafts: Sequence[VoucherDraft], by_id: dict[str, _Item],
                         journal: int, base_currency: str, keys: list[str]) -> None:
        assert self.preflight is not None
        for draft in drafts:
            for year, part in split_by_accounting_year(draft, self.preflight.year_for):
                members = [by_id[line_id] for line_id in part.line_ids]
                if year is None:  # pre-flight holds such postings; keep the invariant anyway
                    continue
                key = voucher_key(part)
                self._items_by_key[key] = members
                existing = self.ledger.voucher(key)
                if existing is not None and existing.state in (VoucherState.SENT,
                                                               VoucherState.SENDING):
                    if existing.state is VoucherState.SENT:
                        self._record_sent([key])
                    continue
                body = to_json_bytes(voucher_body(
                    part, journal, year, base_currency, self.profile.department_map or None
                ))
                try:
                    self.ledger.register_voucher(
                        key=key, profile=self.profile.name, journal_number=journal,
                        accounting_year=year, body=body, line_ids=part.line_ids,
                        source_file=str(part.source_file), label=part.label,
                        receipts=[str(path) for path in part.receipts]
                        if self.profile.attach_receipts else [],
                    )
                except ValueError as error:  # a line already belongs to a voucher on its way
                    log.warning("%s: cannot register %s: %s", self.profile.name, part.label,
                                error)
                    continue
                keys.append(key)

    def _record_sent(self, keys: Iterable[str]) -> None:
        """The vouchers are in e-conomic: remember each of their postings by identity."""
        rows = []
        for key in keys:
            voucher = self._require(key)
            if voucher.state is not VoucherState.SENT:
                continue
            self._created_this_run.add(key)
            for item in self._items_by_key.get(key, []):
                rows.append(self._posting_record(item, voucher.key, voucher.voucher_number,
                                                 voucher.accounting_year, "posted"))
            if key not in self._items_by_key:  # an open batch of an earlier run
                for line_id in voucher.line_ids:
                    rows.append(PostingRecord(
                        agreement=self.target.agreement if self.target else 0,
                        journal=voucher.journal_number, marker=marker_for_id(line_id),
                        profile=self.profile.name, line_id=line_id, fingerprint=None,
                        summary="", voucher_key=key, voucher_number=voucher.voucher_number,
                        accounting_year=voucher.accounting_year,
                        source_file=voucher.source_file,
                        sent_at=voucher.sent_at or self._now_iso(), how="posted",
                    ))
        if rows:
            self.ledger.record_postings(rows)

    def _posting_record(self, item: _Item, key: str | None, number: int | None,
                        year: str | None, how: str) -> PostingRecord:
        assert item.line is not None
        return PostingRecord(
            agreement=self.target.agreement if self.target else 0,
            journal=self.target.journal if self.target else 0,
            marker=item.copy.marker, profile=self.profile.name, line_id=item.line.line_id,
            fingerprint=item.copy.fingerprint, summary=item.copy.summary, voucher_key=key,
            voucher_number=number, accounting_year=year or "",
            source_file=item.copy.file, sent_at=self._now_iso(), how=how,
        )

    # -- sending (batches) ---------------------------------------------------------------

    def _send(self, keys: Sequence[str]) -> None:
        queue = [key for key in keys if self._state(key) is VoucherState.PENDING]
        size = self.batch_size
        while queue:
            if self.cancel.is_set():
                raise RunStopped
            chunk, queue = queue[:size], queue[size:]
            batch = self.ledger.open_batch(
                self.profile.name, self._journal_number(), chunk, _new_key(),
                now=self._now_iso(),
            )
            crashpoint("batch-frozen")
            retry = self._post(batch, fresh=True)
            # Vouchers that went back to pending (a neighbour was refused) go again, alone if
            # e-conomic did not say which one it refused.
            if retry:
                queue = retry + queue
                if any(key in chunk for key in retry) and len(retry) == len(chunk):
                    size = 1

    def _post(self, batch: BatchRecord, *, fresh: bool = False) -> list[str]:
        """POST a batch (first time or replay). Returns the keys to send again.

        `fresh`: a new batch of this run, so e-conomic's answer describes the vouchers as they
        are now (a replay may bring back an answer up to an hour old). Their receipts start
        going up at once, while the next batch is posted."""
        assert self.client is not None
        try:
            created = self.client.post_vouchers(
                batch.journal_number, batch.body, batch.idempotency_key
            )
        except PeriodClosed as error:
            # A closed period (or year) refuses the whole batch: find the voucher by sending
            # one at a time; that one is held, the others go.
            if len(batch.voucher_keys) > 1:
                for key in batch.voucher_keys:
                    self.ledger.settle_absent(key, None)
                return list(batch.voucher_keys)
            self.ledger.settle_failed(batch.voucher_keys[0],
                                      f"e-conomic refused it: {error.message}")
            return []
        except ValidationFailed as error:
            return self._refused(batch, error)
        except (UnknownOutcome, IdempotencyConflict) as error:
            for key in batch.voucher_keys:
                self.ledger.note_reason(key, "Sent, but e-conomic's answer was lost; it will"
                                        " be checked in e-conomic before anything is re-sent.")
            self._problem(problem_from_error(error))
            raise RunStopped from None
        except EconomicError as error:
            # 401/403/404/network/429: e-conomic did not take the request (the client turns
            # an answer that might follow a landed attempt into UnknownOutcome).
            for key in batch.voucher_keys:
                self.ledger.settle_absent(key, error.message)
            problem = problem_from_error(error)
            if isinstance(error, NotFound):
                problem = self._journal_gone_problem(problem)
            self._problem(problem)
            raise RunStopped from None
        crashpoint("batch-posted")
        self._settle_created(batch, created, fresh=fresh)
        self._record_sent(batch.voucher_keys)
        crashpoint("batch-settled")
        if self._attacher is not None:
            self._attacher.submit(batch.voucher_keys)
        return []

    def _refused(self, batch: BatchRecord, error: ValidationFailed) -> list[str]:
        """400: e-conomic created nothing. Mark the refused vouchers, send the rest again."""
        by_index: dict[int, list] = {}
        for detail in error.details:
            if detail.voucher_index is not None:
                by_index.setdefault(detail.voucher_index, []).append(detail)
        keys = list(batch.voucher_keys)
        if not by_index and len(keys) == 1:
            by_index = {0: list(error.details)}
        if not by_index:
            for key in keys:
                self.ledger.settle_absent(key, None)
            return keys  # e-conomic did not say which: send one by one
        retry = []
        for index, key in enumerate(keys):
            if index in by_index:
                reason = summarise(tuple(by_index[index]), error.message)
                reason = _strip_voucher_prefix(reason)
                self.ledger.settle_failed(key, f"e-conomic refused it: {reason}")
            else:
                self.ledger.settle_absent(key, None)
                retry.append(key)
        return retry

    def _settle_created(self, batch: BatchRecord, created: Sequence[CreatedVoucher], *,
                        fresh: bool = False) -> None:
        """Match e-conomic's answer to our vouchers by marker (not by position); one ledger
        transaction for the whole answer. A `fresh` answer is kept for the receipts."""
        owner = self._owners(batch.voucher_keys)
        settled: dict[str, tuple[str, int, str, int | None]] = {}
        for voucher in created:
            for text in voucher.entry_texts:
                key = owner.get(find_marker(text) or "")
                if key and key not in settled:
                    settled[key] = (key, voucher.voucher_number, voucher.accounting_year,
                                    voucher.journal_number or batch.journal_number)
        if len(settled) < len(batch.voucher_keys) and len(created) == len(batch.voucher_keys):
            # Answer without readable texts: fall back to the documented order.
            for key, voucher in zip(batch.voucher_keys, created, strict=True):
                if key not in settled:
                    settled[key] = (key, voucher.voucher_number, voucher.accounting_year,
                                    batch.journal_number)
        if settled:
            self.ledger.settle_sent_many(list(settled.values()), now=self._now_iso())
        if fresh:
            at = time.monotonic()
            for key, number, year, journal in settled.values():
                if journal is not None:
                    self._answered[key] = ((journal, year, number), at)
        missing = [key for key in batch.voucher_keys if key not in settled]
        for key in missing:
            self.ledger.note_reason(key, "e-conomic's answer did not mention this voucher; it"
                                    " will be looked for in e-conomic before anything else.")

    # -- settling what may already be in e-conomic -------------------------------------------

    def _settle_open_batch(self, batch: BatchRecord) -> None:
        assert self.client is not None
        try:
            found: dict[str, _Hit] | None = self._find_in_economic(batch)
        except EconomicError as error:
            found = None
            log.warning("%s: could not look for batch %s: %s", self.profile.name,
                        batch.batch_id, error.support_line())
        if found:
            # The batch landed (e-conomic creates a batch whole or not at all).
            for key in batch.voucher_keys:
                if key in found:
                    number, year, journal = found[key]
                    self.ledger.settle_sent(key, number or 0, year, journal, now=self._now_iso())
                    self._record_sent([key])
                elif self._state(key) is VoucherState.SENDING:
                    # Its neighbours are in e-conomic but it is not: someone deleted it there.
                    # Sending it again could be exactly what they did not want.
                    self.ledger.settle_failed(
                        key, "Not found in e-conomic although the rest of its batch was (deleted"
                        " there?). Check in e-conomic, then use 'Send again' if it is missing.")
            return
        if self._within_key_window(batch):
            # e-conomic still remembers the key: the same bytes either create the vouchers
            # (the first request never landed) or bring back the first answer.
            self.ledger.note_batch_attempt(batch.batch_id)
            self._post(batch)  # vouchers it gives back as pending go with this run's own
            return
        if found is not None:  # searched everywhere, not there, key forgotten: send again
            for key in batch.voucher_keys:
                self.ledger.settle_absent(key, None)
            return
        self._problem(RunProblem(
            kind=ProblemKind.OUTCOME_UNKNOWN,
            title="Waiting to confirm earlier postings",
            title_da="Venter på at bekræfte tidligere posteringer",
            message=(
                "Some postings were sent earlier but e-conomic's answer was lost, and e-conomic"
                " could not be searched just now. Nothing is sent again until they are"
                " confirmed; the next transfer tries again."
            ),
            message_da=(
                "Nogle posteringer blev sendt tidligere, men svaret fra e-conomic gik tabt, og"
                " e-conomic kunne ikke gennemsøges lige nu. Intet sendes igen, før de er"
                " bekræftet; næste overførsel prøver igen."
            ),
        ))
        raise RunStopped

    def _find_in_economic(self, batch: BatchRecord) -> dict[str, _Hit]:
        """Voucher key → where it is, for the batch's vouchers found by marker in any journal
        (accountants move drafts between journals) or among the year's booked entries."""
        vouchers = [self._require(key) for key in batch.voucher_keys]
        markers = self._economic_markers({voucher.accounting_year for voucher in vouchers})
        found = {}
        for voucher in vouchers:
            for line_id in voucher.line_ids:
                hit = markers.get(marker_for_id(line_id))
                if hit is not None:
                    found[voucher.key] = hit
                    break
        return found

    def _economic_markers(self, years: Iterable[str], *, fresh: bool = False
                          ) -> dict[str, _Hit]:
        """Every marker in e-conomic, read once per run: one search per journal and per year
        instead of one per voucher. `fresh` reads again (once per run), for receipts whose
        voucher an accountant may have moved since the run began."""
        assert self.client is not None
        with self._markers_lock:
            if fresh and not self._markers_refreshed:
                self._journal_markers = None
                self._years_searched = set()
                self._markers_refreshed = True
            if self._journal_markers is None:
                markers: dict[str, _Hit] = {}
                for journal in self.client.list_journals():
                    for entry in self.client.search_journal_entries(journal.number,
                                                                    MARKER_SEARCH_TEXT):
                        marker = find_marker(entry.text)
                        if marker:
                            markers[marker] = (entry.voucher_number,
                                               entry.accounting_year or "", journal.number)
                self._journal_markers = markers
            for year in sorted(set(years) - self._years_searched):
                for entry in self.client.search_year_entries(year, MARKER_SEARCH_TEXT):
                    marker = find_marker(entry.text)
                    if marker:
                        self._journal_markers.setdefault(marker,
                                                         (entry.voucher_number, year, None))
                self._years_searched.add(year)
            return self._journal_markers

    def _within_key_window(self, batch: BatchRecord) -> bool:
        first = dt.datetime.fromisoformat(batch.first_sent_at)
        return self.clock() - first < KEY_WINDOW

    # -- receipts --------------------------------------------------------------------------

    def _new_attacher(self) -> ReceiptAttacher:
        assert self.client is not None
        return ReceiptAttacher(
            self.client, self.ledger,
            allowed_folders=[folder for folder in (self.profile.receipts_folder,
                                                   self.profile.inbox_folder) if folder],
            find_markers=lambda years: self._economic_markers(years, fresh=True),
            now=self._now_iso, workers=self.receipt_workers, cancel=self.cancel,
            created_this_run=self._created_this_run, answered=self._answered,
        )

    def _attach_receipts(self) -> None:
        attacher, self._attacher = self._attacher or self._new_attacher(), None
        try:
            attacher.attach_all(self.profile.name)
        except StopReceipts as stop:
            self._problem(problem_from_error(stop.error))
        finally:
            self._receipt_outcomes = attacher.outcomes
        if self.cancel.is_set():
            raise RunStopped

    def _halt_receipts(self) -> None:
        """Sending stopped: uploads already on their way finish, no new ones start (the rest
        wait for the next run, as when a run stops before its receipts)."""
        attacher, self._attacher = self._attacher, None
        if attacher is not None:
            attacher.halt()
            self._receipt_outcomes = attacher.outcomes

    # -- the end of a run: every copy's state, the files, what is held -----------------------

    def _finish(self, works: Sequence[_FileWork]) -> None:
        for work in works:
            for item in work.items:
                self._settle_item(item)
        for work in works:
            for item in work.items:
                self._settle_follower(item)
        if self.dry_run:
            for work in works:
                self.report.files.append(self._file_result(work))
            return
        crashpoint("before-move")
        today = self.clock().astimezone(ZoneInfo(self.profile.time_zone)).date()
        held: list[HeldRecord] = []
        for work in works:
            result = self._file_result(work)
            held += self._held_records(work)
            self._place_file(work, result, today)
            self.report.files.append(result)
        self.ledger.update_held(self.profile.name, held,
                                [str(work.parsed.path) for work in works], self._now_iso())
        self.report.receipts = receipt_results(self.ledger, self.profile.name,
                                               self._receipt_outcomes)

    def _settle_item(self, item: _Item) -> None:
        """A copy that was to be sent: what became of its voucher."""
        if item.state is not None or item.decision is None:
            return
        if item.decision.outcome is not Outcome.SEND or item.line is None:
            return
        if self.dry_run:
            line = item.line
            item.state = LineState.WAITING
            item.reason = Bilingual(
                f"would be sent: {line.date.isoformat()} {line.amount} {line.currency or ''}"
                f" to account {line.account}".replace("  ", " "),
                f"ville blive sendt: {line.date:%d-%m-%Y}"
                f" {str(line.amount).replace('.', ',')} {line.currency or ''} til konto"
                f" {line.account}".replace("  ", " "),
            )
            return
        record = self.ledger.line(self.profile.name, item.line.line_id)
        voucher = self.ledger.voucher(record.voucher_key) if record else None
        if voucher is not None and voucher.state is VoucherState.SENT:
            item.state = LineState.SENT
            item.voucher_number = voucher.voucher_number
            item.accounting_year = voucher.accounting_year
            item.sent_at = voucher.sent_at
        elif voucher is not None and voucher.state is VoucherState.FAILED:
            reason = voucher.reason or "e-conomic refused it"
            item.hold(HeldKind.REFUSED, Bilingual(reason, reason.replace(
                "e-conomic refused it", "e-conomic afviste den")), Bilingual(
                "Correct the cause named by e-conomic (in e-conomic, or in Acubiz and export"
                " again); the posting is then sent by itself with the next transfer.",
                "Ret årsagen, som e-conomic nævner, i e-conomic eller i Acubiz (og eksportér"
                " så igen); posteringen sendes derefter af sig selv ved næste overførsel.",
            ), state=LineState.FAILED)
        else:
            waiting = (voucher.reason if voucher and voucher.reason else None)
            item.state = LineState.WAITING
            item.reason = Bilingual(waiting, waiting) if waiting else self._waiting_reason()

    def _settle_follower(self, item: _Item) -> None:
        """A copy that follows another one of this run (a duplicate, or an older version
        replaced by a correction): done when that one was sent, else it waits with it."""
        if item.state is not None or item.decision is None:
            return
        instead = item.decision.instead
        lead = self._by_order.get(instead.order) if instead is not None else None
        where = (f"{Path(item.decision.instead.file).name} line {item.decision.instead.line}"
                 if item.decision.instead else "?")
        where_da = where.replace(" line ", " linje ")
        if lead is not None and lead.state is LineState.SENT:
            if item.decision.outcome is Outcome.DUPLICATE:
                item.state = LineState.DUPLICATE
                item.reason = Bilingual(
                    f"the same posting as {where}; sent once",
                    f"samme postering som {where_da}; sendt én gang",
                )
            else:
                item.state = LineState.REPLACED
                item.reason = Bilingual(
                    f"replaced by the corrected version in {where}, which was sent",
                    f"erstattet af den rettede version i {where_da}, som er sendt",
                )
            item.voucher_number, item.accounting_year = lead.voucher_number, lead.accounting_year
            return
        if item.held_line is not None:
            self._hold_unreadable(item)
            return
        if lead is not None and lead.state in (LineState.HELD, LineState.FAILED):
            item.hold(lead.kind or HeldKind.FILE, lead.reason or self._waiting_reason(),
                      lead.fix or Bilingual("", ""), state=lead.state)
            return
        item.state = LineState.WAITING
        item.reason = Bilingual(f"waits with {where}", f"venter sammen med {where_da}")

    def _file_result(self, work: _FileWork) -> FileResult:
        lines = [self._line_result(item) for item in work.items]
        result = FileResult(file=work.parsed.path.name, state=FileState.WAITING, lines=lines)
        if not work.items:
            result.state = FileState.EMPTY
            result.reason = "no postings in this file"
            result.reason_da = "ingen posteringer i filen"
        elif all(line.state in DONE_LINE_STATES for line in lines):
            result.state = FileState.SENT
        else:
            held = sum(1 for line in lines if line.state in (LineState.HELD, LineState.FAILED))
            if held and self.dry_run:
                result.reason = f"{counted(held, 'posting', 'postings')} would be held back"
                result.reason_da = (f"{counted(held, 'postering', 'posteringer')} ville blive"
                                    " holdt tilbage")
            elif held:
                result.reason = (f"{counted(held, 'posting', 'postings')} held; see"
                                 f" {work.parsed.path.name}.errors.txt")
                result.reason_da = (f"{counted(held, 'postering', 'posteringer')} holdt"
                                    f" tilbage; se {work.parsed.path.name}.errors.txt")
        if work.duplicate_of is not None and result.state is FileState.SENT:
            result.reason = f"the same file as {work.duplicate_of.parsed.path.name}"
            result.reason_da = f"samme fil som {work.duplicate_of.parsed.path.name}"
        return result

    def _line_result(self, item: _Item) -> LineResult:
        state = item.state or LineState.WAITING
        reason = item.reason or (self._waiting_reason() if state is LineState.WAITING else None)
        return LineResult(
            line_id=item.line_id or item.copy.marker, source_line=item.source_line,
            state=state, reason=reason.en if reason else None,
            reason_da=reason.da if reason else None,
            fix=item.fix.en if item.fix else None, fix_da=item.fix.da if item.fix else None,
            voucher_number=item.voucher_number, accounting_year=item.accounting_year,
            sent_at=item.sent_at, **self._posting_details(item.line),
        )

    def _posting_details(self, line: ExpenseLine | None) -> dict:
        """The posting as History shows it (date, employee, text, amount, accounts); nothing
        for a line that could not be read."""
        if line is None:
            return {}
        agreement = self.preflight.agreement if self.preflight is not None else None
        return {
            "date": line.date.isoformat(), "employee": line.user_name or line.employee,
            "text": line.text, "amount": format(line.amount, "f"),
            "currency": line.currency or (agreement.base_currency if agreement else None),
            "account": line.account, "contra_account": line.contra_account,
        }

    def _held_records(self, work: _FileWork) -> list[HeldRecord]:
        now = self._now_iso()
        records = []
        for item in work.items:
            if item.state not in (LineState.HELD, LineState.FAILED) or item.kind is None:
                continue
            reason = item.reason or Bilingual("", "")
            fix = item.fix or Bilingual("", "")
            records.append(HeldRecord(
                profile=self.profile.name, marker=item.copy.marker,
                fingerprint=item.copy.fingerprint or "", line_id=item.line_id,
                kind=item.kind, summary=item.copy.summary, reason=reason.en, reason_da=reason.da,
                fix=fix.en, fix_da=fix.da, source_file=item.copy.file,
                source_line=item.source_line, first_held_at=now, updated_at=now,
                set_aside_by=None, set_aside_at=None, in_inbox=True,
            ))
        return records

    def _place_file(self, work: _FileWork, result: FileResult, today: dt.date) -> None:
        """Done → `sent/<date>/`; held postings → `<name>.errors.txt` beside it."""
        path = work.parsed.path
        errors = path.with_name(path.name + inbox.ERRORS_SUFFIX)
        try:
            if result.state in (FileState.SENT, FileState.EMPTY):
                if path.exists():
                    result.moved_to = str(inbox.move_to_sent(path, self.profile.inbox_folder,
                                                             today))
                if errors.exists():
                    inbox.remove_errors_file(errors)
                return
            held = [line for line in result.lines
                    if line.state in (LineState.HELD, LineState.FAILED)]
            if held:
                inbox.write_errors_file(errors, HELD_HEADER, [
                    _describe(line) for line in held
                ])
            elif errors.exists():
                inbox.remove_errors_file(errors)
        except OSError as error:
            self._problem(_move_problem(path, "sent", error))

    def _waiting_reason(self) -> Bilingual:
        if self.report.problems:
            problem = self.report.problems[0]
            return Bilingual(problem.title, problem.title_da or problem.title)
        return Bilingual("not sent yet", "ikke sendt endnu")

    # -- a deliberate second posting -----------------------------------------------------

    def send_again(self, line_id: str) -> None:
        """Post a line that e-conomic already has once more, on purpose (the admin confirmed
        a warning): e.g. the accountant deleted it there by mistake. It gets its own marker,
        `[EMS:<id>+2]`, so the engine can tell the two postings apart."""
        record = self.ledger.line(self.profile.name, line_id)
        if record is None or record.state is not VoucherState.SENT:
            self._problem(RunProblem(
                kind=ProblemKind.SETTINGS, title="Only a sent line can be sent again",
                title_da="Kun en sendt linje kan sendes igen",
                message=f"The line {line_id} has not been sent, so there is nothing to send"
                        " again; a normal transfer sends it.",
                message_da=f"Linjen {line_id} er ikke sendt, så der er intet at sende igen; en"
                           " almindelig overførsel sender den.",
            ))
            raise RunStopped
        original = self._require(record.voucher_key)
        self.client = self.client_factory()
        self.preflight = check_connection(self.client, self.profile)
        self._stop_on_problems()
        self._adopt_profile_update()
        assert self.preflight.agreement is not None
        self.target = Target(self.preflight.agreement.agreement_number or 0,
                             self._journal_number())
        new_id = self._free_resend_id(line_id)
        body = json.loads(original.body, parse_float=Decimal)
        old_marker, new_marker = marker_for_id(line_id), marker_for_id(new_id)
        entries = [
            entry for entry in body["entries"]["financeVouchers"]
            if find_marker(entry.get("text", "")) == old_marker
        ]
        for entry in entries:
            text = new_marker + entry["text"][len(old_marker):]
            entry["text"] = text if len(text) <= MAX_TEXT else text[: MAX_TEXT - 1] + "…"
        body["entries"]["financeVouchers"] = entries
        body["journal"] = {"journalNumber": self._journal_number()}
        key = f"{original.key}+{new_id.rsplit('+', 1)[1]}"
        receipts = [r.path for r in self.ledger.receipts(original.key)]
        self.ledger.register_voucher(
            key=key, profile=self.profile.name, journal_number=self._journal_number(),
            accounting_year=original.accounting_year, body=to_json_bytes(body),
            line_ids=[new_id], source_file=original.source_file,
            label=f"{original.label} (sent again)", receipts=receipts,
        )
        self._send([key])
        self._attach_receipts()
        sent = self._require(key)
        self.report.files.append(FileResult(
            file=Path(original.source_file).name,
            state=FileState.SENT if sent.state is VoucherState.SENT else FileState.WAITING,
            lines=[LineResult(new_id, None, LineState.SENT if sent.state is VoucherState.SENT
                              else LineState.WAITING, reason=sent.reason,
                              voucher_number=sent.voucher_number,
                              accounting_year=sent.accounting_year, sent_at=sent.sent_at,
                              **_entry_details(entries[0] if entries else {}))],
            reason=f"{line_id} sent again on purpose",
        ))

    def _free_resend_id(self, line_id: str) -> str:
        base = line_id.split("+", 1)[0]
        number = 2
        while self.ledger.line(self.profile.name, f"{base}+{number}") is not None:
            number += 1
        return f"{base}+{number}"

    # -- "Use API export: No" ---------------------------------------------------------------

    def _export_to_import_file(
        self, items: Sequence[_Item], open_batches: Sequence[BatchRecord]
    ) -> None:
        folder = self.profile.import_file_folder
        if folder is None:
            self._problem(RunProblem(
                kind=ProblemKind.SETTINGS, title="No folder for the import file",
                title_da="Ingen mappe til importfilen",
                message="The profile writes import files but has no folder for them. Choose"
                        " one in Settings (\"Folder for the import file\").",
                message_da="Profilen skriver importfiler, men har ingen mappe til dem. Vælg en"
                           " under Indstillinger.",
            ))
            raise RunStopped
        self.target = Target(0, 0)  # no agreement, no journal: the file is the destination
        for batch in open_batches:  # a crash between freezing and writing: the file decides
            name = importfile.file_of_batch_key(batch.idempotency_key)
            written = name is not None and (folder / name).exists()
            for position, key in enumerate(batch.voucher_keys, start=1):
                if written:
                    self.ledger.settle_sent(key, position, self._require(key).accounting_year, 0)
                    self._record_sent([key])
                else:
                    self.ledger.settle_absent(key, None)
        self._decide_offline(items)
        if self.dry_run:
            return
        ready = [item for item in items if item.decision is not None
                 and item.decision.outcome is Outcome.SEND and item.state is None
                 and item.line is not None]
        by_id = {item.line.line_id: item for item in ready if item.line is not None}
        drafts = group_into_vouchers([item.line for item in ready if item.line is not None],
                                     self.profile.voucher_grouping,
                                     profile_name=self.profile.name)
        keys, chosen = [], []
        for draft in drafts:
            key = voucher_key(draft)
            self._items_by_key[key] = [by_id[line_id] for line_id in draft.line_ids]
            existing = self.ledger.voucher(key)
            if existing is not None and existing.state not in (VoucherState.PENDING,
                                                               VoucherState.SUPERSEDED):
                continue
            year = str(draft.lines[0].date.year)
            self.ledger.register_voucher(
                key=key, profile=self.profile.name, journal_number=0, accounting_year=year,
                body=to_json_bytes(voucher_body(draft, 0, year, "",
                                                self.profile.department_map or None)),
                line_ids=draft.line_ids, source_file=str(draft.source_file), label=draft.label,
            )
            keys.append(key)
            chosen.append(draft)
        if not keys:
            return
        name = importfile.import_file_name(self.clock().astimezone(
            ZoneInfo(self.profile.time_zone)))
        self.ledger.open_batch(self.profile.name, 0, keys, importfile.batch_key_for(name),
                               now=self._now_iso())
        crashpoint("batch-frozen")
        content = importfile.render_import_file(chosen, "", self.profile.department_map)
        importfile.write_atomically(folder, name, content)
        crashpoint("batch-posted")
        for position, (key, draft) in enumerate(zip(keys, chosen, strict=True), start=1):
            self.ledger.settle_sent(key, position, str(draft.lines[0].date.year), 0,
                                    now=self._now_iso())
        self._record_sent(keys)

    # -- small things --------------------------------------------------------------------

    def _problem(self, problem: RunProblem) -> None:
        self.report.problems.append(problem)

    def _journal_gone_problem(self, problem: RunProblem) -> RunProblem:
        return RunProblem(
            kind=ProblemKind.JOURNAL_MISSING,
            title="The journal disappeared during the transfer",
            title_da="Kassekladden forsvandt under overførslen",
            message=(
                f"e-conomic no longer has the journal \"{self.profile.journal_name}\". Create"
                " it again or choose another journal in Settings; what was not sent waits in"
                " the inbox."
            ),
            message_da=(
                f"e-conomic har ikke længere kassekladden \"{self.profile.journal_name}\". Opret"
                " den igen, eller vælg en anden under Indstillinger; det, der ikke blev sendt,"
                " venter i indbakken."
            ),
            details=problem.details,
        )

    # -- small helpers ---------------------------------------------------------------------

    def _journal_number(self) -> int:
        assert self.preflight is not None and self.preflight.journal is not None
        return self.preflight.journal.number

    def _state(self, key: str) -> VoucherState:
        return self._require(key).state

    def _require(self, key: str) -> VoucherRecord:
        record = self.ledger.voucher(key)
        if record is None:
            raise KeyError(key)
        return record

    def _owners(self, keys: Iterable[str]) -> dict[str, str]:
        owner = {}
        for key in keys:
            for line_id in self._require(key).line_ids:
                owner[marker_for_id(line_id)] = key
        return owner

    def _now_iso(self) -> str:
        return self.clock().astimezone(dt.UTC).isoformat(timespec="seconds")


def finish_status(report: RunReport) -> RunStatus:
    """The one status the tray and the CLI act on, derived from what happened."""
    if report.problems:
        if all(problem.kind in TEMPORARY_KINDS for problem in report.problems):
            return RunStatus.WAITING
        if any(problem.kind is ProblemKind.UNEXPECTED for problem in report.problems):
            return RunStatus.ERROR
        return RunStatus.ATTENTION
    if report.dry_run:
        return RunStatus.DRY_RUN
    if not report.files and not report.receipts:
        return RunStatus.NOTHING_TO_SEND
    return RunStatus.OK


def _new_key() -> str:
    return f"acubiz-{uuid.uuid4().hex}"


def _day(timestamp: str | None) -> str:
    if not timestamp:
        return "?"
    return dt.datetime.fromisoformat(timestamp).strftime("%d-%m-%Y")


def _entry_details(entry: dict) -> dict:
    """History's posting details read back from a frozen e-conomic entry (a line sent again
    has no file line to read them from; the employee is not in the entry)."""
    if not entry:
        return {}
    text = entry.get("text") or ""
    marker = find_marker(text)
    return {
        "date": entry.get("date"), "amount": None if entry.get("amount") is None
        else format(Decimal(str(entry["amount"])), "f"),
        "currency": (entry.get("currency") or {}).get("code"),
        "text": text[len(marker):].strip() if marker and text.startswith(marker) else text,
        "account": (entry.get("account") or {}).get("accountNumber"),
        "contra_account": (entry.get("contraAccount") or {}).get("accountNumber"),
    }


def _strip_voucher_prefix(text: str) -> str:
    # "Voucher 3, line 1: Account 9999 not found." → the voucher number means nothing to users.
    if text.lower().startswith("voucher ") and ": " in text:
        return text.split(": ", 1)[1]
    return text


def _digest(path: Path) -> str:
    """The file's content hash (the same bytes under two names are one file)."""
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        for chunk in iter(lambda: stream.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _held_marker(path: Path, held: HeldLine) -> str:
    """The identity of a held copy: its marker when its id is usable, else file and line."""
    if held.line_id and line_id_problem(held.line_id) is None:
        return marker_for_id(held.line_id)
    return f"{path.name}#{held.source_line}"


def _where(number: int | None, year: str | None) -> str:
    return f"voucher {number} ({year})" if number else f"an entry ({year or '?'})"


def _danish_where(where: str) -> str:
    return (where.replace("voucher ", "bilag ").replace("an entry", "en postering")
            .replace(" in journal ", " i kassekladde ").replace("(booked)", "(bogført)"))


def _with_fields(problems: Sequence[Problem]) -> Bilingual:
    """The reader's own words for a held line, each with the field it is about ("date (column
    2): The date '31-11-2026' does not exist."); the line itself is shown beside it."""
    english, danish = [], []
    for problem in problems:
        message_en, message_da = problem.text("en")[0], problem.text("da")[0]
        field_da = problem.field_da or problem.field
        english.append(f"{problem.field}: {message_en}" if problem.field else message_en)
        danish.append(f"{field_da}: {message_da}" if field_da else message_da)
    return Bilingual(" ".join(english), " ".join(danish))


def _describe(line: LineResult) -> str:
    where = f"line {line.source_line}" if line.source_line is not None else "?"
    text = f"- {where} ({line.line_id}): {line.reason or ''}"
    if line.fix:
        text += f"\n  What to do: {line.fix}"
    if line.reason_da and line.reason_da != line.reason:
        text += f"\n  Dansk: {line.reason_da}"
        if line.fix_da:
            text += f" {line.fix_da}"
    return text


def _both_languages(english: str, danish: str) -> str:
    """One entry of a rejected file's list: English, then Danish where it differs."""
    return english if danish == english else f"{english}\n  Dansk: {danish}"


def _move_problem(path: Path, folder: str, error: OSError) -> RunProblem:
    where, where_da = inbox.folder_words(folder)
    return RunProblem(
        kind=ProblemKind.SETTINGS,
        title=f"A file could not be moved to the \"{folder}\" folder",
        title_da=f"En fil kunne ikke flyttes til mappen \"{folder}\"",
        message=f"{path.name} could not be moved to {where}"
                f" ({error.strerror or error}). Check that \"{folder}\" is a folder this"
                " program may write to (not a file). What was sent is remembered; nothing is"
                " sent twice.",
        message_da=f"{path.name} kunne ikke flyttes til {where_da}"
                   f" ({error.strerror or error}). Kontrollér, at \"{folder}\" er en mappe,"
                   " som programmet må skrive i (ikke en fil). Det, der er sendt, huskes, så"
                   " intet sendes to gange.",
    )
