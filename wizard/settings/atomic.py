"""Write a settings file so that a crash, a full disk or a bug can never leave half a file.

The document is written to a temporary file in the same folder (same file system, so the final
rename is atomic), flushed to disk, and only then renamed over the old file. Whatever goes wrong
before the rename leaves the old file exactly as it was and removes the temporary file.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any


def write_toml_atomically(path: Path, document: Mapping[str, Any]) -> None:
    """Replace `path` with `document` as TOML, all or nothing.

    Raises whatever the serialiser or the file system raised (`TypeError` for a value TOML
    cannot hold, `OSError` for the disk); the caller turns that into a message for the user.
    The document is serialised before the file is touched, so a value TOML cannot hold
    changes nothing on disk.
    """
    import tomli_w  # only when writing: the always-running tray only reads settings

    write_bytes_atomically(path, tomli_w.dumps(dict(document)).encode("utf-8"))


def write_bytes_atomically(path: Path, content: bytes) -> None:
    """Replace `path` with `content`, all or nothing (settings, tray state, autostart files)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(
        prefix=f".{path.name}.", suffix=".tmp", dir=path.parent
    )
    try:
        with os.fdopen(descriptor, "wb") as stream:
            stream.write(content)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    _sync_folder(path.parent)


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable (POSIX); Windows has no directory handles to sync."""
    if os.name != "posix":
        return
    with contextlib.suppress(OSError):
        handle = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(handle)
        finally:
            os.close(handle)
