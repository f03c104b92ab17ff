"""What the command line tells a person to type, and fixes said in command-line words.

Two jobs, both at the command line's output boundary:

- `command()`: the way *this* person starts the program, so every suggestion runs as printed.
  `acubiz-export` when that is on PATH (an installed program, `uv tool install .`);
  `sh tools/dev.sh` when run through the clone's `tools/dev.sh` (it says so in
  `$ACUBIZ_EXPORT_COMMAND`); the program folder's own path when a built program that is not on
  PATH runs; else `python -m wizard` with this very interpreter.
- `cli_text()`: the engine's messages are written for the wizard and the tray ("choose the
  folder again in Settings"). At a prompt there is no Settings window, so the command line
  says the flag or command that does the same. The engine keeps one set of words; this table
  is the one place that knows their command-line twins (English only, like all CLI output).
"""

from __future__ import annotations

import os
import re
import shutil
import sys
from pathlib import Path

COMMAND_ENV = "ACUBIZ_EXPORT_COMMAND"
PROGRAM = "acubiz-export"
SUBCOMMANDS = ("setup", "tray", "transfer", "status", "held", "profile", "connect", "sandbox",
               "demo")


def command() -> str:
    """How to start the program here, ready to be followed by a sub-command."""
    given = os.environ.get(COMMAND_ENV, "").strip()
    if given:
        return given
    if getattr(sys, "frozen", False):
        executable = Path(sys.executable)
        on_path = shutil.which(executable.name)
        if on_path and Path(on_path).resolve() == executable.resolve():
            return executable.name
        return shell_quoted(str(executable))
    if shutil.which(PROGRAM):
        return PROGRAM
    return f"{shell_quoted(sys.executable)} -m wizard"


def shell_quoted(text: str) -> str:
    """A path as it must be typed: quoted when it holds a space or other special character
    (double quotes work in sh, PowerShell and cmd)."""
    if text and all(char.isalnum() or char in "-_.:/\\+@%=," for char in text):
        return text
    return '"' + text.replace('"', '\\"') + '"'


def runnable(text: str) -> str:
    """`text` with each `acubiz-export <sub-command>` in it made the command this person has
    (see `command()`); unchanged when that is `acubiz-export` itself."""
    prefix = command()
    if prefix == PROGRAM:
        return text
    pattern = re.compile(rf"\b{PROGRAM} (?=(?:{'|'.join(SUBCOMMANDS)})\b)")
    return pattern.sub(lambda _match: f"{prefix} ", text)


def cli_text(text: str, profile_name: str, *, connected_before: bool | None = None) -> str:
    """An engine message (a problem's message or a held line's fix) in command-line words.

    `connected_before`: whether the profile ever had a token here (None: not known). "Again"
    is said only when it had one: a profile never connected is told to connect *first*.
    """
    name = quoted(profile_name)
    run = command()
    edit = f"`{run} profile edit {name}"
    connect = f"`{run} connect --profile {name}`"
    if connected_before is False:
        reconnect = f" Connect it first: {connect}."
    else:
        reconnect = f" Connect it again: {connect}."
    for gui, cli in (
        (" Open Settings and connect the app to e-conomic again.", reconnect),
        (" Connect again from Settings.", reconnect),
        ("choose the folder again in Settings.", f"choose another folder: {edit} --inbox DIR`."),
        ("Give each export its own inbox folder in Settings.",
         f"Give each export its own inbox folder: {edit} --inbox DIR`."),
        ("choose another folder in Settings.", f"choose another folder: {edit} --inbox DIR`."),
        ("choose another journal in Settings",
         f"choose another journal with {edit} --journal-name NAME`"),
        ("(or the mapping in Settings)", f"(or the mapping: {edit} --map CATEGORY=ACCOUNT`)"),
        ("Correct the department mapping in Settings.",
         f"Correct the department mapping: {edit} --department-map VALUE=NUMBER`."),
        ("Choose one in Settings (\"Folder for the import file\").",
         f"Choose one: {edit} --import-file-folder DIR`."),
    ):
        text = text.replace(gui, cli)
    # History's "Don't send this" is `held --set-aside` at a prompt.
    held = f"`{run} held --profile {name} --set-aside"
    text = re.sub(r"select it in History and choose Don't send this \(one of ([^)]*)\)",
                  lambda match: f"{held} FILE#LINE` (here {match[1]})", text)
    text = re.sub(r"select it in History and choose Don't send this \(([^)]*)\)",
                  lambda match: f"{held} {match[1]}`", text)
    # Anything else the GUI calls "in Settings" is a profile setting too.
    text = text.replace(" in Settings", f" with {edit} ...`")
    return runnable(text)


def settling_files(inbox: Path, settle_seconds: float | None = None) -> list[tuple[str, int]]:
    """Files in `inbox` that look ready but changed too recently to be read yet, with the
    seconds (rounded up) until they have settled: `transfer` leaves them for the next run, and
    both `transfer` and `status` say so instead of "nothing to send" next to "2 waiting"."""
    import math
    import time

    from wizard.export.source import DEFAULT_SETTLE_SECONDS, find_ready_files

    settle = DEFAULT_SETTLE_SECONDS if settle_seconds is None else settle_seconds
    now = time.time()
    every = find_ready_files(inbox, settle_seconds=0, now=now)
    ready = {path.name for path in find_ready_files(inbox, settle_seconds=settle, now=now)}
    found = []
    for path in every:
        if path.name in ready:
            continue
        try:
            age = now - path.stat().st_mtime
        except OSError:
            continue
        found.append((path.name, max(1, math.ceil(settle - age))))
    return found


def settling_text(name: str, seconds: int) -> str:
    """`EMS_EA-….csv: waiting to settle (25 s)`: the same words in `transfer` and `status`."""
    return f"{name}: waiting to settle ({seconds} s)"


def quoted(name: str) -> str:
    """A profile name as it must be typed in a command line (works in sh and cmd)."""
    if name and all(char.isalnum() or char in "-_.:/" for char in name):
        return name
    return '"' + name.replace('"', '\\"') + '"'
