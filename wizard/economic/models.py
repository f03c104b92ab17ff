"""What e-conomic answers, as small frozen dataclasses the rest of the product can rely on.

Why not pass the JSON around: e-conomic omits booleans that are false, nests numbers in link
objects (`{"accountNumber": 5820, "self": …}`), and spells some fields differently across
endpoints (`journalEntryNumber` vs `entryNumber`). Each `from_json` here absorbs those quirks
once. Money is `Decimal` (the client parses JSON numbers that way), dates are `datetime.date`.
Every object keeps the original JSON in `raw` (left out of repr and equality) for fields not
modelled yet.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from wizard.economic.years import year_to_url

Json = Mapping[str, Any]

# Module 14 ("Dimension (afdeling/kvantum)") enables departments on an agreement.
DEPARTMENTS_MODULE = 14


@dataclass(frozen=True)
class Module:
    """An e-conomic add-on module the agreement has (e.g. 14 = departments)."""

    number: int
    name: str


@dataclass(frozen=True)
class Agreement:
    """Who the token belongs to (`GET /self`): shown to the admin to confirm the right company."""

    agreement_number: int
    company_name: str
    user_name: str
    base_currency: str
    modules: tuple[Module, ...] = ()
    application_name: str = ""
    user_email: str = ""
    company_vat_number: str = ""
    required_roles: tuple[str, ...] = ()
    raw: Json = field(default_factory=dict, repr=False, compare=False, hash=False)

    @property
    def has_departments(self) -> bool:
        """True when the departments module is on, so postings may carry a department."""
        return any(module.number == DEPARTMENTS_MODULE for module in self.modules)

    @classmethod
    def from_json(cls, data: Json) -> Agreement:
        company = _obj(data.get("company"))
        user = _obj(data.get("user"))
        application = _obj(data.get("application"))
        return cls(
            agreement_number=_int(data.get("agreementNumber")) or 0,
            company_name=_str(company.get("name")),
            user_name=_str(data.get("userName")) or _str(user.get("name")),
            base_currency=_str(_obj(data.get("settings")).get("baseCurrency")),
            modules=tuple(
                Module(_int(m.get("moduleNumber")) or 0, _str(m.get("name")))
                for m in _objs(data.get("modules"))
            ),
            application_name=_str(application.get("name")),
            user_email=_str(user.get("email")),
            company_vat_number=_str(company.get("companyIdentificationNumber")),
            required_roles=tuple(
                _str(role.get("name")) for role in _objs(application.get("requiredRoles"))
            ),
            raw=data,
        )


@dataclass(frozen=True)
class Journal:
    """A journal (kassekladde) where vouchers are drafted before booking."""

    number: int
    name: str
    entry_type_restricted_to: str | None = None
    minimum_voucher_number: int | None = None
    maximum_voucher_number: int | None = None
    finance_voucher_contra_account: int | None = None
    self_url: str = ""
    raw: Json = field(default_factory=dict, repr=False, compare=False, hash=False)

    @property
    def accepts_finance_vouchers(self) -> bool:
        """Whether finance vouchers (our expense postings) may be posted to this journal."""
        return self.entry_type_restricted_to in (None, "", "financeVoucher")

    @classmethod
    def from_json(cls, data: Json) -> Journal:
        settings = _obj(data.get("settings"))
        numbers = _obj(settings.get("voucherNumbers"))
        contra = _obj(_obj(settings.get("contraAccounts")).get("financeVouchers"))
        return cls(
            number=_int(data.get("journalNumber")) or 0,
            name=_str(data.get("name")),
            entry_type_restricted_to=settings.get("entryTypeRestrictedTo") or None,
            minimum_voucher_number=_int(numbers.get("minimumVoucherNumber")),
            maximum_voucher_number=_int(numbers.get("maximumVoucherNumber")),
            finance_voucher_contra_account=_int(contra.get("accountNumber")),
            self_url=_str(data.get("self")),
            raw=data,
        )


@dataclass(frozen=True)
class AccountingYear:
    """An accounting year (regnskabsår): label, date range and whether it is closed."""

    label: str
    from_date: dt.date
    to_date: dt.date
    closed: bool = False
    self_url: str = ""
    raw: Json = field(default_factory=dict, repr=False, compare=False, hash=False)

    @property
    def url_id(self) -> str:
        """The label as it appears in URLs: `2025/2026` → `2025_6_2026`."""
        return year_to_url(self.label)

    def contains(self, date: dt.date) -> bool:
        """True when `date` falls within fromDate..toDate (both inclusive)."""
        return self.from_date <= date <= self.to_date

    @classmethod
    def from_json(cls, data: Json) -> AccountingYear:
        return cls(
            label=_str(data.get("year")),
            from_date=_date(data.get("fromDate")) or dt.date.min,
            to_date=_date(data.get("toDate")) or dt.date.min,
            closed=bool(data.get("closed", False)),
            self_url=_str(data.get("self")),
            raw=data,
        )


@dataclass(frozen=True)
class Account:
    """An account in the chart of accounts (kontoplan)."""

    number: int
    name: str
    account_type: str
    barred: bool = False
    block_direct_entries: bool = False
    debit_credit: str = ""
    vat_code: str | None = None
    self_url: str = ""
    raw: Json = field(default_factory=dict, repr=False, compare=False, hash=False)

    @property
    def can_post(self) -> bool:
        """Whether entries may be posted directly to this account."""
        return (
            not self.barred
            and not self.block_direct_entries
            and self.account_type in ("profitAndLoss", "status")
        )

    @classmethod
    def from_json(cls, data: Json) -> Account:
        return cls(
            number=_int(data.get("accountNumber")) or 0,
            name=_str(data.get("name")),
            account_type=_str(data.get("accountType")),
            barred=bool(data.get("barred", False)),
            block_direct_entries=bool(data.get("blockDirectEntries", False)),
            debit_credit=_str(data.get("debitCredit")),
            vat_code=_str(_obj(data.get("vatAccount")).get("vatCode")) or None,
            self_url=_str(data.get("self")),
            raw=data,
        )


@dataclass(frozen=True)
class VatAccount:
    """A VAT code (momskode) such as `I25`."""

    vat_code: str
    name: str
    rate_percentage: Decimal | None = None
    barred: bool = False
    account_number: int | None = None
    vat_type: str = ""
    self_url: str = ""
    raw: Json = field(default_factory=dict, repr=False, compare=False, hash=False)

    @classmethod
    def from_json(cls, data: Json) -> VatAccount:
        return cls(
            vat_code=_str(data.get("vatCode")),
            name=_str(data.get("name")),
            rate_percentage=_decimal(data.get("ratePercentage")),
            barred=bool(data.get("barred", False)),
            account_number=_int(_obj(data.get("account")).get("accountNumber")),
            vat_type=_str(_obj(data.get("vatType")).get("name")),
            self_url=_str(data.get("self")),
            raw=data,
        )


@dataclass(frozen=True)
class Currency:
    """A currency the agreement knows (ISO 4217 code)."""

    code: str
    name: str = ""
    iso_number: str = ""
    raw: Json = field(default_factory=dict, repr=False, compare=False, hash=False)

    @classmethod
    def from_json(cls, data: Json) -> Currency:
        return cls(
            code=_str(data.get("code")),
            name=_str(data.get("name")),
            iso_number=_str(data.get("isoNumber")),
            raw=data,
        )


@dataclass(frozen=True)
class Department:
    """A department (afdeling); postings refer to one through a departmental distribution."""

    number: int
    name: str
    raw: Json = field(default_factory=dict, repr=False, compare=False, hash=False)

    @classmethod
    def from_json(cls, data: Json) -> Department:
        return cls(
            number=_int(data.get("departmentNumber")) or 0,
            name=_str(data.get("name")),
            raw=data,
        )


@dataclass(frozen=True)
class DepartmentShare:
    """One department's share (percent) within a departmental distribution."""

    department_number: int
    percentage: Decimal


@dataclass(frozen=True)
class DepartmentalDistribution:
    """How an entry's amount is split over departments (`department` type = 100 % to one)."""

    number: int
    name: str
    distribution_type: str = ""
    barred: bool = False
    shares: tuple[DepartmentShare, ...] = ()
    self_url: str = ""
    raw: Json = field(default_factory=dict, repr=False, compare=False, hash=False)

    @classmethod
    def from_json(cls, data: Json) -> DepartmentalDistribution:
        return cls(
            number=_int(data.get("departmentalDistributionNumber")) or 0,
            name=_str(data.get("name")),
            distribution_type=_str(data.get("distributionType")),
            barred=bool(data.get("barred", False)),
            shares=tuple(
                DepartmentShare(
                    _int(_obj(share.get("department")).get("departmentNumber")) or 0,
                    _decimal(share.get("percentage")) or Decimal(0),
                )
                for share in _objs(data.get("distributions"))
            ),
            self_url=_str(data.get("self")),
            raw=data,
        )


@dataclass(frozen=True)
class Entry:
    """One entry line, drafted in a journal or booked in an accounting year.

    `entry_number` is `journalEntryNumber` for draft entries and `entryNumber` for booked ones;
    `booked` says which. Voucher numbers are not stable (e-conomic renumbers vouchers moved
    between journals), so identify our postings by the marker in `text`.
    """

    entry_number: int | None
    text: str
    amount: Decimal | None = None
    date: dt.date | None = None
    account_number: int | None = None
    contra_account_number: int | None = None
    voucher_number: int | None = None
    accounting_year: str | None = None
    journal_number: int | None = None
    entry_type: str = ""
    currency: str = ""
    booked: bool = False
    self_url: str = ""
    raw: Json = field(default_factory=dict, repr=False, compare=False, hash=False)

    @classmethod
    def from_json(cls, data: Json, *, booked: bool = False) -> Entry:
        voucher = _obj(data.get("voucher"))
        year = _obj(voucher.get("accountingYear")) or _obj(data.get("accountingYear"))
        currency = data.get("currency")
        return cls(
            entry_number=_int(data.get("journalEntryNumber", data.get("entryNumber"))),
            text=_str(data.get("text")),
            amount=_decimal(data.get("amount")),
            date=_date(data.get("date")),
            account_number=_int(_obj(data.get("account")).get("accountNumber")),
            contra_account_number=_int(_obj(data.get("contraAccount")).get("accountNumber")),
            voucher_number=_int(voucher.get("voucherNumber", data.get("voucherNumber"))),
            accounting_year=_str(year.get("year")) or None,
            journal_number=_int(_obj(data.get("journal")).get("journalNumber")),
            entry_type=_str(data.get("entryType")),
            currency=_str(_obj(currency).get("code")) if isinstance(currency, Mapping)
            else _str(currency),
            booked=booked,
            self_url=_str(data.get("self")),
            raw=data,
        )


@dataclass(frozen=True)
class CreatedVoucher:
    """A voucher (bilag) as e-conomic returns it after creation, or on read.

    `attachment_url` is where the receipt goes (`…/attachment`, add `/file` to upload).
    """

    voucher_number: int
    accounting_year: str
    journal_number: int | None = None
    entry_texts: tuple[str, ...] = ()
    entries: tuple[Entry, ...] = ()
    attachment_url: str = ""
    self_url: str = ""
    raw: Json = field(default_factory=dict, repr=False, compare=False, hash=False)

    @classmethod
    def from_json(cls, data: Json) -> CreatedVoucher:
        entries = tuple(
            Entry.from_json(item)
            for items in _obj(data.get("entries")).values()
            if isinstance(items, list)
            for item in _objs(items)
        )
        first_voucher = _obj(entries[0].raw.get("voucher")) if entries else {}
        number = _int(data.get("voucherNumber"))
        if number is None:
            number = _int(first_voucher.get("voucherNumber")) or 0
        year = _str(_obj(data.get("accountingYear")).get("year"))
        if not year:
            year = next((e.accounting_year for e in entries if e.accounting_year), "") or ""
        return cls(
            voucher_number=number,
            accounting_year=year,
            journal_number=_int(_obj(data.get("journal")).get("journalNumber")),
            entry_texts=tuple(entry.text for entry in entries),
            entries=entries,
            attachment_url=_str(data.get("attachment")) or _str(first_voucher.get("attachment")),
            self_url=_str(data.get("self")) or _str(first_voucher.get("self")),
            raw=data,
        )


@dataclass(frozen=True)
class AttachmentInfo:
    """What is attached to a voucher: `pages` is 0 when no file is there yet."""

    pages: int
    created_at: str = ""
    description: str = ""
    file_url: str = ""
    self_url: str = ""
    raw: Json = field(default_factory=dict, repr=False, compare=False, hash=False)

    @property
    def has_file(self) -> bool:
        return self.pages > 0

    @classmethod
    def from_json(cls, data: Json) -> AttachmentInfo:
        return cls(
            pages=_int(data.get("pages")) or 0,
            created_at=_str(data.get("createdAt")),
            description=_str(data.get("description")),
            file_url=_str(data.get("file")),
            self_url=_str(data.get("self")),
            raw=data,
        )


# --- tolerant readers: e-conomic omits, nests and occasionally stringifies values -------------


def _obj(value: Any) -> Json:
    return value if isinstance(value, Mapping) else {}


def _objs(value: Any) -> list[Json]:
    return [item for item in value if isinstance(item, Mapping)] if isinstance(value, list) else []


def _str(value: Any) -> str:
    return "" if value is None else str(value)


def _int(value: Any) -> int | None:
    if value is None or isinstance(value, bool):
        return None
    try:
        return int(value)
    except (TypeError, ValueError, ArithmeticError):
        return None


def _decimal(value: Any) -> Decimal | None:
    if value is None or isinstance(value, bool):
        return None
    try:
        return Decimal(str(value)) if not isinstance(value, Decimal) else value
    except (InvalidOperation, ValueError):
        return None


def _date(value: Any) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None
