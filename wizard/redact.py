"""Keep tokens out of reprs, exception texts and log files.

A grant token is the key to a company's books: anyone holding it (with the app secret) can post
to the ledger. Logs get attached to support e-mails, so the rule is simple: never show more than
the last four characters (`…dTI1`), enough to tell two tokens apart, useless to an attacker.

`TokenRedactingFilter` is meant for the app's log *handlers* (a filter on a handler sees every
record that reaches it, including urllib3's and requests'); it rewrites each record's message
and exception text. It hides every secret it was told about (and every secret registered with
`remember_secret`, which `EconomicClient` does for its own tokens) plus anything that looks
like an e-conomic token: 40–64 characters of `A–Z a–z 0–9 _ -` standing alone. That pattern
also catches other long identifiers (SHA-1 hashes, long idempotency keys); hiding a harmless
id is the price of never leaking a token.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Iterable

ELLIPSIS = "…"

# A token-looking run: 40–64 token characters not glued to more token characters.
TOKEN_PATTERN = re.compile(r"(?<![A-Za-z0-9_-])[A-Za-z0-9_-]{40,64}(?![A-Za-z0-9_-])")

# Secrets shorter than this are never shown at all (showing 4 of 8 characters would be half).
_MIN_LENGTH_TO_SHOW_TAIL = 16

_known_secrets: set[str] = set()
_known_lock = threading.Lock()


def redact(secret: str | None) -> str:
    """The secret as `…` plus at most its last 4 characters; "" for no secret."""
    if not secret:
        return ""
    if len(secret) < _MIN_LENGTH_TO_SHOW_TAIL:
        return ELLIPSIS
    return ELLIPSIS + secret[-4:]


def remember_secret(secret: str | None) -> None:
    """Register a secret so every `TokenRedactingFilter` hides it, whatever its shape.

    Process-wide on purpose: the app's log handlers are set up before any client exists.
    """
    if secret and len(secret) >= 4:
        with _known_lock:
            _known_secrets.add(secret)


def redact_text(text: str, secrets: Iterable[str] = ()) -> str:
    """`text` with known secrets and token-looking strings replaced by their redacted form."""
    if not text:
        return text
    with _known_lock:
        known = set(_known_secrets)
    known.update(s for s in secrets if s and len(s) >= 4)
    # Longest first, so a secret that contains another is replaced whole.
    for secret in sorted(known, key=len, reverse=True):
        if secret in text:
            text = text.replace(secret, redact(secret))
    return TOKEN_PATTERN.sub(lambda match: redact(match.group(0)), text)


class TokenRedactingFilter(logging.Filter):
    """A logging filter that rewrites each record so no token reaches the handler's output.

    Attach it to handlers (`handler.addFilter(TokenRedactingFilter())`). It never drops a
    record; it formats the message once, redacts it and stores the result (args cleared), and
    pre-renders the exception text the same way.
    """

    def __init__(self, secrets: Iterable[str] = (), name: str = "") -> None:
        super().__init__(name)
        self._secrets: set[str] = {s for s in secrets if s}

    def add_secret(self, secret: str | None) -> None:
        """Also hide this secret in future records."""
        if secret:
            self._secrets.add(secret)

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a broken format string must not lose the record or leak args
            message = str(record.msg)
        record.msg = redact_text(message, self._secrets)
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact_text(record.exc_text, self._secrets)
        if record.stack_info:
            record.stack_info = redact_text(record.stack_info, self._secrets)
        return True
