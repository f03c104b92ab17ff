"""e-conomic collection filters (`?filter=name$eq:ACUBIZ%20EMS`) and exact marker matching.

Why a module: a filter value is parsed by e-conomic's own little language, so the characters
`$ ( ) * , [ ]` must be escaped with `$` before the whole expression is URL-encoded — and
getting either step wrong silently matches the wrong rows. Also, e-conomic's string filters are
case-insensitive and `$like:` is a substring match, so "find our posting 1000002-1" also
returns 1000002-10; `has_marker` makes the final decision client-side on exact token
boundaries.
"""

from __future__ import annotations

import re
from urllib.parse import quote

_ESCAPES = {"$": "$$", "(": "$(", ")": "$)", "*": "$*", ",": "$,", "[": "$[", "]": "$]"}
# Characters that continue a marker token: `1000002-1` must not match inside `1000002-10`.
_TOKEN_CHARS = "A-Za-z0-9_-"


def escape_filter_value(value: str) -> str:
    """Escape a literal for an e-conomic filter: `$`→`$$`, `(`→`$(`, `)`→`$)`, `*`→`$*`, …"""
    return "".join(_ESCAPES.get(char, char) for char in str(value))


def filter_expression(prop: str, operator: str, value: str) -> str:
    """`prop$op:value` with the value escaped, not yet URL-encoded (`operator`: "eq", "like")."""
    return f"{prop}${operator.strip('$:')}:{escape_filter_value(value)}"


def filter_query(expression: str) -> str:
    """The `filter=` query parameter, URL-encoded as e-conomic asks: `$`→%24, `:`→%3A, ` `→%20."""
    return "filter=" + quote(expression, safe="")


def has_marker(text: str, marker: str) -> bool:
    """True when `marker` appears in `text` as a whole token (case-sensitive).

    A token boundary is any character outside `A–Z a–z 0–9 _ -`, or the start/end of the text;
    it is required only at an edge of the marker that is itself such a character.
    """
    if not marker:
        return False
    token_char = re.compile(rf"[{_TOKEN_CHARS}]")
    # Only a marker edge made of token characters needs a boundary (`#a7c7` may follow a word).
    before = rf"(?<![{_TOKEN_CHARS}])" if token_char.match(marker[0]) else ""
    after = rf"(?![{_TOKEN_CHARS}])" if token_char.match(marker[-1]) else ""
    return re.search(before + re.escape(marker) + after, text or "") is not None
