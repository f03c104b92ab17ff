"""Read an Acubiz posting file (`EMS_EA-*.csv`) into expense lines.

The format (see `shared/reference/acubiz-posting-file.md`): Windows-1252, no header row, 31
columns, `dd-mm-yyyy`, decimal comma with sign and no thousands separator, and every posting is
two lines, a debit (positive amount) followed by its credit (negative amount). Each pair becomes
ONE `ExpenseLine`: account = debit account, contra account = credit account, amount = debit
amount in the booking currency, VAT code and dimensions from the debit line only.

Several column positions are not confirmed by Acubiz's documentation; they all live in
`COLUMNS`, and a profile's `column_overrides` can move any of them, so a customer's real file
can be matched without a code change.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from wizard.export.fields import (
    FieldError,
    line_id_texts,
    parse_account,
    parse_currency,
    parse_danish_amount,
    parse_date,
    receipt_in_folder,
)
from wizard.export.lines import Bilingual, ExpenseLine, ParsedFile, Problem
from wizard.export.markers import MAX_LINE_ID, text_room

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

    from wizard.settings.profiles import ExportProfile

T = TypeVar("T")

FIELD_COUNT = 31
# name → 1-based column. 1–19 are documented; 20–26 are the working layout (UNCONFIRMED).
COLUMNS: dict[str, int] = {
    "line_number": 1,
    "date": 2,
    "transaction_type": 3,  # f / d / k: finance, debtor, creditor
    "account": 4,
    "vat_code": 5,  # debit line only
    "amount": 6,  # booking currency
    "currency": 7,  # booking currency (ISO)
    "amount_used": 8,  # in the currency the employee paid in
    "currency_used": 9,
    "text": 10,
    **{f"dimension_{n}": 10 + n for n in range(1, 10)},  # 11–19, debit line only
    "initials": 20,
    "user_name": 21,
    "travel_id": 22,
    "auto_clearing_key": 23,
    "card_invoice_number": 24,
    "enclosure_number": 25,
    "receipts": 26,  # file names joined by "*"
}
SEPARATORS = (";", "\t", ",")  # preference order when a file fits several
FINANCE_TYPES = {"f", ""}  # d/k would carry debtor/creditor numbers, not ledger accounts

# Every message of this reader, English and Danish side by side.
_TEXTS: dict[str, Bilingual] = {
    "fix": Bilingual(
        "Correct the expense in Acubiz and export it again.",
        "Ret udgiften i Acubiz, og eksportér den igen.",
    ),
    "layout_fix": Bilingual(
        "If the file itself is right, adjust the column positions (column overrides) in the"
        " profile.",
        "Hvis selve filen er rigtig, så ret kolonnernes placering i profilen"
        " (column_overrides).",
    ),
    "decode": Bilingual(
        "The file contains bytes that are not Windows-1252 text; it may be damaged.",
        "Filen indeholder bytes, der ikke er Windows-1252-tekst; den kan være beskadiget.",
    ),
    "field_count": Bilingual(
        "The line has {count} fields separated by {separator}; an Acubiz costs file has"
        " {expected}.",
        "Linjen har {count} felter adskilt af {separator}; en Acubiz-omkostningsfil har"
        " {expected}.",
    ),
    "field_count_fix": Bilingual(
        "Export the file again from Acubiz without editing it (vendor-invoice files with"
        " 38 columns are not supported).",
        "Eksportér filen igen fra Acubiz uden at redigere den (leverandørfakturafiler med"
        " 38 kolonner understøttes ikke).",
    ),
    "credit_first": Bilingual(
        "This credit line (negative amount) has no debit line before it. Every posting"
        " is a debit line (positive amount) followed by its credit line.",
        "Denne kreditlinje (negativt beløb) har ingen debetlinje før sig. Hver postering"
        " er en debetlinje (positivt beløb) efterfulgt af sin kreditlinje.",
    ),
    "debit_alone": Bilingual(
        "This debit line has no credit line after it: {after}. Every posting is a"
        " debit line (positive amount) followed by its credit line (negative"
        " amount).",
        "Denne debetlinje har ingen kreditlinje efter sig: {after}. Hver postering er en"
        " debetlinje (positivt beløb) efterfulgt af sin kreditlinje (negativt beløb).",
    ),
    "debit_alone_last": Bilingual(
        "it is the last line of the file", "den er filens sidste linje"
    ),
    "debit_alone_same_sign": Bilingual(
        "line {line} has a positive amount too (same sign)",
        "linje {line} har også et positivt beløb (samme fortegn)",
    ),
    "unbalanced": Bilingual(
        "The debit line ({debit}) and its credit line {line} ({credit}) do not balance:"
        " they differ by {difference}.",
        "Debetlinjen ({debit}) og dens kreditlinje {line} ({credit}) stemmer ikke: de"
        " afviger med {difference}.",
    ),
    "posting_type": Bilingual(
        "The posting type is '{kind}' (debtor or creditor); only finance postings"
        " (f) can be sent to a cash journal.",
        "Posteringstypen er '{kind}' (debitor eller kreditor); kun finansposteringer"
        " (f) kan sendes til en kassekladde.",
    ),
    "posting_type_fix": Bilingual(
        "Set the Acubiz export to post to finance accounts and export again.",
        "Indstil Acubiz-eksporten til at bogføre på finanskonti, og eksportér igen.",
    ),
    "currency_differs": Bilingual(
        "The credit line is in {credit} but its debit line {line} is in {debit}.",
        "Kreditlinjen er i {credit}, men dens debetlinje {line} er i {debit}.",
    ),
    "text_too_long": Bilingual(
        "The booking text is {length} characters; {room} fit in e-conomic after the"
        " reference to the expense.",
        "Posteringsteksten er på {length} tegn; der er plads til {room} i e-conomic efter"
        " henvisningen til udgiften.",
    ),
    "text_too_long_fix": Bilingual(
        "Shorten the text in Acubiz and export it again.",
        "Forkort teksten i Acubiz, og eksportér den igen.",
    ),
    "travel_id": Bilingual(
        "{why} It cannot be used as the reference to the expense.",
        "{why} Det kan ikke bruges som henvisning til udgiften.",
    ),
    "travel_id_twice": Bilingual(
        "The TravelID {travel_id} is also used on line {first}; each posting needs its own.",
        "TravelID'et {travel_id} bruges også på linje {first}; hver postering skal have sit"
        " eget.",
    ),
    "vat_code": Bilingual(
        "The VAT code '{code}' is longer than e-conomic's 5 characters.",
        "Momskoden '{code}' er længere end de 5 tegn, e-conomic tillader.",
    ),
}
# The columns in Danish, as a problem names them: "dato (kolonne 2)".
_COLUMNS_DA = {
    "line_number": "linjenummer", "date": "dato", "transaction_type": "posteringstype",
    "account": "konto", "vat_code": "momskode", "amount": "beløb", "currency": "valuta",
    "amount_used": "betalt beløb", "currency_used": "betalt valuta", "text": "tekst",
    **{f"dimension_{n}": f"dimension {n}" for n in range(1, 10)},
    "initials": "initialer", "user_name": "brugernavn", "travel_id": "TravelID",
    "auto_clearing_key": "udligningsnøgle", "card_invoice_number": "kortfakturanummer",
    "enclosure_number": "bilagsnummer", "receipts": "kvitteringer",
}
_DATE_SHOWN = Bilingual("dd-mm-yyyy", "dd-mm-åååå")
# Danish: definite form, it starts the sentence ("Kontoen mangler.").
_ACCOUNT = Bilingual("account", "Kontoen")
_CONTRA_ACCOUNT = Bilingual("contra account (credit line)", "Modkontoen (kreditlinjen)")
_FIX = _TEXTS["fix"]
_LAYOUT_FIX = _TEXTS["layout_fix"]
_NAME_PREFIX = "EMS_"


def _say(key: str, **values: object) -> Bilingual:
    return _TEXTS[key].format(**values)


def looks_like_acubiz(path: Path, data: bytes) -> bool:
    """True for an `EMS_` file name, or when the first line has 31 fields and an integer first
    field (the line number; the simple format starts with a header row)."""
    if path.name.upper().startswith(_NAME_PREFIX):
        return True
    text, _ = _decode(data)
    first = next((line for line in _physical_lines(text) if line.strip()), None)
    if first is None:
        return False
    for separator in SEPARATORS:
        fields = _split(first, separator)
        if len(fields) == FIELD_COUNT and fields[0].strip().isdigit():
            return True
    return False


def parse_acubiz(path: Path, data: bytes, profile: ExportProfile) -> ParsedFile:
    """Every posting of the file as an `ExpenseLine`, and every problem found (all of them)."""
    result = ParsedFile(path=path, format="acubiz")
    text, decode_problem = _decode(data)
    if decode_problem:
        result.problems.append(Problem.of(path, None, None, decode_problem, _FIX))
    numbered = [(n, line) for n, line in enumerate(_physical_lines(text), 1) if line.strip()]
    if not numbered:
        return result  # 0 bytes or blank lines only: no postings, not an error
    layout = column_layout(profile.column_overrides)
    expected = max(FIELD_COUNT, *layout.values())
    separator = _detect_separator([line for _, line in numbered], expected)
    rows = [_read_row(path, n, line, separator, expected, layout, result) for n, line in numbered]
    reader = _PairReader(path, layout, profile, result)
    for debit, credit in _pairs(path, rows, result):
        reader.add(debit, credit)
    result.problems.sort(key=lambda problem: problem.line or 0)  # stable: file order per line
    return result


def column_layout(overrides: Mapping[str, int] | None = None) -> dict[str, int]:
    """`COLUMNS` with a profile's overrides applied (unknown names are ignored here; the
    profile's validation reports them)."""
    layout = dict(COLUMNS)
    for name, position in (overrides or {}).items():
        if name in layout:
            layout[name] = position
    return layout


# -- rows -------------------------------------------------------------------------------


@dataclass
class _Row:
    number: int  # 1-based line in the file
    fields: list[str] | None  # None when the field count was wrong
    amount: Decimal | None  # None when missing or unreadable

    @property
    def sign(self) -> int:
        """+1 debit, -1 credit, 0 unknown (its problem is already recorded)."""
        if self.amount is None:
            return 0
        return 1 if self.amount > 0 else -1


def _read_row(
    path: Path, number: int, line: str, separator: str, expected: int,
    layout: dict[str, int], result: ParsedFile,
) -> _Row:
    fields = _split(line, separator)
    if len(fields) != expected:
        shown = (
            Bilingual("tab", "tabulator") if separator == "\t" else f"'{separator}'"
        )
        result.problems.append(Problem.of(
            path, number, None,
            _say("field_count", count=len(fields), separator=shown, expected=expected),
            _say("field_count_fix"),
        ))
        return _Row(number, None, None)
    try:
        amount = parse_danish_amount(_get(fields, layout, "amount"), _FIX)
    except FieldError as error:
        result.problems.append(_problem(path, number, layout, "amount", error))
        amount = None
    return _Row(number, fields, amount)


def _pairs(path: Path, rows: list[_Row], result: ParsedFile) -> list[tuple[_Row, _Row]]:
    """Debit/credit pairs in file order. A line that cannot be paired is reported and skipped,
    and reading goes on with the next line, so one missing line does not flag every later one."""
    pairs = []
    index = 0
    while index < len(rows):
        first = rows[index]
        second = rows[index + 1] if index + 1 < len(rows) else None
        if first.sign < 0:
            result.problems.append(
                Problem.of(path, first.number, None, _say("credit_first"), _FIX)
            )
            index += 1
            continue
        if second is None or second.sign > 0:
            if first.sign > 0:
                after = (
                    _say("debit_alone_last") if second is None
                    else _say("debit_alone_same_sign", line=second.number)
                )
                result.problems.append(Problem.of(
                    path, first.number, None, _say("debit_alone", after=after), _FIX
                ))
            index += 1
            continue
        pairs.append((first, second))
        index += 2
    return pairs


# -- one posting -----------------------------------------------------------------------


class _PairReader:
    """Turns debit/credit pairs into lines; remembers TravelIDs to find duplicates."""

    def __init__(
        self, path: Path, layout: dict[str, int], profile: ExportProfile, result: ParsedFile
    ) -> None:
        self.path = path
        self.layout = layout
        self.profile = profile
        self.result = result
        self.seen_ids: dict[str, int] = {}

    def add(self, debit: _Row, credit: _Row) -> None:
        if debit.fields is None or credit.fields is None:
            return  # the field-count problem is recorded; nothing reliable to read
        problems: list[Problem] = []

        def field(row: _Row, name: str) -> str:
            assert row.fields is not None
            return _get(row.fields, self.layout, name)

        def attempt(row: _Row, name: str, convert: Callable[[str], T]) -> T | None:
            try:
                return convert(field(row, name))
            except FieldError as error:
                problems.append(_problem(self.path, row.number, self.layout, name, error))
                return None

        if (
            debit.amount is not None
            and credit.amount is not None
            and debit.amount + credit.amount != 0
        ):
            problems.append(Problem.of(
                self.path, debit.number, _label(self.layout, "amount"),
                _say(
                    "unbalanced", debit=_danish(debit.amount), line=credit.number,
                    credit=_danish(credit.amount),
                    difference=_danish(debit.amount + credit.amount),
                ),
                _FIX,
            ))
        for row in (debit, credit):
            kind = field(row, "transaction_type").strip().lower()
            if kind not in FINANCE_TYPES:
                problems.append(Problem.of(
                    self.path, row.number, _label(self.layout, "transaction_type"),
                    _say("posting_type", kind=kind),
                    _say("posting_type_fix").join(_LAYOUT_FIX),
                ))
        date = attempt(debit, "date", lambda t: parse_date(t, ("%d-%m-%Y",), _DATE_SHOWN, _FIX))
        account = attempt(debit, "account", lambda t: parse_account(t, _ACCOUNT, _FIX))
        contra = attempt(credit, "account", lambda t: parse_account(t, _CONTRA_ACCOUNT, _FIX))
        currency = attempt(debit, "currency", lambda t: parse_currency(t, _FIX))
        # The credit line normally repeats the debit's currency: report a bad code once.
        repeated = _same_text(field(credit, "currency"), field(debit, "currency"))
        credit_currency = currency if repeated else attempt(
            credit, "currency", lambda t: parse_currency(t, _FIX)
        )
        if credit_currency and currency and credit_currency != currency:
            problems.append(Problem.of(
                self.path, credit.number, _label(self.layout, "currency"),
                _say(
                    "currency_differs", credit=credit_currency, line=debit.number,
                    debit=currency,
                ),
                _FIX,
            ))
        amount_used = attempt(
            debit, "amount_used",
            lambda t: parse_danish_amount(t, _FIX, nonzero=False) if t.strip() else None,
        )
        currency_used = attempt(debit, "currency_used", lambda t: parse_currency(t, _FIX))
        vat_code = attempt(debit, "vat_code", _vat_code)
        text = _clean(field(debit, "text")) or _clean(field(credit, "text"))
        dimensions = tuple(
            field(debit, f"dimension_{n}").strip() for n in range(1, 10)
        )
        travel_id = field(debit, "travel_id").strip()
        line_id = self._line_id(debit, travel_id, problems)
        if line_id is not None and len(text) > text_room(line_id):
            problems.append(Problem.of(
                self.path, debit.number, _label(self.layout, "text"),
                _say("text_too_long", length=len(text), room=text_room(line_id)),
                _say("text_too_long_fix"),
            ))
        receipts = self._receipts(debit, field(debit, "receipts"), problems)

        self.result.problems.extend(problems)
        if problems or debit.amount is None or credit.amount is None:
            return  # an unreadable amount was reported when the row was read
        assert date is not None and account is not None and line_id is not None
        initials = field(debit, "initials").strip() or None
        user_name = field(debit, "user_name").strip() or None
        self.result.lines.append(ExpenseLine(
            line_id=line_id,
            source_file=self.path,
            source_line=debit.number,
            date=date,
            text=text,
            amount=debit.amount,
            currency=currency,
            account=account,
            contra_account=contra,
            vat_code=vat_code,
            department=self._department(dimensions),
            employee=initials or user_name,
            receipts=receipts,
            initials=initials,
            user_name=user_name,
            travel_id=travel_id or None,
            enclosure_number=field(debit, "enclosure_number").strip() or None,
            dimensions=dimensions,
            amount_used=amount_used,
            currency_used=currency_used,
        ))

    def _line_id(self, debit: _Row, travel_id: str, problems: list[Problem]) -> str | None:
        if not travel_id:
            # Acubiz gives every transaction a TravelID; a posting without one can still be
            # sent once, but its id is only as durable as the file name and line number: if
            # Acubiz re-exports it in another file, it is not recognised as already sent.
            stem = re.sub(r"[^A-Za-z0-9._+-]", "-", self.path.stem)
            suffix = f"-L{debit.number}"
            return stem[: MAX_LINE_ID - len(suffix)] + suffix
        why = line_id_texts(travel_id, subject_da="TravelID'et")
        if why:
            why = Bilingual(why.en.replace("line id", "TravelID"), why.da)
            problems.append(Problem.of(
                self.path, debit.number, _label(self.layout, "travel_id"),
                _say("travel_id", why=why), _LAYOUT_FIX,
            ))
            return None
        first = self.seen_ids.setdefault(travel_id, debit.number)
        if first != debit.number:
            problems.append(Problem.of(
                self.path, debit.number, _label(self.layout, "travel_id"),
                _say("travel_id_twice", travel_id=travel_id, first=first), _FIX,
            ))
            return None
        return travel_id

    def _receipts(self, debit: _Row, names: str, problems: list[Problem]) -> tuple[Path, ...]:
        """Receipt files for the posting; not looked at when the profile sends no receipts."""
        if not self.profile.attach_receipts:
            return ()
        folder = self.profile.receipts_folder or self.path.parent
        found = []
        for name in (part.strip() for part in names.split("*")):
            if not name:
                continue
            try:
                found.append(receipt_in_folder(folder, name))
            except FieldError as error:
                problems.append(_problem(self.path, debit.number, self.layout, "receipts", error))
        return tuple(found)

    def _department(self, dimensions: tuple[str, ...]) -> str | None:
        number = self.profile.department_dimension
        if not number or not 1 <= number <= len(dimensions):
            return None
        return dimensions[number - 1] or None


# -- small helpers -----------------------------------------------------------------------


def _decode(data: bytes) -> tuple[str, Bilingual | None]:
    """Text and a problem (or None). Windows-1252 per the reference; a UTF-8 file (Acubiz's XML
    variant, or a file re-saved by an editor) is recognised because Danish letters in
    Windows-1252 are practically never valid UTF-8, so it is not turned into 'Ã¦'."""
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return data[3:].decode("utf-8"), None
        except UnicodeDecodeError:
            pass
    if not data.isascii():
        try:
            return data.decode("utf-8"), None
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("cp1252"), None
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace"), _say("decode")


def _physical_lines(text: str) -> list[str]:
    # Only real line breaks: str.splitlines() would also split on form feeds and the like.
    lines = re.split(r"\r\n|\r|\n", text)
    if lines and lines[-1] == "":
        lines.pop()
    return lines


def _split(line: str, separator: str) -> list[str]:
    return next(csv.reader([line], delimiter=separator, quotechar='"'), [])


def _detect_separator(lines: list[str], expected: int) -> str:
    """The separator that gives the expected field count on most of the first lines."""
    sample = lines[:50]

    def score(separator: str) -> tuple[int, int]:
        counts = [len(_split(line, separator)) for line in sample]
        return sum(count == expected for count in counts), max(counts)

    return max(SEPARATORS, key=score)  # max keeps the first of equals: the preference order


def _get(fields: list[str], layout: dict[str, int], name: str) -> str:
    position = layout[name]
    return fields[position - 1] if position <= len(fields) else ""


def _label(layout: dict[str, int], name: str) -> Bilingual:
    """"amount (column 6)" / "beløb (kolonne 6)"."""
    return Bilingual(
        f"{name.replace('_', ' ')} (column {layout[name]})",
        f"{_COLUMNS_DA.get(name, name)} (kolonne {layout[name]})",
    )


def _problem(
    path: Path, number: int, layout: dict[str, int], name: str, error: FieldError
) -> Problem:
    label = _label(layout, name)
    return Problem(
        path, number, label.en, error.message, error.fix,
        message_da=error.message_da, fix_da=error.fix_da, field_da=label.da,
    )


def _vat_code(text: str) -> str | None:
    """The debit line's VAT code; empty means "no VAT code" (never the account's default)."""
    code = text.strip()
    if not code:
        return None
    if len(code) > 5:
        raise FieldError(_say("vat_code", code=code), _FIX)
    return code


def _same_text(first: str, second: str) -> bool:
    return first.strip().upper() == second.strip().upper()


def _clean(text: str) -> str:
    """One line of text: e-conomic shows entry texts on one line."""
    return " ".join(text.split())


def _danish(amount: Decimal) -> str:
    return f"{amount:.2f}".replace(".", ",")
