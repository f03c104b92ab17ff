"""Bytes to lines of text, and the checks every field of every input format goes through.

Pure functions, no I/O: a reader (`formats.acubiz`, `formats.simple`) hands in the bytes of a file
and gets its physical lines, the lines whose bytes cannot be trusted, CSV records and field
checks back. Everything wrong ends as a problem of one line (the reader holds that posting) or,
only when the file cannot be read at all, as `Unreadable` (the file goes to `rejected/`); never as
an exception.

Encoding (`decode_lines` for CSV, `decode_document` for JSON), in this order:

- a BOM: EF BB BF UTF-8, FF FE 00 00 UTF-32 LE, 00 00 FE FF UTF-32 BE, FF FE UTF-16 LE,
  FE FF UTF-16 BE;
- no BOM, but NUL bytes in the pattern of UTF-32 or UTF-16 (LE or BE) in the first 64 KiB;
- a UTF-16/32 file that does not decode is a whole-file problem that names the encoding;
- `PK\\3\\4` (an Excel workbook, a ZIP) and other NUL bytes in more than 10 % of the start
  are whole-file problems (not text);
- all of it valid UTF-8: UTF-8; otherwise line by line.

Line by line: a line of ASCII only fits every encoding; a line that is valid UTF-8 and has other
characters is UTF-8 (Windows-1252 letters such as æ ø å practically never form valid UTF-8); any
other line is Windows-1252. When a file mixes UTF-8 lines and Windows-1252 lines, the encoding of
the majority is the file's (a tie, or a UTF-8 BOM, counts as UTF-8) and every line in the other
encoding is *doubtful*: it is still decoded in its own encoding, so the reader can find its
posting and id, but that posting is held with a message naming the line and both encodings. A
line that is neither UTF-8 nor Windows-1252 is doubtful too. So a garbled `KÃ¸rsel` is never
posted.

Line breaks are CR LF, LF or CR, nothing else (form feeds, NEL and U+2028 are characters of a
line). `TextLines.cut_off` says that the last line has text but no line break after it: the
writer may still be busy (the reader holds that line's posting, the engine waits once more).

Characters in fields (`check_text` for free text, `check_value` for numbers, dates, accounts,
codes, ids and file names; `has_control` for columns that are not used):

- C0/C1 control characters (NUL, BEL, ESC, DEL, U+0080–U+009F, ...) and lone surrogates: the
  posting is held, whatever the field.
- Tab, a line break (in a quoted multi-line text) and other Unicode spaces: one space in free
  text; whitespace elsewhere (trimmed at the ends, else the field's own format error).
- Zero-width characters, soft hyphen, bidi controls (U+202A–U+202E, U+2066–U+2069, LRM, RLM,
  ALM), variation selectors, a BOM inside a field, and characters outside the Basic
  Multilingual Plane (emoji): removed from free text; elsewhere the posting is held.

Control characters are refused because they are a sign of a damaged file (a byte from a binary
file, a broken export) and e-conomic shows them as boxes or not at all; the invisible ones are
removed from texts because they carry no meaning in a booking text but can make it read
differently (a bidi override turns text around) or fail a search; emoji are removed because they
carry no booking information and count twice against e-conomic's 250 characters. In a number,
date, account, code or id an invisible character would be a silent change of the value, so the
posting is held instead.

Field size: a field may hold up to `MAX_FIELD_CHARS` characters (1 MiB); a larger one holds its
posting (`check_size`). The `csv` module's own limit (128 KiB by default, which raised an error
on a 140 KB text) is raised out of the way; the limit here is the one that counts.
"""

from __future__ import annotations

import codecs
import csv
import re
import unicodedata
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from wizard.export.lines import Bilingual

if TYPE_CHECKING:
    from collections.abc import Iterator, Sequence

MAX_FIELD_CHARS = 1024 * 1024  # the largest field, in characters, that a posting may have
_CSV_LIMIT = 2**31 - 1  # the csv module's limit must never be the one that is hit (C long)
_SAMPLE_BYTES = 64 * 1024  # how much of the start decides BOM-less UTF-16/32 and binary files
_LINE_BREAK_BYTES = re.compile(rb"\r\n|\r|\n")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")

# (BOM, codec, the name a person knows). UTF-32 LE before UTF-16 LE: its BOM starts with FF FE.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le", "UTF-32 LE"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "UTF-32 BE"),
    (codecs.BOM_UTF8, "utf-8", "UTF-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16 LE"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16 BE"),
)
UTF8 = "UTF-8"
CP1252 = "Windows-1252"

# Refused in every field: C0 controls but tab, LF, CR; DEL; C1 controls; lone surrogates (only
# JSON's \\ud800 escapes can make those).
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
# Removed from free text, refused elsewhere: invisible formatting and characters beyond the BMP.
_INVISIBLE = re.compile(
    "[\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069"
    "\ufe00-\ufe0f\ufeff\U00010000-\U0010ffff]"
)
_SUSPECT = re.compile(f"{_CONTROL.pattern}|{_INVISIBLE.pattern}")
_C0_NAMES = {
    0x00: "NUL", 0x07: "BEL", 0x08: "BS", 0x0B: "VT", 0x0C: "FF", 0x1B: "ESC", 0x7F: "DEL",
}

_TEXTS: dict[str, Bilingual] = {
    "fix": Bilingual(
        "Save or export the file again as UTF-8 or Windows-1252 text and put it back in the"
        " inbox folder.",
        "Gem eller eksportér filen igen som UTF-8- eller Windows-1252-tekst, og læg den"
        " tilbage i indbakken.",
    ),
    "wide_broken": Bilingual(
        "The file is {encoding} text ({how}), but it cannot be read as {encoding}: {reason}.",
        "Filen er {encoding}-tekst ({how_da}), men den kan ikke læses som {encoding}:"
        " {reason}.",
    ),
    "zip": Bilingual(
        "The file is an Excel workbook or another ZIP file, not CSV or JSON text.",
        "Filen er en Excel-projektmappe eller en anden ZIP-fil, ikke CSV- eller JSON-tekst.",
    ),
    "zip_fix": Bilingual(
        "Save it as CSV (in Excel: Save as, 'CSV UTF-8') and put the CSV file in the inbox"
        " folder.",
        "Gem den som CSV (i Excel: Gem som, 'CSV UTF-8'), og læg CSV-filen i indbakken.",
    ),
    "binary": Bilingual(
        "The file is not text: {share} % of its first bytes are NUL bytes.",
        "Filen er ikke tekst: {share} % af dens første bytes er NUL-bytes.",
    ),
    "json_not_utf8": Bilingual(
        "The file is not UTF-8 text, which JSON must be (line {line} has bytes that are not"
        " UTF-8).",
        "Filen er ikke UTF-8-tekst, og det skal JSON være (linje {line} har bytes, der ikke er"
        " UTF-8).",
    ),
    "json_fix": Bilingual(
        "Save it again as UTF-8 and put it back in the inbox folder.",
        "Gem den igen som UTF-8, og læg den tilbage i indbakken.",
    ),
    "mixed": Bilingual(
        "Line {line} is {this} text, but the file's other lines with letters such as æ, ø, å"
        " are {file} ({count} of them), so this line's letters cannot be read with certainty.",
        "Linje {line} er {this}-tekst, men filens andre linjer med bogstaver som æ, ø, å er"
        " {file} ({count} af dem), så denne linjes bogstaver kan ikke læses sikkert.",
    ),
    "mixed_bom": Bilingual(
        "Line {line} is {this} text, but the file says it is UTF-8 (it starts with a UTF-8 byte"
        " order mark), so its letters (æ, ø, å) cannot be read with certainty.",
        "Linje {line} er {this}-tekst, men filen siger, at den er UTF-8 (den starter med et"
        " UTF-8-BOM), så dens bogstaver (æ, ø, å) kan ikke læses sikkert.",
    ),
    "neither": Bilingual(
        "Line {line} has bytes that are neither UTF-8 nor Windows-1252 text ({bytes}); the file"
        " may be damaged.",
        "Linje {line} har bytes, der hverken er UTF-8- eller Windows-1252-tekst ({bytes});"
        " filen kan være beskadiget.",
    ),
    "mixed_fix": Bilingual(
        "Save the whole file in one encoding (UTF-8), or export it again, and put it back in"
        " the inbox folder.",
        "Gem hele filen i én tegnkodning (UTF-8), eller eksportér den igen, og læg den tilbage"
        " i indbakken.",
    ),
    "control": Bilingual(
        "The field contains the control character {char}; it is not text and is never sent"
        " to e-conomic.",
        "Feltet indeholder kontroltegnet {char}; det er ikke tekst og sendes aldrig til"
        " e-conomic.",
    ),
    "invisible": Bilingual(
        "The field contains the invisible or special character {char}, which would silently"
        " change the value.",
        "Feltet indeholder det usynlige eller særlige tegn {char}, som ville ændre værdien"
        " uden at det kan ses.",
    ),
    "too_large": Bilingual(
        "The field is {size} characters long; a field may have at most {limit} characters.",
        "Feltet er på {size} tegn; et felt må højst have {limit} tegn.",
    ),
    "cut_off": Bilingual(
        "The last line has no line break at its end, so it may be cut off (the file may still"
        " have been being written).",
        "Den sidste linje har intet linjeskift til sidst, så den kan være afskåret (filen blev"
        " måske stadig skrevet).",
    ),
    "cut_off_fix": Bilingual(
        "If it is complete, add a line break at its end or export again; the file is read again"
        " with the next transfer.",
        "Hvis den er komplet, så tilføj et linjeskift til sidst, eller eksportér igen; filen"
        " læses igen ved næste overførsel.",
    ),
    "unclosed_quote": Bilingual(
        "Line {line} has an unclosed quote: a field starts with \" that is not closed on the"
        " line, so the lines after it would be read as part of that field.",
        "Linje {line} har et anførselstegn, der ikke lukkes: et felt starter med \", som ikke"
        " lukkes på linjen, så linjerne efter den ville blive læst som en del af feltet.",
    ),
    "misplaced_quote": Bilingual(
        "Line {line} has a quote (\") that closes a quoted field but is followed by other"
        " characters instead of the separator.",
        "Linje {line} har et anførselstegn (\"), der lukker et felt i anførselstegn, men som"
        " efterfølges af andre tegn end skilletegnet.",
    ),
    "quote_fix": Bilingual(
        "Close the quote or remove it (a quote inside a quoted field is written as two: \"\"),"
        " and put the file back in the inbox folder.",
        "Luk anførselstegnet, eller fjern det (et anførselstegn inde i et felt i anførselstegn"
        " skrives som to: \"\"), og læg filen tilbage i indbakken.",
    ),
}
_BOM_HOW = Bilingual("it starts with a {name} byte order mark", "den starter med et {name}-BOM")
_PATTERN_HOW = Bilingual(
    "its NUL bytes follow the {name} pattern", "dens NUL-bytes følger mønstret for {name}"
)


def say(key: str, **values: object) -> Bilingual:
    """The message `key` of this module with its placeholders filled in, in both languages."""
    return _TEXTS[key].format(**values)


CUT_OFF_FIX = _TEXTS["cut_off_fix"]
QUOTE_FIX = _TEXTS["quote_fix"]
ENCODING_FIX = _TEXTS["mixed_fix"]


@dataclass(frozen=True, slots=True)
class Unreadable:
    """Why a file cannot be read at all, and what to do: it goes to `rejected/` whole."""

    message: Bilingual
    fix: Bilingual


@dataclass(slots=True)
class TextLines:
    """A file's physical lines, decoded, without their line breaks.

    `doubts` maps a 1-based line number to why its bytes cannot be trusted (another encoding
    than the file's, or no encoding at all); the reader holds the posting that line belongs to.
    `cut_off` is True when the last line has text but no line break after it.
    """

    lines: list[str]
    encoding: str
    cut_off: bool = False
    doubts: dict[int, Bilingual] = field(default_factory=dict)


# -- decoding --------------------------------------------------------------------------------


def decode_lines(data: bytes) -> TextLines | Unreadable:
    """The physical lines of a CSV file; see the module's table for how the encoding is found."""
    wide = _wide_text(data)
    if isinstance(wide, Unreadable):
        return wide
    if wide is not None:
        text, name = wide
        return _text_lines(text, name)
    bom = data.startswith(codecs.BOM_UTF8)
    body = data[len(codecs.BOM_UTF8):] if bom else data
    if body.isascii():
        return _text_lines(body.decode("ascii"), "ASCII")
    try:
        return _text_lines(body.decode("utf-8"), UTF8)
    except UnicodeDecodeError:
        pass
    return _mixed_lines(body, utf8_declared=bom)


def decode_document(data: bytes) -> str | Unreadable:
    """The whole text of a JSON file: UTF-8 (BOM or not), UTF-16 or UTF-32 (JSON allows no
    other encoding, so Windows-1252 is refused with the line that is not UTF-8)."""
    wide = _wide_text(data)
    if isinstance(wide, Unreadable):
        return wide
    if wide is not None:
        return wide[0]
    body = data[len(codecs.BOM_UTF8):] if data.startswith(codecs.BOM_UTF8) else data
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as error:
        line = body.count(b"\n", 0, error.start) + 1
        return Unreadable(say("json_not_utf8", line=line), _TEXTS["json_fix"])


def first_line(data: bytes) -> str | None:
    """The first line with text, read from the start of the file only (to recognise a
    format cheaply); None when there is none or the start cannot be read."""
    decoded = decode_lines(data[:_SAMPLE_BYTES])
    if isinstance(decoded, Unreadable):
        return None
    return next((line for line in decoded.lines if line.strip()), None)


def _wide_text(data: bytes) -> tuple[str, str] | Unreadable | None:
    """(text, encoding name) for UTF-16/32 (BOM or NUL pattern); `Unreadable` for a ZIP, a
    binary file or UTF-16/32 that does not decode; None otherwise (UTF-8 and Windows-1252 are
    decided line by line by the caller)."""
    for bom, codec, name in _BOMS:
        if data.startswith(bom):
            if codec == "utf-8":
                return None
            how = _BOM_HOW.format(name=name)
            return _decode_wide(data[len(bom):], codec, name, how)
    if data.startswith(b"PK\x03\x04"):
        return Unreadable(say("zip"), _TEXTS["zip_fix"])
    sample = data[:_SAMPLE_BYTES]
    nuls = sample.count(0)
    if not nuls:
        return None
    pattern = _nul_pattern(sample)
    if pattern is not None:
        codec, name = pattern
        return _decode_wide(data, codec, name, _PATTERN_HOW.format(name=name))
    if nuls * 10 > len(sample):
        return Unreadable(say("binary", share=round(100 * nuls / len(sample))), _TEXTS["fix"])
    return None  # a few NULs in a text file: the lines that have them are held


def _nul_pattern(sample: bytes) -> tuple[str, str] | None:
    """UTF-32 or UTF-16 without BOM, told apart by where the NUL bytes are: text that is
    mostly Latin has a NUL in the high byte(s) of nearly every code unit."""

    def share(start: int, step: int) -> float:
        part = sample[start::step]
        return part.count(0) / len(part) if part else 0.0

    if len(sample) >= 8:
        at = [share(n, 4) for n in range(4)]
        if at[2] > 0.9 and at[3] > 0.9 and at[0] < 0.1:
            return "utf-32-le", "UTF-32 LE"
        if at[0] > 0.9 and at[1] > 0.9 and at[3] < 0.1:
            return "utf-32-be", "UTF-32 BE"
    if len(sample) >= 4:
        even, odd = share(0, 2), share(1, 2)
        if odd > 0.5 and even < 0.1:
            return "utf-16-le", "UTF-16 LE"
        if even > 0.5 and odd < 0.1:
            return "utf-16-be", "UTF-16 BE"
    return None


def _decode_wide(
    body: bytes, codec: str, name: str, how: Bilingual
) -> tuple[str, str] | Unreadable:
    try:
        return body.decode(codec), name
    except UnicodeDecodeError as error:
        reason = f"{error.reason} at byte {error.start}"
        return Unreadable(
            say("wide_broken", encoding=name, how=how.en, how_da=how.da, reason=reason),
            _TEXTS["fix"],
        )


def _text_lines(text: str, encoding: str) -> TextLines:
    lines = _LINE_BREAK.split(text)
    return _finish(lines, encoding)


def _finish(lines: list, encoding: str, doubts: dict[int, Bilingual] | None = None) -> TextLines:
    """Drop the empty piece after a final line break; note a last line without one."""
    cut_off = False
    if lines and not lines[-1]:
        lines.pop()
    elif lines:
        cut_off = bool(lines[-1].strip())
    return TextLines(lines, encoding, cut_off, doubts or {})


def _mixed_lines(body: bytes, *, utf8_declared: bool) -> TextLines:
    """Decode line by line; lines in the minority encoding (or none) become doubts."""
    raw_lines = _LINE_BREAK_BYTES.split(body)
    lines: list[str] = []
    utf8_lines: list[int] = []
    cp1252_lines: list[int] = []
    neither: list[int] = []
    for number, raw in enumerate(raw_lines, 1):
        if raw.isascii():
            lines.append(raw.decode("ascii"))
            continue
        try:
            lines.append(raw.decode("utf-8"))
            utf8_lines.append(number)
            continue
        except UnicodeDecodeError:
            pass
        try:
            lines.append(raw.decode("cp1252"))
            cp1252_lines.append(number)
        except UnicodeDecodeError:
            lines.append(raw.decode("cp1252", errors="replace"))
            neither.append(number)
    doubts: dict[int, Bilingual] = {}
    if utf8_declared or len(utf8_lines) >= len(cp1252_lines):
        encoding, minority, majority, this = UTF8, cp1252_lines, utf8_lines, CP1252
    else:
        encoding, minority, majority, this = CP1252, utf8_lines, cp1252_lines, UTF8
    if majority or utf8_declared:
        for number in minority:
            doubts[number] = (
                say("mixed_bom", line=number, this=this) if utf8_declared
                else say("mixed", line=number, this=this, file=encoding, count=len(majority))
            )
    for number in neither:
        doubts[number] = say("neither", line=number, bytes=_odd_bytes(raw_lines[number - 1]))
    return _finish(lines, encoding, doubts)


def _odd_bytes(raw: bytes) -> str:
    """The first bytes that are not Windows-1252, as a person can look them up: "0x81 0x8D"."""
    found = []
    for byte in raw:
        if byte in (0x81, 0x8D, 0x8F, 0x90, 0x9D):
            found.append(f"0x{byte:02X}")
            if len(found) == 3:
                break
    return " ".join(found) or "?"


# -- CSV records ------------------------------------------------------------------------------


def raise_csv_limit() -> None:
    """Let the csv module read fields of any size; `check_size` is the limit that counts."""
    if csv.field_size_limit() < _CSV_LIMIT:
        csv.field_size_limit(_CSV_LIMIT)


def split_one(line: str, delimiter: str) -> list[str]:
    """The fields of one line, forgiving (for recognising a separator or a row, never for
    reading values): a quote error gives what the lenient reader makes of it."""
    raise_csv_limit()
    try:
        return next(csv.reader([line], delimiter=delimiter), [])
    except csv.Error:
        return line.split(delimiter)


@dataclass(slots=True)
class Record:
    """One CSV record: the physical lines it spans (1-based, inclusive) and its fields.

    `fields` is None when the quoting is broken; `quote` then says how ("unclosed": the record
    ran on past its line or to the end of the file; "misplaced": a closing quote followed by
    something else than the separator).
    """

    first: int
    last: int
    fields: list[str] | None
    quote: str | None = None

    @property
    def blank(self) -> bool:
        return self.fields is not None and not any(value.strip() for value in self.fields)

    def quote_problem(self) -> Bilingual:
        key = "misplaced_quote" if self.quote == "misplaced" else "unclosed_quote"
        return say(key, line=self.first)


class RecordReader:
    """The records of CSV lines, strictly quoted, read one physical line at a time.

    A quoted field may span lines (the csv module joins them with "\\n"). When a record turns out
    to be wrong (a quote that never closes swallows the lines after it), the reader holds its
    first line and calls `resume(record.first + 1)`: reading starts afresh there, so the lines
    after a broken quote are read as their own records. Work stays linear in the file's size.
    """

    def __init__(self, lines: Sequence[str], delimiter: str, start: int = 1) -> None:
        raise_csv_limit()
        self._lines = lines
        self._delimiter = delimiter
        self._next = start - 1  # 0-based index of the next line to hand to the csv module
        self._reader: Iterator[list[str]] | None = None

    def __iter__(self) -> RecordReader:
        return self

    def __next__(self) -> Record:
        if self._next >= len(self._lines):
            raise StopIteration
        if self._reader is None:
            self._reader = csv.reader(self._feed(), delimiter=self._delimiter, strict=True)
        first = self._next + 1
        try:
            fields = next(self._reader)
        except StopIteration:
            raise
        except csv.Error as error:
            self._reader = None  # its state is unknown: the next record starts afresh
            unclosed = self._next > first or "end of data" in str(error)
            return Record(first, max(first, self._next), None,
                          "unclosed" if unclosed else "misplaced")
        return Record(first, max(first, self._next), fields)

    def resume(self, line: int) -> None:
        """Read on from physical line `line` (1-based) with a fresh csv reader."""
        self._next = line - 1
        self._reader = None

    def _feed(self) -> Iterator[str]:
        lines = self._lines
        while self._next < len(lines):
            line = lines[self._next]
            self._next += 1
            yield line + "\n"


# -- fields -----------------------------------------------------------------------------------


def describe_char(char: str) -> str:
    """"U+0007 (BEL)", "U+200B (ZERO WIDTH SPACE)": the same in both languages."""
    code = ord(char)
    name = _C0_NAMES.get(code) or unicodedata.name(char, "")
    if not name:
        name = "lone surrogate" if 0xD800 <= code <= 0xDFFF else "control character"
    return f"U+{code:04X} ({name})"


def line_is_plain(line: str) -> bool:
    """True when no field of `line` can fail `check_size`, `check_value` or `has_control`, or
    be changed by `check_text` beyond its whitespace: the fast path for ordinary lines."""
    return len(line) <= MAX_FIELD_CHARS and _SUSPECT.search(line) is None


def check_size(value: str) -> Bilingual | None:
    """Why a field is too large to read safely, or None."""
    if len(value) <= MAX_FIELD_CHARS:
        return None
    return say("too_large", size=len(value), limit=MAX_FIELD_CHARS)


def has_control(value: str) -> Bilingual | None:
    """Why a field of any kind cannot be used: a C0/C1 control character (a damaged line)."""
    found = _CONTROL.search(value)
    return say("control", char=describe_char(found.group())) if found else None


def check_value(value: str) -> Bilingual | None:
    """Why a number, date, account, code, id or file name cannot be used as it is: a control
    character, or an invisible or non-BMP character that would silently change it."""
    found = _SUSPECT.search(value)
    if found is None:
        return None
    key = "control" if _CONTROL.match(found.group()) else "invisible"
    return say(key, char=describe_char(found.group()))


def check_text(value: str) -> tuple[str, Bilingual | None]:
    """A free-text field as one clean line, or ("", why) when it has a control character.

    Invisible characters and characters beyond the BMP are removed; tabs, line breaks and runs
    of whitespace become one space; the ends are trimmed.
    """
    if _SUSPECT.search(value) is None:
        return " ".join(value.split()), None
    problem = has_control(value)
    if problem is not None:
        return "", problem
    return " ".join(_INVISIBLE.sub("", value).split()), None
