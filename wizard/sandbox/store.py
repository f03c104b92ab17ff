"""The sandbox's state in SQLite: schema, seeding and every query.

One connection, shared by the server's threads behind one re-entrant lock. That is plenty for a
test double and keeps multi-step operations (validate a batch of vouchers, then create them all)
atomic: callers wrap them in `with store.transaction():`. With `data_dir` the database is a file
and survives restarts; without it, it lives in memory and dies with the server.

Rows come back as plain dicts with the column names used here; turning them into e-conomic JSON
(with absolute links) is the REST layer's job, so stored data never contains a host or port.
"""

from __future__ import annotations

import json
import secrets
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from wizard.sandbox import seed

DB_FILE = "sandbox.sqlite3"

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS grants (
    token TEXT PRIMARY KEY, created TEXT NOT NULL, revoked INTEGER NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS accounts (
    account_number INTEGER PRIMARY KEY, name TEXT NOT NULL, account_type TEXT NOT NULL,
    debit_credit TEXT NOT NULL, vat_code TEXT, barred INTEGER NOT NULL DEFAULT 0,
    total_from INTEGER);
CREATE TABLE IF NOT EXISTS vat_accounts (
    vat_code TEXT PRIMARY KEY, name TEXT NOT NULL, rate REAL NOT NULL,
    account_number INTEGER NOT NULL, vat_type_number INTEGER NOT NULL,
    barred INTEGER NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS currencies (
    code TEXT PRIMARY KEY, iso_number TEXT NOT NULL, name TEXT NOT NULL, rate REAL NOT NULL);
CREATE TABLE IF NOT EXISTS accounting_years (
    year TEXT PRIMARY KEY, from_date TEXT NOT NULL, to_date TEXT NOT NULL,
    closed INTEGER NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS journals (
    journal_number INTEGER PRIMARY KEY, name TEXT NOT NULL, entry_type TEXT,
    min_voucher INTEGER NOT NULL DEFAULT 1, max_voucher INTEGER);
CREATE TABLE IF NOT EXISTS departments (department_number INTEGER PRIMARY KEY, name TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS distributions (
    number INTEGER PRIMARY KEY, name TEXT NOT NULL, distribution_type TEXT NOT NULL,
    barred INTEGER NOT NULL DEFAULT 0, parts TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS suppliers (
    supplier_number INTEGER PRIMARY KEY, name TEXT NOT NULL, currency TEXT NOT NULL,
    barred INTEGER NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS vouchers (
    id INTEGER PRIMARY KEY AUTOINCREMENT, journal_number INTEGER NOT NULL, year TEXT NOT NULL,
    voucher_number INTEGER NOT NULL, booked INTEGER NOT NULL DEFAULT 0, created TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS vouchers_by_number ON vouchers (year, voucher_number);
CREATE TABLE IF NOT EXISTS entries (
    journal_entry_number INTEGER PRIMARY KEY, voucher_id INTEGER NOT NULL,
    entry_type TEXT NOT NULL, fields TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS entries_by_voucher ON entries (voucher_id);
CREATE TABLE IF NOT EXISTS booked_entries (
    entry_number INTEGER PRIMARY KEY, year TEXT NOT NULL, voucher_number INTEGER NOT NULL,
    entry_type TEXT NOT NULL, fields TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS attachment_pages (
    id INTEGER PRIMARY KEY AUTOINCREMENT, voucher_id INTEGER NOT NULL, filename TEXT,
    content_type TEXT NOT NULL, pages INTEGER NOT NULL, data BLOB NOT NULL,
    created TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS attachment_pages_by_voucher ON attachment_pages (voucher_id);
CREATE TABLE IF NOT EXISTS freed_voucher_numbers (
    journal_number INTEGER NOT NULL, year TEXT NOT NULL, voucher_number INTEGER NOT NULL,
    PRIMARY KEY (journal_number, year, voucher_number));
CREATE TABLE IF NOT EXISTS idempotency (
    scope TEXT NOT NULL, key TEXT NOT NULL, url TEXT NOT NULL, fingerprint TEXT NOT NULL,
    status INTEGER NOT NULL, headers TEXT NOT NULL, body BLOB NOT NULL, created REAL NOT NULL,
    PRIMARY KEY (scope, key));
"""

TABLES = (
    "meta", "grants", "accounts", "vat_accounts", "currencies", "accounting_years", "journals",
    "departments", "distributions", "suppliers", "vouchers", "entries", "booked_entries",
    "attachment_pages", "freed_voucher_numbers", "idempotency",
)  # fmt: skip


def now_iso() -> str:
    """UTC time the way the sandbox stamps records: 2026-05-16T10:11:12Z."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def new_token() -> str:
    """A fresh 44-character token in e-conomic's format (43 URL-safe chars + "1")."""
    return secrets.token_urlsafe(32) + "1"


class Store:
    """All state of one sandbox agreement. Thread-safe; every method takes the lock."""

    def __init__(self, data_dir: str | Path | None = None) -> None:
        self.lock = threading.RLock()
        if data_dir is None:
            target = ":memory:"
        else:
            Path(data_dir).mkdir(parents=True, exist_ok=True)
            target = str(Path(data_dir) / DB_FILE)
        self._db = sqlite3.connect(target, check_same_thread=False, isolation_level=None)
        self._db.row_factory = sqlite3.Row
        if data_dir is not None:
            self._db.execute("PRAGMA journal_mode=WAL")
        self._depth = 0
        with self.transaction():
            # Not executescript(): it commits first, which would break the transaction.
            for statement in SCHEMA.split(";"):
                if statement.strip():
                    self._db.execute(statement)
            if self._meta("seeded") is None:
                self._seed()

    # -- plumbing ---------------------------------------------------------------------------

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """Run the block atomically (nested blocks join the outer transaction)."""
        with self.lock:
            outer = self._depth == 0
            if outer:
                self._db.execute("BEGIN IMMEDIATE")
            self._depth += 1
            try:
                yield
            except BaseException:
                self._depth -= 1
                if outer:
                    self._db.execute("ROLLBACK")
                raise
            self._depth -= 1
            if outer:
                self._db.execute("COMMIT")

    def _all(self, sql: str, params: tuple = ()) -> list[dict[str, Any]]:
        with self.lock:
            return [dict(row) for row in self._db.execute(sql, params)]

    def _one(self, sql: str, params: tuple = ()) -> dict[str, Any] | None:
        rows = self._all(sql, params)
        return rows[0] if rows else None

    def _run(self, sql: str, params: tuple = ()) -> sqlite3.Cursor:
        with self.lock:
            return self._db.execute(sql, params)

    def _meta(self, key: str) -> str | None:
        row = self._one("SELECT value FROM meta WHERE key = ?", (key,))
        return None if row is None else row["value"]

    def _set_meta(self, key: str, value: str) -> None:
        self._run("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, value))

    def _next_counter(self, key: str) -> int:
        with self.transaction():
            value = int(self._meta(key) or "1")
            self._set_meta(key, str(value + 1))
            return value

    def close(self) -> None:
        with self.lock:
            self._db.close()

    # -- seeding and reset ------------------------------------------------------------------

    def reset(self) -> None:
        """Forget everything and go back to the seeded demo company."""
        with self.transaction():
            for table in TABLES:
                self._run(f"DELETE FROM {table}")
            self._run("DELETE FROM sqlite_sequence")
            self._seed()

    def _seed(self) -> None:
        run = self._run
        run("INSERT INTO grants (token, created) VALUES (?, ?)", (seed.GRANT_TOKEN, now_iso()))
        for number, name, kind, side, vat, barred, total_from in seed.ACCOUNTS:
            run(
                "INSERT INTO accounts VALUES (?, ?, ?, ?, ?, ?, ?)",
                (number, name, kind, side, vat, int(barred), total_from),
            )
        for code, name, rate, account, vat_type in seed.VAT_ACCOUNTS:
            run("INSERT INTO vat_accounts VALUES (?, ?, ?, ?, ?, 0)", (code, name, rate, account,
                                                                      vat_type))
        for code, iso, name, rate in seed.CURRENCIES:
            run("INSERT INTO currencies VALUES (?, ?, ?, ?)", (code, iso, name, rate))
        for year, start, end in seed.ACCOUNTING_YEARS:
            run("INSERT INTO accounting_years VALUES (?, ?, ?, 0)", (year, start, end))
        for number, name, restricted, low, high in seed.JOURNALS:
            run("INSERT INTO journals VALUES (?, ?, ?, ?, ?)", (number, name, restricted, low,
                                                                high))
        for number, name in seed.DEPARTMENTS:
            run("INSERT INTO departments VALUES (?, ?)", (number, name))
        for number, name, kind, parts in seed.DISTRIBUTIONS:
            run("INSERT INTO distributions VALUES (?, ?, ?, 0, ?)", (number, name, kind,
                                                                    json.dumps(parts)))
        for number, name, currency in seed.SUPPLIERS:
            run("INSERT INTO suppliers VALUES (?, ?, ?, 0)", (number, name, currency))
        self._set_meta("next_journal_entry_number", "1")
        self._set_meta("next_entry_number", "1")
        self._set_meta("seeded", now_iso())

    # -- grants -----------------------------------------------------------------------------

    def create_grant(self) -> str:
        token = new_token()
        self._run("INSERT INTO grants (token, created) VALUES (?, ?)", (token, now_iso()))
        return token

    def revoke_grant(self, token: str) -> bool:
        return self._run("UPDATE grants SET revoked = 1 WHERE token = ?", (token,)).rowcount > 0

    def grant(self, token: str) -> dict[str, Any] | None:
        return self._one("SELECT * FROM grants WHERE token = ?", (token,))

    def grants(self) -> list[dict[str, Any]]:
        return self._all("SELECT * FROM grants ORDER BY created, token")

    # -- lookups ----------------------------------------------------------------------------

    def accounts(self) -> list[dict[str, Any]]:
        return self._all("SELECT * FROM accounts ORDER BY account_number")

    def account(self, number: int) -> dict[str, Any] | None:
        return self._one("SELECT * FROM accounts WHERE account_number = ?", (number,))

    def set_account_barred(self, number: int, barred: bool) -> bool:
        cursor = self._run(
            "UPDATE accounts SET barred = ? WHERE account_number = ?", (int(barred), number)
        )
        return cursor.rowcount > 0

    def vat_accounts(self) -> list[dict[str, Any]]:
        return self._all("SELECT * FROM vat_accounts ORDER BY vat_code")

    def vat_account(self, code: str) -> dict[str, Any] | None:
        return self._one("SELECT * FROM vat_accounts WHERE vat_code = ?", (code,))

    def add_vat_account(
        self, code: str, name: str, rate: float, account_number: int, vat_type_number: int
    ) -> None:
        self._run("INSERT INTO vat_accounts VALUES (?, ?, ?, ?, ?, 0)",
                  (code, name, rate, account_number, vat_type_number))

    def delete_vat_account(self, code: str) -> bool:
        return self._run("DELETE FROM vat_accounts WHERE vat_code = ?", (code,)).rowcount > 0

    def set_vat_account_barred(self, code: str, barred: bool) -> bool:
        cursor = self._run(
            "UPDATE vat_accounts SET barred = ? WHERE vat_code = ?", (int(barred), code)
        )
        return cursor.rowcount > 0

    def currencies(self) -> list[dict[str, Any]]:
        return self._all("SELECT * FROM currencies ORDER BY code")

    def currency(self, code: str) -> dict[str, Any] | None:
        return self._one("SELECT * FROM currencies WHERE code = ?", (code,))

    def accounting_years(self) -> list[dict[str, Any]]:
        return self._all("SELECT * FROM accounting_years ORDER BY from_date")

    def accounting_year(self, year: str) -> dict[str, Any] | None:
        return self._one("SELECT * FROM accounting_years WHERE year = ?", (year,))

    def add_accounting_year(self, year: str, from_date: str, to_date: str) -> None:
        self._run("INSERT INTO accounting_years VALUES (?, ?, ?, 0)", (year, from_date, to_date))

    def set_year_closed(self, year: str, closed: bool) -> bool:
        cursor = self._run(
            "UPDATE accounting_years SET closed = ? WHERE year = ?", (int(closed), year)
        )
        return cursor.rowcount > 0

    def departments(self) -> list[dict[str, Any]]:
        return self._all("SELECT * FROM departments ORDER BY department_number")

    def department(self, number: int) -> dict[str, Any] | None:
        return self._one("SELECT * FROM departments WHERE department_number = ?", (number,))

    def distributions(self) -> list[dict[str, Any]]:
        rows = self._all("SELECT * FROM distributions ORDER BY number")
        for row in rows:
            row["parts"] = json.loads(row["parts"])
        return rows

    def distribution(self, number: int) -> dict[str, Any] | None:
        return next((d for d in self.distributions() if d["number"] == number), None)

    def suppliers(self) -> list[dict[str, Any]]:
        return self._all("SELECT * FROM suppliers ORDER BY supplier_number")

    def supplier(self, number: int) -> dict[str, Any] | None:
        return self._one("SELECT * FROM suppliers WHERE supplier_number = ?", (number,))

    # -- journals ---------------------------------------------------------------------------

    def journals(self) -> list[dict[str, Any]]:
        return self._all("SELECT * FROM journals ORDER BY journal_number")

    def journal(self, number: int) -> dict[str, Any] | None:
        return self._one("SELECT * FROM journals WHERE journal_number = ?", (number,))

    def create_journal(
        self,
        name: str,
        entry_type: str | None = None,
        min_voucher: int = 1,
        max_voucher: int | None = None,
    ) -> int:
        with self.transaction():
            row = self._one("SELECT COALESCE(MAX(journal_number), 0) + 1 AS n FROM journals")
            number = int(row["n"]) if row else 1
            self._run(
                "INSERT INTO journals VALUES (?, ?, ?, ?, ?)",
                (number, name, entry_type, min_voucher, max_voucher),
            )
            return number

    def update_journal(self, number: int, **changes: Any) -> bool:
        """Change any of name, entry_type, min_voucher, max_voucher."""
        allowed = {"name", "entry_type", "min_voucher", "max_voucher"}
        columns = [c for c in changes if c in allowed]
        if not columns:
            return self.journal(number) is not None
        assignments = ", ".join(f"{c} = ?" for c in columns)
        cursor = self._run(
            f"UPDATE journals SET {assignments} WHERE journal_number = ?",
            (*[changes[c] for c in columns], number),
        )
        return cursor.rowcount > 0

    def delete_journal(self, number: int) -> bool:
        """Delete a journal with its draft vouchers, their entries and attachments.

        (e-conomic's own UI may refuse to delete a journal that has entries; the sandbox's
        admin is the accountant with a bulldozer.)
        """
        with self.transaction():
            for voucher in self.vouchers(journal_number=number):
                self.delete_voucher(voucher["id"])
            self._run("DELETE FROM freed_voucher_numbers WHERE journal_number = ?", (number,))
            cursor = self._run("DELETE FROM journals WHERE journal_number = ?", (number,))
            return cursor.rowcount > 0

    # -- vouchers and draft entries ---------------------------------------------------------

    def vouchers(self, journal_number: int | None = None) -> list[dict[str, Any]]:
        """Draft (not booked) vouchers, optionally of one journal."""
        sql = "SELECT * FROM vouchers WHERE booked = 0"
        params: tuple = ()
        if journal_number is not None:
            sql += " AND journal_number = ?"
            params = (journal_number,)
        return self._all(sql + " ORDER BY year, voucher_number, id", params)

    def voucher(self, journal_number: int, year: str, voucher_number: int) -> dict[str, Any] | None:
        return self._one(
            "SELECT * FROM vouchers WHERE booked = 0 AND journal_number = ? AND year = ?"
            " AND voucher_number = ?",
            (journal_number, year, voucher_number),
        )

    def used_voucher_numbers(self, year: str) -> set[int]:
        """Numbers taken in an accounting year by any voucher, draft or booked, in any journal."""
        rows = self._all("SELECT voucher_number FROM vouchers WHERE year = ?", (year,))
        return {row["voucher_number"] for row in rows}

    def voucher_number_used(self, year: str, number: int) -> bool:
        return bool(self._all(
            "SELECT 1 FROM vouchers WHERE year = ? AND voucher_number = ? LIMIT 1",
            (year, number),
        ))

    def max_voucher_number(self, year: str, low: int, high: int) -> int | None:
        rows = self._all(
            "SELECT MAX(voucher_number) AS top FROM vouchers WHERE year = ? AND"
            " voucher_number BETWEEN ? AND ?", (year, low, high),
        )
        return rows[0]["top"] if rows else None

    def create_voucher(self, journal_number: int, year: str, voucher_number: int) -> int:
        cursor = self._run(
            "INSERT INTO vouchers (journal_number, year, voucher_number, created)"
            " VALUES (?, ?, ?, ?)",
            (journal_number, year, voucher_number, now_iso()),
        )
        return int(cursor.lastrowid or 0)

    def add_entry(self, voucher_id: int, entry_type: str, fields: dict[str, Any]) -> int:
        with self.transaction():
            number = self._next_counter("next_journal_entry_number")
            self._run(
                "INSERT INTO entries VALUES (?, ?, ?, ?)",
                (number, voucher_id, entry_type, json.dumps(fields)),
            )
            return number

    def entries(
        self, voucher_id: int | None = None, journal_number: int | None = None
    ) -> list[dict[str, Any]]:
        """Draft entries joined with their voucher (journal_number, year, voucher_number)."""
        sql = (
            "SELECT e.*, v.journal_number, v.year, v.voucher_number FROM entries e"
            " JOIN vouchers v ON v.id = e.voucher_id WHERE 1 = 1"
        )
        params: list[Any] = []
        if voucher_id is not None:
            sql += " AND e.voucher_id = ?"
            params.append(voucher_id)
        if journal_number is not None:
            sql += " AND v.journal_number = ?"
            params.append(journal_number)
        rows = self._all(sql + " ORDER BY e.journal_entry_number", tuple(params))
        for row in rows:
            row["fields"] = json.loads(row["fields"])
        return rows

    def delete_entry(self, journal_number: int, entry_number: int) -> bool:
        """Delete one draft entry; a voucher left without entries goes too."""
        with self.transaction():
            rows = [e for e in self.entries(journal_number=journal_number)
                    if e["journal_entry_number"] == entry_number]
            if not rows:
                return False
            voucher_id = rows[0]["voucher_id"]
            self._run("DELETE FROM entries WHERE journal_entry_number = ?", (entry_number,))
            if not self.entries(voucher_id=voucher_id):
                self.delete_voucher(voucher_id)
            return True

    def delete_voucher(self, voucher_id: int) -> None:
        with self.transaction():
            self._run("DELETE FROM entries WHERE voucher_id = ?", (voucher_id,))
            self._run("DELETE FROM attachment_pages WHERE voucher_id = ?", (voucher_id,))
            self._run("DELETE FROM vouchers WHERE id = ?", (voucher_id,))

    def move_voucher(self, voucher_id: int, journal_number: int, voucher_number: int) -> None:
        """Give a draft voucher another journal and number (its entries and attachment pages
        hang on its id and go with it); its old number becomes free in its old journal."""
        with self.transaction():
            old = self._one("SELECT * FROM vouchers WHERE id = ?", (voucher_id,))
            self._run(
                "UPDATE vouchers SET journal_number = ?, voucher_number = ? WHERE id = ?",
                (journal_number, voucher_number, voucher_id),
            )
            if old is not None and (old["journal_number"], old["voucher_number"]) != (
                journal_number, voucher_number
            ):
                self._run(
                    "INSERT OR IGNORE INTO freed_voucher_numbers VALUES (?, ?, ?)",
                    (old["journal_number"], old["year"], old["voucher_number"]),
                )

    def freed_voucher_numbers(self, journal_number: int, year: str) -> set[int]:
        """Numbers of a journal's vouchers that were moved away (in `year`), free or not."""
        rows = self._all(
            "SELECT voucher_number FROM freed_voucher_numbers WHERE journal_number = ?"
            " AND year = ?",
            (journal_number, year),
        )
        return {row["voucher_number"] for row in rows}

    # -- booking ----------------------------------------------------------------------------

    def book_voucher(
        self, voucher: dict[str, Any], lines: list[tuple[str, dict[str, Any]]]
    ) -> None:
        """Replace a draft voucher's entries by ledger lines (entry_type, fields)."""
        with self.transaction():
            for entry_type, fields in lines:
                number = self._next_counter("next_entry_number")
                self._run(
                    "INSERT INTO booked_entries VALUES (?, ?, ?, ?, ?)",
                    (number, voucher["year"], voucher["voucher_number"], entry_type,
                     json.dumps(fields)),
                )
            self._run("DELETE FROM entries WHERE voucher_id = ?", (voucher["id"],))
            self._run("UPDATE vouchers SET booked = 1 WHERE id = ?", (voucher["id"],))

    def booked_entries(self, year: str | None = None) -> list[dict[str, Any]]:
        sql = "SELECT * FROM booked_entries"
        params: tuple = ()
        if year is not None:
            sql += " WHERE year = ?"
            params = (year,)
        rows = self._all(sql + " ORDER BY entry_number", params)
        for row in rows:
            row["fields"] = json.loads(row["fields"])
        return rows

    # -- attachments ------------------------------------------------------------------------

    def attachment_pages(self, voucher_id: int) -> list[dict[str, Any]]:
        return self._all(
            "SELECT * FROM attachment_pages WHERE voucher_id = ? ORDER BY id", (voucher_id,)
        )

    def add_attachment(
        self, voucher_id: int, filename: str | None, content_type: str, pages: int, data: bytes
    ) -> None:
        self._run(
            "INSERT INTO attachment_pages (voucher_id, filename, content_type, pages, data,"
            " created) VALUES (?, ?, ?, ?, ?, ?)",
            (voucher_id, filename, content_type, pages, data, now_iso()),
        )

    def delete_attachment(self, voucher_id: int) -> bool:
        cursor = self._run("DELETE FROM attachment_pages WHERE voucher_id = ?", (voucher_id,))
        return cursor.rowcount > 0

    # -- idempotency records ----------------------------------------------------------------

    def idempotency_record(self, scope: str, key: str) -> dict[str, Any] | None:
        return self._one("SELECT * FROM idempotency WHERE scope = ? AND key = ?", (scope, key))

    def save_idempotency_record(
        self, scope: str, key: str, url: str, fingerprint: str, status: int,
        headers: list[tuple[str, str]], body: bytes,
    ) -> None:  # fmt: skip
        self._run(
            "INSERT OR REPLACE INTO idempotency VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (scope, key, url, fingerprint, status, json.dumps(headers), body, time.time()),
        )

    def forget_idempotency_before(self, cutoff: float) -> None:
        self._run("DELETE FROM idempotency WHERE created < ?", (cutoff,))
