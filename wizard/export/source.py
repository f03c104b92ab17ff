"""Ready data: which files in a profile's inbox may be read now, and reading one of them.

A file is ready when it sits directly in the inbox folder (Acubiz writes into `.temp` folders
first; `sent/` and `rejected/` are ours), its name ends in `.csv` or `.json`, it is not hidden
(editors and sync tools park temporary files as `.name` or `~$name`) and it has not changed for
a settle time, so a file still being copied in is left for the next run.
"""

from __future__ import annotations

import time
from pathlib import Path

from wizard.export.acubiz_format import looks_like_acubiz, parse_acubiz
from wizard.export.lines import Bilingual, FileFormat, ParsedFile, Problem
from wizard.export.simple_format import parse_simple_csv, parse_simple_json
from wizard.settings.profiles import ExportProfile

READY_SUFFIXES = (".csv", ".json")
DEFAULT_SETTLE_SECONDS = 30.0

# {reason} is the operating system's own words ("Permission denied").
_UNREADABLE = Bilingual(
    "The file could not be read ({reason}).", "Filen kunne ikke læses ({reason})."
)
_UNREADABLE_FIX = Bilingual(
    "Close any program that has it open; the next transfer tries again.",
    "Luk de programmer, der har filen åben; næste overførsel prøver igen.",
)


def find_ready_files(
    inbox: Path, settle_seconds: float = DEFAULT_SETTLE_SECONDS, now: float | None = None
) -> list[Path]:
    """The files in `inbox` that are ready to read, sorted by name (Acubiz names sort by time).

    `now` is the wall clock as `time.time()` gives it; tests pass their own. A missing inbox
    gives [] (the caller reports the missing folder; it is not this function's job).
    """
    now = time.time() if now is None else now
    try:
        entries = list(inbox.iterdir())
    except (FileNotFoundError, NotADirectoryError):
        return []
    ready = []
    for entry in entries:
        name = entry.name
        if name.startswith((".", "~")) or not name.lower().endswith(READY_SUFFIXES):
            continue
        try:
            status = entry.stat()
        except OSError:  # vanished or locked between listing and looking: next run
            continue
        if not entry.is_file() or now - status.st_mtime < settle_seconds:
            continue
        ready.append(entry)
    return sorted(ready, key=lambda path: path.name)


def read_file(path: Path, profile: ExportProfile) -> ParsedFile:
    """Parse and check one ready file with the profile's format, mapping and receipt rules.

    Never raises for bad content: everything wrong is in `ParsedFile.problems`. A file that
    cannot be opened is a problem too (another program may hold it; the next run retries).
    """
    try:
        data = path.read_bytes()
    except OSError as error:
        return ParsedFile(path=path, format=_guess_format(path, b"", profile), problems=[
            Problem.of(
                path, None, None, _UNREADABLE.format(reason=error.strerror or error),
                _UNREADABLE_FIX,
            )
        ])
    file_format = _guess_format(path, data, profile)
    if file_format == "acubiz":
        return parse_acubiz(path, data, profile)
    if path.suffix.lower() == ".json":
        return parse_simple_json(path, data, profile)
    return parse_simple_csv(path, data, profile)


def _guess_format(path: Path, data: bytes, profile: ExportProfile) -> FileFormat:
    if profile.input_format == "acubiz":
        return "acubiz"
    if profile.input_format == "simple":
        return "simple"
    if path.suffix.lower() == ".json":
        return "simple"
    return "acubiz" if looks_like_acubiz(path, data) else "simple"
