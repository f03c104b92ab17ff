"""The tray's transfers and connection checks, each in a short-lived child process (no Qt).

Why a child process and not a thread: the tray runs for weeks; the engine's HTTP stack and
the keyring would stay in its memory for good after the first run (they double an idle
tray's footprint), and a crash in a native library would take the tray down with it. A child
returns its memory when done and can only fail by itself; the ledger makes any stop safe.

Started by the tray as `acubiz-export tray --worker run|check ...` (hidden options), so the
frozen app needs no second program. Protocol:

- `run --profile NAME --trigger T [--slot S] [--send-again LINE_ID]`: prints ONE JSON line
  at the end, `{"report": <RunReport.to_json()>}`. A line `cancel` on standard input, or
  standard input closing (the tray is gone), stops the transfer between batches; the report
  still comes.
- `check --profile A [--profile B ...]`: prints one JSON line per profile,
  `{"profile": A, "state": "connected|not-connected|unreachable", "company": …,
  "agreement_number": …}`.

`--clock-offset SECONDS` shifts "now" (tests move the tray's clock; the child follows).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import sys
import threading
from collections.abc import Callable
from typing import Any

from wizard.export.connection import Connection, ConnectionState

log = logging.getLogger("wizard.ui.tray")

Clock = Callable[[], dt.datetime]


def worker_command(arguments: list[str]) -> list[str]:
    """The command line of a child worker: the frozen app itself, or this Python."""
    if getattr(sys, "frozen", False):
        base = [sys.executable, "tray"]
    else:
        base = [sys.executable, "-m", "wizard", "tray"]
    return [*base, "--worker", *arguments]


def clock_offset(clock: Clock) -> float:
    """How far `clock` is from the wall clock, in seconds (0 in real life; tests move it)."""
    return (clock() - dt.datetime.now(dt.UTC)).total_seconds()


def add_worker_arguments(parser: argparse.ArgumentParser) -> None:
    hidden = argparse.SUPPRESS
    parser.add_argument("--worker", choices=("run", "check"), help=hidden)
    parser.add_argument("--profile", action="append", default=[], help=hidden)
    parser.add_argument("--trigger", default="manual", help=hidden)
    parser.add_argument("--slot", default=None, help=hidden)
    parser.add_argument("--send-again", default=None, help=hidden)
    parser.add_argument("--settle-seconds", type=float, default=30.0, help=hidden)
    parser.add_argument("--clock-offset", type=float, default=0.0, help=hidden)


def run_worker(args: argparse.Namespace) -> int:
    from wizard.applog import setup_logging

    setup_logging()
    offset = dt.timedelta(seconds=args.clock_offset)

    def clock() -> dt.datetime:
        return dt.datetime.now(dt.UTC) + offset

    if args.worker == "check":
        for name in args.profile:
            _emit(check(name, clock))
        return 0
    report = run(args.profile[0], args.trigger, args.slot, args.settle_seconds, clock,
                 send_again=args.send_again)
    _emit({"report": report})
    return 0


def run(name: str, trigger: str, slot: str | None, settle_seconds: float, clock: Clock,
        send_again: str | None = None) -> dict:
    """One transfer of the profile called `name`, as the report's JSON. Never raises.
    `send_again` posts that already-sent line once more and nothing else (History's
    "Send again", after its warning)."""
    from wizard.export.engine import run_transfer
    from wizard.export.report import ProblemKind, RunProblem, RunReport
    from wizard.settings.profiles import SettingsError
    from wizard.settings.store import get_profile

    cancel = threading.Event()
    threading.Thread(target=_watch_stdin, args=(cancel,), daemon=True).start()
    try:
        profile = get_profile(name)
    except SettingsError as error:
        profile, problem = None, RunProblem(ProblemKind.SETTINGS, error.title, error.message)
    else:
        problem = RunProblem(
            ProblemKind.SETTINGS, "The export is no longer set up",
            f"There is no export called \"{name}\" in the settings any more.",
        )
    if profile is None:
        stamp = clock().isoformat(timespec="seconds")
        report = RunReport(profile=name, trigger=trigger, started_at=stamp, finished_at=stamp)
        report.problems.append(problem)
        from wizard.export.transfer import finish_status

        report.status = finish_status(report)
        report.message = problem.title
        return report.to_json()
    report = run_transfer(profile, trigger=trigger, slot=slot, now=clock,
                          settle_seconds=settle_seconds, cancel=cancel,
                          send_again_line=send_again)
    return report.to_json()


def check(name: str, clock: Clock) -> dict[str, Any]:
    from wizard.settings.profiles import SettingsError
    from wizard.settings.store import get_profile

    try:
        profile = get_profile(name)
    except SettingsError:
        profile = None
    if profile is None:
        return {"profile": name, "state": "unknown"}
    connection = check_connection(profile, clock)
    return {
        "profile": name,
        "state": connection.state.value,
        "company": connection.company,
        "agreement_number": connection.agreement_number,
        "had_token": connection.had_token,  # "connect it" (False) or "connect again" (True)
    }


def check_connection(profile: Any, clock: Clock, client_factory: Any = None) -> Connection:
    """Blocking: one `/self` call for the profile's company and agreement. Never raises.
    No token stored, or 401, is "not connected"; any other failure says nothing about the
    connection ("unreachable": the next run will tell)."""
    from wizard.economic.errors import EconomicError, NotAuthorised
    from wizard.export.engine import NotConnected, client_for_profile
    from wizard.settings.secrets import SecretStoreError

    try:
        client = (client_factory or client_for_profile)(profile)
    except NotConnected:
        return Connection(ConnectionState.NOT_CONNECTED, checked_at=clock(), had_token=False)
    except SecretStoreError as error:
        log.warning("%s: %s", profile.name, error.message)
        return Connection(ConnectionState.UNREACHABLE, checked_at=clock())
    try:
        agreement = client.get_self()
    except NotAuthorised:
        return Connection(ConnectionState.NOT_CONNECTED, checked_at=clock(), had_token=True)
    except EconomicError as error:
        log.info("%s: connection check failed: %s", profile.name, error.support_line())
        return Connection(ConnectionState.UNREACHABLE, checked_at=clock())
    except Exception:
        log.exception("%s: connection check failed", profile.name)
        return Connection(ConnectionState.UNREACHABLE, checked_at=clock())
    finally:
        client.close()
    return Connection(
        ConnectionState.CONNECTED, company=agreement.company_name,
        agreement_number=agreement.agreement_number or None, checked_at=clock(),
    )  # fmt: skip


def _watch_stdin(cancel: threading.Event) -> None:
    try:
        for line in sys.stdin:
            if line.strip() == "cancel":
                break
    except (OSError, ValueError):
        pass
    cancel.set()  # asked to, or the tray is gone: stop at the next safe point


def _emit(data: dict[str, Any]) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False) + "\n")
    sys.stdout.flush()
