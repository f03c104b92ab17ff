"""The one facade the CLI, the tray and the wizard drive: run a profile's transfer.

Everything below it (source, vouchers, ledger, client) stays behind this door, and it never
raises for anything a user can cause: the answer is a `RunReport`.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import threading
from collections.abc import Callable
from pathlib import PurePath

from wizard.economic.client import EconomicClient
from wizard.economic.http import resolve_base_url
from wizard.export.inbox import ERRORS_SUFFIX, REJECTED_FOLDER, folder_words
from wizard.export.ledger import Ledger
from wizard.export.report import (
    FileResult,
    FileState,
    LineState,
    ProblemKind,
    ReceiptStatus,
    RunProblem,
    RunReport,
    counted,
)
from wizard.export.runlock import RunBusy, profile_run_lock
from wizard.export.transfer import (
    DEFAULT_BATCH_SIZE,
    DEFAULT_RECEIPT_WORKERS,
    RunStopped,
    Transfer,
    finish_status,
)
from wizard.settings.profiles import ExportProfile, SettingsError
from wizard.settings.secrets import SecretStoreError, load_app_secret, load_grant_token
from wizard.settings.store import upsert_profile

log = logging.getLogger("wizard.export")

# What History keeps per file of a run: every line that needs a person, and sent lines up to
# this many (a 100,000-line file would otherwise make every History view slow).
HISTORY_LINES_PER_FILE = 2000


class NotConnected(Exception):
    """No grant token (or app secret) is stored for the profile."""


def run_transfer(
    profile: ExportProfile,
    *,
    trigger: str = "manual",
    slot: str | None = None,
    dry_run: bool = False,
    ledger: Ledger | None = None,
    client: EconomicClient | None = None,
    now: Callable[[], dt.datetime] | None = None,
    settle_seconds: float = 30.0,
    cancel: threading.Event | None = None,
    batch_size: int = DEFAULT_BATCH_SIZE,
    receipt_workers: int = DEFAULT_RECEIPT_WORKERS,
    send_again_line: str | None = None,
) -> RunReport:
    """Send everything ready in the profile's inbox to e-conomic, exactly once.

    Never raises for anything a user can cause (bad files, revoked grant, closed year, dead
    network): the answer is in the report's status, problems and per-file/per-line results.
    ``dry_run`` validates and runs the pre-flight checks against e-conomic but posts nothing,
    moves nothing and records nothing. ``client`` defaults to one built from the profile and
    the keyring; ``ledger`` to the user's ledger file. ``cancel`` stops between batches (the
    request in flight finishes and is recorded). A scheduled run passes its ``slot`` so the
    same slot is never run twice.

    ``send_again_line`` does something else on purpose: it posts that already-sent line a
    second time (after the UI warned that it will then be in e-conomic twice), under a new
    marker; nothing else is sent in that run. Use `send_again` for it.
    """
    clock = now or (lambda: dt.datetime.now(dt.UTC))
    report = RunReport(
        profile=profile.name, trigger=trigger, dry_run=dry_run,
        started_at=clock().astimezone(dt.UTC).isoformat(timespec="seconds"),
    )
    own_ledger = ledger is None
    try:
        with profile_run_lock(profile.name):
            ledger = ledger or Ledger()
            if ledger.recovered_from is not None:
                report.problems.append(_ledger_recovered(ledger))
            if not dry_run:
                report.run_id = ledger.start_run(profile.name, trigger, slot, report.started_at)
            _run(profile, report, ledger, client, clock, dry_run, settle_seconds, cancel,
                 batch_size, receipt_workers, send_again_line)
    except RunBusy:
        report.problems.append(RunProblem(
            kind=ProblemKind.BUSY,
            title="A transfer is already running",
            title_da="En overførsel kører allerede",
            message=f"Another transfer of \"{profile.name}\" is running right now; this one"
                    " was not started. Try again when it has finished.",
            message_da=f"En anden overførsel af \"{profile.name}\" kører lige nu; denne blev"
                       " ikke startet. Prøv igen, når den er færdig.",
        ))
    except Exception as error:  # a bug or a broken disk: say so, keep the data where it is
        log.exception("%s: unexpected failure", profile.name)
        report.problems.append(RunProblem(
            kind=ProblemKind.UNEXPECTED,
            title="The transfer stopped unexpectedly",
            title_da="Overførslen stoppede uventet",
            message="Something unexpected went wrong; nothing was lost, and what was not"
                    " confirmed will be checked in e-conomic before it is sent. The details"
                    f" are in the log file {_log_file()}.",
            message_da="Noget uventet gik galt; intet er tabt, og det, der ikke blev bekræftet,"
                       " kontrolleres i e-conomic, før det sendes. Detaljerne står i logfilen"
                       f" {_log_file()}.",
            details=f"{type(error).__name__}: {error}",
        ))
    finally:
        report.finished_at = clock().astimezone(dt.UTC).isoformat(timespec="seconds")
        report.status = finish_status(report)
        report.message = summary_line(report)
        if ledger is not None and report.run_id is not None:
            ledger.finish_run(report.run_id, report.status.value,
                              report.to_json(max_lines_per_file=HISTORY_LINES_PER_FILE),
                              report.message, report.finished_at)
        if own_ledger and ledger is not None:
            ledger.close()
    log.info("%s: %s (%s)", profile.name, report.message, report.trigger)
    return report


def _run(
    profile: ExportProfile,
    report: RunReport,
    ledger: Ledger,
    client: EconomicClient | None,
    clock: Callable[[], dt.datetime],
    dry_run: bool,
    settle_seconds: float,
    cancel: threading.Event | None,
    batch_size: int,
    receipt_workers: int,
    send_again_line: str | None,
) -> None:
    if not profile.inbox_folder.is_dir():
        report.problems.append(RunProblem(
            kind=ProblemKind.SETTINGS,
            title="The inbox folder is missing",
            title_da="Indbakkemappen mangler",
            message=f"The folder {profile.inbox_folder} does not exist or cannot be reached."
                    " Reconnect the drive, or choose the folder again in Settings.",
            message_da=f"Mappen {profile.inbox_folder} findes ikke eller kan ikke nås. Tilslut"
                       " drevet igen, eller vælg mappen igen under Indstillinger.",
        ))
        return

    shared = _profiles_sharing_inbox(profile)
    if shared:
        names = ", ".join(f"\"{name}\"" for name in shared)
        report.problems.append(RunProblem(
            kind=ProblemKind.INBOX_SHARED,
            title="Another export reads the same inbox folder",
            title_da="En anden eksport læser den samme indbakke",
            message=f"\"{profile.name}\" and {names} read the folder {profile.inbox_folder}."
                    " Two exports on one folder could send each file twice, so nothing was"
                    " sent. Give each export its own inbox folder in Settings.",
            message_da=f"\"{profile.name}\" og {names} læser mappen {profile.inbox_folder}."
                       " To eksporter på én mappe kunne sende hver fil to gange, så intet blev"
                       " sendt. Giv hver eksport sin egen indbakke under Indstillinger.",
        ))
        return

    def client_factory() -> EconomicClient:
        return client if client is not None else client_for_profile(profile)

    transfer = Transfer(
        profile, ledger=ledger, client_factory=client_factory, clock=clock, report=report,
        dry_run=dry_run, settle_seconds=settle_seconds, batch_size=batch_size,
        receipt_workers=receipt_workers, cancel=cancel,
        save_profile=_save_profile,
    )
    try:
        if send_again_line is not None:
            with contextlib.suppress(RunStopped):  # the reason is in the report already
                transfer.send_again(send_again_line)
            return
        transfer.run()
        _add_file_problems(report)
    except NotConnected as error:
        report.problems.append(_not_connected(profile, str(error)))
    except SecretStoreError as error:
        report.problems.append(RunProblem(
            ProblemKind.SETTINGS, error.title, error.message, message_da=error.message_da,
            title_da=error.title_da, details=f"keyring backend: {error.backend}",
        ))
    finally:
        if client is None and transfer.client is not None:
            transfer.client.close()


def send_again(profile: ExportProfile, line_id: str, **options: object) -> RunReport:
    """Post an already-sent line once more, deliberately (the caller warned the admin)."""
    return run_transfer(profile, trigger="send-again", send_again_line=line_id,
                        **options)  # type: ignore[arg-type]


def client_for_profile(profile: ExportProfile) -> EconomicClient:
    """A client from the keyring's tokens for this profile (raises `NotConnected`)."""
    grant = load_grant_token(profile.name)
    if not grant:
        raise NotConnected("no grant token")
    # Resolve the address as the client does (profile, else $ACUBIZ_EXPORT_API_URL, else
    # e-conomic), because `connect` files the app secret under the address it really used.
    base_url = resolve_base_url(profile.api_base_url)
    secret = load_app_secret(base_url)
    if not secret:
        raise NotConnected("no app secret token")
    return EconomicClient(secret, grant, base_url=base_url)


def summary_line(report: RunReport) -> str:
    """One line for the tray's status and the CLI: what happened, in plain words."""
    if report.problems:
        first = report.problems[0].title
        more = f" (+{len(report.problems) - 1} more)" if len(report.problems) > 1 else ""
        counts = f"{report.sent} sent, " if report.sent else ""
        return f"{counts}{first}{more}"
    if report.dry_run:
        # Only counts that say something: "Test: 6 would be sent", never "0 rejected".
        tested = [f"{report.waiting} would be sent"] if report.waiting else []
        unreadable = len([f for f in report.files if f.state == "rejected"])
        if unreadable:
            tested.append(f"{counted(unreadable, 'file', 'files')} could not be read")
        return "Test: " + (", ".join(tested) or "nothing to send")
    attached = report.receipt_count(ReceiptStatus.SENT)
    if not report.files and not attached:
        return "Nothing to send"
    parts = [f"{report.sent} sent"]
    if attached:
        parts.append(f"{counted(attached, 'receipt', 'receipts')} attached")
    if report.rejected:
        rejected = len([f for f in report.files if f.state == "rejected"])
        parts.append(f"{counted(rejected, 'file', 'files')} could not be read")
    if report.count(LineState.HELD):
        parts.append(f"{report.count(LineState.HELD)} held")
    if report.failed:
        parts.append(f"{report.failed} refused by e-conomic")
    if report.waiting:
        parts.append(f"{report.waiting} waiting")
    return ", ".join(parts)


def _add_file_problems(report: RunReport) -> None:
    """Rejected files, held postings and receipts that need the admin: said even when the rest
    went well, so "Failures: none" and exit 0 mean that nothing is held or waiting."""
    rejected = [f for f in report.files if f.state is FileState.REJECTED]
    if rejected:
        report.problems.append(_rejected_problem(rejected, report.dry_run))
    held = report.count(LineState.HELD)
    if held:
        report.problems.append(_held_problem(report, held))
    if report.failed:
        report.problems.append(RunProblem(
            kind=ProblemKind.VOUCHERS_REFUSED,
            title=f"e-conomic refused {counted(report.failed, 'posting', 'postings')}",
            title_da=f"e-conomic afviste {counted(report.failed, 'postering', 'posteringer')}",
            message="e-conomic refused some postings; History shows each one with e-conomic's"
                    " reason. Correct the cause (e.g. the account in Acubiz or e-conomic); they"
                    " are sent with the next transfer.",
            message_da="e-conomic afviste nogle posteringer; Historik viser hver enkelt med"
                       " e-conomics begrundelse. Ret årsagen; de sendes ved næste overførsel.",
        ))
    waiting = report.receipt_count(ReceiptStatus.WAITING)
    if waiting:
        report.problems.append(RunProblem(
            kind=ProblemKind.RECEIPTS_WAITING,
            title=f"{counted(waiting, 'receipt waits', 'receipts wait')} for the file",
            title_da=f"{counted(waiting, 'kvittering', 'kvitteringer')} venter på filen",
            message=f"{counted(waiting, 'receipt', 'receipts')} could not be attached yet (the"
                    " file is missing, empty or locked); their postings were sent. Put the"
                    " files in the receipts folder: they are attached by themselves with the"
                    " next transfer.",
            message_da=f"{counted(waiting, 'kvittering', 'kvitteringer')} kunne ikke vedhæftes"
                       " endnu (filen mangler, er tom eller låst); posteringerne er sendt. Læg"
                       " filerne i kvitteringsmappen: de vedhæftes af sig selv ved næste"
                       " overførsel.",
        ))
    by_hand = (report.receipt_count(ReceiptStatus.BY_HAND)
               + report.receipt_count(ReceiptStatus.REFUSED))
    if by_hand:
        report.problems.append(RunProblem(
            kind=ProblemKind.RECEIPTS_BY_HAND,
            title=f"{counted(by_hand, 'receipt needs', 'receipts need')} you",
            title_da=f"{counted(by_hand, 'kvittering', 'kvitteringer')} kræver handling",
            message=f"{counted(by_hand, 'receipt', 'receipts')} cannot be attached"
                    " automatically (the voucher was booked or is gone, or the file cannot be"
                    " sent as it is). Each one says where it belongs and what to do (History or"
                    " `acubiz-export status`).",
            message_da=f"{counted(by_hand, 'kvittering', 'kvitteringer')} kan ikke vedhæftes"
                       " automatisk (bilaget er bogført eller væk, eller filen kan ikke sendes,"
                       " som den er). Hver af dem siger, hvor den hører til, og hvad der skal"
                       " gøres.",
        ))


_FIX_ONE = (" Correct what it lists (in Acubiz, or in the file) and put the corrected file back"
            " in the inbox.")
_FIX_ONE_DA = (" Ret det, der står på listen (i Acubiz eller i filen), og læg den rettede fil"
               " tilbage i indbakken.")
_FIX_MANY = (" Correct what they list (in Acubiz, or in the files) and put the corrected files"
             " back in the inbox.")
_FIX_MANY_DA = (" Ret det, der står på listerne (i Acubiz eller i filerne), og læg de rettede"
                " filer tilbage i indbakken.")


def _rejected_problem(rejected: list[FileResult], dry_run: bool) -> RunProblem:
    """Files that could not be read at all: named, with the list of problems beside each
    (its real name) and where the file went, in the words of someone who has to find it."""
    names, names_da = _listed([file.file for file in rejected])
    lists = ", ".join(_errors_file_name(file) for file in rejected)
    title = f"{counted(len(rejected), 'file', 'files')} could not be read"
    title_da = f"{counted(len(rejected), 'fil', 'filer')} kunne ikke læses"
    folder, folder_da = folder_words(REJECTED_FOLDER)
    if len(rejected) == 1 and dry_run:
        message = (f"{names} cannot be read, so nothing in it can be sent. A real transfer"
                   f" moves it to {folder} with {lists} beside it, which says what is wrong."
                   f"{_FIX_ONE}")
        message_da = (f"{names_da} kan ikke læses, så intet i den kan sendes. En rigtig"
                      f" overførsel flytter den til {folder_da} sammen med {lists}, som"
                      f" fortæller, hvad der er galt.{_FIX_ONE_DA}")
    elif len(rejected) == 1:
        message = (f"Nothing in {names} was sent: the file could not be read. It is now in"
                   f" {folder} with {lists} beside it, which says what is wrong.{_FIX_ONE}")
        message_da = (f"Intet i {names_da} er sendt: filen kunne ikke læses. Den ligger nu i"
                      f" {folder_da} sammen med {lists}, som fortæller, hvad der er galt."
                      f"{_FIX_ONE_DA}")
    elif dry_run:
        message = (f"{names} cannot be read, so nothing in them can be sent. A real transfer"
                   f" moves them to {folder}, each with a list of what is wrong beside it"
                   f" ({lists}).{_FIX_MANY}")
        message_da = (f"{names_da} kan ikke læses, så intet i dem kan sendes. En rigtig"
                      f" overførsel flytter dem til {folder_da}, hver med en liste over, hvad"
                      f" der er galt ({lists}).{_FIX_MANY_DA}")
    else:
        message = (f"Nothing in {names} was sent: the files could not be read. They are now in"
                   f" {folder}, each with a list of what is wrong beside it ({lists})."
                   f"{_FIX_MANY}")
        message_da = (f"Intet i {names_da} er sendt: filerne kunne ikke læses. De ligger nu i"
                      f" {folder_da}, hver med en liste over, hvad der er galt ({lists})."
                      f"{_FIX_MANY_DA}")
    return RunProblem(kind=ProblemKind.FILES_REJECTED, title=title, title_da=title_da,
                      message=message, message_da=message_da)


def _listed(names: list[str]) -> tuple[str, str]:
    """"a.csv, b.csv and c.csv" / "a.csv, b.csv og c.csv"."""
    if len(names) < 2:
        return (names[0], names[0]) if names else ("", "")
    head = ", ".join(names[:-1])
    return f"{head} and {names[-1]}", f"{head} og {names[-1]}"


def _errors_file_name(file: FileResult) -> str:
    """The list of problems beside a rejected file: its name where it was moved to (a taken
    name gets " (2)"), else the name it had in the inbox."""
    name = PurePath(file.moved_to).name if file.moved_to else file.file
    return name + ERRORS_SUFFIX


def _held_problem(report: RunReport, held: int) -> RunProblem:
    """One problem for all held postings, naming their files; a dry run says "would"."""
    files = sorted({f.file for f in report.files
                    if any(line.state is LineState.HELD for line in f.lines)})
    more = len(files) - 3
    shown = ", ".join(files[:3]) + (f" and {more} more" if more > 0 else "")
    shown_da = ", ".join(files[:3]) + (f" og {more} flere" if more > 0 else "")
    postings, postings_da = (counted(held, "posting", "postings"),
                             counted(held, "postering", "posteringer"))
    if len(files) == 1:
        lists = f"{files[0]}{ERRORS_SUFFIX} beside the file"
        lists_da = f"{files[0]}{ERRORS_SUFFIX} ved siden af filen"
    else:
        lists = f"the list ending in {ERRORS_SUFFIX} beside each file"
        lists_da = f"listen, der ender på {ERRORS_SUFFIX}, ved siden af hver fil"
    one = held == 1
    # One posting is "it"/"den", several are "they"/"de" (never "1 posting ... as they are").
    as_is, as_is_da = ("as it is", "som den er") if one else ("as they are", "som de er")
    each, each_da = (("It says", "Ved den står") if one
                     else ("Each one says", "Ved hver af dem står"))
    itself_da = "den" if one else "de"
    below, below_da = (("Below it says", "Herunder står") if one
                       else ("Each one below says", "Ved hver af dem herunder står"))
    if report.dry_run:
        return RunProblem(
            kind=ProblemKind.POSTINGS_HELD,
            title=f"{postings} would be held back",
            title_da=f"{postings_da} ville blive holdt tilbage",
            message=f"{postings} in {shown} cannot be sent {as_is}; every other posting"
                    f" would go. {below} why and what to do; once that is done it is sent by"
                    " itself.",
            message_da=f"{postings_da} i {shown_da} kan ikke sendes, {as_is_da}; alle andre"
                       f" posteringer ville blive sendt. {below_da} hvorfor, og hvad der skal"
                       " gøres.",
        )
    return RunProblem(
        kind=ProblemKind.POSTINGS_HELD,
        title=f"{counted(held, 'posting is', 'postings are')} held",
        title_da=f"{postings_da} holdt tilbage",
        message=f"{postings} in {shown} cannot be sent {as_is}; every other posting went."
                f" {each} why and what to do (History, or {lists}); once that is done it is"
                " sent by itself with the next transfer.",
        message_da=f"{postings_da} i {shown_da} kan ikke sendes, {as_is_da}; alle andre"
                   f" posteringer er sendt. {each_da} hvorfor, og hvad der skal gøres"
                   f" (Historik eller {lists_da}); derefter sendes {itself_da} af sig selv ved"
                   " næste overførsel.",
    )


def _profiles_sharing_inbox(profile: ExportProfile) -> list[str]:
    """Other saved profiles that read the same inbox (or one inside the other)."""
    try:
        from wizard.settings.store import load_profiles
        from wizard.settings.validation import inbox_conflicts

        others = [other for other in load_profiles() if other.name != profile.name]
        return list(inbox_conflicts(profile, others))
    except (SettingsError, ImportError, OSError):
        return []


def _ledger_recovered(ledger: Ledger) -> RunProblem:
    return RunProblem(
        kind=ProblemKind.LEDGER_RECOVERED,
        title="The record of what was sent was damaged and has been replaced",
        title_da="Oversigten over det sendte var beskadiget og er erstattet",
        message=f"The file that remembers what was sent could not be read; it was kept as"
                f" {ledger.recovered_from} and a new one was started. What e-conomic already"
                " has is read from e-conomic before anything is sent, so nothing is posted"
                " twice. Send the old file to support if History looks incomplete.",
        message_da=f"Filen, der husker, hvad der er sendt, kunne ikke læses; den er gemt som"
                   f" {ledger.recovered_from}, og en ny er startet. Det, e-conomic allerede"
                   " har, læses fra e-conomic, før noget sendes, så intet bogføres to gange."
                   " Send den gamle fil til support, hvis Historik ser ufuldstændig ud.",
    )


def _log_file() -> str:
    try:
        from wizard.applog import log_path

        return str(log_path())
    except Exception:  # naming the log must never hide the real problem
        return "acubiz-export.log"


def _save_profile(profile: ExportProfile) -> None:
    try:
        upsert_profile(profile)
    except SettingsError as error:  # the run goes on with the found journal; say it in the log
        log.warning("could not save the updated journal of %s: %s", profile.name, error.message)


def _not_connected(profile: ExportProfile, what: str) -> RunProblem:
    return RunProblem(
        kind=ProblemKind.NOT_CONNECTED,
        title="Not connected to e-conomic",
        title_da="Ikke forbundet til e-conomic",
        message=f"\"{profile.name}\" has no e-conomic connection on this computer."
                " Open Settings and connect the app to e-conomic again.",
        message_da=f"\"{profile.name}\" har ingen forbindelse til e-conomic på denne computer."
                   " Åbn Indstillinger, og forbind appen til e-conomic igen.",
        details=what,  # "no grant token": for support, not for the admin's sentence
    )
