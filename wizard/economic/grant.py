"""The "add app" grant flow: the address the admin opens, and reading back the token they paste.

e-conomic's grant is not OAuth: the admin opens `requestaccess.aspx?appPublicToken=…` while
logged in, clicks "Add app" ("Tilføj app"), and e-conomic either redirects to our `redirectUrl`
with `?token=<grant token>` or shows the token on a page ("Tilføjet"). Redirects to a loopback
address are not confirmed to work, so pasting is the primary path — and admins paste all sorts
of things: the bare token, the whole redirect address, the token in quotes, with a trailing
space or line break. `extract_grant_token` accepts all of those and says plainly what is wrong
otherwise.
"""

from __future__ import annotations

import re
from urllib.parse import unquote, urlencode, urlsplit

from wizard.economic.errors import InvalidGrantToken

DEFAULT_GRANT_SITE = "https://secure.e-conomic.com"
REQUEST_ACCESS_PATH = "/secure/api1/requestaccess.aspx"
DEMO_TOKEN = "demo"
MIN_TOKEN_LENGTH = 40
MAX_TOKEN_LENGTH = 64
TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]{40,64}$")
LOCALES = ("da-DK", "en-US", "en-GB", "sv-SE", "nb-NO")

# `token=` as its own query/fragment parameter (not the tail of `appPublicToken=`), and the
# defensive alias `agreementGrantToken=`.
_TOKEN_PARAM_RE = re.compile(r"(?:^|[?&#;])(?:token|agreementGrantToken)=([^&#;\s]*)", re.I)
_QUOTES = "\"'`“”‘’«»<>"


def add_app_url(
    app_public_token: str,
    *,
    redirect_url: str | None = None,
    locale: str | None = None,
    site: str = DEFAULT_GRANT_SITE,
) -> str:
    """The address that asks the admin to add our app to their e-conomic agreement.

    `site` is e-conomic's login site (the sandbox passes its own base URL); `locale` sets the
    page language (`da-DK`, `en-US`, …); `redirect_url` should have no query string of its own.
    """
    params = [("appPublicToken", app_public_token)]
    if redirect_url:
        params.append(("redirectUrl", redirect_url))
    if locale:
        params.append(("locale", locale))
    return f"{site.rstrip('/')}{REQUEST_ACCESS_PATH}?{urlencode(params)}"


def extract_grant_token(pasted: str) -> str:
    """The grant token in what the admin pasted (bare token or whole address).

    Strips whitespace and quotes, takes the value after `token=` (or `agreementGrantToken=`)
    when an address was pasted, and checks the format. Raises `InvalidGrantToken` with a plain
    reason ("too short", "bad characters", "that is the add-app page", …).
    """
    text = _strip(pasted or "")
    if not text:
        raise InvalidGrantToken("empty")
    match = _TOKEN_PARAM_RE.search(text)
    if match:
        candidate = _strip(unquote(match.group(1)))
    elif _looks_like_address(text):
        reason = "add_app_address" if "appPublicToken=" in text or "appId=" in text else (
            "address_without_token"
        )
        raise InvalidGrantToken(reason)
    else:
        # Tokens never contain whitespace; a line break slips in when copied from a wrapped page.
        candidate = "".join(text.split())
    problem = token_problem(candidate)
    if problem is not None:
        reason, params = problem
        raise InvalidGrantToken(reason, **params)
    return candidate


def token_problem(token: str) -> tuple[str, dict[str, object]] | None:
    """Why `token` is not a plausible grant token — (reason, details) — or None when it is.

    Lenient on purpose (reference §1.5): 40–64 characters of `A–Z a–z 0–9 _ -`, or `demo`.
    Reasons: "empty", "bad_characters", "too_short", "too_long".
    """
    if not token:
        return "empty", {}
    if token == DEMO_TOKEN:
        return None
    bad = sorted({char for char in token if not re.match(r"[A-Za-z0-9_-]", char)})
    if bad:
        shown = " ".join(repr(char) if char.strip() else "space" for char in bad[:5])
        return "bad_characters", {"chars": shown}
    if len(token) < MIN_TOKEN_LENGTH:
        return "too_short", {"length": len(token)}
    if len(token) > MAX_TOKEN_LENGTH:
        return "too_long", {"length": len(token)}
    return None


def is_valid_grant_token(token: str) -> bool:
    """True for a plausible grant token (format only; `GET /self` is the real check)."""
    return token_problem(token) is None


def _strip(text: str) -> str:
    return text.strip().strip(_QUOTES).strip()


def _looks_like_address(text: str) -> bool:
    if "://" in text or text.lower().startswith("www."):
        return True
    parts = urlsplit(text)
    return bool(parts.query) or ("=" in text and ("?" in text or "&" in text))
