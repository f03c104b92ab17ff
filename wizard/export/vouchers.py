"""From expense lines to e-conomic voucher bodies: pure functions, no I/O, no clock.

What the rest of the engine relies on:

- Every entry text starts with the line's marker `[EMS:<line id>]` (see `markers`), and the
  marker is never cut; the booking text is shortened (with `…`) to stay within 250 characters.
- Grouping never mixes files: a voucher holds lines of one source file, so a file can be moved
  to `sent/` as soon as its own vouchers are confirmed. Within a file the profile decides:
  `travel_id` (one voucher per TravelID, or per `report` in the simple format), `file` (one
  voucher per file), `employee_day` (one per employee and posting date).
- Accounting years: an e-conomic voucher belongs to exactly one accounting year, and a file or
  an employee-day group can straddle a year end. Such a voucher is SPLIT, one per year
  (`split_by_accounting_year`), rather than refused: refusing would stop a perfectly valid
  file every New Year. Each part has its own line set and therefore its own key.
- `voucher_key` depends only on the profile name and the line ids, so the same expenses give
  the same key on every run and on every machine; `to_json_bytes` gives the same bytes for the
  same body, so a frozen body can be compared and re-sent byte for byte.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal

from wizard.export.fields import CENT
from wizard.export.lines import ExpenseLine
from wizard.export.markers import marker_for_id, text_room

Grouping = Literal["travel_id", "file", "employee_day"]
ELLIPSIS = "…"


@dataclass(frozen=True)
class VoucherDraft:
    """Lines that will become one e-conomic voucher, before a journal and year are chosen.

    `label` says in words what holds the lines together (for history and error messages).
    """

    profile_name: str
    source_file: Path
    label: str
    lines: tuple[ExpenseLine, ...]

    @property
    def line_ids(self) -> tuple[str, ...]:
        return tuple(line.line_id for line in self.lines)

    @property
    def receipts(self) -> tuple[Path, ...]:
        """Every receipt of the voucher once, in line order (a receipt may serve two lines)."""
        seen: dict[Path, None] = {}
        for line in self.lines:
            for receipt in line.receipts:
                seen.setdefault(receipt, None)
        return tuple(seen)


def marker_for(line: ExpenseLine) -> str:
    """The durable marker of a line, e.g. `[EMS:1000002-1]`; compare it exactly."""
    return marker_for_id(line.line_id)


def entry_text(line: ExpenseLine) -> str:
    """The entry text: marker, a space and the booking text, at most 250 characters in all.

    Whitespace runs (line breaks, tabs) become one space; a text that does not fit is cut and
    ends in `…`. The marker is never shortened.
    """
    marker = marker_for(line)
    text = " ".join(line.text.split())
    if not text:
        return marker
    room = text_room(line.line_id)
    if len(text) > room:
        text = text[: room - 1].rstrip() + ELLIPSIS
    return f"{marker} {text}"


def group_into_vouchers(
    lines: Iterable[ExpenseLine], grouping: Grouping, *, profile_name: str
) -> list[VoucherDraft]:
    """The vouchers for `lines`, in a deterministic order whatever order the lines came in:
    by source file name, then by the first line's position in the file."""
    groups: dict[tuple[str, ...], list[ExpenseLine]] = {}
    for line in sorted(lines, key=_position):
        groups.setdefault(_group_key(line, grouping), []).append(line)
    drafts = [
        VoucherDraft(
            profile_name=profile_name,
            source_file=members[0].source_file,
            label=_label(members[0], grouping),
            lines=tuple(members),
        )
        for members in groups.values()
    ]
    return sorted(drafts, key=lambda draft: _position(draft.lines[0]))


def split_by_accounting_year(
    draft: VoucherDraft, year_for: Callable[[dt.date], str | None]
) -> list[tuple[str | None, VoucherDraft]]:
    """`(accounting-year label, draft)` per year the draft's dates fall in (usually one).

    `year_for` maps a date to the label of the e-conomic year that contains it (read from
    e-conomic, see `economic.years.pick_year`), or None when there is none yet; lines without
    a year come back under None so the caller can keep them waiting with a clear reason.
    """
    parts: dict[str | None, list[ExpenseLine]] = {}
    for line in draft.lines:
        parts.setdefault(year_for(line.date), []).append(line)
    if len(parts) == 1:
        return [(next(iter(parts)), draft)]
    return [
        (label, VoucherDraft(
            profile_name=draft.profile_name,
            source_file=draft.source_file,
            label=f"{draft.label} ({label or 'no accounting year'})",
            lines=tuple(members),
        ))
        for label, members in parts.items()
    ]


def voucher_key(draft: VoucherDraft) -> str:
    """A stable id for the voucher: a hash of the profile name and the sorted line ids.

    The same expenses always give the same key, whatever the grouping order or the run; it is
    what the ledger registers the voucher under.
    """
    material = json.dumps([draft.profile_name, sorted(draft.line_ids)], ensure_ascii=True)
    return hashlib.sha256(material.encode("ascii")).hexdigest()[:32]


def voucher_body(
    draft: VoucherDraft,
    journal_number: int,
    accounting_year_label: str,
    base_currency: str,
    department_distribution: Mapping[str, int] | None = None,
) -> dict[str, Any]:
    """The JSON body for `POST /journals/{n}/vouchers`: one finance-voucher entry per line.

    Amounts stay `Decimal` (serialise with `to_json_bytes`). A line without a currency is sent
    in `base_currency`, so the body says explicitly what was booked. `vatAccount` is sent only
    when the line has a VAT code (an empty Acubiz VAT column must not become the account's
    default), `departmentalDistribution` only when the line's department is in
    `department_distribution` (dimension value → distribution number).
    """
    entries = []
    for line in draft.lines:
        if line.account is None or line.contra_account is None:
            raise ValueError(f"line {line.line_id} has no account or contra account")
        entry: dict[str, Any] = {
            "account": {"accountNumber": line.account},
            "contraAccount": {"accountNumber": line.contra_account},
            "amount": line.amount.quantize(CENT),
            "currency": {"code": line.currency or base_currency},
            "date": line.date.isoformat(),
            "text": entry_text(line),
        }
        if line.vat_code:
            entry["vatAccount"] = {"vatCode": line.vat_code}
        if department_distribution and line.department in department_distribution:
            entry["departmentalDistribution"] = {
                "departmentalDistributionNumber": department_distribution[line.department]
            }
        entries.append(entry)
    return {
        "accountingYear": {"year": accounting_year_label},
        "journal": {"journalNumber": journal_number},
        "entries": {"financeVouchers": entries},
    }


def to_json_bytes(body: Any) -> bytes:
    """Canonical JSON: sorted keys, no spaces, ASCII only, every `Decimal` with exactly two
    decimals. Floats are refused, because their text form is not stable enough to freeze."""
    return _encode(body).encode("ascii")


# -- helpers -----------------------------------------------------------------------------


def _position(line: ExpenseLine) -> tuple[str, str, int]:
    return (line.source_file.name, str(line.source_file), line.source_line)


def _group_key(line: ExpenseLine, grouping: Grouping) -> tuple[str, ...]:
    file = str(line.source_file)
    if grouping == "file":
        return (file,)
    if grouping == "employee_day":
        return (file, line.employee or "", line.date.isoformat())
    if grouping == "travel_id":
        return (file, line.report or line.travel_id or line.line_id)
    raise ValueError(f"unknown voucher grouping: {grouping!r}")


def _label(line: ExpenseLine, grouping: Grouping) -> str:
    if grouping == "file":
        return f"file {line.source_file.name}"
    if grouping == "employee_day":
        return f"{line.employee or 'no employee'}, {line.date.isoformat()}"
    if line.report:
        return f"report {line.report}"
    return f"TravelID {line.travel_id}" if line.travel_id else f"line {line.line_id}"


def _encode(value: Any) -> str:
    """`to_json_bytes`'s text. The json module's C encoder does the work (a thousand vouchers
    cost 1.7 s of CPU in Python); each amount travels through it as a placeholder and is put
    back as its exact two-decimal text, so the bytes are those of `_encode_slowly`."""
    amounts: list[str] = []
    try:
        plain = _with_placeholders(value, amounts)
    except _Unusual:
        return _encode_slowly(value)
    text = json.dumps(plain, sort_keys=True, separators=(",", ":"))
    if amounts:
        text = _PLACEHOLDER.sub(lambda match: amounts[int(match.group(1))], text)
    return text


_PLACEHOLDER = re.compile(r'"\\u0000(\d+)\\u0000"')


class _Unusual(Exception):
    """A value the fast path does not take (a NUL in a text): the slow path decides."""


def _with_placeholders(value: Any, amounts: list[str]) -> Any:
    if isinstance(value, Mapping):
        if not all(isinstance(key, str) for key in value):
            raise TypeError("JSON object keys must be strings")
        if any("\0" in key for key in value):
            raise _Unusual
        return {key: _with_placeholders(item, amounts) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_with_placeholders(item, amounts) for item in value]
    if isinstance(value, str):
        if "\0" in value or type(value) is not str:
            raise _Unusual
        return value
    if value is None or value is True or value is False:
        return value
    if type(value) is int:
        return value
    if isinstance(value, Decimal):
        amounts.append(_amount(value))
        return f"\0{len(amounts) - 1}\0"
    if isinstance(value, int):  # an int subclass: let the slow path print it as before
        raise _Unusual
    raise TypeError(f"cannot freeze {type(value).__name__} into a voucher body")


def _encode_slowly(value: Any) -> str:
    if isinstance(value, Mapping):
        if not all(isinstance(key, str) for key in value):
            raise TypeError("JSON object keys must be strings")
        items = (f"{json.dumps(key)}:{_encode_slowly(value[key])}" for key in sorted(value))
        return "{" + ",".join(items) + "}"
    if isinstance(value, list | tuple):
        return "[" + ",".join(_encode_slowly(item) for item in value) + "]"
    if isinstance(value, str):
        return json.dumps(value)
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Decimal):
        return _amount(value)
    raise TypeError(f"cannot freeze {type(value).__name__} into a voucher body")


def _amount(value: Decimal) -> str:
    if not value.is_finite():
        raise ValueError(f"amount {value} is not a number")
    rounded = value.quantize(CENT)
    if rounded != value:
        raise ValueError(f"amount {value} has more than two decimals")
    if rounded == 0:
        rounded = abs(rounded)  # "-0.00" and "0.00" must freeze alike
    return format(rounded, "f")
