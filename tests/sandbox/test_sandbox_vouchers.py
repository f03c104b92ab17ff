"""Posting vouchers: numbering, the 201 array, and all-or-nothing validation."""

from __future__ import annotations

import copy

import pytest
from sandbox_helpers import finance_voucher

# Keys of the recorded 201 voucher (reference §5.2) and of a finance-voucher entry.
RECORDED_VOUCHER_KEYS = {"accountingYear", "journal", "entries", "voucherNumber", "attachment",
                         "self"}
FINANCE_ENTRY_KEYS = {"account", "contraAccount", "amount", "amountDefaultCurrency", "currency",
                      "date", "text", "vatAccount", "entryType", "journalEntryNumber", "voucher",
                      "journal", "self"}
VALIDATION_KEYS = {"message", "errorCode", "developerHint", "logId", "httpStatusCode", "errors",
                   "logTime", "errorCount"}
ERROR_ITEM_KEYS = {"propertyName", "errorMessage", "errorCode", "inputValue", "developerHint"}


def vouchers_in(api, journal=1):
    return api.get(f"/journals/{journal}/vouchers").json()["collection"]


def test_single_voucher_post_answers_201_with_an_array(api):
    response = api.post("/journals/1/vouchers", json=finance_voucher())

    assert response.status_code == 201
    body = response.json()
    assert isinstance(body, list) and len(body) == 1
    voucher = body[0]
    assert set(voucher) == RECORDED_VOUCHER_KEYS
    assert voucher["voucherNumber"] == 1
    assert voucher["accountingYear"] == {"year": "2026",
                                         "self": f"{api.base_url}/accounting-years/2026"}
    assert voucher["self"] == f"{api.base_url}/journals/1/vouchers/2026-1"
    assert voucher["attachment"] == voucher["self"] + "/attachment"
    entry = voucher["entries"]["financeVouchers"][0]
    assert set(entry) >= FINANCE_ENTRY_KEYS
    assert entry["entryType"] == "financeVoucher"
    assert entry["amount"] == 250.0
    assert entry["currency"]["code"] == "DKK"
    assert entry["vatAmount"] == 50.0
    assert entry["voucher"]["voucherNumber"] == 1
    assert entry["voucher"]["attachment"] == voucher["attachment"]
    assert response.headers["Location"] == voucher["self"]

    again = api.get("/journals/1/vouchers/2026-1")
    assert again.status_code == 200
    assert again.json() == voucher


def test_array_post_numbers_vouchers_in_order(api):
    body = [finance_voucher(text=f"line {i}") for i in range(3)]
    response = api.post("/journals/1/vouchers", json=body)
    assert response.status_code == 201
    created = response.json()
    assert [v["voucherNumber"] for v in created] == [1, 2, 3]
    entry_numbers = [v["entries"]["financeVouchers"][0]["journalEntryNumber"] for v in created]
    assert entry_numbers == sorted(entry_numbers)
    assert len(set(entry_numbers)) == 3
    next_one = api.post("/journals/1/vouchers", json=finance_voucher()).json()
    assert next_one[0]["voucherNumber"] == 4


def test_voucher_creates_draft_entries_in_the_journal(api):
    api.post("/journals/1/vouchers", json=finance_voucher(text="Taxi #0b6f1234", amount=120.5,
                                                          currency={"code": "EUR"}))
    entries = api.get("/journals/1/entries").json()["collection"]
    assert len(entries) == 1
    assert entries[0]["text"] == "Taxi #0b6f1234"
    assert entries[0]["currency"]["code"] == "EUR"
    assert entries[0]["amountDefaultCurrency"] == pytest.approx(120.5 * 7.46, abs=0.01)


def test_voucher_number_given_by_the_body(api, admin):
    admin("post", "/journals", json={"name": "ACUBIZ EMS", "minimumVoucherNumber": 500,
                                     "maximumVoucherNumber": 600})
    ok = api.post("/journals/2/vouchers", json={**finance_voucher(), "voucherNumber": 550})
    assert ok.status_code == 201
    assert ok.json()[0]["voucherNumber"] == 550
    auto = api.post("/journals/2/vouchers", json=finance_voucher())
    assert auto.json()[0]["voucherNumber"] == 551

    taken = api.post("/journals/2/vouchers", json={**finance_voucher(), "voucherNumber": 550})
    assert taken.status_code == 400
    assert "voucherNumber" in taken.json()["errors"]
    outside = api.post("/journals/2/vouchers", json={**finance_voucher(), "voucherNumber": 7})
    assert outside.status_code == 400
    assert outside.json()["errors"]["voucherNumber"]["errors"][0]["errorCode"] == (
        "JournalEntryVoucherNumberNotWithinBoundaries"
    )


def test_numbers_restart_in_each_accounting_year(api):
    api.post("/journals/1/vouchers", json=finance_voucher())
    other = api.post("/journals/1/vouchers", json=finance_voucher(year="2025", date="2025-03-01"))
    assert other.json()[0]["voucherNumber"] == 1
    assert other.json()[0]["self"].endswith("/journals/1/vouchers/2025-1")


def test_split_year_voucher_url(api, admin):
    admin("post", "/accounting-years",
          json={"year": "2027/2028", "fromDate": "2027-07-01", "toDate": "2028-06-30"})
    created = api.post("/journals/1/vouchers",
                       json=finance_voucher(year="2027/2028", date="2028-01-10")).json()[0]
    assert created["self"] == f"{api.base_url}/journals/1/vouchers/2027_6_2028-1"
    assert created["accountingYear"]["self"] == f"{api.base_url}/accounting-years/2027_6_2028"
    assert api.get(created["self"]).status_code == 200


def test_unknown_journal_and_voucher_are_404(api):
    assert api.post("/journals/9/vouchers", json=finance_voucher()).status_code == 404
    assert api.get("/journals/1/vouchers/2026-99").status_code == 404
    assert api.get("/journals/1/vouchers/nonsense").status_code == 404


def test_non_json_is_refused(api):
    response = api.post("/journals/1/vouchers", data="accountingYear=2026",
                        headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert response.status_code == 415
    broken = api.post("/journals/1/vouchers", data="{not json",
                      headers={"Content-Type": "application/json"})
    assert broken.status_code == 400


def _bad(**change):
    voucher = finance_voucher()
    entry = voucher["entries"]["financeVouchers"][0]
    for key, value in change.items():
        if value is None:
            entry.pop(key, None)
        else:
            entry[key] = value
    return voucher


# (what is wrong, voucher, entry property with the error, expected errorCode or None)
INVALID = [
    ("unknown account", _bad(account={"accountNumber": 9999}), "Account", "E07150"),
    ("barred account", _bad(account={"accountNumber": 3900}), "Account", "AccountBarred"),
    ("unknown contra", _bad(contraAccount={"accountNumber": 1}), "ContraAccount", "E07150"),
    ("heading account", _bad(account={"accountNumber": 1000}), "Account", None),
    ("missing amount", _bad(amount=None), "Amount", "E04730"),
    ("three decimals", _bad(amount=10.123), "Amount", "E04740"),
    ("string amount", _bad(amount="10.00"), "Amount", None),
    ("missing date", _bad(date=None), "Date", "E04730"),
    ("not ISO date", _bad(date="16-05-2026"), "Date", None),
    ("date outside year", _bad(date="2025-12-31"), "Date", "DateOutsideAccountingYear"),
    ("unknown VAT code", _bad(vatAccount={"vatCode": "XX9"}), "VatAccount", "E06000"),
    ("unknown currency", _bad(currency={"code": "ZUL"}), "Currency", "E06000"),
    ("text too long", _bad(text="x" * 251), "Text", None),
    ("unknown distribution", _bad(departmentalDistribution={"departmentalDistributionNumber": 99}),
     "DepartmentalDistribution", "E06000"),
]


@pytest.mark.parametrize(("case", "voucher", "prop", "code"), INVALID,
                         ids=[case[0] for case in INVALID])
def test_each_validation_error_creates_nothing(api, case, voucher, prop, code):
    good = finance_voucher(text="the good one")
    response = api.post("/journals/1/vouchers", json=[good, voucher])

    assert response.status_code == 400, response.text
    body = response.json()
    assert set(body) == VALIDATION_KEYS
    assert body["errorCode"] == "E04300"
    assert body["message"] == f"Validation failed. {body['errorCount']} " + (
        "errors found." if body["errorCount"] != 1 else "error found."
    )
    assert [e["arrayIndex"] for e in body["errors"]] == [1]
    items = body["errors"][0]["entries"]["items"]
    assert items[0]["arrayIndex"] == 0
    error = items[0][prop]["errors"][0]
    assert {"propertyName", "errorMessage", "errorCode", "developerHint"} <= set(error)
    assert error["propertyName"] == prop
    if code:
        assert error["errorCode"] == code
    assert vouchers_in(api) == []
    assert api.get("/journals/1/entries").json()["collection"] == []


def test_unknown_account_matches_the_recorded_body(api):
    response = api.post("/journals/1/vouchers",
                        json=[_bad(account={"accountNumber": 9999})])
    body = response.json()
    assert body["message"] == "Validation failed. 2 errors found."
    assert body["errorCount"] == 2
    first = body["errors"][0]
    summary = first["account"]["errors"][0]
    assert set(summary) == ERROR_ITEM_KEYS
    assert summary["errorCode"] == "E04041"
    assert summary["errorMessage"] == "Account(s) is not found or barred."
    detail = first["entries"]["items"][0]["Account"]["errors"][0]
    assert set(detail) == ERROR_ITEM_KEYS
    assert detail["errorMessage"] == "Account '9999' not found."
    assert detail["inputValue"] == 9999
    assert detail["developerHint"] == f"Find a list of accounts at {api.base_url}/accounts ."


def test_single_object_post_gets_the_object_form(api):
    response = api.post("/journals/1/vouchers", json=_bad(amount=None))
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert isinstance(errors, dict)
    assert "arrayIndex" not in errors
    assert errors["entries"]["items"][0]["Amount"]["errors"][0]["errorCode"] == "E04730"


def test_all_errors_are_collected(api):
    broken = _bad(amount=1.001, date=None, vatAccount={"vatCode": "NOPE"})
    response = api.post("/journals/1/vouchers",
                        json=[broken, finance_voucher(), copy.deepcopy(broken)])
    body = response.json()
    assert body["errorCount"] == 6
    assert [e["arrayIndex"] for e in body["errors"]] == [0, 2]


def test_missing_or_unknown_accounting_year(api):
    no_year = finance_voucher()
    del no_year["accountingYear"]
    response = api.post("/journals/1/vouchers", json=[no_year])
    assert response.status_code == 400
    assert "accountingYear" in response.json()["errors"][0]
    unknown = api.post("/journals/1/vouchers", json=finance_voucher(year="1999",
                                                                   date="1999-01-01"))
    assert unknown.status_code == 400
    assert vouchers_in(api) == []


def test_closed_year_is_refused(api, admin):
    assert admin("post", "/accounting-years/2025/close").status_code == 200
    response = api.post("/journals/1/vouchers", json=finance_voucher(year="2025",
                                                                    date="2025-06-01"))
    assert response.status_code == 400
    error = response.json()["errors"]["accountingYear"]["errors"][0]
    assert error["errorCode"] == "AccountingYearClosed"
    assert api.get("/accounting-years/2025").json()["closed"] is True
    assert vouchers_in(api) == []


def test_account_barred_at_run_time(api, admin):
    assert admin("post", "/accounts/3585/bar").status_code == 200
    response = api.post("/journals/1/vouchers", json=finance_voucher())
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert errors["account"]["errors"][0]["errorCode"] == "E04041"
    assert errors["entries"]["items"][0]["Account"]["errors"][0]["errorMessage"] == (
        "Account '3585' is barred."
    )


def test_journal_restricted_to_another_entry_type(api, admin):
    admin("post", "/journals", json={"name": "Indbetalinger",
                                     "entryTypeRestrictedTo": "customerPayment"})
    journal = api.get("/journals/2").json()
    assert journal["settings"]["entryTypeRestrictedTo"] == "customerPayment"
    response = api.post("/journals/2/vouchers", json=finance_voucher())
    assert response.status_code == 400
    item = response.json()["errors"]["entries"]["items"][0]
    assert item["EntryType"]["errors"][0]["errorCode"] == "EntryTypeNotAllowed"
    assert vouchers_in(api, 2) == []


def test_journal_restricted_to_finance_vouchers_accepts_them(api, admin):
    admin("post", "/journals",
          json={"name": "Lønninger", "entryTypeRestrictedTo": "financeVoucher"})
    assert api.post("/journals/2/vouchers", json=finance_voucher()).status_code == 201


def test_departmental_distribution_and_no_vat(api):
    voucher = finance_voucher(vat=None, departmentalDistribution={
        "departmentalDistributionNumber": 2})
    entry = api.post("/journals/1/vouchers", json=voucher).json()[0]["entries"][
        "financeVouchers"][0]
    assert entry["departmentalDistribution"]["departmentalDistributionNumber"] == 2
    assert "vatAccount" not in entry


def test_supplier_invoice_is_accepted_and_validated(api):
    invoice = {"supplier": {"supplierNumber": 1}, "amount": 100,
               "contraAccount": {"accountNumber": 3600},
               "contraVatAccount": {"vatCode": "I25"}, "date": "2026-02-03",
               "supplierInvoiceNumber": "F-1001", "text": "Kontorartikler"}
    body = {"accountingYear": {"year": "2026"}, "entries": {"supplierInvoices": [invoice]}}
    created = api.post("/journals/1/vouchers", json=body)
    assert created.status_code == 201
    entry = created.json()[0]["entries"]["supplierInvoices"][0]
    assert entry["entryType"] == "supplierInvoice"
    assert entry["supplier"]["supplierNumber"] == 1
    bad = copy.deepcopy(body)
    bad["entries"]["supplierInvoices"][0]["supplier"] = {"supplierNumber": 99}
    bad["entries"]["supplierInvoices"][0]["supplierInvoiceNumber"] = "x" * 31
    refused = api.post("/journals/1/vouchers", json=bad)
    assert refused.status_code == 400
    assert set(refused.json()["errors"]["entries"]["items"][0]) >= {"Supplier",
                                                                    "SupplierInvoiceNumber"}


def test_draft_entry_can_be_deleted(api):
    created = api.post("/journals/1/vouchers", json=finance_voucher()).json()[0]
    entry = created["entries"]["financeVouchers"][0]
    assert api.delete(entry["metaData"]["delete"]["href"]).status_code == 204
    assert api.get(created["self"]).status_code == 404
