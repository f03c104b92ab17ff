"""`EconomicClient`: the calls the product makes to e-conomic's REST API, typed in and out.

The CLI, the export engine and the wizard all use this one class. It reads lookups for the
wizard's dropdowns (journals, accounts, VAT codes, currencies, departments, accounting years),
posts vouchers to a journal (kassekladde), attaches receipts, and searches entries by the
marker the engine puts in each entry text — which is how the engine reconciles after an
`UnknownOutcome` before it ever sends a voucher again.

Every failure is a typed `EconomicError` (see `errors.py`); every write needs the caller's
`Idempotency-Key` (the engine stores it with the frozen body before sending); tokens never
appear in `repr()`, errors or logs.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any

from wizard.economic.errors import (
    AttachmentRefused,
    NoAccountingYear,
    UnknownOutcome,
)
from wizard.economic.filters import filter_expression, filter_query, has_marker
from wizard.economic.http import (
    DEFAULT_TIMEOUT,
    RetryPolicy,
    Transport,
    expect_json,
)
from wizard.economic.messages import phrase
from wizard.economic.models import (
    Account,
    AccountingYear,
    Agreement,
    AttachmentInfo,
    CreatedVoucher,
    Currency,
    Department,
    DepartmentalDistribution,
    Entry,
    Journal,
    VatAccount,
)
from wizard.economic.pagination import DEFAULT_PAGE_SIZE, iter_collection
from wizard.economic.years import pick_year, voucher_id, year_to_url
from wizard.redact import redact

# e-conomic: "Maximum file size is 9.0 MB per request"; jpg/jpeg/pdf/gif/png only.
MAX_ATTACHMENT_BYTES = 9 * 1024 * 1024
ATTACHMENT_TYPES: dict[str, str] = {
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "png": "image/png",
    "gif": "image/gif",
    "pdf": "application/pdf",
}


class EconomicClient:
    """A connection to one e-conomic agreement (app secret token + agreement grant token).

    `base_url` overrides the API address (else `$ACUBIZ_EXPORT_API_URL`, else
    `https://restapi.e-conomic.com`); plain http:// is refused except on loopback.
    `timeout` is (connect, read) seconds for every call. `retry` bounds the retries;
    `page_size` is the page size for collections (1000; smaller in tests); `sleep` is used for
    backoff waits (tests pass a recorder). Use as a context manager or call `close()`.
    """

    def __init__(
        self,
        app_secret_token: str,
        agreement_grant_token: str,
        *,
        base_url: str | None = None,
        timeout: float | tuple[float, float] = DEFAULT_TIMEOUT,
        retry: RetryPolicy | None = None,
        page_size: int = DEFAULT_PAGE_SIZE,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self._transport = Transport(
            app_secret_token=app_secret_token,
            agreement_grant_token=agreement_grant_token,
            base_url=base_url,
            timeout=timeout,
            retry=retry,
            sleep=sleep,
        )
        self._grant_hint = redact(agreement_grant_token)
        self.page_size = page_size

    @property
    def base_url(self) -> str:
        return self._transport.base_url

    @property
    def timeout(self) -> tuple[float, float]:
        return self._transport.timeout

    def __repr__(self) -> str:
        return f"EconomicClient(base_url={self.base_url!r}, grant={self._grant_hint!r})"

    def close(self) -> None:
        self._transport.close()

    def __enter__(self) -> EconomicClient:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # --- who am I --------------------------------------------------------------------------

    def get_self(self) -> Agreement:
        """The agreement the token opens: company, agreement number, user, base currency…"""
        return Agreement.from_json(self._get_json("/self"))

    # --- journals ---------------------------------------------------------------------------

    def list_journals(self, name: str | None = None) -> list[Journal]:
        """All journals, or those whose name equals `name` ignoring case (e-conomic's `$eq`)."""
        query = filter_query(filter_expression("name", "eq", name)) if name is not None else None
        journals = [Journal.from_json(item) for item in self._collection("/journals", query)]
        if name is not None:
            journals = [j for j in journals if j.name.casefold() == name.casefold()]
        return journals

    def find_journal_by_name(self, name: str) -> Journal | None:
        """The journal named exactly `name` (case-sensitive), or None."""
        return next((j for j in self.list_journals(name) if j.name == name), None)

    def get_journal(self, journal_number: int) -> Journal:
        return Journal.from_json(
            self._get_json(f"/journals/{int(journal_number)}", what=_journal(journal_number))
        )

    # --- lookups ----------------------------------------------------------------------------

    def list_accounting_years(self) -> list[AccountingYear]:
        return [AccountingYear.from_json(item) for item in self._collection("/accounting-years")]

    def accounting_year_for(self, date: dt.date) -> AccountingYear:
        """The accounting year containing `date` (check `.closed`); `NoAccountingYear` if none."""
        year = pick_year(self.list_accounting_years(), date)
        if year is None:
            raise NoAccountingYear(date=date.isoformat())
        return year

    def list_accounts(self, account_type: str | None = None) -> list[Account]:
        """All accounts, or those of one type (`profitAndLoss`, `status`, …)."""
        query = None
        if account_type is not None:
            query = filter_query(filter_expression("accountType", "eq", account_type))
        accounts = [Account.from_json(item) for item in self._collection("/accounts", query)]
        if account_type is not None:
            accounts = [a for a in accounts if a.account_type == account_type]
        return accounts

    def list_vat_accounts(self) -> list[VatAccount]:
        return [VatAccount.from_json(item) for item in self._collection("/vat-accounts")]

    def list_currencies(self) -> list[Currency]:
        return [Currency.from_json(item) for item in self._collection("/currencies")]

    def list_departments(self) -> list[Department]:
        return [Department.from_json(item) for item in self._collection("/departments")]

    def list_departmental_distributions(self) -> list[DepartmentalDistribution]:
        return [
            DepartmentalDistribution.from_json(item)
            for item in self._collection("/departmental-distributions")
        ]

    # --- vouchers ---------------------------------------------------------------------------

    def post_vouchers(
        self,
        journal_number: int,
        vouchers: Sequence[Mapping[str, Any]] | bytes,
        idempotency_key: str,
    ) -> list[CreatedVoucher]:
        """POST vouchers to a journal in one call; returns what e-conomic created, in order.

        `vouchers` is the list of voucher objects, or the exact JSON bytes from `encode_json`
        (what the engine froze). The same key with the same body replays safely; the same key
        with another body or URL raises `IdempotencyConflict`. On `UnknownOutcome`, search
        for the markers before posting again.
        """
        body = vouchers if isinstance(vouchers, bytes) else encode_json(list(vouchers))
        if body.strip() in (b"[]", b""):
            raise ValueError("post_vouchers needs at least one voucher")
        response = self._transport.request(
            "POST",
            f"/journals/{int(journal_number)}/vouchers",
            json_body=body,
            idempotency_key=idempotency_key,
            what=_journal(journal_number),
        )
        data = expect_json(response, is_write=True)
        if isinstance(data, Mapping):
            data = [data]
        if not isinstance(data, list) or not all(isinstance(item, Mapping) for item in data):
            # e-conomic said "created" but we cannot tell what: reconcile like a lost answer.
            raise UnknownOutcome(http_status=response.status_code, method="POST",
                                 path=f"/journals/{int(journal_number)}/vouchers")
        return [CreatedVoucher.from_json(item) for item in data]

    def get_voucher(
        self, journal_number: int, accounting_year: str, voucher_number: int
    ) -> CreatedVoucher:
        """One voucher of a journal (404 → `NotFound`; it may have been booked or moved)."""
        vid = voucher_id(accounting_year, voucher_number)
        path = f"/journals/{int(journal_number)}/vouchers/{vid}"
        return CreatedVoucher.from_json(
            self._get_json(path, what=_voucher(accounting_year, voucher_number))
        )

    def list_vouchers(self, journal_number: int) -> list[CreatedVoucher]:
        """Every voucher currently in a journal (not yet booked)."""
        items = self._collection(f"/journals/{int(journal_number)}/vouchers",
                                 what=_journal(journal_number))
        return [CreatedVoucher.from_json(item) for item in items]

    # --- attachments ------------------------------------------------------------------------

    def upload_attachment(
        self,
        journal_number: int,
        accounting_year: str,
        voucher_number: int,
        filename: str,
        content: bytes,
        idempotency_key: str,
        *,
        append: bool = False,
    ) -> AttachmentInfo | None:
        """Attach a receipt to a voucher (POST), or add its pages to the file there (`append`).

        Refused before sending (`AttachmentRefused`): empty, over 9 MB, or not
        jpg/jpeg/png/gif/pdf. When the voucher already has a file, a POST raises
        `AttachmentAlreadyExists` — check `get_attachment_info` before appending, never upload
        again blindly. Returns the attachment's state when e-conomic's answer describes it (the
        answer body is not documented), else None — `get_attachment_info` always tells.
        """
        name = os.path.basename(filename.replace("\\", "/")) or "receipt"
        media_type = check_attachment(name, content)
        label = f"{accounting_year}-{int(voucher_number)}"
        response = self._transport.request(
            "PATCH" if append else "POST",
            self._attachment_path(journal_number, accounting_year, voucher_number) + "/file",
            files={"file": (name, content, media_type)},
            idempotency_key=idempotency_key,
            what=_voucher(accounting_year, voucher_number),
            filename=name,
            voucher=label,
        )
        try:
            data = expect_json(response, is_write=True)
        except UnknownOutcome:
            return None  # stored (2xx), just not described in a way we can read
        if isinstance(data, Mapping) and "pages" in data:
            return AttachmentInfo.from_json(data)
        return None

    def get_attachment_info(
        self, journal_number: int, accounting_year: str, voucher_number: int
    ) -> AttachmentInfo:
        """What is attached to a voucher; `.pages == 0` means no file yet."""
        path = self._attachment_path(journal_number, accounting_year, voucher_number)
        data = self._get_json(path, what=_attachment(accounting_year, voucher_number))
        return AttachmentInfo.from_json(data if isinstance(data, Mapping) else {})

    @staticmethod
    def _attachment_path(journal_number: int, accounting_year: str, voucher_number: int) -> str:
        vid = voucher_id(accounting_year, voucher_number)
        return f"/journals/{int(journal_number)}/vouchers/{vid}/attachment"

    # --- finding our postings again ---------------------------------------------------------

    def search_journal_entries(self, journal_number: int, text: str) -> list[Entry]:
        """Draft entries of a journal whose text contains `text` (ignoring case), all pages."""
        items = self._collection(
            f"/journals/{int(journal_number)}/entries",
            _like("text", text),
            what=_journal(journal_number),
        )
        return [Entry.from_json(item) for item in items]

    def search_year_entries(self, accounting_year: str, text: str) -> list[Entry]:
        """Booked entries of an accounting year whose text contains `text`, all pages."""
        items = self._collection(
            f"/accounting-years/{year_to_url(accounting_year)}/entries",
            _like("text", text),
            what=phrase("accounting_year", number=accounting_year),
        )
        return [Entry.from_json(item, booked=True) for item in items]

    def find_entries_with_marker(
        self,
        marker: str,
        *,
        journal_numbers: Iterable[int] = (),
        accounting_years: Iterable[str] = (),
    ) -> list[Entry]:
        """Entries (draft and booked) whose text holds `marker` as a whole token.

        `$like:` is a substring match (`1000002-1` also finds `1000002-10`), so results are
        filtered here on exact token boundaries. Search every journal the posting may have
        been moved to, and every year it may have been booked in.
        """
        found: list[Entry] = []
        for number in journal_numbers:
            found.extend(self.search_journal_entries(number, marker))
        for year in accounting_years:
            found.extend(self.search_year_entries(year, marker))
        return [entry for entry in found if has_marker(entry.text, marker)]

    # --- links ------------------------------------------------------------------------------

    def get_link(self, url: str) -> Any:
        """GET a link e-conomic returned (`self`, …), only if it is on the same origin."""
        return self._get_json(url)

    # --- helpers ----------------------------------------------------------------------------

    def _get_json(self, target: str, *, what: tuple[str, str] | None = None) -> Any:
        return expect_json(self._transport.request("GET", target, what=what))

    def _collection(
        self, path: str, query: str | None = None, *, what: tuple[str, str] | None = None
    ) -> list[Mapping[str, Any]]:
        return list(
            iter_collection(self._transport, path, query=query, page_size=self.page_size,
                            what=what)
        )


def check_attachment(filename: str, content: bytes) -> str:
    """The media type for a receipt, or `AttachmentRefused` when e-conomic would refuse it."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    media_type = ATTACHMENT_TYPES.get(extension)
    if media_type is None:
        raise AttachmentRefused("file_type", filename=filename)
    if not content:
        raise AttachmentRefused("empty", filename=filename)
    if len(content) > MAX_ATTACHMENT_BYTES:
        raise AttachmentRefused(
            "too_large", filename=filename, size_mb=f"{len(content) / (1024 * 1024):.1f}"
        )
    return media_type


def encode_json(body: Any) -> bytes:
    """The exact bytes sent for a JSON body: compact, UTF-8, key order kept.

    Deterministic for the same input, so the engine can freeze it with the Idempotency-Key.
    Decimals become JSON numbers, dates ISO strings.
    """
    return json.dumps(
        body, ensure_ascii=False, separators=(",", ":"), default=_json_default
    ).encode("utf-8")


def _json_default(value: Any) -> Any:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(f"cannot send {type(value).__name__} to e-conomic as JSON")


def _like(prop: str, text: str) -> str:
    if not text or not text.strip():
        raise ValueError("searching needs a non-empty text (an empty one matches everything)")
    return filter_query(filter_expression(prop, "like", text))


def _journal(number: int) -> tuple[str, str]:
    return phrase("journal", number=number)


def _voucher(year: str, number: int) -> tuple[str, str]:
    return phrase("voucher", number=f"{year}-{number}")


def _attachment(year: str, number: int) -> tuple[str, str]:
    return phrase("attachment", number=f"{year}-{number}")
