"""Field conversions shared by the readers: amounts, dates, currencies, accounts, receipts.

Each function returns the converted value or raises `FieldError` with a plain message and the
fix, in English and Danish; the readers turn that into a `Problem` with the file, line and
column, and go on with the next field, so that one pass reports everything that is wrong. The
readers pass their own fix (`str` or `Bilingual`); the messages are in `_TEXTS`. A value quoted
in a message is cut to `_SHOWN` characters (a 140 KB field must not become a 140 KB message).

Amounts are `Decimal` with exactly two places, never floats; `limit` (the profile's
`max_amount`) bounds a posting's amount. Receipts: the readers only check the *name*
(`receipt_in_folder`, `receipt_under`) and return the candidate path; whether the file exists
and e-conomic accepts it is checked at upload time (`receipt_files`), so a missing receipt never
holds its posting.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation
from pathlib import Path, PurePosixPath, PureWindowsPath

from wizard.export.currencies import is_currency
from wizard.export.lines import Bilingual
from wizard.export.markers import MAX_LINE_ID, MAX_TEXT, line_id_problem, text_room

# e-conomic refuses bigger uploads (reference §6).
MAX_RECEIPT_BYTES = 9 * 1024 * 1024
CENT = Decimal("0.01")

_DANISH_AMOUNT = re.compile(r"[+-]?\d+(,\d+)?")
_ANY_AMOUNT = re.compile(r"[+-]?\d+([.,]\d+)?")
_ACCOUNT = re.compile(r"\d{1,9}")
_SHOWN = 60  # characters of a value quoted in a message

# Every message of this module, English and Danish side by side.
_TEXTS: dict[str, Bilingual] = {
    "danish_amount": Bilingual(
        "The amount '{raw}' is not written the way Acubiz writes amounts: like 1234,50 or"
        " -1234,50, with a decimal comma and no thousands separator.",
        "Beløbet '{raw}' er ikke skrevet, som Acubiz skriver beløb: som 1234,50 eller"
        " -1234,50, med komma før ørerne og uden punktum mellem tusinder.",
    ),
    "any_amount": Bilingual(
        "The amount '{raw}' is not a number like 1234.50 or 1234,50 (no thousands"
        " separator, no currency sign).",
        "Beløbet '{raw}' er ikke et tal som 1234.50 eller 1234,50 (uden punktum eller komma"
        " mellem tusinder og uden valutategn).",
    ),
    "amount_too_large": Bilingual(
        "The amount '{raw}' is too large.", "Beløbet '{raw}' er for stort."
    ),
    "amount_above_limit": Bilingual(
        "The amount {raw} is larger than the largest amount allowed per posting ({limit}).",
        "Beløbet {raw} er større end det største beløb, der er tilladt pr. postering"
        " ({limit}).",
    ),
    "amount_above_limit_fix": Bilingual(
        "If it is right, raise 'max_amount' in the profile; if not, correct the expense and"
        " export it again.",
        "Hvis det er rigtigt, så hæv 'max_amount' i profilen; hvis ikke, så ret udlægget, og"
        " eksportér det igen.",
    ),
    "text_too_long": Bilingual(
        "The booking text is {length} characters; e-conomic allows {limit} in all, and the"
        " reference to the expense takes {reference} of them, so shorten it by {cut}"
        " characters.",
        "Posteringsteksten er på {length} tegn; e-conomic tillader {limit} i alt, og"
        " henvisningen til udlægget bruger {reference} af dem, så forkort den med {cut} tegn.",
    ),
    "amount_decimals": Bilingual(
        "The amount '{raw}' has more than two decimals.",
        "Beløbet '{raw}' har mere end to decimaler.",
    ),
    "amount_zero": Bilingual(
        "The amount '{raw}' is zero: there is nothing to book.",
        "Beløbet '{raw}' er nul: der er intet at bogføre.",
    ),
    "date_empty": Bilingual("The date is empty.", "Datoen mangler."),
    "date_impossible": Bilingual(
        "The date '{raw}' does not exist in the calendar.",
        "Datoen '{raw}' findes ikke i kalenderen.",
    ),
    "date_shape": Bilingual(
        "The date '{raw}' is not written as {shown_as}.",
        "Datoen '{raw}' er ikke skrevet som {shown_as}.",
    ),
    "currency": Bilingual(
        "'{raw}' is not an ISO currency code (like DKK or EUR).",
        "'{raw}' er ikke en ISO-valutakode (som DKK eller EUR).",
    ),
    # {what} is "account" / "Kontoen": the Danish is the definite form, at the sentence start.
    "account_missing": Bilingual("The {what} is missing.", "{what} mangler."),
    "account_number": Bilingual(
        "The {what} '{raw}' is not an account number.",
        "{what} '{raw}' er ikke et kontonummer.",
    ),
    "receipt_folder": Bilingual(
        "The receipt name '{name}' contains a folder; only plain file names are allowed.",
        "Kvitteringens navn '{name}' indeholder en mappe; kun rene filnavne er tilladt.",
    ),
    "receipt_folder_fix": Bilingual(
        "Correct the receipt name in the expense system and export the file again.",
        "Ret kvitteringens navn i udlægssystemet, og eksportér filen igen.",
    ),
    "receipt_outside": Bilingual(
        "The receipt path '{path}' points outside the inbox folder.",
        "Kvitteringens sti '{path}' peger uden for indbakken.",
    ),
    "receipt_outside_fix": Bilingual(
        "Give the receipt's path relative to the inbox folder, e.g. receipts/taxi.pdf.",
        "Angiv kvitteringens sti i forhold til indbakken, f.eks. receipts/taxi.pdf.",
    ),
}
# The English comes from `markers.line_id_problem` (kept word for word); its Danish twins:
_LINE_ID_DA = {
    "empty": "{subject} er tomt.",
    "long": "{subject} '{shown}' er længere end {limit} tegn.",
    "characters": "{subject} '{shown}' indeholder andre tegn end bogstaver, cifre og . _ / + -.",
}


def _say(key: str, **values: object) -> Bilingual:
    """The message `key` of `_TEXTS` with its placeholders filled in, in both languages."""
    return _TEXTS[key].format(**values)


def shown(value: str) -> str:
    """`value` as a message quotes it: at most `_SHOWN` characters, "…" where it was cut."""
    return value if len(value) <= _SHOWN else value[: _SHOWN - 1] + "…"


class FieldError(ValueError):
    """One field that cannot be used: what is wrong and what to do about it.

    `message` and `fix` are English (also when given as `Bilingual`); `message_da` and
    `fix_da` are the Danish twins, None when only English was given.
    """

    def __init__(self, message: str | Bilingual, fix: str | Bilingual) -> None:
        self.message, self.message_da = _split(message)
        self.fix, self.fix_da = _split(fix)
        super().__init__(self.message)


def _split(value: str | Bilingual) -> tuple[str, str | None]:
    return (value.en, value.da) if isinstance(value, Bilingual) else (value, None)


def line_id_texts(line_id: str, subject_da: str = "Linjens id") -> Bilingual | None:
    """Why a line id cannot be used (`markers.line_id_problem`, whose English is kept word for
    word), with its Danish twin; `subject_da` names the id in Danish ("TravelID'et")."""
    why = line_id_problem(line_id)
    if why is None:
        return None
    if not line_id:
        danish = _LINE_ID_DA["empty"]
    elif len(line_id) > MAX_LINE_ID:
        danish = _LINE_ID_DA["long"]
    else:
        danish = _LINE_ID_DA["characters"]
    return Bilingual(why, danish.format(subject=subject_da, shown=line_id[:50], limit=MAX_LINE_ID))


def parse_danish_amount(
    value: str, fix: str | Bilingual, *, nonzero: bool = True, limit: int | None = None
) -> Decimal:
    """An Acubiz amount: sign, digits, decimal comma, no thousands separator (`-9999,99`);
    `limit` is the largest absolute amount allowed (whole units), None for no limit."""
    raw = value.strip()
    if not _DANISH_AMOUNT.fullmatch(raw):
        raise FieldError(_say("danish_amount", raw=shown(raw)), fix)
    return _two_decimals(raw, Decimal(raw.replace(",", ".")), fix, nonzero, limit)


def parse_flexible_amount(
    value: str, fix: str | Bilingual, *, nonzero: bool = True, limit: int | None = None
) -> Decimal:
    """A simple-format amount: decimal point or comma, at most two decimals, no separators.

    A value with both `.` and `,` (or with three decimals, like `1.234`) is refused instead of
    guessed: reading a thousands separator as a decimal point books a thousandth of the money.
    """
    raw = value.strip()
    if not _ANY_AMOUNT.fullmatch(raw):
        raise FieldError(_say("any_amount", raw=shown(raw)), fix)
    return _two_decimals(raw, Decimal(raw.replace(",", ".")), fix, nonzero, limit)


def _two_decimals(
    raw: str, value: Decimal, fix: str | Bilingual, nonzero: bool, limit: int | None
) -> Decimal:
    try:
        rounded = value.quantize(CENT)
    except InvalidOperation:  # more digits than the context allows
        if limit is not None:
            raise FieldError(
                _say("amount_above_limit", raw=shown(raw), limit=limit),
                _say("amount_above_limit_fix"),
            ) from None
        raise FieldError(_say("amount_too_large", raw=shown(raw)), fix) from None
    if rounded != value:
        raise FieldError(_say("amount_decimals", raw=shown(raw)), fix)
    if rounded == 0:
        if nonzero:
            raise FieldError(_say("amount_zero", raw=shown(raw)), fix)
        return abs(rounded)  # never "-0.00"
    if limit is not None and abs(rounded) > limit:
        raise FieldError(
            _say("amount_above_limit", raw=shown(raw), limit=limit),
            _say("amount_above_limit_fix"),
        )
    return rounded


def text_length_problem(length: int, line_id: str) -> Bilingual | None:
    """Why a booking text of `length` characters does not fit in e-conomic next to the
    marker of `line_id` (which must be usable), or None when it fits."""
    room = text_room(line_id)
    if length <= room:
        return None
    return _say(
        "text_too_long", length=length, limit=MAX_TEXT, reference=MAX_TEXT - room,
        cut=length - room,
    )


def parse_date(
    value: str, formats: tuple[str, ...], shown_as: str | Bilingual, fix: str | Bilingual
) -> dt.date:
    """The first of `formats` (strptime patterns) that reads the whole text as a real date;
    `shown_as` says how a date is written ("dd-mm-yyyy" / "dd-mm-åååå")."""
    raw = value.strip()
    impossible = False
    for pattern in formats:
        try:
            return dt.datetime.strptime(raw, pattern).date()
        except ValueError as error:
            # "time data ... does not match" / "unconverted data remains" = another shape;
            # anything else ("day is out of range for month") = right shape, no such day.
            reason = str(error)
            impossible |= not reason.startswith(("time data", "unconverted data"))
    if not raw:
        raise FieldError(_say("date_empty"), fix)
    if impossible:
        raise FieldError(_say("date_impossible", raw=shown(raw)), fix)
    raise FieldError(_say("date_shape", raw=shown(raw), shown_as=shown_as), fix)


def parse_currency(value: str, fix: str | Bilingual) -> str | None:
    """An ISO 4217 code (upper-cased), or None for an empty field (= base currency)."""
    raw = value.strip().upper()
    if not raw:
        return None
    if not is_currency(raw):
        raise FieldError(_say("currency", raw=shown(value.strip())), fix)
    return raw


def parse_account(value: str, what: str | Bilingual, fix: str | Bilingual) -> int:
    """A positive e-conomic account number; `what` names it in the message: "account", or
    `Bilingual("account", "Kontoen")` (Danish: definite form, it starts the sentence)."""
    raw = value.strip()
    if not isinstance(what, Bilingual):
        what = Bilingual(what, what[:1].upper() + what[1:])
    if not raw:
        raise FieldError(_say("account_missing", what=what), fix)
    if not _ACCOUNT.fullmatch(raw) or int(raw) == 0:
        raise FieldError(_say("account_number", what=what, raw=shown(raw)), fix)
    return int(raw)


def receipt_in_folder(folder: Path, name: str) -> Path:
    """The receipt file called `name` directly in `folder` (names with folders are refused,
    so a file cannot point the program at files outside the receipts folder). Only the name is
    checked: whether the file exists and is accepted is the upload's business."""
    plain = name.strip()
    if not any(sign in plain for sign in "/\\:") and plain not in {".", ".."}:
        return folder / plain  # the usual case, without building two pure paths
    if (
        PurePosixPath(plain).name != plain
        or PureWindowsPath(plain).name != plain
        or plain in {".", ".."}
    ):
        raise FieldError(_say("receipt_folder", name=shown(plain)), _say("receipt_folder_fix"))
    return folder / plain


def receipt_under(root: Path, relative: str) -> Path:
    """The receipt at `relative` below `root` (the inbox); absolute paths and `..` that leave
    `root` are refused for the same reason as in `receipt_in_folder`. Only the path is
    checked, not the file."""
    raw = relative.strip().replace("\\", "/")
    if ":" not in raw and not raw.startswith("/") and ".." not in raw.split("/"):
        return root / raw  # the usual case, without building two pure paths
    candidate = PurePosixPath(raw)
    if candidate.is_absolute() or PureWindowsPath(raw).drive or ".." in candidate.parts:
        raise FieldError(
            _say("receipt_outside", path=shown(relative.strip())), _say("receipt_outside_fix")
        )
    return root.joinpath(*candidate.parts)
