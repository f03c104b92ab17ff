"""Field conversions shared by the readers: amounts, dates, currencies, accounts, receipts.

Each function returns the converted value or raises `FieldError` with a plain message and the
fix; the readers turn that into a `Problem` with the file, line and column, and go on with the
next field, so that one pass reports everything that is wrong.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation
from pathlib import Path, PurePosixPath, PureWindowsPath

from wizard.export.currencies import is_currency

# e-conomic refuses bigger uploads (reference §6); its accepted types, by file name.
MAX_RECEIPT_BYTES = 9 * 1024 * 1024
RECEIPT_TYPES = frozenset({".jpg", ".jpeg", ".png", ".gif", ".pdf"})
CENT = Decimal("0.01")

_DANISH_AMOUNT = re.compile(r"[+-]?\d+(,\d+)?")
_ANY_AMOUNT = re.compile(r"[+-]?\d+([.,]\d+)?")
_ACCOUNT = re.compile(r"\d{1,9}")


class FieldError(ValueError):
    """One field that cannot be used: what is wrong and what to do about it."""

    def __init__(self, message: str, fix: str) -> None:
        super().__init__(message)
        self.message = message
        self.fix = fix


def parse_danish_amount(text: str, fix: str, *, nonzero: bool = True) -> Decimal:
    """An Acubiz amount: sign, digits, decimal comma, no thousands separator (`-9999,99`)."""
    raw = text.strip()
    if not _DANISH_AMOUNT.fullmatch(raw):
        raise FieldError(
            f"The amount '{raw}' is not written like -9999,99 (decimal comma, no thousands"
            " separator).",
            fix,
        )
    return _two_decimals(raw, Decimal(raw.replace(",", ".")), fix, nonzero)


def parse_flexible_amount(text: str, fix: str, *, nonzero: bool = True) -> Decimal:
    """A simple-format amount: decimal point or comma, at most two decimals, no separators.

    A value with both `.` and `,` (or with three decimals, like `1.234`) is refused instead of
    guessed: reading a thousands separator as a decimal point books a thousandth of the money.
    """
    raw = text.strip()
    if not _ANY_AMOUNT.fullmatch(raw):
        raise FieldError(
            f"The amount '{raw}' is not a number like 1234.50 or 1234,50 (no thousands"
            " separator, no currency sign).",
            fix,
        )
    return _two_decimals(raw, Decimal(raw.replace(",", ".")), fix, nonzero)


def _two_decimals(raw: str, value: Decimal, fix: str, nonzero: bool) -> Decimal:
    try:
        rounded = value.quantize(CENT)
    except InvalidOperation:  # more digits than the context allows
        raise FieldError(f"The amount '{raw}' is too large.", fix) from None
    if rounded != value:
        raise FieldError(f"The amount '{raw}' has more than two decimals.", fix)
    if rounded == 0:
        if nonzero:
            raise FieldError(f"The amount '{raw}' is zero: there is nothing to book.", fix)
        return abs(rounded)  # never "-0.00"
    return rounded


def parse_date(text: str, formats: tuple[str, ...], shown_as: str, fix: str) -> dt.date:
    """The first of `formats` (strptime patterns) that reads the whole text as a real date."""
    raw = text.strip()
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
        raise FieldError("The date is empty.", fix)
    if impossible:
        raise FieldError(f"The date '{raw}' does not exist in the calendar.", fix)
    raise FieldError(f"The date '{raw}' is not written as {shown_as}.", fix)


def parse_currency(text: str, fix: str) -> str | None:
    """An ISO 4217 code (upper-cased), or None for an empty field (= base currency)."""
    raw = text.strip().upper()
    if not raw:
        return None
    if not is_currency(raw):
        raise FieldError(f"'{text.strip()}' is not an ISO currency code (like DKK or EUR).", fix)
    return raw


def parse_account(text: str, what: str, fix: str) -> int:
    """A positive e-conomic account number; `what` names it in the message ("account")."""
    raw = text.strip()
    if not raw:
        raise FieldError(f"The {what} is missing.", fix)
    if not _ACCOUNT.fullmatch(raw) or int(raw) == 0:
        raise FieldError(f"The {what} '{raw}' is not an account number.", fix)
    return int(raw)


def receipt_in_folder(folder: Path, name: str) -> Path:
    """The receipt file called `name` directly in `folder` (names with folders are refused,
    so a file cannot point the program at files outside the receipts folder)."""
    plain = name.strip()
    if (
        PurePosixPath(plain).name != plain
        or PureWindowsPath(plain).name != plain
        or plain in {".", ".."}
    ):
        raise FieldError(
            f"The receipt name '{plain}' contains a folder; only plain file names are allowed.",
            "Correct the receipt name in the expense system and export the file again.",
        )
    return check_receipt(folder / plain)


def receipt_under(root: Path, relative: str) -> Path:
    """The receipt at `relative` below `root` (the inbox); absolute paths and `..` that leave
    `root` are refused for the same reason as in `receipt_in_folder`."""
    raw = relative.strip().replace("\\", "/")
    candidate = PurePosixPath(raw)
    if candidate.is_absolute() or PureWindowsPath(raw).drive or ".." in candidate.parts:
        raise FieldError(
            f"The receipt path '{relative.strip()}' points outside the inbox folder.",
            "Give the receipt's path relative to the inbox folder, e.g. receipts/taxi.pdf.",
        )
    return check_receipt(root.joinpath(*candidate.parts))


def check_receipt(path: Path) -> Path:
    """The path itself when e-conomic will accept the file: it exists, has an accepted type and
    is at most 9 MB."""
    if path.suffix.lower() not in RECEIPT_TYPES:
        raise FieldError(
            f"The receipt '{path.name}' has a type e-conomic does not accept"
            " (accepted: jpg, jpeg, png, gif, pdf).",
            "Save the receipt as PDF or JPG and export it again.",
        )
    try:
        size = path.stat().st_size
        is_file = path.is_file()
    except OSError:
        size, is_file = 0, False
    if not is_file:
        raise FieldError(
            f"The receipt '{path.name}' was not found in {path.parent}.",
            "Put the receipt file there (or correct the receipts folder in the profile) and"
            " run the transfer again.",
        )
    if size > MAX_RECEIPT_BYTES:
        megabytes = size / (1024 * 1024)
        raise FieldError(
            f"The receipt '{path.name}' is {megabytes:.1f} MB; e-conomic accepts at most 9 MB.",
            "Scan or save it with a lower resolution and export it again.",
        )
    return path
