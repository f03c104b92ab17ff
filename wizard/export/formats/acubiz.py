"""Read an Acubiz posting file (`EMS_EA-*.csv`) into expense lines and held postings.

The format (see `shared/reference/acubiz-posting-file.md`): Windows-1252 (or UTF-8), no header
row, 31 columns, `dd-mm-yyyy`, decimal comma with sign and no thousands separator, and every
posting is two lines next to each other: the *expense line* and its *contra line*, whose
amounts add up to zero. Each posting becomes ONE `ExpenseLine`. Bytes, line breaks, quotes,
control characters and field sizes are handled by `textfile` (its module says how).

Pairing the lines (every rule of this reader about postings, in one place):

- Position, not sign: lines are paired in file order (blank lines skipped). Two consecutive
  lines *fit* when their amounts add up to zero and they do not carry two different TravelIDs.
  A refund (the expense line negative, its contra line positive) is a posting like any other,
  in either order.
- The expense line is the line of the pair with something in an expense-only column
  (`EXPENSE_LINE_COLUMNS`: VAT code, dimensions, TravelID, receipts); when neither or both
  have, the first line.
- The posting: account = the expense line's account, contra account = the other line's,
  amount = the expense line's amount *with its sign* (negative for a refund); date, currency,
  VAT code, dimensions, TravelID, receipts and paid amount from the expense line; the text from
  the expense line, else the contra line's. The contra line must be in the same currency.
- One line too few: when lines k and k+1 do not fit but k+1 and k+2 do, line k is held alone
  ("has no partner line") and pairing goes on from k+1, so a missing line holds one posting,
  not every later one. Not when k looks like an expense line and k+1 like a contra line (they
  are then one posting that does not balance); and when k's amount cannot be read, only if
  k+1 and k+2 are clearly an expense line followed by its contra line.
- Cannot tell: when k, k+1 fit with the contra line first and k+1, k+2 fit with the expense
  line first, a line is missing and either pair could be the posting: equal booking texts
  decide, else k and k+1 are held together. Lines are never paired by guessing.
- The last line of the file without a partner is held ("has no partner line").
- Two lines that stay together but do not add up to zero are held as one posting.
- A last line without a line break holds its posting and sets `ParsedFile.unterminated`.

Everything wrong with a line or a posting holds *that posting* (`ParsedFile.held`) and never
the rest of the file; the same TravelID twice in a file is not a problem here (the engine
compares the copies). Only a file that cannot be read at all (not text, not an Acubiz costs file)
gets `ParsedFile.problems`. Receipts are checked by name only; the upload checks the files.

Several column positions are not confirmed by Acubiz's documentation; they all live in
`COLUMNS`, and a profile's `column_overrides` can move any of them, so a customer's real file
can be matched without a code change.
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import re
from collections import deque
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TypeVar

from wizard.export.fields import (
    FieldError,
    line_id_texts,
    parse_account,
    parse_currency,
    parse_danish_amount,
    parse_date,
    receipt_in_folder,
    shown,
    text_length_problem,
)
from wizard.export.lines import Bilingual, ExpenseLine, HeldLine, ParsedFile, Problem
from wizard.export.markers import MAX_LINE_ID
from wizard.export.textfile import (
    CUT_OFF_FIX,
    ENCODING_FIX,
    QUOTE_FIX,
    RecordReader,
    TextLines,
    Unreadable,
    check_size,
    check_text,
    check_value,
    decode_lines,
    first_line,
    has_control,
    line_is_plain,
    split_one,
)
from wizard.export.textfile import say as say_text
from wizard.settings.acubiz_columns import COLUMNS

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator, Mapping
    from decimal import Decimal
    from pathlib import Path

    from wizard.settings.profiles import ExportProfile

T = TypeVar("T")

FIELD_COUNT = 31
# Columns only the expense line of a posting fills: they tell it from its contra line.
EXPENSE_LINE_COLUMNS = (
    "vat_code", *(f"dimension_{n}" for n in range(1, 10)), "travel_id", "receipts"
)
# Free text: cleaned (see `textfile.check_text`). Values: refused when they hold a control or an
# invisible character. Every other column is not used; only control characters count there.
TEXT_COLUMNS = frozenset(
    {"text", "initials", "user_name", *(f"dimension_{n}" for n in range(1, 10))}
)
VALUE_COLUMNS = frozenset({
    "date", "transaction_type", "account", "vat_code", "amount", "currency", "amount_used",
    "currency_used", "travel_id", "enclosure_number", "receipts",
})
SEPARATORS = (";", "\t", ",")  # preference order when a file fits several
FINANCE_TYPES = {"f", ""}  # d/k would carry debtor/creditor numbers, not ledger accounts

# Every message of this reader, English and Danish side by side.
_TEXTS: dict[str, Bilingual] = {
    "fix": Bilingual(
        "Correct the expense in Acubiz and export it again.",
        "Ret udlægget i Acubiz, og eksportér det igen.",
    ),
    "layout_fix": Bilingual(
        "If the file itself is right, adjust the column positions (column overrides) in the"
        " profile.",
        "Hvis selve filen er rigtig, så ret kolonnernes placering i profilen"
        " (column_overrides).",
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
    "not_acubiz": Bilingual(
        "This is not an Acubiz costs file: none of its lines has {expected} fields (line"
        " {line} has {count}, separated by {separator}).",
        "Dette er ikke en Acubiz-omkostningsfil: ingen af dens linjer har {expected} felter"
        " (linje {line} har {count}, adskilt af {separator}).",
    ),
    "alone_last": Bilingual(
        "This line has no partner line: it is the last line of the file. Every posting is"
        " two lines next to each other (the expense line and its contra line) whose amounts"
        " add up to zero.",
        "Denne linje har ingen modlinje: den er filens sidste linje. Hver postering er to"
        " linjer lige efter hinanden (udlægslinjen og dens modlinje), hvis beløb giver nul"
        " tilsammen.",
    ),
    "alone_next": Bilingual(
        "This line has no partner line: it does not balance with line {next}, and line"
        " {next} balances with line {after}. Every posting is two lines next to each other"
        " whose amounts add up to zero; this line's partner may be missing.",
        "Denne linje har ingen modlinje: den stemmer ikke med linje {next}, og linje {next}"
        " stemmer med linje {after}. Hver postering er to linjer lige efter hinanden, hvis"
        " beløb giver nul tilsammen; denne linjes modlinje mangler måske.",
    ),
    "ambiguous": Bilingual(
        "Lines {first} and {second} balance, but so do lines {second} and {third}: a line is"
        " missing, and it cannot be told which two lines form the posting.",
        "Linje {first} og {second} stemmer, men det gør linje {second} og {third} også: en"
        " linje mangler, og det kan ikke afgøres, hvilke to linjer der udgør posteringen.",
    ),
    "unbalanced": Bilingual(
        "The two lines of this posting do not balance: line {first} has {a} and line {second}"
        " has {b}; they differ by {difference}.",
        "Posteringens to linjer stemmer ikke: linje {first} har {a}, og linje {second} har"
        " {b}; de afviger med {difference}.",
    ),
    "two_travel_ids": Bilingual(
        "Lines {first} and {second} carry different TravelIDs ({one} and {other}), so they"
        " are not the two lines of one posting; a line may be missing.",
        "Linje {first} og {second} har forskellige TravelID'er ({one} og {other}), så de er"
        " ikke de to linjer i én postering; en linje mangler måske.",
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
        "The contra line is in {contra} but its expense line {line} is in {expense}.",
        "Modlinjen er i {contra}, men dens udlægslinje {line} er i {expense}.",
    ),
    "text_too_long_fix": Bilingual(
        "Shorten the text in Acubiz and export it again.",
        "Forkort teksten i Acubiz, og eksportér den igen.",
    ),
    "travel_id": Bilingual(
        "{why} It cannot be used as the reference to the expense.",
        "{why} Det kan ikke bruges som henvisning til udlægget.",
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
_CONTRA_ACCOUNT = Bilingual("contra account (contra line)", "Modkontoen (modlinjen)")
_FIX = _TEXTS["fix"]
_LAYOUT_FIX = _TEXTS["layout_fix"]
_NAME_PREFIX = "EMS_"


def _say(key: str, **values: object) -> Bilingual:
    return _TEXTS[key].format(**values)


def looks_like_acubiz(path: Path, data: bytes) -> bool:
    """True for an `EMS_` file name, or when the first line has 31 fields and an integer first
    field (the line number; the simple format starts with a header row). Reads only the start
    of the file."""
    if path.name.upper().startswith(_NAME_PREFIX):
        return True
    first = first_line(data)
    if first is None:
        return False
    for separator in SEPARATORS:
        fields = split_one(first, separator)
        if len(fields) == FIELD_COUNT and fields[0].strip().isdigit():
            return True
    return False


def parse_acubiz(path: Path, data: bytes, profile: ExportProfile) -> ParsedFile:
    """Every posting of the file: sendable ones in `lines`, the others in `held` with all their
    problems; `problems` only when the file cannot be read at all."""
    result = ParsedFile(path=path, format="acubiz")
    decoded = decode_lines(data)
    if isinstance(decoded, Unreadable):
        result.problems.append(Problem.of(path, None, None, decoded.message, decoded.fix))
        return result
    sample = [line for line in decoded.lines[:200] if line.strip()][:50]
    if not sample:
        return result  # 0 bytes or blank lines only: no postings, not an error
    layout = column_layout(profile.column_overrides)
    expected = max(FIELD_COUNT, *layout.values())
    separator = _detect_separator(sample, expected)
    reading = _Reading(path, layout, expected, separator, profile, decoded)
    postings = _Postings(path, layout, profile, result)
    for unit, reason in _pairs(reading.rows()):  # streamed: a row lives only until it is paired
        postings.add(unit, reason)
    not_acubiz = reading.not_acubiz()
    if not_acubiz is not None:
        return ParsedFile(path=path, format="acubiz", problems=[not_acubiz])
    result.unterminated = reading.unterminated
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


@dataclass(slots=True)
class _Row:
    """One non-blank physical line, checked on its own (before it is paired)."""

    number: int  # 1-based line in the file
    fields: list[str] | None  # cleaned; None when the line could not be split as expected
    count: int | None = None  # how many fields it had (None: its quoting is broken)
    amount: Decimal | None = None  # None when missing or unreadable
    problems: list[Problem] = field(default_factory=list)
    # Columns already reported, not read again (a shared empty set until the first one).
    bad: frozenset[str] | set[str] = frozenset()
    expense_like: bool | None = None  # fills an expense-only column; None: unknown
    travel_id: str = ""
    text: str = ""


class _Reading:
    """Turns the decoded lines into `_Row`s, each with its own problems."""

    def __init__(
        self, path: Path, layout: dict[str, int], expected: int, separator: str,
        profile: ExportProfile, decoded: TextLines,
    ) -> None:
        self.path = path
        self.layout = layout
        self.expected = expected
        self.separator = separator
        self.profile = profile
        self.decoded = decoded
        self.unterminated = False
        self.fitting = 0  # rows with the expected field count (a cut-off last row aside)
        self.first_unfit: _Row | None = None
        # 0-based field index → (column name or None, kind) for the checks of every field.
        names = {position - 1: name for name, position in layout.items()}
        self.kinds = [
            (names.get(index), _kind(names.get(index), profile)) for index in range(expected)
        ]
        self.text_indexes = [index for index, (_, kind) in enumerate(self.kinds) if kind == "text"]
        self.expense_indexes = [layout[name] - 1 for name in EXPENSE_LINE_COLUMNS]
        self.amount_index = layout["amount"] - 1
        self.travel_id_index = layout["travel_id"] - 1
        self.text_index = layout["text"] - 1

    def rows(self) -> Iterator[_Row]:
        reader = RecordReader(self.decoded.lines, self.separator)
        for record in reader:
            if record.blank:
                continue
            row = _Row(record.first, None)
            if record.fields is None or record.last > record.first:
                # A quote that does not close on its line: Acubiz lines never continue on the
                # next one, so that one is read on its own again.
                row.problems.append(Problem.of(
                    self.path, record.first, None, record.quote_problem()
                    if record.fields is None else say_text("unclosed_quote", line=record.first),
                    QUOTE_FIX,
                ))
                reader.resume(record.first + 1)
            else:
                self._check(row, record.fields, self.decoded.lines[record.first - 1])
            doubt = self.decoded.doubts.get(row.number)
            if doubt is not None:
                row.problems.insert(0, Problem.of(self.path, row.number, None, doubt, ENCODING_FIX))
            if row.number == len(self.decoded.lines) and self.decoded.cut_off:
                self.unterminated = True
                row.problems.append(Problem.of(
                    self.path, row.number, None, say_text("cut_off"), CUT_OFF_FIX
                ))
            elif row.count == self.expected:
                self.fitting += 1
            elif self.first_unfit is None or (
                self.first_unfit.count is None and row.count is not None
            ):
                self.first_unfit = row
            yield row

    def not_acubiz(self) -> Problem | None:
        """After `rows`: a whole-file problem when no line has the Acubiz field count (a
        cut-off last line alone does not count: it may be a file still being written)."""
        first = self.first_unfit
        if self.fitting or first is None:
            return None
        return Problem.of(
            self.path, None, None,
            _say(
                "not_acubiz", expected=self.expected, line=first.number, count=first.count or 0,
                separator=_separator_shown(self.separator),
            ),
            _say("field_count_fix"),
        )

    def _check(self, row: _Row, fields: list[str], line: str) -> None:
        row.count = len(fields)
        if len(fields) != self.expected:
            row.problems.append(Problem.of(
                self.path, row.number, None,
                _say(
                    "field_count", count=len(fields), separator=_separator_shown(self.separator),
                    expected=self.expected,
                ),
                _say("field_count_fix"),
            ))
            return
        if line_is_plain(line):  # nothing to refuse or remove: only whitespace to tidy
            for index in self.text_indexes:
                if fields[index]:
                    fields[index] = " ".join(fields[index].split())
        else:
            self._check_fields(row, fields)
        row.fields = fields
        if "amount" not in row.bad:
            try:
                row.amount = parse_danish_amount(fields[self.amount_index], _FIX)
            except FieldError as error:
                row.problems.append(_problem(self.path, row.number, self.layout, "amount", error))
                _mark_bad(row, "amount")
        row.expense_like = any(fields[index].strip() for index in self.expense_indexes)
        row.travel_id = fields[self.travel_id_index].strip()
        row.text = fields[self.text_index]

    def _check_fields(self, row: _Row, fields: list[str]) -> None:
        """Size and characters of every field (`textfile`), for a line that needs it."""
        for index, (name, kind) in enumerate(self.kinds):
            value = fields[index]
            why = check_size(value)
            if why is None:
                if kind == "text":
                    fields[index], why = check_text(value)
                elif kind == "value":
                    why = check_value(value)
                else:
                    why = has_control(value)
            if why is not None:
                label = _label(self.layout, name) if name else Bilingual(
                    f"column {index + 1}", f"kolonne {index + 1}"
                )
                row.problems.append(Problem.of(self.path, row.number, label, why, _FIX))
                if name:
                    _mark_bad(row, name)


def _mark_bad(row: _Row, name: str) -> None:
    if not isinstance(row.bad, set):
        row.bad = set(row.bad)
    row.bad.add(name)


def _kind(name: str | None, profile: ExportProfile) -> str:
    if name in TEXT_COLUMNS:
        return "text"
    if name == "receipts" and not profile.attach_receipts:
        return "other"  # not looked at when the profile sends no receipts
    return "value" if name in VALUE_COLUMNS else "other"


# -- pairing ----------------------------------------------------------------------------


def _fits(first: _Row, second: _Row) -> bool:
    """Two lines that can be one posting: amounts that add up to zero, and not two TravelIDs."""
    if first.amount is None or second.amount is None or first.amount + second.amount != 0:
        return False
    return not (first.travel_id and second.travel_id and first.travel_id != second.travel_id)


def _expense_first(first: _Row, second: _Row) -> bool | None:
    """True: `first` looks like an expense line and `second` like its contra line; False: the
    other way round; None: the expense-only columns cannot tell."""
    if first.expense_like is True and second.expense_like is False:
        return True
    if first.expense_like is False and second.expense_like is True:
        return False
    return None


def _pairs(rows: Iterable[_Row]) -> Iterator[tuple[tuple[_Row, ...], Bilingual | None]]:
    """The postings in file order: (its one or two rows, a pairing problem or None), by the
    rules in the module's docstring. Looks at most three rows ahead."""
    source = iter(rows)
    window: deque[_Row] = deque(itertools.islice(source, 3))
    while window:
        taken = _decide(window)
        yield taken
        for _ in taken[0]:
            window.popleft()
        window.extend(itertools.islice(source, 3 - len(window)))


def _decide(window: deque[_Row]) -> tuple[tuple[_Row, ...], Bilingual | None]:
    """The posting that starts at the first row of `window`: one row or two."""
    first = window[0]
    if len(window) == 1:
        return (first,), _say("alone_last")
    second = window[1]
    third = window[2] if len(window) > 2 else None
    if _fits(first, second):
        if (
            third is not None and _fits(second, third)
            and _expense_first(first, second) is False
            and _expense_first(second, third) is True
        ):  # contra line first, or a missing line before an ordinary posting?
            texts = _same_text_pair(first, second, third)
            if texts == "second":
                return (first,), _say("alone_next", next=second.number, after=third.number)
            if texts is None:
                return (first, second), _say(
                    "ambiguous", first=first.number, second=second.number, third=third.number
                )
        return (first, second), None
    if (
        third is not None
        and _expense_first(first, second) is not True
        and _fits(second, third)
        and (first.amount is not None or _expense_first(second, third) is True)
    ):
        return (first,), _say("alone_next", next=second.number, after=third.number)
    return (first, second), None  # held together: they do not balance (or cannot be read)


def _same_text_pair(first: _Row, second: _Row, third: _Row) -> str | None:
    """Which pair the booking texts say belongs together: "first" (first + second), "second"
    (second + third) or None."""
    ab = bool(first.text) and first.text == second.text
    bc = bool(second.text) and second.text == third.text
    if ab != bc:
        return "first" if ab else "second"
    return None


# -- one posting -----------------------------------------------------------------------


class _Postings:
    """Turns paired rows into sendable lines or held postings."""

    def __init__(
        self, path: Path, layout: dict[str, int], profile: ExportProfile, result: ParsedFile
    ) -> None:
        self.path = path
        self.layout = layout
        self.profile = profile
        self.result = result
        self.index = {name: position - 1 for name, position in layout.items()}

    def add(self, rows: tuple[_Row, ...], reason: Bilingual | None) -> None:
        problems = [problem for row in rows for problem in row.problems]
        if reason is not None:
            problems.append(Problem.of(self.path, rows[0].number, None, reason, _FIX))
        if len(rows) == 1:
            self._hold(rows[0], rows[0], problems)
            return
        first, second = rows
        expense, contra = (second, first) if _expense_first(first, second) is False else (
            first, second
        )
        if expense.fields is None or contra.fields is None:
            self._hold(first, expense, problems)
            return
        line = self._line(expense, contra, first, second, problems)
        if line is None or problems:
            self._hold(first, expense, problems)
            return
        self.result.lines.append(line)

    def _hold(self, first: _Row, expense: _Row, problems: list[Problem]) -> None:
        line_id = None
        if expense.fields is not None and "travel_id" not in expense.bad:
            line_id = (
                self._fallback_id(expense) if not expense.travel_id
                else None if line_id_texts(expense.travel_id) else expense.travel_id
            )
        problems.sort(key=lambda problem: problem.line or 0)  # stable: file order per line
        self.result.held.append(HeldLine(line_id, first.number, problems))

    def _fallback_id(self, expense: _Row) -> str:
        # Acubiz gives every transaction a TravelID; a posting without one can still be sent
        # once, but its id is only as durable as the file name and line number: if Acubiz
        # re-exports it in another file, it is not recognised as already sent.
        stem = re.sub(r"[^A-Za-z0-9._+-]", "-", self.path.stem)
        suffix = f"-L{expense.number}"
        return stem[: MAX_LINE_ID - len(suffix)] + suffix

    def _line(
        self, expense: _Row, contra: _Row, first: _Row, second: _Row, problems: list[Problem]
    ) -> ExpenseLine | None:
        index = self.index

        def field(row: _Row, name: str) -> str:
            assert row.fields is not None
            return row.fields[index[name]]

        def attempt(row: _Row, name: str, convert: Callable[[str], T]) -> T | None:
            if name in row.bad:
                return None
            try:
                return convert(field(row, name))
            except FieldError as error:
                problems.append(_problem(self.path, row.number, self.layout, name, error))
                return None

        if first.amount is not None and second.amount is not None:
            if first.amount + second.amount != 0:
                problems.append(Problem.of(
                    self.path, first.number, _label(self.layout, "amount"),
                    _say(
                        "unbalanced", first=first.number, a=_danish(first.amount),
                        second=second.number, b=_danish(second.amount),
                        difference=_danish(first.amount + second.amount),
                    ),
                    _FIX,
                ))
            elif first.travel_id and second.travel_id and first.travel_id != second.travel_id:
                problems.append(Problem.of(
                    self.path, first.number, _label(self.layout, "travel_id"),
                    _say(
                        "two_travel_ids", first=first.number, second=second.number,
                        one=first.travel_id, other=second.travel_id,
                    ),
                    _FIX,
                ))
        for row in (first, second):
            kind = field(row, "transaction_type").strip().lower()
            if "transaction_type" not in row.bad and kind not in FINANCE_TYPES:
                problems.append(Problem.of(
                    self.path, row.number, _label(self.layout, "transaction_type"),
                    _say("posting_type", kind=shown(kind)),
                    _say("posting_type_fix").join(_LAYOUT_FIX),
                ))
        amount = expense.amount
        limit = self.profile.max_amount
        if amount is not None and abs(amount) > limit:
            amount = attempt(  # raises the message that names the limit
                expense, "amount", lambda t: parse_danish_amount(t, _FIX, limit=limit)
            )
        date = attempt(expense, "date", _date)
        account = attempt(expense, "account", lambda t: parse_account(t, _ACCOUNT, _FIX))
        contra_account = attempt(
            contra, "account", lambda t: parse_account(t, _CONTRA_ACCOUNT, _FIX)
        )
        currency = attempt(expense, "currency", lambda t: parse_currency(t, _FIX))
        # The contra line normally repeats the expense line's currency: report a bad code once.
        repeated = _same_text(field(contra, "currency"), field(expense, "currency"))
        contra_currency = currency if repeated else attempt(
            contra, "currency", lambda t: parse_currency(t, _FIX)
        )
        if contra_currency and currency and contra_currency != currency:
            problems.append(Problem.of(
                self.path, contra.number, _label(self.layout, "currency"),
                _say(
                    "currency_differs", contra=contra_currency, line=expense.number,
                    expense=currency,
                ),
                _FIX,
            ))
        amount_used = attempt(
            expense, "amount_used",
            lambda t: parse_danish_amount(t, _FIX, nonzero=False) if t.strip() else None,
        )
        currency_used = attempt(expense, "currency_used", lambda t: parse_currency(t, _FIX))
        vat_code = attempt(expense, "vat_code", _vat_code)
        text = field(expense, "text") or field(contra, "text")
        dimensions = tuple(field(expense, f"dimension_{n}") for n in range(1, 10))
        line_id = self._line_id(expense, problems)
        if line_id is not None and "text" not in expense.bad:
            too_long = text_length_problem(len(text), line_id)
            if too_long is not None:
                problems.append(Problem.of(
                    self.path, expense.number, _label(self.layout, "text"), too_long,
                    _say("text_too_long_fix"),
                ))
        receipts = self._receipts(expense, problems)
        if problems or amount is None or date is None or account is None or line_id is None:
            return None
        initials = field(expense, "initials") or None
        user_name = field(expense, "user_name") or None
        return ExpenseLine(
            line_id=line_id,
            source_file=self.path,
            source_line=expense.number,
            date=date,
            text=text,
            amount=amount,
            currency=currency,
            account=account,
            contra_account=contra_account,
            vat_code=vat_code,
            department=self._department(dimensions),
            employee=initials or user_name,
            receipts=receipts,
            initials=initials,
            user_name=user_name,
            travel_id=expense.travel_id or None,
            enclosure_number=field(expense, "enclosure_number").strip() or None,
            dimensions=dimensions,
            amount_used=amount_used,
            currency_used=currency_used,
        )

    def _line_id(self, expense: _Row, problems: list[Problem]) -> str | None:
        if "travel_id" in expense.bad:
            return None
        if not expense.travel_id:
            return self._fallback_id(expense)
        why = line_id_texts(expense.travel_id, subject_da="TravelID'et")
        if why:
            why = Bilingual(why.en.replace("line id", "TravelID"), why.da)
            problems.append(Problem.of(
                self.path, expense.number, _label(self.layout, "travel_id"),
                _say("travel_id", why=why), _LAYOUT_FIX,
            ))
            return None
        return expense.travel_id

    def _receipts(self, expense: _Row, problems: list[Problem]) -> tuple[Path, ...]:
        """Receipt paths for the posting (names only; the upload checks the files); not looked
        at when the profile sends no receipts."""
        if not self.profile.attach_receipts or "receipts" in expense.bad:
            return ()
        assert expense.fields is not None
        folder = self.profile.receipts_folder or self.path.parent
        found = []
        for name in expense.fields[self.index["receipts"]].split("*"):
            if not name.strip():
                continue
            try:
                found.append(receipt_in_folder(folder, name))
            except FieldError as error:
                problems.append(
                    _problem(self.path, expense.number, self.layout, "receipts", error)
                )
        return tuple(found)

    def _department(self, dimensions: tuple[str, ...]) -> str | None:
        number = self.profile.department_dimension
        if not number or not 1 <= number <= len(dimensions):
            return None
        return dimensions[number - 1] or None


# -- small helpers -----------------------------------------------------------------------


def _detect_separator(lines: list[str], expected: int) -> str:
    """The separator that gives the expected field count on most of the first lines."""

    def score(separator: str) -> tuple[int, int]:
        counts = [len(split_one(line, separator)) for line in lines]
        return sum(count == expected for count in counts), max(counts)

    return max(SEPARATORS, key=score)  # max keeps the first of equals: the preference order


def _separator_shown(separator: str) -> str | Bilingual:
    return Bilingual("tab", "tabulator") if separator == "\t" else f"'{separator}'"


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


@functools.lru_cache(maxsize=1024)
def _date(text: str) -> dt.date:
    """A `dd-mm-yyyy` date; cached, as a file's lines share few dates (errors are not cached)."""
    return parse_date(text, ("%d-%m-%Y",), _DATE_SHOWN, _FIX)


def _vat_code(text: str) -> str | None:
    """The expense line's VAT code; empty means "no VAT code" (never the account's default)."""
    code = text.strip()
    if not code:
        return None
    if len(code) > 5:
        raise FieldError(_say("vat_code", code=shown(code)), _FIX)
    return code


def _same_text(first: str, second: str) -> bool:
    return first.strip().upper() == second.strip().upper()


def _danish(amount: Decimal) -> str:
    return f"{amount:.2f}".replace(".", ",")
