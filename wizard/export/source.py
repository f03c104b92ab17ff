"""Ready data: which files in a profile's inbox may be read now, and reading one of them.

A file is ready when it sits directly in the inbox folder (Acubiz writes into `.temp` folders
first; `sent/` and `rejected/` are ours), its name ends in `.csv` or `.json`, it is not hidden
(editors and sync tools park temporary files as `.name` or `~$name`) and it has not changed for
a settle time, so a file still being copied in is left for the next run.

Reading one (`read_file`) gives a `ParsedFile`: the postings that can be sent (`lines`), the
ones held with their problems (`held`, never stopping the others), whole-file problems only
for a file that cannot be read at all (`problems`: it goes to `rejected/`), and `unterminated`
when its last line has no line break yet. The readers work on the bytes in memory in one pass
(`textfile` for bytes, lines and fields; `formats/acubiz` and `formats/simple` for the formats).
"""

from __future__ import annotations

import logging
import time
from pathlib import Path

from wizard.export.formats.acubiz import looks_like_acubiz, parse_acubiz
from wizard.export.formats.simple import parse_simple_csv, parse_simple_json
from wizard.export.lines import Bilingual, FileFormat, ParsedFile, Problem
from wizard.settings.profiles import ExportProfile

_log = logging.getLogger(__name__)

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
# A fault in this program, not in the file. The exception's own words ("KeyError: 'x'") are
# for support: they go to the log, never into the reason the admin reads.
_READER_FAULT = Bilingual(
    "The file could not be read because of a fault in this program (the details are in"
    " the program's log).",
    "Filen kunne ikke læses på grund af en fejl i programmet (detaljerne står i"
    " programmets log).",
)
_READER_FAULT_FIX = Bilingual(
    "Send the file and the program's log to support; put the file back in the inbox folder"
    " once the program is updated.",
    "Send filen og programmets log til support; læg filen tilbage i indbakken, når"
    " programmet er opdateret.",
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

    Never raises: a posting with a problem is in `ParsedFile.held`, a file that cannot be read
    at all has `ParsedFile.problems`. A file that cannot be opened is a problem too (another
    program may hold it; the next run retries). Should a reader itself fail, that is logged and
    reported as a problem of the file rather than stopping the whole transfer.
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
    file_format: FileFormat = "acubiz" if profile.input_format == "acubiz" else "simple"
    try:
        file_format = _guess_format(path, data, profile)
        if file_format == "acubiz":
            return parse_acubiz(path, data, profile)
        if path.suffix.lower() == ".json":
            return parse_simple_json(path, data, profile)
        return parse_simple_csv(path, data, profile)
    except Exception as error:  # a reader bug must not stop every other file and profile
        _log.exception("Reading %s failed (%s)", path, type(error).__name__)
        return ParsedFile(path=path, format=file_format, problems=[Problem.of(
            path, None, None, _READER_FAULT, _READER_FAULT_FIX
        )])


def _guess_format(path: Path, data: bytes, profile: ExportProfile) -> FileFormat:
    if profile.input_format == "acubiz":
        return "acubiz"
    if profile.input_format == "simple":
        return "simple"
    if path.suffix.lower() == ".json":
        return "simple"
    return "acubiz" if looks_like_acubiz(path, data) else "simple"
