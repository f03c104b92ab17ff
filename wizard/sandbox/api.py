"""The REST routes: e-conomic's legacy API (https://restapi.e-conomic.com) for one agreement.

Per request: tokens (401), route (404/405), demo is read-only (403), `Idempotency-Key` on writes,
then the handler. Faults and the request log wrap this from `app.py`. Handlers return werkzeug
responses; anything below raises `ApiError`, which becomes e-conomic's error envelope.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

from werkzeug.exceptions import HTTPException, MethodNotAllowed
from werkzeug.routing import Map, Rule
from werkzeug.wrappers import Request, Response

from wizard.sandbox import seed
from wizard.sandbox.attachments import read_upload
from wizard.sandbox.errors import ApiError, NotFound, json_response, not_found
from wizard.sandbox.idempotency import HEADER as IDEMPOTENCY_HEADER
from wizard.sandbox.idempotency import WRITE_METHODS, Idempotency
from wizard.sandbox.listing import Spec, collection
from wizard.sandbox.render import Renderer, money, year_from_url
from wizard.sandbox.store import Store
from wizard.sandbox.vouchers import Vouchers

GET = ["GET"]

RULES = [
    Rule("/", endpoint="root", methods=GET),
    Rule("/self", endpoint="self", methods=GET),
    Rule("/journals", endpoint="journals", methods=GET),
    Rule("/journals/<int:journal>", endpoint="journal", methods=GET),
    Rule("/journals/<int:journal>/templates", endpoint="templates", methods=GET),
    Rule("/journals/<int:journal>/templates/financeVoucher", endpoint="template_finance",
         methods=GET),
    Rule("/journals/<int:journal>/vouchers", endpoint="vouchers", methods=["GET", "POST"]),
    Rule("/journals/<int:journal>/vouchers/<voucher_id>", endpoint="voucher", methods=GET),
    Rule("/journals/<int:journal>/vouchers/<voucher_id>/attachment", endpoint="attachment",
         methods=GET),
    Rule("/journals/<int:journal>/vouchers/<voucher_id>/attachment/file",
         endpoint="attachment_file", methods=["GET", "POST", "PATCH", "DELETE"]),
    Rule("/journals/<int:journal>/entries", endpoint="journal_entries", methods=GET),
    Rule("/journals/<int:journal>/entries/<int:entry>", endpoint="journal_entry",
         methods=["GET", "DELETE"]),
    Rule("/accounting-years", endpoint="years", methods=GET),
    Rule("/accounting-years/<year>", endpoint="year", methods=GET),
    Rule("/accounting-years/<year>/entries", endpoint="year_entries", methods=GET),
    Rule("/accounting-years/<year>/entries/<int:entry>", endpoint="year_entry", methods=GET),
    Rule("/accounts", endpoint="accounts", methods=GET),
    Rule("/accounts/<int:account>", endpoint="account", methods=GET),
    Rule("/vat-accounts", endpoint="vat_accounts", methods=GET),
    Rule("/vat-accounts/<code>", endpoint="vat_account", methods=GET),
    Rule("/currencies", endpoint="currencies", methods=GET),
    Rule("/currencies/<code>", endpoint="currency", methods=GET),
    Rule("/departments", endpoint="departments", methods=GET),
    Rule("/departments/<int:number>", endpoint="department", methods=GET),
    Rule("/departmental-distributions", endpoint="distributions", methods=GET),
    Rule("/departmental-distributions/<int:number>", endpoint="distribution", methods=GET),
    Rule("/departmental-distributions/departments", endpoint="distributions_departments",
         methods=GET),
    Rule("/departmental-distributions/departments/<int:number>", endpoint="distribution",
         methods=GET),
    Rule("/departmental-distributions/distributions", endpoint="distributions_split",
         methods=GET),
    Rule("/departmental-distributions/distributions/<int:number>", endpoint="distribution",
         methods=GET),
    Rule("/suppliers", endpoint="suppliers", methods=GET),
    Rule("/suppliers/<int:number>", endpoint="supplier", methods=GET),
]

# Filterable properties per collection (reference §4.2, §4.3, §5.2, §7).
JOURNALS = Spec({"journalNumber": "int", "name": "str"}, ("journalNumber",))
VOUCHERS = Spec({}, ("accountingYear.year", "voucherNumber"),
                sortable=frozenset({"voucherNumber", "accountingYear.year"}))
DRAFT_ENTRIES = Spec(
    {
        "account.accountNumber": "int",  # not in the 2019 list; harmless and handy
        "amount": "num",
        "amountDefaultCurrency": "num",
        "contraAccount.accountNumber": "int",
        "contraVatAccount.vatCode": "str",
        "contraVatAmount": "num",
        "currency.code": "str",
        "date": "date",
        "employee.employeeNumber": "int",
        "entryType": "str",
        "exchangeRate": "num",
        "journalEntryNumber": "int",
        "text": "str",
        "voucher.voucherNumber": "int",
    },
    ("journalEntryNumber",),
    aliases={"voucherNumber": "voucher.voucherNumber"},
)
BOOKED_ENTRIES = Spec(
    {
        "account.accountNumber": "int",
        "amount": "num",
        "amountInBaseCurrency": "num",
        "currency": "str",
        "date": "date",
        "entryNumber": "int",
        "entryType": "str",
        "supplierInvoiceNumber": "str",
        "text": "str",
        "voucherNumber": "int",
    },
    ("entryNumber",),
    aliases={"voucher.voucherNumber": "voucherNumber"},
)
YEARS = Spec({"fromDate": "date", "toDate": "date", "year": "str", "closed": "bool"},
             ("fromDate",))
ACCOUNTS = Spec(
    {"accountNumber": "int", "accountType": "str", "balance": "num", "barred": "bool",
     "blockDirectEntries": "bool", "debitCredit": "str", "name": "str"},
    ("accountNumber",),
)
VAT_ACCOUNTS = Spec({"vatCode": "str", "name": "str", "ratePercentage": "num", "barred": "bool"},
                    ("vatCode",))
CURRENCIES = Spec({"code": "str", "isoNumber": "str", "name": "str"}, ("code",))
DEPARTMENTS = Spec({"departmentNumber": "int", "name": "str"}, ("departmentNumber",))
DISTRIBUTIONS = Spec(
    {"departmentalDistributionNumber": "int", "name": "str", "distributionType": "str",
     "barred": "bool"},
    ("departmentalDistributionNumber",),
)
SUPPLIERS = Spec({"supplierNumber": "int", "name": "str", "currency": "str", "barred": "bool"},
                 ("supplierNumber",))

UNAUTHORIZED = (
    "The credentials you supplied us with weren't correct, or perhaps you forgot them all "
    "together. If an agreement has revoked the grant they gave your app, this is what you will "
    "see."
)


class Auth:
    def __init__(self, grant: str, read_only: bool) -> None:
        self.grant = grant
        self.read_only = read_only
        # UNCONFIRMED: idempotency keys are remembered per agreement, not per grant
        # (reference §9.2: keys collided across environments of the same agreement).
        self.scope = str(seed.AGREEMENT_NUMBER)


class RestApi:
    def __init__(self, store: Store, idempotency: Idempotency) -> None:
        self.store = store
        self.idempotency = idempotency
        self.url_map = Map([rule.empty() for rule in RULES], strict_slashes=False,
                           merge_slashes=False)

    # -- pipeline ---------------------------------------------------------------------------

    def handle(self, request: Request) -> Response:
        try:
            auth = self.authenticate(request)
            adapter = self.url_map.bind_to_environ(request.environ)
            try:
                endpoint, values = adapter.match()
            except MethodNotAllowed as exc:
                raise ApiError(
                    405, "Method not allowed.",
                    f"Allowed methods for this resource: {', '.join(exc.valid_methods or [])}.",
                    "MethodNotAllowed",
                    headers={"Allow": ", ".join(exc.valid_methods or [])},
                ) from None  # fmt: skip
            except HTTPException:
                return not_found()
            if auth.read_only and request.method not in ("GET", "HEAD"):
                # UNCONFIRMED: whether e-conomic answers a demo write with 401 or 403
                # (reference §2); 403 says "you are known but may not do this".
                raise ApiError(
                    403,
                    "The demo agreement is read-only.",
                    "Note that when using the demo integration, you can only use the GET http "
                    "method.",
                    "DemoIsReadOnly",
                )
            handler: Callable[..., Response] = getattr(self, f"on_{endpoint}")
            renderer = Renderer(request.host_url)
            key = request.headers.get(IDEMPOTENCY_HEADER)
            if not key or request.method not in WRITE_METHODS:
                return handler(request, renderer, **values)
            claim = self.idempotency.begin(auth.scope, key, request)
            if isinstance(claim, Response):
                return claim
            try:
                try:
                    response = handler(request, renderer, **values)
                except ApiError as exc:
                    response = exc.response()
            except BaseException:
                self.idempotency.abandon(claim)
                raise
            self.idempotency.finish(claim, response)
            return response
        except ApiError as exc:
            return exc.response()

    def authenticate(self, request: Request) -> Auth:
        secret = (request.headers.get("X-AppSecretToken") or "").strip()
        grant = (request.headers.get("X-AgreementGrantToken") or "").strip()
        if secret == seed.DEMO_TOKEN and grant == seed.DEMO_TOKEN:
            return Auth(grant, read_only=True)
        # UNCONFIRMED: the real 401 body (reference §8.3); the errorCode is ours, the message is
        # e-conomic's documented text for 401, the hint says which check failed.
        if not secret or not grant:
            missing = [name for name, value in (("X-AppSecretToken", secret),
                                                ("X-AgreementGrantToken", grant)) if not value]
            raise ApiError(401, UNAUTHORIZED, f"Missing header(s): {', '.join(missing)}.",
                           "Unauthorized")
        if secret != seed.APP_SECRET_TOKEN:
            raise ApiError(401, UNAUTHORIZED, "Unknown X-AppSecretToken.", "Unauthorized")
        row = self.store.grant(grant)
        if row is None:
            raise ApiError(401, UNAUTHORIZED, "Unknown X-AgreementGrantToken.", "Unauthorized")
        if row["revoked"]:
            raise ApiError(401, UNAUTHORIZED, "The agreement has revoked this grant.",
                           "Unauthorized")
        return Auth(grant, read_only=False)

    # -- helpers ----------------------------------------------------------------------------

    @staticmethod
    def _args(request: Request) -> dict[str, str]:
        return {key.lower(): value for key, value in request.args.items()}

    def _list(
        self, request: Request, r: Renderer, items: list[dict[str, Any]], spec: Spec,
        meta_data: dict[str, Any] | None = None,
    ) -> Response:  # fmt: skip
        body = collection(items, spec, r.base, request.path, self._args(request), meta_data)
        return json_response(body)

    def _journal(self, number: int) -> dict[str, Any]:
        row = self.store.journal(number)
        if row is None:
            raise NotFound()
        return row

    def _voucher(self, journal: int, voucher_id: str) -> dict[str, Any]:
        self._journal(journal)
        year_part, sep, number_part = voucher_id.rpartition("-")
        if not sep or not number_part.isdigit():
            raise NotFound()
        row = self.store.voucher(journal, year_from_url(year_part), int(number_part))
        if row is None:
            raise NotFound()
        return row

    def _year(self, year: str) -> dict[str, Any]:
        row = self.store.accounting_year(year_from_url(year))
        if row is None:
            raise NotFound()
        return row

    def render_voucher(self, r: Renderer, voucher: dict[str, Any]) -> dict[str, Any]:
        return r.voucher(voucher, self.store.entries(voucher_id=voucher["id"]))

    # -- handlers ---------------------------------------------------------------------------

    def on_root(self, request: Request, r: Renderer) -> Response:
        names = ["self", "journals", "accounting-years", "accounts", "vat-accounts", "currencies",
                 "departments", "departmental-distributions", "suppliers"]
        return json_response({
            "company": seed.COMPANY["name"],
            "resources": [{"name": name, "href": r.url(f"/{name}")} for name in names],
            "self": r.url("/"),
        })  # fmt: skip

    def on_self(self, request: Request, r: Renderer) -> Response:
        return json_response(r.self_info())

    def on_journals(self, request: Request, r: Renderer) -> Response:
        return self._list(request, r, [r.journal(j) for j in self.store.journals()], JOURNALS)

    def on_journal(self, request: Request, r: Renderer, journal: int) -> Response:
        return json_response(r.journal(self._journal(journal)))

    def on_templates(self, request: Request, r: Renderer, journal: int) -> Response:
        self._journal(journal)
        path = f"/journals/{journal}/templates"
        return json_response({
            "financeVoucher": r.url(f"{path}/financeVoucher"),
            "manualCustomerInvoice": r.url(f"{path}/manualCustomerInvoice"),
            "self": r.url(path),
        })  # fmt: skip

    def on_template_finance(self, request: Request, r: Renderer, journal: int) -> Response:
        self._journal(journal)
        today = date.today().isoformat()
        year = next(
            (y["year"] for y in self.store.accounting_years()
             if y["from_date"] <= today <= y["to_date"]),
            None,
        )  # fmt: skip
        body: dict[str, Any] = {
            "journal": r.journal_ref(journal),
            "entries": {"financeVouchers": [{
                "date": today,
                "currency": r.currency_ref(seed.BASE_CURRENCY),
                "entryType": "financeVoucher",
            }]},
            "self": r.url(f"/journals/{journal}/templates/financeVoucher"),
        }  # fmt: skip
        if year:
            body["accountingYear"] = r.year_ref(year)
        return json_response(body)

    def on_vouchers(self, request: Request, r: Renderer, journal: int) -> Response:
        self._journal(journal)
        if request.method == "POST":
            return self._post_vouchers(request, r, journal)
        items = [self.render_voucher(r, v) for v in self.store.vouchers(journal_number=journal)]
        meta = {"create": {"description": "Create a new voucher.",
                           "href": r.url(f"/journals/{journal}/vouchers"), "httpMethod": "post"}}
        return self._list(request, r, items, VOUCHERS, meta)

    def _post_vouchers(self, request: Request, r: Renderer, journal: int) -> Response:
        if request.mimetype != "application/json":
            raise ApiError(
                415, f"'{request.mimetype or 'no content type'}' is not supported here.",
                "Send the voucher(s) as JSON with 'Content-Type: application/json'.",
                "UnsupportedMediaType",
            )  # fmt: skip
        try:
            body = json.loads(request.get_data(cache=True) or b"null", parse_float=Decimal)
        except (ValueError, UnicodeDecodeError) as exc:
            # UNCONFIRMED: e-conomic's code for a body that is not JSON.
            raise ApiError(400, "The request body is not valid JSON.", str(exc),
                           "InvalidJson") from None
        created = Vouchers(self.store, r.base).create(journal, body)
        rendered = [self.render_voucher(r, v) for v in created]
        # Always an array, even for a single-object POST (recorded, reference §5.2).
        return json_response(rendered, 201, headers={"Location": rendered[0]["self"]})

    def on_voucher(self, request: Request, r: Renderer, journal: int, voucher_id: str) -> Response:
        return json_response(self.render_voucher(r, self._voucher(journal, voucher_id)))

    def on_attachment(
        self, request: Request, r: Renderer, journal: int, voucher_id: str
    ) -> Response:
        voucher = self._voucher(journal, voucher_id)
        return json_response(r.attachment(voucher, self.store.attachment_pages(voucher["id"])))

    def on_attachment_file(
        self, request: Request, r: Renderer, journal: int, voucher_id: str
    ) -> Response:
        voucher = self._voucher(journal, voucher_id)
        pages = self.store.attachment_pages(voucher["id"])
        if request.method == "GET":
            if not pages:
                raise NotFound()
            # UNCONFIRMED/simplified: e-conomic returns one PDF of all pages ("File is always
            # returned as .pdf"); the sandbox returns the stored bytes of the first upload, or of
            # upload number ?part=N (1-based), with their own content type.
            try:
                part = int(request.args.get("part", "1"))
                page = pages[part - 1]
            except (ValueError, IndexError):
                raise NotFound() from None
            headers = {"X-Sandbox-Parts": str(len(pages))}
            if page["filename"]:
                headers["Content-Disposition"] = f'inline; filename="{page["filename"]}"'
            return Response(page["data"], content_type=page["content_type"], headers=headers)
        if request.method == "DELETE":
            # UNCONFIRMED: one client saw 405 for a DELETE on the old API (reference §6).
            if not self.store.delete_attachment(voucher["id"]):
                raise NotFound()
            return Response(status=204)
        if request.method == "POST" and pages:
            raise ApiError(
                400,
                "Voucher already has attachment. Use PATCH to add pages to it.",
                "Use PATCH on the same URL to append pages, or DELETE the file first.",
                "VoucherAlreadyHasAttachment",
            )
        upload = read_upload(request)
        self.store.add_attachment(voucher["id"], upload.filename, upload.content_type,
                                  upload.pages, upload.data)
        body = r.attachment(voucher, self.store.attachment_pages(voucher["id"]))
        # UNCONFIRMED: the success body; we answer with the attachment metadata, 201 when the
        # file was created and 200 when PATCH appended pages.
        return json_response(body, 200 if pages else 201)

    def on_journal_entries(self, request: Request, r: Renderer, journal: int) -> Response:
        self._journal(journal)
        items = [r.draft_entry(e) for e in self.store.entries(journal_number=journal)]
        return self._list(request, r, items, DRAFT_ENTRIES)

    def on_journal_entry(self, request: Request, r: Renderer, journal: int, entry: int) -> Response:
        self._journal(journal)
        if request.method == "DELETE":
            if not self.store.delete_entry(journal, entry):
                raise NotFound()
            return Response(status=204)
        for row in self.store.entries(journal_number=journal):
            if row["journal_entry_number"] == entry:
                return json_response(r.draft_entry(row))
        raise NotFound()

    def on_years(self, request: Request, r: Renderer) -> Response:
        items = [r.accounting_year(y) for y in self.store.accounting_years()]
        return self._list(request, r, items, YEARS)

    def on_year(self, request: Request, r: Renderer, year: str) -> Response:
        return json_response(r.accounting_year(self._year(year)))

    def on_year_entries(self, request: Request, r: Renderer, year: str) -> Response:
        row = self._year(year)
        items = [r.booked_entry(e) for e in self.store.booked_entries(row["year"])]
        return self._list(request, r, items, BOOKED_ENTRIES)

    def on_year_entry(self, request: Request, r: Renderer, year: str, entry: int) -> Response:
        row = self._year(year)
        for booked in self.store.booked_entries(row["year"]):
            if booked["entry_number"] == entry:
                return json_response(r.booked_entry(booked))
        raise NotFound()

    def _balances(self) -> dict[int, float]:
        totals: dict[int, Decimal] = {}
        for entry in self.store.booked_entries():
            account = entry["fields"]["account"]
            totals[account] = totals.get(account, Decimal(0)) + Decimal(
                entry["fields"]["amountInBaseCurrency"]
            )
        return {account: money(total) for account, total in totals.items()}

    def on_accounts(self, request: Request, r: Renderer) -> Response:
        balances = self._balances()
        items = [r.account(a, balances.get(a["account_number"], 0.0))
                 for a in self.store.accounts()]
        return self._list(request, r, items, ACCOUNTS)

    def on_account(self, request: Request, r: Renderer, account: int) -> Response:
        row = self.store.account(account)
        if row is None:
            raise NotFound()
        return json_response(r.account(row, self._balances().get(account, 0.0)))

    def on_vat_accounts(self, request: Request, r: Renderer) -> Response:
        items = [r.vat_account(v) for v in self.store.vat_accounts()]
        return self._list(request, r, items, VAT_ACCOUNTS)

    def on_vat_account(self, request: Request, r: Renderer, code: str) -> Response:
        row = self.store.vat_account(code)
        if row is None:
            raise NotFound()
        return json_response(r.vat_account(row))

    def on_currencies(self, request: Request, r: Renderer) -> Response:
        return self._list(request, r, [r.currency(c) for c in self.store.currencies()], CURRENCIES)

    def on_currency(self, request: Request, r: Renderer, code: str) -> Response:
        row = self.store.currency(code.upper())
        if row is None:
            raise NotFound()
        return json_response(r.currency(row))

    def on_departments(self, request: Request, r: Renderer) -> Response:
        items = [r.department(d) for d in self.store.departments()]
        return self._list(request, r, items, DEPARTMENTS)

    def on_department(self, request: Request, r: Renderer, number: int) -> Response:
        row = self.store.department(number)
        if row is None:
            raise NotFound()
        return json_response(r.department(row))

    def on_distributions(self, request: Request, r: Renderer) -> Response:
        items = [r.distribution(d) for d in self.store.distributions()]
        return self._list(request, r, items, DISTRIBUTIONS)

    def on_distributions_departments(self, request: Request, r: Renderer) -> Response:
        items = [r.distribution(d) for d in self.store.distributions()
                 if d["distribution_type"] == "department"]
        return self._list(request, r, items, DISTRIBUTIONS)

    def on_distributions_split(self, request: Request, r: Renderer) -> Response:
        items = [r.distribution(d) for d in self.store.distributions()
                 if d["distribution_type"] == "distribution"]
        return self._list(request, r, items, DISTRIBUTIONS)

    def on_distribution(self, request: Request, r: Renderer, number: int) -> Response:
        row = self.store.distribution(number)
        if row is None:
            raise NotFound()
        kind = "department" if "/departments/" in request.path else (
            "distribution" if "/distributions/" in request.path else None
        )
        if kind is not None and row["distribution_type"] != kind:
            raise NotFound()
        return json_response(r.distribution(row))

    def on_suppliers(self, request: Request, r: Renderer) -> Response:
        return self._list(request, r, [r.supplier(s) for s in self.store.suppliers()], SUPPLIERS)

    def on_supplier(self, request: Request, r: Renderer, number: int) -> Response:
        row = self.store.supplier(number)
        if row is None:
            raise NotFound()
        return json_response(r.supplier(row))
