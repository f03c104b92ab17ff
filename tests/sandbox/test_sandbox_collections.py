"""Collections and lookups: the envelope, pagination, filters and sorting of e-conomic."""

from __future__ import annotations

import pytest
from test_sandbox_auth import assert_same_keys

# The recorded journals collection (reference §4.2), one item.
RECORDED_JOURNALS = {
    "collection": [
        {"name": "Daglig",
         "settings": {"voucherNumbers": {"minimumVoucherNumber": 1}},
         "vouchers": "https://restapi.e-conomic.com/journals-experimental/1/vouchers",
         "entries": "https://restapi.e-conomic.com/journals-experimental/1/entries",
         "templates": {
             "financeVoucher": "https://restapi.e-conomic.com/journals-experimental/1/templates/financeVoucher",
             "manualCustomerInvoice": "https://restapi.e-conomic.com/journals-experimental/1/templates/manualCustomerInvoice",
             "self": "https://restapi.e-conomic.com/journals-experimental/1/templates"},
         "journalNumber": 1,
         "self": "https://restapi.e-conomic.com/journals-experimental/1"},
    ],
    "pagination": {
        "maxPageSizeAllowed": 1000, "skipPages": 0, "pageSize": 1000,
        "results": 3, "resultsWithoutFilter": 3,
        "firstPage": "https://restapi.e-conomic.com/journals-experimental?skippages=0&pagesize=1000",
        "lastPage": "https://restapi.e-conomic.com/journals-experimental?skippages=0&pagesize=1000",
    },
    "self": "https://restapi.e-conomic.com/journals-experimental?skippages=0&pagesize=1000",
}
RECORDED_404 = {"message", "developerHint", "logId", "httpStatusCode", "logTime"}


def test_journals_collection_has_the_recorded_shape(api):
    body = api.get("/journals").json()
    assert_same_keys(body, RECORDED_JOURNALS)
    assert set(body) == {"collection", "pagination", "self"}
    assert set(body["pagination"]) == set(RECORDED_JOURNALS["pagination"])
    assert set(body["collection"][0]) == set(RECORDED_JOURNALS["collection"][0])
    journal = body["collection"][0]
    assert journal["name"] == "Kassekladde"
    assert journal["settings"]["voucherNumbers"] == {"minimumVoucherNumber": 1,
                                                     "maximumVoucherNumber": 99999}
    assert body["self"] == f"{api.base_url}/journals?skippages=0&pagesize=20"


def test_the_product_journal_is_not_seeded(api):
    body = api.get("/journals", params={"filter": "name$eq:ACUBIZ EMS"}).json()
    assert body["collection"] == []
    assert body["pagination"]["results"] == 0
    assert body["pagination"]["resultsWithoutFilter"] == 1


def test_journal_filter_is_case_insensitive_and_like_means_contains(api, admin):
    admin("post", "/journals", json={"name": "ACUBIZ EMS", "minimumVoucherNumber": 500})
    by_name = api.get("/journals", params={"filter": "name$eq:acubiz ems"}).json()
    assert [j["name"] for j in by_name["collection"]] == ["ACUBIZ EMS"]
    like = api.get("/journals", params={"filter": "name$like:kladde"}).json()
    assert [j["name"] for j in like["collection"]] == ["Kassekladde"]
    star = api.get("/journals", params={"filter": "name$like:acu*"}).json()
    assert [j["name"] for j in star["collection"]] == ["ACUBIZ EMS"]
    number = api.get("/journals", params={"filter": "journalNumber$eq:2"}).json()
    assert [j["name"] for j in number["collection"]] == ["ACUBIZ EMS"]


def test_single_journal_and_recorded_404(api):
    assert api.get("/journals/1").json()["journalNumber"] == 1
    missing = api.get("/journals/77")
    assert missing.status_code == 404
    assert set(missing.json()) == RECORDED_404
    assert missing.json()["message"] == "Resource not found."


def test_unknown_route_is_404_and_wrong_method_is_405(api):
    assert api.get("/no-such-thing").status_code == 404
    assert set(api.get("/no-such-thing").json()) == RECORDED_404
    wrong = api.delete("/journals")
    assert wrong.status_code == 405
    assert wrong.json()["httpStatusCode"] == 405


def test_pagination_visits_every_account_once(api):
    first = api.get("/accounts").json()
    pagination = first["pagination"]
    assert pagination["pageSize"] == 20
    assert pagination["results"] > 20
    assert len(first["collection"]) == 20
    assert pagination["nextPage"] == f"{api.base_url}/accounts?skippages=1&pagesize=20"

    numbers = [a["accountNumber"] for a in api.all_items("/accounts", pagesize=7)]

    assert len(numbers) == pagination["results"]
    assert numbers == sorted(set(numbers))


def test_last_page_has_no_next_page(api):
    last = api.get("/accounts", params={"pagesize": 7}).json()["pagination"]["lastPage"]
    body = api.get(last).json()
    assert "nextPage" not in body["pagination"]
    assert body["pagination"]["lastPage"] == last
    beyond = api.get("/accounts", params={"skippages": 99}).json()
    assert beyond["collection"] == []


def test_page_size_limits(api):
    assert api.get("/accounts", params={"pagesize": 1000}).status_code == 200
    too_big = api.get("/accounts", params={"pagesize": 1001})
    assert too_big.status_code == 400
    assert too_big.json()["httpStatusCode"] == 400
    assert api.get("/accounts", params={"pagesize": "x"}).status_code == 400


def test_filter_survives_pagination(api):
    items = api.all_items("/accounts", pagesize=3, filter="accountType$eq:profitAndLoss")
    assert items
    assert {a["accountType"] for a in items} == {"profitAndLoss"}
    total = api.get("/accounts", params={"filter": "accountType$eq:profitAndLoss"}).json()
    assert len(items) == total["pagination"]["results"]


def test_account_filters(api):
    barred = api.get("/accounts", params={"filter": "barred$eq:true"}).json()["collection"]
    assert [a["accountNumber"] for a in barred] == [3900]
    assert barred[0]["barred"] is True
    one = api.get("/accounts", params={"filter": "accountNumber$eq:5900"}).json()["collection"]
    assert one[0]["name"] == "Medarbejderudlæg"
    both = api.get(
        "/accounts",
        params={"filter": "accountNumber$gte:3600$and:accountNumber$lte:3640"},
    ).json()["collection"]
    assert [a["accountNumber"] for a in both] == [3600, 3620, 3640]
    either = api.get(
        "/accounts", params={"filter": "accountNumber$eq:2200$or:accountNumber$eq:7000"}
    ).json()["collection"]
    assert [a["accountNumber"] for a in either] == [2200, 7000]
    listed = api.get("/accounts", params={"filter": "accountNumber$in:[2750,2800]"}).json()
    assert [a["accountNumber"] for a in listed["collection"]] == [2750, 2800]


def test_filtering_on_a_non_filterable_property_is_400(api):
    response = api.get("/accounts", params={"filter": "vatAccount$eq:I25"})
    assert response.status_code == 400
    assert response.json()["httpStatusCode"] == 400
    assert api.get("/accounts", params={"filter": "name$eq"}).status_code == 400


def test_sorting(api):
    names = [j["name"] for j in api.all_items("/currencies", sort="-code")]
    codes = [c["code"] for c in api.all_items("/currencies", sort="-code")]
    assert codes == sorted(codes, reverse=True)
    assert len(names) == 6
    assert api.get("/currencies", params={"sort": "nope"}).status_code == 400


def test_lookups_for_the_wizard(api):
    expense = api.all_items("/accounts", filter="accountType$eq:profitAndLoss")
    assert {2200, 2750, 2800, 3585, 3600, 3620, 3640, 3700} <= {a["accountNumber"]
                                                                 for a in expense}
    phone = api.get("/accounts/3585").json()
    assert phone["name"] == "Telefon og internet"
    assert phone["vatAccount"]["vatCode"] == "I25"
    assert api.get("/accounts/4242").status_code == 404
    status = {a["accountNumber"]
              for a in api.all_items("/accounts", filter="accountType$eq:status")}
    assert {5600, 5820, 5900, 6902, 7000} <= status
    kinds = {a["accountType"] for a in api.all_items("/accounts")}
    assert {"heading", "totalFrom"} <= kinds

    i25 = api.get("/vat-accounts/I25").json()
    assert i25["name"] == "Indgående moms 25%"
    assert i25["ratePercentage"] == 25.0
    assert i25["account"]["accountNumber"] == 6902
    assert i25["vatType"]["name"]
    rep = api.get("/vat-accounts/REP").json()
    assert rep["ratePercentage"] == 6.25
    codes = {v["vatCode"] for v in api.all_items("/vat-accounts")}
    assert {"I25", "I0", "REP", "U25"} <= codes

    currencies = {c["code"]: c for c in api.all_items("/currencies")}
    assert set(currencies) == {"DKK", "EUR", "SEK", "NOK", "USD", "GBP"}
    assert currencies["EUR"]["isoNumber"] == "978"
    assert api.get("/currencies/EUR").json()["name"] == "Euro"


def test_accounting_years(api):
    years = api.all_items("/accounting-years")
    assert [(y["year"], y["fromDate"], y["toDate"]) for y in years] == [
        ("2025", "2025-01-01", "2025-12-31"),
        ("2026", "2026-01-01", "2026-12-31"),
    ]
    assert "closed" not in years[0]
    found = api.get(
        "/accounting-years", params={"filter": "fromDate$lte:2026-05-16$and:toDate$gte:2026-05-16"}
    ).json()["collection"]
    assert [y["year"] for y in found] == ["2026"]
    assert api.get("/accounting-years/2026").json()["entries"].endswith("/accounting-years/2026"
                                                                        "/entries")


def test_split_year_uses_the_url_form(api, admin):
    created = admin("post", "/accounting-years",
                    json={"year": "2027/2028", "fromDate": "2027-07-01", "toDate": "2028-06-30"})
    assert created.status_code == 201
    year = api.get("/accounting-years/2027_6_2028").json()
    assert year["year"] == "2027/2028"
    assert year["self"] == f"{api.base_url}/accounting-years/2027_6_2028"


def test_departments_and_distributions(api):
    departments = api.all_items("/departments")
    assert [(d["departmentNumber"], d["name"]) for d in departments] == [
        (1, "Administration"), (2, "Salg"), (3, "Udvikling")]
    per_department = api.all_items("/departmental-distributions/departments")
    assert [d["departmentalDistributionNumber"] for d in per_department] == [1, 2, 3]
    first = per_department[0]
    assert first["distributionType"] == "department"
    assert first["distributions"][0]["percentage"] == 100.0
    assert first["distributions"][0]["department"]["departmentNumber"] == 1
    assert first["self"].endswith("/departmental-distributions/departments/1")
    assert len(api.all_items("/departmental-distributions")) == 4


@pytest.mark.parametrize("path", ["/suppliers", "/journals/1/vouchers", "/journals/1/entries"])
def test_other_collections_answer(api, path):
    body = api.get(path).json()
    assert {"collection", "pagination", "self"} <= set(body)


def test_voucher_collection_is_writable(api):
    meta = api.get("/journals/1/vouchers").json()["metaData"]
    assert meta["create"]["httpMethod"] == "post"
