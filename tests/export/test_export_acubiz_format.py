"""Acubiz posting files, built byte for byte as Acubiz writes them, become expense lines; every
kind of bad posting is held with problems that name the file, the line and the fix, and never
stops the other postings of the file."""

from __future__ import annotations

import datetime as dt
import os
import re
from decimal import Decimal
from pathlib import Path

import pytest

from wizard.export.formats.acubiz import COLUMNS, FIELD_COUNT, looks_like_acubiz
from wizard.export.source import read_file
from wizard.settings.profiles import ExportProfile

NAME = "EMS_EA-20261124-160000.csv"


def posting(
    *, date="24-11-2026", account="3640", vat="I25", amount="212,00", currency="DKK",
    text="Taxa til Kastrup", travel_id="1000002-1", contra="5900", credit_amount=None,
    credit_currency=None, credit_vat="", receipts="", initials="MJ", user="Mette Jensen",
    dimensions=("",) * 9, used="212,00", used_currency="DKK", kind="f", credit_kind="f",
    enclosure="1",
) -> list[list[str]]:
    """An expense line and its contra line (column 1, the line number, is filled in later).
    The contra line's amounts are the expense line's negated unless given."""
    values = {
        "date": date, "transaction_type": kind, "account": account, "vat_code": vat,
        "amount": amount, "currency": currency, "amount_used": used,
        "currency_used": used_currency, "text": text, "initials": initials,
        "user_name": user, "travel_id": travel_id, "enclosure_number": enclosure,
        "receipts": receipts,
        **{f"dimension_{n}": value for n, value in enumerate(dimensions, 1)},
    }
    debit = [""] * FIELD_COUNT
    for name, value in values.items():
        debit[COLUMNS[name] - 1] = value
    credit = [""] * FIELD_COUNT
    credit_values = {
        "date": date, "transaction_type": credit_kind, "account": contra,
        "vat_code": credit_vat,
        "amount": credit_amount if credit_amount is not None else negate(amount),
        "currency": credit_currency if credit_currency is not None else currency,
        "amount_used": negate(used) if used else "", "currency_used": used_currency,
        "text": text,
    }
    for name, value in credit_values.items():
        credit[COLUMNS[name] - 1] = value
    return [debit, credit]


def negate(amount: str) -> str:
    return amount[1:] if amount.startswith("-") else "-" + amount


def acubiz_bytes(rows: list[list[str]], separator=";", encoding="cp1252") -> bytes:
    lines = [separator.join([str(n), *row[1:]]) for n, row in enumerate(rows, 1)]
    return ("\r\n".join(lines) + "\r\n").encode(encoding)


@pytest.fixture
def inbox(tmp_path):
    folder = tmp_path / "Costs"
    folder.mkdir()
    return folder


@pytest.fixture
def profile(inbox):
    return ExportProfile(name="2. Omkostninger", inbox_folder=inbox, department_dimension=1)


def write(inbox: Path, rows, name=NAME, **options) -> Path:
    path = inbox / name
    path.write_bytes(acubiz_bytes(rows, **options))
    return path


def receipt(inbox: Path, name: str, size: int = 100) -> Path:
    path = inbox / name
    path.write_bytes(b"%PDF-1.4\n" + b"0" * max(0, size - 9))
    return path


@pytest.mark.parametrize("separator", [";", "\t"])
def test_postings_become_one_line_per_debit_credit_pair(inbox, profile, separator):
    receipt(inbox, "hotel.pdf")
    receipt(inbox, "hotel-2.pdf")
    rows = (
        posting(
            date="23-11-2026", account="2750", amount="1245,00", used="1245,00",
            text="Hotel Århus, kursus i årsafslutning", travel_id="1000001-1",
            receipts="hotel.pdf*hotel-2.pdf", dimensions=("Administration", "", "Projekt Ø"),
        )
        + posting(
            account="3620", vat="", amount="385,50", used="385,50", text="Frokost, smørrebrød",
            travel_id="1000002-1", initials="PH", user="Peter Høj", dimensions=("Salg",),
        )
        + posting(
            account="2750", vat="", amount="150,00", currency="EUR", used="150,00",
            used_currency="EUR", text="Hotel Berlin", travel_id="1000004-1",
        )
    )
    path = write(inbox, rows, separator=separator)
    parsed = read_file(path, profile)
    assert (parsed.problems, parsed.held, parsed.unterminated) == ([], [], False)
    assert parsed.format == "acubiz"
    assert [line.line_id for line in parsed.lines] == ["1000001-1", "1000002-1", "1000004-1"]
    hotel, lunch, berlin = parsed.lines
    assert hotel.source_file == path and hotel.source_line == 1
    assert hotel.date == dt.date(2026, 11, 23)
    assert hotel.text == "Hotel Århus, kursus i årsafslutning"
    assert hotel.amount == Decimal("1245.00") and hotel.currency == "DKK"
    assert (hotel.account, hotel.contra_account, hotel.vat_code) == (2750, 5900, "I25")
    assert hotel.receipts == (inbox / "hotel.pdf", inbox / "hotel-2.pdf")
    assert hotel.dimensions[:3] == ("Administration", "", "Projekt Ø")
    assert hotel.department == "Administration"
    assert (hotel.initials, hotel.user_name, hotel.employee) == ("MJ", "Mette Jensen", "MJ")
    assert hotel.travel_id == "1000001-1" and hotel.enclosure_number == "1"
    assert hotel.amount_used == Decimal("1245.00") and hotel.currency_used == "DKK"
    assert lunch.source_line == 3 and lunch.text == "Frokost, smørrebrød"
    assert lunch.vat_code is None  # empty VAT column: no code, never the account's default
    assert lunch.department == "Salg" and lunch.receipts == ()
    assert berlin.currency == "EUR" and berlin.amount == Decimal("150.00")


def test_a_comma_separated_file_with_quoted_amounts_is_read(inbox, profile):
    rows = posting(amount="212,00", used="212,00")
    lines = [
        ",".join([str(n)] + [f'"{v}"' if "," in v else v for v in row[1:]])
        for n, row in enumerate(rows, 1)
    ]
    path = inbox / NAME
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("cp1252"))
    parsed = read_file(path, profile)
    assert (parsed.problems, parsed.held) == ([], [])
    assert parsed.lines[0].amount == Decimal("212.00")


def test_a_utf8_file_keeps_its_danish_letters(inbox, profile):
    path = write(inbox, posting(text="Kørsel på Ærø"), encoding="utf-8")
    assert read_file(path, profile).lines[0].text == "Kørsel på Ærø"


@pytest.mark.parametrize("content", [b"", b"\r\n", b"  \r\n\r\n\t\r\n"])
def test_an_empty_or_blank_file_has_no_postings_and_no_problems(inbox, profile, content):
    path = inbox / NAME
    path.write_bytes(content)
    parsed = read_file(path, profile)
    assert (parsed.lines, parsed.problems, parsed.format) == ([], [], "acubiz")
    assert (parsed.held, parsed.unterminated) == ([], False)


def test_the_vat_code_comes_from_the_debit_line_only(inbox, profile):
    path = write(inbox, posting(vat="", credit_vat="I25"))
    assert read_file(path, profile).lines[0].vat_code is None


def test_a_posting_without_travel_id_gets_an_id_from_file_and_line(inbox, profile):
    path = write(inbox, posting(travel_id="1000001-1") + posting(travel_id=""))
    parsed = read_file(path, profile)
    assert parsed.problems == []
    assert parsed.lines[1].line_id == "EMS_EA-20261124-160000-L3"
    assert parsed.lines[1].travel_id is None
    assert read_file(path, profile).lines[1].line_id == "EMS_EA-20261124-160000-L3"


def test_column_positions_can_be_moved_by_the_profile(inbox, profile):
    rows = posting(travel_id="1000009-1")
    for row in rows:  # this customer's file has TravelID in column 28 instead of 22
        row[27], row[21] = row[21], ""
    path = write(inbox, rows)
    moved = ExportProfile(
        name="x", inbox_folder=inbox, column_overrides={"travel_id": 28}
    )
    assert read_file(path, moved).lines[0].line_id == "1000009-1"
    fallback = read_file(path, profile).lines[0].line_id
    assert fallback.endswith("-L1")


def test_receipts_are_not_checked_when_the_profile_sends_none(inbox):
    path = write(inbox, posting(receipts="../missing.pdf"))
    no_receipts = ExportProfile(name="x", inbox_folder=inbox, attach_receipts=False)
    parsed = read_file(path, no_receipts)
    assert (parsed.problems, parsed.held) == ([], [])
    assert parsed.lines[0].receipts == ()


def test_a_receipt_that_is_missing_too_big_or_of_a_refused_type_never_holds_its_posting(
    inbox, profile
):
    """Only the name is checked here: the upload checks the file itself."""
    _too_big(inbox)
    _refused_type(inbox)
    path = write(inbox, posting(receipts="gone.pdf*scan.pdf*photo.heic"))
    parsed = read_file(path, profile)
    assert (parsed.problems, parsed.held) == ([], [])
    assert parsed.lines[0].receipts == tuple(
        inbox / name for name in ("gone.pdf", "scan.pdf", "photo.heic")
    )


def test_receipts_are_looked_up_in_the_profiles_receipts_folder(inbox, tmp_path):
    files = tmp_path / "Files"
    files.mkdir()
    receipt(files, "taxi.pdf")
    path = write(inbox, posting(receipts="taxi.pdf"))
    with_folder = ExportProfile(name="x", inbox_folder=inbox, receipts_folder=files)
    assert read_file(path, with_folder).lines[0].receipts == (files / "taxi.pdf",)


def test_the_format_is_recognised_by_name_or_by_content(inbox):
    data = acubiz_bytes(posting())
    assert looks_like_acubiz(Path("EMS_EA-1.csv"), b"")
    assert looks_like_acubiz(Path("postings.csv"), data)
    assert not looks_like_acubiz(Path("postings.csv"), b"id;date;amount\r\n1;2026-11-24;5\r\n")
    path = inbox / "postings.csv"
    path.write_bytes(data)
    profile = ExportProfile(name="x", inbox_folder=inbox)
    assert read_file(path, profile).format == "acubiz"


# -- bad input -------------------------------------------------------------------------------


def _too_big(inbox: Path) -> str:
    path = inbox / "scan.pdf"
    with open(path, "wb") as stream:
        stream.truncate(9 * 1024 * 1024 + 1)
    return "scan.pdf"


def _refused_type(inbox: Path) -> str:
    (inbox / "photo.heic").write_bytes(b"heic")
    return "photo.heic"


def _wrong_field_count(rows):
    rows[0] = rows[0][:30]
    return rows


BAD_POSTINGS = {
    "wrong field count": (_wrong_field_count, 1, None, "has 30 fields"),
    "bad date": ({"date": "31-02-2026"}, 1, "date (column 2)", "does not exist"),
    "iso date": ({"date": "2026-11-24"}, 1, "date (column 2)", "dd-mm-yyyy"),
    "thousands separator": (
        {"amount": "1.245,00", "credit_amount": "-1245,00"}, 1, "amount (column 6)", "like 1234,50"
    ),
    "unknown currency": ({"currency": "DKR"}, 1, "currency (column 7)", "ISO currency code"),
    "unbalanced": ({"credit_amount": "-210,00"}, 1, "amount (column 6)", "do not balance"),
    "absurd amount": (
        {"amount": "123456789012345678,91", "used": "1,00"}, 1, "amount (column 6)",
        "larger than the largest amount allowed per posting (10000000)",
    ),
    "contra currency differs": (
        {"credit_currency": "EUR"}, 2, "currency (column 7)", "contra line is in EUR"
    ),
    "missing account": ({"account": ""}, 1, "account (column 4)", "account is missing"),
    "missing contra account": ({"contra": ""}, 2, "account (column 4)", "contra account"),
    "creditor posting": ({"credit_kind": "k"}, 2, "transaction type", "only finance"),
    "vat code too long": ({"vat": "I25EXTRA"}, 1, "vat code (column 5)", "5 characters"),
    "text too long": ({"text": "x" * 240}, 1, "text (column 10)", "e-conomic allows 250"),
    "control character in text": ({"text": "Taxa\x07"}, 1, "text (column 10)", "U+0007 (BEL)"),
    "control character in account": (
        {"account": "36\x1b40"}, 1, "account (column 4)", "U+001B (ESC)"
    ),
    "bad travel id": ({"travel_id": "1000002 1"}, 1, "travel id", "TravelID '1000002 1'"),
    "receipt in folder": ({"receipts": "../secret.pdf"}, 1, "receipts", "contains a folder"),
    "expense line without contra line": (lambda rows: rows[:1], 1, None, "last line of the file"),
}


@pytest.mark.parametrize("case", list(BAD_POSTINGS))
def test_every_bad_posting_is_held_with_file_line_and_fix(inbox, profile, case):
    change, line, field, message = BAD_POSTINGS[case]
    good = posting(travel_id="1000001-1")
    if isinstance(change, dict):
        bad = posting(**{"travel_id": "1000002-1", **change})
    else:
        bad = change(posting(travel_id="1000002-1"))
    path = write(inbox, good + bad)
    parsed = read_file(path, profile)
    assert parsed.problems == [], "a bad posting never makes the whole file unreadable"
    (held,) = parsed.held
    assert held.source_line == 3 and held.unit == "line"
    unreadable_id = case in {"wrong field count", "bad travel id"}
    assert held.line_id == (None if unreadable_id else "1000002-1")
    problem = held.problems[0]
    assert problem.file == path
    assert problem.line == line + 2, problem  # after the good posting's two lines
    if field is not None:
        assert problem.field is not None and problem.field.startswith(field), problem.field
    assert message in problem.message, problem.message
    assert problem.fix, "every problem names a fix"
    assert [line.line_id for line in parsed.lines] == ["1000001-1"]
    for each in held.problems:
        assert_danish(each)


ENGLISH_WORDS = re.compile(r"\b(the|is|not|and|has|must|file|line|column|put|give)\b", re.I)


def assert_danish(problem):
    """The problem has its own Danish message, fix and column name ("dato (kolonne 2)")."""
    assert problem.message_da and problem.message_da != problem.message, problem
    assert problem.fix_da and problem.fix_da != problem.fix, problem
    described = problem.describe("da")
    assert described.startswith("linje "), described
    if problem.field:
        assert problem.field_da and "(kolonne " in problem.field_da, problem.field_da
    assert not ENGLISH_WORDS.search(f"{problem.message_da} {problem.fix_da}"), described


def test_an_expense_line_whose_contra_line_is_missing_is_held_alone(inbox, profile):
    rows = posting(travel_id="1000001-1")[:1] + posting(travel_id="1000002-1")
    parsed = read_file(write(inbox, rows), profile)
    (held,) = parsed.held
    assert (held.line_id, held.source_line) == ("1000001-1", 1)
    assert [p.line for p in held.problems] == [1]
    assert "has no partner line" in held.problems[0].message
    assert "line 2, and line 2 balances with line 3" in held.problems[0].message
    assert "linje 2, og linje 2 stemmer med linje 3" in held.problems[0].message_da
    assert [line.line_id for line in parsed.lines] == ["1000002-1"]


def test_the_same_travel_id_twice_in_a_file_gives_both_lines(inbox, profile):
    """The engine compares the copies across every file of a run: same content is posted
    once, different content is a conflict. The reader just reports what the file says."""
    rows = posting(travel_id="1000002-1") + posting(travel_id="1000002-1", amount="99,00")
    parsed = read_file(write(inbox, rows), profile)
    assert (parsed.problems, parsed.held) == ([], [])
    assert [(line.line_id, line.source_line, line.amount) for line in parsed.lines] == [
        ("1000002-1", 1, Decimal("212.00")), ("1000002-1", 3, Decimal("99.00"))
    ]


def test_a_travel_id_is_not_confused_with_a_longer_one(inbox, profile):
    rows = posting(travel_id="1000002-1") + posting(travel_id="1000002-10")
    parsed = read_file(write(inbox, rows), profile)
    assert (parsed.problems, parsed.held) == ([], [])
    assert len(parsed.lines) == 2


def test_every_problem_of_a_file_is_reported_in_one_pass(inbox, profile):
    rows = (
        posting(travel_id="1000001-1", date="32-11-2026", currency="XXX")
        + posting(travel_id="1000002-1", account="")
        + posting(travel_id="1000003-1")
        + posting(travel_id="1000004-1", credit_amount="-1,00")
    )
    parsed = read_file(write(inbox, rows), profile)
    assert parsed.problems == []
    assert [held.source_line for held in parsed.held] == [1, 3, 7]
    assert [(p.line, p.field) for held in parsed.held for p in held.problems] == [
        (1, "date (column 2)"),
        (1, "currency (column 7)"),
        (3, "account (column 4)"),
        (7, "amount (column 6)"),
    ]
    assert [line.line_id for line in parsed.lines] == ["1000003-1"]
    assert all(p.fix for held in parsed.held for p in held.problems)


def test_a_missing_line_only_affects_its_own_posting(inbox, profile):
    rows = (
        posting(travel_id="1000001-1")
        + posting(travel_id="1000002-1")[:1]  # its credit line is missing
        + posting(travel_id="1000003-1")
    )
    parsed = read_file(write(inbox, rows), profile)
    assert [(held.line_id, held.source_line) for held in parsed.held] == [("1000002-1", 3)]
    assert [line.line_id for line in parsed.lines] == ["1000001-1", "1000003-1"]


def test_a_problem_reads_well_in_the_errors_file(inbox, profile):
    parsed = read_file(write(inbox, posting(date="31-02-2026")), profile)
    problem = parsed.held[0].problems[0]
    text = problem.describe()
    assert text.startswith("line 1, date (column 2): The date '31-02-2026' does not exist")
    assert str(problem).startswith(NAME + ", line 1")
    assert problem.describe("da") == (
        "linje 1, dato (kolonne 2): Datoen '31-02-2026' findes ikke i kalenderen. Ret udlægget"
        " i Acubiz, og eksportér det igen."
    )
    assert problem.describe("da", with_file=True).startswith(NAME + ", linje 1")


def test_a_damaged_line_holds_only_itself_and_says_so_in_danish_too(inbox, profile):
    path = inbox / NAME
    path.write_bytes(acubiz_bytes(posting()) + b"\x81\x8d\r\n")
    parsed = read_file(path, profile)
    assert parsed.problems == [] and len(parsed.lines) == 1
    (held,) = parsed.held
    assert (held.line_id, held.source_line) == (None, 3)
    problem = held.problems[0]
    assert "neither UTF-8 nor Windows-1252 text (0x81 0x8D)" in problem.message
    assert problem.describe("da").startswith(
        "linje 3: Linje 3 har bytes, der hverken er UTF-8- eller Windows-1252-tekst"
    )


def test_mtime_is_irrelevant_to_reading(inbox, profile):
    path = write(inbox, posting())
    os.utime(path, (0, 0))
    assert read_file(path, profile).problems == []


def test_problems_are_listed_in_file_order(inbox, profile):
    rows = posting(travel_id="1000001-1", date="32-11-2026") + _wrong_field_count(
        posting(travel_id="1000002-1")
    )
    parsed = read_file(write(inbox, rows), profile)
    assert [held.source_line for held in parsed.held] == [1, 3]  # line 4 is its pair
    assert [p.line for held in parsed.held for p in held.problems] == [1, 3]
