"""Guard rails for the journal an export posts to (no Qt: a pure rule with a table of cases).

Why: the Journal page asks for a cash journal with a voucher number series of its own, yet it
used to accept the company's main journal ("Kassekladde", vouchers 1–99999) without a word,
and two exports on one journal were not flagged either. Expenses posted there mix with the
daily bookkeeping and can take voucher numbers the bookkeeper expects to use. The rule only
warns — the admin may have reasons — and the page says the fix in plain words.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from wizard.economic.models import Journal
from wizard.settings.profiles import ExportProfile
from wizard.ui.setup.checks import ranges_overlap

# The name e-conomic gives the journal every agreement starts with (Danish and English UI).
MAIN_JOURNAL_NAMES = frozenset({"kassekladde", "cash journal", "daily journal"})


class JournalRisk(StrEnum):
    MAIN_JOURNAL = "main_journal"  # the company's everyday journal
    OVERLAP = "overlap"  # shares voucher numbers with other journals
    SHARED_WITH_EXPORT = "shared_with_export"  # another export posts to it already


@dataclass(frozen=True)
class JournalWarning:
    """One risk of the chosen journal; `others` names the journals or exports involved."""

    risk: JournalRisk
    others: tuple[str, ...] = ()


def journal_warnings(
    journal: Journal,
    journals: Iterable[Journal],
    exports: Iterable[ExportProfile],
    *,
    editing: str | None = None,
    api_base_url: str | None = None,
) -> tuple[JournalWarning, ...]:
    """What to warn about when `journal` is chosen, in the order the page shows it.

    `journals` are all journals of the agreement (the chosen one may be among them);
    `exports` the saved exports, of which `editing` (a name) is the one being edited and
    does not count; only exports on the same e-conomic (`api_base_url`) can share a journal.
    """
    warnings: list[JournalWarning] = []
    if looks_like_main_journal(journal):
        warnings.append(JournalWarning(JournalRisk.MAIN_JOURNAL))
    overlapping = tuple(
        other.name
        for other in journals
        if other.number != journal.number and ranges_overlap(journal, other)
    )
    if overlapping:
        warnings.append(JournalWarning(JournalRisk.OVERLAP, overlapping))
    sharing = tuple(
        export.name
        for export in exports
        if export.name != editing
        and _same_site(export.api_base_url, api_base_url)
        and _same_journal(export, journal)
    )
    if sharing:
        warnings.append(JournalWarning(JournalRisk.SHARED_WITH_EXPORT, sharing))
    return tuple(warnings)


def looks_like_main_journal(journal: Journal) -> bool:
    """Journal number 1, or named like the journal every e-conomic agreement starts with."""
    return journal.number == 1 or journal.name.strip().casefold() in MAIN_JOURNAL_NAMES


def _same_journal(export: ExportProfile, journal: Journal) -> bool:
    if export.journal_number is not None:
        return export.journal_number == journal.number
    return export.journal_name == journal.name


def _same_site(first: str | None, second: str | None) -> bool:
    return (first or "").rstrip("/") == (second or "").rstrip("/")
