"""Pre-flight: everything e-conomic must accept, checked before a single voucher is posted.

Two levels. `check_connection` is what every run needs: the grant works (`GET /self`), the
journal exists (found again by name if its number is gone) and takes finance vouchers, and the
accounting years are known; a problem there stops the run (nothing can go). `check_lines`
judges each posting on its own: an open accounting year covers its date, its accounts exist
and may be posted to, its VAT code, currency and department distribution exist. A posting
that fails is *held* with its reason and fix; every other posting goes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from wizard.economic.client import EconomicClient
from wizard.economic.errors import (
    EconomicError,
    Forbidden,
    NetworkError,
    NotAuthorised,
    NotFound,
    RateLimited,
    ServerError,
    UnknownOutcome,
)
from wizard.economic.models import AccountingYear, Agreement, Journal
from wizard.export.lines import Bilingual, ExpenseLine
from wizard.export.report import ProblemKind, RunProblem
from wizard.settings.profiles import ExportProfile


@dataclass
class Preflight:
    """What the run needs from e-conomic, or the problems that stop it."""

    problems: list[RunProblem] = field(default_factory=list)
    agreement: Agreement | None = None
    journal: Journal | None = None
    years: list[AccountingYear] = field(default_factory=list)
    profile: ExportProfile | None = None  # with journal number/name updated, when they changed
    profile_changed: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems

    def year_for(self, day: dt.date) -> str | None:
        for year in self.years:
            if year.contains(day) and not year.closed:
                return year.label
        return None

    @property
    def journal_numbers(self) -> list[int]:
        return [self.journal.number] if self.journal else []


def check_connection(client: EconomicClient, profile: ExportProfile) -> Preflight:
    """The part every run needs, even with nothing new to send: grant, journal, years."""
    result = Preflight(profile=profile)
    try:
        result.agreement = client.get_self()
        result.journal, result.profile, result.profile_changed = _find_journal(client, profile)
        if result.journal is None:
            result.problems.append(_journal_missing(profile))
            return result
        if not result.journal.accepts_finance_vouchers:
            result.problems.append(_journal_wrong_type(result.journal))
        result.years = client.list_accounting_years()
    except EconomicError as error:
        result.problems.append(problem_from_error(error))
    return result


def check_lines(
    client: EconomicClient, preflight: Preflight, lines: Sequence[ExpenseLine]
) -> dict[str, list[Hold]]:
    """Why e-conomic would refuse each of `lines`, by line id (lines not in the answer may go).

    Posts nothing. Each posting is judged on its own, so one expense from a closed year or on
    a barred account never holds the others. Lookups that fail (network, 5xx) raise
    `EconomicError`: then nothing is known and the caller stops the run.
    """
    holds: dict[str, list[Hold]] = {}
    if not preflight.ok or not lines:
        return holds

    def hold(line: ExpenseLine, reason: Bilingual, fix: Bilingual) -> None:
        holds.setdefault(line.line_id, []).append(Hold(reason, fix))

    _hold_years(preflight, lines, hold)
    _hold_accounts(client, lines, hold)
    _hold_vat_codes(client, lines, hold)
    _hold_currencies(client, lines, hold)
    _hold_departments(client, preflight, lines, hold)
    return holds


@dataclass(frozen=True)
class Hold:
    """Why one posting waits, and what fixes it (then it goes by itself)."""

    reason: Bilingual
    fix: Bilingual


def problem_from_error(error: EconomicError) -> RunProblem:
    """The one place an e-conomic error becomes a run problem (kind decides icon and words)."""
    if isinstance(error, NotAuthorised):
        kind = ProblemKind.NOT_CONNECTED
    elif isinstance(error, Forbidden):
        kind = ProblemKind.NO_RIGHTS
    elif isinstance(error, NetworkError):
        kind = ProblemKind.NETWORK
    elif isinstance(error, RateLimited | ServerError):
        kind = ProblemKind.ECONOMIC_UNAVAILABLE
    elif isinstance(error, UnknownOutcome):
        kind = ProblemKind.OUTCOME_UNKNOWN
    elif isinstance(error, NotFound):
        kind = ProblemKind.JOURNAL_MISSING
    else:
        kind = ProblemKind.UNEXPECTED
    return RunProblem(
        kind=kind, title=error.title, title_da=error.title_da, message=error.message,
        message_da=error.message_da,
        details=error.support_line(),
    )


TEMPORARY_KINDS = frozenset({
    ProblemKind.NETWORK, ProblemKind.ECONOMIC_UNAVAILABLE, ProblemKind.OUTCOME_UNKNOWN,
    ProblemKind.BUSY,
})


# -- journal -------------------------------------------------------------------------------


def _find_journal(
    client: EconomicClient, profile: ExportProfile
) -> tuple[Journal | None, ExportProfile, bool]:
    """The profile's journal: by number first (numbers survive a rename), else by name (a
    journal deleted and created again gets a new number). The profile follows what it finds."""
    journal: Journal | None = None
    if profile.journal_number is not None:
        try:
            journal = client.get_journal(profile.journal_number)
        except NotFound:
            journal = None
    if journal is None and profile.journal_name:
        journal = client.find_journal_by_name(profile.journal_name)
    if journal is None:
        return None, profile, False
    updated = replace(profile, journal_number=journal.number, journal_name=journal.name)
    return journal, updated, updated != profile


def _journal_missing(profile: ExportProfile) -> RunProblem:
    name = profile.journal_name or "?"
    return RunProblem(
        kind=ProblemKind.JOURNAL_MISSING,
        title="The journal is missing in e-conomic",
        title_da="Kassekladden mangler i e-conomic",
        message=(
            f"e-conomic has no cash journal named \"{name}\""
            + (f" (number {profile.journal_number})" if profile.journal_number else "")
            + ". Create it in e-conomic (Kassekladde → Ny kassekladde) or choose another journal"
            " in Settings. Nothing was sent; the files wait in the inbox."
        ),
        message_da=(
            f"e-conomic har ingen kassekladde med navnet \"{name}\". Opret den i e-conomic, eller"
            " vælg en anden kassekladde under Indstillinger. Intet er sendt; filerne venter i"
            " indbakken."
        ),
    )


# e-conomic's entry types as its own screens name them (the API says "supplierInvoice").
_ENTRY_TYPES = {
    "financeVoucher": Bilingual("finance vouchers", "finansbilag"),
    "supplierInvoice": Bilingual("supplier invoices", "leverandørfakturaer"),
    "supplierPayment": Bilingual("supplier payments", "leverandørbetalinger"),
    "customerPayment": Bilingual("customer payments", "kundeindbetalinger"),
    "manualCustomerInvoice": Bilingual("manual customer invoices", "manuelle kundefakturaer"),
}


def _journal_wrong_type(journal: Journal) -> RunProblem:
    raw = str(journal.entry_type_restricted_to)
    kind = _ENTRY_TYPES.get(raw, Bilingual(f"\"{raw}\" entries", f"posteringer af typen \"{raw}\""))
    return RunProblem(
        kind=ProblemKind.JOURNAL_WRONG_TYPE,
        title="The journal does not accept expense postings",
        title_da="Kassekladden tager ikke imod udlægsposteringer",
        message=(
            f"The journal \"{journal.name}\" (number {journal.number}) only accepts"
            f" {kind.en}. In e-conomic, allow finance vouchers (Finansbilag) on it, or choose"
            " another journal in Settings."
        ),
        message_da=(
            f"Kassekladden \"{journal.name}\" (nr. {journal.number}) tager kun imod"
            f" {kind.da}. Tillad finansbilag på den i e-conomic, eller vælg en anden"
            " kassekladde under Indstillinger."
        ),
    )


# -- lines ---------------------------------------------------------------------------------


_HoldFn = Callable[[ExpenseLine, Bilingual, Bilingual], None]
_BY_ITSELF = Bilingual(
    " The posting is then sent by itself with the next transfer.",
    " Posteringen sendes så af sig selv ved næste overførsel.",
)


def _hold_years(preflight: Preflight, lines: Sequence[ExpenseLine], hold: _HoldFn) -> None:
    for line in lines:
        year = next((y for y in preflight.years if y.contains(line.date)), None)
        day = line.date.strftime("%d-%m-%Y")
        if year is None:
            hold(line, Bilingual(
                f"e-conomic has no accounting year for {day}.",
                f"e-conomic har intet regnskabsår for {day}.",
            ), Bilingual(
                "Create the accounting year in e-conomic (Indstillinger → Regnskabsår), or"
                " correct the date in Acubiz and export again.",
                "Opret regnskabsåret i e-conomic (Indstillinger → Regnskabsår), eller ret"
                " datoen i Acubiz, og eksportér igen.",
            ).join(_BY_ITSELF, ""))
        elif year.closed:
            hold(line, Bilingual(
                f"The date {day} falls in the accounting year {year.label}, which is closed in"
                " e-conomic.",
                f"Datoen {day} hører til regnskabsåret {year.label}, som er lukket i"
                " e-conomic.",
            ), Bilingual(
                "Ask your accountant to reopen the year, or correct the date in Acubiz and"
                " export again.",
                "Bed din revisor om at genåbne regnskabsåret, eller ret datoen i Acubiz, og"
                " eksportér igen.",
            ).join(_BY_ITSELF, ""))


def _hold_accounts(client: EconomicClient, lines: Sequence[ExpenseLine], hold: _HoldFn) -> None:
    known = {account.number: account for account in client.list_accounts()}
    for line in lines:
        for number, what in ((line.account, _ACCOUNT), (line.contra_account, _CONTRA)):
            if number is None:
                continue
            account = known.get(number)
            if account is None:
                hold(line, Bilingual(
                    f"The {what.en} {number} does not exist in e-conomic.",
                    f"{what.da} {number} findes ikke i e-conomic.",
                ), Bilingual(
                    "Create it in e-conomic's chart of accounts (Kontoplan), or correct the"
                    " account in Acubiz (or the mapping in Settings) and export again.",
                    "Opret den i kontoplanen i e-conomic, eller ret kontoen i Acubiz (eller"
                    " opsætningen under Indstillinger), og eksportér igen.",
                ).join(_BY_ITSELF, ""))
            elif not account.can_post:
                why = _why_not_postable(account)
                hold(line, Bilingual(
                    f"The {what.en} {number} {account.name} {why.en} in e-conomic.".replace(
                        "  ", " "),
                    f"{what.da} {number} {account.name} {why.da} i e-conomic.".replace(
                        "  ", " "),
                ), Bilingual(
                    "Open the account for posting in e-conomic, or map the expense to another"
                    " account in Acubiz.",
                    "Åbn kontoen for bogføring i e-conomic, eller brug en anden konto i"
                    " Acubiz.",
                ).join(_BY_ITSELF, ""))


_ACCOUNT = Bilingual("account", "Kontoen")
_CONTRA = Bilingual("contra account", "Modkontoen")


def _why_not_postable(account: Any) -> Bilingual:
    if account.barred:
        return Bilingual("is barred", "er spærret")
    if account.block_direct_entries:
        return Bilingual("does not allow direct entries", "tillader ikke direkte posteringer")
    return Bilingual("is a heading or total, not an account to post to",
                     "er en overskrift eller sum, ikke en konto, der kan bogføres på")


def _hold_vat_codes(client: EconomicClient, lines: Sequence[ExpenseLine], hold: _HoldFn) -> None:
    wanted = {line.vat_code for line in lines if line.vat_code}
    if not wanted:
        return
    known = {vat.vat_code.upper(): vat for vat in client.list_vat_accounts()}
    for line in lines:
        if not line.vat_code:
            continue
        vat = known.get(line.vat_code.upper())
        if vat is None or vat.barred:
            state = Bilingual("does not exist", "findes ikke") if vat is None else Bilingual(
                "is barred", "er spærret")
            hold(line, Bilingual(
                f"The VAT code {line.vat_code} {state.en} in e-conomic.",
                f"Momskoden {line.vat_code} {state.da} i e-conomic.",
            ), Bilingual(
                "Create the VAT code in e-conomic (Momskoder), or correct the VAT code in"
                " Acubiz and export again.",
                "Opret momskoden i e-conomic, eller ret momskoden i Acubiz, og eksportér"
                " igen.",
            ).join(_BY_ITSELF, ""))


def _hold_currencies(
    client: EconomicClient, lines: Sequence[ExpenseLine], hold: _HoldFn
) -> None:
    wanted = {line.currency.upper() for line in lines if line.currency}
    if not wanted:
        return
    known = {currency.code.upper() for currency in client.list_currencies()}
    for line in lines:
        if line.currency and line.currency.upper() not in known:
            hold(line, Bilingual(
                f"e-conomic does not know the currency {line.currency}.",
                f"e-conomic kender ikke valutaen {line.currency}.",
            ), Bilingual(
                "Add the currency in e-conomic (Valuta).", "Tilføj valutaen i e-conomic."
            ).join(_BY_ITSELF, ""))


def _hold_departments(
    client: EconomicClient, preflight: Preflight, lines: Sequence[ExpenseLine], hold: _HoldFn
) -> None:
    profile = preflight.profile
    if profile is None or not profile.department_map:
        return
    used = {
        profile.department_map[line.department] for line in lines
        if line.department in profile.department_map
    }
    if not used:
        return
    known = {d.number for d in client.list_departmental_distributions() if not d.barred}
    for line in lines:
        number = profile.department_map.get(line.department or "")
        if number is not None and number not in known:
            hold(line, Bilingual(
                f"The department '{line.department}' is mapped to the distribution {number},"
                " which e-conomic does not have (or which is barred).",
                f"Afdelingen '{line.department}' er knyttet til fordelingen {number}, som"
                " e-conomic ikke har (eller som er spærret).",
            ), Bilingual(
                "Correct the department mapping in Settings.",
                "Ret afdelingsopsætningen under Indstillinger.",
            ).join(_BY_ITSELF, ""))


def _dates(days: Iterable[dt.date]) -> str:
    ordered = sorted(days)
    shown = ", ".join(day.strftime("%d-%m-%Y") for day in ordered[:5])
    return shown + (f" and {len(ordered) - 5} more" if len(ordered) > 5 else "")


def _numbers(numbers: Iterable[int]) -> str:
    return ", ".join(str(n) for n in numbers)
