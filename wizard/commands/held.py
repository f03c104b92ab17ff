"""`acubiz-export held [--profile NAME] [--json] [--set-aside ID [--yes]] [--all]`.

What waits for the admin, posting by posting, with the reason and the fix, straight from the
ledger (so it works without e-conomic and between runs). A held posting is tried again on
every transfer and goes by itself once its cause is fixed; `--set-aside ID` is the admin's
"Don't send this": the posting is kept in the ledger with who and when, no longer tried and no
longer keeps its file in the inbox. ID is the line id (TravelID), the marker `[EMS:…]`, or
`<file>#<line>` for a line whose id could not be read.

Exit code: 0 when nothing is held, 3 (attention) when something is, 2 for a wrong ID.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from typing import Any

from wizard.commands.cli_words import cli_text, command
from wizard.commands.common import (
    JSON_VERSION,
    CommandError,
    ExitCode,
    guarded,
    print_json,
    quoted,
    require_profile,
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.description = (
        "List the postings that are held (not sent) with the reason and what to do, or set"
        " one aside so it is no longer sent."
    )
    parser.add_argument("--profile", metavar="NAME", default=None,
                        help="only this profile (needed with --set-aside)")
    parser.add_argument("--json", action="store_true", help="print the list as JSON")
    parser.add_argument("--all", action="store_true",
                        help="also list the postings that were set aside, with who and when")
    parser.add_argument("--set-aside", metavar="ID", default=None,
                        help="don't send this posting (line id, [EMS:…] marker or file#line)")
    parser.add_argument("--yes", action="store_true",
                        help="with --set-aside: do not ask")


@guarded
def run(args: argparse.Namespace) -> int:
    from wizard.export.ledger import Ledger, default_ledger_path

    if args.set_aside is not None:
        return _set_aside(args)
    profile = require_profile(args.profile).name if args.profile else None
    if not default_ledger_path().exists():
        held, aside = [], []
    else:
        with Ledger() as ledger:
            held = ledger.held(profile)
            aside = ledger.held(profile, set_aside=True) if args.all else []
    if args.json:
        print_json({"version": JSON_VERSION, "held": [_as_json(r) for r in held],
                    "set_aside": [_as_json(r) for r in aside]})
    else:
        if not held:
            print("Nothing is held: every posting read so far was sent.")
        for record in held:
            _print(record)
        for record in aside:
            print(f"{_where(record)}: set aside by {record.set_aside_by} on"
                  f" {record.set_aside_at} - {record.reason}")
    return ExitCode.ATTENTION if held else ExitCode.OK


def _set_aside(args: argparse.Namespace) -> int:
    from wizard.export.ledger import Ledger

    if args.profile is None:
        raise CommandError(ExitCode.USAGE, "Which export?",
                           "--set-aside needs --profile NAME: the export that holds the posting.")
    profile = require_profile(args.profile)
    with Ledger() as ledger:
        matching = ledger.held_matching(profile.name, args.set_aside)
        if not matching:
            raise CommandError(
                ExitCode.USAGE, "Nothing held by that name",
                f"'{profile.name}' holds no posting '{args.set_aside}'. `{command()} held"
                f" --profile {quoted(profile.name)}` lists what is held.",
            )
        if not args.yes:
            _confirm(matching)
        done = ledger.set_aside(profile.name, args.set_aside, by=_who())
    for record in done:
        print(f"Set aside: {_where(record)} ({record.summary or record.reason}). It will not be"
              " sent; the ledger keeps it with who and when.")
    return ExitCode.OK


def _confirm(records: list[Any]) -> None:
    shown = "; ".join(f"{_where(r)}: {r.summary or r.reason}" for r in records)
    warning = f"This posting will not be sent to e-conomic: {shown}."
    if sys.stdin is not None and sys.stdin.isatty():
        print(warning, file=sys.stderr)
        answer = input("Type yes to set it aside: ")
        if answer.strip().lower() in ("yes", "ja"):
            return
        raise CommandError(ExitCode.USAGE, "Not set aside", "Nothing was changed.")
    raise CommandError(ExitCode.USAGE, "Confirm setting it aside", f"{warning} Add --yes.")


def _who() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no user name on this system: still record that someone chose
        return "unknown user"


def _print(record: Any) -> None:
    gone = "" if record.in_inbox else " (the file is no longer in the inbox)"
    print(f"{_where(record)}{gone}: {record.reason}")
    if record.fix:
        print(f"  What to do: {cli_text(record.fix, record.profile)}")


def _where(record: Any) -> str:
    from pathlib import Path

    name = Path(record.source_file).name
    line = f" line {record.source_line}" if record.source_line is not None else ""
    ident = f" ({record.line_id})" if record.line_id else ""
    return f"{record.profile}: {name}{line}{ident}"


def _as_json(record: Any) -> dict[str, Any]:
    return {
        "profile": record.profile, "line_id": record.line_id, "marker": record.marker,
        "kind": str(record.kind), "file": record.source_file, "line": record.source_line,
        "summary": record.summary, "reason": record.reason, "reason_da": record.reason_da,
        "fix": record.fix, "fix_da": record.fix_da, "held_since": record.first_held_at,
        "in_inbox": record.in_inbox, "set_aside_by": record.set_aside_by,
        "set_aside_at": record.set_aside_at,
    }
