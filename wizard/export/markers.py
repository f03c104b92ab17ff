"""The durable marker that ties an e-conomic entry back to the expense it came from.

Voucher numbers change when an accountant moves entries between journals, so the only identity
that survives is text we write ourselves: every entry text starts with `[EMS:<line id>]`.
After an uncertain POST the engine searches e-conomic for the marker before it re-sends.

Why the brackets: e-conomic's `text$like:` finds substrings, and `1000002-1` is a substring of
`1000002-10`. A line id may not contain `[` or `]` (see `line_id_problem`), so a marker can only
occur inside another marker if both are equal: the closing `]` ends the match. The marker is
always at the very start of the text, which makes `find_marker` exact even when a booking text
happens to quote another marker. Search hits must still be compared exactly with
`find_marker(entry_text) == marker`, because e-conomic compares case-insensitively. In a
`text$like:` filter the brackets must be escaped (`$[`, `$]`): `economic.filters` does that.
"""

from __future__ import annotations

import re

MAX_TEXT = 250  # e-conomic's limit for an entry text (reference §5.1)
MAX_LINE_ID = 40  # keeps at least 203 characters of room for the booking text
MARKER_PREFIX = "EMS"

# Characters that need no escaping anywhere: in e-conomic's filter syntax, in URLs (after
# percent-encoding) and in SQL LIKE as far as a substring search goes. Acubiz TravelIDs
# (`1000002-1`) and usual ids (`EXP-2026-0001`, UUIDs) fit.
_LINE_ID = re.compile(r"[A-Za-z0-9._/+-]+")
_LEADING_MARKER = re.compile(r"\[" + MARKER_PREFIX + r":([A-Za-z0-9._/+-]+)\]")


def marker_for_id(line_id: str) -> str:
    """`[EMS:1000002-1]` for line id `1000002-1`. The id must pass `line_id_problem`."""
    if line_id_problem(line_id) is not None:
        raise ValueError(f"not a usable line id: {line_id!r}")
    return f"[{MARKER_PREFIX}:{line_id}]"


def text_room(line_id: str) -> int:
    """How many characters of booking text fit after the marker and one space."""
    return MAX_TEXT - len(marker_for_id(line_id)) - 1


def find_marker(entry_text: str) -> str | None:
    """The marker an entry text starts with, or None: the exact comparison for search hits."""
    match = _LEADING_MARKER.match(entry_text or "")
    return match.group(0) if match else None


def line_id_problem(line_id: str) -> str | None:
    """Why a line id cannot be used as a durable reference, or None when it can."""
    if not line_id:
        return "The line id is empty."
    if len(line_id) > MAX_LINE_ID:
        return f"The line id '{line_id[:50]}' is longer than {MAX_LINE_ID} characters."
    if not _LINE_ID.fullmatch(line_id):
        return (
            f"The line id '{line_id}' contains characters other than letters, digits"
            " and . _ / + -."
        )
    return None
