"""Read the simple format (CSV with a header row, or JSON) into expense lines.

The simple format is for every expense system that is not Acubiz, and for people typing a file
by hand in Excel, so it is forgiving about what spreadsheets produce and strict about what
would book wrong money:

- CSV: comma, semicolon or tab (sniffed from the header); UTF-8, UTF-8 with BOM (Excel's "CSV
  UTF-8") or Windows-1252 (Excel's plain "CSV" on a Danish PC); decimal point or comma;
  dates `yyyy-mm-dd`, `dd-mm-yyyy` or `dd.mm.yyyy`. Header names are case-insensitive and
  unknown columns are ignored.
- JSON: a list of objects, or `{"lines": [...]}`; numbers are read exactly (never as floats).

Fields: `id` (required, unique in the file), `report` (lines with the same report form one
voucher), `date`, `text`, `amount`, `currency` (empty → the agreement's base currency),
`account` or `category` (looked up in the profile's category mapping), `vat_code`,
`contra_account` (else the profile's default), `department`, `employee`, `receipt` (path
relative to the inbox; several joined by `*`).

Account and VAT: a line with an `account` uses its own `vat_code` (empty = no VAT). A line with
only a `category` takes account and VAT code from the mapping; a `vat_code` on the line wins.
"""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from wizard.export.fields import (
    FieldError,
    line_id_texts,
    parse_account,
    parse_currency,
    parse_date,
    parse_flexible_amount,
    receipt_under,
)
from wizard.export.lines import Bilingual, ExpenseLine, ParsedFile, Problem
from wizard.export.markers import text_room

if TYPE_CHECKING:
    from collections.abc import Callable

    from wizard.settings.profiles import CategoryMapping, ExportProfile

T = TypeVar("T")

REQUIRED_COLUMNS = ("id", "date", "amount")
DATE_FORMATS = ("%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y")
DELIMITERS = (";", ",", "\t")

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
    "csv_encoding": Bilingual(
        "The file is neither UTF-8 nor Windows-1252 text.",
        "Filen er hverken UTF-8- eller Windows-1252-tekst.",
    ),
    "csv_encoding_fix": Bilingual(
        "Save it again as 'CSV UTF-8' and put it back in the inbox folder.",
        "Gem den igen som 'CSV UTF-8', og læg den tilbage i indbakken.",
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
    "too_many_fields": Bilingual(
        "The line has {fields} fields but the header has {header}.",
        "Linjen har {fields} felter, men overskriftsrækken har {header}.",
    ),
    "too_many_fields_fix": Bilingual(
        "If amounts or texts contain the separator (e.g. a decimal comma in a"
        " comma-separated file), put them in quotes or separate the columns with ;.",
        "Hvis beløb eller tekster indeholder skilletegnet (f.eks. et decimalkomma i en"
        " kommasepareret fil), så sæt dem i anførselstegn, eller adskil kolonnerne med ;.",
    ),
    "json_encoding": Bilingual(
        "The file is not UTF-8 text, which JSON must be.",
        "Filen er ikke UTF-8-tekst, og det skal JSON være.",
    ),
    "json_encoding_fix": Bilingual(
        "Save it again as UTF-8 and put it back in the inbox folder.",
        "Gem den igen som UTF-8, og læg den tilbage i indbakken.",
    ),
    # {reason} is the JSON parser's own (English) words, e.g. "Expecting value".
    "json_syntax": Bilingual(
        "The file is not valid JSON: {reason}.", "Filen er ikke gyldig JSON: {reason}."
    ),
    "json_syntax_fix": Bilingual(
        'Correct the file (a list of objects, or {{"lines": [...]}}) and put it back.',
        'Ret filen (en liste af objekter eller {{"lines": [...]}}), og læg den tilbage.',
    ),
    "json_shape": Bilingual(
        'The JSON file holds neither a list nor {{"lines": [...]}}.',
        'JSON-filen indeholder hverken en liste eller {{"lines": [...]}}.',
    ),
    "json_shape_fix": Bilingual(
        'Put the expense lines in a list, or in a list under "lines".',
        'Læg udgiftslinjerne i en liste eller i en liste under "lines".',
    ),
    "json_item": Bilingual(
        "This item is not an object with fields.",
        "Dette element er ikke et objekt med felter.",
    ),
    "json_item_fix": Bilingual(
        'Write each expense as {{"id": ..., "date": ..., "amount": ...}}.',
        'Skriv hver udgift som {{"id": ..., "date": ..., "amount": ...}}.',
    ),
    "value_kind": Bilingual(
        "The value must be text or a number.", "Værdien skal være tekst eller et tal."
    ),
    "text_too_long": Bilingual(
        "The text is {length} characters; {room} fit in e-conomic after the reference to the"
        " expense.",
        "Teksten er på {length} tegn; der er plads til {room} i e-conomic efter henvisningen"
        " til udgiften.",
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
    "duplicate_id": Bilingual(
        "The id {line_id} is also used on {unit} {first}.",
        "Id'et {line_id} bruges også {unit} {first}.",
    ),
    "duplicate_id_fix": Bilingual(
        "Give every line its own id.", "Giv hver linje sit eget id."
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
# "also used on line 2" / "bruges også på linje 2" (JSON: "i element 2").
_UNITS = {"line": Bilingual("line", "på linje"), "item": Bilingual("item", "i element")}
_DATES_SHOWN = Bilingual("yyyy-mm-dd or dd-mm-yyyy", "åååå-mm-dd eller dd-mm-åååå")
_ACCOUNT = Bilingual("account", "Kontoen")  # Danish: definite form, it starts the sentence
_CONTRA_ACCOUNT = Bilingual("contra account", "Modkontoen")
_FIX = _TEXTS["fix"]


def _say(key: str, **values: object) -> Bilingual:
    return _TEXTS[key].format(**values)


def _field_da(name: str | None) -> str | None:
    """The column as a Danish problem names it: "dato (date)"; None where English will do."""
    return f"{_FIELDS_DA[name]} ({name})" if name in _FIELDS_DA else None


def _field(name: str | None) -> str | Bilingual | None:
    danish = _field_da(name)
    return Bilingual(name, danish) if name and danish else name


def parse_simple_csv(path: Path, data: bytes, profile: ExportProfile) -> ParsedFile:
    """Every row of a simple CSV file as an `ExpenseLine`, and every problem found."""
    result = ParsedFile(path=path, format="simple")
    text = _decode(data)
    if text is None:
        result.problems.append(
            Problem.of(path, None, None, _say("csv_encoding"), _say("csv_encoding_fix"))
        )
        return result
    if not text.strip():
        return result  # empty file: nothing to send, nothing wrong
    header_line = next(line for line in text.splitlines() if line.strip())
    delimiter = max(DELIMITERS, key=lambda d: len(_split(header_line, d)))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header: list[str] | None = None
    records: list[tuple[int, dict[str, Any]]] = []
    last_line = 0
    for row in reader:
        first_line, last_line = last_line + 1, reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        if header is None:
            header = [_key(cell) for cell in row]
            missing = _missing_columns(header)
            if missing:
                names = Bilingual(
                    " / ".join(name.en for name in missing),
                    " / ".join(name.da for name in missing),
                )
                fix = "missing_columns_fix" if len(missing) > 1 else "missing_column_fix"
                result.problems.append(Problem.of(
                    path, first_line, None, _say("missing_columns", missing=names),
                    _say(fix, known=_KNOWN_COLUMNS),
                ))
                return result
            continue
        if len(row) > len(header):
            result.problems.append(Problem.of(
                path, first_line, None,
                _say("too_many_fields", fields=len(row), header=len(header)),
                _say("too_many_fields_fix"),
            ))
            continue
        records.append((first_line, dict(zip(header, row, strict=False))))
    _LineBuilder(path, profile, result, "line").add_all(records)
    return result


def parse_simple_json(path: Path, data: bytes, profile: ExportProfile) -> ParsedFile:
    """Every object of a simple JSON file as an `ExpenseLine`; problems name the item number."""
    result = ParsedFile(path=path, format="simple")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        result.problems.append(
            Problem.of(path, None, None, _say("json_encoding"), _say("json_encoding_fix"))
        )
        return result
    if not text.strip():
        return result
    try:
        document = json.loads(text, parse_float=Decimal)
    except json.JSONDecodeError as error:
        result.problems.append(Problem.of(
            path, error.lineno, None, _say("json_syntax", reason=error.msg),
            _say("json_syntax_fix"),
        ))
        return result
    items = document.get("lines") if isinstance(document, dict) else document
    if not isinstance(items, list):
        result.problems.append(
            Problem.of(path, None, None, _say("json_shape"), _say("json_shape_fix"))
        )
        return result
    records: list[tuple[int, dict[str, Any]]] = []
    for number, item in enumerate(items, 1):
        if not isinstance(item, dict):
            result.problems.append(Problem.of(
                path, number, None, _say("json_item"), _say("json_item_fix"), unit="item"
            ))
            continue
        records.append((number, {_key(str(k)): v for k, v in item.items()}))
    _LineBuilder(path, profile, result, "item").add_all(records)
    return result


class _Record:
    """One CSV row or JSON item being checked: its values as text and its problems so far."""

    def __init__(self, path: Path, number: int, unit: str, raw: dict[str, Any]) -> None:
        self.path = path
        self.number = number
        self.unit = unit
        self.problems: list[Problem] = []
        self.values: dict[str, str] = {}
        for name, value in raw.items():
            if isinstance(value, dict | list | bool):
                self.problem(name, _say("value_kind"))
            else:
                self.values[name] = "" if value is None else str(value)

    def get(self, name: str) -> str:
        return self.values.get(name, "").strip()

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
        """`convert(value)`, or None with the problem recorded."""
        try:
            return convert(self.get(name))
        except FieldError as error:
            self.field_error(name, error)
            return None


class _LineBuilder:
    """Turns records into lines; every problem is collected, none stops the reading."""

    def __init__(self, path: Path, profile: ExportProfile, result: ParsedFile, unit: str) -> None:
        self.path = path
        self.profile = profile
        self.result = result
        self.unit = unit
        self.seen_ids: dict[str, int] = {}

    def add_all(self, records: list[tuple[int, dict[str, Any]]]) -> None:
        for number, values in records:
            self.add(_Record(self.path, number, self.unit, values))

    def add(self, record: _Record) -> None:
        line_id = self._line_id(record)
        date = record.attempt("date", lambda t: parse_date(t, DATE_FORMATS, _DATES_SHOWN, _FIX))
        amount = record.attempt("amount", lambda t: parse_flexible_amount(t, _FIX))
        currency = record.attempt("currency", lambda t: parse_currency(t, _FIX))
        account, vat_code = self._account_and_vat(record)
        contra = self._contra_account(record)
        text = " ".join(record.get("text").split())
        if line_id is not None and len(text) > text_room(line_id):
            record.problem(
                "text", _say("text_too_long", length=len(text), room=text_room(line_id)),
                _say("text_too_long_fix"),
            )
        receipts = self._receipts(record)

        self.result.problems.extend(record.problems)
        if record.problems:
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
        line_id = record.get("id")
        if not line_id:
            record.problem("id", _say("no_id"), _say("no_id_fix"))
            return None
        why = line_id_texts(line_id)
        if why:
            record.problem("id", why, _say("bad_id_fix"))
            return None
        first = self.seen_ids.setdefault(line_id, record.number)
        if first != record.number:
            unit = _UNITS.get(self.unit, Bilingual(self.unit, self.unit))
            record.problem(
                "id", _say("duplicate_id", line_id=line_id, unit=unit, first=first),
                _say("duplicate_id_fix"),
            )
            return None
        return line_id

    def _account_and_vat(self, record: _Record) -> tuple[int | None, str | None]:
        vat_code = record.attempt("vat_code", _vat_code)
        if record.get("account"):
            account = record.attempt("account", lambda t: parse_account(t, _ACCOUNT, _FIX))
            return account, vat_code
        category = record.get("category")
        if not category:
            record.problem("account", _say("no_account"), _say("no_account_fix"))
            return None, vat_code
        mapping = _lookup(self.profile.category_map, category)
        if mapping is None:
            record.problem(
                "category", _say("unmapped_category", category=category),
                _say("unmapped_category_fix", category=category),
            )
            return None, vat_code
        return mapping.account, vat_code or mapping.vat_code

    def _contra_account(self, record: _Record) -> int | None:
        if record.get("contra_account"):
            return record.attempt(
                "contra_account", lambda t: parse_account(t, _CONTRA_ACCOUNT, _FIX)
            )
        if self.profile.default_contra_account is None:
            record.problem("contra_account", _say("no_contra"), _say("no_contra_fix"))
        return self.profile.default_contra_account

    def _receipts(self, record: _Record) -> tuple[Path, ...]:
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


def _decode(data: bytes) -> str | None:
    """UTF-8 (with or without BOM) first, strictly; Windows-1252 only if that fails. Danish
    letters in Windows-1252 are practically never valid UTF-8, so the order is safe."""
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None


def _split(line: str, delimiter: str) -> list[str]:
    return next(csv.reader([line], delimiter=delimiter), [])


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


def _vat_code(text: str) -> str | None:
    if not text:
        return None
    if len(text) > 5:
        raise FieldError(_say("vat_code", code=text), _FIX)
    return text
