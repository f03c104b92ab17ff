"""Where a file goes after a run: ``sent/<YYYY-MM-DD>/`` or ``rejected/`` (+ the reasons), or it
stays in the inbox with ``<name>.errors.txt`` beside it listing what is held.

The program never deletes an expense file. Moves stay inside the inbox folder (same file
system, so ``os.replace`` is atomic) and never overwrite: a name that is taken gets `` (2)``,
`` (3)``... so the same file exported twice by Acubiz keeps both copies.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from datetime import date
from pathlib import Path

SENT_FOLDER = "sent"
REJECTED_FOLDER = "rejected"
ERRORS_SUFFIX = ".errors.txt"
# The folders keep their (English) names on disk; a message names them by what they hold, in
# the admin's language, with the name on disk so it can be found.
_FOLDER_WORDS = {
    SENT_FOLDER: ('the "sent" folder in the inbox',
                  'mappen med sendte filer ("sent" i indbakken)'),
    REJECTED_FOLDER: ('the "rejected" folder in the inbox',
                      'mappen med afviste filer ("rejected" i indbakken)'),
}  # fmt: skip


def folder_words(folder: str) -> tuple[str, str]:
    """(English, Danish) words for one of the inbox's own folders, for messages."""
    return _FOLDER_WORDS.get(folder, (f'the "{folder}" folder', f'mappen "{folder}"'))


def move_to_sent(path: Path, inbox: Path, day: date) -> Path:
    """Move a file whose every line e-conomic confirmed into ``sent/<day>/``."""
    return _move(path, inbox / SENT_FOLDER / day.isoformat())


def move_to_rejected(path: Path, inbox: Path, problems: Iterable[str], header: str) -> Path:
    """Move a file that failed validation into ``rejected/`` with ``<name>.errors.txt`` beside
    it, listing every problem (one per line) under a header that says what to do."""
    target = _move(path, inbox / REJECTED_FOLDER)
    report = target.with_name(target.name + ERRORS_SUFFIX)
    lines = [header, ""]
    lines += [f"- {problem}" for problem in problems]
    _write_text_atomically(report, "\n".join(lines) + "\n")
    return target


def write_errors_file(path: Path, header: str, entries: Iterable[str]) -> None:
    """Write (or refresh) the list of held postings beside a file that stays in the inbox."""
    lines = [header, ""]
    lines += list(entries)
    _write_text_atomically(path, "\n".join(lines) + "\n")


def remove_errors_file(path: Path) -> None:
    """The file went to sent/ (or nothing is held any more): its list of problems is stale.
    Only our own `.errors.txt` is ever removed, never an expense file."""
    if path.name.endswith(ERRORS_SUFFIX):
        path.unlink(missing_ok=True)


def _move(path: Path, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    target = _free_name(folder / path.name)
    # os.link + unlink would refuse to overwrite too, but not across file systems; the free
    # name is checked right before the rename, and only this program writes these folders.
    os.replace(path, target)
    return target


def _free_name(wanted: Path) -> Path:
    if not wanted.exists():
        return wanted
    stem, suffix = wanted.stem, wanted.suffix
    number = 2
    while True:
        candidate = wanted.with_name(f"{stem} ({number}){suffix}")
        if not candidate.exists():
            return candidate
        number += 1


def _write_text_atomically(path: Path, text: str) -> None:
    temporary = path.with_name(f".{path.name}.tmp")
    with open(temporary, "w", encoding="utf-8", newline="\n") as stream:
        stream.write(text)
        stream.flush()
        os.fsync(stream.fileno())
    os.replace(temporary, path)
