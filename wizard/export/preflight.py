"""Pre-flight: everything e-conomic must accept, checked before a single voucher is posted.

A run that would fail half-way is worse than one that does not start: the admin gets one
message per cause (not one per line), nothing is posted, and the files stay in the inbox.
Checks, in order: the grant works (`GET /self`), the journal exists (found again by name if
its number is gone) and takes finance vouchers, an open accounting year covers every date,
every account exists and may be posted to, every VAT code and currency exists, every mapped
department distribution exists.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

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
from wizard.export.lines import ExpenseLine
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
) -> None:
    """Add a problem per cause for what these lines need; posts nothing."""
    if not preflight.ok or not lines:
        return
    try:
        _check_years(preflight, lines)
        _check_accounts(client, preflight, lines)
        _check_vat_codes(client, preflight, lines)
        _check_currencies(client, preflight, lines)
        _check_departments(client, preflight)
    except EconomicError as error:
        preflight.problems.append(problem_from_error(error))


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


def _journal_wrong_type(journal: Journal) -> RunProblem:
    return RunProblem(
        kind=ProblemKind.JOURNAL_WRONG_TYPE,
        title="The journal does not accept expense postings",
        title_da="Kassekladden tager ikke imod udgiftsposteringer",
        message=(
            f"The journal \"{journal.name}\" (number {journal.number}) only accepts"
            f" \"{journal.entry_type_restricted_to}\" entries. In e-conomic, allow finance"
            " vouchers (Finansbilag) on it, or choose another journal in Settings."
        ),
        message_da=(
            f"Kassekladden \"{journal.name}\" (nr. {journal.number}) tillader kun"
            f" \"{journal.entry_type_restricted_to}\". Tillad finansbilag på den i e-conomic,"
            " eller vælg en anden kassekladde under Indstillinger."
        ),
    )


# -- lines ---------------------------------------------------------------------------------


def _check_years(preflight: Preflight, lines: Sequence[ExpenseLine]) -> None:
    missing: set[dt.date] = set()
    closed: dict[str, set[dt.date]] = {}
    for line in lines:
        year = next((y for y in preflight.years if y.contains(line.date)), None)
        if year is None:
            missing.add(line.date)
        elif year.closed:
            closed.setdefault(year.label, set()).add(line.date)
    if missing:
        dates = _dates(missing)
        preflight.problems.append(RunProblem(
            kind=ProblemKind.YEAR_MISSING,
            title="No accounting year for some dates",
            title_da="Intet regnskabsår for nogle datoer",
            message=(
                f"e-conomic has no accounting year for {dates}. Create the accounting year in"
                " e-conomic (Indstillinger → Regnskabsår); the files wait in the inbox."
            ),
            message_da=(
                f"e-conomic har intet regnskabsår for {dates}. Opret regnskabsåret i e-conomic;"
                " filerne venter i indbakken."
            ),
        ))
    for label, days in sorted(closed.items()):
        dates = _dates(days)
        preflight.problems.append(RunProblem(
            kind=ProblemKind.YEAR_CLOSED,
            title=f"The accounting year {label} is closed",
            title_da=f"Regnskabsåret {label} er lukket",
            message=(
                f"Postings dated {dates} fall in the accounting year {label}, which is closed"
                " in e-conomic. Ask your accountant to reopen it, or correct the dates in"
                " Acubiz and export again. Nothing was sent; the files wait in the inbox."
            ),
            message_da=(
                f"Posteringer dateret {dates} hører til regnskabsåret {label}, som er lukket i"
                " e-conomic. Bed din revisor genåbne det, eller ret datoerne i Acubiz. Intet er"
                " sendt; filerne venter i indbakken."
            ),
        ))


def _check_accounts(
    client: EconomicClient, preflight: Preflight, lines: Sequence[ExpenseLine]
) -> None:
    wanted = {n for line in lines for n in (line.account, line.contra_account) if n is not None}
    known = {account.number: account for account in client.list_accounts()}
    missing = sorted(n for n in wanted if n not in known)
    unusable = sorted(n for n in wanted if n in known and not known[n].can_post)
    if missing:
        preflight.problems.append(RunProblem(
            kind=ProblemKind.ACCOUNT_PROBLEM,
            title="Accounts missing in e-conomic",
            title_da="Konti mangler i e-conomic",
            message=(
                f"These accounts do not exist in e-conomic: {_numbers(missing)}. Create them in"
                " the chart of accounts (Kontoplan), or correct the account mapping in Acubiz or"
                " in Settings."
            ),
            message_da=(
                f"Disse konti findes ikke i e-conomic: {_numbers(missing)}. Opret dem i"
                " kontoplanen, eller ret kontoopsætningen i Acubiz eller under Indstillinger."
            ),
        ))
    if unusable:
        names = ", ".join(f"{n} {known[n].name}".strip() for n in unusable)
        preflight.problems.append(RunProblem(
            kind=ProblemKind.ACCOUNT_PROBLEM,
            title="Accounts that cannot be posted to",
            title_da="Konti, der ikke kan bogføres på",
            message=(
                f"These accounts are barred, blocked for direct posting or are headings in"
                f" e-conomic: {names}. Open them for posting in e-conomic, or map the"
                " expenses to other accounts."
            ),
            message_da=(
                f"Disse konti er spærret eller kan ikke bogføres direkte i e-conomic: {names}."
                " Åbn dem for bogføring, eller brug andre konti."
            ),
        ))


def _check_vat_codes(
    client: EconomicClient, preflight: Preflight, lines: Sequence[ExpenseLine]
) -> None:
    wanted = {line.vat_code for line in lines if line.vat_code}
    if not wanted:
        return
    known = {vat.vat_code.upper(): vat for vat in client.list_vat_accounts()}
    bad = sorted(code for code in wanted if code.upper() not in known or known[code.upper()].barred)
    if bad:
        codes = ", ".join(bad)
        preflight.problems.append(RunProblem(
            kind=ProblemKind.VAT_PROBLEM,
            title="VAT codes unknown in e-conomic",
            title_da="Momskoder, som e-conomic ikke kender",
            message=(
                f"e-conomic does not know these VAT codes, or they are barred: {codes}. Create"
                " them in e-conomic (Momskoder) or correct the VAT mapping in Acubiz."
            ),
            message_da=(
                f"e-conomic kender ikke disse momskoder, eller de er spærret: {codes}. Opret"
                " dem i e-conomic, eller ret momsopsætningen i Acubiz."
            ),
        ))


def _check_currencies(
    client: EconomicClient, preflight: Preflight, lines: Sequence[ExpenseLine]
) -> None:
    wanted = {line.currency.upper() for line in lines if line.currency}
    if not wanted:
        return
    known = {currency.code.upper() for currency in client.list_currencies()}
    bad = sorted(wanted - known)
    if bad:
        codes = ", ".join(bad)
        preflight.problems.append(RunProblem(
            kind=ProblemKind.CURRENCY_PROBLEM,
            title="Currencies unknown in e-conomic",
            title_da="Valutaer, som e-conomic ikke kender",
            message=(
                f"e-conomic does not know these currencies: {codes}. Add them in e-conomic"
                " (Valuta) and export again; the files wait in the inbox."
            ),
            message_da=(
                f"e-conomic kender ikke disse valutaer: {codes}. Tilføj dem i e-conomic;"
                " filerne venter i indbakken."
            ),
        ))


def _check_departments(client: EconomicClient, preflight: Preflight) -> None:
    profile = preflight.profile
    if profile is None or not profile.department_map:
        return
    known = {d.number for d in client.list_departmental_distributions() if not d.barred}
    bad = sorted(set(profile.department_map.values()) - known)
    if bad:
        preflight.problems.append(RunProblem(
            kind=ProblemKind.SETTINGS,
            title="Department distributions missing in e-conomic",
            title_da="Afdelingsfordelinger mangler i e-conomic",
            message=(
                f"The department mapping uses distributions that e-conomic does not have (or"
                f" that are barred): {_numbers(bad)}. Correct the mapping in Settings."
            ),
            message_da=(
                f"Afdelingsopsætningen bruger fordelinger, som e-conomic ikke har:"
                f" {_numbers(bad)}. Ret opsætningen under Indstillinger."
            ),
        ))


def _dates(days: Iterable[dt.date]) -> str:
    ordered = sorted(days)
    shown = ", ".join(day.strftime("%d-%m-%Y") for day in ordered[:5])
    return shown + (f" and {len(ordered) - 5} more" if len(ordered) > 5 else "")


def _numbers(numbers: Iterable[int]) -> str:
    return ", ".join(str(n) for n in numbers)
