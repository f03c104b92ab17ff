"""The simple format, as Excel and other expense systems write it: CSV in every encoding,
delimiter and decimal style, or JSON. A bad row or item is held by itself; only a file that
cannot be read at all has whole-file problems."""

from __future__ import annotations

import datetime as dt
import json
import re
from decimal import Decimal

import pytest

from wizard.export.source import read_file
from wizard.settings.profiles import CategoryMapping, ExportProfile


@pytest.fixture
def inbox(tmp_path):
    folder = tmp_path / "inbox"
    folder.mkdir()
    return folder


@pytest.fixture
def profile(inbox):
    return ExportProfile(
        name="Udlæg",
        inbox_folder=inbox,
        default_contra_account=5900,
        category_map={
            "Taxi": CategoryMapping(account=3640, vat_code="I25"),
            "Gaver": CategoryMapping(account=3760),
        },
    )


def write(inbox, name, text, encoding="utf-8"):
    path = inbox / name
    path.write_bytes(text.encode(encoding))
    return path


UTF8_COMMA = (
    "id,report,date,text,amount,currency,account,vat_code,employee\r\n"
    "EXP-1,R-7,2026-11-24,Taxi til Kastrup,212.00,DKK,3640,I25,Mette\r\n"
    "EXP-2,R-7,2026-11-24,\"Frokost, møde\",-85.5,,3620,,Mette\r\n"
)
BOM_SEMICOLON = (
    "\ufeffID;Date;Text;Amount;Category;Contra account\r\n"
    "A1;24-11-2026;Kørsel;1234,50;Taxi;5820\r\n"
    "A2;24.11.2026;Blomster;99;gaver;\r\n"
)
CP1252_SEMICOLON = (
    "id;date;text;amount;account;department\r\n"
    "x/1;2026-11-24;Æbler og pærer;12,5;3600;Salg\r\n"
)


def test_utf8_with_commas_and_decimal_points(inbox, profile):
    parsed = read_file(write(inbox, "expenses.csv", UTF8_COMMA), profile)
    assert parsed.problems == [] and parsed.format == "simple"
    taxi, lunch = parsed.lines
    assert (taxi.line_id, taxi.report, taxi.source_line) == ("EXP-1", "R-7", 2)
    assert taxi.date == dt.date(2026, 11, 24)
    assert (taxi.amount, taxi.currency, taxi.account) == (Decimal("212.00"), "DKK", 3640)
    assert (taxi.vat_code, taxi.contra_account, taxi.employee) == ("I25", 5900, "Mette")
    assert lunch.text == "Frokost, møde"
    assert lunch.amount == Decimal("-85.50") and lunch.currency is None
    assert lunch.vat_code is None


def test_excel_utf8_with_bom_semicolons_decimal_commas_and_categories(inbox, profile):
    parsed = read_file(write(inbox, "excel.csv", BOM_SEMICOLON), profile)
    assert parsed.problems == []
    kørsel, blomster = parsed.lines
    assert kørsel.text == "Kørsel" and kørsel.amount == Decimal("1234.50")
    assert (kørsel.account, kørsel.vat_code, kørsel.category) == (3640, "I25", "Taxi")
    assert kørsel.contra_account == 5820
    assert blomster.date == dt.date(2026, 11, 24)
    assert (blomster.account, blomster.vat_code) == (3760, None)  # "gaver" matches "Gaver"
    assert blomster.contra_account == 5900  # the profile's default


def test_windows_1252_is_read_when_the_file_is_not_utf8(inbox, profile):
    parsed = read_file(write(inbox, "dk.csv", CP1252_SEMICOLON, "cp1252"), profile)
    assert parsed.problems == []
    assert parsed.lines[0].text == "Æbler og pærer"
    assert parsed.lines[0].amount == Decimal("12.50")
    assert parsed.lines[0].department == "Salg"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252"])
@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
@pytest.mark.parametrize("decimal", [".", ","])
@pytest.mark.parametrize("date", ["2026-11-24", "24-11-2026", "24.11.2026"])
def test_every_encoding_delimiter_decimal_and_date_style_reads_the_same(
    inbox, profile, encoding, delimiter, decimal, date
):
    amount = f"1234{decimal}5"
    if decimal == delimiter:
        amount = f'"{amount}"'  # how Excel writes it
    rows = [["id", "date", "text", "amount", "account"], ["B-1", date, "Blå bog", amount, "3680"]]
    text = "\r\n".join(delimiter.join(row) for row in rows) + "\r\n"
    parsed = read_file(write(inbox, "variant.csv", text, encoding), profile)
    assert parsed.problems == []
    (line,) = parsed.lines
    assert (line.line_id, line.text, line.amount) == ("B-1", "Blå bog", Decimal("1234.50"))
    assert line.date == dt.date(2026, 11, 24)


def test_a_line_vat_code_wins_over_the_mapping(inbox, profile):
    text = "id;date;amount;category;vat_code\n1;2026-11-24;10;Taxi;I0\n"
    assert read_file(write(inbox, "v.csv", text), profile).lines[0].vat_code == "I0"


def test_unknown_columns_are_ignored(inbox, profile):
    text = "id,date,amount,account,approved_by,cost_centre\n1,2026-11-24,10,3600,Bo,77\n"
    parsed = read_file(write(inbox, "extra.csv", text), profile)
    assert parsed.problems == [] and parsed.lines[0].account == 3600


@pytest.mark.parametrize(
    "document",
    [
        [{"id": "J1", "date": "2026-11-24", "amount": 212.1, "account": 3640, "text": "Taxa"}],
        {"lines": [{"id": "J1", "date": "2026-11-24", "amount": "212,10", "account": "3640",
                    "text": "Taxa"}]},
    ],
)
def test_json_as_a_list_or_under_lines(inbox, profile, document):
    path = write(inbox, "expenses.json", json.dumps(document))
    parsed = read_file(path, profile)
    assert parsed.problems == []
    assert parsed.lines[0].amount == Decimal("212.10")  # read exactly, never through a float
    assert parsed.lines[0].account == 3640 and parsed.lines[0].source_line == 1


def test_json_problems_name_the_item(inbox, profile):
    document = [
        {"id": "J1", "date": "2026-11-24", "amount": 1, "account": 3600},
        "not an object",
        {"id": "J3", "date": "2026-11-24", "amount": 1.005, "account": 3600},
    ]
    parsed = read_file(write(inbox, "bad.json", json.dumps(document)), profile)
    assert parsed.problems == [] and [line.line_id for line in parsed.lines] == ["J1"]
    assert [(h.line_id, h.source_line, h.unit) for h in parsed.held] == [
        (None, 2, "item"), ("J3", 3, "item")
    ]
    problems = [problem for held in parsed.held for problem in held.problems]
    assert [(p.line, p.unit) for p in problems] == [(2, "item"), (3, "item")]
    assert "more than two decimals" in problems[1].message
    assert problems[1].describe().startswith("item 3, amount:")
    assert problems[1].describe("da").startswith(
        "element 3, beløb (amount): Beløbet '1.005' har mere end to decimaler."
    )
    for problem in problems:
        assert_danish(problem)


def test_broken_json_says_where(inbox, profile):
    parsed = read_file(write(inbox, "broken.json", '[\n{"id": "1",\n}'), profile)
    assert len(parsed.problems) == 1
    assert parsed.problems[0].line == 3 and "not valid JSON" in parsed.problems[0].message
    assert "ikke gyldig JSON" in parsed.problems[0].message_da


@pytest.mark.parametrize("name, text", [("e.csv", ""), ("e.json", ""), ("b.csv", "\r\n\r\n"),
                                        ("l.json", "[]")])
def test_empty_files_hold_no_lines_and_no_problems(inbox, profile, name, text):
    parsed = read_file(write(inbox, name, text), profile)
    assert (parsed.lines, parsed.problems) == ([], [])


def test_missing_required_columns_are_one_problem_for_the_file(inbox, profile):
    text = "reference,text,sum\n1,Taxa,10\n2,Tog,20\n"
    parsed = read_file(write(inbox, "cols.csv", text), profile)
    assert len(parsed.problems) == 1
    problem = parsed.problems[0]
    assert problem.line == 1
    assert problem.message == (
        "The header row has no id / date / amount / account (or category) column."
    )
    assert "Add the columns" in problem.fix
    assert problem.message_da == (
        "Overskriftsrækken har ingen kolonne id / date / amount / account (eller category)."
    )
    assert problem.fix_da.startswith("Tilføj kolonnerne i første række")


BAD_ROWS = {
    "no id": ("id,date,amount,account\n,2026-11-24,10,3600\n", "id", "no id"),
    "bad id": ("id,date,amount,account\nA 1,2026-11-24,10,3600\n", "id", "characters"),
    "bad date": ("id,date,amount,account\n1,2026-02-30,10,3600\n", "date", "does not exist"),
    "us date": ("id,date,amount,account\n1,11/24/2026,10,3600\n", "date", "yyyy-mm-dd"),
    "thousands": ("id;date;amount;account\n1;2026-11-24;1.234,50;3600\n", "amount", "thousands"),
    "three decimals": ("id;date;amount;account\n1;2026-11-24;1.234;3600\n", "amount", "two dec"),
    "zero": ("id;date;amount;account\n1;2026-11-24;0,00;3600\n", "amount", "zero"),
    "currency": ("id,date,amount,account,currency\n1,2026-11-24,1,3600,KR\n", "currency", "ISO"),
    "account": ("id,date,amount,account\n1,2026-11-24,1,35-85\n", "account", "not an account"),
    "unmapped category": (
        "id,date,amount,category\n1,2026-11-24,1,Hotel\n", "category",
        "category 'Hotel' has no account",
    ),
    "no account": ("id,date,amount,account,category\n1,2026-11-24,1,,\n", "account", "neither"),
    "vat code": ("id,date,amount,account,vat_code\n1,2026-11-24,1,3600,I25XYZ\n", "vat_code", "5"),
    "long text": (f"id,date,amount,account,text\n1,2026-11-24,1,3600,{'x' * 300}\n", "text",
                  "e-conomic allows 250 in all"),
    "decimal comma in comma file": (
        "id,date,amount,account\n1,2026-11-24,12,50,3600\n", None, "fields but the header"
    ),
    "too few fields": ("id;date;amount;account\n1;2026-11-24;1\n", None, "3 fields but"),
    "receipt outside": (
        "id,date,amount,account,receipt\n1,2026-11-24,1,3600,../x.pdf\n", "receipt", "outside"
    ),
    "absolute receipt": (
        "id,date,amount,account,receipt\n1,2026-11-24,1,3600,C:/x.pdf\n", "receipt", "outside"
    ),
    "absurd amount": (
        "id;date;amount;account\n1;2026-11-24;123456789012345678,91;3600\n", "amount",
        "larger than the largest amount allowed per posting (10000000)",
    ),
    "control character": ("id,date,amount,account\n1,2026-11-24,1\x00,3600\n", "amount",
                          "U+0000 (NUL)"),
}


@pytest.mark.parametrize("case", list(BAD_ROWS))
def test_every_bad_row_is_held_with_line_and_fix(inbox, profile, case):
    text, field, message = BAD_ROWS[case]
    path = write(inbox, "bad.csv", text)
    parsed = read_file(path, profile)
    assert parsed.problems == [] and parsed.lines == []
    (held,) = parsed.held
    assert (held.source_line, held.unit) == (2, "line")
    assert held.line_id == (None if case in {"no id", "bad id"} else "1")
    assert len(held.problems) == 1, held.problems
    problem = held.problems[0]
    assert (problem.file, problem.line, problem.field) == (path, 2, field)
    assert message in problem.message or message in problem.fix, problem
    assert problem.fix
    assert_danish(problem)


ENGLISH_WORDS = re.compile(r"\b(the|is|not|and|has|must|file|line|column|put|give)\b", re.I)


def assert_danish(problem):
    """The problem has its own Danish message and fix, and says "linje 2, dato (date): …"."""
    assert problem.message_da and problem.message_da != problem.message, problem
    assert problem.fix_da and problem.fix_da != problem.fix, problem
    described = problem.describe("da")
    assert described != problem.describe()
    if problem.line is not None:
        assert described.startswith(("linje ", "element ")), described
    if problem.field and problem.field != "id":
        assert problem.field_da and problem.field_da != problem.field
    assert not ENGLISH_WORDS.search(f"{problem.message_da} {problem.fix_da}"), described


def test_the_unmapped_category_fix_says_to_add_it(inbox, profile):
    path = write(inbox, "c.csv", "id,date,amount,category\n1,2026-11-24,1,Hotel\n")
    fix = read_file(path, profile).held[0].problems[0].fix
    assert "Add 'Hotel' to the category mapping" in fix


def test_no_contra_account_anywhere_is_a_problem(inbox):
    profile = ExportProfile(name="x", inbox_folder=inbox)
    path = write(inbox, "c.csv", "id,date,amount,account\n1,2026-11-24,1,3600\n")
    problem = read_file(path, profile).held[0].problems[0]
    assert problem.field == "contra_account" and "default contra account" in problem.fix
    assert_danish(problem)
    assert "standardmodkonto" in problem.fix_da


def test_the_same_id_twice_in_a_file_gives_both_lines(inbox, profile):
    """The engine decides across every file of a run (same content → posted once, different
    content → a conflict); the reader reports both lines as they are."""
    text = "id,date,amount,account\n7,2026-11-24,1,3600\n\n7,2026-11-25,2,3600\n"
    parsed = read_file(write(inbox, "d.csv", text), profile)
    assert (parsed.problems, parsed.held) == ([], [])
    assert [(line.line_id, line.source_line) for line in parsed.lines] == [("7", 2), ("7", 4)]


def test_a_missing_receipt_never_holds_its_line(inbox, profile):
    text = "id,date,amount,account,receipt\n1,2026-11-24,1,3600,r/taxi.pdf\n"
    parsed = read_file(write(inbox, "r.csv", text), profile)
    assert (parsed.problems, parsed.held) == ([], [])
    assert parsed.lines[0].receipts == (inbox / "r" / "taxi.pdf",)


def test_receipts_are_found_relative_to_the_inbox(inbox, profile):
    (inbox / "receipts").mkdir()
    (inbox / "receipts" / "taxi.pdf").write_bytes(b"%PDF-1.4")
    (inbox / "bon.JPG").write_bytes(b"jpg")
    text = "id,date,amount,account,receipt\n1,2026-11-24,1,3600,receipts/taxi.pdf*bon.JPG\n"
    line = read_file(write(inbox, "r.csv", text), profile).lines[0]
    assert line.receipts == (inbox / "receipts" / "taxi.pdf", inbox / "bon.JPG")


def test_every_problem_of_a_file_is_collected(inbox, profile):
    text = (
        "id;date;amount;account\n"
        "1;2026-13-01;1;3600\n"
        "2;2026-11-24;abc;\n"
        "3;2026-11-24;5;3600\n"
    )
    parsed = read_file(write(inbox, "many.csv", text), profile)
    assert parsed.problems == []
    assert [(h.line_id, h.source_line) for h in parsed.held] == [("1", 2), ("2", 3)]
    assert [(p.line, p.field) for held in parsed.held for p in held.problems] == [
        (2, "date"), (3, "amount"), (3, "account")
    ]
    assert [line.line_id for line in parsed.lines] == ["3"]


def test_the_format_can_be_forced_by_the_profile(inbox, profile):
    # A simple file whose first column is numeric and named like an Acubiz file.
    path = write(inbox, "EMS_custom.csv", "id;date;amount;account\n1;2026-11-24;5;3600\n")
    forced = ExportProfile(
        name="x", inbox_folder=inbox, input_format="simple", default_contra_account=5900
    )
    assert read_file(path, forced).lines[0].amount == Decimal("5.00")
    assert read_file(path, profile).format == "acubiz"


def test_a_file_that_cannot_be_opened_is_a_problem_not_a_crash(inbox, profile):
    parsed = read_file(inbox / "gone.csv", profile)
    assert len(parsed.problems) == 1
    assert "could not be read" in parsed.problems[0].message
    assert parsed.problems[0].describe("da").startswith("Filen kunne ikke læses (")


@pytest.mark.parametrize(
    "name, content",
    [
        ("bad.json", b'[{"id": "1"}'),  # not valid JSON
        ("bad.json", b"\xff\xfe not utf-8"),
        ("bad.json", b'{"rows": []}'),  # neither a list nor {"lines": [...]}
        ("bad.json", b"[" * 100_000),  # nested too deeply for the parser
        ("bad.csv", b"text,sum\nTaxa,10\n"),
        ("bad.csv", b"id,date,amount,amount,account\n1,2026-11-24,1,2,3600\n"),
        ("bad.csv", b'id,"date,amount,account\n1,2026-11-24,1,3600\n'),  # unclosed in header
        ("bad.csv", b"PK\x03\x04\x14\x00\x06\x00" + b"\x00" * 64),  # an Excel workbook
        ("bad.csv", b"id,date\n\x81\x8d\n"),  # neither UTF-8 nor Windows-1252
        ("bad.csv", b"id,date,amount\n1,2026-11-24,1\n"),
    ],
)
def test_file_level_problems_have_danish_texts_too(inbox, profile, name, content):
    path = inbox / name
    path.write_bytes(content)
    parsed = read_file(path, profile)
    assert parsed.problems and (parsed.lines, parsed.held) == ([], [])
    for problem in parsed.problems:
        assert problem.message_da and problem.message_da != problem.message, problem
        assert problem.fix_da and problem.fix_da != problem.fix, problem


@pytest.mark.parametrize(
    "name, content",
    [
        ("bad.json", b'[{"id": "1", "date": "2026-11-24", "amount": 1, "account": [3600]}]'),
        ("bad.json", b'[{"id": "1", "date": "2026-11-24", "amount": 1, "account": 1,'
                     b' "Account": 2}]'),
        ("bad.json", b'[{"id": "1", "date": "2026-11-24", "amount": NaN, "account": 1}]'),
        ("bad.csv", b"id,date,amount,account\n1,2026-11-24,1,3600,extra\n"),
    ],
)
def test_line_level_problems_hold_the_line_with_danish_texts(inbox, profile, name, content):
    path = inbox / name
    path.write_bytes(content)
    parsed = read_file(path, profile)
    assert (parsed.problems, parsed.lines) == ([], [])
    (held,) = parsed.held
    assert held.line_id == "1"
    for problem in held.problems:
        assert_danish(problem)
