"""Admin endpoints: what the accountant, the customer or the weather does to e-conomic.

JSON over HTTP under `/__sandbox__/`, no tokens (the server only listens on loopback, and these
refuse non-loopback clients). Each has a Python twin on `server.admin`.

    GET    /__sandbox__                               this overview
    GET    /__sandbox__/grants                        [{token, created, revoked}]
    POST   /__sandbox__/grants                        → {"token": ...} (a new grant)
    POST   /__sandbox__/grants/revoke                 {"token": ...} → the customer removed the app
    POST   /__sandbox__/journals                      {name, entryTypeRestrictedTo?,
                                                       minimumVoucherNumber?,
                                                       maximumVoucherNumber?} → journal JSON
    PATCH  /__sandbox__/journals/{n}                  {name?, entryTypeRestrictedTo?,
                                                       minimumVoucherNumber?,
                                                       maximumVoucherNumber?} → journal JSON
    DELETE /__sandbox__/journals/{n}                  (its draft vouchers go with it)
    POST   /__sandbox__/journals/{n}/book             book all drafts → {"booked": [...]}
    POST   /__sandbox__/journals/{n}/vouchers/{year}-{no}/move
                                                      {"toJournal": m} → voucher JSON, renumbered;
                                                      entries and attachment go along, and the
                                                      old number goes to the next voucher
                                                      posted in journal n
    POST   /__sandbox__/accounting-years              {year, fromDate, toDate} (e.g. "2026/2027")
    POST   /__sandbox__/accounting-years/{year}/close (year as "2025/2026" or "2025_6_2026")
    POST   /__sandbox__/accounting-years/{year}/reopen
    POST   /__sandbox__/accounts/{n}/bar              (and /unbar)
    POST   /__sandbox__/vat-accounts                  {vatCode, name?, ratePercentage?: 25,
                                                       accountNumber?: 6902,
                                                       vatTypeNumber?: 1} → VAT account JSON
    DELETE /__sandbox__/vat-accounts/{code}           the VAT code is gone (postings naming it
                                                       are refused: "does not exist")
    POST   /__sandbox__/vat-accounts/{code}/bar       (and /unbar)
    GET    /__sandbox__/faults                        random-fault settings and the queue
    PUT    /__sandbox__/faults                        {latency_ms?, fail_rate?, drop_rate?,
                                                       rate_limit?, seed?, idempotency_ttl?}
    POST   /__sandbox__/faults/next                   {kind: drop|500|502|503|504|429|timeout,
                                                       count?: 1, method?, path? (prefix),
                                                       retry_after?: 1, seconds?: 5}
    DELETE /__sandbox__/faults/next                   empty the queue
    GET    /__sandbox__/requests                      [{method, path, query, status,
                                                        idempotencyKey, fault, dropped, time}]
    DELETE /__sandbox__/requests                      clear the log
    POST   /__sandbox__/reset                         back to the seed (data, grants, idempotency
                                                       keys, request log, fault queue)
"""

from __future__ import annotations

import ipaddress
import json
import re
from collections.abc import Callable
from typing import Any

from werkzeug.exceptions import HTTPException, MethodNotAllowed
from werkzeug.routing import Map, Rule
from werkzeug.wrappers import Request, Response

from wizard.sandbox import seed
from wizard.sandbox.errors import ApiError, json_response
from wizard.sandbox.faults import FaultError, Faults
from wizard.sandbox.idempotency import Idempotency
from wizard.sandbox.render import Renderer, year_from_url
from wizard.sandbox.requestlog import RequestLog
from wizard.sandbox.store import Store
from wizard.sandbox.vouchers import Vouchers

PREFIX = "/__sandbox__"
ENTRY_TYPES = ("financeVoucher", "supplierInvoice", "supplierPayment", "customerPayment",
               "manualCustomerInvoice")

RULES = [
    Rule(PREFIX, endpoint="index", methods=["GET"]),
    Rule(f"{PREFIX}/grants", endpoint="grants", methods=["GET", "POST"]),
    Rule(f"{PREFIX}/grants/revoke", endpoint="revoke", methods=["POST"]),
    Rule(f"{PREFIX}/journals", endpoint="journals", methods=["POST"]),
    Rule(f"{PREFIX}/journals/<int:journal>", endpoint="journal", methods=["PATCH", "DELETE"]),
    Rule(f"{PREFIX}/journals/<int:journal>/book", endpoint="book", methods=["POST"]),
    Rule(f"{PREFIX}/journals/<int:journal>/vouchers/<voucher_id>/move", endpoint="move",
         methods=["POST"]),
    Rule(f"{PREFIX}/accounting-years", endpoint="years", methods=["POST"]),
    Rule(f"{PREFIX}/accounting-years/<path:year>/close", endpoint="close", methods=["POST"]),
    Rule(f"{PREFIX}/accounting-years/<path:year>/reopen", endpoint="reopen", methods=["POST"]),
    Rule(f"{PREFIX}/accounts/<int:account>/bar", endpoint="bar", methods=["POST"]),
    Rule(f"{PREFIX}/accounts/<int:account>/unbar", endpoint="unbar", methods=["POST"]),
    Rule(f"{PREFIX}/vat-accounts", endpoint="vat_accounts", methods=["POST"]),
    Rule(f"{PREFIX}/vat-accounts/<code>", endpoint="vat_account", methods=["DELETE"]),
    Rule(f"{PREFIX}/vat-accounts/<code>/bar", endpoint="bar_vat", methods=["POST"]),
    Rule(f"{PREFIX}/vat-accounts/<code>/unbar", endpoint="unbar_vat", methods=["POST"]),
    Rule(f"{PREFIX}/faults", endpoint="faults", methods=["GET", "PUT"]),
    Rule(f"{PREFIX}/faults/next", endpoint="fault_next", methods=["POST", "DELETE"]),
    Rule(f"{PREFIX}/requests", endpoint="requests", methods=["GET", "DELETE"]),
    Rule(f"{PREFIX}/reset", endpoint="reset", methods=["POST"]),
]


class Admin:
    """The admin actions as Python methods (used by the HTTP endpoints and by tests)."""

    def __init__(
        self,
        store: Store,
        faults: Faults,
        idempotency: Idempotency,
        log: RequestLog,
        base_url: Callable[[], str],
    ) -> None:
        self.store = store
        self.faults = faults
        self.idempotency = idempotency
        self.log = log
        self._base_url = base_url

    def _renderer(self, base: str | None = None) -> Renderer:
        return Renderer(base or self._base_url())

    # -- grants -----------------------------------------------------------------------------

    def create_grant(self) -> str:
        return self.store.create_grant()

    def revoke_grant(self, token: str) -> None:
        if not self.store.revoke_grant(token):
            raise ApiError(404, f"No grant '{token}'.", "Create one first.", "GrantNotFound")

    def grants(self) -> list[dict[str, Any]]:
        return [{"token": g["token"], "created": g["created"], "revoked": bool(g["revoked"])}
                for g in self.store.grants()]

    # -- journals ---------------------------------------------------------------------------

    def create_journal(
        self,
        name: str,
        entry_type_restricted_to: str | None = None,
        minimum_voucher_number: int | None = None,
        maximum_voucher_number: int | None = None,
        base: str | None = None,
    ) -> dict[str, Any]:
        settings = _journal_settings(
            {"name": name, "entryTypeRestrictedTo": entry_type_restricted_to,
             "minimumVoucherNumber": minimum_voucher_number,
             "maximumVoucherNumber": maximum_voucher_number},
            creating=True,
        )  # fmt: skip
        number = self.store.create_journal(
            settings["name"], settings.get("entry_type"), settings.get("min_voucher", 1),
            settings.get("max_voucher"),
        )  # fmt: skip
        return self.journal(number, base)

    def update_journal(self, number: int, base: str | None = None, **body: Any) -> dict[str, Any]:
        settings = _journal_settings(body, creating=False)
        if not self.store.update_journal(number, **settings):
            raise _journal_not_found(number)
        return self.journal(number, base)

    def rename_journal(self, number: int, name: str) -> dict[str, Any]:
        return self.update_journal(number, name=name)

    def delete_journal(self, number: int) -> None:
        if not self.store.delete_journal(number):
            raise _journal_not_found(number)

    def journal(self, number: int, base: str | None = None) -> dict[str, Any]:
        row = self.store.journal(number)
        if row is None:
            raise _journal_not_found(number)
        return self._renderer(base).journal(row)

    def book_journal(self, number: int, base: str | None = None) -> list[dict[str, Any]]:
        if self.store.journal(number) is None:
            raise _journal_not_found(number)
        booked = Vouchers(self.store, base or self._base_url()).book_journal(number)
        return [{"accountingYear": v["year"], "voucherNumber": v["voucher_number"]}
                for v in booked]

    def move_voucher(
        self, journal: int, year: str, voucher_number: int, to_journal: int,
        base: str | None = None,
    ) -> dict[str, Any]:  # fmt: skip
        voucher = self.store.voucher(journal, year_from_url(year), int(voucher_number))
        if voucher is None:
            raise ApiError(404, f"No draft voucher {year}-{voucher_number} in journal {journal}.",
                           "Check the journal's vouchers.", "VoucherNotFound")
        moved = Vouchers(self.store, base or self._base_url()).move(voucher, int(to_journal))
        return self._renderer(base).voucher(moved, self.store.entries(voucher_id=moved["id"]))

    # -- accounting years and accounts ------------------------------------------------------

    def add_accounting_year(self, year: str, from_date: str, to_date: str) -> dict[str, Any]:
        if not (isinstance(year, str) and year and isinstance(from_date, str)
                and isinstance(to_date, str) and from_date <= to_date):
            raise ApiError(400, "Give year, fromDate and toDate (YYYY-MM-DD).", "",
                           "InvalidAccountingYear")
        if self.store.accounting_year(year) is not None:
            raise ApiError(400, f"Accounting year '{year}' exists.", "", "AccountingYearExists")
        self.store.add_accounting_year(year, from_date, to_date)
        row = self.store.accounting_year(year)
        assert row is not None
        return self._renderer().accounting_year(row)

    def close_year(self, year: str, closed: bool = True) -> None:
        label = year if self.store.accounting_year(year) else year_from_url(year)
        if not self.store.set_year_closed(label, closed):
            raise ApiError(404, f"No accounting year '{year}'.", "", "AccountingYearNotFound")

    def bar_account(self, number: int, barred: bool = True) -> None:
        if not self.store.set_account_barred(number, barred):
            raise ApiError(404, f"No account {number}.", "", "AccountNotFound")

    # -- VAT codes --------------------------------------------------------------------------

    def create_vat_account(
        self,
        vat_code: str,
        name: str | None = None,
        rate_percentage: float = 25.0,
        account_number: int = 6902,
        vat_type_number: int = 1,
        base: str | None = None,
    ) -> dict[str, Any]:
        """Add a VAT code (what the accountant does under Indstillinger → Moms); defaults to a
        25 % purchase code on the input-VAT account. Returns its /vat-accounts JSON."""
        if not isinstance(vat_code, str) or not _VAT_CODE.fullmatch(vat_code):
            # vatCode is at most 5 characters (reference §7); the character set is UNCONFIRMED.
            raise ApiError(400, "vatCode must be 1-5 letters or digits.", "", "InvalidVatAccount")
        name = vat_code if name is None else name
        if not isinstance(name, str) or not name.strip() or len(name) > 40:
            raise ApiError(400, "name must be 1-40 characters.", "", "InvalidVatAccount")
        if isinstance(rate_percentage, bool) or not isinstance(rate_percentage, int | float) \
                or not 0 <= rate_percentage <= 100:
            raise ApiError(400, "ratePercentage must be a number 0-100.", "", "InvalidVatAccount")
        if isinstance(vat_type_number, bool) or not isinstance(vat_type_number, int) \
                or vat_type_number not in seed.VAT_TYPES:
            raise ApiError(400, f"vatTypeNumber must be one of {sorted(seed.VAT_TYPES)}.", "",
                           "InvalidVatAccount")
        account = (self.store.account(account_number)
                   if isinstance(account_number, int) and not isinstance(account_number, bool)
                   else None)  # fmt: skip
        if account is None or account["account_type"] != "status":
            raise ApiError(400, f"Account {account_number} is not a balance (status) account.",
                           "", "InvalidVatAccount")
        with self.store.transaction():
            if self.store.vat_account(vat_code) or self.store.vat_account(vat_code.upper()):
                raise ApiError(400, f"VAT code '{vat_code}' exists.", "", "VatAccountExists")
            self.store.add_vat_account(vat_code, name, float(rate_percentage), account_number,
                                       vat_type_number)
        return self.vat_account(vat_code, base)

    def vat_account(self, code: str, base: str | None = None) -> dict[str, Any]:
        row = self.store.vat_account(code)
        if row is None:
            raise _vat_not_found(code)
        return self._renderer(base).vat_account(row)

    def delete_vat_account(self, code: str) -> None:
        """Remove a VAT code. Like the other admin actions a bulldozer: accounts and entries
        that name it keep the name (UNCONFIRMED whether e-conomic lets a used code go)."""
        if not self.store.delete_vat_account(code):
            raise _vat_not_found(code)

    def bar_vat_account(self, code: str, barred: bool = True) -> None:
        if not self.store.set_vat_account_barred(code, barred):
            raise _vat_not_found(code)

    # -- faults, log, reset -----------------------------------------------------------------

    def fault_settings(self) -> dict[str, Any]:
        return {**self.faults.settings(), "idempotency_ttl": self.idempotency.ttl}

    def set_faults(self, **changes: Any) -> dict[str, Any]:
        if "idempotency_ttl" in changes:
            ttl = changes.pop("idempotency_ttl")
            try:
                self.idempotency.ttl = float(ttl)
            except (TypeError, ValueError):
                raise FaultError("idempotency_ttl must be a number") from None
        self.faults.update(**changes)
        return self.fault_settings()

    def queue_fault(self, kind: str, count: int = 1, method: str | None = None,
                    path: str | None = None, retry_after: int = 1,
                    seconds: float = 5.0) -> dict[str, Any]:  # fmt: skip
        self.faults.enqueue(kind, count, method, path, retry_after, seconds)
        return self.fault_settings()

    def clear_fault_queue(self) -> None:
        self.faults.clear_queue()

    def requests(self) -> list[dict[str, Any]]:
        return self.log.records()

    def clear_requests(self) -> None:
        self.log.clear()

    def reset(self) -> None:
        self.store.reset()
        self.faults.clear_queue()
        self.faults.reset_windows()
        self.log.clear()


def _journal_settings(body: dict[str, Any], creating: bool) -> dict[str, Any]:
    out: dict[str, Any] = {}
    name = body.get("name")
    if name is not None or creating:
        if not isinstance(name, str) or not name.strip():
            raise ApiError(400, "A journal needs a name.", "", "InvalidJournal")
        if len(name) > 50:
            raise ApiError(400, "A journal name has at most 50 characters.", "", "InvalidJournal")
        out["name"] = name
    if "entryTypeRestrictedTo" in body:
        kind = body["entryTypeRestrictedTo"]
        if kind is not None and kind not in ENTRY_TYPES:
            raise ApiError(400, f"entryTypeRestrictedTo must be one of {', '.join(ENTRY_TYPES)}.",
                           "", "InvalidJournal")
        if kind is not None or not creating:
            out["entry_type"] = kind
    for key, column in (("minimumVoucherNumber", "min_voucher"),
                        ("maximumVoucherNumber", "max_voucher")):
        value = body.get(key)
        if value is None:
            if key in body and not creating and column == "max_voucher":
                out[column] = None
            continue
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 999_999_999:
            raise ApiError(400, f"{key} must be a whole number 0-999999999.", "",
                           "InvalidJournal")
        out[column] = value
    low, high = out.get("min_voucher"), out.get("max_voucher")
    if low is not None and high is not None and low > high:
        raise ApiError(400, "minimumVoucherNumber is above maximumVoucherNumber.", "",
                       "InvalidJournal")
    return out


def _journal_not_found(number: int) -> ApiError:
    return ApiError(404, f"No journal {number}.", "", "JournalNotFound")


_VAT_CODE = re.compile(r"[A-Za-z0-9]{1,5}")


def _vat_not_found(code: str) -> ApiError:
    return ApiError(404, f"No VAT code '{code}'.", "", "VatAccountNotFound")


class AdminHttp:
    """The HTTP face of `Admin`."""

    def __init__(self, admin: Admin) -> None:
        self.admin = admin
        self.url_map = Map([rule.empty() for rule in RULES], strict_slashes=False,
                           merge_slashes=False)

    def handle(self, request: Request) -> Response:
        if not _is_loopback(request.remote_addr):
            return json_response({"message": "The admin endpoints answer loopback only."}, 403)
        try:
            adapter = self.url_map.bind_to_environ(request.environ)
            try:
                endpoint, values = adapter.match()
            except MethodNotAllowed as exc:
                raise ApiError(405, "Method not allowed.",
                               f"Allowed: {', '.join(exc.valid_methods or [])}.",
                               "MethodNotAllowed") from None
            except HTTPException:
                raise ApiError(404, "No such admin endpoint.", f"See GET {PREFIX}.",
                               "NotFound") from None
            handler: Callable[..., Response] = getattr(self, f"on_{endpoint}")
            return handler(request, **values)
        except FaultError as exc:
            return ApiError(400, str(exc), "", "InvalidFault").response()
        except ApiError as exc:
            return exc.response()

    @staticmethod
    def _body(request: Request) -> dict[str, Any]:
        raw = request.get_data(cache=True)
        if not raw.strip():
            return {}
        try:
            body = json.loads(raw)
        except ValueError:
            raise ApiError(400, "The body must be JSON.", "", "InvalidJson") from None
        if not isinstance(body, dict):
            raise ApiError(400, "The body must be a JSON object.", "", "InvalidJson")
        return body

    def on_index(self, request: Request) -> Response:
        return Response(__doc__ or "", content_type="text/plain; charset=utf-8")

    def on_grants(self, request: Request) -> Response:
        if request.method == "GET":
            return json_response(self.admin.grants())
        return json_response({"token": self.admin.create_grant()}, 201)

    def on_revoke(self, request: Request) -> Response:
        token = self._body(request).get("token")
        if not isinstance(token, str):
            raise ApiError(400, "Give the token to revoke.", "", "InvalidGrant")
        self.admin.revoke_grant(token)
        return json_response({"token": token, "revoked": True})

    def on_journals(self, request: Request) -> Response:
        body = self._body(request)
        journal = self.admin.create_journal(
            body.get("name"), body.get("entryTypeRestrictedTo"),  # type: ignore[arg-type]
            body.get("minimumVoucherNumber"), body.get("maximumVoucherNumber"),
            base=request.host_url,
        )  # fmt: skip
        return json_response(journal, 201)

    def on_journal(self, request: Request, journal: int) -> Response:
        if request.method == "DELETE":
            self.admin.delete_journal(journal)
            return Response(status=204)
        journal_json = self.admin.update_journal(journal, base=request.host_url,
                                                 **self._body(request))
        return json_response(journal_json)

    def on_book(self, request: Request, journal: int) -> Response:
        return json_response({"booked": self.admin.book_journal(journal, request.host_url)})

    def on_move(self, request: Request, journal: int, voucher_id: str) -> Response:
        year, sep, number = voucher_id.rpartition("-")
        target = self._body(request).get("toJournal")
        if not sep or not number.isdigit():
            raise ApiError(404, "Voucher ids look like 2026-17.", "", "VoucherNotFound")
        if isinstance(target, bool) or not isinstance(target, int):
            raise ApiError(400, "Give toJournal (a journal number).", "", "InvalidMove")
        moved = self.admin.move_voucher(journal, year, int(number), target, request.host_url)
        return json_response(moved)

    def on_years(self, request: Request) -> Response:
        body = self._body(request)
        year = self.admin.add_accounting_year(body.get("year"), body.get("fromDate"),  # type: ignore[arg-type]
                                              body.get("toDate"))  # type: ignore[arg-type]
        return json_response(year, 201)

    def on_close(self, request: Request, year: str) -> Response:
        self.admin.close_year(year, True)
        return json_response({"year": year, "closed": True})

    def on_reopen(self, request: Request, year: str) -> Response:
        self.admin.close_year(year, False)
        return json_response({"year": year, "closed": False})

    def on_bar(self, request: Request, account: int) -> Response:
        self.admin.bar_account(account, True)
        return json_response({"accountNumber": account, "barred": True})

    def on_unbar(self, request: Request, account: int) -> Response:
        self.admin.bar_account(account, False)
        return json_response({"accountNumber": account, "barred": False})

    def on_vat_accounts(self, request: Request) -> Response:
        body = self._body(request)
        unknown = set(body) - {"vatCode", "name", "ratePercentage", "accountNumber", "account",
                               "vatTypeNumber", "vatType"}
        if unknown:
            raise ApiError(400, f"Unknown keys: {', '.join(sorted(unknown))}.", "",
                           "InvalidVatAccount")
        # Also the shape GET /vat-accounts answers with: account{accountNumber}, vatType{...}.
        account = body.get("accountNumber", _ref(body, "account", "accountNumber", 6902))
        vat_type = body.get("vatTypeNumber", _ref(body, "vatType", "vatTypeNumber", 1))
        created = self.admin.create_vat_account(
            body.get("vatCode"), body.get("name"),  # type: ignore[arg-type]
            body.get("ratePercentage", 25.0), account, vat_type, base=request.host_url,
        )  # fmt: skip
        return json_response(created, 201)

    def on_vat_account(self, request: Request, code: str) -> Response:
        self.admin.delete_vat_account(code)
        return Response(status=204)

    def on_bar_vat(self, request: Request, code: str) -> Response:
        self.admin.bar_vat_account(code, True)
        return json_response({"vatCode": code, "barred": True})

    def on_unbar_vat(self, request: Request, code: str) -> Response:
        self.admin.bar_vat_account(code, False)
        return json_response({"vatCode": code, "barred": False})

    def on_faults(self, request: Request) -> Response:
        if request.method == "GET":
            return json_response(self.admin.fault_settings())
        return json_response(self.admin.set_faults(**self._body(request)))

    def on_fault_next(self, request: Request) -> Response:
        if request.method == "DELETE":
            self.admin.clear_fault_queue()
            return json_response(self.admin.fault_settings())
        body = self._body(request)
        unknown = set(body) - {"kind", "count", "method", "path", "retry_after", "seconds"}
        if unknown or "kind" not in body:
            raise FaultError(f"give kind; unknown keys: {', '.join(sorted(unknown)) or 'none'}")
        return json_response(self.admin.queue_fault(**body), 201)

    def on_requests(self, request: Request) -> Response:
        if request.method == "DELETE":
            self.admin.clear_requests()
            return Response(status=204)
        return json_response(self.admin.requests())

    def on_reset(self, request: Request) -> Response:
        self.admin.reset()
        return json_response({"reset": True})


def _ref(body: dict[str, Any], key: str, field: str, default: Any) -> Any:
    value = body.get(key)
    return value.get(field, default) if isinstance(value, dict) else default


def _is_loopback(address: str | None) -> bool:
    if not address:
        return False
    try:
        return ipaddress.ip_address(address.split("%")[0]).is_loopback
    except ValueError:
        return address == "localhost"
