"""Accounting-year labels in URLs, picking the year for a date, filter escaping, exact markers."""

from __future__ import annotations

import datetime as dt

import pytest

from wizard.economic import AccountingYear, escape_filter_value, has_marker, pick_year
from wizard.economic.filters import filter_expression, filter_query
from wizard.economic.years import voucher_id, year_from_url, year_to_url


@pytest.mark.parametrize(
    ("label", "url_form"),
    [
        ("2025", "2025"),
        ("2025/2026", "2025_6_2026"),
        ("2025/2026a", "2025_6_2026a"),
        ("2025_2026", "2025_8_2026"),
        ("Year 1", "Year_9_1"),
        ("a:b.c#d+e", "a_4_b_11_c_12_d_13_e"),
    ],
)
def test_year_labels_use_e_conomics_self_link_encoding(label, url_form):
    assert year_to_url(label) == url_form
    assert year_from_url(url_form) == label


def test_characters_outside_the_table_are_percent_encoded():
    assert year_to_url("2025/æ") == "2025_6_%C3%A6"
    assert year_from_url("2025_6_%C3%A6") == "2025/æ"


def test_voucher_id_joins_year_and_number():
    assert voucher_id("2025/2026", 1043) == "2025_6_2026-1043"
    assert voucher_id("2025", 7) == "2025-7"


def _year(label, start, end, closed=False):
    return AccountingYear(label, dt.date.fromisoformat(start), dt.date.fromisoformat(end), closed)


YEARS = [
    _year("2024", "2024-01-01", "2024-12-31", closed=True),
    _year("2025/2026", "2025-01-01", "2026-06-30"),  # an 18-month year
    _year("2026/2027a", "2026-07-01", "2027-06-30"),
]


@pytest.mark.parametrize(
    ("date", "label"),
    [
        ("2024-06-15", "2024"),
        ("2025-01-01", "2025/2026"),
        ("2026-06-30", "2025/2026"),
        ("2026-07-01", "2026/2027a"),
    ],
)
def test_pick_year_finds_the_year_whose_range_contains_the_date(date, label):
    assert pick_year(YEARS, dt.date.fromisoformat(date)).label == label


def test_pick_year_returns_closed_years_and_none_outside_all():
    assert pick_year(YEARS, dt.date(2024, 3, 1)).closed is True
    assert pick_year(YEARS, dt.date(2023, 12, 31)) is None
    assert pick_year(YEARS, dt.datetime(2025, 5, 5, 23, 59)).label == "2025/2026"


def test_accounting_year_url_id_and_contains():
    year = YEARS[1]
    assert year.url_id == "2025_6_2026"
    assert year.contains(dt.date(2025, 12, 24))
    assert not year.contains(dt.date(2026, 7, 1))


def test_filter_values_escape_every_special_character():
    assert escape_filter_value("a$b(c)d*e,f[g]h") == "a$$b$(c$)d$*e$,f$[g$]h"
    assert escape_filter_value("$$") == "$$$$"
    assert escape_filter_value("plain text 42") == "plain text 42"


def test_filter_query_is_url_encoded_as_the_reference_shows():
    assert filter_query(filter_expression("name", "eq", "ACUBIZ EMS")) == (
        "filter=name%24eq%3AACUBIZ%20EMS"
    )
    assert filter_query(filter_expression("text", "like", "50% (x)")) == (
        "filter=text%24like%3A50%25%20%24%28x%24%29"
    )


@pytest.mark.parametrize(
    ("text", "marker", "expected"),
    [
        ("Taxi 1000002-1", "1000002-1", True),
        ("1000002-1 Taxi", "1000002-1", True),
        ("Taxi [1000002-1]", "1000002-1", True),
        ("Taxi 1000002-10", "1000002-1", False),
        ("Taxi 11000002-1", "1000002-1", False),
        ("Taxi 1000002-1a", "1000002-1", False),
        ("Taxi 1000002-1-2", "1000002-1", False),
        ("TAXI ABC-1", "abc-1", False),  # e-conomic ignores case; the marker does not
        ("Udlæg | Jane Doe | Telefon#a7c7bcab", "#a7c7bcab", True),
        ("", "1000002-1", False),
        ("anything", "", False),
    ],
)
def test_has_marker_needs_an_exact_token(text, marker, expected):
    assert has_marker(text, marker) is expected
