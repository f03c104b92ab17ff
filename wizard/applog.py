"""The program's log: one rotating file per user, tokens redacted before anything is written.

The log is for support ("Open log" in the tray); what the admin must act on comes from typed
results, never from log lines. One line per run and per problem is enough.
"""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

import platformdirs

from wizard.economic.redact import TokenRedactingFilter

LOG_NAME = "acubiz-export.log"
MAX_BYTES = 1_000_000
BACKUPS = 5
FORMAT = "%(asctime)s %(levelname)-7s %(name)s: %(message)s"


def log_path() -> Path:
    return platformdirs.user_log_path("acubiz-export") / LOG_NAME


def setup_logging(level: int = logging.INFO, *, also_stderr: bool = False) -> Path:
    """Attach the rotating file handler (once) to the root logger; return the file's path."""
    path = log_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    root = logging.getLogger()
    if not any(getattr(handler, "_acubiz", False) for handler in root.handlers):
        handler = logging.handlers.RotatingFileHandler(
            path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8"
        )
        handler.setFormatter(logging.Formatter(FORMAT))
        handler.addFilter(TokenRedactingFilter())
        handler._acubiz = True  # type: ignore[attr-defined]
        root.addHandler(handler)
        if also_stderr:
            console = logging.StreamHandler()
            console.setFormatter(logging.Formatter("%(levelname)s: %(message)s"))
            console.addFilter(TokenRedactingFilter())
            console._acubiz = True  # type: ignore[attr-defined]
            root.addHandler(console)
    root.setLevel(min(root.level or level, level))
    # urllib3 logs every retry at WARNING with the URL (no headers): useful, keep it.
    return path
