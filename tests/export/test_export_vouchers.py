"""Lines become e-conomic vouchers: grouped as the profile says, marked so a search finds
exactly the right entry, and frozen to the same bytes every time."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import random
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wizard.export.lines import ExpenseLine
from wizard.export.markers import MAX_LINE_ID, MAX_TEXT, find_marker
from wizard.export.vouchers import (
    entry_text,
    group_into_vouchers,
    marker_for,
    split_by_accounting_year,
    to_json_bytes,
    voucher_body,
    voucher_key,
)

FILE_A = Path("/inbox/EMS_EA-20261124-160000.csv")
FILE_B = Path("/inbox/EMS_EA-20261125-160000.csv")
PROFILE = "2. Omkostninger"

line_ids = st.text(
    alphabet="abcXYZ0123456789._/+-", min_size=1, max_size=MAX_LINE_ID
)


def line(line_id="1000002-1", **changes) -> ExpenseLine:
    values = dict(
        line_id=line_id, source_file=FILE_A, source_line=1, date=dt.date(2026, 11, 24),
        text="Taxa til Kastrup", amount=Decimal("212.00"), currency="DKK", account=3640,
        contra_account=5900, vat_code="I25", employee="MJ", travel_id=line_id,
    )
    values.update(changes)
    return ExpenseLine(**values)


def sample_lines() -> list[ExpenseLine]:
    return [
        line("1000001-1", source_line=1, employee="MJ", date=dt.date(2026, 11, 23)),
        line("1000002-1", source_line=3, employee="PH", date=dt.date(2026, 11, 23)),
        line("1000002-2", source_line=5, employee="PH", date=dt.date(2026, 11, 23)),
        line("1000003-1", source_line=7, employee="PH", date=dt.date(2026, 11, 24)),
        line("1000004-1", source_line=1, employee="PH", date=dt.date(2026, 11, 23),
             source_file=FILE_B),
    ]


def grouped(grouping):
    drafts = group_into_vouchers(sample_lines(), grouping, profile_name=PROFILE)
    return [[ln.line_id for ln in draft.lines] for draft in drafts]


# -- grouping ---------------------------------------------------------------------------------


def test_travel_id_grouping_gives_each_posting_its_own_voucher():
    assert grouped("travel_id") == [
        ["1000001-1"], ["1000002-1"], ["1000002-2"], ["1000003-1"], ["1000004-1"]
    ]


def test_file_grouping_gives_one_voucher_per_file():
    assert grouped("file") == [
        ["1000001-1", "1000002-1", "1000002-2", "1000003-1"], ["1000004-1"]
    ]


def test_employee_day_grouping_never_mixes_files():
    assert grouped("employee_day") == [
        ["1000001-1"], ["1000002-1", "1000002-2"], ["1000003-1"], ["1000004-1"]
    ]


def test_simple_format_reports_group_lines_and_lines_without_report_stand_alone():
    lines = [
        line("A", source_line=2, report="R-7", travel_id=None),
        line("B", source_line=3, travel_id=None),
        line("C", source_line=4, report="R-7", travel_id=None),
    ]
    drafts = group_into_vouchers(lines, "travel_id", profile_name=PROFILE)
    assert [draft.line_ids for draft in drafts] == [("A", "C"), ("B",)]
    assert [draft.label for draft in drafts] == ["report R-7", "line B"]


def test_grouping_does_not_depend_on_the_order_lines_arrive_in():
    expected = group_into_vouchers(sample_lines(), "employee_day", profile_name=PROFILE)
    for seed in range(5):
        shuffled = sample_lines()
        random.Random(seed).shuffle(shuffled)
        assert group_into_vouchers(shuffled, "employee_day", profile_name=PROFILE) == expected


def test_a_voucher_lists_each_receipt_once():
    receipt = Path("/inbox/taxi.pdf")
    lines = [line("A", receipts=(receipt,)), line("B", source_line=3, receipts=(receipt,))]
    (draft,) = group_into_vouchers(lines, "file", profile_name=PROFILE)
    assert draft.receipts == (receipt,)


def test_a_voucher_across_a_year_end_is_split_per_accounting_year():
    lines = [
        line("A", date=dt.date(2026, 12, 30)),
        line("B", source_line=3, date=dt.date(2027, 1, 2)),
        line("C", source_line=5, date=dt.date(2026, 12, 31)),
    ]
    (draft,) = group_into_vouchers(lines, "file", profile_name=PROFILE)
    parts = split_by_accounting_year(draft, lambda day: str(day.year))
    assert [(label, part.line_ids) for label, part in parts] == [
        ("2026", ("A", "C")), ("2027", ("B",))
    ]
    assert len({voucher_key(part) for _, part in parts}) == 2
    single = group_into_vouchers(lines[:1], "file", profile_name=PROFILE)[0]
    assert split_by_accounting_year(single, lambda day: "2026") == [("2026", single)]


def test_lines_without_an_accounting_year_come_back_under_none():
    (draft,) = group_into_vouchers([line("A", date=dt.date(2031, 1, 1))], "file",
                                   profile_name=PROFILE)
    assert split_by_accounting_year(draft, lambda day: None) == [(None, draft)]


# -- markers ----------------------------------------------------------------------------------


def test_a_marker_is_not_found_inside_a_longer_id():
    short, long = marker_for(line("1000002-1")), marker_for(line("1000002-10"))
    assert (short, long) == ("[EMS:1000002-1]", "[EMS:1000002-10]")
    assert short not in long and short not in entry_text(line("1000002-10"))


@given(line_ids, line_ids)
def test_no_marker_is_a_substring_of_another(first, second):
    if first != second:
        assert marker_for(line(first)) not in marker_for(line(second))
        assert marker_for(line(first)) not in entry_text(line(second, text="x"))


def test_unusable_ids_cannot_make_a_marker():
    for bad in ("", "a]b", "[x", "a b", "x" * (MAX_LINE_ID + 1)):
        with pytest.raises(ValueError):
            marker_for(line(bad))


@given(line_ids, st.text(max_size=600))
def test_entry_text_fits_and_always_starts_with_the_whole_marker(line_id, text):
    subject = line(line_id, text=text)
    result = entry_text(subject)
    assert len(result) <= MAX_TEXT
    assert result.startswith(marker_for(subject))
    assert find_marker(result) == marker_for(subject)


def test_a_long_text_is_cut_with_an_ellipsis_and_short_text_is_kept():
    assert entry_text(line("1", text="Taxa\r\n til  lufthavn")) == "[EMS:1] Taxa til lufthavn"
    cut = entry_text(line("1000002-1", text="ø" * 400))
    assert len(cut) == MAX_TEXT and cut.endswith("…")
    assert entry_text(line("1", text="")) == "[EMS:1]"


# -- keys and bodies --------------------------------------------------------------------------


def test_the_voucher_key_is_stable_and_depends_on_profile_and_line_ids_only():
    (draft,) = group_into_vouchers(sample_lines()[:4], "file", profile_name=PROFILE)
    # Pinned: the ledger stores these keys, so a change here would re-send old vouchers.
    assert voucher_key(draft) == voucher_key(dataclasses.replace(
        draft, lines=tuple(reversed(draft.lines)), label="other"
    ))
    assert voucher_key(draft) == "4b6ba28038d3c02c9442cff1040e464e"
    other_profile = dataclasses.replace(draft, profile_name="Løn")
    fewer_lines = dataclasses.replace(draft, lines=draft.lines[:3])
    assert len({voucher_key(draft), voucher_key(other_profile), voucher_key(fewer_lines)}) == 3


def test_the_body_follows_the_economic_finance_voucher_shape():
    lines = [
        line("1000001-1", department="Salg"),
        line("1000004-1", source_line=3, vat_code=None, currency=None, amount=Decimal("150"),
             department="Ukendt"),
    ]
    (draft,) = group_into_vouchers(lines, "file", profile_name=PROFILE)
    body = voucher_body(draft, 7, "2026/2027", "DKK", {"Salg": 2})
    assert body == {
        "accountingYear": {"year": "2026/2027"},
        "journal": {"journalNumber": 7},
        "entries": {"financeVouchers": [
            {
                "account": {"accountNumber": 3640},
                "contraAccount": {"accountNumber": 5900},
                "amount": Decimal("212.00"),
                "currency": {"code": "DKK"},
                "date": "2026-11-24",
                "text": "[EMS:1000001-1] Taxa til Kastrup",
                "vatAccount": {"vatCode": "I25"},
                "departmentalDistribution": {"departmentalDistributionNumber": 2},
            },
            {
                "account": {"accountNumber": 3640},
                "contraAccount": {"accountNumber": 5900},
                "amount": Decimal("150.00"),
                "currency": {"code": "DKK"},
                "date": "2026-11-24",
                "text": "[EMS:1000004-1] Taxa til Kastrup",
            },
        ]},
    }


def test_the_body_freezes_to_canonical_bytes():
    (draft,) = group_into_vouchers([line("1000001-1", text="Kørsel")], "file",
                                   profile_name=PROFILE)
    frozen = to_json_bytes(voucher_body(draft, 7, "2026", "DKK"))
    assert frozen == (
        b'{"accountingYear":{"year":"2026"},"entries":{"financeVouchers":[{"account":'
        b'{"accountNumber":3640},"amount":212.00,"contraAccount":{"accountNumber":5900},'
        b'"currency":{"code":"DKK"},"date":"2026-11-24","text":"[EMS:1000001-1] K\\u00f8rsel",'
        b'"vatAccount":{"vatCode":"I25"}}]},"journal":{"journalNumber":7}}'
    )
    assert json.loads(frozen)["entries"]["financeVouchers"][0]["text"].endswith("Kørsel")


def test_canonical_bytes_ignore_key_order_and_normalise_amounts():
    assert to_json_bytes({"b": Decimal("5"), "a": [Decimal("-0.00"), 1, None, True]}) == (
        b'{"a":[0.00,1,null,true],"b":5.00}'
    )
    assert to_json_bytes({"a": 1, "b": 2}) == to_json_bytes({"b": 2, "a": 1})


def test_values_that_cannot_be_frozen_exactly_are_refused():
    with pytest.raises(TypeError):
        to_json_bytes({"amount": 1.5})
    with pytest.raises(ValueError):
        to_json_bytes({"amount": Decimal("1.005")})


@given(st.decimals(min_value=-10**9, max_value=10**9, places=2, allow_nan=False))
def test_any_two_decimal_amount_freezes_to_exactly_two_decimals(amount):
    text = to_json_bytes({"amount": amount}).decode()
    number = text.split(":")[1].rstrip("}")
    assert Decimal(number) == amount and len(number.split(".")[1]) == 2


json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-10**12, 10**12) | st.text()
    | st.decimals(min_value=-10**9, max_value=10**9, places=2, allow_nan=False),
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=20,
)


@given(json_values)
def test_the_fast_encoder_freezes_the_same_bytes_as_the_careful_one(value):
    """Bodies frozen before the C-encoder path (in ledgers on admins' PCs) must compare equal
    to the same body frozen now: a difference would look like changed content."""
    from wizard.export.vouchers import _encode, _encode_slowly

    assert _encode(value) == _encode_slowly(value)
