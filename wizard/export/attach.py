"""Receipts go onto the voucher that carries their posting's marker, and nowhere else.

A receipt never holds back its posting: the voucher is posted first, and its receipts are
attached afterwards, in this run or a later one. Before any upload to a recorded voucher
number the voucher is read back and must still carry one of its postings' markers, because
e-conomic renumbers vouchers an accountant moves to another journal and gives the freed number
to the next new voucher. If it moved, the marker is looked for in every journal and the
receipt follows it; if it was booked or is gone, the receipt is marked "attach by hand" with
the marker and the date, so the admin knows exactly where it belongs. For a voucher this run
has just posted, e-conomic's answer to that POST is the read-back (it lists the voucher's
entries with their markers, seconds before the upload); its receipts go up while the next
batch is posted.

Per receipt, in order: the file is checked (`receipt_files.load_receipt`: inside the allowed
folder after resolving links, JPEG/PNG/GIF/PDF by content, at most 9 MB; a file that is not
there yet waits and is tried again every run); the voucher is confirmed; the page count is
read (a voucher we have never uploaded to and just created has none) and committed before the
upload, so an upload whose answer is lost is recognised by the page count next time; on
"Voucher already has attachment" the page count is read again before any PATCH.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import threading
import time
import uuid
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path

from wizard.economic.client import EconomicClient
from wizard.economic.errors import (
    AttachmentAlreadyExists,
    AttachmentRefused,
    EconomicError,
    IdempotencyConflict,
    NotFound,
    UnknownOutcome,
)
from wizard.export.crashpoints import crashpoint
from wizard.export.ledger import (
    Ledger,
    ReceiptRecord,
    ReceiptState,
    VoucherRecord,
    VoucherState,
)
from wizard.export.lines import Bilingual
from wizard.export.markers import find_marker, marker_for_id
from wizard.export.receipt_files import ReceiptFile, load_receipt
from wizard.export.receipt_normalise import (
    CONVERTED_KINDS,
    CannotNormalise,
    Normalised,
    Part,
    describe_applied,
    normalise,
)
from wizard.export.report import ReceiptResult, ReceiptStatus

log = logging.getLogger("wizard.export")

# The largest receipt file read for converting or splitting (phones and scanners make 20-40 MB;
# e-conomic takes 9 MB per part).
MAX_SOURCE_BYTES = 64 * 1024 * 1024

# marker → (voucher number, accounting year, journal number; None when booked)
MarkerHits = dict[str, tuple[int | None, str, int | None]]

# What `attach_all` uploads (the ledger's `unsent_receipts`).
_UNSENT = frozenset({ReceiptState.PENDING, ReceiptState.SENDING, ReceiptState.WAITING})

# How long e-conomic's answer to this run's POST stands for reading the voucher back: the
# answer lists the voucher's entries with their markers, as a read of the journal would.
ANSWER_CONFIRMS_FOR = 600.0  # seconds


@dataclass
class ReceiptOutcome:
    """What became of one receipt in this run (for the report)."""

    voucher: VoucherRecord
    receipt: ReceiptRecord
    status: ReceiptStatus
    reason: Bilingual | None = None
    fix: Bilingual | None = None


class _Refused:
    """e-conomic refused a part: the receipt is marked, the voucher's other receipts go on."""


class StopReceipts(Exception):
    """A temporary e-conomic problem (network, 5xx, 429): stop uploading for this run."""

    def __init__(self, error: EconomicError) -> None:
        super().__init__(error.message)
        self.error = error


class ReceiptAttacher:
    """Uploads what the ledger says is due, for one run.

    The run hands over each batch's vouchers as soon as the ledger records them sent
    (`submit`), so their receipts go up while the next batch is posted; `attach_all` then
    adds what is left (receipts of earlier runs) and waits for everything. `halt` stops
    starting uploads and waits for those on their way (a run that stops)."""

    def __init__(
        self,
        client: EconomicClient,
        ledger: Ledger,
        *,
        allowed_folders: Sequence[Path],
        find_markers: Callable[[Iterable[str]], MarkerHits],
        now: Callable[[], str],
        workers: int,
        cancel: threading.Event,
        created_this_run: set[str] | None = None,
        answered: Mapping[str, tuple[tuple[int, str, int], float]] | None = None,
    ) -> None:
        self.client = client
        self.ledger = ledger
        self.allowed_folders = [folder for folder in allowed_folders if folder is not None]
        self.find_markers = find_markers
        self.now = now
        self.workers = max(1, workers)
        self.cancel = cancel
        # Shared with the run, which adds to them while receipts already go up.
        self.created_this_run = created_this_run if created_this_run is not None else set()
        self.answered = answered if answered is not None else {}
        self.outcomes: list[ReceiptOutcome] = []
        self._lock = threading.Lock()
        # (voucher key, position) → what a receipt became, not yet in the ledger.
        self._unrecorded: dict[tuple[str, int], Normalised] = {}
        # (voucher key, position, parts) of receipts up on their voucher whose "sent" is not
        # in the ledger yet: it goes with the next upload's commit, or at the end (`_wait`).
        # Losing it in a crash is safe: the receipt is "sending" with the page count before
        # it, so the next run sees the page it added and marks it sent, uploading nothing.
        self._unflushed: list[tuple[str, int, int, Normalised | None]] = []
        # (voucher key, position) → the key its first upload goes with, committed as
        # "sending" (page count 0) with its whole batch (`submit`): no commit per upload.
        self._armed: dict[tuple[str, int], str] = {}
        self._stop = threading.Event()
        self._problems: list[EconomicError] = []
        self._submitted: set[str] = set()  # a voucher's receipts go in one task, never two
        self._futures: list[Future[None]] = []
        self._pool: ThreadPoolExecutor | None = None

    def submit(self, voucher_keys: Iterable[str]) -> None:
        """Start uploading the receipts of these vouchers (those the ledger has as sent).

        A voucher this run has just created has no file yet: the first upload of its first
        receipt is committed as "sending" (page count 0, its key) for the whole batch in one
        transaction, before any of them goes. One that is then never sent (the run stops,
        the file is missing) is harmless: the next run reads the page count, finds 0 and
        sends it with a new key."""
        work: list[tuple[VoucherRecord, list[ReceiptRecord]]] = []
        for key in voucher_keys:
            voucher = self.ledger.voucher(key)
            if voucher is None or voucher.state is not VoucherState.SENT:
                continue
            receipts = [receipt for receipt in self.ledger.receipts(key)
                        if receipt.state in _UNSENT]
            if receipts:
                work.append((voucher, receipts))
        armed = {
            (voucher.key, receipts[0].position): _new_key() for voucher, receipts in work
            if self._fresh(voucher, receipts)
        }
        if armed:
            with self.ledger.transaction():
                self._flush_sent()
                for (voucher_key, position), idempotency_key in armed.items():
                    self.ledger.receipt_sending(voucher_key, position,
                                                idempotency_key=idempotency_key,
                                                append=False, pages_before=0, now=self.now())
            with self._lock:
                self._armed.update(armed)
        for voucher, receipts in work:
            self._schedule(voucher, receipts)

    def _fresh(self, voucher: VoucherRecord, receipts: list[ReceiptRecord]) -> bool:
        """Created moments ago by this run and never uploaded to: no file on it yet."""
        return voucher.key in self.created_this_run and all(
            r.state is ReceiptState.PENDING and r.attempts == 0 for r in receipts
        )

    def attach_all(self, profile: str) -> None:
        """Receipts of different vouchers go in parallel (bounded); one voucher's receipts go
        in order, because the first creates the file and the next ones add pages to it.
        Raises `StopReceipts` on a temporary problem (the rest waits for the next run)."""
        per_voucher: dict[str, list[ReceiptRecord]] = {}
        vouchers: dict[str, VoucherRecord] = {}
        with self._lock:
            submitted = set(self._submitted)
        for voucher, receipt in self.ledger.unsent_receipts(profile):
            if voucher.key in submitted:
                continue
            per_voucher.setdefault(voucher.key, []).append(receipt)
            vouchers[voucher.key] = voucher
        for key, receipts in per_voucher.items():
            self._schedule(vouchers[key], receipts)
        self._wait()
        if self._problems:
            raise StopReceipts(self._problems[0])

    def halt(self) -> None:
        """No new uploads; wait for those on their way. Their problems are not raised: the
        run already stopped for its own reason, and the receipts wait for the next run."""
        self._stop.set()
        self._wait()

    def _schedule(self, voucher: VoucherRecord, receipts: list[ReceiptRecord]) -> None:
        with self._lock:
            if voucher.key in self._submitted:
                return
            self._submitted.add(voucher.key)
            if self._pool is None:
                self._pool = ThreadPoolExecutor(max_workers=self.workers,
                                                thread_name_prefix="receipts")
            self._futures.append(self._pool.submit(self._task, voucher, receipts))

    def _task(self, voucher: VoucherRecord, receipts: list[ReceiptRecord]) -> None:
        try:
            self._attach_voucher(voucher, receipts, self._stop)
        except StopReceipts as error:
            with self._lock:
                self._problems.append(error.error)
            self._stop.set()

    def _wait(self) -> None:
        with self._lock:
            pool, self._pool = self._pool, None
            futures, self._futures = self._futures, []
        if pool is None:
            return
        try:
            for future in futures:
                future.result()
        finally:
            pool.shutdown(wait=True)
            if self._unflushed:
                with self.ledger.transaction():
                    self._flush_sent()

    def _flush_sent(self) -> None:
        """Write the "sent" of receipts already up (inside the caller's transaction)."""
        with self._lock:
            done, self._unflushed = self._unflushed, []
        try:
            for voucher_key, position, parts, normalised in done:
                if normalised is not None:
                    self._write_prepared(voucher_key, position, normalised)
                self.ledger.receipt_part_sent(voucher_key, position, parts)
                self.ledger.set_receipt_state(voucher_key, position, ReceiptState.SENT)
        except BaseException:
            with self._lock:
                self._unflushed[:0] = done
            raise

    # -- one voucher -----------------------------------------------------------------------

    def _attach_voucher(
        self, voucher: VoucherRecord, receipts: list[ReceiptRecord], stop: threading.Event
    ) -> None:
        ready: list[tuple[ReceiptRecord, Normalised]] = []
        for receipt in receipts:
            loaded = self._load(receipt)
            if isinstance(loaded, ReceiptFile):
                try:
                    normalised = normalise(loaded.name, loaded.content)
                except CannotNormalise as error:
                    # The posting is booked; this receipt needs a person, and says why.
                    self.ledger.set_receipt_state(voucher.key, receipt.position,
                                                  ReceiptState.BY_HAND,
                                                  _join(error.reason, error.fix).en)
                    self._outcome(voucher, receipt, ReceiptStatus.BY_HAND, error.reason,
                                  error.fix)
                    continue
                if receipt.parts_sent and json.loads(receipt.sent_sha256 or "[]") != list(
                        normalised.sent_sha256):
                    # The file changed after some of its parts went up: resuming would mix
                    # two files on one voucher.
                    reason = Bilingual(
                        f"The receipt {loaded.name} changed after {receipt.parts_sent} of its"
                        " parts were attached.",
                        f"Kvitteringen {loaded.name} blev ændret, efter {receipt.parts_sent} af"
                        " dens dele var vedhæftet.",
                    )
                    fix = Bilingual(
                        "Check the voucher's pages in e-conomic and attach the rest by hand.",
                        "Kontrollér bilagets sider i e-conomic, og vedhæft resten manuelt.",
                    )
                    self.ledger.set_receipt_state(voucher.key, receipt.position,
                                                  ReceiptState.BY_HAND, _join(reason, fix).en)
                    self._outcome(voucher, receipt, ReceiptStatus.BY_HAND, reason, fix)
                    continue
                receipt = self._prepared(voucher, receipt, normalised)
                ready.append((receipt, normalised))
            else:
                state = ReceiptState.WAITING if loaded.waits else ReceiptState.FAILED
                self.ledger.set_receipt_state(voucher.key, receipt.position, state,
                                              _join(loaded.message, loaded.fix).en)
                self._outcome(voucher, receipt, ReceiptStatus.WAITING if loaded.waits
                              else ReceiptStatus.REFUSED, loaded.message, loaded.fix)
        try:
            self._attach_ready(voucher, receipts, ready, stop)
        finally:
            # A receipt that did not go up (stopped, by hand, an error) still has what it
            # became recorded, as before: the report describes it.
            left = [receipt.position for receipt, _ in ready
                    if (voucher.key, receipt.position) in self._unrecorded]
            if left:
                with self.ledger.transaction():
                    for position in left:
                        self._record_prepared(voucher.key, position)

    def _attach_ready(
        self, voucher: VoucherRecord, receipts: list[ReceiptRecord],
        ready: list[tuple[ReceiptRecord, Normalised]], stop: threading.Event,
    ) -> None:
        """Confirm the voucher, then upload its readable receipts in order."""
        if not ready or stop.is_set() or self.cancel.is_set():
            return
        try:
            where = self._confirm_voucher(voucher)
        except EconomicError as error:
            self._on_error(voucher, ready[0][0], error)
            return
        if where is None:
            for receipt, _ in ready:
                reason, fix = self._by_hand_text(voucher, receipt)
                self.ledger.set_receipt_state(voucher.key, receipt.position,
                                              ReceiptState.BY_HAND, _join(reason, fix).en)
                self._outcome(voucher, receipt, ReceiptStatus.BY_HAND, reason, fix)
            return
        pages: int | None = None
        if self._fresh(voucher, receipts):
            pages = 0  # created moments ago by this run and never uploaded to: no file yet
        for receipt, normalised in ready:
            if stop.is_set() or self.cancel.is_set():
                return
            try:
                pages = self._upload(voucher, where, receipt, normalised, pages)
            except (UnknownOutcome, IdempotencyConflict):
                return  # the page count decides on the next run
            except EconomicError as error:
                self._on_error(voucher, receipt, error)
                return

    def _load(self, receipt: ReceiptRecord) -> ReceiptFile | object:
        path = Path(receipt.path)
        folder = next(
            (f for f in self.allowed_folders if _is_within(path, f)),
            self.allowed_folders[0] if self.allowed_folders else path.parent,
        )
        return load_receipt(path, folder, max_bytes=MAX_SOURCE_BYTES,
                            also_accept=CONVERTED_KINDS)

    def _prepared(self, voucher: VoucherRecord, receipt: ReceiptRecord,
                  normalised: Normalised) -> ReceiptRecord:
        """What the receipt became (parts, conversion, checksums). It is recorded in the same
        commit as its first upload's "sending" step (`_record_prepared`), so it is in the
        ledger before any part goes up and costs no disk sync of its own."""
        applied = ", ".join(normalised.applied)
        if receipt.parts_sent and receipt.parts_total not in (None, len(normalised.parts)):
            log.warning("receipt %s now makes %d parts, %d of %s are up already",
                        receipt.path, len(normalised.parts), receipt.parts_sent,
                        receipt.parts_total)
        with self._lock:
            self._unrecorded[(voucher.key, receipt.position)] = normalised
        return replace(receipt, parts_total=len(normalised.parts), applied=applied)

    def _record_prepared(self, voucher_key: str, position: int) -> None:
        """Write what `_prepared` noted, once (inside the caller's transaction, if any)."""
        with self._lock:
            normalised = self._unrecorded.pop((voucher_key, position), None)
        if normalised is not None:
            self._write_prepared(voucher_key, position, normalised)

    def _write_prepared(self, voucher_key: str, position: int, normalised: Normalised) -> None:
        self.ledger.receipt_prepared(
            voucher_key, position, parts_total=len(normalised.parts),
            applied=", ".join(normalised.applied),
            original_sha256=normalised.original_sha256,
            sent_sha256=normalised.sent_sha256,
        )

    def _confirm_voucher(self, voucher: VoucherRecord) -> tuple[int, str, int] | None:
        """(journal, year, number) where the voucher carrying our markers is now, or None
        when it is booked or gone (then the receipt is attached by hand).

        A voucher this run posted moments ago is confirmed by e-conomic's answer to that
        POST (it listed the voucher's entries with their markers; `_settle_created` matched
        them), which is no older than a read of the journal made after the POSTs would be.
        Any other voucher: the markers of every journal are read once per run, after this
        run's own postings (one paged search per journal instead of one request per
        voucher); a voucher whose marker is not among them is read back by number as a last
        check."""
        assert voucher.voucher_number is not None
        recorded = (voucher.journal_number, voucher.accounting_year, voucher.voucher_number)
        answered = self.answered.get(voucher.key)
        if answered is not None and answered[0] == recorded and (
                time.monotonic() - answered[1] < ANSWER_CONFIRMS_FOR):
            return recorded
        markers = {marker_for_id(line_id) for line_id in voucher.line_ids}
        hits = self.find_markers([voucher.accounting_year])
        for marker in sorted(markers):
            hit = hits.get(marker)
            if hit is None:
                continue
            number, year, journal = hit
            if journal is None or number is None:
                return None  # booked: no longer in a journal
            if (journal, year, number) != (voucher.journal_number, voucher.accounting_year,
                                           voucher.voucher_number):
                log.info("voucher %s moved to journal %s as %s-%s; its receipts follow",
                         voucher.label, journal, year, number)
                self.ledger.relocate_voucher(voucher.key, journal, number, year, self.now())
            return journal, year, number
        try:
            found = self.client.get_voucher(voucher.journal_number, voucher.accounting_year,
                                            voucher.voucher_number)
        except NotFound:
            return None
        if any(find_marker(text) in markers for text in found.entry_texts):
            return voucher.journal_number, voucher.accounting_year, voucher.voucher_number
        return None

    def _upload(
        self, voucher: VoucherRecord, where: tuple[int, str, int], receipt: ReceiptRecord,
        normalised: Normalised, pages: int | None,
    ) -> int | None:
        """Upload a receipt's parts that are not up yet (the first creates the file, the rest
        add pages); return the voucher's page count afterwards when known.

        Each part's upload is committed before it goes, with the page count before it, so a
        part whose answer was lost is recognised next time by the page count and never sent
        twice, and the next part follows."""
        if pages is None:
            pages = self.client.get_attachment_info(*where).pages
        done = receipt.parts_sent
        if receipt.state is ReceiptState.SENDING and pages > (receipt.pages_before or 0):
            done += 1  # the upload of an earlier run landed; its answer was lost
            self.ledger.receipt_part_sent(voucher.key, receipt.position, done)
        for index in range(done, len(normalised.parts)):
            part = normalised.parts[index]
            uploaded = self._upload_part(voucher, where, receipt, part, pages)
            if uploaded is None:
                return None
            if isinstance(uploaded, _Refused):
                return pages
            pages = uploaded if uploaded >= 0 else pages + part.pages
            if index + 1 < len(normalised.parts):
                with self.ledger.transaction():  # its checksums, before a part is counted
                    self._record_prepared(voucher.key, receipt.position)
                    self.ledger.receipt_part_sent(voucher.key, receipt.position, index + 1)
                continue
            with self._lock:  # "sent" goes with the next commit (see `_unflushed`)
                self._unflushed.append((voucher.key, receipt.position, index + 1,
                                        self._unrecorded.pop((voucher.key, receipt.position),
                                                             None)))
            self._outcome(voucher, receipt, ReceiptStatus.SENT)
            return pages
        self._sent(voucher, receipt)
        return pages

    def _upload_part(
        self, voucher: VoucherRecord, where: tuple[int, str, int], receipt: ReceiptRecord,
        part: Part, pages: int,
    ) -> int | _Refused | None:
        """One part up: the page count after it (-1 when e-conomic did not say), `_Refused`,
        or None when it must wait for the next run."""
        for attempt in range(2):
            append = pages > 0
            with self._lock:
                armed = self._armed.pop((voucher.key, receipt.position), None)
            if armed is not None and pages == 0 and receipt.parts_sent == 0:
                key = armed  # committed as "sending" with its batch (`submit`)
            else:
                key = _new_key()
                with self.ledger.transaction():  # one disk sync, before the upload
                    self._flush_sent()
                    self._record_prepared(voucher.key, receipt.position)
                    self.ledger.receipt_sending(voucher.key, receipt.position,
                                                idempotency_key=key, append=append,
                                                pages_before=pages, now=self.now())
            crashpoint("receipt-frozen")
            try:
                info = self.client.upload_attachment(*where, part.name, part.content, key,
                                                     append=append)
            except AttachmentAlreadyExists:
                # Someone attached a file meanwhile: read what is there before appending.
                pages = self.client.get_attachment_info(*where).pages
                if attempt == 0 and pages > 0:
                    continue
                self.ledger.set_receipt_state(voucher.key, receipt.position,
                                              ReceiptState.PENDING)
                return None
            except AttachmentRefused as error:
                reason = Bilingual(error.message, error.message_da or error.message)
                fix = Bilingual("Save the receipt as PDF or JPG and put it back.",
                                "Gem kvitteringen som PDF eller JPG, og læg den tilbage.")
                self.ledger.set_receipt_state(voucher.key, receipt.position,
                                              ReceiptState.FAILED, error.message)
                self._outcome(voucher, receipt, ReceiptStatus.REFUSED, reason, fix)
                return _Refused()
            crashpoint("receipt-uploaded")
            return info.pages if info is not None else -1
        return None

    def _sent(self, voucher: VoucherRecord, receipt: ReceiptRecord) -> None:
        self.ledger.set_receipt_state(voucher.key, receipt.position, ReceiptState.SENT)
        self._outcome(voucher, receipt, ReceiptStatus.SENT)

    def _on_error(self, voucher: VoucherRecord, receipt: ReceiptRecord,
                  error: EconomicError) -> None:
        self.ledger.set_receipt_state(voucher.key, receipt.position, ReceiptState.PENDING,
                                      error.message)
        if error.temporary:
            raise StopReceipts(error)
        reason = Bilingual(error.message, error.message_da or error.message)
        self._outcome(voucher, receipt, ReceiptStatus.WAITING, reason, Bilingual(
            "It is tried again with the next transfer.", "Den prøves igen ved næste overførsel."
        ))

    def _by_hand_text(
        self, voucher: VoucherRecord, receipt: ReceiptRecord
    ) -> tuple[Bilingual, Bilingual]:
        name = Path(receipt.path).name
        markers = ", ".join(marker_for_id(line_id) for line_id in voucher.line_ids)
        day = _voucher_date(voucher)
        return Bilingual(
            f"The voucher for {markers} (dated {day}) is no longer in a journal (booked, or"
            " deleted), so the receipt cannot be attached automatically.",
            f"Bilaget for {markers} (dateret {day}) er ikke længere i en kassekladde"
            " (bogført eller slettet), så kvitteringen kan ikke vedhæftes automatisk.",
        ), Bilingual(
            f"Attach {name} by hand in e-conomic to the entry whose text starts with"
            f" {markers}.",
            f"Vedhæft {name} manuelt i e-conomic til posteringen, hvis tekst begynder med"
            f" {markers}.",
        )

    def _outcome(self, voucher: VoucherRecord, receipt: ReceiptRecord, status: ReceiptStatus,
                 reason: Bilingual | None = None, fix: Bilingual | None = None) -> None:
        with self._lock:
            self.outcomes.append(ReceiptOutcome(voucher, receipt, status, reason, fix))


def receipt_results(
    ledger: Ledger, profile: str, outcomes: Sequence[ReceiptOutcome]
) -> list[ReceiptResult]:
    """Every receipt that is not on its voucher (from the ledger, so one waiting since an
    earlier run is shown too), plus those attached in this run."""
    results = []
    # Uploads finish in any order (parallel workers): list them by voucher, then position.
    for outcome in sorted(outcomes, key=lambda o: (o.voucher.voucher_number or 0,
                                                   o.receipt.position)):
        if outcome.status is ReceiptStatus.SENT:
            results.append(_result(outcome.voucher, outcome.receipt, ReceiptStatus.SENT))
    shown = {(o.voucher.key, o.receipt.position): o for o in outcomes}
    for voucher, receipt in ledger.receipt_problems(profile):
        outcome = shown.get((voucher.key, receipt.position))
        status = {
            ReceiptState.WAITING: ReceiptStatus.WAITING,
            ReceiptState.BY_HAND: ReceiptStatus.BY_HAND,
        }.get(receipt.state, ReceiptStatus.REFUSED)
        reason = outcome.reason if outcome and outcome.reason else None
        fix = outcome.fix if outcome and outcome.fix else None
        result = _result(voucher, receipt, status)
        if reason is not None:
            result.reason, result.reason_da = reason.en, reason.da
        else:
            result.reason = receipt.reason
        if fix is not None:
            result.fix, result.fix_da = fix.en, fix.da
        results.append(result)
    return results


def _result(voucher: VoucherRecord, receipt: ReceiptRecord, status: ReceiptStatus
            ) -> ReceiptResult:
    applied = describe_applied(receipt.applied.split(", ")) if receipt.applied else None
    return ReceiptResult(
        name=Path(receipt.path).name, line_id=", ".join(voucher.line_ids), state=status,
        voucher_number=voucher.voucher_number, accounting_year=voucher.accounting_year,
        applied=applied.en if applied else None, applied_da=applied.da if applied else None,
    )


def _voucher_date(voucher: VoucherRecord) -> str:
    try:
        entries = json.loads(voucher.body)["entries"]["financeVouchers"]
        return dt.date.fromisoformat(entries[0]["date"]).strftime("%d-%m-%Y")
    except (ValueError, KeyError, IndexError, TypeError):
        return "?"


def _is_within(path: Path, folder: Path) -> bool:
    try:
        path.absolute().relative_to(folder.absolute())
    except ValueError:
        return False
    return True


def _join(message: Bilingual, fix: Bilingual) -> Bilingual:
    return message.join(fix)


def _new_key() -> str:
    return f"acubiz-{uuid.uuid4().hex}"
