"""Creating, moving and booking vouchers, with e-conomic's all-or-nothing validation.

`create_vouchers` checks every voucher of a POST (one object or an array) and every entry in
it, collects all errors and creates nothing unless all are valid (reference §5, §8.2). Errors
come back in the recorded shape: voucher-level properties in camelCase, entry-level ones in
PascalCase under `entries.items[]`, each with `propertyName, errorMessage, errorCode,
inputValue, developerHint`; an array POST gets `errors: [{arrayIndex, ...}]`, a single object
`errors: {...}`.

Voucher numbers: the journal's next free number in the accounting year, unless the body gives
one: first the lowest number that a voucher moved away from this journal left free, then the
highest used in its range + 1, else the lowest gap. A number is "used" in a year if any voucher
of that year has it, draft or booked, in any journal. UNCONFIRMED: that e-conomic gives a number
freed by a move to the next voucher; it does renumber moved vouchers (reference §5, Trustworks
c34d8b52, 95e06d60), and reusing the freed number is the harder case for a client: an old
voucher number that now names another voucher.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from wizard.sandbox.errors import VALIDATION_HINT, ApiError
from wizard.sandbox.render import year_from_url
from wizard.sandbox.store import Store

MAX_VOUCHER_NUMBER = 999_999_999
MAX_TEXT = 250
MAX_SUPPLIER_INVOICE_NUMBER = 30
SUPPORTED_TYPES = {"financeVouchers": "financeVoucher", "supplierInvoices": "supplierInvoice"}
OTHER_TYPES = {
    "supplierPayments": "supplierPayment",
    "customerPayments": "customerPayment",
    "manualCustomerInvoices": "manualCustomerInvoice",
}
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_MISSING = object()

# Error codes. Confirmed ones come from recorded bodies and the 2019 docs (reference §8.3);
# everything marked UNCONFIRMED is our own clear name for a case whose real code is unknown.
E_REQUIRED = "E04730"  # required property missing (reference §8.3 "E04500 / E04730")
E_IDENTIFIER = "E04500"  # an object without its identifier, e.g. account without accountNumber
E_SCALE = "E04740"  # more than two decimals
E_NOT_FOUND_OR_BARRED = "E04041"  # voucher level: "Account(s) is not found or barred."
E_ACCOUNT_NOT_FOUND = "E07150"  # "Account '9999' not found."
E_DOES_NOT_EXIST = "E06000"  # "<x> does not exist." (currency, VAT code, ...)
# UNCONFIRMED codes:
E_ACCOUNT_BARRED = "AccountBarred"
E_ACCOUNT_NOT_POSTABLE = "AccountNotPostable"  # heading / totalFrom accounts
E_BARRED = "Barred"  # barred VAT code, supplier or departmental distribution
E_YEAR_NOT_FOUND = "AccountingYearNotFound"
E_YEAR_CLOSED = "AccountingYearClosed"  # one of the codes Trustworks matches (reference §8.3)
E_DATE_OUTSIDE_YEAR = "DateOutsideAccountingYear"
E_INVALID_DATE = "InvalidDate"
E_INVALID_VALUE = "InvalidValue"  # wrong JSON type, e.g. a string amount
E_TOO_LONG = "TextTooLong"
E_ENTRY_TYPE = "EntryTypeNotAllowed"  # journal's entryTypeRestrictedTo forbids this type
E_ENTRY_TYPE_UNSUPPORTED = "EntryTypeNotSupportedBySandbox"
# Journals API names for the same situations (reference §8.3, [S15] v16.0.1):
E_NUMBER_RANGE = "JournalEntryVoucherNumberNotWithinBoundaries"
E_NUMBER_EXHAUSTED = "JournalEntryVoucherNumberCannotBeGenerated"
E_NUMBER_TAKEN = "VoucherNumberAlreadyUsed"  # UNCONFIRMED


@dataclass
class _Errors:
    """Errors of one voucher: voucher level and per entry (type, index)."""

    voucher: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    entries: dict[tuple[str, int], dict[str, list[dict[str, Any]]]] = field(default_factory=dict)

    def add(self, prop: str, message: str, code: str, hint: str, value: Any = _MISSING) -> None:
        self.voucher.setdefault(prop, []).append(_item(prop, message, code, hint, value))

    def add_entry(
        self, where: tuple[str, int], prop: str, message: str, code: str, hint: str,
        value: Any = _MISSING,
    ) -> None:  # fmt: skip
        self.entries.setdefault(where, {}).setdefault(prop, []).append(
            _item(prop, message, code, hint, value)
        )

    def count(self) -> int:
        return sum(len(v) for v in self.voucher.values()) + sum(
            len(errs) for props in self.entries.values() for errs in props.values()
        )

    def body(self) -> dict[str, Any]:
        out: dict[str, Any] = {prop: {"errors": errs} for prop, errs in self.voucher.items()}
        if self.entries:
            # UNCONFIRMED: arrayIndex counts within the entry's own type list
            # (financeVouchers[i] / supplierInvoices[i]).
            out.setdefault("entries", {})["items"] = [
                {"arrayIndex": index, **{p: {"errors": e} for p, e in props.items()}}
                for (_, index), props in self.entries.items()
            ]
        return out


def _item(prop: str, message: str, code: str, hint: str, value: Any) -> dict[str, Any]:
    item: dict[str, Any] = {"propertyName": prop, "errorMessage": message, "errorCode": code}
    if value is not _MISSING:
        item["inputValue"] = _jsonable(value)
    item["developerHint"] = hint
    return item


def _jsonable(value: Any) -> Any:
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, dict | list):
        return str(value)
    return value


@dataclass
class _Planned:
    year: str
    voucher_number: int
    entries: list[tuple[str, dict[str, Any]]]


class Vouchers:
    """Voucher operations on one store; `base` is only used for developer hints."""

    def __init__(self, store: Store, base: str) -> None:
        self.store = store
        self.base = base.rstrip("/")

    # -- create -----------------------------------------------------------------------------

    def create(self, journal_number: int, body: Any) -> list[dict[str, Any]]:
        """Validate and create; returns the stored voucher rows in request order."""
        single = isinstance(body, dict)
        items = [body] if single else body
        if not isinstance(items, list) or not items:
            raise ApiError(
                400,
                "The request body must be a voucher object or a non-empty array of vouchers.",
                VALIDATION_HINT,
                "E04300",
            )
        with self.store.transaction():
            journal = self.store.journal(journal_number)
            if journal is None:
                raise ApiError(404, "Resource not found.")
            reserved: dict[str, set[int]] = {}
            plans: list[_Planned | None] = []
            all_errors: list[_Errors] = []
            for item in items:
                errors = _Errors()
                plans.append(self._check(journal, item, errors, reserved))
                all_errors.append(errors)
            total = sum(e.count() for e in all_errors)
            if total:
                if single:
                    detail: Any = all_errors[0].body()
                else:
                    detail = [
                        {"arrayIndex": i, **e.body()} for i, e in enumerate(all_errors) if e.count()
                    ]
                raise ApiError(
                    400,
                    f"Validation failed. {total} error{'s' if total != 1 else ''} found.",
                    VALIDATION_HINT,
                    "E04300",
                    errors=detail,
                    error_count=total,
                )
            created = []
            for plan in plans:
                assert plan is not None
                voucher_id = self.store.create_voucher(journal_number, plan.year,
                                                       plan.voucher_number)
                for entry_type, fields in plan.entries:
                    self.store.add_entry(voucher_id, entry_type, fields)
                created.append(self.store.voucher(journal_number, plan.year, plan.voucher_number))
            return [row for row in created if row is not None]

    def _check(
        self,
        journal: dict[str, Any],
        voucher: Any,
        errors: _Errors,
        reserved: dict[str, set[int]],
    ) -> _Planned | None:
        if not isinstance(voucher, dict):
            errors.add("voucher", "A voucher must be a JSON object.", E_INVALID_VALUE,
                       VALIDATION_HINT, voucher)
            return None
        year_row = self._check_year(voucher, errors)
        year = year_row["year"] if year_row else None
        entries = self._check_entries(journal, voucher, year_row, errors)
        number = None
        if year is not None:
            number = self._check_number(journal, voucher, year, errors, reserved)
        if errors.count() or year is None or number is None:
            return None
        reserved.setdefault(year, set()).add(number)
        return _Planned(year, number, entries)

    def _check_year(self, voucher: dict[str, Any], errors: _Errors) -> dict[str, Any] | None:
        hint = f"Find a list of accounting years at {self.base}/accounting-years ."
        ref = voucher.get("accountingYear", _MISSING)
        if ref is _MISSING or ref is None:
            errors.add("accountingYear", "Accounting year is required.", E_REQUIRED, hint)
            return None
        label = ref.get("year") if isinstance(ref, dict) else None
        if not isinstance(label, str) or not label:
            errors.add("accountingYear", "accountingYear.year is required.", E_IDENTIFIER, hint,
                       ref)
            return None
        row = self.store.accounting_year(label) or self.store.accounting_year(year_from_url(label))
        if row is None:
            errors.add("accountingYear", f"Accounting year '{label}' not found.", E_YEAR_NOT_FOUND,
                       hint, label)
            return None
        if row["closed"]:
            errors.add(
                "accountingYear",
                f"Accounting year '{row['year']}' is closed.",
                E_YEAR_CLOSED,
                "Entries cannot be added to a closed accounting year.",
                label,
            )
            return None
        return row

    def _check_number(
        self,
        journal: dict[str, Any],
        voucher: dict[str, Any],
        year: str,
        errors: _Errors,
        reserved: dict[str, set[int]],
    ) -> int | None:
        low = journal["min_voucher"] or 1
        high = journal["max_voucher"] or MAX_VOUCHER_NUMBER
        taken = reserved.get(year, set())
        given = voucher.get("voucherNumber", _MISSING)
        if given is _MISSING or given is None:
            # The common case asks the database for the highest number instead of loading
            # every number of the year per voucher (a 100,000-voucher journal stays fast);
            # the rules are those of `next_free_number`.
            freed = self.store.freed_voucher_numbers(journal["journal_number"], year)
            reusable = sorted(n for n in freed if low <= n <= high and n not in taken
                              and not self.store.voucher_number_used(year, n))
            top = max([self.store.max_voucher_number(year, low, high) or 0,
                       *(n for n in taken if low <= n <= high)])
            if reusable:
                number: int | None = reusable[0]
            elif top and top < high:
                number = top + 1
            elif not top:
                number = low
            else:
                used = self.store.used_voucher_numbers(year) | taken
                number = next_free_number(low, high, used, freed)
            if number is None:
                errors.add(
                    "voucherNumber",
                    f"No free voucher number left in journal {journal['journal_number']}'s "
                    f"range {low}-{high}.",
                    E_NUMBER_EXHAUSTED,
                    "Widen the journal's voucher number range or book the journal.",
                )
            return number
        if (
            isinstance(given, bool)
            or not isinstance(given, int)
            or not 1 <= given <= MAX_VOUCHER_NUMBER
        ):
            errors.add("voucherNumber",
                       "voucherNumber must be a whole number from 1 to 999999999.",
                       E_INVALID_VALUE, VALIDATION_HINT, given)
            return None
        if not low <= given <= high:
            errors.add(
                "voucherNumber",
                f"Voucher number {given} is outside the journal's range {low}-{high}.",
                E_NUMBER_RANGE,
                "Omit voucherNumber to get the journal's next free number.",
                given,
            )
            return None
        if given in taken or self.store.voucher_number_used(year, given):
            errors.add(
                "voucherNumber",
                f"Voucher number {given} is already used in accounting year {year}.",
                E_NUMBER_TAKEN,
                "Omit voucherNumber to get the journal's next free number.",
                given,
            )
            return None
        return given

    def _check_entries(
        self,
        journal: dict[str, Any],
        voucher: dict[str, Any],
        year: dict[str, Any] | None,
        errors: _Errors,
    ) -> list[tuple[str, dict[str, Any]]]:
        entries = voucher.get("entries", _MISSING)
        if not isinstance(entries, dict) or not any(
            isinstance(entries.get(key), list) and entries.get(key)
            for key in (*SUPPORTED_TYPES, *OTHER_TYPES)
        ):
            errors.add("entries", "At least one entry is required.", E_REQUIRED, VALIDATION_HINT)
            return []
        restricted = journal["entry_type"]
        planned: list[tuple[str, dict[str, Any]]] = []
        for key, entry_type in {**SUPPORTED_TYPES, **OTHER_TYPES}.items():
            rows = entries.get(key) or []
            if not isinstance(rows, list):
                errors.add("entries", f"entries.{key} must be an array.", E_INVALID_VALUE,
                           VALIDATION_HINT)
                continue
            for index, entry in enumerate(rows):
                where = (entry_type, index)
                if restricted and restricted != entry_type:
                    # UNCONFIRMED: real message and code (reference §13 item 4).
                    errors.add_entry(
                        where,
                        "EntryType",
                        f"Journal {journal['journal_number']} only accepts entries of type "
                        f"'{restricted}', not '{entry_type}'.",
                        E_ENTRY_TYPE,
                        "Use a journal without entryTypeRestrictedTo or with this entry type.",
                        entry_type,
                    )
                if key in OTHER_TYPES:
                    errors.add_entry(
                        where, "EntryType",
                        f"The sandbox does not support {key}.", E_ENTRY_TYPE_UNSUPPORTED,
                        "Only financeVouchers and supplierInvoices are simulated.", entry_type,
                    )  # fmt: skip
                    continue
                if not isinstance(entry, dict):
                    errors.add_entry(where, "Entry", "An entry must be a JSON object.",
                                     E_INVALID_VALUE, VALIDATION_HINT, entry)
                    continue
                fields = self._check_entry(entry_type, entry, year, errors, where)
                planned.append((entry_type, fields))
        return planned

    def _check_entry(
        self,
        entry_type: str,
        entry: dict[str, Any],
        year: dict[str, Any] | None,
        errors: _Errors,
        where: tuple[str, int],
    ) -> dict[str, Any]:
        base = self.base
        fields: dict[str, Any] = {}

        # Amount: required, a number, at most two decimals.
        amount = entry.get("amount", _MISSING)
        if amount is _MISSING or amount is None:
            errors.add_entry(where, "Amount", "Amount is required.", E_REQUIRED, VALIDATION_HINT)
        elif isinstance(amount, bool) or not isinstance(amount, int | Decimal) or (
            isinstance(amount, Decimal) and not amount.is_finite()
        ):
            errors.add_entry(where, "Amount", "Amount must be a number.", E_INVALID_VALUE,
                             "Please check the format of your data.", amount)
        else:
            value = Decimal(amount)
            if value.normalize().as_tuple().exponent < -2:  # type: ignore[operator]
                errors.add_entry(
                    where, "Amount", "Amount scale cannot be greater then two decimal places.",
                    E_SCALE, "Please check the format of your data.", amount,
                )  # fmt: skip
            fields["amount"] = str(value)

        # Date: required, ISO, inside the voucher's accounting year.
        raw_date = entry.get("date", _MISSING)
        if raw_date is _MISSING or raw_date is None:
            errors.add_entry(where, "Date", "Date is required.", E_REQUIRED, VALIDATION_HINT)
        else:
            parsed = _parse_date(raw_date)
            if parsed is None:
                errors.add_entry(where, "Date", "Date must be a date in the format YYYY-MM-DD.",
                                 E_INVALID_DATE, "Please check the format of your data.", raw_date)
            else:
                fields["date"] = parsed.isoformat()
                if year is not None and not year["from_date"] <= fields["date"] <= year["to_date"]:
                    errors.add_entry(
                        where, "Date",
                        f"Date {fields['date']} is outside accounting year '{year['year']}' "
                        f"({year['from_date']} - {year['to_date']}).",
                        E_DATE_OUTSIDE_YEAR,
                        f"Find the accounting year for a date at {base}/accounting-years .",
                        raw_date,
                    )  # fmt: skip

        # Accounts.
        account_props = ("account", "contraAccount")
        if entry_type == "supplierInvoice":
            # Supplier on the credit side, the expense as contraAccount (reference §5.1).
            fields["account"] = self._check_account(entry, "account", errors, where)
            fields["contraAccount"] = self._check_account(entry, "contraAccount", errors, where)
            fields["supplier"] = self._check_supplier(entry, errors, where)
            if fields["supplier"] is None and entry.get("contraAccount") is None and not any(
                "Supplier" in p for p in errors.entries.get(where, {})
            ):
                errors.add_entry(where, "Supplier", "Either 'supplier' or 'contraAccount' is "
                                 "required.", E_REQUIRED, VALIDATION_HINT)
            number = entry.get("supplierInvoiceNumber")
            if number is not None:
                if not isinstance(number, str):
                    number = str(number)
                if len(number) > MAX_SUPPLIER_INVOICE_NUMBER:
                    errors.add_entry(where, "SupplierInvoiceNumber",
                                     "SupplierInvoiceNumber cannot be longer than 30 characters.",
                                     E_TOO_LONG, VALIDATION_HINT, number)
                fields["supplierInvoiceNumber"] = number
            due = entry.get("dueDate")
            if due is not None:
                parsed_due = _parse_date(due)
                if parsed_due is None:
                    errors.add_entry(where, "DueDate", "DueDate must be a date in the format "
                                     "YYYY-MM-DD.", E_INVALID_DATE, VALIDATION_HINT, due)
                else:
                    fields["dueDate"] = parsed_due.isoformat()
        else:
            for prop in account_props:
                fields[prop] = self._check_account(entry, prop, errors, where)
        if any(p in errors.entries.get(where, {}) for p in ("Account", "ContraAccount")):
            bad = [
                err["inputValue"]
                for p in ("Account", "ContraAccount")
                for err in errors.entries[where].get(p, [])
                if "inputValue" in err and err["errorCode"] != E_IDENTIFIER
            ]
            if bad and "account" not in errors.voucher:
                errors.add(
                    "account", "Account(s) is not found or barred.", E_NOT_FOUND_OR_BARRED,
                    "You must provide an accessible account.", str(bad[0]),
                )  # fmt: skip

        # VAT codes.
        fields["vatCode"] = self._check_vat(entry, "vatAccount", "VatAccount", errors, where)
        fields["contraVatCode"] = self._check_vat(entry, "contraVatAccount", "ContraVatAccount",
                                                  errors, where)

        # Currency and exchange rate.
        fields["currency"] = "DKK"
        rate: Decimal | None = None
        currency = entry.get("currency")
        if currency is not None:
            code = currency.get("code") if isinstance(currency, dict) else None
            if not isinstance(code, str) or not code:
                errors.add_entry(where, "Currency", "currency.code is required.", E_IDENTIFIER,
                                 VALIDATION_HINT, currency)
            else:
                row = self.store.currency(code.upper())
                if row is None:
                    errors.add_entry(where, "Currency", f"Currency '{code}' does not exist.",
                                     E_DOES_NOT_EXIST,
                                     f"Find a list of currencies at {base}/currencies .", code)
                else:
                    fields["currency"] = row["code"]
                    rate = Decimal(str(row["rate"]))
        given_rate = entry.get("exchangeRate")
        if given_rate is not None:
            if isinstance(given_rate, bool) or not isinstance(given_rate, int | Decimal) or (
                Decimal(given_rate) <= 0
            ):
                errors.add_entry(where, "ExchangeRate", "ExchangeRate must be a positive number.",
                                 E_INVALID_VALUE, VALIDATION_HINT, given_rate)
            else:
                rate = Decimal(given_rate)
        if rate is None:
            rate = Decimal("100")
        fields["exchangeRate"] = float(rate)

        # Text.
        text = entry.get("text")
        if text is not None:
            if not isinstance(text, str):
                errors.add_entry(where, "Text", "Text must be a string.", E_INVALID_VALUE,
                                 VALIDATION_HINT, text)
            elif len(text) > MAX_TEXT:
                errors.add_entry(where, "Text", f"Text cannot be longer than {MAX_TEXT} "
                                 "characters.", E_TOO_LONG, VALIDATION_HINT, text)
            else:
                fields["text"] = text

        # Departmental distribution.
        fields["distribution"] = None
        dist = entry.get("departmentalDistribution")
        if dist is not None:
            number = dist.get("departmentalDistributionNumber") if isinstance(dist, dict) else None
            if isinstance(number, bool) or not isinstance(number, int):
                errors.add_entry(where, "DepartmentalDistribution",
                                 "departmentalDistribution.departmentalDistributionNumber is "
                                 "required.", E_IDENTIFIER, VALIDATION_HINT, dist)
            else:
                row = self.store.distribution(number)
                hint = f"Find a list of departmental distributions at {base}" \
                       "/departmental-distributions ."
                if row is None:
                    errors.add_entry(where, "DepartmentalDistribution",
                                     f"DepartmentalDistribution '{number}' does not exist.",
                                     E_DOES_NOT_EXIST, hint, number)
                elif row["barred"]:
                    errors.add_entry(where, "DepartmentalDistribution",
                                     f"DepartmentalDistribution '{number}' is barred.", E_BARRED,
                                     hint, number)
                else:
                    fields["distribution"] = number
                    fields["distributionType"] = row["distribution_type"]

        # VAT amounts (amounts include VAT, as e-conomic computes them for a kassekladde line).
        if "amount" in fields:
            fields["vatAmount"] = self._vat_amount(fields["amount"], fields.get("vatCode"))
            fields["contraVatAmount"] = self._vat_amount(fields["amount"],
                                                         fields.get("contraVatCode"))
        return fields

    def _check_account(
        self, entry: dict[str, Any], prop: str, errors: _Errors, where: tuple[str, int]
    ) -> int | None:
        ref = entry.get(prop)
        if ref is None:
            return None
        name = prop[0].upper() + prop[1:]
        hint = f"Find a list of accounts at {self.base}/accounts ."
        number = ref.get("accountNumber") if isinstance(ref, dict) else None
        if isinstance(number, bool) or not isinstance(number, int):
            errors.add_entry(where, name, f"{prop}.accountNumber is required.", E_IDENTIFIER,
                             hint, ref)
            return None
        row = self.store.account(number)
        if row is None:
            errors.add_entry(where, name, f"Account '{number}' not found.", E_ACCOUNT_NOT_FOUND,
                             hint, number)
            return None
        if row["barred"]:
            errors.add_entry(where, name, f"Account '{number}' is barred.", E_ACCOUNT_BARRED, hint,
                             number)
            return None
        if row["account_type"] not in ("profitAndLoss", "status"):
            errors.add_entry(where, name, f"Account '{number}' is of type "
                             f"'{row['account_type']}' and cannot be posted to.",
                             E_ACCOUNT_NOT_POSTABLE, hint, number)
            return None
        return number

    def _check_vat(
        self, entry: dict[str, Any], prop: str, name: str, errors: _Errors, where: tuple[str, int]
    ) -> str | None:
        ref = entry.get(prop)
        if ref is None:
            return None
        hint = f"Find a list of vat-accounts at {self.base}/vat-accounts ."
        code = ref.get("vatCode") if isinstance(ref, dict) else None
        if not isinstance(code, str) or not code:
            errors.add_entry(where, name, f"{prop}.vatCode is required.", E_IDENTIFIER, hint, ref)
            return None
        row = self.store.vat_account(code) or self.store.vat_account(code.upper())
        if row is None:
            errors.add_entry(where, name, f"VatAccount '{code}' does not exist.", E_DOES_NOT_EXIST,
                             hint, code)
            return None
        if row["barred"]:
            errors.add_entry(where, name, f"VatAccount '{code}' is barred.", E_BARRED, hint, code)
            return None
        return row["vat_code"]

    def _check_supplier(
        self, entry: dict[str, Any], errors: _Errors, where: tuple[str, int]
    ) -> int | None:
        ref = entry.get("supplier")
        if ref is None:
            return None
        hint = f"Find a list of suppliers at {self.base}/suppliers ."
        number = ref.get("supplierNumber") if isinstance(ref, dict) else None
        if isinstance(number, bool) or not isinstance(number, int):
            errors.add_entry(where, "Supplier", "supplier.supplierNumber is required.",
                             E_IDENTIFIER, hint, ref)
            return None
        row = self.store.supplier(number)
        if row is None:
            errors.add_entry(where, "Supplier", f"Supplier '{number}' not found.",
                             E_DOES_NOT_EXIST, hint, number)
            return None
        if row["barred"]:
            errors.add_entry(where, "Supplier", f"Supplier '{number}' is barred.", E_BARRED, hint,
                             number)
            return None
        return number

    def _vat_amount(self, amount: str, code: str | None) -> str:
        if not code:
            return "0.00"
        row = self.store.vat_account(code)
        rate = Decimal(str(row["rate"])) if row else Decimal(0)
        vat = Decimal(amount) * rate / (Decimal(100) + rate)
        return str(vat.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))

    # -- move and book (admin) --------------------------------------------------------------

    def move(self, voucher: dict[str, Any], to_journal: int) -> dict[str, Any]:
        """Move a draft voucher to another journal; it gets that journal's next free number
        and keeps its entries and attachment. Its old number is free again: the next voucher
        posted in the old journal gets it (UNCONFIRMED, see the module docstring)."""
        with self.store.transaction():
            target = self.store.journal(to_journal)
            if target is None:
                raise ApiError(404, f"Journal {to_journal} not found.", "Create it first.",
                               "JournalNotFound")
            low = target["min_voucher"] or 1
            high = target["max_voucher"] or MAX_VOUCHER_NUMBER
            used = self.store.used_voucher_numbers(voucher["year"]) - {voucher["voucher_number"]}
            freed = self.store.freed_voucher_numbers(to_journal, voucher["year"])
            number = next_free_number(low, high, used, freed)
            if number is None:
                raise ApiError(400, f"No free voucher number in journal {to_journal}.",
                               "Widen its range.", E_NUMBER_EXHAUSTED)
            self.store.move_voucher(voucher["id"], to_journal, number)
            moved = self.store.voucher(to_journal, voucher["year"], number)
            assert moved is not None
            return moved

    def book_journal(self, journal_number: int) -> list[dict[str, Any]]:
        """Book every draft voucher of a journal into the ledger; returns the booked vouchers."""
        with self.store.transaction():
            vouchers = self.store.vouchers(journal_number=journal_number)
            for voucher in vouchers:
                year = self.store.accounting_year(voucher["year"])
                if year is not None and year["closed"]:
                    raise ApiError(400, f"Accounting year '{voucher['year']}' is closed.",
                                   "Reopen the year or move the voucher.", E_YEAR_CLOSED)
            for voucher in vouchers:
                lines: list[tuple[str, dict[str, Any]]] = []
                for entry in self.store.entries(voucher_id=voucher["id"]):
                    lines.extend(self._ledger_lines(entry))
                self.store.book_voucher(voucher, lines)
            return vouchers

    def _ledger_lines(self, entry: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
        """The ledger lines a draft entry becomes: account (net), VAT, contra account.

        UNCONFIRMED: how e-conomic splits a booked line; this is ordinary double-entry with the
        VAT on the VAT code's account, every line keeping the entry's text and voucher number.
        """
        f = entry["fields"]
        amount = Decimal(f["amount"])
        rate = Decimal(str(f["exchangeRate"]))
        common = {"currency": f["currency"], "date": f["date"], "text": f.get("text"),
                  "distribution": f.get("distribution"),
                  "distributionType": f.get("distributionType"),
                  "supplierInvoiceNumber": f.get("supplierInvoiceNumber")}

        def line(account: int, value: Decimal, vat_code: str | None = None) -> dict[str, Any]:
            return {**common, "account": account, "amount": str(value),
                    "amountInBaseCurrency": str(value * rate / 100), "vatCode": vat_code}

        lines: list[dict[str, Any]] = []
        vat = Decimal(f.get("vatAmount") or "0")
        contra_vat = Decimal(f.get("contraVatAmount") or "0")
        debit = f.get("account")
        credit = f.get("contraAccount")
        if entry["entry_type"] == "supplierInvoice":
            # The expense sits on contraAccount; the supplier's debt on the creditors account.
            debit, credit, vat, contra_vat = credit, 5820, contra_vat, vat
            vat_code = f.get("contraVatCode")
        else:
            vat_code = f.get("vatCode")
        if debit is not None:
            lines.append(line(debit, amount - vat, vat_code))
            if vat:
                lines.append(line(self._vat_ledger_account(vat_code), vat))
        if credit is not None:
            lines.append(line(credit, -(amount - contra_vat)))
            if contra_vat and entry["entry_type"] != "supplierInvoice":
                lines.append(line(self._vat_ledger_account(f.get("contraVatCode")), -contra_vat))
        return [(entry["entry_type"], fields) for fields in lines]

    def _vat_ledger_account(self, code: str | None) -> int:
        row = self.store.vat_account(code) if code else None
        return int(row["account_number"]) if row else 6902


def next_free_number(
    low: int, high: int, used: set[int], freed: set[int] | frozenset[int] = frozenset()
) -> int | None:
    """The number a new voucher gets in range low-high: the lowest of `freed` (numbers that
    vouchers moved away left behind) not `used` again, else the highest used + 1, else the
    lowest gap; None when the range is full."""
    reusable = [n for n in freed if low <= n <= high and n not in used]
    if reusable:
        return min(reusable)
    in_range = [n for n in used if low <= n <= high]
    candidate = max(in_range) + 1 if in_range else low
    if candidate <= high:
        return candidate
    number = low
    while number <= high:
        if number not in used:
            return number
        number += 1
    return None


def _parse_date(value: Any) -> date | None:
    if not isinstance(value, str) or not _ISO_DATE.match(value):
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None
