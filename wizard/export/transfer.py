"""One transfer run of one profile: inbox → validation → pre-flight → ledger → e-conomic.

The exactly-once rules, in the order the run applies them:

1. Vouchers already on their way (an open batch from a crash or a lost answer) are settled
   first: their markers are looked for in e-conomic (every journal's draft entries and the
   accounting year's booked entries). Found → sent. Not found and the batch's key is still
   remembered by e-conomic (inside ``KEY_WINDOW``) → the identical bytes are posted again with
   the same key, which e-conomic answers from memory if the first request did land. Not found
   outside the window → free to send again in a new batch. A search that fails is "unknown":
   the batch waits, nothing is posted.
2. A batch's body and key are committed to the ledger before its POST.
3. One refused voucher (400 with ``arrayIndex``) does not block the others: it is marked
   failed with e-conomic's reason, the rest go again in a new batch.
4. Receipts are uploaded only after their voucher exists, one by one per voucher, each with
   the page count committed first; a receipt problem never re-posts a voucher.
5. A file moves to ``sent/<date>/`` only when every line of it is confirmed; a file that fails
   validation moves to ``rejected/`` with its reasons, and nothing of it is posted.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import threading
import uuid
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

from wizard.economic.client import EconomicClient
from wizard.economic.errors import (
    AttachmentAlreadyExists,
    AttachmentRefused,
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
from wizard.export.crashpoints import crashpoint
from wizard.export.ledger import (
    BatchRecord,
    Ledger,
    ReceiptRecord,
    ReceiptState,
    VoucherRecord,
    VoucherState,
)
from wizard.export.lines import ExpenseLine, ParsedFile
from wizard.export.markers import MAX_TEXT, find_marker, marker_for_id
from wizard.export.preflight import (
    TEMPORARY_KINDS,
    Preflight,
    check_connection,
    check_lines,
    problem_from_error,
)
from wizard.export.report import (
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
    "Nothing from this file was sent to e-conomic. Correct the problems below (in Acubiz, or in"
    " the file), then put the corrected file back in the inbox folder."
)


_Hit = tuple[int | None, str, int | None]  # voucher number, accounting year, journal (None: booked)


class RunStopped(Exception):
    """Stop sending for this run; the reason is already in the report's problems."""


@dataclass
class _FileWork:
    parsed: ParsedFile
    already_sent: dict[str, LineResult] = field(default_factory=dict)
    voucher_keys: set[str] = field(default_factory=set)


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
        self.dry_run = dry_run
        self.settle_seconds = settle_seconds
        self.batch_size = max(1, batch_size)
        self.receipt_workers = max(1, receipt_workers)
        self.cancel = cancel or threading.Event()
        self.save_profile = save_profile
        self.client: EconomicClient | None = None
        self.preflight: Preflight | None = None
        self._journal_markers: dict[str, _Hit] | None = None
        self._years_searched: set[str] = set()

    # -- the run ---------------------------------------------------------------------------

    def run(self) -> None:
        files = self._read_inbox()
        valid = [work for work in files if work.parsed.ok]
        for work in files:
            if not work.parsed.ok:
                self._reject(work.parsed)
        new_lines = [
            line for work in valid for line in work.parsed.lines
            if line.line_id not in work.already_sent
        ]
        open_batches = [] if self.dry_run else self.ledger.open_batches(self.profile.name)
        receipts_due = [] if self.dry_run else self.ledger.unsent_receipts(self.profile.name)
        try:
            if not new_lines and not open_batches and not receipts_due:
                return  # nothing to ask e-conomic about: stay quiet and offline
            if not self.profile.use_api_export:
                self._export_to_import_file(valid, open_batches)
                return
            self.client = self.client_factory()
            self.preflight = check_connection(self.client, self.profile)
            self._stop_on_problems()
            self._adopt_profile_update()
            for batch in open_batches:
                self._settle_open_batch(batch)
            check_lines(self.client, self.preflight, new_lines)
            self._stop_on_problems()
            if not self.dry_run:
                keys = self._register(valid)
                self._send(keys)
                self._upload_receipts()
        except RunStopped:
            pass
        finally:
            if self.dry_run:
                self._describe_dry_run(valid)
            else:
                self._finish_files(valid)

    # -- reading ---------------------------------------------------------------------------

    def _read_inbox(self) -> list[_FileWork]:
        paths = find_ready_files(self.profile.inbox_folder, self.settle_seconds)
        files = []
        for path in paths:
            work = _FileWork(read_file(path, self.profile))
            for line in work.parsed.lines:
                record = self.ledger.line(self.profile.name, line.line_id)
                if record is not None and record.state is VoucherState.SENT:
                    # Sent by an earlier run: Acubiz exported it again, or that run stopped
                    # before it could move the file. Either way it is not posted again.
                    work.already_sent[line.line_id] = LineResult(
                        line_id=line.line_id, source_line=line.source_line,
                        state=LineState.ALREADY_SENT,
                        reason=(
                            f"already sent on {_day(record.sent_at)} as voucher"
                            f" {record.voucher_number} ({record.accounting_year})"
                        ),
                        reason_da=(
                            f"allerede sendt {_day(record.sent_at)} som bilag"
                            f" {record.voucher_number} ({record.accounting_year})"
                        ),
                        voucher_number=record.voucher_number,
                        accounting_year=record.accounting_year, sent_at=record.sent_at,
                    )
            files.append(work)
        return files

    def _reject(self, parsed: ParsedFile) -> None:
        problems = [problem.describe() for problem in parsed.problems]
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
            moved = inbox.move_to_rejected(
                parsed.path, self.profile.inbox_folder, problems, REJECTED_HEADER
            )
            result.moved_to = str(moved)
        self.report.files.append(result)
        log.log(logging.INFO if self.dry_run else logging.WARNING, "%s: %s %s (%d problems)",
                self.profile.name, "would reject" if self.dry_run else "rejected",
                parsed.path.name, len(problems))

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

    # -- registering -----------------------------------------------------------------------

    def _drafts(self, valid: Sequence[_FileWork]) -> list[tuple[str | None, VoucherDraft]]:
        assert self.preflight is not None
        lines = [
            line for work in valid for line in work.parsed.lines
            if line.line_id not in work.already_sent
        ]
        drafts = group_into_vouchers(
            lines, self.profile.voucher_grouping, profile_name=self.profile.name
        )
        return [
            part for draft in drafts
            for part in split_by_accounting_year(draft, self.preflight.year_for)
        ]

    def _register(self, valid: Sequence[_FileWork]) -> list[str]:
        assert self.preflight is not None and self.preflight.journal is not None
        assert self.preflight.agreement is not None
        journal = self.preflight.journal.number
        base_currency = self.preflight.agreement.base_currency or "DKK"
        by_file = {str(work.parsed.path): work for work in valid}
        keys: list[str] = []
        for year, draft in self._drafts(valid):
            if year is None:  # pre-flight guarantees a year; keep the invariant anyway
                continue
            key = voucher_key(draft)
            existing = self.ledger.voucher(key)
            if existing is not None and existing.state in (VoucherState.SENT,
                                                           VoucherState.SENDING):
                by_file[str(draft.source_file)].voucher_keys.add(key)
                continue
            body = to_json_bytes(voucher_body(
                draft, journal, year, base_currency, self.profile.department_map or None
            ))
            try:
                self.ledger.register_voucher(
                    key=key, profile=self.profile.name, journal_number=journal,
                    accounting_year=year, body=body, line_ids=draft.line_ids,
                    source_file=str(draft.source_file), label=draft.label,
                    receipts=[str(path) for path in draft.receipts]
                    if self.profile.attach_receipts else [],
                )
            except Exception as error:  # a line already belongs to another, unsent voucher
                log.warning("%s: cannot register %s: %s", self.profile.name, draft.label, error)
                for line in draft.lines:
                    self.ledger_note_line_conflict(line)
                continue
            by_file[str(draft.source_file)].voucher_keys.add(key)
            keys.append(key)
        return keys

    def ledger_note_line_conflict(self, line: ExpenseLine) -> None:
        record = self.ledger.line(self.profile.name, line.line_id)
        if record is not None:
            self.ledger.note_reason(
                record.voucher_key,
                "A later file grouped this expense differently; it waits with its first"
                " voucher. See History.",
            )

    # -- sending ---------------------------------------------------------------------------

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
            retry = self._post(batch)
            # Vouchers that went back to pending (a neighbour was refused) go again, alone if
            # e-conomic did not say which one it refused.
            if retry:
                queue = retry + queue
                if any(key in chunk for key in retry) and len(retry) == len(chunk):
                    size = 1

    def _post(self, batch: BatchRecord) -> list[str]:
        """POST a batch (first time or replay). Returns the keys to send again."""
        assert self.client is not None
        try:
            created = self.client.post_vouchers(
                batch.journal_number, batch.body, batch.idempotency_key
            )
        except PeriodClosed as error:
            for key in batch.voucher_keys:
                self.ledger.settle_absent(key, error.message)
            problem = problem_from_error(error)
            self._problem(replace(problem, kind=ProblemKind.YEAR_CLOSED))
            raise RunStopped from None
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
        self._settle_created(batch, created)
        crashpoint("batch-settled")
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

    def _settle_created(self, batch: BatchRecord, created: Sequence[CreatedVoucher]) -> None:
        """Match e-conomic's answer to our vouchers by marker (not by position)."""
        owner = self._owners(batch.voucher_keys)
        settled: set[str] = set()
        for voucher in created:
            for text in voucher.entry_texts:
                key = owner.get(find_marker(text) or "")
                if key and key not in settled:
                    self.ledger.settle_sent(key, voucher.voucher_number, voucher.accounting_year,
                                            voucher.journal_number or batch.journal_number,
                                            now=self._now_iso())
                    settled.add(key)
        if len(settled) < len(batch.voucher_keys) and len(created) == len(batch.voucher_keys):
            # Answer without readable texts: fall back to the documented order.
            for key, voucher in zip(batch.voucher_keys, created, strict=True):
                if key not in settled:
                    self.ledger.settle_sent(key, voucher.voucher_number,
                                            voucher.accounting_year, batch.journal_number,
                                            now=self._now_iso())
                    settled.add(key)
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
            self._post(batch)
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

    def _economic_markers(self, years: Iterable[str]) -> dict[str, _Hit]:
        """Every marker in e-conomic, read once per run: one search per journal and per year
        instead of one per voucher."""
        assert self.client is not None
        if self._journal_markers is None:
            markers: dict[str, _Hit] = {}
            for journal in self.client.list_journals():
                for entry in self.client.search_journal_entries(journal.number,
                                                                MARKER_SEARCH_TEXT):
                    marker = find_marker(entry.text)
                    if marker:
                        markers[marker] = (entry.voucher_number, entry.accounting_year or "",
                                           journal.number)
            self._journal_markers = markers
        for year in sorted(set(years) - self._years_searched):
            for entry in self.client.search_year_entries(year, MARKER_SEARCH_TEXT):
                marker = find_marker(entry.text)
                if marker:
                    self._journal_markers.setdefault(marker, (entry.voucher_number, year, None))
            self._years_searched.add(year)
        return self._journal_markers

    def _within_key_window(self, batch: BatchRecord) -> bool:
        first = dt.datetime.fromisoformat(batch.first_sent_at)
        return self.clock() - first < KEY_WINDOW

    # -- receipts --------------------------------------------------------------------------

    def _upload_receipts(self) -> None:
        """Receipts of different vouchers go in parallel (bounded); one voucher's receipts go
        in order, because the first creates the file and the next ones add pages to it."""
        assert self.client is not None
        per_voucher: dict[str, list[ReceiptRecord]] = {}
        vouchers: dict[str, VoucherRecord] = {}
        for voucher, receipt in self.ledger.unsent_receipts(self.profile.name):
            per_voucher.setdefault(voucher.key, []).append(receipt)
            vouchers[voucher.key] = voucher
        if not per_voucher:
            return
        stop = threading.Event()
        problems: list[RunProblem] = []

        def upload_all(key: str) -> None:
            pages = _pages_if_untouched(per_voucher[key])
            for receipt in per_voucher[key]:
                if stop.is_set() or self.cancel.is_set():
                    return
                try:
                    pages = self._upload_receipt(vouchers[key], receipt, pages)
                except (UnknownOutcome, IdempotencyConflict):
                    return  # the page count decides on the next run
                except EconomicError as error:
                    self.ledger.set_receipt_state(key, receipt.position, ReceiptState.PENDING,
                                                  error.message)
                    if error.temporary:
                        problems.append(problem_from_error(error))
                        stop.set()
                    return

        with ThreadPoolExecutor(max_workers=self.receipt_workers,
                                thread_name_prefix="receipts") as pool:
            for future in [pool.submit(upload_all, key) for key in per_voucher]:
                future.result()
        if problems:
            self._problem(problems[0])
            raise RunStopped
        if self.cancel.is_set():
            raise RunStopped

    def _upload_receipt(
        self, voucher: VoucherRecord, receipt: ReceiptRecord, pages: int | None
    ) -> int | None:
        """Upload one receipt; return the voucher's page count afterwards when known.

        ``pages`` is the page count when this run knows it (a voucher nobody has attached
        anything to yet has none), else None and it is read from e-conomic first.
        """
        assert self.client is not None and voucher.voucher_number is not None
        where = (voucher.journal_number, voucher.accounting_year, voucher.voucher_number)
        if pages is None:
            try:
                pages = self.client.get_attachment_info(*where).pages
            except NotFound:
                self.ledger.set_receipt_state(
                    voucher.key, receipt.position, ReceiptState.FAILED,
                    "The voucher is no longer in the journal (booked or moved): attach this"
                    " receipt by hand in e-conomic.",
                )
                return None
        if receipt.state is ReceiptState.SENDING and pages > (receipt.pages_before or 0):
            self.ledger.set_receipt_state(voucher.key, receipt.position, ReceiptState.SENT)
            return pages
        path = Path(receipt.path)
        try:
            content = path.read_bytes()
        except OSError:
            self.ledger.set_receipt_state(
                voucher.key, receipt.position, ReceiptState.FAILED,
                f"The receipt file {path.name} is gone; attach it by hand in e-conomic.",
            )
            return pages
        append = pages > 0
        key = _new_key()
        self.ledger.receipt_sending(voucher.key, receipt.position, idempotency_key=key,
                                    append=append, pages_before=pages, now=self._now_iso())
        crashpoint("receipt-frozen")
        try:
            info = self.client.upload_attachment(*where, path.name, content, key, append=append)
        except AttachmentAlreadyExists:
            # Someone attached a file meanwhile: read the page count and append next time.
            self.ledger.set_receipt_state(voucher.key, receipt.position, ReceiptState.PENDING)
            return None
        except AttachmentRefused as error:
            self.ledger.set_receipt_state(voucher.key, receipt.position, ReceiptState.FAILED,
                                          error.message)
            return pages
        crashpoint("receipt-uploaded")
        self.ledger.set_receipt_state(voucher.key, receipt.position, ReceiptState.SENT)
        return info.pages if info is not None else None

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
        self._upload_receipts()
        sent = self._require(key)
        self.report.files.append(FileResult(
            file=Path(original.source_file).name,
            state=FileState.SENT if sent.state is VoucherState.SENT else FileState.WAITING,
            lines=[LineResult(new_id, None, LineState.SENT if sent.state is VoucherState.SENT
                              else LineState.WAITING, reason=sent.reason,
                              voucher_number=sent.voucher_number,
                              accounting_year=sent.accounting_year, sent_at=sent.sent_at)],
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
        self, valid: Sequence[_FileWork], open_batches: Sequence[BatchRecord]
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
        for batch in open_batches:  # a crash between freezing and writing: the file decides
            name = importfile.file_of_batch_key(batch.idempotency_key)
            written = name is not None and (folder / name).exists()
            for position, key in enumerate(batch.voucher_keys, start=1):
                if written:
                    self.ledger.settle_sent(key, position, self._require(key).accounting_year, 0)
                else:
                    self.ledger.settle_absent(key, None)
        if self.dry_run:
            return
        lines = [line for work in valid for line in work.parsed.lines
                 if line.line_id not in work.already_sent]
        drafts = group_into_vouchers(lines, self.profile.voucher_grouping,
                                     profile_name=self.profile.name)
        keys, chosen = [], []
        for draft in drafts:
            key = voucher_key(draft)
            existing = self.ledger.voucher(key)
            if existing is not None and existing.state is not VoucherState.PENDING:
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

    # -- files and the report -------------------------------------------------------------

    def _finish_files(self, valid: Sequence[_FileWork]) -> None:
        crashpoint("before-move")
        today = self.clock().astimezone(ZoneInfo(self.profile.time_zone)).date()
        for work in valid:
            parsed = work.parsed
            lines = [self._line_result(work, line) for line in parsed.lines]
            done = all(r.state in (LineState.SENT, LineState.ALREADY_SENT) for r in lines)
            result = FileResult(file=parsed.path.name, state=FileState.WAITING, lines=lines)
            if not parsed.lines:
                result.state = FileState.EMPTY
                result.reason = "no postings in this file"
            elif done:
                result.state = FileState.SENT
            if result.state in (FileState.SENT, FileState.EMPTY) and parsed.path.exists():
                result.moved_to = str(inbox.move_to_sent(parsed.path,
                                                         self.profile.inbox_folder, today))
            self.report.files.append(result)

    def _line_result(self, work: _FileWork, line: ExpenseLine) -> LineResult:
        if line.line_id in work.already_sent:
            return work.already_sent[line.line_id]
        record = self.ledger.line(self.profile.name, line.line_id)
        if record is None:
            return LineResult(line.line_id, line.source_line, LineState.WAITING,
                              reason=self._waiting_reason())
        voucher = self.ledger.voucher(record.voucher_key)
        reason = voucher.reason if voucher else None
        if record.state is VoucherState.SENT:
            return LineResult(line.line_id, line.source_line, LineState.SENT,
                              voucher_number=record.voucher_number,
                              accounting_year=record.accounting_year, sent_at=record.sent_at)
        if record.state is VoucherState.FAILED:
            return LineResult(line.line_id, line.source_line, LineState.FAILED, reason=reason)
        return LineResult(line.line_id, line.source_line, LineState.WAITING,
                          reason=reason or self._waiting_reason())

    def _waiting_reason(self) -> str:
        if self.report.problems:
            return self.report.problems[0].title
        return "not sent yet"

    def _describe_dry_run(self, valid: Sequence[_FileWork]) -> None:
        for work in valid:
            lines = []
            for line in work.parsed.lines:
                if line.line_id in work.already_sent:
                    lines.append(work.already_sent[line.line_id])
                else:
                    lines.append(LineResult(
                        line.line_id, line.source_line, LineState.WAITING,
                        reason=f"would be sent: {line.date.isoformat()} {line.amount}"
                        f" {line.currency or ''} to account {line.account}".replace("  ", " "),
                        reason_da=f"ville blive sendt: {line.date.isoformat()}"
                        f" {str(line.amount).replace('.', ',')} {line.currency or ''} til konto"
                        f" {line.account}".replace("  ", " "),
                    ))
            state = FileState.EMPTY if not lines else FileState.WAITING
            self.report.files.append(FileResult(file=work.parsed.path.name, state=state,
                                                lines=lines))

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
    if not report.files:
        return RunStatus.NOTHING_TO_SEND
    return RunStatus.OK


def _pages_if_untouched(receipts: Sequence[ReceiptRecord]) -> int | None:
    """0 when no upload was ever tried for this voucher (a voucher we just created has no
    file; if someone attached one meanwhile, the POST says so and we look next time)."""
    if all(r.state is ReceiptState.PENDING and r.attempts == 0 for r in receipts):
        return 0
    return None


def _new_key() -> str:
    return f"acubiz-{uuid.uuid4().hex}"


def _day(timestamp: str | None) -> str:
    if not timestamp:
        return "?"
    return dt.datetime.fromisoformat(timestamp).strftime("%d-%m-%Y")


def _strip_voucher_prefix(text: str) -> str:
    # "Voucher 3, line 1: Account 9999 not found." → the voucher number means nothing to users.
    if text.lower().startswith("voucher ") and ": " in text:
        return text.split(": ", 1)[1]
    return text
