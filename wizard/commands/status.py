"""`acubiz-export status [--json]`: per profile, what happens next and what needs a person.

Shows the export type, journal, next run, whether e-conomic still accepts the stored token (a
`GET /self`, remembered for a minute; never the token), the last run, the files waiting in the
inbox and what needs the admin: files in `rejected/`, postings held back (with the reason and
the fix), vouchers e-conomic refused and receipts that wait for their file or must be attached
by hand. "Failures: none" only when there is none of these. Read-only: it posts, moves and
records nothing. Exit code 0 unless the settings cannot be read (2).
"""

from __future__ import annotations

import argparse
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from wizard.commands.cli_words import cli_text, command, settling_files, settling_text
from wizard.commands.common import (
    JSON_VERSION,
    STATUS_WORDS,
    ExitCode,
    format_moment,
    guarded,
    print_json,
    verified_connection,
)

if TYPE_CHECKING:
    from wizard.export.ledger import Ledger
    from wizard.settings.profiles import ExportProfile

MAX_LISTED = 5  # failures and waiting files listed by name in the human output


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.description = (
        "Show each profile: next run, connection, last run, files waiting and failures."
    )
    parser.add_argument("--json", action="store_true", help="print JSON instead (see the README)")
    # For tests: the moment "now" is, so the next run does not depend on the wall clock.
    parser.add_argument("--now", type=_aware_datetime, default=None, help=argparse.SUPPRESS)


@guarded
def run(args: argparse.Namespace) -> int:
    from wizard.export.ledger import Ledger, default_ledger_path
    from wizard.settings.store import load_profiles

    profiles = load_profiles()
    now = args.now or datetime.now(UTC)
    ledger = Ledger() if default_ledger_path().exists() else None
    try:
        states = [profile_status(profile, now, ledger) for profile in profiles]
    finally:
        if ledger is not None:
            ledger.close()
    if args.json:
        print_json({"version": JSON_VERSION, "profiles": states})
        return ExitCode.OK
    if not states:
        print(f"No profiles yet. Add one with `{command()} profile add --name NAME --inbox DIR`.")
    for index, state in enumerate(states):
        if index:
            print()
        _print_status(state)
    return ExitCode.OK


def profile_status(profile: ExportProfile, now: datetime, ledger: Ledger | None) -> dict[str, Any]:
    """Everything `status` knows about one profile, as JSON-ready values."""
    next_run = _next_run(profile, now)
    inbox = profile.inbox_folder
    waiting = _waiting_files(profile)
    return {
        "name": profile.name,
        "enabled": profile.enabled,
        "export_type": profile.export_type,
        "daily_time": profile.daily_time,
        "time_zone": profile.time_zone,
        "journal_name": profile.journal_name,
        "journal_number": profile.journal_number,
        "next_run": next_run.isoformat() if next_run else None,
        "connection": verified_connection(profile).to_json(),
        "inbox_folder": str(inbox),
        "inbox_reachable": inbox.is_dir(),
        "waiting_count": len(waiting),
        "waiting_files": waiting,
        # Of those, the ones `transfer` leaves until they have not changed for the settle time.
        "settling_files": [
            {"file": name, "seconds": seconds} for name, seconds in settling_files(inbox)
        ],
        "rejected_files": _rejected_files(profile),
        "failed_vouchers": _failed_vouchers(profile, ledger),
        "held_postings": _held_postings(profile, ledger),
        "receipts": _receipts(profile, ledger),
        "last_run": _last_run(profile, ledger),
    }


def _held_postings(profile: ExportProfile, ledger: Ledger | None) -> list[dict[str, Any]]:
    """Postings that wait for the admin: their reason and fix (from the ledger)."""
    if ledger is None:
        return []
    return [
        {"line_id": record.line_id, "marker": record.marker, "kind": str(record.kind),
         "file": record.source_file, "line": record.source_line, "reason": record.reason,
         "fix": record.fix, "held_since": record.first_held_at, "in_inbox": record.in_inbox}
        for record in ledger.held(profile.name)
    ]


def _receipts(profile: ExportProfile, ledger: Ledger | None) -> list[dict[str, Any]]:
    """Receipts not on their voucher: waiting for the file, to attach by hand, refused."""
    if ledger is None:
        return []
    return [
        {"name": Path(receipt.path).name, "lines": list(voucher.line_ids),
         "state": str(receipt.state), "voucher_number": voucher.voucher_number,
         "accounting_year": voucher.accounting_year, "reason": receipt.reason}
        for voucher, receipt in ledger.receipt_problems(profile.name)
    ]


def _next_run(profile: ExportProfile, now: datetime) -> datetime | None:
    from zoneinfo import ZoneInfo

    from wizard.export.schedule import next_slot, parse_daily_time

    if not profile.enabled or profile.export_type != "scheduled":
        return None
    try:
        return next_slot(now, parse_daily_time(profile.daily_time), ZoneInfo(profile.time_zone))
    except (ValueError, KeyError, OSError):  # a damaged time or zone: validation reports it
        return None


def _waiting_files(profile: ExportProfile) -> list[str]:
    from wizard.export.source import find_ready_files

    return [path.name for path in find_ready_files(profile.inbox_folder, settle_seconds=0)]


def _rejected_files(profile: ExportProfile) -> list[str]:
    from wizard.export.inbox import ERRORS_SUFFIX, REJECTED_FOLDER

    folder = profile.inbox_folder / REJECTED_FOLDER
    try:
        entries = sorted(folder.iterdir())
    except OSError:
        return []
    return [e.name for e in entries if e.is_file() and not e.name.endswith(ERRORS_SUFFIX)]


def _failed_vouchers(profile: ExportProfile, ledger: Ledger | None) -> list[dict[str, Any]]:
    from wizard.export.ledger import VoucherState

    if ledger is None:
        return []
    return [
        {
            "label": voucher.label,
            "source_file": voucher.source_file,
            "lines": list(voucher.line_ids),
            "reason": voucher.reason,
            "updated_at": voucher.updated_at,
        }
        for voucher in ledger.vouchers(profile.name, [VoucherState.FAILED])
    ]


def _last_run(profile: ExportProfile, ledger: Ledger | None) -> dict[str, Any] | None:
    if ledger is None:
        return None
    runs = ledger.runs(profile.name, limit=1)
    if not runs:
        return None
    record = runs[0]
    summary = record.summary if isinstance(record.summary, dict) else {}
    counts = summary.get("counts")
    problems = [
        {"kind": p.get("kind"), "title": p.get("title"), "message": p.get("message")}
        for p in summary.get("problems") or [] if isinstance(p, dict)
    ]
    return {
        "run_id": record.run_id,
        "trigger": record.trigger,
        "slot": record.slot,
        "started_at": record.started_at,
        "finished_at": record.finished_at,
        "status": record.status,  # None while it is still running (or if it was killed)
        "message": record.message,
        "counts": counts if isinstance(counts, dict) else {},
        "problems": problems,
    }


# -- human output -----------------------------------------------------------------------------


def _print_status(state: dict[str, Any]) -> None:
    name = state["name"]
    print(name + ("" if state["enabled"] else "  (disabled)"))
    rows: list[tuple[str, str]] = []
    if state["export_type"] == "scheduled":
        rows.append(("Export", f"scheduled, daily at {state['daily_time']}"
                     f" ({state['time_zone']})"))
    else:
        rows.append(("Export", "manual (only when started)"))
    number = state["journal_number"]
    rows.append(("Journal", state["journal_name"] + (f" (number {number})" if number else "")))
    rows.append(("Next run", _next_run_text(state)))
    rows.append(("e-conomic", _connection_text(state)))
    rows.append(("Last run", _last_run_text(state)))
    connected = (state.get("connection") or {}).get("connected")
    for problem in (state["last_run"] or {}).get("problems", []):
        message = cli_text(problem["message"], name, connected_before=connected)
        rows.append(("", f"! {problem['title']}: {message}"))
    rows.append(("Waiting", _waiting_text(state)))
    rows += _failure_rows(state)
    for label, value in rows:
        print(f"  {label + ':' if label else '':<12}{value}")


def _next_run_text(state: dict[str, Any]) -> str:
    if not state["enabled"]:
        return "none (the profile is disabled)"
    if state["export_type"] != "scheduled":
        return f"none (manual; run `{command()} transfer`)"
    if state["next_run"] is None:
        return "unknown (check the daily time and time zone)"
    return format_moment(datetime.fromisoformat(state["next_run"]), state["time_zone"])


def _connection_text(state: dict[str, Any]) -> str:
    from wizard.commands.common import Connection

    return Connection.from_json(state["connection"]).describe(state["name"])


def _last_run_text(state: dict[str, Any]) -> str:
    last = state["last_run"]
    if last is None:
        return "none yet"
    when = format_moment(datetime.fromisoformat(last["started_at"]), state["time_zone"])
    status = STATUS_WORDS.get(last["status"] or "", last["status"] or "running or interrupted")
    counts = last["counts"]
    text = f"{when}, {last['trigger']}, {status}"
    if counts:
        text += (
            f"; {counts.get('sent', 0)} sent, {counts.get('waiting', 0)} waiting,"
            f" {counts.get('rejected', 0)} rejected, {counts.get('failed', 0)} failed"
        )
        if counts.get("held"):
            text += f", {counts['held']} held"
    return text


def _waiting_text(state: dict[str, Any]) -> str:
    if not state["inbox_reachable"]:
        return f"the inbox folder {state['inbox_folder']} cannot be reached"
    files = state["waiting_files"]
    if not files:
        return f"no files in {state['inbox_folder']}"
    settling = {entry["file"]: entry["seconds"] for entry in state.get("settling_files") or []}
    shown = [
        settling_text(file, settling[file]) if file in settling else file
        for file in files[:MAX_LISTED]
    ]
    return f"{len(files)} file{'s' if len(files) != 1 else ''} in {state['inbox_folder']}" + (
        f": {', '.join(shown)}" + (" ..." if len(files) > MAX_LISTED else "")
    )


def _failure_rows(state: dict[str, Any]) -> list[tuple[str, str]]:
    rows: list[tuple[str, str]] = []
    rejected = state["rejected_files"]
    if rejected:
        rows.append((
            "Rejected",
            f"{len(rejected)} file{'s' if len(rejected) != 1 else ''} in"
            f" {state['inbox_folder']}/rejected (reasons in <name>.errors.txt beside each)",
        ))
    held = state.get("held_postings") or []
    for index, posting in enumerate(held[:MAX_LISTED]):
        where = f"{Path(posting['file']).name} line {posting['line']} ({posting['line_id']})"
        rows.append(("Held" if index == 0 else "", f"{where}: {posting['reason']}"))
        if posting.get("fix"):
            rows.append(("", f"  What to do: {cli_text(posting['fix'], state['name'])}"))
    if len(held) > MAX_LISTED:
        more = len(held) - MAX_LISTED
        rows.append(("", f"... and {more} more held; `{command()} held` lists all"))
    held_ids = {posting["line_id"] for posting in held}
    refused = [voucher for voucher in state["failed_vouchers"]
               if not set(voucher["lines"]) <= held_ids]
    for index, voucher in enumerate(refused[:MAX_LISTED]):
        what = voucher["label"] or ", ".join(voucher["lines"])
        rows.append(("Refused" if index == 0 else "", f"{what}: {voucher['reason'] or '?'}"))
    if len(refused) > MAX_LISTED:
        rows.append(("", f"... and {len(refused) - MAX_LISTED} more refused by e-conomic"))
    words = {"waiting": "waits for its file", "by-hand": "attach by hand",
             "failed": "cannot be sent"}
    for index, receipt in enumerate((state.get("receipts") or [])[:MAX_LISTED]):
        rows.append(("Receipts" if index == 0 else "",
                     f"{receipt['name']} ({', '.join(receipt['lines'])}):"
                     f" {words.get(receipt['state'], receipt['state'])} - {receipt['reason']}"))
    if not rows:
        rows.append(("Failures", "none"))
    return rows


def _aware_datetime(text: str) -> datetime:
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not an ISO date and time") from None
    if moment.tzinfo is None:
        raise argparse.ArgumentTypeError(f"'{text}' needs a UTC offset, e.g. +00:00")
    return moment
