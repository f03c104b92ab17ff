"""The questions the wizard asks e-conomic and the inbox, answered as plain data (no Qt).

Each function here runs in a background task and returns a frozen result the page only has to
show. They call the domain (`EconomicClient`, `wizard.export.source`) and add nothing but the
comparisons a page needs to explain itself (is the journal's number series shared with another
journal? which categories do the files use?).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from wizard.settings.profiles import CategoryMapping, ExportProfile

if TYPE_CHECKING:  # only types here: the HTTP stack loads with the first real check
    from wizard.economic import EconomicClient
    from wizard.economic.models import (
        Account,
        Agreement,
        DepartmentalDistribution,
        Journal,
        VatAccount,
    )

FINANCE_VOUCHER = "financeVoucher"
MAX_FILES_TO_SCAN = 20
DIMENSIONS = 9  # Acubiz files carry up to nine dimension columns


# -- the journal ---------------------------------------------------------------------------


@dataclass(frozen=True)
class JournalCheck:
    """What e-conomic has for the journal name the admin typed.

    `journal` is the exact match (None: not found); `similar` one whose name differs only in
    upper/lower case; `journals` every journal, to pick from; `overlapping` the journals whose
    voucher number series shares numbers with the found one's.
    """

    name: str
    journal: Journal | None
    journals: tuple[Journal, ...]
    similar: Journal | None = None
    overlapping: tuple[Journal, ...] = ()

    @property
    def wrong_entry_type(self) -> bool:
        """The journal is restricted to another entry type than finance vouchers."""
        return self.journal is not None and not self.journal.accepts_finance_vouchers

    @property
    def usable(self) -> bool:
        return self.journal is not None and not self.wrong_entry_type


def check_journal(client: EconomicClient, name: str) -> JournalCheck:
    journals = tuple(client.list_journals())
    found = next((j for j in journals if j.name == name), None)
    similar = None
    if found is None:
        similar = next((j for j in journals if j.name.casefold() == name.casefold()), None)
    overlapping = ()
    if found is not None:
        overlapping = tuple(
            other
            for other in journals
            if other.number != found.number and ranges_overlap(found, other)
        )
    return JournalCheck(name, found, journals, similar, overlapping)


def ranges_overlap(first: Journal, second: Journal) -> bool:
    """True when both journals could hand out the same voucher number (no maximum = open)."""
    low_a, high_a = voucher_range(first)
    low_b, high_b = voucher_range(second)
    return low_a <= high_b and low_b <= high_a


def voucher_range(journal: Journal) -> tuple[int, float]:
    low = journal.minimum_voucher_number if journal.minimum_voucher_number is not None else 1
    high = journal.maximum_voucher_number
    return low, (float("inf") if high is None else high)


# -- the agreement -------------------------------------------------------------------------


def attachments_module_missing(agreement: Agreement | None) -> bool:
    """True only when `/self` clearly says the agreement cannot take receipts.

    e-conomic documents no module that gates voucher attachments (reference §3, §6), so an
    agreement's module list cannot prove one missing: today the answer is always "can't tell",
    and the wizard does not warn. This is the one place to change when e-conomic documents it.
    """
    del agreement
    return False


# -- lookups for the accounts page ---------------------------------------------------------


@dataclass(frozen=True)
class Lookups:
    """The choices for the accounts page, fetched from e-conomic in one go."""

    expense_accounts: tuple[Account, ...]
    balance_accounts: tuple[Account, ...]
    vat_accounts: tuple[VatAccount, ...]
    distributions: tuple[DepartmentalDistribution, ...]


def fetch_lookups(client: EconomicClient, *, departments: bool) -> Lookups:
    accounts = client.list_accounts()
    expense = tuple(a for a in accounts if a.account_type == "profitAndLoss" and a.can_post)
    balance = tuple(a for a in accounts if a.account_type == "status" and a.can_post)
    vat = tuple(v for v in client.list_vat_accounts() if not v.barred)
    distributions: tuple[DepartmentalDistribution, ...] = ()
    if departments:
        distributions = tuple(d for d in client.list_departmental_distributions() if not d.barred)
    return Lookups(expense, balance, vat, distributions)


# -- the inbox -----------------------------------------------------------------------------


@dataclass(frozen=True)
class InboxScan:
    """What the files already in the inbox tell about the mapping the profile needs.

    `categories` are the categories of lines that name no account; `carries_accounts` is True
    when there are lines and every one names its account (Acubiz files always do);
    `dimension_values[i]` the values found in Acubiz dimension column i+1.
    """

    files: int = 0
    lines: int = 0
    categories: tuple[str, ...] = ()
    carries_accounts: bool = False
    dimension_values: tuple[tuple[str, ...], ...] = ()
    acubiz: bool = False

    @property
    def empty(self) -> bool:
        return self.lines == 0


class _AnyCategory(dict):
    """A category mapping that knows every category, so a file reads through to its lines and
    the lines tell which categories they use (the real mapping is what the admin picks)."""

    def __contains__(self, key: object) -> bool:
        return True

    def __getitem__(self, key: str) -> CategoryMapping:
        return CategoryMapping(account=1)


def scan_inbox(profile: ExportProfile, limit: int = MAX_FILES_TO_SCAN) -> InboxScan:
    folder = profile.inbox_folder
    if not folder or not Path(folder).is_dir():
        return InboxScan()
    probe = dataclasses.replace(
        profile,
        category_map=_AnyCategory(),
        default_contra_account=profile.default_contra_account or 1,
        department_dimension=None,
    )
    from wizard.export.source import find_ready_files, read_file  # the readers: on first scan

    files = find_ready_files(Path(folder), settle_seconds=0)[:limit]
    lines = []
    acubiz = False
    for path in files:
        parsed = read_file(path, probe)
        acubiz = acubiz or parsed.format == "acubiz"
        lines += parsed.lines
    categories = sorted({line.category for line in lines if line.category and not _direct(line)})
    values: list[set[str]] = [set() for _ in range(DIMENSIONS)]
    for line in lines:
        for index, value in enumerate(line.dimensions[:DIMENSIONS]):
            if value and value.strip():
                values[index].add(value.strip())
    return InboxScan(
        files=len(files),
        lines=len(lines),
        categories=tuple(categories),
        carries_accounts=bool(lines) and all(_direct(line) for line in lines),
        dimension_values=tuple(tuple(sorted(v)) for v in values),
        acubiz=acubiz,
    )


def _direct(line) -> bool:
    """The line names its own account (a category line got the probe's placeholder)."""
    return line.category is None and line.account is not None


def suggest_departments(
    scan: InboxScan, distributions: Sequence[DepartmentalDistribution]
) -> tuple[int | None, dict[str, int]]:
    """The dimension column whose values best match departmental distribution names, and that
    matching (value → distribution number). (None, {}) when nothing matches."""
    by_name = {d.name.casefold(): d.number for d in distributions}
    best: tuple[int | None, dict[str, int]] = (None, {})
    for index, values in enumerate(scan.dimension_values):
        matched = {v: by_name[v.casefold()] for v in values if v.casefold() in by_name}
        if len(matched) > len(best[1]):
            best = (index + 1, matched)
    return best


def match_departments(
    values: Iterable[str], distributions: Sequence[DepartmentalDistribution]
) -> dict[str, int]:
    by_name = {d.name.casefold(): d.number for d in distributions}
    return {v: by_name[v.casefold()] for v in values if v.casefold() in by_name}
