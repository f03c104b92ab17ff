"""The ledger: the engine's memory of what was sent, so nothing is posted twice or lost.

One SQLite file (WAL, ``synchronous=FULL``) in the user data folder.

- A **voucher** is registered with its frozen body before anything is sent, and moves
  ``pending → sending → sent``, or to ``failed`` when e-conomic refused it (nothing created).
- Vouchers leave the machine in **batches** (one bulk POST). A batch's body (the JSON array of
  its vouchers' frozen bodies) and its Idempotency-Key are committed *before* the POST. A batch
  still open after a crash or a lost answer is reconciled — replayed with the same key and
  body while e-conomic still remembers the key, searched for by marker after that — and never
  simply posted again.
- **Postings** are recorded by their identity ``(agreement, journal, marker)`` once e-conomic
  has them (posted by us, or found there by marker): the same expense exported twice, in two
  files or by two profiles, is recognised and not posted again. The ledger is a cache:
  e-conomic is the truth, and a run reads the markers already there before it posts.
- **Held** postings (a problem in the file or in e-conomic, or a conflict) are recorded per
  profile with their reason and fix until they are sent or the admin sets them aside.
- **Lines** map a profile's line ids to the voucher that carries them.
- **Receipts** are tracked on their own, after their voucher exists, so a failed upload never
  causes a voucher to be re-posted.
- **Runs** are recorded with trigger and slot: History and the scheduler read them.

All timestamps are UTC ISO-8601 strings; callers pass ``now`` so tests control the clock.

A ledger file that SQLite cannot read (truncated, random bytes, another program's file) is
moved aside as ``<name>.damaged-<time>`` and a new one is started; `Ledger.recovered_from`
names the moved file so the run can say so. It is never silently written over.
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import Any

import platformdirs

SCHEMA_VERSION = 3


class VoucherState(StrEnum):
    PENDING = "pending"  # frozen and registered; not in any open batch
    SENDING = "sending"  # in an open batch: it may exist in e-conomic, reconcile first
    SENT = "sent"  # e-conomic confirmed it (by its answer or by finding its marker)
    FAILED = "failed"  # e-conomic refused it (nothing created); the admin must fix the cause
    SUPERSEDED = "superseded"  # never created; its lines went into another voucher


class ReceiptState(StrEnum):
    PENDING = "pending"
    SENDING = "sending"  # the upload may have landed: compare the page count before retrying
    SENT = "sent"
    FAILED = "failed"  # the file cannot be sent as it is (type, size, outside): admin's fix
    WAITING = "waiting"  # the file is not there yet (missing, empty, locked): tried every run
    BY_HAND = "by-hand"  # its voucher is booked or gone: attach it by hand (reason says where)


class HeldKind(StrEnum):
    FILE = "file"  # the file's line cannot be sent as it is: a corrected re-export fixes it
    ECONOMIC = "economic"  # e-conomic would refuse it (closed year, barred account, ...)
    REFUSED = "refused"  # e-conomic refused it when it was sent
    CONFLICT = "conflict"  # two contents for one posting


@dataclass(frozen=True)
class Target:
    """Where postings go: an agreement's journal. Agreement 0 = unknown (older ledgers)."""

    agreement: int
    journal: int


@dataclass(frozen=True)
class PostingRecord:
    """A posting e-conomic has (posted by us or found there by its marker)."""

    agreement: int
    journal: int
    marker: str
    profile: str
    line_id: str
    fingerprint: str | None
    summary: str
    voucher_key: str | None
    voucher_number: int | None
    accounting_year: str
    source_file: str
    sent_at: str
    how: str  # "posted", "found-in-economic", "migrated"


@dataclass(frozen=True)
class HeldRecord:
    """A posting that waits for the admin's fix (or has been set aside)."""

    profile: str
    marker: str  # the real marker, or "<file>#<line>" when the line id could not be read
    fingerprint: str  # '' when the content could not be read
    line_id: str | None
    kind: HeldKind
    summary: str
    reason: str
    reason_da: str
    fix: str
    fix_da: str
    source_file: str
    source_line: int | None
    first_held_at: str
    updated_at: str
    set_aside_by: str | None
    set_aside_at: str | None
    in_inbox: bool


@dataclass(frozen=True)
class VoucherRecord:
    key: str
    profile: str
    journal_number: int
    accounting_year: str
    body: bytes
    state: VoucherState
    line_ids: tuple[str, ...]
    source_file: str
    label: str
    voucher_number: int | None
    batch_id: int | None
    attempts: int
    reason: str | None
    sent_at: str | None
    updated_at: str


@dataclass(frozen=True)
class BatchRecord:
    batch_id: int
    profile: str
    journal_number: int
    idempotency_key: str
    body: bytes
    voucher_keys: tuple[str, ...]
    first_sent_at: str
    attempts: int
    open: bool


@dataclass(frozen=True)
class LineRecord:
    profile: str
    line_id: str
    voucher_key: str
    source_file: str
    state: VoucherState
    voucher_number: int | None
    accounting_year: str
    sent_at: str | None


@dataclass(frozen=True)
class ReceiptRecord:
    voucher_key: str
    position: int
    path: str
    state: ReceiptState
    idempotency_key: str | None
    append: bool
    pages_before: int | None
    first_sent_at: str | None
    attempts: int
    reason: str | None
    # A receipt e-conomic would refuse as it is is converted, shrunk or split first
    # (`receipt_normalise`): how many parts it became, how many are on the voucher, what was
    # done, and the SHA-256 of the original and of each part sent.
    parts_total: int | None = None
    parts_sent: int = 0
    applied: str = ""
    original_sha256: str | None = None
    sent_sha256: str = "[]"


@dataclass(frozen=True)
class RunRecord:
    run_id: int
    profile: str
    trigger: str
    slot: str | None
    started_at: str
    finished_at: str | None
    status: str | None
    message: str | None
    summary: dict[str, Any]


def default_ledger_path() -> Path:
    return platformdirs.user_data_path("acubiz-export") / "ledger.sqlite3"


def utc_now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def batch_body(bodies: Sequence[bytes]) -> bytes:
    """The JSON array of frozen voucher bodies, byte for byte the same on every replay."""
    return b"[" + b",".join(bodies) + b"]"


class Ledger:
    """Thread-safe access to the ledger file; one instance per process is enough.

    Several processes (the tray and a CLI run) may open the same file; SQLite's locking and
    the per-profile run lock keep them from stepping on each other.
    """

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or default_ledger_path()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.RLock()
        self._depth = 0  # transaction nesting (see `transaction`)
        self.recovered_from: Path | None = None
        try:
            self._open()
        except sqlite3.DatabaseError:
            # Not a ledger SQLite can read: keep it for support, start a new one. The run
            # reads what e-conomic already has before it posts, so nothing is sent twice.
            self._db.close()
            self.recovered_from = _move_aside(self.path)
            self._open()

    def _open(self) -> None:
        # isolation_level=None: transactions are opened explicitly, so a commit is where we say.
        self._db = sqlite3.connect(
            self.path, isolation_level=None, check_same_thread=False, timeout=30
        )
        self._db.row_factory = sqlite3.Row
        self._db.execute("PRAGMA journal_mode=WAL")
        # FULL: a batch marked open must survive a power cut that follows the POST.
        self._db.execute("PRAGMA synchronous=FULL")
        self._db.execute("PRAGMA foreign_keys=ON")
        self._migrate()
        if self._db.execute("PRAGMA quick_check").fetchone()[0] != "ok":
            raise sqlite3.DatabaseError("the ledger file is damaged")

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def __enter__(self) -> Ledger:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One atomic, durable step: everything inside commits together or not at all.

        Nested use (inside `transaction` or `bulk`) is a savepoint: an inner failure undoes
        only the inner step, and the outer transaction commits once, with one disk sync."""
        with self._lock:
            if self._depth:
                name = f"step{self._depth}"
                self._db.execute(f"SAVEPOINT {name}")
                self._depth += 1
                try:
                    yield self._db
                except BaseException:
                    self._db.execute(f"ROLLBACK TO {name}")
                    self._db.execute(f"RELEASE {name}")
                    raise
                finally:
                    self._depth -= 1
                self._db.execute(f"RELEASE {name}")
                return
            self._db.execute("BEGIN IMMEDIATE")
            self._depth = 1
            try:
                yield self._db
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            finally:
                self._depth = 0
            self._db.execute("COMMIT")

    def bulk(self) -> AbstractContextManager[sqlite3.Connection]:
        """Many small steps as one transaction (registering thousands of vouchers must not pay
        a disk sync each). Nothing inside is durable before the block ends."""
        return self.transaction()

    # -- vouchers --------------------------------------------------------------------------

    def register_voucher(
        self,
        *,
        key: str,
        profile: str,
        journal_number: int,
        accounting_year: str,
        body: bytes,
        line_ids: Iterable[str],
        source_file: str,
        label: str = "",
        receipts: Iterable[str] = (),
        now: str | None = None,
    ) -> VoucherRecord:
        """Freeze a voucher before it is sent.

        Registering a known key again changes nothing while the voucher may exist in
        e-conomic (sending, sent). A pending or failed one (never created) takes the new body,
        so a corrected mapping or journal applies on the next try.
        """
        now = now or utc_now()
        line_ids = tuple(line_ids)
        with self.transaction() as db:
            row = db.execute("SELECT state FROM vouchers WHERE key = ?", (key,)).fetchone()
            if row is None:
                self._release_lines(db, profile, line_ids, now)
                db.execute(
                    "INSERT INTO vouchers (key, profile, journal_number, accounting_year, body,"
                    " state, line_ids, source_file, label, attempts, updated_at)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?)",
                    (key, profile, journal_number, accounting_year, body, VoucherState.PENDING,
                     json.dumps(line_ids), source_file, label, now),
                )
                db.executemany(
                    "INSERT INTO lines (profile, line_id, voucher_key, source_file, registered_at)"
                    " VALUES (?, ?, ?, ?, ?)",
                    [(profile, line_id, key, source_file, now) for line_id in line_ids],
                )
                db.executemany(
                    "INSERT INTO receipts (voucher_key, position, path, state, attempts)"
                    " VALUES (?, ?, ?, ?, 0)",
                    [(key, position, path, ReceiptState.PENDING)
                     for position, path in enumerate(receipts)],
                )
            elif row["state"] in (VoucherState.PENDING, VoucherState.FAILED,
                                  VoucherState.SUPERSEDED):
                if row["state"] == VoucherState.SUPERSEDED:
                    self._release_lines(db, profile, line_ids, now)
                    db.executemany(
                        "INSERT OR REPLACE INTO lines (profile, line_id, voucher_key,"
                        " source_file, registered_at) VALUES (?, ?, ?, ?, ?)",
                        [(profile, line_id, key, source_file, now) for line_id in line_ids],
                    )
                db.execute(
                    "UPDATE vouchers SET journal_number = ?, accounting_year = ?, body = ?,"
                    " source_file = ?, label = ?, state = ?, updated_at = ? WHERE key = ?",
                    (journal_number, accounting_year, body, source_file, label,
                     VoucherState.PENDING, now, key),
                )
        return self._require(key)

    @staticmethod
    def _release_lines(
        db: sqlite3.Connection, profile: str, line_ids: Sequence[str], now: str
    ) -> None:
        """Lines that belonged to a voucher e-conomic never created (pending, refused) move to
        the new voucher; the old one is superseded. A line of a voucher that may exist in
        e-conomic is never moved: that is a bug upstream, so it raises."""
        owners: set[str] = set()
        for line_id in line_ids:
            row = db.execute(
                "SELECT l.voucher_key, v.state FROM lines l JOIN vouchers v"
                " ON v.key = l.voucher_key WHERE l.profile = ? AND l.line_id = ?",
                (profile, line_id),
            ).fetchone()
            if row is None:
                continue
            if row["state"] in (VoucherState.SENDING, VoucherState.SENT):
                raise ValueError(f"line {line_id!r} already belongs to a voucher on its way")
            owners.add(row["voucher_key"])
        for owner in owners:
            db.execute("DELETE FROM lines WHERE voucher_key = ?", (owner,))
            db.execute(
                "UPDATE vouchers SET state = ?, updated_at = ? WHERE key = ?",
                (VoucherState.SUPERSEDED, now, owner),
            )

    def voucher(self, key: str) -> VoucherRecord | None:
        with self._lock:
            row = self._db.execute("SELECT * FROM vouchers WHERE key = ?", (key,)).fetchone()
        return _voucher(row) if row else None

    def vouchers(
        self, profile: str, states: Iterable[VoucherState] | None = None
    ) -> list[VoucherRecord]:
        query = "SELECT * FROM vouchers WHERE profile = ?"
        params: list[Any] = [profile]
        if states is not None:
            wanted = list(states)
            query += f" AND state IN ({','.join('?' * len(wanted))})"
            params += wanted
        with self._lock:
            rows = self._db.execute(query + " ORDER BY rowid", params).fetchall()
        return [_voucher(row) for row in rows]

    def mark_failed(self, key: str, reason: str, now: str | None = None) -> VoucherRecord:
        """e-conomic refused the voucher and created nothing; it waits for the admin's fix."""
        with self.transaction() as db:
            db.execute(
                "UPDATE vouchers SET state = ?, reason = ?, batch_id = NULL, updated_at = ?"
                " WHERE key = ?",
                (VoucherState.FAILED, reason, now or utc_now(), key),
            )
        return self._require(key)

    def note_reason(self, key: str, reason: str | None, now: str | None = None) -> None:
        """Say why a voucher waits (History shows it) without changing its state."""
        with self.transaction() as db:
            db.execute(
                "UPDATE vouchers SET reason = ?, updated_at = ? WHERE key = ?",
                (reason, now or utc_now(), key),
            )

    # -- batches ---------------------------------------------------------------------------

    def open_batch(
        self,
        profile: str,
        journal_number: int,
        voucher_keys: Sequence[str],
        idempotency_key: str,
        now: str | None = None,
    ) -> BatchRecord:
        """Commit, *before* the POST, that these vouchers are about to leave together with
        this key and these exact bytes. From here on a restart must reconcile them."""
        now = now or utc_now()
        with self.transaction() as db:
            bodies = []
            for key in voucher_keys:
                row = db.execute(
                    "SELECT body, state FROM vouchers WHERE key = ?", (key,)
                ).fetchone()
                if row is None or row["state"] != VoucherState.PENDING:
                    raise ValueError(f"voucher {key!r} is not pending; it cannot join a batch")
                bodies.append(bytes(row["body"]))
            cursor = db.execute(
                "INSERT INTO batches (profile, journal_number, idempotency_key, body,"
                " voucher_keys, first_sent_at, attempts, open) VALUES (?, ?, ?, ?, ?, ?, 1, 1)",
                (profile, journal_number, idempotency_key, batch_body(bodies),
                 json.dumps(list(voucher_keys)), now),
            )
            batch_id = int(cursor.lastrowid or 0)
            db.executemany(
                "UPDATE vouchers SET state = ?, batch_id = ?, attempts = attempts + 1,"
                " updated_at = ? WHERE key = ?",
                [(VoucherState.SENDING, batch_id, now, key) for key in voucher_keys],
            )
        return self._require_batch(batch_id)

    def batch(self, batch_id: int) -> BatchRecord | None:
        with self._lock:
            row = self._db.execute(
                "SELECT * FROM batches WHERE batch_id = ?", (batch_id,)
            ).fetchone()
        return _batch(row) if row else None

    def open_batches(self, profile: str) -> list[BatchRecord]:
        with self._lock:
            rows = self._db.execute(
                "SELECT * FROM batches WHERE profile = ? AND open = 1 ORDER BY batch_id",
                (profile,),
            ).fetchall()
        return [_batch(row) for row in rows]

    def note_batch_attempt(self, batch_id: int) -> None:
        with self.transaction() as db:
            db.execute(
                "UPDATE batches SET attempts = attempts + 1 WHERE batch_id = ?", (batch_id,)
            )

    def settle_sent(
        self,
        key: str,
        voucher_number: int,
        accounting_year: str,
        journal_number: int | None = None,
        now: str | None = None,
    ) -> None:
        """e-conomic has the voucher (its answer said so, or its marker was found)."""
        self.settle_sent_many([(key, voucher_number, accounting_year, journal_number)], now)

    def settle_sent_many(
        self, settled: Sequence[tuple[str, int, str, int | None]], now: str | None = None
    ) -> None:
        """Several vouchers of one answer at once: (key, number, year, journal) each, in one
        transaction (one disk sync per batch, not per voucher)."""
        now = now or utc_now()
        with self.transaction() as db:
            batches = self._batches_of(db, [row[0] for row in settled])
            db.executemany(
                "UPDATE vouchers SET state = ?, voucher_number = ?, accounting_year = ?,"
                " journal_number = COALESCE(?, journal_number), reason = NULL,"
                " sent_at = COALESCE(sent_at, ?), updated_at = ? WHERE key = ?",
                [(VoucherState.SENT, number, year, journal, now, now, key)
                 for key, number, year, journal in settled],
            )
            self._close_settled_batches(db, batches)

    def settle_absent(self, key: str, reason: str | None = None, now: str | None = None) -> None:
        """e-conomic proved not to have the voucher: it may be sent again (in a new batch)."""
        with self.transaction() as db:
            batches = self._batches_of(db, [key])
            db.execute(
                "UPDATE vouchers SET state = ?, reason = ?, updated_at = ? WHERE key = ?",
                (VoucherState.PENDING, reason, now or utc_now(), key),
            )
            self._close_settled_batches(db, batches)

    def settle_failed(self, key: str, reason: str, now: str | None = None) -> None:
        """e-conomic refused the voucher in a batch answer: nothing was created."""
        with self.transaction() as db:
            batches = self._batches_of(db, [key])
            db.execute(
                "UPDATE vouchers SET state = ?, reason = ?, updated_at = ? WHERE key = ?",
                (VoucherState.FAILED, reason, now or utc_now(), key),
            )
            self._close_settled_batches(db, batches)

    @staticmethod
    def _batches_of(db: sqlite3.Connection, keys: Sequence[str]) -> set[int]:
        found: set[int] = set()
        for start in range(0, len(keys), 500):
            chunk = list(keys[start:start + 500])
            rows = db.execute(
                "SELECT DISTINCT batch_id FROM vouchers WHERE batch_id IS NOT NULL AND"
                f" key IN ({','.join('?' * len(chunk))})", chunk,
            ).fetchall()
            found.update(int(row[0]) for row in rows)
        return found

    def _close_settled_batches(self, db: sqlite3.Connection, batch_ids: Iterable[int]) -> None:
        """A batch closes when none of its vouchers is still 'sending' in it."""
        for batch_id in batch_ids:
            sending = db.execute(
                "SELECT 1 FROM vouchers WHERE batch_id = ? AND state = ? LIMIT 1",
                (batch_id, VoucherState.SENDING),
            ).fetchone()
            if sending is None:
                db.execute("UPDATE batches SET open = 0 WHERE batch_id = ?", (batch_id,))
            db.execute(
                "UPDATE vouchers SET batch_id = NULL WHERE batch_id = ? AND state != ?",
                (batch_id, VoucherState.SENDING),
            )

    # -- lines -----------------------------------------------------------------------------

    def line(self, profile: str, line_id: str) -> LineRecord | None:
        with self._lock:
            row = self._db.execute(
                "SELECT l.profile, l.line_id, l.voucher_key, l.source_file, v.sent_at,"
                " v.state, v.voucher_number, v.accounting_year FROM lines l"
                " JOIN vouchers v ON v.key = l.voucher_key"
                " WHERE l.profile = ? AND l.line_id = ?",
                (profile, line_id),
            ).fetchone()
        if row is None:
            return None
        return LineRecord(
            profile=row["profile"], line_id=row["line_id"], voucher_key=row["voucher_key"],
            source_file=row["source_file"], state=VoucherState(row["state"]),
            voucher_number=row["voucher_number"], accounting_year=row["accounting_year"],
            sent_at=row["sent_at"],
        )

    # -- postings (what e-conomic has) ------------------------------------------------------

    def record_postings(self, rows: Iterable[PostingRecord]) -> None:
        """Remember postings e-conomic has, in one transaction (a 100,000-line run must not
        pay a disk sync per posting). A marker already known keeps its first record."""
        with self.transaction() as db:
            db.executemany(
                "INSERT OR IGNORE INTO postings (agreement, journal, marker, profile, line_id,"
                " fingerprint, summary, voucher_key, voucher_number, accounting_year,"
                " source_file, sent_at, how) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [(r.agreement, r.journal, r.marker, r.profile, r.line_id, r.fingerprint,
                  r.summary, r.voucher_key, r.voucher_number, r.accounting_year,
                  r.source_file, r.sent_at, r.how) for r in rows],
            )
            # What is in e-conomic is no longer held.
            db.executemany(
                "DELETE FROM held WHERE marker = ? AND set_aside_at IS NULL",
                [(r.marker,) for r in rows],
            )

    def postings(self, target: Target, markers: Iterable[str]) -> dict[str, PostingRecord]:
        """marker → record for the markers of `markers` that e-conomic has in `target`
        (records from older ledgers, whose agreement is unknown, count for every agreement)."""
        return self._postings_where(
            "journal = ? AND agreement IN (?, 0)", [target.journal, target.agreement], markers,
            order=" ORDER BY agreement DESC",
        )

    def postings_of_profile(
        self, profile: str, markers: Iterable[str]
    ) -> dict[str, PostingRecord]:
        """Like `postings`, for a run that has not asked e-conomic which agreement it is."""
        return self._postings_where("profile = ?", [profile], markers)

    def _postings_where(
        self, condition: str, params: list[Any], markers: Iterable[str], order: str = ""
    ) -> dict[str, PostingRecord]:
        """The first matching record per marker, asked in chunks (SQLite caps parameters)."""
        wanted = list(dict.fromkeys(markers))
        found: dict[str, PostingRecord] = {}
        with self._lock:
            for start in range(0, len(wanted), 500):
                chunk = wanted[start:start + 500]
                rows = self._db.execute(
                    f"SELECT * FROM postings WHERE {condition} AND"
                    f" marker IN ({','.join('?' * len(chunk))}){order}",
                    [*params, *chunk],
                ).fetchall()
                for row in rows:
                    found.setdefault(row["marker"], _posting(row))
        return found

    def sent_markers(self, profile: str) -> set[str]:
        """Markers this profile's postings are known by in e-conomic: lets a run with nothing
        new stay offline."""
        with self._lock:
            rows = self._db.execute(
                "SELECT marker FROM postings WHERE profile = ?", (profile,)
            ).fetchall()
        return {row["marker"] for row in rows}

    # -- held postings ---------------------------------------------------------------------

    def update_held(
        self, profile: str, held: Sequence[HeldRecord], files_read: Iterable[str],
        now: str | None = None,
    ) -> None:
        """Replace what is held for the files a run has read: postings still held are
        refreshed, postings no longer held (sent, replaced, file corrected) disappear, set-aside
        ones stay as the admin left them. Held postings of a file that is no longer in the
        inbox stay visible (marked so) until they are set aside."""
        now = now or utc_now()
        files = list(dict.fromkeys(files_read))
        with self.transaction() as db:
            current = {(record.marker, record.fingerprint) for record in held}
            rows = db.execute(
                "SELECT marker, fingerprint, source_file FROM held WHERE profile = ? AND"
                " set_aside_at IS NULL", (profile,),
            ).fetchall()
            for row in rows:
                if (row["marker"], row["fingerprint"]) in current:
                    continue
                if row["source_file"] in files:
                    db.execute(
                        "DELETE FROM held WHERE profile = ? AND marker = ? AND fingerprint = ?",
                        (profile, row["marker"], row["fingerprint"]),
                    )
                elif not Path(row["source_file"]).exists():
                    db.execute(
                        "UPDATE held SET in_inbox = 0, updated_at = ? WHERE profile = ? AND"
                        " marker = ? AND fingerprint = ?",
                        (now, profile, row["marker"], row["fingerprint"]),
                    )
            for record in held:
                db.execute(
                    "INSERT INTO held (profile, marker, fingerprint, line_id, kind, summary,"
                    " reason, reason_da, fix, fix_da, source_file, source_line, first_held_at,"
                    " updated_at, in_inbox) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)"
                    " ON CONFLICT (profile, marker, fingerprint) DO UPDATE SET"
                    " line_id = excluded.line_id, kind = excluded.kind,"
                    " summary = excluded.summary, reason = excluded.reason,"
                    " reason_da = excluded.reason_da, fix = excluded.fix,"
                    " fix_da = excluded.fix_da, source_file = excluded.source_file,"
                    " source_line = excluded.source_line, updated_at = excluded.updated_at,"
                    " in_inbox = 1",
                    (profile, record.marker, record.fingerprint, record.line_id, record.kind,
                     record.summary, record.reason, record.reason_da, record.fix,
                     record.fix_da, record.source_file, record.source_line, now, now),
                )

    def held(self, profile: str | None = None, *, set_aside: bool = False) -> list[HeldRecord]:
        """What waits for the admin (or, with `set_aside`, what the admin set aside)."""
        query = "SELECT * FROM held WHERE set_aside_at IS " + ("NOT NULL" if set_aside else "NULL")
        params: list[Any] = []
        if profile is not None:
            query += " AND profile = ?"
            params.append(profile)
        with self._lock:
            rows = self._db.execute(
                query + " ORDER BY source_file, source_line, marker", params
            ).fetchall()
        return [_held(row) for row in rows]

    def held_fingerprints(self, profile: str) -> dict[str, tuple[set[str], set[str]]]:
        """marker → (fingerprints held before, fingerprints set aside) for a run's decisions."""
        result: dict[str, tuple[set[str], set[str]]] = {}
        with self._lock:
            rows = self._db.execute(
                "SELECT marker, fingerprint, set_aside_at FROM held WHERE profile = ?",
                (profile,),
            ).fetchall()
        for row in rows:
            held, aside = result.setdefault(row["marker"], (set(), set()))
            (aside if row["set_aside_at"] else held).add(row["fingerprint"])
        return result

    def held_matching(self, profile: str, wanted: str) -> list[HeldRecord]:
        """The held (not set aside) versions the admin means by `wanted`: a line id, a marker,
        or "<file>#<line>" for one version (e.g. of a conflict)."""
        return [record for record in self.held(profile) if _names(record, wanted)]

    def set_aside(
        self, profile: str, wanted: str, by: str, now: str | None = None
    ) -> list[HeldRecord]:
        """The admin's "Don't send this": every held version `held_matching` finds is set
        aside, kept with who and when. Returns what was set aside ([] when nothing matches)."""
        now = now or utc_now()
        with self.transaction() as db:
            matching = self.held_matching(profile, wanted)
            db.executemany(
                "UPDATE held SET set_aside_by = ?, set_aside_at = ?, updated_at = ?"
                " WHERE profile = ? AND marker = ? AND fingerprint = ?",
                [(by, now, now, profile, record.marker, record.fingerprint)
                 for record in matching],
            )
        return [replace(record, set_aside_by=by, set_aside_at=now) for record in matching]

    # -- receipts --------------------------------------------------------------------------

    def receipts(self, voucher_key: str) -> list[ReceiptRecord]:
        with self._lock:
            rows = self._db.execute(
                "SELECT * FROM receipts WHERE voucher_key = ? ORDER BY position", (voucher_key,)
            ).fetchall()
        return [_receipt(row) for row in rows]

    def unsent_receipts(self, profile: str) -> list[tuple[VoucherRecord, ReceiptRecord]]:
        """Receipts still to upload whose voucher is in e-conomic, oldest voucher first."""
        return self._receipts_in(profile, (ReceiptState.PENDING, ReceiptState.SENDING,
                                           ReceiptState.WAITING))

    def receipt_problems(self, profile: str) -> list[tuple[VoucherRecord, ReceiptRecord]]:
        """Receipts that wait for their file, must be attached by hand, or were refused."""
        return self._receipts_in(profile, (ReceiptState.WAITING, ReceiptState.BY_HAND,
                                           ReceiptState.FAILED))

    def _receipts_in(
        self, profile: str, states: Sequence[ReceiptState]
    ) -> list[tuple[VoucherRecord, ReceiptRecord]]:
        marks = ",".join("?" * len(states))
        with self._lock:
            rows = self._db.execute(
                "SELECT r.* FROM receipts r JOIN vouchers v ON v.key = r.voucher_key"
                f" WHERE v.profile = ? AND v.state = ? AND r.state IN ({marks})"
                " ORDER BY v.rowid, r.position",
                (profile, VoucherState.SENT, *states),
            ).fetchall()
        return [(self._require(row["voucher_key"]), _receipt(row)) for row in rows]

    def relocate_voucher(
        self, key: str, journal_number: int, voucher_number: int, accounting_year: str,
        now: str | None = None,
    ) -> None:
        """The accountant moved the voucher (e-conomic renumbered it): follow it, so its
        receipts go where its marker is now."""
        with self.transaction() as db:
            db.execute(
                "UPDATE vouchers SET journal_number = ?, voucher_number = ?,"
                " accounting_year = ?, updated_at = ? WHERE key = ?",
                (journal_number, voucher_number, accounting_year, now or utc_now(), key),
            )
            db.execute(
                "UPDATE postings SET voucher_number = ? WHERE voucher_key = ?",
                (voucher_number, key),
            )

    def receipt_sending(
        self,
        voucher_key: str,
        position: int,
        *,
        idempotency_key: str,
        append: bool,
        pages_before: int,
        now: str | None = None,
    ) -> None:
        """Commit, before the upload, how many pages the voucher had: a later look at the page
        count tells whether an upload whose answer was lost landed."""
        with self.transaction() as db:
            db.execute(
                "UPDATE receipts SET state = ?, idempotency_key = ?, append = ?,"
                " pages_before = ?, first_sent_at = ?, attempts = attempts + 1, reason = NULL"
                " WHERE voucher_key = ? AND position = ?",
                (ReceiptState.SENDING, idempotency_key, int(append), pages_before,
                 now or utc_now(), voucher_key, position),
            )

    def receipt_prepared(
        self, voucher_key: str, position: int, *, parts_total: int, applied: str,
        original_sha256: str, sent_sha256: Sequence[str],
    ) -> None:
        """What the receipt became before upload (one part, or several for a split PDF). A
        receipt already part-way up keeps its count: the parts are made the same way again."""
        with self.transaction() as db:
            db.execute(
                "UPDATE receipts SET parts_total = ?, applied = ?, original_sha256 = ?,"
                " sent_sha256 = ? WHERE voucher_key = ? AND position = ?",
                (parts_total, applied, original_sha256, json.dumps(list(sent_sha256)),
                 voucher_key, position),
            )

    def receipt_part_sent(self, voucher_key: str, position: int, parts_sent: int) -> None:
        """Part `parts_sent - 1` is on the voucher; the next upload of this receipt is the
        next part (so a crash between parts never sends one twice or skips one)."""
        with self.transaction() as db:
            db.execute(
                "UPDATE receipts SET parts_sent = ?, state = ? WHERE voucher_key = ? AND"
                " position = ?",
                (parts_sent, ReceiptState.PENDING, voucher_key, position),
            )

    def set_receipt_state(
        self, voucher_key: str, position: int, state: ReceiptState, reason: str | None = None
    ) -> None:
        with self.transaction() as db:
            db.execute(
                "UPDATE receipts SET state = ?, reason = ? WHERE voucher_key = ? AND position = ?",
                (state, reason, voucher_key, position),
            )

    # -- runs ------------------------------------------------------------------------------

    def start_run(
        self, profile: str, trigger: str, slot: str | None = None, now: str | None = None
    ) -> int:
        with self.transaction() as db:
            cursor = db.execute(
                "INSERT INTO runs (profile, trigger, slot, started_at, summary)"
                " VALUES (?, ?, ?, ?, '{}')",
                (profile, trigger, slot, now or utc_now()),
            )
        return int(cursor.lastrowid or 0)

    def finish_run(
        self,
        run_id: int,
        status: str,
        summary: dict[str, Any],
        message: str | None = None,
        now: str | None = None,
    ) -> None:
        with self.transaction() as db:
            db.execute(
                "UPDATE runs SET finished_at = ?, status = ?, message = ?, summary = ?"
                " WHERE run_id = ?",
                (now or utc_now(), status, message, json.dumps(summary), run_id),
            )

    def runs(self, profile: str | None = None, limit: int = 50) -> list[RunRecord]:
        query = "SELECT * FROM runs"
        params: list[Any] = []
        if profile is not None:
            query += " WHERE profile = ?"
            params.append(profile)
        with self._lock:
            rows = self._db.execute(
                query + " ORDER BY run_id DESC LIMIT ?", [*params, limit]
            ).fetchall()
        return [
            RunRecord(
                run_id=row["run_id"], profile=row["profile"], trigger=row["trigger"],
                slot=row["slot"], started_at=row["started_at"], finished_at=row["finished_at"],
                status=row["status"], message=row["message"], summary=json.loads(row["summary"]),
            )
            for row in rows
        ]

    def slot_was_run(self, profile: str, slot: str) -> bool:
        """A scheduled slot runs once: the scheduler asks before it fires a catch-up."""
        with self._lock:
            row = self._db.execute(
                "SELECT 1 FROM runs WHERE profile = ? AND slot = ? LIMIT 1", (profile, slot)
            ).fetchone()
        return row is not None

    # -- internals -------------------------------------------------------------------------

    def _require(self, key: str) -> VoucherRecord:
        record = self.voucher(key)
        if record is None:
            raise KeyError(f"no voucher {key!r} in the ledger")
        return record

    def _require_batch(self, batch_id: int) -> BatchRecord:
        record = self.batch(batch_id)
        if record is None:
            raise KeyError(f"no batch {batch_id} in the ledger")
        return record

    def _migrate(self) -> None:
        with self._lock:
            version = self._db.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                raise RuntimeError(
                    f"The ledger {self.path} was written by a newer version of this program. "
                    "Install the newer version again."
                )
            # executescript() would commit on its own; keep each migration atomic.
            if version < 1:
                with self.transaction() as db:
                    _execute_all(db, _SCHEMA_V1)
                    db.execute("PRAGMA user_version = 1")
            if version < 2:
                with self.transaction() as db:
                    _execute_all(db, _SCHEMA_V2)
                    _postings_from_v1(db)
                    db.execute("PRAGMA user_version = 2")
            if version < 3:
                with self.transaction() as db:
                    _execute_all(db, _SCHEMA_V3)
                    db.execute("PRAGMA user_version = 3")


def _execute_all(db: sqlite3.Connection, script: str) -> None:
    for statement in script.split(";"):
        if statement.strip():
            db.execute(statement)


def _postings_from_v1(db: sqlite3.Connection) -> None:
    """Every line a version-1 ledger knows as sent becomes a posting. The agreement was not
    recorded then (0 = any); the fingerprint comes from the frozen body."""
    rows = db.execute(
        "SELECT * FROM vouchers WHERE state = ?", (VoucherState.SENT,)
    ).fetchall()
    if not rows:  # a new ledger: nothing to carry over (and no hashlib for the tray)
        return
    from wizard.export.identity import summary_of_entry
    from wizard.export.markers import find_marker

    for row in rows:
        try:
            body = json.loads(bytes(row["body"]))
            entries = body["entries"]["financeVouchers"]
        except (ValueError, KeyError, TypeError):
            entries = []
        by_marker = {find_marker(entry.get("text", "")): entry for entry in entries}
        for line_id in json.loads(row["line_ids"]):
            marker = f"[EMS:{line_id}]"
            entry = by_marker.get(marker)
            db.execute(
                "INSERT OR IGNORE INTO postings (agreement, journal, marker, profile, line_id,"
                " fingerprint, summary, voucher_key, voucher_number, accounting_year,"
                " source_file, sent_at, how) VALUES (0, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
                " 'migrated')",
                (row["journal_number"], marker, row["profile"], line_id,
                 None,  # the content is not comparable across versions: never a conflict
                 summary_of_entry(entry) if entry else "", row["key"], row["voucher_number"],
                 row["accounting_year"], row["source_file"], row["sent_at"] or row["updated_at"]),
            )


def _move_aside(path: Path) -> Path:
    """Rename a damaged ledger (and its WAL files) out of the way; never delete it."""
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}.damaged-{stamp}")
    number = 2
    while target.exists():
        target = path.with_name(f"{path.name}.damaged-{stamp}-{number}")
        number += 1
    os.replace(path, target)
    for suffix in ("-wal", "-shm"):
        side = path.with_name(path.name + suffix)
        if side.exists():
            os.replace(side, target.with_name(target.name + suffix))
    return target


_SCHEMA_V1 = """
CREATE TABLE batches (
    batch_id INTEGER PRIMARY KEY AUTOINCREMENT,
    profile TEXT NOT NULL,
    journal_number INTEGER NOT NULL,
    idempotency_key TEXT NOT NULL UNIQUE,
    body BLOB NOT NULL,
    voucher_keys TEXT NOT NULL,
    first_sent_at TEXT NOT NULL,
    attempts INTEGER NOT NULL,
    open INTEGER NOT NULL
);
CREATE INDEX batches_open ON batches (profile, open);
CREATE TABLE vouchers (
    key TEXT PRIMARY KEY,
    profile TEXT NOT NULL,
    journal_number INTEGER NOT NULL,
    accounting_year TEXT NOT NULL,
    body BLOB NOT NULL,
    state TEXT NOT NULL,
    line_ids TEXT NOT NULL,
    source_file TEXT NOT NULL,
    label TEXT NOT NULL DEFAULT '',
    voucher_number INTEGER,
    batch_id INTEGER REFERENCES batches (batch_id),
    attempts INTEGER NOT NULL DEFAULT 0,
    reason TEXT,
    sent_at TEXT,
    updated_at TEXT NOT NULL
);
CREATE INDEX vouchers_by_profile_state ON vouchers (profile, state);
CREATE TABLE lines (
    profile TEXT NOT NULL,
    line_id TEXT NOT NULL,
    voucher_key TEXT NOT NULL REFERENCES vouchers (key),
    source_file TEXT NOT NULL,
    registered_at TEXT NOT NULL,
    PRIMARY KEY (profile, line_id)
);
CREATE TABLE receipts (
    voucher_key TEXT NOT NULL REFERENCES vouchers (key),
    position INTEGER NOT NULL,
    path TEXT NOT NULL,
    state TEXT NOT NULL,
    idempotency_key TEXT,
    append INTEGER NOT NULL DEFAULT 0,
    pages_before INTEGER,
    first_sent_at TEXT,
    attempts INTEGER NOT NULL DEFAULT 0,
    reason TEXT,
    PRIMARY KEY (voucher_key, position)
);
CREATE TABLE runs (
    run_id INTEGER PRIMARY KEY AUTOINCREMENT,
    profile TEXT NOT NULL,
    trigger TEXT NOT NULL,
    slot TEXT,
    started_at TEXT NOT NULL,
    finished_at TEXT,
    status TEXT,
    message TEXT,
    summary TEXT NOT NULL
);
CREATE INDEX runs_by_profile_slot ON runs (profile, slot)
"""

_SCHEMA_V3 = """
ALTER TABLE receipts ADD COLUMN parts_total INTEGER;
ALTER TABLE receipts ADD COLUMN parts_sent INTEGER NOT NULL DEFAULT 0;
ALTER TABLE receipts ADD COLUMN applied TEXT NOT NULL DEFAULT '';
ALTER TABLE receipts ADD COLUMN original_sha256 TEXT;
ALTER TABLE receipts ADD COLUMN sent_sha256 TEXT NOT NULL DEFAULT '[]'
"""

_SCHEMA_V2 = """
CREATE TABLE postings (
    agreement INTEGER NOT NULL,
    journal INTEGER NOT NULL,
    marker TEXT NOT NULL,
    profile TEXT NOT NULL,
    line_id TEXT NOT NULL,
    fingerprint TEXT,
    summary TEXT NOT NULL DEFAULT '',
    voucher_key TEXT,
    voucher_number INTEGER,
    accounting_year TEXT NOT NULL DEFAULT '',
    source_file TEXT NOT NULL DEFAULT '',
    sent_at TEXT NOT NULL,
    how TEXT NOT NULL,
    PRIMARY KEY (agreement, journal, marker)
);
CREATE INDEX postings_by_marker ON postings (marker);
CREATE INDEX postings_by_profile ON postings (profile);
CREATE INDEX postings_by_voucher ON postings (voucher_key);
CREATE TABLE held (
    profile TEXT NOT NULL,
    marker TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    line_id TEXT,
    kind TEXT NOT NULL,
    summary TEXT NOT NULL DEFAULT '',
    reason TEXT NOT NULL,
    reason_da TEXT NOT NULL,
    fix TEXT NOT NULL,
    fix_da TEXT NOT NULL,
    source_file TEXT NOT NULL,
    source_line INTEGER,
    first_held_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    set_aside_by TEXT,
    set_aside_at TEXT,
    in_inbox INTEGER NOT NULL DEFAULT 1,
    PRIMARY KEY (profile, marker, fingerprint)
);
CREATE INDEX held_by_marker ON held (marker);
CREATE INDEX vouchers_by_batch ON vouchers (batch_id);
CREATE INDEX lines_by_voucher ON lines (voucher_key)
"""


def _voucher(row: sqlite3.Row) -> VoucherRecord:
    return VoucherRecord(
        key=row["key"], profile=row["profile"], journal_number=row["journal_number"],
        accounting_year=row["accounting_year"], body=bytes(row["body"]),
        state=VoucherState(row["state"]), line_ids=tuple(json.loads(row["line_ids"])),
        source_file=row["source_file"], label=row["label"],
        voucher_number=row["voucher_number"], batch_id=row["batch_id"],
        attempts=row["attempts"], reason=row["reason"], sent_at=row["sent_at"],
        updated_at=row["updated_at"],
    )


def _batch(row: sqlite3.Row) -> BatchRecord:
    return BatchRecord(
        batch_id=row["batch_id"], profile=row["profile"], journal_number=row["journal_number"],
        idempotency_key=row["idempotency_key"], body=bytes(row["body"]),
        voucher_keys=tuple(json.loads(row["voucher_keys"])), first_sent_at=row["first_sent_at"],
        attempts=row["attempts"], open=bool(row["open"]),
    )


def _receipt(row: sqlite3.Row) -> ReceiptRecord:
    return ReceiptRecord(
        voucher_key=row["voucher_key"], position=row["position"], path=row["path"],
        state=ReceiptState(row["state"]), idempotency_key=row["idempotency_key"],
        append=bool(row["append"]), pages_before=row["pages_before"],
        first_sent_at=row["first_sent_at"], attempts=row["attempts"], reason=row["reason"],
        parts_total=row["parts_total"], parts_sent=row["parts_sent"], applied=row["applied"],
        original_sha256=row["original_sha256"], sent_sha256=row["sent_sha256"],
    )


def _posting(row: sqlite3.Row) -> PostingRecord:
    return PostingRecord(
        agreement=row["agreement"], journal=row["journal"], marker=row["marker"],
        profile=row["profile"], line_id=row["line_id"], fingerprint=row["fingerprint"],
        summary=row["summary"], voucher_key=row["voucher_key"],
        voucher_number=row["voucher_number"], accounting_year=row["accounting_year"],
        source_file=row["source_file"], sent_at=row["sent_at"], how=row["how"],
    )


def _held(row: sqlite3.Row) -> HeldRecord:
    return HeldRecord(
        profile=row["profile"], marker=row["marker"], fingerprint=row["fingerprint"],
        line_id=row["line_id"], kind=HeldKind(row["kind"]), summary=row["summary"],
        reason=row["reason"], reason_da=row["reason_da"], fix=row["fix"], fix_da=row["fix_da"],
        source_file=row["source_file"], source_line=row["source_line"],
        first_held_at=row["first_held_at"], updated_at=row["updated_at"],
        set_aside_by=row["set_aside_by"], set_aside_at=row["set_aside_at"],
        in_inbox=bool(row["in_inbox"]),
    )


def held_name(record: HeldRecord) -> str:
    """"EMS_EA-1.csv#12": how the admin names one held line (also one whose id is unusable)."""
    return f"{Path(record.source_file).name}#{record.source_line}"


def _names(record: HeldRecord, wanted: str) -> bool:
    return (wanted in (record.line_id, record.marker, held_name(record))
            or record.marker == f"[EMS:{wanted}]")
