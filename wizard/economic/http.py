"""The HTTP transport: one `requests.Session`, urllib3 retries, timeouts, URL safety — and the
one boundary where every library or HTTP failure becomes a typed `EconomicError`.

Decisions, and why:

* **Tokens only go to the configured e-conomic origin.** The base URL must be `https://`, or
  plain `http://` to this computer (loopback: 127.0.0.0/8, ::1, localhost — the sandbox).
  Links e-conomic returns (`nextPage`, `self`, attachment URLs) are followed only when they
  have the same scheme, host and port. Redirects are never followed (requests would carry the
  `X-…Token` headers along). TLS certificates are always verified.
* **A (connect, read) timeout on every call**, (5, 30) seconds by default: an unattended daily
  run must never hang.
* **Retries are urllib3's `Retry` mounted on the session's adapter**, not a hand loop: 429
  (honouring `Retry-After`), 502/503/504 and connection/read errors, with exponential backoff,
  jitter and a small total number of attempts.
* **Why writes may be retried at all.** A POST/PATCH is only ever sent with an
  `Idempotency-Key` header (`request()` refuses a write without one), and urllib3 re-sends the
  identical body bytes and headers on a retry. e-conomic remembers the key for about an hour
  and answers a repeat with the first result, so a retried write cannot create a second
  voucher. That is what makes retrying a dropped connection or a 503 on a POST safe.
* **Why 500 is not retried on writes.** A 500 means e-conomic failed *while* handling the
  request; it may have stored the voucher before failing, and whether its idempotency record
  was stored in the same transaction is not documented. So a 500 on a write is not retried and
  becomes `UnknownOutcome`: the caller reconciles by looking for its text marker before any
  new attempt. (A 500 on a read is retried like 502–504: reading twice is harmless.)
* **After the retries**, on a write: if no attempt surely failed *before* sending (every
  attempt failed to connect) the result is `NetworkError` (nothing was sent); if any attempt
  may have reached e-conomic (read timeout, dropped connection, a 5xx answer) the result is
  `UnknownOutcome`. The same holds when a retried write ends in an answer e-conomic gives
  before it looks at the key (401/403/429) after an earlier attempt may have landed.
* **A `Retry-After` holds the whole client, not one request.** The engine sends from several
  threads (receipts go up in parallel while vouchers are posted); when e-conomic answers 429
  (or 503) with `Retry-After`, the request that got it waits, and so does every other request
  of this client that starts before that time (`_Throttle`), instead of each thread running
  into the limit by itself.
"""

from __future__ import annotations

import json
import logging
import ssl
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal
from typing import Any
from urllib.parse import urlsplit

import requests
from requests.adapters import HTTPAdapter
from urllib3.exceptions import (
    ConnectTimeoutError,
    MaxRetryError,
    ProtocolError,
    ReadTimeoutError,
    ResponseError,
)
from urllib3.exceptions import SSLError as Urllib3SSLError
from urllib3.util.retry import RequestHistory, Retry

from wizard import __version__
from wizard.economic.endpoint import (  # noqa: F401 - re-exported, the names callers know
    BASE_URL_ENV,
    DEFAULT_BASE_URL,
    DEFAULT_TIMEOUT,
    RetryPolicy,
    check_base_url,
    check_idempotency_key,
    is_loopback_host,
    origin_of,
    resolve_base_url,
    retry_after_seconds,
)
from wizard.economic.errors import (
    ConfigurationError,
    EconomicError,
    InsecureURL,
    NetworkError,
    RequestContext,
    UnexpectedResponse,
    UnknownOutcome,
    error_from_response,
)
from wizard.redact import redact, redact_text, remember_secret

log = logging.getLogger("wizard.economic.http")

USER_AGENT = f"acubiz-export/{__version__} (Acubiz e-conomic Export)"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
WRITE_METHODS = frozenset({"POST", "PATCH", "PUT", "DELETE"})


# --- retries ----------------------------------------------------------------------------------


class EconomicRetry(Retry):
    """urllib3's Retry with e-conomic's rules (see the module docstring for the reasoning).

    Differences from the stock class: 500 is retried only for reads; a `Retry-After` longer
    than `retry_after_max` is not waited for (the 429 is returned instead); sleeping goes
    through `sleeper` so tests need not wait; and the attempt history is kept on the final
    `MaxRetryError` (as `.attempts`) so the boundary can tell "never sent" from "maybe sent".
    """

    RETRY_AFTER_STATUS_CODES = frozenset({429, 503})
    sleeper: Callable[[float], None] = staticmethod(time.sleep)  # type: ignore[assignment]
    # Told every Retry-After waited for, so the client's other requests wait too.
    throttle: Callable[[float], None] | None = None

    def new(self, **kw: Any) -> EconomicRetry:
        retry = super().new(**kw)
        retry.sleeper = self.sleeper
        retry.throttle = self.throttle
        return retry

    def is_retry(self, method: str, status_code: int, has_retry_after: bool = False) -> bool:
        if status_code == 500:
            return method.upper() in SAFE_METHODS
        return super().is_retry(method, status_code, has_retry_after)

    def increment(  # type: ignore[override]
        self,
        method: str | None = None,
        url: str | None = None,
        response: Any = None,
        error: Exception | None = None,
        _pool: Any = None,
        _stacktrace: Any = None,
    ) -> EconomicRetry:
        status = getattr(response, "status", None)
        attempts = (*self.history, RequestHistory(method, url, error, status, None))
        if response is not None and response.status in self.RETRY_AFTER_STATUS_CODES:
            wait = retry_after_seconds(response.headers.get("Retry-After"))
            if wait is not None and wait > self.retry_after_max:
                exc = MaxRetryError(_pool, url, ResponseError("Retry-After too long"))
                exc.attempts = attempts  # type: ignore[attr-defined]
                raise exc
        try:
            return super().increment(method, url, response, error, _pool, _stacktrace)
        except MaxRetryError as exc:
            exc.attempts = attempts  # type: ignore[attr-defined]
            raise

    def sleep_for_retry(self, response: Any) -> bool:
        retry_after = self.get_retry_after(response)
        if retry_after:
            if self.throttle is not None:
                self.throttle(retry_after)
            self.sleeper(retry_after)
            return True
        return False

    def _sleep_backoff(self) -> None:
        backoff = self.get_backoff_time()
        if backoff > 0:
            self.sleeper(backoff)


def build_retry(
    policy: RetryPolicy,
    sleeper: Callable[[float], None] = time.sleep,
    throttle: Callable[[float], None] | None = None,
) -> EconomicRetry:
    """The Retry object for the session's adapter."""
    retry = EconomicRetry(
        total=policy.max_attempts - 1,
        connect=None,
        read=None,
        status=None,
        other=0,  # TLS and other odd errors: do not retry, report
        redirect=0,
        allowed_methods=SAFE_METHODS | WRITE_METHODS,  # writes always carry an Idempotency-Key
        status_forcelist=frozenset({429, 502, 503, 504}),
        backoff_factor=policy.backoff_factor,
        backoff_jitter=policy.backoff_jitter,
        backoff_max=policy.backoff_max,
        retry_after_max=policy.retry_after_max,
        respect_retry_after_header=True,
        raise_on_status=False,
        raise_on_redirect=False,
    )
    retry.sleeper = sleeper
    retry.throttle = throttle
    return retry


class _Throttle:
    """The time before which no request of one client starts (the latest `Retry-After`)."""

    def __init__(self, sleep: Callable[[float], None],
                 clock: Callable[[], float] = time.monotonic) -> None:
        self._sleep = sleep
        self._clock = clock
        self._lock = threading.Lock()
        self._not_before = 0.0
        self.waits = 0  # requests held back so far (for tests and logs)

    def hold(self, seconds: float) -> None:
        """e-conomic asked to wait `seconds`: every request of the client waits as long."""
        with self._lock:
            self._not_before = max(self._not_before, self._clock() + seconds)

    def wait(self) -> None:
        """Before a request: wait out a Retry-After another request was given (once; a
        recording `sleep` in tests does not pass time, so this never loops)."""
        with self._lock:
            delay = self._not_before - self._clock()
            if delay > 0:
                self.waits += 1
        if delay > 0:
            log.debug("holding a request %.1f s for e-conomic's Retry-After", delay)
            self._sleep(delay)


# --- the transport ----------------------------------------------------------------------------


class Transport:
    """Sends requests to one e-conomic origin with the auth headers, and converts failures.

    Thread-safe enough for the product's use (one run at a time); create one per client.
    """

    def __init__(
        self,
        *,
        app_secret_token: str,
        agreement_grant_token: str,
        base_url: str | None = None,
        timeout: float | tuple[float, float] = DEFAULT_TIMEOUT,
        retry: RetryPolicy | None = None,
        sleep: Callable[[float], None] = time.sleep,
        user_agent: str = USER_AGENT,
    ) -> None:
        self.base_url = resolve_base_url(base_url)
        self.timeout = _check_timeout(timeout)
        self.retry_policy = retry or RetryPolicy()
        self._origin = origin_of(self.base_url)
        self._secrets = (app_secret_token, agreement_grant_token)
        self.demo = "demo" in (app_secret_token, agreement_grant_token)
        for secret in self._secrets:
            remember_secret(secret)
        self.session = requests.Session()
        self.session.verify = True
        if is_loopback_host(self._origin[1]):
            # No proxy or .netrc for this computer: the sandbox must be reached directly.
            self.session.trust_env = False
        self.session.headers.update(
            {
                "X-AppSecretToken": app_secret_token,
                "X-AgreementGrantToken": agreement_grant_token,
                "Accept": "application/json",
                "User-Agent": user_agent,
            }
        )
        self.throttle = _Throttle(sleep)
        adapter = HTTPAdapter(max_retries=build_retry(self.retry_policy, sleep,
                                                      self.throttle.hold))
        self.session.mount("https://", adapter)
        self.session.mount("http://", adapter)

    def __repr__(self) -> str:
        return (
            f"Transport(base_url={self.base_url!r}, "
            f"grant={redact(self._secrets[1])!r}, app_secret={redact(self._secrets[0])!r})"
        )

    def close(self) -> None:
        self.session.close()

    def url_for(self, target: str) -> str:
        """Absolute URL for a path (`/journals`) or a link e-conomic returned.

        A link to another scheme, host or port raises `InsecureURL` — tokens stay home.
        """
        if target.startswith("/") and not target.startswith("//"):
            return self.base_url + target
        if origin_of(target) != self._origin:
            host = urlsplit(target).netloc or target[:60]
            raise InsecureURL(key="foreign_link", host=host)
        return target

    def request(
        self,
        method: str,
        target: str,
        *,
        query: str | None = None,
        json_body: bytes | None = None,
        files: Mapping[str, tuple[str, bytes, str]] | None = None,
        idempotency_key: str | None = None,
        what: tuple[str, str] | None = None,
        filename: str | None = None,
        voucher: str | None = None,
    ) -> requests.Response:
        """Send one request (with retries) and return the 2xx response, or raise typed.

        `query` is an already-encoded query string. Writes require `idempotency_key`. `what`,
        `filename` and `voucher` only shape the wording of errors.
        """
        method = method.upper()
        is_write = method not in SAFE_METHODS
        headers: dict[str, str] = {}
        if is_write:
            headers["Idempotency-Key"] = check_idempotency_key(idempotency_key)
        url = self.url_for(target)
        if query:
            url += ("&" if "?" in url else "?") + query
        if json_body is not None:
            # Only JSON bodies: for multipart, requests must set the type with its boundary.
            headers["Content-Type"] = "application/json"
        parts = urlsplit(url)
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        context = RequestContext(
            method=method,
            path=path,
            is_write=is_write,
            demo=self.demo,
            what=what,
            filename=filename,
            voucher=voucher,
        )
        self.throttle.wait()
        try:
            response = self.session.request(
                method,
                url,
                data=json_body,
                files=files,
                headers=headers,
                timeout=self.timeout,
                allow_redirects=False,
            )
        except requests.RequestException as exc:
            error = self._convert_exception(exc, context)
            log.debug("%s %s failed: %s (%s)", method, path, type(error).__name__,
                      redact_text(_describe(exc), self._secrets))
            raise error from None
        log.debug("%s %s -> %s", method, path, response.status_code)
        if 200 <= response.status_code < 300:
            return response
        if (
            is_write
            and response.status_code in _ANSWERED_BEFORE_IDEMPOTENCY
            and _an_earlier_attempt_may_have_landed(response)
        ):
            # e.g. the first POST was processed but its answer dropped, the retry got a 429:
            # the 429 says nothing about the first attempt, so the voucher may well exist.
            raise UnknownOutcome(http_status=response.status_code, method=method, path=path)
        retry_after = retry_after_seconds(response.headers.get("Retry-After"))
        if retry_after is not None and retry_after <= self.retry_policy.retry_after_max:
            self.throttle.hold(retry_after)  # the others wait too, even once this one gives up
        raise error_from_response(
            response.status_code, response.content, context, retry_after=retry_after
        )

    def _convert_exception(
        self, exc: requests.RequestException, ctx: RequestContext
    ) -> EconomicError:
        """requests/urllib3 exception → NetworkError or UnknownOutcome (or ConfigurationError)."""
        common: dict[str, Any] = {"method": ctx.method, "path": ctx.path,
                                  "developer_hint": redact_text(_describe(exc), self._secrets)}
        if isinstance(exc, (requests.exceptions.InvalidURL, requests.exceptions.MissingSchema,
                            requests.exceptions.InvalidSchema)):
            return ConfigurationError(url=self.base_url, problem="invalid address", **common)
        max_retry = _find(exc, MaxRetryError)
        final = max_retry.reason if max_retry is not None else _underlying(exc)
        attempts: Iterable[RequestHistory] = getattr(max_retry, "attempts", ()) or ()
        errors = [attempt.error for attempt in attempts if attempt.error is not None]
        answered = any(attempt.status is not None for attempt in attempts)
        if final is not None and final not in errors:
            errors.append(final)
        if ctx.is_write and (answered or not errors or not all(map(_never_sent, errors))):
            return UnknownOutcome(**common)
        if _is_tls_error(exc, final):
            return NetworkError("tls", **common)
        if isinstance(final, ReadTimeoutError) or isinstance(exc, requests.exceptions.ReadTimeout):
            return NetworkError("timeout", **common)
        return NetworkError("connect", **common)


# Answers given before e-conomic looks at the Idempotency-Key (auth, throttling): such an answer
# to a retry says nothing about whether an earlier attempt of the same write was stored.
_ANSWERED_BEFORE_IDEMPOTENCY = frozenset({401, 403, 429})


def _an_earlier_attempt_may_have_landed(response: requests.Response) -> bool:
    """True when an earlier attempt of this request may have reached e-conomic (urllib3 keeps
    the attempts in `response.raw.retries.history`)."""
    retries = getattr(response.raw, "retries", None)
    for attempt in getattr(retries, "history", ()) or ():
        if attempt.status is not None and attempt.status >= 500:
            return True
        if attempt.error is not None and not _never_sent(attempt.error):
            return True
    return False


def _never_sent(error: BaseException) -> bool:
    """True when this failure surely happened before the request reached e-conomic."""
    if isinstance(error, ConnectTimeoutError):  # includes refused and DNS (NewConnectionError)
        return True
    # A certificate that fails verification stops the TLS handshake: nothing was sent.
    return _find(error, ssl.SSLCertVerificationError) is not None


def _is_tls_error(exc: BaseException, final: BaseException | None) -> bool:
    return isinstance(exc, requests.exceptions.SSLError) or isinstance(
        final, (Urllib3SSLError, ssl.SSLError)
    )


def _underlying(exc: BaseException) -> BaseException | None:
    """The urllib3 error inside a requests exception, when there was no MaxRetryError."""
    for candidate in (*getattr(exc, "args", ()), exc.__cause__, exc.__context__):
        if isinstance(candidate, (ProtocolError, ReadTimeoutError, ConnectTimeoutError,
                                  Urllib3SSLError)):
            return candidate
    return None


def _find(exc: BaseException | None, kind: type[Any], _depth: int = 0) -> Any:
    """The first `kind` instance in the exception, its args, reason, cause or context."""
    if exc is None or _depth > 6:
        return None
    if isinstance(exc, kind):
        return exc
    candidates = [*getattr(exc, "args", ()), getattr(exc, "reason", None), exc.__cause__,
                  exc.__context__]
    for candidate in candidates:
        if isinstance(candidate, BaseException):
            found = _find(candidate, kind, _depth + 1)
            if found is not None:
                return found
    return None


def _describe(exc: BaseException) -> str:
    """A short developer description of a library error (no request, so no headers)."""
    return f"{type(exc).__name__}: {exc}"[:500]


def _check_timeout(timeout: float | tuple[float, float]) -> tuple[float, float]:
    if isinstance(timeout, (int, float)):
        timeout = (float(timeout), float(timeout))
    connect, read = timeout
    if connect <= 0 or read <= 0:
        raise ValueError("timeouts must be positive numbers of seconds")
    return float(connect), float(read)


def expect_json(response: requests.Response, *, is_write: bool = False) -> Any:
    """The JSON body of a success (numbers with decimals as Decimal).

    An unreadable body is `UnexpectedResponse` — or `UnknownOutcome` for a write, because a 2xx
    to a write means e-conomic did store something we could not read back.
    """
    try:
        return json.loads(response.content, parse_float=Decimal) if response.content else None
    except ValueError:
        parts = urlsplit(response.url or "")
        cls = UnknownOutcome if is_write else UnexpectedResponse
        raise cls(http_status=response.status_code, method=response.request.method,
                  path=parts.path) from None
