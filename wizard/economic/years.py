"""Accounting-year labels (`2025`, `2025/2026`, `2025/2026a`) and their URL form (`2025_6_2026`).

Why this exists: e-conomic names an accounting year by a free label, and a voucher's address
uses that label with e-conomic's own character replacement (not percent-encoding): `/` becomes
`_6_`, so voucher 1043 of year `2025/2026` lives at `…/vouchers/2025_6_2026-1043`. Tenants have
labels with letters (`2025/2026a`), so the label is always read from e-conomic, never computed
from a date; `pick_year` finds the year whose date range contains a posting date.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Protocol, TypeVar
from urllib.parse import quote, unquote


class _DateRange(Protocol):
    """What `pick_year` needs of a year (`models.AccountingYear` has it); a protocol, so this
    module stays below the models that use its URL form (no import cycle)."""

    @property
    def from_date(self) -> dt.date: ...
    @property
    def to_date(self) -> dt.date: ...


_Year = TypeVar("_Year", bound=_DateRange)

# e-conomic's "custom resource self-link encoding" table (restdocs, "REST Basics").
_SELF_LINK_REPLACEMENTS: dict[str, str] = {
    "<": "_0_",
    ">": "_1_",
    "*": "_2_",
    "%": "_3_",
    ":": "_4_",
    "&": "_5_",
    "/": "_6_",
    "\\": "_7_",
    "_": "_8_",
    " ": "_9_",
    "?": "_10_",
    ".": "_11_",
    "#": "_12_",
    "+": "_13_",
}
_REVERSE = {code: char for char, code in _SELF_LINK_REPLACEMENTS.items()}


def year_to_url(label: str) -> str:
    """The URL path form of an accounting-year label: `2025/2026` → `2025_6_2026`.

    Characters outside e-conomic's replacement table are percent-encoded, as e-conomic does.
    """
    label = str(label)
    replaced = "".join(_SELF_LINK_REPLACEMENTS.get(char, char) for char in label)
    return quote(replaced, safe="_-~")


def year_from_url(url_form: str) -> str:
    """The label from its URL form: `2025_6_2026` → `2025/2026` (inverse of `year_to_url`)."""
    text = unquote(url_form)
    out: list[str] = []
    i = 0
    while i < len(text):
        if text[i] == "_":
            end = text.find("_", i + 1)
            if end != -1 and text[i : end + 1] in _REVERSE:
                out.append(_REVERSE[text[i : end + 1]])
                i = end + 1
                continue
        out.append(text[i])
        i += 1
    return "".join(out)


def voucher_id(accounting_year: str, voucher_number: int) -> str:
    """The path segment of one voucher: `2025_6_2026-1043`."""
    return f"{year_to_url(accounting_year)}-{int(voucher_number)}"


def pick_year(years: Iterable[_Year], date: dt.date) -> _Year | None:
    """The accounting year whose fromDate..toDate (both inclusive) contains `date`, or None.

    Closed years are returned too (check `.closed`): whether to stop or warn is the caller's
    decision, and "there is a year but it is closed" is a different message from "no year".
    """
    if isinstance(date, dt.datetime):
        date = date.date()
    for year in years:
        if year.from_date <= date <= year.to_date:
            return year
    return None
