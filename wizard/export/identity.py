"""What a posting *is*, and what to do with every copy of it that a run finds.

A posting's identity is its marker `[EMS:<id>]` within one e-conomic agreement and journal,
never the file it came in or the profile that read it. A run may meet the same marker several
times (Acubiz exported a file twice, two files repeat an id, a corrected re-export sits beside
the original); `decide` turns all those copies, plus what the ledger and e-conomic already
know, into one decision per copy. It is pure: no I/O, no clock, so a property test can throw
any inbox at it.

The rules, in order (one marker at a time):

1. **In e-conomic already** (the ledger says sent, or the marker was found in e-conomic): a
   copy with the same content is *already sent*; a copy with other content is a *conflict*
   (held, both versions shown: the admin corrects it in e-conomic or sets the copy aside); an
   unreadable copy is *replaced* (the posting is there).
2. **Set aside** by the admin: copies with that content are done; another content is new.
3. **Not sent yet**: the distinct readable contents decide.
   - one content → *send* it once (the first copy; the others are *duplicates* of it);
   - several contents, and all but one were already held in an earlier run (the admin was told
     to correct them) → the new one is the correction and is *sent*; the old ones are
     *replaced*;
   - otherwise → *conflict*: every copy is held, nothing is posted until the admin removes the
     wrong file or sets one version aside.
   - only unreadable copies → *held* with their reader's problems.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from typing import Any

from wizard.export.lines import ExpenseLine
from wizard.export.vouchers import entry_text

FINGERPRINT_FIELDS = ("date", "amount", "currency", "account", "contra", "vat", "text")


def fingerprint_of_line(line: ExpenseLine) -> str:
    """The content of one posting as a short hash: date, amount, currency, accounts, VAT code
    and the entry text. The department is left out on purpose: it follows the profile's
    mapping, which the admin may change without the posting changing."""
    return _hash(content_of_line(line))


def content_of_line(line: ExpenseLine) -> dict[str, str]:
    return {
        "date": line.date.isoformat(),
        "amount": format(line.amount.quantize(Decimal("0.01")), "f"),
        "currency": (line.currency or "").upper(),
        "account": "" if line.account is None else str(line.account),
        "contra": "" if line.contra_account is None else str(line.contra_account),
        "vat": (line.vat_code or "").upper(),
        "text": entry_text(line),
    }


def summary_of_line(line: ExpenseLine) -> str:
    """One line a person can compare: "07-03-2026, -373,16 DKK, account 2760 (I25) against
    7000, 'Refusion fra hotel'" (Danish number and date forms, as in Acubiz)."""
    amount = format(line.amount.quantize(Decimal("0.01")), "f").replace(".", ",")
    vat = f" ({line.vat_code})" if line.vat_code else ""
    currency = f" {line.currency}" if line.currency else ""
    return (
        f"{line.date.strftime('%d-%m-%Y')}, {amount}{currency}, account {line.account}{vat}"
        f" against {line.contra_account}, '{line.text}'"
    )


def content_of_entry(entry: Mapping[str, Any]) -> dict[str, str]:
    """The same fields read from a frozen e-conomic entry (for older ledgers' records)."""

    def number(value: Any) -> str:
        return "" if value is None else str(value)

    amount = entry.get("amount")
    try:
        amount_text = format(Decimal(str(amount)).quantize(Decimal("0.01")), "f")
    except (ArithmeticError, ValueError):
        amount_text = ""
    return {
        "date": str(entry.get("date", "")),
        "amount": amount_text,
        "currency": str((entry.get("currency") or {}).get("code", "")).upper(),
        "account": number((entry.get("account") or {}).get("accountNumber")),
        "contra": number((entry.get("contraAccount") or {}).get("accountNumber")),
        "vat": str((entry.get("vatAccount") or {}).get("vatCode", "") or "").upper(),
        "text": str(entry.get("text", "")),
    }


def summary_of_entry(entry: Mapping[str, Any]) -> str:
    """One line a person can compare: "2026-03-07, -373.16 DKK, 2760 ← 7000, 'Hotel'"."""
    content = content_of_entry(entry)
    text = content["text"]
    if text.startswith("[") and "] " in text:
        text = text.split("] ", 1)[1]
    vat = f" ({content['vat']})" if content["vat"] else ""
    return (
        f"{content['date']}, {content['amount']} {content['currency']}, account"
        f" {content['account']}{vat} against {content['contra']}, '{text}'"
    )


def _hash(content: Mapping[str, str]) -> str:
    material = json.dumps([content[name] for name in FINGERPRINT_FIELDS], ensure_ascii=True)
    return hashlib.sha256(material.encode("ascii")).hexdigest()[:24]


class Outcome(StrEnum):
    SEND = "send"  # post it in this run (if pre-flight lets it)
    DUPLICATE = "duplicate"  # the same posting as another copy in this run, which is sent
    ALREADY_SENT = "already-sent"  # e-conomic has it
    SET_ASIDE = "set-aside"  # the admin said "don't send this"
    REPLACED = "replaced"  # a corrected version of it was (or is being) sent
    CONFLICT = "conflict"  # two contents for one posting: held until the admin chooses
    UNREADABLE = "unreadable"  # the reader could not read it: held with its problems


@dataclass(frozen=True, slots=True)
class Copy:
    """One appearance of a posting in a file of this run.

    `fingerprint` is None when the reader could not read the posting (it was held). `order`
    is the copy's place in the run (file name order, then line), which decides which copy of
    identical ones is sent and which file is newer.
    """

    marker: str
    order: int
    file: str
    line: int | None
    fingerprint: str | None
    summary: str = ""


@dataclass(frozen=True)
class Known:
    """What the ledger and e-conomic already say about a marker."""

    sent_fingerprint: str | None = None  # content that is in e-conomic ('' = unknown)
    in_economic: bool = False
    where: str = ""  # "voucher 12 (2026)" for messages
    sent_summary: str = ""
    sent_on: str = ""  # "07-03-2026" when this program sent it (empty: found in e-conomic)
    set_aside: frozenset[str] = frozenset()  # fingerprints the admin set aside ('' = unreadable)
    held_before: frozenset[str] = frozenset()  # fingerprints held in an earlier run


@dataclass(frozen=True, slots=True)
class Decision:
    copy: Copy
    outcome: Outcome
    # For DUPLICATE / REPLACED: the copy that is sent instead. For CONFLICT: all versions.
    instead: Copy | None = None
    versions: tuple[Copy, ...] = field(default=())
    known: Known = field(default_factory=Known)


def decide(copies: Iterable[Copy], known: Mapping[str, Known]) -> list[Decision]:
    """One decision per copy, in the order of `copies` (see the module's rules)."""
    by_marker: dict[str, list[Copy]] = {}
    for copy in copies:
        by_marker.setdefault(copy.marker, []).append(copy)
    decisions: dict[tuple[str, int], Decision] = {}
    for marker, group in by_marker.items():
        group.sort(key=lambda copy: copy.order)
        for decision in _decide_marker(group, known.get(marker, Known())):
            decisions[(marker, decision.copy.order)] = decision
    ordered = sorted(decisions.values(), key=lambda decision: decision.copy.order)
    return ordered


def _decide_marker(group: Sequence[Copy], known: Known) -> list[Decision]:
    readable = [copy for copy in group if copy.fingerprint is not None]
    unreadable = [copy for copy in group if copy.fingerprint is None]

    if known.in_economic:
        result = []
        for copy in group:
            if copy.fingerprint is None:
                result.append(Decision(copy, Outcome.REPLACED, known=known))
            elif copy.fingerprint in known.set_aside:
                result.append(Decision(copy, Outcome.SET_ASIDE, known=known))
            elif not known.sent_fingerprint or copy.fingerprint == known.sent_fingerprint:
                result.append(Decision(copy, Outcome.ALREADY_SENT, known=known))
            else:
                result.append(Decision(copy, Outcome.CONFLICT, known=known))
        return result

    result = []
    live = []
    for copy in readable:
        if copy.fingerprint in known.set_aside:
            result.append(Decision(copy, Outcome.SET_ASIDE, known=known))
        else:
            live.append(copy)
    for copy in unreadable:
        if "" in known.set_aside:
            result.append(Decision(copy, Outcome.SET_ASIDE, known=known))
    unreadable = [copy for copy in unreadable if "" not in known.set_aside]

    contents: dict[str, list[Copy]] = {}
    for copy in live:
        contents.setdefault(copy.fingerprint or "", []).append(copy)

    if not contents:
        result += [Decision(copy, Outcome.UNREADABLE, known=known) for copy in unreadable]
        return result

    chosen: str | None = None
    if len(contents) == 1:
        chosen = next(iter(contents))
    else:
        fresh = [fp for fp in contents if fp not in known.held_before]
        if len(fresh) == 1 and len(contents) - 1 == len(
            [fp for fp in contents if fp in known.held_before]
        ):
            chosen = fresh[0]

    if chosen is None:
        versions = tuple(copies[0] for copies in contents.values())
        result += [
            Decision(copy, Outcome.CONFLICT, versions=versions, known=known) for copy in live
        ]
        result += [Decision(copy, Outcome.UNREADABLE, known=known) for copy in unreadable]
        return result

    first = contents[chosen][0]
    for fingerprint, copies in contents.items():
        for copy in copies:
            if fingerprint != chosen:
                result.append(Decision(copy, Outcome.REPLACED, instead=first, known=known))
            elif copy is first:
                result.append(Decision(copy, Outcome.SEND, known=known))
            else:
                result.append(Decision(copy, Outcome.DUPLICATE, instead=first, known=known))
    result += [
        Decision(copy, Outcome.REPLACED, instead=first, known=known) for copy in unreadable
    ]
    return result
