"""The ledger: the engine's memory of what was sent, so nothing is posted twice or lost.

One SQLite file (WAL) in the user data folder. Every voucher is written here with its frozen
request body and its Idempotency-Key *and committed* before the POST leaves the machine; the
state then moves ``pending → sending → sent`` (or ``failed`` with a reason). A voucher found in
``sending`` after a crash or a lost answer is reconciled against e-conomic before any retry.
Lines are recorded by ``(profile, line id)`` so the same expense exported twice by Acubiz is
recognised and reported instead of posted again. Runs are recorded with their trigger and slot,
which is what History and the scheduler read.

All timestamps are UTC ISO-8601 strings; callers pass ``now`` so tests control the clock.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import Any

import platformdirs

SCHEMA_VERSION = 1


class VoucherState(StrEnum):
    PENDING = "pending"  # frozen and registered, never sent
    SENDING = "sending"  # a POST may have reached e-conomic: reconcile before re-sending
    SENT = "sent"  # e-conomic confirmed it (by response or by finding its marker)
    FAILED = "failed"  # e-conomic refused it for a reason the admin must fix


class ReceiptState(StrEnum):
    PENDING = "pending"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"


@dataclass(frozen=True)
class VoucherRecord:
    key: str
    profile: str
    journal_number: int
    accounting_year: str
    body: bytes
    idempotency_key: str
    state: VoucherState
    line_ids: tuple[str, ...]
    source_file: str
    voucher_number: int | None
    first_sent_at: str | None
    attempts: int
    reason: str | None
    updated_at: str


@dataclass(frozen=True)
class LineRecord:
    profile: str
    line_id: str
    voucher_key: str
    source_file: str
    state: VoucherState
    voucher_number: int | None
    sent_at: str | None


@dataclass(frozen=True)
class ReceiptRecord:
    voucher_key: str
    path: str
    idempotency_key: str
    state: ReceiptState
    attempts: int
    reason: str | None


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


class Ledger:
    """Thread-safe access to the ledger file; one instance per process is enough."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or default_ledger_path()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.RLock()
        # isolation_level=None: we open transactions ourselves, so a commit is where we say.
        self._db = sqlite3.connect(
            self.path, isolation_level=None, check_same_thread=False, timeout=30
        )
        self._db.row_factory = sqlite3.Row
        self._db.execute("PRAGMA journal_mode=WAL")
        # FULL: a voucher marked 'sending' must survive a power cut that follows the POST.
        self._db.execute("PRAGMA synchronous=FULL")
        self._db.execute("PRAGMA foreign_keys=ON")
        self._migrate()

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def __enter__(self) -> Ledger:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One atomic, durable step: everything inside commits together or not at all."""
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._db
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    # -- vouchers --------------------------------------------------------------------------

    def register_voucher(
        self,
        *,
        key: str,
        profile: str,
        journal_number: int,
        accounting_year: str,
        body: bytes,
        idempotency_key: str,
        line_ids: Iterable[str],
        source_file: str,
        receipts: Iterable[str] = (),
        now: str | None = None,
    ) -> VoucherRecord:
        """Freeze a voucher before it is sent. Registering the same key again is a no-op and
        returns what was frozen first, so a re-run never changes a body already in flight."""
        now = now or utc_now()
        line_ids = tuple(line_ids)
        with self.transaction() as db:
            existing = db.execute("SELECT key FROM vouchers WHERE key = ?", (key,)).fetchone()
            if existing is None:
                db.execute(
                    "INSERT INTO vouchers (key, profile, journal_number, accounting_year, body,"
                    " idempotency_key, state, line_ids, source_file, attempts, updated_at)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?)",
                    (key, profile, journal_number, accounting_year, body, idempotency_key,
                     VoucherState.PENDING, json.dumps(line_ids), source_file, now),
                )
                db.executemany(
                    "INSERT INTO lines (profile, line_id, voucher_key, source_file, registered_at)"
                    " VALUES (?, ?, ?, ?, ?)",
                    [(profile, line_id, key, source_file, now) for line_id in line_ids],
                )
                db.executemany(
                    "INSERT INTO receipts (voucher_key, path, idempotency_key, state, attempts)"
                    " VALUES (?, ?, ?, ?, 0)",
                    [(key, path, f"{idempotency_key}-r{index}", ReceiptState.PENDING)
                     for index, path in enumerate(receipts)],
                )
        record = self.voucher(key)
        assert record is not None
        return record

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

    def mark_sending(self, key: str, now: str | None = None) -> VoucherRecord:
        """Call, and let it commit, immediately before the POST: from here on the outcome is
        uncertain until e-conomic answers, and a restart must reconcile instead of re-posting."""
        now = now or utc_now()
        with self.transaction() as db:
            db.execute(
                "UPDATE vouchers SET state = ?, attempts = attempts + 1,"
                " first_sent_at = COALESCE(first_sent_at, ?), reason = NULL, updated_at = ?"
                " WHERE key = ?",
                (VoucherState.SENDING, now, now, key),
            )
        return self._require(key)

    def renew_idempotency_key(
        self, key: str, idempotency_key: str, now: str | None = None
    ) -> VoucherRecord:
        """After e-conomic has forgotten the old key and a search proved the voucher absent,
        the next attempt gets a new key and a new window."""
        now = now or utc_now()
        with self.transaction() as db:
            db.execute(
                "UPDATE vouchers SET idempotency_key = ?, first_sent_at = NULL, state = ?,"
                " updated_at = ? WHERE key = ?",
                (idempotency_key, VoucherState.PENDING, now, key),
            )
        return self._require(key)

    def mark_sent(
        self, key: str, voucher_number: int, accounting_year: str, now: str | None = None
    ) -> VoucherRecord:
        now = now or utc_now()
        with self.transaction() as db:
            db.execute(
                "UPDATE vouchers SET state = ?, voucher_number = ?, accounting_year = ?,"
                " reason = NULL, updated_at = ? WHERE key = ?",
                (VoucherState.SENT, voucher_number, accounting_year, now, key),
            )
            db.execute(
                "UPDATE lines SET sent_at = ? WHERE voucher_key = ? AND sent_at IS NULL",
                (now, key),
            )
        return self._require(key)

    def mark_failed(self, key: str, reason: str, now: str | None = None) -> VoucherRecord:
        """e-conomic refused the voucher (it was not created). The admin fixes the cause; the
        voucher goes back to pending then."""
        now = now or utc_now()
        with self.transaction() as db:
            db.execute(
                "UPDATE vouchers SET state = ?, reason = ?, updated_at = ? WHERE key = ?",
                (VoucherState.FAILED, reason, now, key),
            )
        return self._require(key)

    def note_reason(self, key: str, reason: str, now: str | None = None) -> VoucherRecord:
        """Keep the state (e.g. still 'sending', outcome unknown) but say why in History."""
        now = now or utc_now()
        with self.transaction() as db:
            db.execute(
                "UPDATE vouchers SET reason = ?, updated_at = ? WHERE key = ?", (reason, now, key)
            )
        return self._require(key)

    def refreeze(
        self, key: str, body: bytes, idempotency_key: str, now: str | None = None
    ) -> VoucherRecord:
        """Replace the frozen body of a voucher that e-conomic never created (pending or
        failed), e.g. after the admin fixed an account mapping. Refused in any other state,
        because a body that may exist in e-conomic must never change under its key."""
        now = now or utc_now()
        with self.transaction() as db:
            changed = db.execute(
                "UPDATE vouchers SET body = ?, idempotency_key = ?, state = ?, reason = NULL,"
                " first_sent_at = NULL, updated_at = ? WHERE key = ? AND state IN (?, ?)",
                (body, idempotency_key, VoucherState.PENDING, now, key,
                 VoucherState.PENDING, VoucherState.FAILED),
            ).rowcount
        if not changed:
            raise ValueError(f"voucher {key!r} may exist in e-conomic; its body cannot change")
        return self._require(key)

    def reset_failed(self, key: str, now: str | None = None) -> VoucherRecord:
        now = now or utc_now()
        with self.transaction() as db:
            db.execute(
                "UPDATE vouchers SET state = ?, updated_at = ? WHERE key = ? AND state = ?",
                (VoucherState.PENDING, now, key, VoucherState.FAILED),
            )
        return self._require(key)

    # -- lines -----------------------------------------------------------------------------

    def line(self, profile: str, line_id: str) -> LineRecord | None:
        with self._lock:
            row = self._db.execute(
                "SELECT l.profile, l.line_id, l.voucher_key, l.source_file, l.sent_at,"
                " v.state, v.voucher_number FROM lines l JOIN vouchers v ON v.key = l.voucher_key"
                " WHERE l.profile = ? AND l.line_id = ?",
                (profile, line_id),
            ).fetchone()
        if row is None:
            return None
        return LineRecord(
            profile=row["profile"], line_id=row["line_id"], voucher_key=row["voucher_key"],
            source_file=row["source_file"], state=VoucherState(row["state"]),
            voucher_number=row["voucher_number"], sent_at=row["sent_at"],
        )

    # -- receipts --------------------------------------------------------------------------

    def receipts(self, voucher_key: str) -> list[ReceiptRecord]:
        with self._lock:
            rows = self._db.execute(
                "SELECT * FROM receipts WHERE voucher_key = ? ORDER BY rowid", (voucher_key,)
            ).fetchall()
        return [
            ReceiptRecord(
                voucher_key=row["voucher_key"], path=row["path"],
                idempotency_key=row["idempotency_key"], state=ReceiptState(row["state"]),
                attempts=row["attempts"], reason=row["reason"],
            )
            for row in rows
        ]

    def set_receipt_state(
        self, voucher_key: str, path: str, state: ReceiptState, reason: str | None = None
    ) -> None:
        with self.transaction() as db:
            db.execute(
                "UPDATE receipts SET state = ?, reason = ?,"
                " attempts = attempts + (CASE WHEN ? = 'sending' THEN 1 ELSE 0 END)"
                " WHERE voucher_key = ? AND path = ?",
                (state, reason, state, voucher_key, path),
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

    def _migrate(self) -> None:
        with self._lock:
            version = self._db.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                raise RuntimeError(
                    f"The ledger {self.path} was written by a newer version of this program. "
                    "Install the newer version again."
                )
            if version < 1:
                with self.transaction() as db:
                    # executescript() would commit on its own; keep the migration atomic.
                    for statement in _SCHEMA_V1.split(";"):
                        if statement.strip():
                            db.execute(statement)
                    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")


_SCHEMA_V1 = """
CREATE TABLE vouchers (
    key TEXT PRIMARY KEY,
    profile TEXT NOT NULL,
    journal_number INTEGER NOT NULL,
    accounting_year TEXT NOT NULL,
    body BLOB NOT NULL,
    idempotency_key TEXT NOT NULL,
    state TEXT NOT NULL,
    line_ids TEXT NOT NULL,
    source_file TEXT NOT NULL,
    voucher_number INTEGER,
    first_sent_at TEXT,
    attempts INTEGER NOT NULL DEFAULT 0,
    reason TEXT,
    updated_at TEXT NOT NULL
);
CREATE INDEX vouchers_by_profile_state ON vouchers (profile, state);
CREATE TABLE lines (
    profile TEXT NOT NULL,
    line_id TEXT NOT NULL,
    voucher_key TEXT NOT NULL REFERENCES vouchers (key),
    source_file TEXT NOT NULL,
    registered_at TEXT NOT NULL,
    sent_at TEXT,
    PRIMARY KEY (profile, line_id)
);
CREATE TABLE receipts (
    voucher_key TEXT NOT NULL REFERENCES vouchers (key),
    path TEXT NOT NULL,
    idempotency_key TEXT NOT NULL,
    state TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    reason TEXT,
    PRIMARY KEY (voucher_key, path)
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


def _voucher(row: sqlite3.Row) -> VoucherRecord:
    return VoucherRecord(
        key=row["key"], profile=row["profile"], journal_number=row["journal_number"],
        accounting_year=row["accounting_year"], body=bytes(row["body"]),
        idempotency_key=row["idempotency_key"], state=VoucherState(row["state"]),
        line_ids=tuple(json.loads(row["line_ids"])), source_file=row["source_file"],
        voucher_number=row["voucher_number"], first_sent_at=row["first_sent_at"],
        attempts=row["attempts"], reason=row["reason"], updated_at=row["updated_at"],
    )
