"""Stored rows → e-conomic JSON, with absolute links on the base URL the client used.

Kept apart from the routes so the shapes (which the product's tests compare against recorded
e-conomic responses, reference §3-§7) are in one place. Booleans appear only when true, as in
e-conomic ("Implementation specifics", reference §4.3).
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from wizard.sandbox import seed

ENTRY_TYPE_KEYS = {"financeVoucher": "financeVouchers", "supplierInvoice": "supplierInvoices"}

# Self-link encoding of non-alphanumeric ids (reference §4.3): "2025/2026" → "2025_6_2026".
# UNCONFIRMED: only these four rows of e-conomic's table are known; other characters pass as-is.
_URL_CODES = {"_": "_8_", "/": "_6_", " ": "_9_", ":": "_4_"}
_URL_DECODE = {code: char for char, code in _URL_CODES.items()}


def year_to_url(year: str) -> str:
    return "".join(_URL_CODES.get(ch, ch) for ch in year)


def year_from_url(text: str) -> str:
    return re.sub(r"_[0-9]_", lambda m: _URL_DECODE.get(m.group(0), m.group(0)), text)


def money(value: Decimal | str | float | int) -> float:
    return float(Decimal(str(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


class Renderer:
    """Builds response objects for one request's base URL."""

    def __init__(self, base: str) -> None:
        self.base = base.rstrip("/")

    def url(self, path: str) -> str:
        return f"{self.base}{path}"

    # -- references -------------------------------------------------------------------------

    def account_ref(self, number: int) -> dict[str, Any]:
        return {"accountNumber": number, "self": self.url(f"/accounts/{number}")}

    def vat_ref(self, code: str) -> dict[str, Any]:
        return {"vatCode": code, "self": self.url(f"/vat-accounts/{code}")}

    def currency_ref(self, code: str) -> dict[str, Any]:
        return {"code": code, "self": self.url(f"/currencies/{code}")}

    def year_ref(self, year: str) -> dict[str, Any]:
        return {"year": year, "self": self.url(f"/accounting-years/{year_to_url(year)}")}

    def journal_ref(self, number: int) -> dict[str, Any]:
        return {"journalNumber": number, "self": self.url(f"/journals/{number}")}

    def department_ref(self, number: int) -> dict[str, Any]:
        return {"departmentNumber": number, "self": self.url(f"/departments/{number}")}

    def distribution_path(self, number: int, kind: str) -> str:
        group = "departments" if kind == "department" else "distributions"
        return f"/departmental-distributions/{group}/{number}"

    def voucher_path(self, journal: int, year: str, number: int) -> str:
        return f"/journals/{journal}/vouchers/{year_to_url(year)}-{number}"

    # -- lookups ----------------------------------------------------------------------------

    def account(self, row: dict[str, Any], balance: float = 0.0) -> dict[str, Any]:
        number = row["account_number"]
        out: dict[str, Any] = {
            "accountNumber": number,
            "accountType": row["account_type"],
            "balance": balance,
        }
        if row["barred"]:
            out["barred"] = True
        out["debitCredit"] = row["debit_credit"]
        out["name"] = row["name"]
        if row["vat_code"]:
            out["vatAccount"] = self.vat_ref(row["vat_code"])
        if row["total_from"]:
            out["totalFromAccount"] = self.account_ref(row["total_from"])
        out["accountingYears"] = self.url(f"/accounts/{number}/accounting-years")
        out["self"] = self.url(f"/accounts/{number}")
        return out

    def vat_account(self, row: dict[str, Any]) -> dict[str, Any]:
        type_number = row["vat_type_number"]
        out: dict[str, Any] = {
            "vatCode": row["vat_code"],
            "name": row["name"],
            "ratePercentage": row["rate"],
            "account": self.account_ref(row["account_number"]),
            "vatType": {
                "vatTypeNumber": type_number,
                "name": seed.VAT_TYPES.get(type_number, ""),
                "self": self.url(f"/vat-types/{type_number}"),
            },
        }
        if row["barred"]:
            out["barred"] = True
        out["self"] = self.url(f"/vat-accounts/{row['vat_code']}")
        return out

    def currency(self, row: dict[str, Any]) -> dict[str, Any]:
        return {
            "code": row["code"],
            "isoNumber": row["iso_number"],
            "name": row["name"],
            "self": self.url(f"/currencies/{row['code']}"),
        }

    def accounting_year(self, row: dict[str, Any]) -> dict[str, Any]:
        path = f"/accounting-years/{year_to_url(row['year'])}"
        out: dict[str, Any] = {"fromDate": row["from_date"], "toDate": row["to_date"]}
        if row["closed"]:
            out["closed"] = True
        out.update(
            {
                "year": row["year"],
                "periods": self.url(f"{path}/periods"),
                "entries": self.url(f"{path}/entries"),
                "totals": self.url(f"{path}/totals"),
                "vouchers": self.url(f"{path}/vouchers"),
                "self": self.url(path),
            }
        )
        return out

    def journal(self, row: dict[str, Any]) -> dict[str, Any]:
        number = row["journal_number"]
        path = f"/journals/{number}"
        numbers: dict[str, Any] = {"minimumVoucherNumber": row["min_voucher"]}
        if row["max_voucher"] is not None:
            numbers["maximumVoucherNumber"] = row["max_voucher"]
        settings: dict[str, Any] = {"voucherNumbers": numbers}
        if row["entry_type"]:
            settings["entryTypeRestrictedTo"] = row["entry_type"]
        return {
            "name": row["name"],
            "settings": settings,
            "vouchers": self.url(f"{path}/vouchers"),
            "entries": self.url(f"{path}/entries"),
            "templates": {
                "financeVoucher": self.url(f"{path}/templates/financeVoucher"),
                "manualCustomerInvoice": self.url(f"{path}/templates/manualCustomerInvoice"),
                "self": self.url(f"{path}/templates"),
            },
            "journalNumber": number,
            "self": self.url(path),
        }

    def department(self, row: dict[str, Any]) -> dict[str, Any]:
        number = row["department_number"]
        return {
            "departmentNumber": number,
            "name": row["name"],
            "self": self.url(f"/departments/{number}"),
        }

    def distribution(self, row: dict[str, Any]) -> dict[str, Any]:
        out: dict[str, Any] = {
            "departmentalDistributionNumber": row["number"],
            "name": row["name"],
        }
        if row["barred"]:
            out["barred"] = True
        out["distributionType"] = row["distribution_type"]
        out["distributions"] = [
            {"percentage": float(pct), "department": self.department_ref(dept)}
            for dept, pct in row["parts"]
        ]
        out["self"] = self.url(self.distribution_path(row["number"], row["distribution_type"]))
        return out

    def supplier(self, row: dict[str, Any]) -> dict[str, Any]:
        out: dict[str, Any] = {
            "supplierNumber": row["supplier_number"],
            "name": row["name"],
            "currency": row["currency"],
        }
        if row["barred"]:
            out["barred"] = True
        out["self"] = self.url(f"/suppliers/{row['supplier_number']}")
        return out

    # -- /self ------------------------------------------------------------------------------

    def self_info(self) -> dict[str, Any]:
        return {
            "agreementNumber": seed.AGREEMENT_NUMBER,
            "agreementType": {"agreementTypeNumber": 1, "name": "denmark"},
            "userName": seed.USER["loginId"],
            "signupDate": seed.SIGNUP_DATE,
            "user": {
                **seed.USER,
                "language": {
                    "languageNumber": 1,
                    "name": "Danish",
                    "culture": "da-DK",
                    "self": self.url("/languages/1"),
                },
                "agreementNumber": seed.AGREEMENT_NUMBER,
            },
            "company": dict(seed.COMPANY),
            "bankInformation": dict(seed.BANK_INFORMATION),
            "application": {
                "appNumber": seed.APP_NUMBER,
                "name": seed.APP_NAME,
                "appPublicToken": seed.APP_PUBLIC_TOKEN,
                "created": seed.APP_CREATED,
                "requiredRoles": [
                    {"roleNumber": 2, "name": "SuperUser", "self": self.url("/roles/2")}
                ],
                "self": self.url(f"/apps/{seed.APP_NUMBER}"),
            },
            "settings": {"baseCurrency": seed.BASE_CURRENCY},
            "companyAffiliation": "e-conomic",
            "canSendElectronicInvoice": True,
            "modules": [
                {
                    "moduleNumber": number,
                    "name": name,
                    "self": self.url(f"/modules/agreement/{number}"),
                }
                for number, name in seed.MODULES
            ],
            "self": self.url("/self"),
        }

    # -- vouchers and entries ---------------------------------------------------------------

    def voucher(self, voucher: dict[str, Any], entries: list[dict[str, Any]]) -> dict[str, Any]:
        journal, year = voucher["journal_number"], voucher["year"]
        number = voucher["voucher_number"]
        path = self.voucher_path(journal, year, number)
        grouped: dict[str, list[dict[str, Any]]] = {}
        for entry in entries:
            key = ENTRY_TYPE_KEYS.get(entry["entry_type"], entry["entry_type"] + "s")
            grouped.setdefault(key, []).append(self.draft_entry(entry))
        return {
            "accountingYear": self.year_ref(year),
            "journal": self.journal_ref(journal),
            "entries": grouped,
            "voucherNumber": number,
            "attachment": self.url(f"{path}/attachment"),
            "self": self.url(path),
        }

    def draft_entry(self, entry: dict[str, Any]) -> dict[str, Any]:
        fields = entry["fields"]
        journal, year, number = entry["journal_number"], entry["year"], entry["voucher_number"]
        entry_number = entry["journal_entry_number"]
        voucher_path = self.voucher_path(journal, year, number)
        rate = Decimal(str(fields["exchangeRate"]))
        amount = Decimal(fields["amount"])
        out: dict[str, Any] = {}
        if fields.get("account") is not None:
            out["account"] = self.account_ref(fields["account"])
        out["amount"] = money(amount)
        out["amountDefaultCurrency"] = money(amount * rate / 100)
        if fields.get("contraAccount") is not None:
            out["contraAccount"] = self.account_ref(fields["contraAccount"])
        if fields.get("contraVatCode"):
            out["contraVatAccount"] = self.vat_ref(fields["contraVatCode"])
            out["contraVatAmount"] = money(fields["contraVatAmount"])
            out["contraVatAmountInBaseCurrency"] = money(
                Decimal(fields["contraVatAmount"]) * rate / 100
            )
        out["currency"] = self.currency_ref(fields["currency"])
        out["date"] = fields["date"]
        if fields.get("distribution") is not None:
            number_, kind = fields["distribution"], fields.get("distributionType", "department")
            out["departmentalDistribution"] = {
                "departmentalDistributionNumber": number_,
                "distributionType": kind,
                "self": self.url(self.distribution_path(number_, kind)),
            }
        if fields.get("dueDate"):
            out["dueDate"] = fields["dueDate"]
        out["entryType"] = entry["entry_type"]
        out["exchangeRate"] = float(rate)
        out["journal"] = self.journal_ref(journal)
        out["journalEntryNumber"] = entry_number
        out["metaData"] = {
            "delete": {
                "description": "Delete this entry.",
                "href": self.url(f"/journals/{journal}/entries/{entry_number}"),
                "httpMethod": "delete",
            }
        }
        if fields.get("supplier") is not None:
            supplier = fields["supplier"]
            out["supplier"] = {
                "supplierNumber": supplier,
                "self": self.url(f"/suppliers/{supplier}"),
            }
        if fields.get("supplierInvoiceNumber"):
            out["supplierInvoiceNumber"] = fields["supplierInvoiceNumber"]
        if fields.get("text"):
            out["text"] = fields["text"]
        if fields.get("vatCode"):
            out["vatAccount"] = self.vat_ref(fields["vatCode"])
            out["vatAmount"] = money(fields["vatAmount"])
            out["vatAmountBaseCurrency"] = money(Decimal(fields["vatAmount"]) * rate / 100)
        out["voucher"] = {
            "accountingYear": self.year_ref(year),
            "voucherNumber": number,
            "attachment": self.url(f"{voucher_path}/attachment"),
            "self": self.url(voucher_path),
        }
        out["self"] = self.url(f"/journals/{journal}/entries/{entry_number}")
        return out

    def booked_entry(self, row: dict[str, Any]) -> dict[str, Any]:
        # UNCONFIRMED: field set of booked entries from the 2019 docs' list; `currency` is the
        # plain code here.
        fields = row["fields"]
        out: dict[str, Any] = {
            "account": self.account_ref(fields["account"]),
            "amount": money(fields["amount"]),
            "amountInBaseCurrency": money(fields["amountInBaseCurrency"]),
            "currency": fields["currency"],
            "date": fields["date"],
        }
        if fields.get("distribution") is not None:
            kind = fields.get("distributionType", "department")
            out["departmentalDistribution"] = {
                "departmentalDistributionNumber": fields["distribution"],
                "distributionType": kind,
                "self": self.url(self.distribution_path(fields["distribution"], kind)),
            }
        out["entryNumber"] = row["entry_number"]
        out["entryType"] = row["entry_type"]
        if fields.get("supplierInvoiceNumber"):
            out["supplierInvoiceNumber"] = fields["supplierInvoiceNumber"]
        if fields.get("text"):
            out["text"] = fields["text"]
        if fields.get("vatCode"):
            out["vatAccount"] = self.vat_ref(fields["vatCode"])
        out["voucherNumber"] = row["voucher_number"]
        out["self"] = self.url(
            f"/accounting-years/{year_to_url(row['year'])}/entries/{row['entry_number']}"
        )
        return out

    def attachment(self, voucher: dict[str, Any], pages: list[dict[str, Any]]) -> dict[str, Any]:
        path = self.voucher_path(
            voucher["journal_number"], voucher["year"], voucher["voucher_number"]
        ) + "/attachment"
        out: dict[str, Any] = {}
        if pages:
            out["createdAt"] = pages[0]["created"]
        out["description"] = pages[0]["filename"] if pages and pages[0]["filename"] else ""
        out["file"] = self.url(f"{path}/file")
        out["pages"] = sum(page["pages"] for page in pages)
        out["self"] = self.url(path)
        return out
