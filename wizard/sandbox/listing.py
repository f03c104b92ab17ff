"""Collections the e-conomic way: filter, sort, paginate and wrap in the envelope.

Rules from reference §4.3: `?filter=<prop>$<op>:<value>` joined by `$and:`/`$or:` with
parentheses; string comparisons are case-insensitive; `$like:` without `*` means "contains";
`$$ $( $) $* $, $[ $]` escape the special characters; `$null:` is the null value; `$in:`/`$nin:`
take `[a,b,c]`. Filtering or sorting on a property that is not declared filterable/sortable is a
400. Pages: default size 20, at most 1000, `skippages` counts pages; `nextPage` only when there is
one; every link absolute and carrying the filter and sort, so following `nextPage` is enough.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

from wizard.sandbox.errors import ApiError, bad_request

DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 1000
# UNCONFIRMED: the errorCodes of 400s for bad filters, sorts and page sizes are our own names
# (InvalidFilter, PropertyNotFilterable, PropertyNotSortable, PageSizeTooLarge,
# InvalidPagination); and `$and:` binding tighter than `$or:` is our reading of the docs.
FILTER_HINT = "See the filtering rules at https://restdocs.e-conomic.com/#filtering."

# property type → how values compare: "int"/"num" numerically, "str"/"date" as text
# (case-insensitive), "bool" as true/false (a missing boolean is false: e-conomic omits them).
PropTypes = dict[str, str]


@dataclass(frozen=True)
class Spec:
    """What a collection allows: filterable and sortable properties, aliases, default order."""

    filterable: PropTypes
    default_sort: tuple[str, ...]
    sortable: frozenset[str] | None = None  # None: same as filterable
    aliases: dict[str, str] = field(default_factory=dict)

    def sortable_props(self) -> frozenset[str]:
        return self.sortable if self.sortable is not None else frozenset(self.filterable)


def collection(
    items: list[dict[str, Any]],
    spec: Spec,
    base: str,
    path: str,
    args: dict[str, str],
    meta_data: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The envelope for `items` (already rendered JSON objects) under `base + path`."""
    skip = _int_arg(args, "skippages", 0, minimum=0)
    size = _int_arg(args, "pagesize", DEFAULT_PAGE_SIZE, minimum=1)
    if size > MAX_PAGE_SIZE:
        raise bad_request(
            f"The maximum page size is {MAX_PAGE_SIZE}.", "PageSizeTooLarge",
            "Use pagesize between 1 and 1000 and follow pagination.nextPage.",
        )  # fmt: skip
    filter_text = args.get("filter") or ""
    sort_text = args.get("sort") or ""
    total = len(items)
    if filter_text:
        predicate = parse_filter(filter_text, spec)
        items = [item for item in items if predicate(item)]
    items = _sorted(items, sort_text, spec)
    results = len(items)
    last = max(0, math.ceil(results / size) - 1)
    page = items[skip * size : (skip + 1) * size]

    def link(pages_to_skip: int) -> str:
        url = f"{base}{path}?skippages={pages_to_skip}&pagesize={size}"
        if filter_text:
            url += "&filter=" + quote(filter_text, safe="")
        if sort_text:
            url += "&sort=" + quote(sort_text, safe="")
        return url

    pagination: dict[str, Any] = {
        "maxPageSizeAllowed": MAX_PAGE_SIZE,
        "skipPages": skip,
        "pageSize": size,
        "results": results,
        "resultsWithoutFilter": total,
        "firstPage": link(0),
    }
    if skip < last:
        pagination["nextPage"] = link(skip + 1)
    pagination["lastPage"] = link(last)
    body: dict[str, Any] = {"collection": page, "pagination": pagination}
    if meta_data is not None:
        body["metaData"] = meta_data
    body["self"] = link(skip)
    return body


def _int_arg(args: dict[str, str], name: str, default: int, minimum: int) -> int:
    raw = args.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise bad_request(f"'{name}' must be a whole number.", "InvalidPagination") from None
    if value < minimum:
        raise bad_request(f"'{name}' must be at least {minimum}.", "InvalidPagination")
    return value


def lookup(item: dict[str, Any], dotted: str) -> Any:
    value: Any = item
    for part in dotted.split("."):
        if not isinstance(value, dict):
            return None
        value = value.get(part)
    return value


# -- sorting ----------------------------------------------------------------------------------


def _sorted(items: list[dict[str, Any]], sort_text: str, spec: Spec) -> list[dict[str, Any]]:
    keys: list[tuple[str, bool]] = []
    for raw in [part.strip() for part in sort_text.split(",") if part.strip()] or []:
        descending = raw.startswith("-")
        name = raw.lstrip("-~")
        name = spec.aliases.get(name, name)
        if name not in spec.sortable_props():
            raise bad_request(
                f"The property '{name}' is not sortable.", "PropertyNotSortable", FILTER_HINT
            )
        keys.append((name, descending))
    if not keys:
        keys = [(name, False) for name in spec.default_sort]
    result = list(items)
    # Stable sorts from the least significant key; missing values sort first.
    for name, descending in reversed(keys):
        kind = spec.filterable.get(name, "str")
        result.sort(key=lambda item, n=name, k=kind: _sort_key(lookup(item, n), k),
                    reverse=descending)
    return result


def _sort_key(value: Any, kind: str) -> tuple[int, Any]:
    if value is None:
        return (0, 0 if kind in ("int", "num", "bool") else "")
    if kind == "bool":
        return (1, bool(value))
    if kind in ("int", "num"):
        return (1, float(value))
    return (1, str(value).casefold())


# -- filtering --------------------------------------------------------------------------------

Char = tuple[str, bool]  # (character, escaped)
Predicate = Callable[[dict[str, Any]], bool]
OPERATORS = {"eq", "ne", "gt", "gte", "lt", "lte", "like", "in", "nin"}
ESCAPABLE = "$()*,[]"


def parse_filter(text: str, spec: Spec) -> Predicate:
    """Compile a filter expression into a predicate over rendered items, or raise a 400."""
    chars = _unescape(text)
    parser = _Parser(chars, spec)
    predicate = parser.expression()
    if parser.pos != len(chars):
        raise _syntax_error(text)
    return predicate


def _unescape(text: str) -> list[Char]:
    chars: list[Char] = []
    i = 0
    while i < len(text):
        if text[i] == "$" and i + 1 < len(text) and text[i + 1] in ESCAPABLE:
            chars.append((text[i + 1], True))
            i += 2
        else:
            chars.append((text[i], False))
            i += 1
    return chars


def _syntax_error(text: str) -> ApiError:
    return bad_request(f"The filter '{text}' could not be parsed.", "InvalidFilter", FILTER_HINT)


class _Parser:
    """expression := term ($or: term)* ; term := factor ($and: factor)* ;
    factor := '(' expression ')' | property$operator:value"""

    def __init__(self, chars: list[Char], spec: Spec) -> None:
        self.chars = chars
        self.spec = spec
        self.pos = 0
        self.text = "".join(c for c, _ in chars)

    def _at(self, word: str) -> bool:
        end = self.pos + len(word)
        if end > len(self.chars):
            return False
        return all(
            not esc and c == w for (c, esc), w in zip(self.chars[self.pos : end], word, strict=True)
        )

    def expression(self) -> Predicate:
        parts = [self.term()]
        while self._at("$or:"):
            self.pos += 4
            parts.append(self.term())
        if len(parts) == 1:
            return parts[0]
        return lambda item: any(p(item) for p in parts)

    def term(self) -> Predicate:
        parts = [self.factor()]
        while self._at("$and:"):
            self.pos += 5
            parts.append(self.factor())
        if len(parts) == 1:
            return parts[0]
        return lambda item: all(p(item) for p in parts)

    def factor(self) -> Predicate:
        if self._at("("):
            self.pos += 1
            inner = self.expression()
            if not self._at(")"):
                raise _syntax_error(self.text)
            self.pos += 1
            return inner
        return self.condition()

    def condition(self) -> Predicate:
        name = ""
        while self.pos < len(self.chars) and self.chars[self.pos] != ("$", False):
            c, _ = self.chars[self.pos]
            name += c
            self.pos += 1
        if not name or self.pos >= len(self.chars):
            raise _syntax_error(self.text)
        self.pos += 1  # the "$"
        op = ""
        while self.pos < len(self.chars) and self.chars[self.pos] != (":", False):
            op += self.chars[self.pos][0]
            self.pos += 1
        if self.pos >= len(self.chars) or op not in OPERATORS:
            raise _syntax_error(self.text)
        self.pos += 1  # the ":"
        value: list[Char] = []
        while self.pos < len(self.chars):
            if self._at("$and:") or self._at("$or:") or self._at(")"):
                break
            value.append(self.chars[self.pos])
            self.pos += 1
        prop = self.spec.aliases.get(name, name)
        if prop not in self.spec.filterable:
            raise bad_request(
                f"The property '{name}' is not filterable.", "PropertyNotFilterable", FILTER_HINT
            )
        return _compile(prop, self.spec.filterable[prop], op, value, self.text)


def _compile(prop: str, kind: str, op: str, value: list[Char], text: str) -> Predicate:
    raw = "".join(c for c, _ in value)
    if raw == "$null:" and all(not esc for _, esc in value):
        if op not in ("eq", "ne"):
            raise _syntax_error(text)
        wanted_null = op == "eq"
        return lambda item: (lookup(item, prop) is None) == wanted_null

    if op in ("in", "nin"):
        if not (value and value[0] == ("[", False) and value[-1] == ("]", False)):
            raise _syntax_error(text)
        members: list[str] = []
        current = ""
        for c, esc in value[1:-1]:
            if c == "," and not esc:
                members.append(current)
                current = ""
            else:
                current += c
        members.append(current)
        if kind not in ("int", "num") or len(members) > 200:
            # e-conomic: $in/$nin are numeric only, at most 200 values.
            raise _syntax_error(text)
        numbers = {_number(m, text) for m in members}
        inside = op == "in"
        return lambda item: _as_number(lookup(item, prop)) in numbers if inside else (
            _as_number(lookup(item, prop)) not in numbers
        )

    if op == "like":
        pattern = "".join(".*" if (c == "*" and not esc) else re.escape(c) for c, esc in value)
        if not any(c == "*" and not esc for c, esc in value):
            pattern = f".*{pattern}.*"
        regex = re.compile(pattern, re.IGNORECASE | re.DOTALL)
        return lambda item: (
            (v := lookup(item, prop)) is not None and regex.fullmatch(_as_text(v)) is not None
        )

    if kind == "bool":
        if raw.lower() not in ("true", "false"):
            raise _syntax_error(text)
        wanted = raw.lower() == "true"
        return lambda item: _compare(bool(lookup(item, prop)), wanted, op)
    if kind in ("int", "num"):
        number = _number(raw, text)
        return lambda item: (
            (v := _as_number(lookup(item, prop))) is not None and _compare(v, number, op)
        )
    folded = raw.casefold()
    return lambda item: (
        _compare(_as_text(v).casefold(), folded, op)
        if (v := lookup(item, prop)) is not None
        else op == "ne"
    )


def _compare(left: Any, right: Any, op: str) -> bool:
    if op == "eq":
        return left == right
    if op == "ne":
        return left != right
    if op == "gt":
        return left > right
    if op == "gte":
        return left >= right
    if op == "lt":
        return left < right
    if op == "lte":
        return left <= right
    return False


def _number(raw: str, text: str) -> float:
    try:
        return float(raw)
    except ValueError:
        raise _syntax_error(text) from None


def _as_number(value: Any) -> float | None:
    if value is None or isinstance(value, bool):
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def _as_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
