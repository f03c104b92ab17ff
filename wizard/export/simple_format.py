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
    parse_account,
    parse_currency,
    parse_date,
    parse_flexible_amount,
    receipt_under,
)
from wizard.export.lines import ExpenseLine, ParsedFile, Problem
from wizard.export.markers import line_id_problem, text_room

if TYPE_CHECKING:
    from collections.abc import Callable

    from wizard.settings.profiles import CategoryMapping, ExportProfile

T = TypeVar("T")

REQUIRED_COLUMNS = ("id", "date", "amount")
DATE_FORMATS = ("%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y")
DELIMITERS = (";", ",", "\t")

_FIX = "Correct the line and put the file back in the inbox folder."


def parse_simple_csv(path: Path, data: bytes, profile: ExportProfile) -> ParsedFile:
    """Every row of a simple CSV file as an `ExpenseLine`, and every problem found."""
    result = ParsedFile(path=path, format="simple")
    text = _decode(data)
    if text is None:
        result.problems.append(Problem(
            path, None, None, "The file is neither UTF-8 nor Windows-1252 text.",
            "Save it again as 'CSV UTF-8' and put it back in the inbox folder.",
        ))
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
                result.problems.append(Problem(
                    path, first_line, None,
                    f"The header row has no {' / '.join(missing)} column.",
                    f"Add the column{'s' if len(missing) > 1 else ''} to the first row (known"
                    " columns: id, report, date, text, amount, currency, account, category,"
                    " vat_code, contra_account, department, employee, receipt).",
                ))
                return result
            continue
        if len(row) > len(header):
            result.problems.append(Problem(
                path, first_line, None,
                f"The line has {len(row)} fields but the header has {len(header)}.",
                "If amounts or texts contain the separator (e.g. a decimal comma in a"
                " comma-separated file), put them in quotes or separate the columns with ;.",
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
        result.problems.append(Problem(
            path, None, None, "The file is not UTF-8 text, which JSON must be.",
            "Save it again as UTF-8 and put it back in the inbox folder.",
        ))
        return result
    if not text.strip():
        return result
    try:
        document = json.loads(text, parse_float=Decimal)
    except json.JSONDecodeError as error:
        result.problems.append(Problem(
            path, error.lineno, None, f"The file is not valid JSON: {error.msg}.",
            "Correct the file (a list of objects, or {\"lines\": [...]}) and put it back.",
        ))
        return result
    items = document.get("lines") if isinstance(document, dict) else document
    if not isinstance(items, list):
        result.problems.append(Problem(
            path, None, None, "The JSON file holds neither a list nor {\"lines\": [...]}.",
            "Put the expense lines in a list, or in a list under \"lines\".",
        ))
        return result
    records: list[tuple[int, dict[str, Any]]] = []
    for number, item in enumerate(items, 1):
        if not isinstance(item, dict):
            result.problems.append(Problem(
                path, number, None, "This item is not an object with fields.",
                "Write each expense as {\"id\": ..., \"date\": ..., \"amount\": ...}.",
                unit="item",
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
                self.problem(name, "The value must be text or a number.")
            else:
                self.values[name] = "" if value is None else str(value)

    def get(self, name: str) -> str:
        return self.values.get(name, "").strip()

    def problem(self, name: str | None, message: str, fix: str = _FIX) -> None:
        self.problems.append(Problem(self.path, self.number, name, message, fix, unit=self.unit))

    def attempt(self, name: str, convert: Callable[[str], T]) -> T | None:
        """`convert(value)`, or None with the problem recorded."""
        try:
            return convert(self.get(name))
        except FieldError as error:
            self.problem(name, error.message, error.fix)
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
        date = record.attempt(
            "date", lambda t: parse_date(t, DATE_FORMATS, "yyyy-mm-dd or dd-mm-yyyy", _FIX)
        )
        amount = record.attempt("amount", lambda t: parse_flexible_amount(t, _FIX))
        currency = record.attempt("currency", lambda t: parse_currency(t, _FIX))
        account, vat_code = self._account_and_vat(record)
        contra = self._contra_account(record)
        text = " ".join(record.get("text").split())
        if line_id is not None and len(text) > text_room(line_id):
            record.problem(
                "text",
                f"The text is {len(text)} characters; {text_room(line_id)} fit in e-conomic"
                " after the reference to the expense.",
                "Shorten the text and put the file back in the inbox folder.",
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
            record.problem(
                "id", "The line has no id.", "Give every line a unique id, e.g. EXP-0001."
            )
            return None
        why = line_id_problem(line_id)
        if why:
            record.problem(
                "id", why, "Use letters, digits and - _ . / + only, at most 40 characters."
            )
            return None
        first = self.seen_ids.setdefault(line_id, record.number)
        if first != record.number:
            record.problem(
                "id", f"The id {line_id} is also used on {self.unit} {first}.",
                "Give every line its own id.",
            )
            return None
        return line_id

    def _account_and_vat(self, record: _Record) -> tuple[int | None, str | None]:
        vat_code = record.attempt("vat_code", _vat_code)
        if record.get("account"):
            account = record.attempt("account", lambda t: parse_account(t, "account", _FIX))
            return account, vat_code
        category = record.get("category")
        if not category:
            record.problem(
                "account", "The line has neither an account nor a category.",
                "Fill the account column, or a category that the profile maps to an account.",
            )
            return None, vat_code
        mapping = _lookup(self.profile.category_map, category)
        if mapping is None:
            record.problem(
                "category",
                f"The category '{category}' has no account in the profile's category mapping.",
                f"Add '{category}' to the category mapping in the profile (or give the line an"
                " account).",
            )
            return None, vat_code
        return mapping.account, vat_code or mapping.vat_code

    def _contra_account(self, record: _Record) -> int | None:
        if record.get("contra_account"):
            return record.attempt(
                "contra_account", lambda t: parse_account(t, "contra account", _FIX)
            )
        if self.profile.default_contra_account is None:
            record.problem(
                "contra_account",
                "The line has no contra account and the profile has no default.",
                "Fill the contra_account column, or set a default contra account (e.g."
                " 5900 Medarbejderudlæg) in the profile.",
            )
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
                record.problem("receipt", error.message, error.fix)
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


def _missing_columns(header: list[str]) -> list[str]:
    missing = [name for name in REQUIRED_COLUMNS if name not in header]
    if "account" not in header and "category" not in header:
        missing.append("account (or category)")
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
        raise FieldError(f"The VAT code '{text}' is longer than e-conomic's 5 characters.", _FIX)
    return text
