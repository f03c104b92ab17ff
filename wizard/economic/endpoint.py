"""Where requests may go and how hard to try: the base URL and link safety rules, the retry
policy, `Retry-After` and Idempotency-Key checks. Plain Python, no HTTP library: the wizard's
first page, the settings and the tray read these without loading `requests` and urllib3 (a
quarter of a second at start); `http.py` builds the transport on them.
"""

from __future__ import annotations

import ipaddress
import os
import re
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

from wizard.economic.errors import ConfigurationError, InsecureURL

DEFAULT_BASE_URL = "https://restapi.e-conomic.com"
BASE_URL_ENV = "ACUBIZ_EXPORT_API_URL"
DEFAULT_TIMEOUT: tuple[float, float] = (5.0, 30.0)
# Printable ASCII without spaces: it travels in a header and must be byte-identical on replay.
_IDEMPOTENCY_KEY_RE = re.compile(r"^[\x21-\x7e]{1,255}$")
_DEFAULT_PORTS = {"http": 80, "https": 443}


@dataclass(frozen=True)
class RetryPolicy:
    """How hard to try before giving up. With the defaults, backoff waits total under ~10 s.

    `max_attempts` counts the first try (5 = 1 + 4 retries). Backoff before retry n (n ≥ 2) is
    `backoff_factor * 2**(n-1)` plus up to `backoff_jitter`, capped at `backoff_max`. A
    `Retry-After` up to `retry_after_max` seconds is waited out; a longer one is not retried
    and surfaces as `RateLimited` with `.retry_after`, so an unattended run can come back later.
    """

    max_attempts: int = 5
    backoff_factor: float = 0.5
    backoff_jitter: float = 0.5
    backoff_max: float = 10.0
    retry_after_max: float = 60.0

    def __post_init__(self) -> None:
        if not 1 <= self.max_attempts <= 10:
            raise ValueError("max_attempts must be between 1 and 10")
        if min(self.backoff_factor, self.backoff_jitter, self.backoff_max) < 0:
            raise ValueError("backoff values must not be negative")


# --- base URL and link safety -------------------------------------------------------------------


def resolve_base_url(base_url: str | None = None) -> str:
    """The API base URL to use: the argument, else `$ACUBIZ_EXPORT_API_URL`, else e-conomic's.

    Checked with `check_base_url` (raises `InsecureURL` / `ConfigurationError`).
    """
    if base_url is None:
        base_url = os.environ.get(BASE_URL_ENV, "").strip() or DEFAULT_BASE_URL
    return check_base_url(base_url)


def check_base_url(url: str) -> str:
    """`url` without a trailing slash, if it is safe to send tokens to; raises otherwise.

    The errors show the address with any `user:password@` replaced by `…@`: a password typed
    into the address must not reach the screen or the log.
    """
    text = (url or "").strip()
    shown = _without_user_info(text)
    try:
        parts = urlsplit(text)
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError:
        raise ConfigurationError(url=shown, problem="the host or port is not valid") from None
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https") or not parts.hostname:
        raise ConfigurationError(url=shown, problem="it must start with https://")
    if "@" in parts.netloc:
        raise ConfigurationError(
            url=shown, problem="remove the user name and password before the @; e-conomic"
            " needs none in the address",
        )
    if parts.query or parts.fragment or text.endswith(("?", "#")):
        raise ConfigurationError(url=shown, problem="remove the ? or # part")
    if scheme == "http" and not is_loopback_host(parts.hostname):
        raise InsecureURL(url=shown)
    return text.rstrip("/")


def _without_user_info(url: str) -> str:
    """`scheme://user:password@host/…` as `scheme://…@host/…`; anything else unchanged."""
    scheme, separator, rest = url.partition("://")
    end = min((i for i in (rest.find(c) for c in "/?#") if i != -1), default=len(rest))
    if not separator or "@" not in rest[:end]:
        return url
    return f"{scheme}://…@{rest[:end].rpartition('@')[2]}{rest[end:]}"


def is_loopback_host(host: str | None) -> bool:
    """True for localhost, 127.0.0.0/8 and ::1 — where plain http:// cannot be intercepted."""
    if not host:
        return False
    host = host.strip("[]").lower().rstrip(".")
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def origin_of(url: str) -> tuple[str, str, int]:
    """(scheme, host, port) with the default port filled in, for same-origin checks."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower().rstrip(".")
    port = parts.port or _DEFAULT_PORTS.get(scheme, 0)
    return scheme, host, port


def retry_after_seconds(value: str | None) -> float | None:
    """A `Retry-After` header value in seconds (integer form or HTTP date), or None."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    import email.utils  # the HTTP-date form is rare: its parser loads only when needed

    parsed = email.utils.parsedate_tz(value)
    if parsed is None:
        return None
    return max(0.0, email.utils.mktime_tz(parsed) - time.time())


def check_idempotency_key(key: str | None) -> str:
    """The key, if usable; a write without one is a programming error, never sent."""
    if not isinstance(key, str) or not _IDEMPOTENCY_KEY_RE.match(key):
        raise ValueError(
            "every write to e-conomic needs an Idempotency-Key: 1–255 printable ASCII "
            "characters without spaces, stored with the request body before sending"
        )
    return key
