"""Read the simple format (CSV with a header row, or JSON) into expense lines and held lines.

The simple format is for every expense system that is not Acubiz, and for people typing a file
by hand in Excel, so it is forgiving about what spreadsheets produce and strict about what
would book wrong money:

- CSV: comma, semicolon or tab (sniffed from the header); UTF-8, UTF-8 with BOM (Excel's "CSV
  UTF-8"), Windows-1252 (Excel's plain "CSV" on a Danish PC) or UTF-16/32 (Excel's "Unicode
  text"), see `textfile`; decimal point or comma; dates `yyyy-mm-dd`, `dd-mm-yyyy` or
  `dd.mm.yyyy`. Header names are case-insensitive and unknown columns are ignored (a control
  character in one still holds the line: it is a sign of a damaged line).
- Quoting is strict. A quoted `text` may span lines (Excel writes a cell with Alt+Enter so);
  it becomes one line of text. A quote that does not close on its line anywhere else, or whose
  record then has the wrong number of fields, or whose continuation lines look like rows of
  their own, is an *unclosed quote*: that line is held and the lines after it are read as their
  own rows. Every row must have as many fields as the header.
- JSON: a list of objects, or `{"lines": [...]}`; numbers are read exactly (never as floats),
  a field given twice in one object holds that item.

Fields: `id` (required; the engine compares lines with the same id across files), `report`
(lines with the same report form one voucher), `date`, `text`, `amount`, `currency` (empty →
the agreement's base currency), `account` or `category` (looked up in the profile's category
mapping), `vat_code`, `contra_account` (else the profile's default), `department`, `employee`,
`receipt` (path relative to the inbox, checked by name only; several joined by `*`).

Account and VAT: a line with an `account` uses its own `vat_code` (empty = no VAT). A line with
only a `category` takes account and VAT code from the mapping; a `vat_code` on the line wins.

Everything wrong with a row or an item holds that line (`ParsedFile.held`); only a file that
cannot be read at all (undecodable, no usable header, broken JSON) gets `ParsedFile.problems`.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from decimal import Decimal
from typing import TYPE_CHECKING, Any, TypeVar

from wizard.export.fields import (
    FieldError,
    line_id_texts,
    parse_account,
    parse_currency,
    parse_date,
    parse_flexible_amount,
    receipt_under,
    shown,
    text_length_problem,
)
from wizard.export.lines import Bilingual, ExpenseLine, HeldLine, ParsedFile, Problem
from wizard.export.textfile import (
    CUT_OFF_FIX,
    ENCODING_FIX,
    QUOTE_FIX,
    Record,
    RecordReader,
    TextLines,
    Unreadable,
    check_size,
    check_text,
    check_value,
    decode_document,
    decode_lines,
    has_control,
    line_is_plain,
    split_one,
)
from wizard.export.textfile import say as say_text

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from wizard.settings.profiles import CategoryMapping, ExportProfile

T = TypeVar("T")

REQUIRED_COLUMNS = ("id", "date", "amount")
DATE_FORMATS = ("%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y")
DELIMITERS = (";", ",", "\t")
# Free text is cleaned (`textfile.check_text`); values are refused with a control or invisible
# character in them (`textfile.check_value`).
TEXT_COLUMNS = frozenset({"text", "report", "department", "employee", "category"})
VALUE_COLUMNS = frozenset({
    "id", "date", "amount", "currency", "account", "vat_code", "contra_account", "receipt",
})
KNOWN_COLUMNS = TEXT_COLUMNS | VALUE_COLUMNS

_KNOWN_COLUMNS = (
    "id, report, date, text, amount, currency, account, category, vat_code, contra_account,"
    " department, employee, receipt"
)
# Every message of this reader, English and Danish side by side. Column names (id, date,
# contra_account...) are the file's own header names and stay as they are in Danish too.
_TEXTS: dict[str, Bilingual] = {
    "fix": Bilingual(
        "Correct the line and put the file back in the inbox folder.",
        "Ret linjen, og læg filen tilbage i indbakken.",
    ),
    "missing_columns": Bilingual(
        "The header row has no {missing} column.",
        "Overskriftsrækken har ingen kolonne {missing}.",
    ),
    "missing_column_fix": Bilingual(
        "Add the column to the first row (known columns: {known}).",
        "Tilføj kolonnen i første række (kendte kolonner: {known}).",
    ),
    "missing_columns_fix": Bilingual(
        "Add the columns to the first row (known columns: {known}).",
        "Tilføj kolonnerne i første række (kendte kolonner: {known}).",
    ),
    "column_twice": Bilingual(
        "The header row has the column {name} more than once, so it cannot be told which one"
        " counts.",
        "Overskriftsrækken har kolonnen {name} mere end én gang, så det kan ikke afgøres,"
        " hvilken der gælder.",
    ),
    "column_twice_fix": Bilingual(
        "Keep one column of each name and put the file back in the inbox folder.",
        "Behold én kolonne af hvert navn, og læg filen tilbage i indbakken.",
    ),
    "header_unreadable": Bilingual(
        "The header row (line {line}) cannot be read: {why}",
        "Overskriftsrækken (linje {line}) kan ikke læses: {why}",
    ),
    "header_fix": Bilingual(
        "Correct the first row (the column names) and put the file back in the inbox folder.",
        "Ret første række (kolonnenavnene), og læg filen tilbage i indbakken.",
    ),
    "field_count": Bilingual(
        "The line has {fields} fields but the header has {header}.",
        "Linjen har {fields} felter, men overskriftsrækken har {header}.",
    ),
    "too_many_fields_fix": Bilingual(
        "If amounts or texts contain the separator (e.g. a decimal comma in a"
        " comma-separated file), put them in quotes or separate the columns with ;.",
        "Hvis beløb eller tekster indeholder skilletegnet (f.eks. et decimalkomma i en"
        " kommasepareret fil), så sæt dem i anførselstegn, eller adskil kolonnerne med ;.",
    ),
    "too_few_fields_fix": Bilingual(
        "Give the line a value (it may be empty) for every column of the header row and put"
        " the file back in the inbox folder.",
        "Giv linjen en værdi (den må være tom) for hver kolonne i overskriftsrækken, og læg"
        " filen tilbage i indbakken.",
    ),
    # {reason} is the JSON parser's own (English) words, e.g. "Expecting value".
    "json_syntax": Bilingual(
        "The file is not valid JSON: {reason}.", "Filen er ikke gyldig JSON: {reason}."
    ),
    "json_syntax_fix": Bilingual(
        'Correct the file (a list of objects, or {{"lines": [...]}}) and put it back.',
        'Ret filen (en liste af objekter eller {{"lines": [...]}}), og læg den tilbage.',
    ),
    "json_deep": Bilingual(
        "The JSON file cannot be read: it is nested too deeply or holds a value that cannot"
        " be read ({reason}).",
        "JSON-filen kan ikke læses: den er indlejret for dybt eller har en værdi, der ikke"
        " kan læses ({reason}).",
    ),
    "json_shape": Bilingual(
        'The JSON file holds neither a list nor {{"lines": [...]}}.',
        'JSON-filen indeholder hverken en liste eller {{"lines": [...]}}.',
    ),
    "json_shape_fix": Bilingual(
        'Put the expense lines in a list, or in a list under "lines".',
        'Læg udlægslinjerne i en liste eller i en liste under "lines".',
    ),
    "json_item": Bilingual(
        "This item is not an object with fields.",
        "Dette element er ikke et objekt med felter.",
    ),
    "json_item_fix": Bilingual(
        'Write each expense as {{"id": ..., "date": ..., "amount": ...}}.',
        'Skriv hvert udlæg som {{"id": ..., "date": ..., "amount": ...}}.',
    ),
    "json_key_twice": Bilingual(
        "The field {name} is given more than once in this item.",
        "Feltet {name} er angivet mere end én gang i dette element.",
    ),
    "json_key_twice_fix": Bilingual(
        "Give each field once and put the file back in the inbox folder.",
        "Angiv hvert felt én gang, og læg filen tilbage i indbakken.",
    ),
    "value_kind": Bilingual(
        "The value must be text or a number.", "Værdien skal være tekst eller et tal."
    ),
    "text_too_long_fix": Bilingual(
        "Shorten the text and put the file back in the inbox folder.",
        "Forkort teksten, og læg filen tilbage i indbakken.",
    ),
    "no_id": Bilingual("The line has no id.", "Linjen har intet id."),
    "no_id_fix": Bilingual(
        "Give every line a unique id, e.g. EXP-0001.",
        "Giv hver linje et unikt id, f.eks. EXP-0001.",
    ),
    "bad_id_fix": Bilingual(
        "Use letters, digits and - _ . / + only, at most 40 characters.",
        "Brug kun bogstaver, cifre og - _ . / +, højst 40 tegn.",
    ),
    "no_account": Bilingual(
        "The line has neither an account nor a category.",
        "Linjen har hverken en konto eller en kategori.",
    ),
    "no_account_fix": Bilingual(
        "Fill the account column, or a category that the profile maps to an account.",
        "Udfyld kolonnen account, eller angiv en kategori, som profilen knytter til en konto.",
    ),
    "unmapped_category": Bilingual(
        "The category '{category}' has no account in the profile's category mapping.",
        "Kategorien '{category}' har ingen konto i profilens liste over kategorier og konti.",
    ),
    "unmapped_category_fix": Bilingual(
        "Add '{category}' to the category mapping in the profile (or give the line an"
        " account).",
        "Tilføj '{category}' til kategorierne i profilen, og vælg en konto til den (eller giv"
        " linjen en konto).",
    ),
    "no_contra": Bilingual(
        "The line has no contra account and the profile has no default.",
        "Linjen har ingen modkonto, og profilen har ingen standardmodkonto.",
    ),
    "no_contra_fix": Bilingual(
        "Fill the contra_account column, or set a default contra account (e.g."
        " 5900 Medarbejderudlæg) in the profile.",
        "Udfyld kolonnen contra_account, eller vælg en standardmodkonto (f.eks."
        " 5900 Medarbejderudlæg) i profilen.",
    ),
    "vat_code": Bilingual(
        "The VAT code '{code}' is longer than e-conomic's 5 characters.",
        "Momskoden '{code}' er længere end de 5 tegn, e-conomic tillader.",
    ),
}
# How a column is named in Danish, with the file's own header name after it.
_FIELDS_DA = {
    "report": "rapport", "date": "dato", "text": "tekst", "amount": "beløb",
    "currency": "valuta", "account": "konto", "category": "kategori", "vat_code": "momskode",
    "contra_account": "modkonto", "department": "afdeling", "employee": "medarbejder",
    "receipt": "kvittering",
}
_DATES_SHOWN = Bilingual("yyyy-mm-dd or dd-mm-yyyy", "åååå-mm-dd eller dd-mm-åååå")
_ACCOUNT = Bilingual("account", "Kontoen")  # Danish: definite form, it starts the sentence
_CONTRA_ACCOUNT = Bilingual("contra account", "Modkontoen")
_FIX = _TEXTS["fix"]
_NUMBER_DIGITS = 40  # a JSON number further from 1 than this is shown as written (1E+400)


def _say(key: str, **values: object) -> Bilingual:
    return _TEXTS[key].format(**values)


def _field_da(name: str | None) -> str | None:
    """The column as a Danish problem names it: "dato (date)"; None where English will do."""
    return f"{_FIELDS_DA[name]} ({name})" if name in _FIELDS_DA else None


def _field(name: str | None) -> str | Bilingual | None:
    danish = _field_da(name)
    return Bilingual(name, danish) if name and danish else name


# -- CSV -------------------------------------------------------------------------------------


def parse_simple_csv(path: Path, data: bytes, profile: ExportProfile) -> ParsedFile:
    """Every row of a simple CSV file: sendable ones in `lines`, the others in `held`;
    `problems` only when the file cannot be read at all."""
    result = ParsedFile(path=path, format="simple")
    decoded = decode_lines(data)
    if isinstance(decoded, Unreadable):
        result.problems.append(Problem.of(path, None, None, decoded.message, decoded.fix))
        return result
    lines = decoded.lines
    start = next((index for index, line in enumerate(lines) if line.strip()), None)
    if start is None:
        return result  # empty file: nothing to send, nothing wrong
    header_line = lines[start]
    delimiter = max(DELIMITERS, key=lambda d: len(split_one(header_line, d)))
    reader = RecordReader(lines, delimiter, start=start + 1)
    header_record = next(reader)
    header = _header(path, header_record, decoded, result)
    if header is None:
        return result
    _CsvRows(path, profile, result, decoded, delimiter, header).read(reader)
    return result


def _header(
    path: Path, record: Record, decoded: TextLines, result: ParsedFile
) -> list[str] | None:
    """The header's column keys, or None with the whole-file problem recorded."""
    why = decoded.doubts.get(record.first)
    if record.fields is None:
        why = record.quote_problem()
    elif record.last > record.first:
        why = say_text("unclosed_quote", line=record.first)
    elif why is None:
        why = next(
            (found for found in map(has_control, record.fields) if found is not None), None
        )
    if why is not None:
        result.problems.append(Problem.of(
            path, record.first, None, _say("header_unreadable", line=record.first, why=why),
            _say("header_fix"),
        ))
        return None
    assert record.fields is not None
    header = [_key(cell) for cell in record.fields]
    missing = _missing_columns(header)
    if missing and record.last == len(decoded.lines) and decoded.cut_off:
        # Only a header without a line break: a file still being written, not a wrong one.
        result.unterminated = True
        result.held.append(HeldLine(None, record.first, [Problem.of(
            path, record.first, None, say_text("cut_off"), CUT_OFF_FIX
        )]))
        return None
    if missing:
        names = Bilingual(
            " / ".join(name.en for name in missing), " / ".join(name.da for name in missing)
        )
        fix = "missing_columns_fix" if len(missing) > 1 else "missing_column_fix"
        result.problems.append(Problem.of(
            path, record.first, None, _say("missing_columns", missing=names),
            _say(fix, known=_KNOWN_COLUMNS),
        ))
        return None
    twice = sorted({name for name in header if name in KNOWN_COLUMNS and header.count(name) > 1})
    if twice:
        result.problems.append(Problem.of(
            path, record.first, None, _say("column_twice", name=", ".join(twice)),
            _say("column_twice_fix"),
        ))
        return None
    return header


class _CsvRows:
    """The rows after the header: each one a line, or held with its problems."""

    def __init__(
        self, path: Path, profile: ExportProfile, result: ParsedFile, decoded: TextLines,
        delimiter: str, header: list[str],
    ) -> None:
        self.path = path
        self.result = result
        self.decoded = decoded
        self.delimiter = delimiter
        self.header = header
        self.text_index = header.index("text") if "text" in header else None
        self.id_index = header.index("id")
        self.builder = _LineBuilder(path, profile, result, "line")

    def read(self, reader: RecordReader) -> None:
        for record in reader:
            if record.blank:
                continue
            if record.fields is None or self._swallowed(record):
                # The quote ran on past its line: hold that line alone and read the next ones
                # as their own rows.
                problems = [Problem.of(
                    self.path, record.first, None,
                    record.quote_problem() if record.fields is None
                    else say_text("unclosed_quote", line=record.first),
                    QUOTE_FIX,
                )]
                self._line_problems(record.first, record.first, problems)
                alone = split_one(self.decoded.lines[record.first - 1], self.delimiter)
                self.builder.hold(self._usable_id(alone), record.first, problems)
                reader.resume(record.first + 1)
                continue
            fields = record.fields
            problems = []
            self._line_problems(record.first, record.last, problems)
            if len(fields) != len(self.header):
                problems.append(Problem.of(
                    self.path, record.first, None,
                    _say("field_count", fields=len(fields), header=len(self.header)),
                    _say("too_many_fields_fix" if len(fields) > len(self.header)
                         else "too_few_fields_fix"),
                ))
                self.builder.hold(self._usable_id(fields), record.first, problems)
                continue
            plain = record.first == record.last and line_is_plain(
                self.decoded.lines[record.first - 1]
            )
            self.builder.add(_Record(
                self.path, record.first, "line", dict(zip(self.header, fields, strict=True)),
                problems, other_controls=True, plain=plain,
            ))

    def _usable_id(self, fields: list[str]) -> str | None:
        """The id of a row that cannot be read as a whole, when it can be trusted: only in the
        first column (a missing or extra separator shifts the columns after it) and usable."""
        line_id = fields[0].strip() if self.id_index == 0 and fields else ""
        if not line_id or line_id_texts(line_id) or check_value(line_id):
            return None
        return line_id

    def _line_problems(self, first: int, last: int, problems: list[Problem]) -> None:
        """Encoding doubts of the record's lines, and a last line without a line break."""
        for number in range(first, last + 1):
            doubt = self.decoded.doubts.get(number)
            if doubt is not None:
                problems.append(Problem.of(self.path, number, None, doubt, ENCODING_FIX))
        if last == len(self.decoded.lines) and self.decoded.cut_off:
            self.result.unterminated = True
            problems.append(Problem.of(self.path, last, None, say_text("cut_off"), CUT_OFF_FIX))

    def _swallowed(self, record: Record) -> bool:
        """A record over several lines that is not a well-formed multi-line text: the quote
        that opened it did not close where it should have."""
        if record.last == record.first:
            return False
        fields = record.fields
        assert fields is not None
        if len(fields) != len(self.header):
            return True
        if any("\n" in value for index, value in enumerate(fields) if index != self.text_index):
            return True
        lines = self.decoded.lines
        width = len(self.header)
        for number in range(record.first + 1, record.last + 1):
            # A continuation line that is a complete row by itself was swallowed. (The last
            # line of a text in the first column is one too, so that case cannot be told.)
            if number == record.last and self.text_index == 0:
                continue
            if len(split_one(lines[number - 1], self.delimiter)) == width:
                return True
        return False


# -- JSON ------------------------------------------------------------------------------------


class _Pairs(list):
    """A JSON object as its (key, value) pairs, so a key given twice is seen."""


def parse_simple_json(path: Path, data: bytes, profile: ExportProfile) -> ParsedFile:
    """Every object of a simple JSON file as a line or a held item (problems name the item)."""
    result = ParsedFile(path=path, format="simple")
    text = decode_document(data)
    if isinstance(text, Unreadable):
        result.problems.append(Problem.of(path, None, None, text.message, text.fix))
        return result
    if not text.strip():
        return result
    try:
        document = json.loads(
            text, parse_float=Decimal, parse_int=Decimal, parse_constant=Decimal,
            strict=False, object_pairs_hook=_Pairs,
        )
    except json.JSONDecodeError as error:
        result.problems.append(Problem.of(
            path, error.lineno, None, _say("json_syntax", reason=error.msg),
            _say("json_syntax_fix"),
        ))
        return result
    except (RecursionError, ValueError) as error:
        result.problems.append(Problem.of(
            path, None, None, _say("json_deep", reason=shown(str(error) or type(error).__name__)),
            _say("json_syntax_fix"),
        ))
        return result
    items = document
    if isinstance(document, _Pairs):
        items = next((value for key, value in document if key == "lines"), None)
    if not isinstance(items, list) or isinstance(items, _Pairs):
        result.problems.append(
            Problem.of(path, None, None, _say("json_shape"), _say("json_shape_fix"))
        )
        return result
    builder = _LineBuilder(path, profile, result, "item")
    for number, item in enumerate(items, 1):
        if not isinstance(item, _Pairs):
            builder.hold(None, number, [Problem.of(
                path, number, None, _say("json_item"), _say("json_item_fix"), unit="item"
            )])
            continue
        values: dict[str, Any] = {}
        problems = []
        for key, value in item:
            name = _key(str(key))
            if name in values and name in KNOWN_COLUMNS:
                problems.append(Problem.of(
                    path, number, _field(name), _say("json_key_twice", name=name),
                    _say("json_key_twice_fix"), unit="item",
                ))
            values[name] = value
        builder.add(_Record(path, number, "item", values, problems))
    return result


def _json_value(value: Any) -> str | None:
    """A JSON value as the text a CSV field would hold; None for an object, list, boolean or a
    number that is not finite."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, Decimal):
        if not value.is_finite():
            return None
        if value and abs(value.adjusted()) > _NUMBER_DIGITS:
            return str(value)  # "1E+400": the amount check says it is not an amount
        return format(value, "f")
    return None


# -- one line ------------------------------------------------------------------------------


class _Record:
    """One CSV row or JSON item being checked: its values as text and its problems so far.

    Every value of a known column is checked for size and characters here (free text cleaned,
    other values refused with a control or invisible character); a value found wrong here is
    not converted again (`attempt` skips it), so each problem is said once.
    """

    def __init__(
        self, path: Path, number: int, unit: str, raw: dict[str, Any],
        problems: list[Problem] | None = None, *, other_controls: bool = False,
        plain: bool = False,
    ) -> None:
        self.path = path
        self.number = number
        self.unit = unit
        self.problems: list[Problem] = problems if problems is not None else []
        self.values: dict[str, str] = {}
        self.bad: set[str] = set()
        if plain:  # a CSV line without anything to refuse or remove (`textfile.line_is_plain`)
            for name, value in raw.items():
                if name in TEXT_COLUMNS:
                    self.values[name] = " ".join(value.split())
                elif name in VALUE_COLUMNS:
                    self.values[name] = value
            return
        for name, value in raw.items():
            known = name in KNOWN_COLUMNS
            text = value if isinstance(value, str) else _json_value(value)
            if text is None:
                if known:
                    self.problem(name, _say("value_kind"))
                    self.bad.add(name)
                continue
            why = check_size(text)
            if why is None:
                if name in TEXT_COLUMNS:
                    text, why = check_text(text)
                elif known:
                    why = check_value(text)
                elif other_controls:
                    why = has_control(text)
            if why is not None:
                self.problem(name if known else None, why)
                self.bad.add(name)
                continue
            if known:
                self.values[name] = text

    def get(self, name: str) -> str:
        value = self.values.get(name)
        return value.strip() if value else ""

    def problem(self, name: str | None, message: Bilingual, fix: Bilingual = _FIX) -> None:
        self.problems.append(
            Problem.of(self.path, self.number, _field(name), message, fix, unit=self.unit)
        )

    def field_error(self, name: str, error: FieldError) -> None:
        self.problems.append(Problem(
            self.path, self.number, name, error.message, error.fix, self.unit,
            message_da=error.message_da, fix_da=error.fix_da, field_da=_field_da(name),
        ))

    def attempt(self, name: str, convert: Callable[[str], T]) -> T | None:
        """`convert(value)`, or None with the problem recorded (or already recorded)."""
        if name in self.bad:
            return None
        try:
            return convert(self.get(name))
        except FieldError as error:
            self.field_error(name, error)
            return None


class _LineBuilder:
    """Turns records into lines or held lines; every problem is collected, none stops the
    reading, and no record stops another."""

    def __init__(self, path: Path, profile: ExportProfile, result: ParsedFile, unit: str) -> None:
        self.path = path
        self.profile = profile
        self.result = result
        self.unit = unit

    def hold(self, line_id: str | None, number: int, problems: list[Problem]) -> None:
        self.result.held.append(HeldLine(line_id, number, problems, self.unit))

    def add(self, record: _Record) -> None:
        line_id = self._line_id(record)
        date = record.attempt("date", _date)
        limit = self.profile.max_amount
        amount = record.attempt(
            "amount", lambda t: parse_flexible_amount(t, _FIX, limit=limit)
        )
        currency = record.attempt("currency", lambda t: parse_currency(t, _FIX))
        account, vat_code = self._account_and_vat(record)
        contra = self._contra_account(record)
        text = record.get("text")
        if line_id is not None and "text" not in record.bad:
            too_long = text_length_problem(len(text), line_id)
            if too_long is not None:
                record.problem("text", too_long, _say("text_too_long_fix"))
        receipts = self._receipts(record)

        if record.problems:
            self.hold(line_id, record.number, record.problems)
            return
        assert line_id is not None and date is not None and amount is not None
        self.result.lines.append(ExpenseLine(
            line_id=line_id,
            source_file=self.path,
            source_line=record.number,
            date=date,
            text=text,
            amount=amount,
            currency=currency,
            account=account,
            category=record.get("category") or None,
            contra_account=contra,
            vat_code=vat_code,
            department=record.get("department") or None,
            employee=record.get("employee") or None,
            report=record.get("report") or None,
            receipts=receipts,
        ))

    def _line_id(self, record: _Record) -> str | None:
        if "id" in record.bad:
            return None
        line_id = record.get("id")
        if not line_id:
            record.problem("id", _say("no_id"), _say("no_id_fix"))
            return None
        why = line_id_texts(line_id)
        if why:
            record.problem("id", why, _say("bad_id_fix"))
            return None
        return line_id

    def _account_and_vat(self, record: _Record) -> tuple[int | None, str | None]:
        vat_code = record.attempt("vat_code", _vat_code)
        if record.get("account") or "account" in record.bad:
            account = record.attempt("account", lambda t: parse_account(t, _ACCOUNT, _FIX))
            return account, vat_code
        category = record.get("category")
        if "category" in record.bad:
            return None, vat_code
        if not category:
            record.problem("account", _say("no_account"), _say("no_account_fix"))
            return None, vat_code
        mapping = _lookup(self.profile.category_map, category)
        if mapping is None:
            record.problem(
                "category", _say("unmapped_category", category=shown(category)),
                _say("unmapped_category_fix", category=shown(category)),
            )
            return None, vat_code
        return mapping.account, vat_code or mapping.vat_code

    def _contra_account(self, record: _Record) -> int | None:
        if record.get("contra_account") or "contra_account" in record.bad:
            return record.attempt(
                "contra_account", lambda t: parse_account(t, _CONTRA_ACCOUNT, _FIX)
            )
        if self.profile.default_contra_account is None:
            record.problem("contra_account", _say("no_contra"), _say("no_contra_fix"))
        return self.profile.default_contra_account

    def _receipts(self, record: _Record) -> tuple[Path, ...]:
        """Receipt paths below the inbox (names only; the upload checks the files)."""
        names = record.get("receipt")
        if not self.profile.attach_receipts or not names:
            return ()
        found = []
        for name in (part.strip() for part in names.split("*")):
            if not name:
                continue
            try:
                found.append(receipt_under(self.path.parent, name))
            except FieldError as error:
                record.field_error("receipt", error)
        return tuple(found)


# -- small helpers -----------------------------------------------------------------------


def _key(name: str) -> str:
    return name.strip().lstrip("\ufeff").lower().replace(" ", "_").replace("-", "_")


def _missing_columns(header: list[str]) -> list[Bilingual]:
    missing = [Bilingual(name, name) for name in REQUIRED_COLUMNS if name not in header]
    if "account" not in header and "category" not in header:
        missing.append(Bilingual("account (or category)", "account (eller category)"))
    return missing


def _lookup(category_map: dict[str, CategoryMapping], category: str) -> CategoryMapping | None:
    """Exact name first, then ignoring case and spaces at the ends (Excel adds those)."""
    if category in category_map:
        return category_map[category]
    wanted = category.strip().casefold()
    for name, mapping in category_map.items():
        if name.strip().casefold() == wanted:
            return mapping
    return None


@functools.lru_cache(maxsize=1024)
def _date(text: str) -> dt.date:
    """A date in one of `DATE_FORMATS`; cached, as a file's lines share few dates (errors are
    not cached)."""
    return parse_date(text, DATE_FORMATS, _DATES_SHOWN, _FIX)


def _vat_code(text: str) -> str | None:
    if not text:
        return None
    if len(text) > 5:
        raise FieldError(_say("vat_code", code=shown(text)), _FIX)
    return text

