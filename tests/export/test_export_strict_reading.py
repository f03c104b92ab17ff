"""Strict, named reading in both formats: encodings, control characters, huge fields, broken
quotes, wrong field counts, a cut-off last line and absurd amounts. Each ends as a held line or
a whole-file problem with a plain message, never as an exception, and never stops the other
lines of the file."""

from __future__ import annotations

import codecs
import json
import time
from decimal import Decimal
from pathlib import Path

import pytest

from wizard.export.formats.acubiz import COLUMNS, FIELD_COUNT
from wizard.export.source import read_file
from wizard.export.textfile import MAX_FIELD_CHARS
from wizard.settings.profiles import ExportProfile

ACUBIZ = "EMS_EA-20261124-160000.csv"
SIMPLE_HEADER = "id;date;text;amount;account"


@pytest.fixture
def inbox(tmp_path):
    folder = tmp_path / "inbox"
    folder.mkdir()
    return folder


@pytest.fixture
def profile(inbox):
    return ExportProfile(name="Udlæg", inbox_folder=inbox, default_contra_account=5900)


def acubiz_posting(travel_id: str, text: str = "Kørsel", amount: str = "212,00") -> list[str]:
    """An expense line and its contra line as text, without line numbers filled in."""
    expense = [""] * FIELD_COUNT
    contra = [""] * FIELD_COUNT
    values = {"date": "24-11-2026", "transaction_type": "f", "currency": "DKK", "text": text}
    for row, account, value in ((expense, "3640", amount), (contra, "5900", "-" + amount)):
        for name, content in {**values, "account": account, "amount": value}.items():
            row[COLUMNS[name] - 1] = content
    expense[COLUMNS["travel_id"] - 1] = travel_id
    return [";".join(expense), ";".join(contra)]


def acubiz_text(*postings: list[str]) -> str:
    lines = [line for posting in postings for line in posting]
    return "".join(f"{n}{line[line.index(';'):]}\r\n" for n, line in enumerate(lines, 1))


def simple_text(*rows: str) -> str:
    return "".join(f"{row}\r\n" for row in (SIMPLE_HEADER, *rows))


def write(inbox: Path, name: str, data: bytes) -> Path:
    path = inbox / name
    path.write_bytes(data)
    return path


def problems_of(parsed) -> list:
    return [problem for held in parsed.held for problem in held.problems]


# -- encodings --------------------------------------------------------------------------------

WIDE = [
    ("utf-16-le", codecs.BOM_UTF16_LE), ("utf-16-be", codecs.BOM_UTF16_BE),
    ("utf-16-le", b""), ("utf-16-be", b""),
    ("utf-32-le", codecs.BOM_UTF32_LE), ("utf-32-be", codecs.BOM_UTF32_BE),
    ("utf-32-le", b""), ("utf-32-be", b""),
]


@pytest.mark.parametrize(("codec", "bom"), WIDE, ids=lambda v: v if isinstance(v, str) else "")
def test_utf16_and_utf32_with_or_without_bom_are_read_in_both_formats(
    inbox, profile, codec, bom
):
    acubiz = acubiz_text(acubiz_posting("1", "Kørsel på Ærø"))
    simple = simple_text("S1;2026-11-24;Kørsel på Ærø;100,00;3640")
    for name, text in ((ACUBIZ, acubiz), ("simple.csv", simple)):
        parsed = read_file(write(inbox, name, bom + text.encode(codec)), profile)
        assert (parsed.problems, parsed.held) == ([], []), name
        (line,) = parsed.lines
        assert line.text == "Kørsel på Ærø"  # not ' K ø r s e l'
        assert line.amount in (Decimal("212.00"), Decimal("100.00"))


def test_json_in_utf16_is_read(inbox, profile):
    document = [{"id": "J1", "date": "2026-11-24", "amount": 1, "account": 3600, "text": "Kø"}]
    data = codecs.BOM_UTF16_LE + json.dumps(document, ensure_ascii=False).encode("utf-16-le")
    parsed = read_file(write(inbox, "e.json", data), profile)
    assert parsed.lines[0].text == "Kø"


@pytest.mark.parametrize("name", [ACUBIZ, "simple.csv", "simple.json"])
def test_a_broken_utf16_file_is_a_whole_file_problem_that_names_the_encoding(
    inbox, profile, name
):
    data = codecs.BOM_UTF16_LE + "id;date\r\n".encode("utf-16-le") + b"\x00\xd8A\x00"
    parsed = read_file(write(inbox, name, data), profile)
    assert (parsed.lines, parsed.held) == ([], [])
    (problem,) = parsed.problems
    assert problem.message.startswith("The file is UTF-16 LE text (it starts with a UTF-16 LE")
    assert "cannot be read as UTF-16 LE" in problem.message
    assert problem.message_da.startswith("Filen er UTF-16 LE-tekst")


def test_a_mostly_utf8_acubiz_file_holds_its_windows_1252_posting(inbox, profile):
    good = acubiz_text(acubiz_posting("1", "Kørsel"), acubiz_posting("2", "Bro over Ærø"))
    odd = acubiz_text(acubiz_posting("3", "Færge"), acubiz_posting("4", "Taxa"))
    odd_lines = odd.split("\r\n")
    data = good.encode("utf-8") + "\r\n".join(
        f"{n}{line[line.index(';'):]}" for n, line in enumerate(odd_lines[:-1], 5)
    ).encode("cp1252") + b"\r\n"
    parsed = read_file(write(inbox, ACUBIZ, data), profile)
    assert parsed.problems == []
    assert [(line.line_id, line.text) for line in parsed.lines] == [
        ("1", "Kørsel"), ("2", "Bro over Ærø"), ("4", "Taxa")
    ]
    (held,) = parsed.held
    assert (held.line_id, held.source_line) == ("3", 5)
    message = held.problems[0].message
    assert message.startswith("Line 5 is Windows-1252 text") and "are UTF-8" in message
    assert held.problems[0].message_da.startswith("Linje 5 er Windows-1252-tekst")


def test_a_mostly_windows_1252_simple_file_holds_its_utf8_line(inbox, profile):
    """Today's mojibake: a UTF-8 'Kørsel' among Windows-1252 lines would read 'KÃ¸rsel'."""
    data = b"".join([
        simple_text("A;2026-11-24;Æbler;1,00;3600", "B;2026-11-24;Pærer;2,00;3600")
        .encode("cp1252"),
        "C;2026-11-24;Kørsel;3,00;3600\r\n".encode(),
        "D;2026-11-24;Blå bog;4,00;3600\r\n".encode("cp1252"),
    ])
    parsed = read_file(write(inbox, "mixed.csv", data), profile)
    assert [(line.line_id, line.text) for line in parsed.lines] == [
        ("A", "Æbler"), ("B", "Pærer"), ("D", "Blå bog")
    ]
    (held,) = parsed.held
    assert (held.line_id, held.source_line) == ("C", 4)
    assert "Line 4 is UTF-8 text" in held.problems[0].message
    assert "Windows-1252" in held.problems[0].message
    assert all("Ã" not in line.text for line in parsed.lines)


def test_a_file_with_a_utf8_bom_holds_its_lines_that_are_not_utf8(inbox, profile):
    data = codecs.BOM_UTF8 + simple_text("A;2026-11-24;Kørsel;1,00;3600").encode() + (
        "B;2026-11-24;Færge;2,00;3600\r\n".encode("cp1252")
    )
    parsed = read_file(write(inbox, "bom.csv", data), profile)
    assert [line.line_id for line in parsed.lines] == ["A"]
    assert "the file says it is UTF-8" in parsed.held[0].problems[0].message


def test_an_excel_workbook_is_a_whole_file_problem(inbox, profile):
    data = b"PK\x03\x04" + bytes(range(256)) * 4
    parsed = read_file(write(inbox, "expenses.csv", data), profile)
    assert "Excel workbook" in parsed.problems[0].message


# -- control characters -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("Taxa\u200b til\u200d Kastrup", "Taxa til Kastrup"),  # zero-width: removed
        ("\u202eTaxa\u202c til \u2066Kastrup\u2069", "Taxa til Kastrup"),  # bidi: removed
        ("Frokost \U0001f355 med \U0001f9d1\u200d\U0001f373", "Frokost med"),  # emoji: removed
        ("Taxa\ttil\u00a0Kastrup", "Taxa til Kastrup"),  # tab, no-break space: one space
        ("Blo\u00adkke", "Blokke"),  # soft hyphen: removed
    ],
)
def test_invisible_characters_and_emoji_are_removed_from_texts(inbox, profile, raw, clean):
    for name, data in (
        (ACUBIZ, acubiz_text(acubiz_posting("1", raw)).encode("utf-8")),
        ("s.csv", simple_text(f"1;2026-11-24;{raw};1,00;3600").encode("utf-8")),
        ("s.json", json.dumps(
            [{"id": "1", "date": "2026-11-24", "text": raw, "amount": 1, "account": 3600}]
        ).encode()),
    ):
        parsed = read_file(write(inbox, name, data), profile)
        assert (parsed.problems, parsed.held) == ([], []), name
        assert parsed.lines[0].text == clean, name


@pytest.mark.parametrize(
    ("char", "named"),
    [("\x00", "U+0000 (NUL)"), ("\x07", "U+0007 (BEL)"), ("\x1b", "U+001B (ESC)"),
     ("\x7f", "U+007F (DEL)"), ("\x85", "U+0085 (control character)"),
     ("\x0c", "U+000C (FF)")],
)
def test_a_control_character_in_a_text_holds_the_line(inbox, profile, char, named):
    for name, data in (
        (ACUBIZ, acubiz_text(acubiz_posting("1", f"Taxa{char}"), acubiz_posting("2"))),
        ("s.csv", simple_text(f"1;2026-11-24;Taxa{char};1,00;3600", "2;2026-11-24;x;1;3600")),
    ):
        parsed = read_file(write(inbox, name, data.encode("utf-8")), profile)
        assert [line.line_id for line in parsed.lines] == ["2"], name
        (held,) = parsed.held
        assert held.line_id == "1"
        problem = held.problems[0]
        assert f"the control character {named}" in problem.message
        assert problem.field.startswith("text")
        assert f"kontroltegnet {named}" in problem.message_da


@pytest.mark.parametrize("char", ["\u200b", "\u202e", "\U0001f600", "\x00"])
def test_an_invisible_or_control_character_in_a_value_holds_the_line(inbox, profile, char):
    rows = (f"1;2026-11-24;Taxa;1{char}00,00;3600", f"2{char};2026-11-24;Taxa;1,00;3600",
            "3;2026-11-24;Taxa;1,00;3600")
    parsed = read_file(write(inbox, "v.csv", simple_text(*rows).encode("utf-8")), profile)
    assert [line.line_id for line in parsed.lines] == ["3"]
    assert [(held.line_id, held.problems[0].field) for held in parsed.held] == [
        ("1", "amount"), (None, "id")
    ]
    assert "U+" in parsed.held[0].problems[0].message


def test_a_json_lone_surrogate_holds_the_item(inbox, profile):
    data = b'[{"id": "1", "date": "2026-11-24", "text": "a\\ud800b", "amount": 1,' \
           b' "account": 3600}]'
    parsed = read_file(write(inbox, "s.json", data), profile)
    assert "U+D800 (lone surrogate)" in parsed.held[0].problems[0].message


# -- field size -------------------------------------------------------------------------------


def test_a_140_kb_text_holds_only_its_line_in_both_formats(inbox, profile):
    big = "x" * 140_000
    acubiz = read_file(write(inbox, ACUBIZ, acubiz_text(
        acubiz_posting("1"), acubiz_posting("2", big), acubiz_posting("3")
    ).encode("cp1252")), profile)
    simple = read_file(write(inbox, "big.csv", simple_text(
        "1;2026-11-24;a;1,00;3600", f"2;2026-11-24;{big};1,00;3600", "3;2026-11-24;c;1;3600"
    ).encode("cp1252")), profile)
    other = write(inbox, "other.csv", simple_text("9;2026-11-24;a;1,00;3600").encode())
    for parsed in (acubiz, simple):
        assert parsed.problems == []
        assert [line.line_id for line in parsed.lines] == ["1", "3"]
        (held,) = parsed.held
        assert held.line_id == "2"
        message = held.problems[0].message
        assert message.startswith("The booking text is 140000 characters; e-conomic allows 250")
        assert "the reference to the expense takes 8 of them, so shorten it by 139758" in message
        assert len(message) < 300  # the text itself is not quoted
    assert read_file(other, profile).lines[0].line_id == "9"  # the next file goes too


def test_the_exact_text_length_message(inbox, profile):
    text = "x" * 251
    parsed = read_file(write(inbox, ACUBIZ, acubiz_text(
        acubiz_posting("1000002-9", text)).encode()), profile)
    problem = parsed.held[0].problems[0]
    assert problem.message == (
        "The booking text is 251 characters; e-conomic allows 250 in all, and the reference"
        " to the expense takes 16 of them, so shorten it by 17 characters."
    )
    assert problem.message_da == (
        "Posteringsteksten er på 251 tegn; e-conomic tillader 250 i alt, og henvisningen til"
        " udlægget bruger 16 af dem, så forkort den med 17 tegn."
    )


def test_a_field_above_the_limit_holds_its_line_in_both_formats(inbox, profile):
    huge = "7" * (MAX_FIELD_CHARS + 1)
    acubiz = read_file(write(inbox, ACUBIZ, acubiz_text(
        acubiz_posting("1"), acubiz_posting("2", amount=huge)
    ).encode()), profile)
    simple = read_file(write(inbox, "huge.csv", simple_text(
        "1;2026-11-24;a;1,00;3600", f"2;2026-11-24;a;{huge};3600"
    ).encode()), profile)
    for parsed in (acubiz, simple):
        assert [line.line_id for line in parsed.lines] == ["1"]
        (held,) = parsed.held
        assert f"at most {MAX_FIELD_CHARS} characters" in held.problems[0].message
        assert held.problems[0].field.startswith("amount")


# -- quotes and field counts ------------------------------------------------------------------


def test_an_unclosed_quote_holds_its_line_and_the_next_lines_are_read(inbox, profile):
    text = simple_text(
        '1;2026-11-24;"Taxi til lufthavn;10,00;3600',
        "2;2026-11-24;Tog;20,00;3600",
        "3;2026-11-24;Bus;30,00;3600",
    )
    parsed = read_file(write(inbox, "q.csv", text.encode()), profile)
    assert parsed.problems == []
    assert [(line.line_id, line.text, line.source_line) for line in parsed.lines] == [
        ("2", "Tog", 3), ("3", "Bus", 4)
    ]
    (held,) = parsed.held
    assert (held.line_id, held.source_line) == ("1", 2)
    assert held.problems[0].message.startswith("Line 2 has an unclosed quote")
    assert held.problems[0].message_da.startswith("Linje 2 har et anførselstegn")


def test_a_quote_that_closes_on_a_later_row_does_not_swallow_it(inbox, profile):
    text = simple_text(
        '1;2026-11-24;"Taxi;10,00;3600',
        '2;2026-11-24;Tog";20,00;3600',
        "3;2026-11-24;Bus;30,00;3600",
    )
    parsed = read_file(write(inbox, "q.csv", text.encode()), profile)
    assert [line.line_id for line in parsed.lines] == ["2", "3"]
    assert parsed.lines[0].text == 'Tog"'
    assert [held.source_line for held in parsed.held] == [2]


def test_a_quoted_text_over_several_lines_becomes_one_line(inbox, profile):
    text = simple_text('1;2026-11-24;"Taxi\r\ntil lufthavn";10,00;3600', "2;2026-11-24;x;1;3600")
    parsed = read_file(write(inbox, "multi.csv", text.encode()), profile)
    assert (parsed.problems, parsed.held) == ([], [])
    assert [(line.text, line.source_line) for line in parsed.lines] == [
        ("Taxi til lufthavn", 2), ("x", 4)
    ]


def test_a_misplaced_quote_holds_its_line(inbox, profile):
    text = simple_text('1;2026-11-24;"Taxi" VIP;10,00;3600', "2;2026-11-24;Tog;2;3600")
    parsed = read_file(write(inbox, "q.csv", text.encode()), profile)
    assert [line.line_id for line in parsed.lines] == ["2"]
    assert "is followed by other characters" in parsed.held[0].problems[0].message


def test_an_unclosed_quote_in_an_acubiz_line_holds_its_posting_only(inbox, profile):
    first = acubiz_posting("1")
    first[0] = first[0].replace("Kørsel", '"Kørsel')
    parsed = read_file(write(inbox, ACUBIZ, acubiz_text(
        first, acubiz_posting("2"), acubiz_posting("3")
    ).encode()), profile)
    assert [line.line_id for line in parsed.lines] == ["2", "3"]
    (held,) = parsed.held
    assert held.problems[0].message.startswith("Line 1 has an unclosed quote")


def test_a_wrong_field_count_names_both_counts(inbox, profile):
    short = acubiz_posting("2")
    short[1] = short[1].rsplit(";", 2)[0]
    acubiz = read_file(write(inbox, ACUBIZ, acubiz_text(
        acubiz_posting("1"), short, acubiz_posting("3")
    ).encode()), profile)
    assert [line.line_id for line in acubiz.lines] == ["1", "3"]
    assert acubiz.held[0].line_id == "2"
    assert [p.message for p in acubiz.held[0].problems] == [
        "The line has 29 fields separated by ';'; an Acubiz costs file has 31."
    ]
    simple = read_file(write(inbox, "c.csv", simple_text(
        "1;2026-11-24;a;1,00;3600;extra", "2;2026-11-24;a;1,00", "3;2026-11-24;a;1;3600"
    ).encode()), profile)
    assert [line.line_id for line in simple.lines] == ["3"]
    assert [(h.line_id, h.problems[0].message) for h in simple.held] == [
        ("1", "The line has 6 fields but the header has 5."),
        ("2", "The line has 4 fields but the header has 5."),
    ]


def test_a_file_without_any_acubiz_line_is_not_an_acubiz_file(inbox, profile):
    lines = "".join(f"{n};" + ";".join(["x"] * 37) + "\r\n" for n in range(1, 5))
    parsed = read_file(write(inbox, ACUBIZ, lines.encode()), profile)
    assert (parsed.lines, parsed.held) == ([], [])
    (problem,) = parsed.problems
    assert problem.message == (
        "This is not an Acubiz costs file: none of its lines has 31 fields (line 1 has 38,"
        " separated by ';')."
    )
    assert "38 columns are not supported" in problem.fix


# -- a cut-off last line ----------------------------------------------------------------------


def test_a_last_line_without_a_line_break_is_held_and_the_file_unterminated(inbox, profile):
    acubiz = acubiz_text(acubiz_posting("1"), acubiz_posting("2"))[:-2]
    simple = simple_text("1;2026-11-24;a;1,00;3600", "2;2026-11-24;a;1,00;3600")[:-2]
    for name, text in ((ACUBIZ, acubiz), ("cut.csv", simple)):
        parsed = read_file(write(inbox, name, text.encode()), profile)
        assert parsed.problems == [] and parsed.unterminated, name
        assert [line.line_id for line in parsed.lines] == ["1"]
        (held,) = parsed.held
        assert held.line_id == "2"
        problem = held.problems[-1]
        assert problem.message.startswith(
            "The last line has no line break at its end, so it may be cut off"
        )
        assert problem.fix.startswith("If it is complete,")
        assert "export again" in problem.fix
        assert problem.message_da.startswith("Den sidste linje har intet linjeskift")


def test_a_cut_off_first_line_is_held_not_rejected(inbox, profile):
    text = acubiz_text(acubiz_posting("1"))
    parsed = read_file(write(inbox, ACUBIZ, text[:40].encode()), profile)
    assert parsed.problems == [] and parsed.unterminated
    assert len(parsed.held) == 1


def test_trailing_blank_space_without_a_line_break_is_not_a_cut_off_line(inbox, profile):
    text = simple_text("1;2026-11-24;a;1,00;3600") + "   "
    parsed = read_file(write(inbox, "s.csv", text.encode()), profile)
    assert (parsed.held, parsed.unterminated) == ([], False)


# -- amounts ----------------------------------------------------------------------------------


def test_an_absurd_amount_is_held_and_never_a_float(inbox, profile):
    document = [
        {"id": "1", "date": "2026-11-24", "amount": 123456789012345678.91, "account": 3600},
        {"id": "2", "date": "2026-11-24", "amount": 10**30, "account": 3600},
        {"id": "3", "date": "2026-11-24", "amount": "12345678,90", "account": 3600},
        {"id": "4", "date": "2026-11-24", "amount": 10000000, "account": 3600},
    ]
    text = json.dumps(document).replace("1.2345678901234568e+17", "123456789012345678.91")
    parsed = read_file(write(inbox, "a.json", text.encode()), profile)
    assert [(line.line_id, line.amount) for line in parsed.lines] == [
        ("4", Decimal("10000000.00"))
    ]
    assert str(parsed.lines[0].amount) == "10000000.00"
    assert [held.line_id for held in parsed.held] == ["1", "2", "3"]
    first = parsed.held[0].problems[0]
    assert first.message == (
        "The amount 123456789012345678.91 is larger than the largest amount allowed per"
        " posting (10000000)."
    )
    assert "e+" not in first.message.lower()
    assert first.fix.startswith("If it is right, raise 'max_amount' in the profile")
    assert "hæv 'max_amount' i profilen" in first.fix_da


def test_max_amount_comes_from_the_profile(inbox):
    profile = ExportProfile(
        name="x", inbox_folder=inbox, default_contra_account=5900, max_amount=10**18
    )
    text = simple_text("1;2026-11-24;a;123456789012345678,91;3600")
    parsed = read_file(write(inbox, "a.csv", text.encode()), profile)
    assert parsed.lines[0].amount == Decimal("123456789012345678.91")


# -- size and speed ---------------------------------------------------------------------------


def test_a_100000_line_file_is_read_in_seconds(inbox, profile):
    postings = [acubiz_posting(f"{1_000_000 + n}-1", f"Hotel {n}") for n in range(50_000)]
    path = write(inbox, ACUBIZ, acubiz_text(*postings).encode("cp1252"))
    started = time.perf_counter()
    parsed = read_file(path, profile)
    elapsed = time.perf_counter() - started
    assert len(parsed.lines) == 50_000 and parsed.held == []
    assert elapsed < 30, f"{elapsed:.1f} s: reading must stay linear"


def test_an_unclosed_quote_early_in_a_large_file_costs_one_extra_pass(inbox, profile):
    rows = [f"{n};2026-11-24;Tekst {n};1,00;3600" for n in range(50_000)]
    rows[0] = '0;2026-11-24;"Tekst 0;1,00;3600'
    path = write(inbox, "big.csv", simple_text(*rows).encode())
    started = time.perf_counter()
    parsed = read_file(path, profile)
    assert time.perf_counter() - started < 30
    assert len(parsed.lines) == 49_999 and [h.line_id for h in parsed.held] == ["0"]
