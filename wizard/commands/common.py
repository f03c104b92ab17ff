"""What the headless sub-commands share: exit codes, errors, secrets from stdin, token state.

The exit codes are an interface (scripts, cron, Task Scheduler and monitoring act on them), so
they live in ONE place, `ExitCode`, and every command returns one of them. the README lists
them; a new code may be added, an existing one never changes meaning.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import functools
import getpass
import json
import logging
import os
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import IntEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from wizard.commands.cli_words import quoted

if TYPE_CHECKING:
    from wizard.settings.profiles import ExportProfile

PROG = "acubiz-export"
JSON_VERSION = 1  # of the CLI's own JSON envelopes ({"version": 1, ...})
# RunStatus value -> words for people (transfer's summary lines, status's last run).
STATUS_WORDS = {
    "ok": "everything sent",
    "nothing-to-send": "nothing to send",
    "attention": "needs attention",
    "waiting": "waiting, will be retried",
    "error": "failed",
    "dry-run": "dry run, nothing sent",
}


class ExitCode(IntEnum):
    """How a command ended. 0 is the only success."""

    OK = 0  # done; for transfer: everything ready was sent, or there was nothing to send
    UNEXPECTED = 1  # a bug or an unforeseen failure; the message (and the log) says more
    USAGE = 2  # wrong command line, unknown or invalid profile, damaged settings file; in a
    #            transfer, a setting the run cannot work with (inbox folder missing, ...)
    ATTENTION = 3  # the admin must act: reconnect, journal, accounting year, rejected files,
    #                refused vouchers; password store locked or missing (profile, connect)
    TEMPORARY = 4  # network down, e-conomic unavailable, outcome unknown: data waits, retry
    BUSY = 5  # another run of the same profile is in progress (tray or another command)


# When several profiles end differently, the command exits with the most urgent code: the one
# a person must act on first. (Temporary and busy fix themselves on a later run.)
URGENCY = (
    ExitCode.USAGE,
    ExitCode.ATTENTION,
    ExitCode.UNEXPECTED,
    ExitCode.TEMPORARY,
    ExitCode.BUSY,
    ExitCode.OK,
)


def most_urgent(codes: Iterable[ExitCode]) -> ExitCode:
    found = set(codes)
    return next((code for code in URGENCY if code in found), ExitCode.OK)


class CommandError(Exception):
    """Stops a command: `title` and `message` go to stderr, `code` is the exit code."""

    def __init__(self, code: ExitCode, title: str, message: str = "") -> None:
        super().__init__(f"{title}: {message}" if message else title)
        self.code = code
        self.title = title
        self.message = message


def guarded(body: Callable[[argparse.Namespace], int]) -> Callable[[argparse.Namespace], int]:
    """Wrap a command's `run`: typed failures become a message on stderr and an exit code, and
    nothing a user can cause ends in a traceback."""

    @functools.wraps(body)
    def run(args: argparse.Namespace) -> int:
        from wizard.settings.profiles import SettingsError
        from wizard.settings.secrets import SecretStoreError

        configure_output()
        try:
            return int(body(args))
        except CommandError as error:
            say_problem(error.title, error.message)
            return error.code
        except SettingsError as error:
            say_problem(error.title, error.message)
            return ExitCode.USAGE
        except SecretStoreError as error:
            say_problem(error.title, error.message)
            return ExitCode.ATTENTION
        except (KeyboardInterrupt, SystemExit):
            raise
        except Exception:
            return report_crash(getattr(args, "command", None) or body.__module__)

    return run


def _command() -> str:
    from wizard.commands.cli_words import command

    return command()


def report_crash(command: str) -> ExitCode:
    """For the exception being handled: its traceback to the log file (redacted), ONE plain
    line on stderr that says where the log is, and the exit code for it.

    The line never holds the exception's text (it may quote a path, an address or worse);
    the log has it, redacted. Without a log file the line names the error instead.
    """
    from wizard.applog import log_crash
    from wizard.redact import redact_text

    path = log_crash(command)
    if path is not None:
        say_problem(f"{PROG} stopped unexpectedly. Details are in {path}")
    else:
        error = sys.exc_info()[1]
        detail = redact_text(str(error) or type(error).__name__)
        say_problem(f"{PROG} stopped unexpectedly", f"{type(error).__name__}: {detail}")
    return ExitCode.UNEXPECTED


# -- output -----------------------------------------------------------------------------------


def configure_output() -> None:
    """Never crash on a character the console cannot show (a cp1252 pipe on Windows and an
    arrow in an e-conomic message); send log errors to stderr through the token filter."""
    for stream in (sys.stdout, sys.stderr):
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "")
        if encoding != "utf8" and hasattr(stream, "reconfigure"):
            # A closed or unusual stream: leave it as it is.
            with contextlib.suppress(ValueError, OSError):
                stream.reconfigure(errors="backslashreplace")
    _install_log_handler()


def say_problem(title: str, message: str = "", stream: Any = None) -> None:
    """`Title: message` on stderr (or `stream`)."""
    separator = ":" if message.startswith("\n") else ": "
    text = f"{title}{separator}{message}" if message else title
    print(text, file=stream or sys.stderr)


def print_json(data: Any) -> None:
    """JSON on stdout: UTF-8 text where the console takes it, ASCII escapes elsewhere."""
    encoding = (getattr(sys.stdout, "encoding", None) or "").lower().replace("-", "")
    print(json.dumps(data, indent=2, ensure_ascii=encoding != "utf8"))


def format_moment(moment: datetime, zone_name: str) -> str:
    """`Thu 27 Nov 16:00 (Europe/Copenhagen)`: the moment in the profile's zone."""
    from zoneinfo import ZoneInfo

    try:
        local = moment.astimezone(ZoneInfo(zone_name))
    except (ValueError, KeyError, OSError):  # a damaged zone name: show it in UTC instead
        local, zone_name = moment.astimezone(), "local time"
    return f"{local:%a} {local.day} {local:%b %H:%M} ({zone_name})"


class _StderrHandler(logging.StreamHandler):
    """Writes to whatever `sys.stderr` is at the time (tests swap it)."""

    @property  # type: ignore[override]
    def stream(self) -> Any:
        return sys.stderr

    @stream.setter
    def stream(self, value: Any) -> None:
        pass


def _install_log_handler() -> None:
    from wizard.applog import not_a_crash
    from wizard.redact import TokenRedactingFilter

    logger = logging.getLogger("wizard")
    if any(isinstance(handler, _StderrHandler) for handler in logger.handlers):
        return
    handler = _StderrHandler()
    # Errors only: warnings repeat what the report already says, and a scheduled task's
    # stderr should hold the one-line reason, not a second copy of it.
    handler.setLevel(logging.ERROR)
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    handler.addFilter(not_a_crash)  # `report_crash` prints its own single line
    handler.addFilter(TokenRedactingFilter())
    logger.addHandler(handler)


# -- input ------------------------------------------------------------------------------------


class SecretInput:
    """Secrets from standard input when it is piped (one per line, in the order asked), or from
    a no-echo prompt when it is a terminal. Never from the command line, where every user of
    the machine can read it in the process list."""

    def __init__(self) -> None:
        self._lines: list[str] | None = None

    @property
    def interactive(self) -> bool:
        stdin = sys.stdin
        try:
            return bool(stdin is not None and stdin.isatty())
        except (ValueError, OSError):
            return False

    def read(self, prompt: str) -> str:
        """The next secret ("" when there is none)."""
        if self.interactive:
            return getpass.getpass(prompt)
        if self._lines is None:
            try:
                text = sys.stdin.read() if sys.stdin is not None else ""
            except (OSError, ValueError):
                text = ""
            # By position: line 1 is the first secret asked for, line 2 the second. Blank lines
            # are not skipped, or an empty first line would make the second secret the first.
            self._lines = [line.strip() for line in text.lstrip("\ufeff").splitlines()]
        return self._lines.pop(0) if self._lines else ""


def yes_no(text: str) -> bool:
    """argparse type for `yes|no` flags (also true/false, 1/0, on/off, ja/nej)."""
    value = text.strip().lower()
    if value in {"yes", "y", "true", "1", "on", "ja", "j"}:
        return True
    if value in {"no", "n", "false", "0", "off", "nej"}:
        return False
    raise argparse.ArgumentTypeError(f"'{text}' is not yes or no")


# -- profiles ---------------------------------------------------------------------------------


def require_profile(name: str) -> ExportProfile:
    """The profile called `name`, or a usage error that lists the names there are."""
    from wizard.settings.store import load_profiles

    profiles = load_profiles()
    for profile in profiles:
        if profile.name == name:
            return profile
    known = ", ".join(f"'{p.name}'" for p in profiles)
    hint = f" The profiles are: {known}." if known else (
        f" There are no profiles yet; add one with `{_command()} profile add --name NAME"
        " --inbox DIR`."
    )
    raise CommandError(ExitCode.USAGE, "No such profile", f"There is no profile '{name}'.{hint}")


def profile_to_json(profile: ExportProfile) -> dict[str, Any]:
    """Every field of the profile as plain JSON values (None stays null). Never a token: the
    profile has no field that could hold one; a password in an API address written into the
    file by hand is shown as `…@`."""
    from wizard.settings.validation import display_url

    data: dict[str, Any] = {}
    for item in dataclasses.fields(profile):
        value = getattr(profile, item.name)
        if isinstance(value, Path):
            value = str(value)
        elif item.name == "category_map":
            value = {
                category: {"account": mapping.account, "vat_code": mapping.vat_code}
                for category, mapping in value.items()
            }
        elif isinstance(value, dict):
            value = dict(value)
        elif item.name == "api_base_url" and value is not None:
            value = display_url(value)
        data[item.name] = value
    return data


@dataclass(frozen=True)
class Connection:
    """Whether a profile can reach its e-conomic agreement, told without the token.

    `connected`: True when a grant token is stored (and, if `grant` is set, e-conomic accepted
    it); False when none is stored or e-conomic refused it; None when it cannot be said (the
    password store could not be asked, or e-conomic could not be reached). `grant` is the
    answer of `GET /self` (a `GrantCheck` value), None when e-conomic was not asked.
    """

    connected: bool | None
    token_hint: str | None = None  # `…dTI1`
    store: str | None = None  # the password store's name
    problem: str | None = None  # why it cannot be said
    grant: str | None = None
    company: str | None = None
    agreement_number: int | None = None

    def describe(self, profile_name: str) -> str:
        again = f"{_command()} connect --profile {quoted(profile_name)}"
        if self.grant == GrantCheck.REVOKED:
            return (
                "not connected: the app was removed in e-conomic or the token is no longer"
                f" valid; connect again ({again})"
            )
        if self.grant == GrantCheck.NO_APP_SECRET:
            return f"not connected: {self.problem}; connect again ({again})"
        if self.grant in (GrantCheck.OFFLINE, GrantCheck.UNAVAILABLE, GrantCheck.FAILED):
            return f"could not check ({self.problem}); token {self.token_hint} in {self.store}"
        if self.connected and self.grant == GrantCheck.VALID:
            number = f", agreement {self.agreement_number}" if self.agreement_number else ""
            return (
                f"connected to {self.company}{number} (token {self.token_hint} in {self.store})"
            )
        if self.connected:
            return f"connected (token {self.token_hint} in {self.store})"
        if self.connected is None:
            return f"unknown: {self.problem}"
        return f"not connected yet (connect it first: {again})"

    def to_json(self) -> dict[str, Any]:
        return {
            "connected": self.connected,
            "token": self.token_hint,
            "store": self.store,
            "problem": self.problem,
            "grant": self.grant,
            "company": self.company,
            "agreement_number": self.agreement_number,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Connection:
        """The inverse of `to_json`."""
        return cls(
            data.get("connected"), data.get("token"), data.get("store"), data.get("problem"),
            data.get("grant"), data.get("company"), data.get("agreement_number"),
        )


def connection_of(profile_name: str) -> Connection:
    """Whether a grant token is stored for the profile (e-conomic is not asked)."""
    return _stored_grant(profile_name)[0]


# -- does e-conomic still accept the grant? ----------------------------------------------------


class GrantCheck:
    """What `GET /self` said about a stored grant (the `grant` of a `Connection`)."""

    VALID = "valid"
    REVOKED = "revoked"  # 401: the app was removed from the agreement, or the token is wrong
    NO_APP_SECRET = "no-app-secret"  # nothing to ask with
    OFFLINE = "offline"  # e-conomic could not be reached
    UNAVAILABLE = "unavailable"  # e-conomic answered with a temporary failure
    FAILED = "failed"  # any other answer, or an unusable address


GRANT_CHECK_CACHE_SECONDS = 60.0
# `status` asks once, quickly: a monitoring script must not wait out the engine's backoff.
GRANT_CHECK_TIMEOUT = (3.0, 10.0)
_CACHEABLE = (GrantCheck.VALID, GrantCheck.REVOKED)  # a failure to ask is asked again
_GRANT_CACHE_FILE = "grant-checks.json"


def verified_connection(profile: ExportProfile) -> Connection:
    """`connection_of`, and when a token is stored, whether e-conomic still accepts it.

    A cheap `GET /self`, remembered for `GRANT_CHECK_CACHE_SECONDS` in a small file in the
    user cache folder (profile name, API address, the token's last four characters, the
    answer and the company; never the token), so a monitoring script that runs `status` every
    few seconds does not ask e-conomic each time. Never raises for a failed check: it says
    "could not check" instead of "connected".
    """
    stored, grant = _stored_grant(profile.name)
    if grant is None:
        return stored
    base_url = _address_asked(profile)
    cached = _cached_check(profile.name, base_url, stored.token_hint)
    if cached is not None:
        return dataclasses.replace(stored, **cached)
    answer = _ask_economic(profile, grant)
    if answer["grant"] in _CACHEABLE:
        _remember_check(profile.name, base_url, stored.token_hint, answer)
    return dataclasses.replace(stored, **answer)


def forget_grant_check(profile_name: str) -> None:
    """Drop the remembered answer for a profile (after `connect` stored a new token)."""
    cache = _read_grant_cache()
    if cache.pop(profile_name, None) is not None:
        _write_grant_cache(cache)


def _address_asked(profile: ExportProfile) -> str:
    """The API address a check goes to (the profile's, else $ACUBIZ_EXPORT_API_URL's, else
    e-conomic's): an answer about one address says nothing about another."""
    from wizard.economic.http import BASE_URL_ENV

    return (profile.api_base_url or os.environ.get(BASE_URL_ENV, "")).strip().rstrip("/")


def _stored_grant(profile_name: str) -> tuple[Connection, str | None]:
    from wizard.redact import redact
    from wizard.settings.secrets import SecretStoreError, backend_name, load_grant_token

    try:
        token = load_grant_token(profile_name)
    except SecretStoreError as error:
        problem = f"{error.title}. {error.message}"
        return Connection(None, store=error.backend, problem=problem), None
    if token is None:
        return Connection(False), None
    return Connection(True, token_hint=redact(token), store=backend_name()), token


def _ask_economic(profile: ExportProfile, grant: str) -> dict[str, Any]:
    """`Connection` fields from one `GET /self` with the profile's tokens."""
    from wizard.economic import EconomicClient, RetryPolicy
    from wizard.economic.errors import EconomicError, NetworkError, NotAuthorised
    from wizard.economic.http import resolve_base_url
    from wizard.settings.secrets import SecretStoreError, load_app_secret

    try:
        base_url = resolve_base_url(profile.api_base_url)
        secret = load_app_secret(base_url)
        if secret is None:
            return {"connected": False, "grant": GrantCheck.NO_APP_SECRET,
                    "problem": f"no app secret token is stored for {base_url}"}
        with EconomicClient(
            secret, grant, base_url=base_url, timeout=GRANT_CHECK_TIMEOUT,
            retry=RetryPolicy(max_attempts=2, backoff_factor=0.2, backoff_jitter=0.1),
        ) as client:
            agreement = client.get_self()
    except NotAuthorised:
        return {"connected": False, "grant": GrantCheck.REVOKED}
    except NetworkError:
        return {"connected": None, "grant": GrantCheck.OFFLINE, "problem": "offline"}
    except EconomicError as error:
        kind = GrantCheck.UNAVAILABLE if error.temporary else GrantCheck.FAILED
        return {"connected": None, "grant": kind, "problem": error.title}
    except SecretStoreError as error:
        return {"connected": None, "grant": GrantCheck.FAILED, "problem": error.title}
    return {
        "connected": True, "grant": GrantCheck.VALID, "company": agreement.company_name,
        "agreement_number": agreement.agreement_number or None,
    }


def _grant_cache_path() -> Path:
    import platformdirs

    return platformdirs.user_cache_path("acubiz-export") / _GRANT_CACHE_FILE


def _cached_check(name: str, base_url: str, hint: str | None) -> dict[str, Any] | None:
    import time

    entry = _read_grant_cache().get(name)
    if not isinstance(entry, dict) or entry.get("base_url") != base_url:
        return None
    if entry.get("token_hint") != hint or entry.get("grant") not in _CACHEABLE:
        return None
    age = time.time() - float(entry.get("checked_at", 0))
    if not 0 <= age < GRANT_CHECK_CACHE_SECONDS:
        return None
    keys = ("connected", "grant", "company", "agreement_number")
    return {key: entry.get(key) for key in keys}


def _remember_check(name: str, base_url: str, hint: str | None, answer: dict[str, Any]) -> None:
    import time

    cache = _read_grant_cache()
    cache[name] = {
        "base_url": base_url, "token_hint": hint, "checked_at": time.time(),
        **{key: answer.get(key) for key in ("connected", "grant", "company", "agreement_number")},
    }
    _write_grant_cache(cache)


def _read_grant_cache() -> dict[str, Any]:
    try:
        data = json.loads(_grant_cache_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    entries = data.get("profiles") if isinstance(data, dict) else None
    return entries if isinstance(entries, dict) else {}


def _write_grant_cache(entries: dict[str, Any]) -> None:
    """Best effort: a cache that cannot be written only means asking e-conomic next time."""
    from wizard.settings.atomic import write_bytes_atomically

    content = json.dumps({"version": 1, "profiles": entries}, indent=1).encode("utf-8")
    with contextlib.suppress(OSError):
        write_bytes_atomically(_grant_cache_path(), content)
