"""`acubiz-export transfer [--profile NAME] [--dry-run] [--json]`: one headless run, now.

`--profile NAME --send-again LINE_ID --yes` posts one already-sent line a second time, on
purpose (e.g. the accountant deleted the voucher in e-conomic by mistake); nothing else is
sent in that run. Without `--yes` it asks on a terminal and refuses otherwise.

Runs the named profile, or every enabled profile in turn, through the same engine the tray
uses (`run_transfer`), so a cron job or Task Scheduler entry gets exactly-once behaviour too.
Human output: one line per file, a one-line summary per profile and every problem's title and
message; `--json` prints `{"version": 1, "runs": [<RunReport.to_json()>, ...]}` instead.

Exit code (`ExitCode`): 0 only when everything ready was sent (or there was nothing to send)
and nothing is held or waiting (no held posting, no receipt waiting for its file or to attach
by hand); otherwise the most urgent code of the profiles' runs, with a one-line reason on
stderr. Held postings are listed with their reason and fix, and by `acubiz-export held`.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from wizard.commands.cli_words import command
from wizard.commands.common import (
    JSON_VERSION,
    PROG,
    STATUS_WORDS,
    CommandError,
    ExitCode,
    guarded,
    most_urgent,
    print_json,
    require_profile,
)

if TYPE_CHECKING:
    from wizard.export.report import FileResult, RunReport
    from wizard.settings.profiles import ExportProfile

def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.description = (
        "Send everything ready in the inbox to e-conomic now, exactly once: for the named"
        " profile, or every enabled profile in turn."
    )
    parser.add_argument("--profile", metavar="NAME", default=None,
                        help="run only this profile (also when it is disabled)")
    parser.add_argument("--dry-run", action="store_true",
                        help="read and check everything, ask e-conomic, but post and move nothing")
    parser.add_argument("--json", action="store_true",
                        help="print the run reports as JSON (see the README)")
    parser.add_argument("--send-again", metavar="LINE_ID", default=None,
                        help="post this already-sent line once more, on purpose (needs"
                             " --profile; e-conomic will then have it twice)")
    parser.add_argument("--yes", action="store_true",
                        help="with --send-again: do not ask, I know it is posted twice")
    # For tests: files younger than this are not ready yet (the engine's default otherwise).
    parser.add_argument("--settle-seconds", type=float, default=None, help=argparse.SUPPRESS)


@guarded
def run(args: argparse.Namespace) -> int:
    from wizard.settings.store import load_profiles

    if args.send_again is not None:
        _confirm_send_again(args)
    if args.profile is not None:
        profiles = [require_profile(args.profile)]
    else:
        every = load_profiles()
        if not every:
            raise CommandError(
                ExitCode.USAGE, "No profiles",
                f"There is nothing to transfer: add a profile with `{command()} profile add"
                " --name NAME --inbox DIR`.",
            )
        profiles = [profile for profile in every if profile.enabled]
        if not profiles:
            print("Every profile is disabled; nothing was transferred.", file=sys.stderr)
            if args.json:
                print_json({"version": JSON_VERSION, "runs": []})
            return ExitCode.OK

    reports = []
    for profile in profiles:
        report = _run_one(profile, args)
        reports.append(report)
        if not args.json:
            _print_report(report, profile, args.settle_seconds)

    if args.json:
        print_json({"version": JSON_VERSION, "runs": [report.to_json() for report in reports]})
    codes = [exit_code_for(report) for report in reports]
    code = most_urgent(codes)
    if code is not ExitCode.OK:
        worst = [report for report, c in zip(reports, codes, strict=True) if c is code]
        others = sum(1 for c in codes if c is not ExitCode.OK) - 1
        more = f" (and {others} more profile{'s' if others > 1 else ''})" if others else ""
        print(f"{PROG} transfer: {_reason(worst[0])}{more}", file=sys.stderr)
    return code


def exit_code_for(report: RunReport) -> ExitCode:
    """What one run report means for the exit code (see `ExitCode`)."""
    from wizard.export.report import ProblemKind, RunStatus

    kinds = {problem.kind for problem in report.problems}
    if ProblemKind.BUSY in kinds:
        return ExitCode.BUSY
    if report.status in (RunStatus.OK, RunStatus.NOTHING_TO_SEND):
        return ExitCode.OK
    if report.status is RunStatus.WAITING:
        return ExitCode.TEMPORARY
    if report.status is RunStatus.ERROR or ProblemKind.UNEXPECTED in kinds:
        return ExitCode.UNEXPECTED
    if ProblemKind.SETTINGS in kinds:
        return ExitCode.USAGE
    if report.status is RunStatus.DRY_RUN and not kinds:
        return ExitCode.OK
    temporary = {ProblemKind.NETWORK, ProblemKind.ECONOMIC_UNAVAILABLE, ProblemKind.OUTCOME_UNKNOWN}
    if kinds and kinds <= temporary:
        return ExitCode.TEMPORARY
    return ExitCode.ATTENTION


def _run_one(profile: ExportProfile, args: argparse.Namespace) -> RunReport:
    """The engine's report; an exception from the engine becomes a report too, so one broken
    profile never stops the others and `--json` always has a run per profile."""
    from wizard.export.engine import run_transfer
    from wizard.export.runlock import RunBusy

    options = {}
    if args.settle_seconds is not None:
        options["settle_seconds"] = args.settle_seconds
    if args.send_again is not None:
        options["send_again_line"] = args.send_again
    trigger = "send-again" if args.send_again is not None else "manual"
    try:
        return run_transfer(profile, trigger=trigger, dry_run=args.dry_run, **options)
    except RunBusy:
        return _failed_report(
            profile, args.dry_run, "busy", "Another transfer is running",
            f"A transfer of '{profile.name}' is already running (in the tray or another"
            " command). Nothing was done; try again when it has finished.",
        )
    except Exception as error:
        from wizard.redact import redact_text

        detail = redact_text(str(error) or type(error).__name__)
        return _failed_report(
            profile, args.dry_run, "unexpected", "Unexpected error",
            f"The transfer stopped: {type(error).__name__}: {detail}. Nothing more was sent;"
            " the files stay in the inbox.",
        )


def _confirm_send_again(args: argparse.Namespace) -> None:
    """A second posting is never an accident: it needs one profile and a clear yes."""
    if args.profile is None:
        raise CommandError(ExitCode.USAGE, "Which export?",
                           "--send-again needs --profile NAME: the export the line was sent by.")
    if args.dry_run:
        raise CommandError(ExitCode.USAGE, "Not with --dry-run",
                           "--send-again posts for real; leave out --dry-run.")
    if args.yes:
        return
    warning = (f"Line {args.send_again} was already sent to e-conomic. Sending it again posts"
               " it a second time (under its own marker).")
    if sys.stdin is not None and sys.stdin.isatty():
        print(warning, file=sys.stderr)
        answer = input("Type yes to post it again: ")
        if answer.strip().lower() in ("yes", "ja"):
            return
        raise CommandError(ExitCode.USAGE, "Not sent again", "Nothing was posted.")
    raise CommandError(ExitCode.USAGE, "Confirm the second posting",
                       f"{warning} Add --yes to confirm.")


def _failed_report(
    profile: ExportProfile, dry_run: bool, kind: str, title: str, message: str
) -> RunReport:
    from wizard.export.ledger import utc_now
    from wizard.export.report import ProblemKind, RunProblem, RunReport, RunStatus

    problem_kind = ProblemKind(kind)
    now = utc_now()
    return RunReport(
        profile=profile.name, trigger="manual", started_at=now, finished_at=now,
        status=RunStatus.WAITING if problem_kind is ProblemKind.BUSY else RunStatus.ERROR,
        message=title, dry_run=dry_run,
        problems=[RunProblem(kind=problem_kind, title=title, message=message)],
    )


# -- human output -----------------------------------------------------------------------------


def _print_report(report: RunReport, profile: ExportProfile, settle: float | None) -> None:
    """The summary line first (it names the profile), then its files and problems indented;
    fixes in command-line words (`cli_text`), and the files left to settle for a later run."""
    from wizard.commands.cli_words import cli_text, settling_files, settling_text

    inbox = profile.inbox_folder
    print(summary_line(report))
    for file in report.files:
        print(f"  {_file_line(file, inbox)}")
        for line in file.lines:
            if str(line.state) in ("held", "failed"):
                where = f"line {line.source_line}" if line.source_line is not None else "line"
                print(f"    {where} ({line.line_id}): {line.reason}")
                if line.fix:
                    print(f"      What to do: {cli_text(line.fix, profile.name)}")
    for receipt in report.receipts:
        if str(receipt.state) == "sent":
            continue
        print(f"  receipt {receipt.name} ({receipt.line_id}): {receipt.state} -"
              f" {receipt.reason or ''}".rstrip(" -"))
        if receipt.fix:
            print(f"    What to do: {cli_text(receipt.fix, profile.name)}")
    for name, seconds in settling_files(inbox, settle):
        print(f"  {settling_text(name, seconds)}")
    for problem in report.problems:
        message = cli_text(problem.message, profile.name, connected_before=_had_token(problem,
                                                                                      profile))
        print(f"  ! {problem.title}: {message}")
        if problem.details:
            print(f"    ({problem.details})")


def _had_token(problem: object, profile: ExportProfile) -> bool | None:
    """For a not-connected problem: whether a grant token is stored (then e-conomic refused
    it, and "again" is right), or none ever was here."""
    from wizard.commands.common import connection_of
    from wizard.export.report import ProblemKind

    if getattr(problem, "kind", None) is not ProblemKind.NOT_CONNECTED:
        return None
    return connection_of(profile.name).connected


def summary_line(report: RunReport) -> str:
    """`Name: everything sent. 6 sent, 0 waiting, 0 rejected, 0 failed.`"""
    from wizard.export.report import LineState

    status = str(report.status)
    words = STATUS_WORDS.get(status, status)
    counts = (
        f"{report.sent} sent, {report.waiting} waiting, {report.rejected} rejected,"
        f" {report.failed} failed"
    )
    held = report.count(LineState.HELD)
    if held:
        counts += f", {held} held"
    already = report.count(LineState.ALREADY_SENT)
    if already:
        counts += f", {already} already sent earlier"
    for state, words_for in (("waiting", "waiting for its file"),
                             ("by-hand", "to attach by hand"), ("refused", "refused")):
        number = sum(1 for receipt in report.receipts if str(receipt.state) == state)
        if number:
            noun = "receipt" if number == 1 else "receipts"
            words_for = words_for.replace("its file", "the file" if number > 1 else "its file")
            counts += f", {number} {noun} {words_for}"
    return f"{report.profile}: {words}. {counts}."


def _file_line(file: FileResult, inbox: Path) -> str:
    states: dict[str, int] = {}
    for line in file.lines:
        states[str(line.state)] = states.get(str(line.state), 0) + 1
    lines = ", ".join(f"{count} {state}" for state, count in states.items())
    text = f"{file.file}: {file.state}"
    if lines:
        text += f" ({lines})"
    if file.reason:
        text += f" - {file.reason}"
    if file.moved_to:
        text += f" -> {_shown_path(file.moved_to, inbox)}"
    return text


def _shown_path(moved_to: str, inbox: Path) -> str:
    """`sent/2026-11-27/EMS_EA-….csv`: where a file went, relative to the inbox."""
    try:
        return Path(moved_to).relative_to(inbox).as_posix()
    except ValueError:
        return moved_to


def _reason(report: RunReport) -> str:
    """One line that says why the run of this profile did not simply succeed."""
    status = str(report.status)
    words = STATUS_WORDS.get(status, status)
    if report.problems:
        more = len(report.problems) - 1
        extra = f" (+{more} more)" if more else ""
        return f"'{report.profile}' {words}: {report.problems[0].title}{extra}."
    detail = f": {report.message}" if report.message else "."
    return f"'{report.profile}' {words}{detail}"
