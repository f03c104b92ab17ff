"""The byte and text handling every reader shares: pure functions on bytes and strings."""

from __future__ import annotations

import codecs

import pytest

from wizard.export.textfile import (
    MAX_FIELD_CHARS,
    RecordReader,
    TextLines,
    Unreadable,
    check_size,
    check_text,
    check_value,
    decode_document,
    decode_lines,
    describe_char,
    line_is_plain,
)


def lines_of(data: bytes) -> TextLines:
    decoded = decode_lines(data)
    assert isinstance(decoded, TextLines), decoded
    return decoded


def test_only_cr_lf_lf_and_cr_break_lines():
    decoded = lines_of(b"a\r\nb\nc\rd\x0ce\x85f\r\n")
    assert decoded.lines == ["a", "b", "c", "d\x0ce\u2026f"]  # 0x85 is … in Windows-1252
    assert (decoded.cut_off, decoded.doubts) == (False, {})


@pytest.mark.parametrize(
    ("data", "lines", "cut_off"),
    [(b"", [], False), (b"a", ["a"], True), (b"a\n  ", ["a", "  "], False),
     (b"a\n\n", ["a", ""], False)],
)
def test_a_cut_off_last_line_is_one_with_text_and_no_line_break(data, lines, cut_off):
    decoded = lines_of(data)
    assert (decoded.lines, decoded.cut_off) == (lines, cut_off)


@pytest.mark.parametrize(
    ("codec", "name"),
    [("utf-16-le", "UTF-16 LE"), ("utf-16-be", "UTF-16 BE"), ("utf-32-le", "UTF-32 LE"),
     ("utf-32-be", "UTF-32 BE")],
)
def test_utf16_and_utf32_without_bom_are_recognised_by_their_nul_bytes(codec, name):
    decoded = lines_of("id;tekst\r\n1;Blåbær\r\n".encode(codec))
    assert (decoded.encoding, decoded.lines) == (name, ["id;tekst", "1;Blåbær"])


def test_a_few_nul_bytes_do_not_make_a_text_file_binary():
    decoded = lines_of(b"id;text\n1;a\x00b\n" + b"2;plain text\n" * 20)
    assert decoded.lines[1] == "1;a\x00b"  # the reader holds that line


def test_mostly_nul_bytes_without_a_pattern_are_not_text():
    decoded = decode_lines(b"\x00\x00\x00a\x00\x00b\x00\x00\x00\x00c" * 10)
    assert isinstance(decoded, Unreadable)
    assert decoded.message.en.startswith("The file is not text")


def test_a_tie_between_utf8_and_windows_1252_lines_counts_as_utf8():
    decoded = lines_of("Kørsel\n".encode() + "Færge\n".encode("cp1252"))
    assert decoded.encoding == "UTF-8" and decoded.lines == ["Kørsel", "Færge"]
    assert list(decoded.doubts) == [2]


def test_json_that_is_not_utf8_names_the_line():
    found = decode_document(b'[\n{"text": "ok"},\n{"text": "F\xe6rge"}\n]')
    assert isinstance(found, Unreadable)
    assert "line 3 has bytes that are not UTF-8" in found.message.en
    assert decode_document(codecs.BOM_UTF8 + b"[]") == "[]"


def test_the_record_reader_resumes_after_a_broken_quote():
    lines = ['1;"a', "2;b", "3;c"]
    reader = RecordReader(lines, ";")
    broken = next(reader)
    assert (broken.first, broken.last, broken.quote) == (1, 3, "unclosed")
    reader.resume(2)
    assert [(record.first, record.fields) for record in reader] == [
        (2, ["2", "b"]), (3, ["3", "c"])
    ]


def test_a_misplaced_quote_is_told_from_an_unclosed_one():
    (record, after) = list(RecordReader(['1;"a"b;c', "2;d"], ";"))
    assert (record.first, record.last, record.quote, record.fields) == (1, 1, "misplaced", None)
    assert after.fields == ["2", "d"]


def test_text_is_cleaned_and_values_are_refused():
    assert check_text(" a\t b\u200b\u202ec \U0001f600 ") == ("a bc", None)
    cleaned, why = check_text("a\x07b")
    assert cleaned == "" and "U+0007 (BEL)" in why.en
    assert check_value("12,50") is None
    assert "U+200B (ZERO WIDTH SPACE)" in check_value("12\u200b,50").en
    assert describe_char("\u202e") == "U+202E (RIGHT-TO-LEFT OVERRIDE)"


def test_the_field_size_limit():
    assert check_size("x" * MAX_FIELD_CHARS) is None
    assert check_size("x" * (MAX_FIELD_CHARS + 1)) is not None
    assert line_is_plain("1;2;Blåbær") and not line_is_plain("1;\u200b")
    assert not line_is_plain("x" * (MAX_FIELD_CHARS + 1))
