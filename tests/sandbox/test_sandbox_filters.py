"""e-conomic's filter language, including its escapes, and entry searches by text."""

from __future__ import annotations

import pytest
from sandbox_helpers import finance_voucher

from wizard.sandbox.errors import ApiError
from wizard.sandbox.listing import Spec, parse_filter

SPEC = Spec({"text": "str", "amount": "num", "date": "date", "voucher.voucherNumber": "int",
             "barred": "bool"}, ("text",), aliases={"voucherNumber": "voucher.voucherNumber"})


def matches(expression, item):
    return parse_filter(expression, SPEC)(item)


@pytest.mark.parametrize(
    ("expression", "text", "expected"),
    [
        ("text$like:udlæg", "Udlæg | Jane", True),
        ("text$like:JANE", "Udlæg | Jane", True),
        ("text$like:udlæg*", "Udlæg | Jane", True),
        ("text$like:*jane", "Udlæg | Jane", True),
        ("text$like:jane*", "Udlæg | Jane", False),
        ("text$like:U*g | J*", "Udlæg | Jane", True),
        ("text$eq:udlæg | jane", "Udlæg | Jane", True),
        ("text$eq:udlæg", "Udlæg | Jane", False),
        ("text$ne:udlæg", "Udlæg | Jane", True),
        ("text$like:#a7c7bcab", "Telefon #a7c7bcab", True),
        ("text$like:50$*", "Rabat 50* ekstra", True),
        ("text$like:50$*", "Rabat 500 ekstra", False),
        ("text$eq:cost $(eur$)", "Cost (EUR)", True),
        ("text$eq:a$,b", "a,b", True),
        ("text$eq:price $$5", "price $5", True),
        ("text$eq:x $[1$]", "x [1]", True),
        ("text$eq:$null:", None, True),
        ("text$ne:$null:", "x", True),
    ],
)
def test_text_filters(expression, text, expected):
    assert matches(expression, {"text": text}) is expected


def test_numbers_dates_booleans_and_grouping():
    item = {"text": "Taxi", "amount": 120.5, "date": "2026-05-16",
            "voucher": {"voucherNumber": 17}}
    assert matches("amount$gt:100$and:amount$lte:120.5", item)
    assert matches("date$gte:2026-05-01$and:date$lt:2026-06-01", item)
    assert matches("voucherNumber$eq:17", item)
    assert matches("voucher.voucherNumber$in:[1,17,30]", item)
    assert not matches("voucher.voucherNumber$nin:[17]", item)
    assert matches("(text$eq:bus$or:text$eq:taxi)$and:amount$gt:100", item)
    assert not matches("text$eq:bus$or:(text$eq:taxi$and:amount$gt:200)", item)
    assert matches("barred$eq:false", item)


@pytest.mark.parametrize("expression", ["text", "text$eq", "text$zz:1", "(text$eq:a",
                                        "amount$gt:abc", "name$eq:x", "text$in:[a]"])
def test_bad_filters_are_400(expression):
    with pytest.raises(ApiError) as caught:
        parse_filter(expression, SPEC)
    assert caught.value.status == 400


def test_find_a_posting_by_its_marker_over_http(api):
    api.post("/journals/1/vouchers", json=[
        finance_voucher(text="Udlæg | Jane Doe | Telefon #a7c7bcab"),
        finance_voucher(text="Udlæg | John Roe | Taxi #0b6f0001", date="2026-05-20"),
    ])
    found = api.get("/journals/1/entries", params={"filter": "text$like:#0b6f0001"}).json()
    assert [e["voucher"]["voucherNumber"] for e in found["collection"]] == [2]
    exact = api.get("/journals/1/entries",
                    params={"filter": "text$eq:udlæg | jane doe | telefon #a7c7bcab"}).json()
    assert len(exact["collection"]) == 1
    by_number = api.get("/journals/1/entries",
                        params={"filter": "voucher.voucherNumber$eq:1"}).json()
    assert len(by_number["collection"]) == 1
    combined = api.get("/journals/1/entries",
                       params={"filter": "text$like:udlæg$and:date$gte:2026-05-18"}).json()
    assert [e["text"] for e in combined["collection"]] == ["Udlæg | John Roe | Taxi #0b6f0001"]
    assert api.get("/journals/1/entries", params={"filter": "vatAmount$eq:50"}).status_code == 400
