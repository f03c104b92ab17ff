"""The `acubiz-export` front door: one argparse parser, each sub-command in its own module.

Sub-command modules are imported only when chosen, so `acubiz-export transfer` never pays for
loading Qt, and `--help` is instant.

Every sub-command run — CLI, tray, the tray's workers, the wizard — writes to the same
rotating, redacted log (`wizard.applog`): a line when it starts and ends, and the traceback of
a crash. A crash prints one plain line naming the log file and exits with 1.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import os
import sys
from collections.abc import Sequence

# name → (module that defines `add_arguments(parser)` and `run(args) -> int`, one-line help)
SUBCOMMANDS: dict[str, tuple[str, str]] = {
    "sandbox": ("wizard.sandbox.cli", "run the local e-conomic stand-in (REST API + add-app page)"),
    "demo": ("wizard.demo", "start the sandbox with a demo company and show where to go next"),
    "setup": ("wizard.ui.setup.command", "the setup wizard: connect e-conomic, set up an export"),
    "tray": ("wizard.ui.tray.command", "the exporter in the system tray: sends at the daily time"),
    "transfer": ("wizard.commands.transfer", "send what is ready in the inbox to e-conomic now"),
    "status": ("wizard.commands.status", "profiles, next and last run, what waits, what failed"),
    "held": ("wizard.commands.held", "postings held back with the reason and the fix; set aside"),
    "profile": ("wizard.commands.profile", "add, edit, list, show or remove export profiles"),
    "connect": ("wizard.commands.connect", "connect a profile to e-conomic (token on stdin)"),
}


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The whole parser; given `argv`, only the command it names is filled in, so the tray
    and its workers do not load every other command's modules (the rest keep their help)."""
    parser = argparse.ArgumentParser(
        prog="acubiz-export",
        description="Moves approved Acubiz expense postings into a Visma e-conomic cash journal.",
    )
    parser.add_argument("--version", action=_VersionAction)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    chosen = _chosen_command(argv)
    for name, (module_name, help_text) in SUBCOMMANDS.items():
        command = sub.add_parser(name, help=help_text, description=help_text)
        if chosen is not None and name != chosen:
            continue
        module = importlib.import_module(module_name)
        module.add_arguments(command)
        command.set_defaults(_run=module.run)
    return parser


def _chosen_command(argv: Sequence[str] | None) -> str | None:
    """The sub-command `argv` names (the first word; the program's own options take no
    value), or None when it names none or argv was not given."""
    if argv is None:
        return None
    for word in argv:
        if not word.startswith("-"):
            return word if word in SUBCOMMANDS else None
    return None


class _VersionAction(argparse.Action):
    """`--version`, with the version looked up only when asked for."""

    def __init__(self, option_strings: Sequence[str], dest: str, **kwargs: object) -> None:
        super().__init__(option_strings, dest, nargs=0, help="show the version and exit")

    def __call__(self, parser: argparse.ArgumentParser, *_: object) -> None:
        from wizard import __version__

        print(f"{parser.prog} {__version__}")  # on standard output, as argparse's own does
        parser.exit()


def main(argv: Sequence[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    parser = build_parser(argv)
    args = parser.parse_args(argv)
    if getattr(args, "_run", None) is None:
        parser.print_help()
        return 0
    command = _command_name(args)
    log = _start_log(command)
    try:
        code = int(args._run(args) or 0)
    except KeyboardInterrupt:
        log.info("%s stopped by the user", command)
        print("Stopped.", file=sys.stderr)
        return 130
    except Exception:
        from wizard.commands.common import report_crash

        return int(report_crash(command))
    log.info("%s ended with exit code %d", command, code)
    return code


def _command_name(args: argparse.Namespace) -> str:
    """`transfer`, `profile add`: what the log says ran. Never the arguments themselves: they
    may hold folder names of people or an address with a password in it."""
    action = getattr(args, "action", None)
    return f"{args.command} {action}" if isinstance(action, str) else str(args.command)


def _start_log(command: str) -> logging.Logger:
    """The shared log file, set up once per process (a folder that cannot be written to only
    means no log: the command still runs)."""
    from wizard.applog import setup_logging

    log = logging.getLogger("wizard.cli")
    try:
        setup_logging()
    except OSError:
        return log
    from wizard import __version__

    log.info("%s started (version %s, process %d)", command, __version__, os.getpid())
    return log
