"""The one line model every input format is read into, and the problems found on the way.

Why one model: the voucher mapping, the ledger and the history window must not care whether a
line came from an Acubiz posting file or the simple format. A reader either produces an
`ExpenseLine` (every field already checked and converted) or a `Problem` that names the file,
the line, the field and the fix. Readers collect *every* problem of a file before giving up, so
the finance admin can correct a file in one go instead of one error per day.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Literal

# Bilingual and is_danish live at the bottom of the house (wizard.messages); the readers
# import them from here too.
from wizard.messages import Bilingual, is_danish

FileFormat = Literal["acubiz", "simple"]


@dataclass(frozen=True, kw_only=True, slots=True)
class ExpenseLine:
    """One expense, ready to become one e-conomic finance-voucher line.

    `line_id` is the durable identity (TravelID for Acubiz, `id` for the simple format): the
    ledger remembers it per profile and the e-conomic entry text carries it in a marker.
    `amount` is in the booking currency with exactly two decimals; positive means the expense
    account is debited and the contra account credited. `currency` None means the agreement's
    base currency. `receipts` are existing files, already checked for type and size.
    """

    line_id: str
    source_file: Path
    source_line: int
    date: dt.date
    text: str
    amount: Decimal
    currency: str | None = None
    account: int | None = None
    category: str | None = None
    contra_account: int | None = None
    vat_code: str | None = None
    department: str | None = None
    employee: str | None = None
    report: str | None = None
    receipts: tuple[Path, ...] = ()
    # Acubiz only (None / empty for the simple format).
    initials: str | None = None
    user_name: str | None = None
    travel_id: str | None = None
    enclosure_number: str | None = None
    dimensions: tuple[str, ...] = ()
    amount_used: Decimal | None = None
    currency_used: str | None = None


_UNITS_DA = {"line": "linje", "item": "element"}


@dataclass(frozen=True)
class Problem:
    """Something that stops a file from being sent, said so that the admin can fix it.

    `line` is the 1-based line number in the file (for JSON: the item number, and `unit` is
    "item"); None when the problem concerns the whole file. `field` names the column, or None.
    `message`, `fix` and `field` are English; `message_da`, `fix_da` and `field_da` are their
    Danish twins (None: the English one is shown). Build one from `Bilingual` texts with `of`.
    """

    file: Path
    line: int | None
    field: str | None
    message: str
    fix: str
    unit: str = "line"
    message_da: str | None = None
    fix_da: str | None = None
    field_da: str | None = None

    @classmethod
    def of(
        cls, file: Path, line: int | None, field: str | Bilingual | None, message: Bilingual,
        fix: Bilingual, *, unit: str = "line",
    ) -> Problem:
        """A problem with its Danish texts; `field` may be one name for both languages."""
        field_en, field_da = (field, None) if not isinstance(field, Bilingual) else field
        return cls(
            file, line, field_en, message.en, fix.en, unit,
            message_da=message.da, fix_da=fix.da, field_da=field_da,
        )

    def text(self, language: str = "en") -> tuple[str, str]:
        """(message, fix) in `language` ("da…" for Danish), English where no Danish exists."""
        if is_danish(language):
            return self.message_da or self.message, self.fix_da or self.fix
        return self.message, self.fix

    def describe(self, language: str = "en", *, with_file: bool = False) -> str:
        """One line for `<name>.errors.txt` and the history window: where, what, and the fix.

        In Danish: "linje 3, dato (date): Datoen '2026-02-31' findes ikke i kalenderen. …".
        """
        danish = is_danish(language)
        where = []
        if with_file:
            where.append(self.file.name)
        if self.line is not None:
            unit = _UNITS_DA.get(self.unit, self.unit) if danish else self.unit
            where.append(f"{unit} {self.line}")
        field = (self.field_da or self.field) if danish else self.field
        if field:
            where.append(field)
        prefix = ", ".join(where)
        message, fix = self.text(language)
        text = f"{message} {fix}".strip()
        return f"{prefix}: {text}" if prefix else text

    def __str__(self) -> str:
        return self.describe(with_file=True)


@dataclass
class HeldLine:
    """A posting the reader found but cannot send as it is (bad amount, unbalanced pair, text
    too long, control characters, a cut-off last line, ...). It is *held* with its problems;
    the rest of the file goes on without it.

    `line_id` is the posting's id when it could be read (TravelID / `id`), so that a corrected
    re-export with the same id replaces it; None when even the id is unusable (the engine then
    names it by file and line). `source_line` is the 1-based line (JSON: item) where it starts.
    """

    line_id: str | None
    source_line: int
    problems: list[Problem]
    unit: str = "line"


@dataclass
class ParsedFile:
    """What a reader made of one file.

    - `lines`: the postings that can be sent.
    - `held`: postings that cannot be sent as they are, each with its problems; they never
      stop `lines` from going.
    - `problems`: problems of the *whole file* (it cannot be read at all: not a posting file,
      undecodable, no header, broken JSON). A file with any of these goes to `rejected/` and
      nothing of it is sent; `lines` and `held` are then empty or ignored.
    - `unterminated`: the last line had no line break at its end; a writer may still be busy.
      The engine waits the settle time once more before it holds that line (it is in `held`).
    A file without lines, held lines and problems (0 bytes, blank) holds no postings.
    """

    path: Path
    format: FileFormat
    lines: list[ExpenseLine] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    held: list[HeldLine] = field(default_factory=list)
    unterminated: bool = False

    @property
    def ok(self) -> bool:
        """True when the file could be read (it may still have held lines)."""
        return not self.problems
