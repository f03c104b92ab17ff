"""The program's log: one rotating file per user, tokens redacted before anything is written.

The log is for support ("Open log" in the tray, the line a crash prints); what the admin must
act on comes from typed results, never from log lines. One line per run and per problem is
enough. Every process writes to the same file: the tray, its worker children and every
command-line run (`cli.main` sets it up for each sub-command).
"""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

import platformdirs

from wizard.redact import TokenRedactingFilter

LOG_NAME = "acubiz-export.log"
MAX_BYTES = 1_000_000
BACKUPS = 5
FORMAT = "%(asctime)s %(levelname)-7s %(name)s: %(message)s"
# A record with this attribute set (`extra={CRASH: True}`) holds a crash's traceback: it goes
# to the file, never to a console handler (the console gets one plain line instead).
CRASH = "acubiz_crash"
CRASH_LOGGER = "wizard.crash"


def log_file_path() -> Path:
    """Where the log file is for this user (it may not exist yet): name it to the user."""
    return platformdirs.user_log_path("acubiz-export") / LOG_NAME


log_path = log_file_path  # the older name, still used by the tray


def setup_logging(level: int = logging.INFO, *, also_stderr: bool = False) -> Path:
    """Attach the rotating file handler to the root logger; return the file's path.

    Idempotent: calling it again adds nothing. If the user's log folder has changed since
    (another XDG folder in the same process, as in tests), the handler is moved to the new
    file. Raises OSError when the log folder cannot be created.
    """
    path = log_file_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    root = logging.getLogger()
    current = _file_handler()
    if current is not None and Path(current.baseFilename) != path.absolute():
        for handler in [h for h in root.handlers if getattr(h, "_acubiz", False)]:
            root.removeHandler(handler)
            handler.close()
        current = None
    if current is None:
        handler = logging.handlers.RotatingFileHandler(
            path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8", delay=True
        )
        handler.setFormatter(logging.Formatter(FORMAT))
        handler.addFilter(TokenRedactingFilter())
        handler._acubiz = True  # type: ignore[attr-defined]
        root.addHandler(handler)
        if also_stderr:
            console = logging.StreamHandler()
            console.setFormatter(logging.Formatter("%(levelname)s: %(message)s"))
            console.addFilter(not_a_crash)
            console.addFilter(TokenRedactingFilter())
            console._acubiz = True  # type: ignore[attr-defined]
            root.addHandler(console)
    root.setLevel(min(root.level or level, level))
    # urllib3 logs every retry at WARNING with the URL (no headers): useful, keep it.
    return path


def log_crash(what: str) -> Path | None:
    """Write the exception being handled, with its traceback (redacted), to the log file.

    Call it from an `except` block. Sets the log up first if nobody did. Returns the log
    file's path, or None when there is no file to write to (the caller then says the error
    itself). Console handlers skip this record (`not_a_crash`).
    """
    try:
        setup_logging()
    except OSError:
        return None
    logging.getLogger(CRASH_LOGGER).error(
        "%s stopped unexpectedly", what, exc_info=True, extra={CRASH: True}
    )
    handler = _file_handler()
    if handler is None:
        return None
    handler.flush()
    return Path(handler.baseFilename)


def not_a_crash(record: logging.LogRecord) -> bool:
    """A logging filter for console handlers: a crash's traceback belongs in the file only."""
    return not getattr(record, CRASH, False)


def _file_handler() -> logging.handlers.RotatingFileHandler | None:
    for handler in logging.getLogger().handlers:
        if getattr(handler, "_acubiz", False) and isinstance(
            handler, logging.handlers.RotatingFileHandler
        ):
            return handler
    return None
