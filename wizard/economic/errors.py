"""The typed errors of the e-conomic client, and the parser for e-conomic's error envelope.

Why typed errors: the wizard, the tray and the CLI must tell a finance admin what to do ("the
app was removed in e-conomic — connect again"), and the export engine must tell "nothing was
posted, try later" from "it may have been posted — reconcile first". So every failure becomes
exactly one class below, built at one boundary (`wizard.economic.http`), carrying:

* `title` / `message` (English) and `title_da` / `message_da` (Danish), from the table in
  `wizard.economic.messages`; `str(error)` is the English message;
* what e-conomic said, for support: `http_status`, `error_code`, `log_id`, `developer_hint`,
  `server_message`;
* never a token and never request headers (server texts are redacted too, in case one is
  echoed back), so an error may be logged, shown and mailed as it is.

`temporary` says whether the same call may simply succeed later (network down, throttled,
e-conomic having a bad minute) — the engine keeps the files waiting instead of rejecting them.

The envelope parser understands every shape seen in the reference (`economic-api.md` §8.2):
the object form `errors: {prop: {errors: [...]}}`, the array form with `arrayIndex` per voucher
and `entries.items[arrayIndex]` per entry, inner items named either `errorCode/message/value`
or `propertyName/errorMessage/inputValue`, and `errors: ["plain strings"]`.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar

from wizard.economic.messages import phrase, render
from wizard.redact import redact_text

# e-conomic's top-level code for "Validation failed. N errors found.".
VALIDATION_FAILED_CODE = "E04300"
IDEMPOTENCY_CODES = frozenset({"URLChanged", "PayloadChanged"})
ATTACHMENT_EXISTS_TEXT = "already has attachment"
# Codes Trustworks matches for closed periods (UNCONFIRMED names, see reference §8.3).
PERIOD_CLOSED_CODES = frozenset(
    {
        "AccountingYearClosed",
        "EntryDateInClosedPeriod",
        "DateInClosedPeriod",
        "PeriodClosed",
        "ClosedAccountingYear",
    }
)

_MAX_DETAILS_IN_MESSAGE = 3


# --- the envelope ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ValidationDetail:
    """One problem e-conomic found in a request.

    `voucher_index` is the position in the posted voucher array (None for a single object),
    `entry_index` the position of the entry inside that voucher (None for voucher-level
    problems); both 0-based, as e-conomic's `arrayIndex`. `field` is the property path relative
    to the voucher or entry (`account`, `Account`, `lines[0].unitNetPrice`).
    """

    voucher_index: int | None
    entry_index: int | None
    field: str
    code: str
    message: str
    value: Any = None

    def describe(self) -> str:
        """A one-line human description: `Voucher 1, line 11: Account '9999' not found.`."""
        where = []
        if self.voucher_index is not None:
            where.append(f"voucher {self.voucher_index + 1}")
        if self.entry_index is not None:
            where.append(f"line {self.entry_index + 1}")
        prefix = ", ".join(where)
        text = self.message or self.code or "invalid value"
        if self.field and self.field.lower() not in text.lower():
            text = f"{self.field}: {text}"
        text = text if text.endswith(".") else text + "."
        return f"{prefix[:1].upper()}{prefix[1:]}: {text}" if prefix else text


@dataclass(frozen=True)
class ErrorEnvelope:
    """e-conomic's error body, parsed. Every field may be empty: bodies vary and some are bare."""

    message: str = ""
    error_code: str = ""
    developer_hint: str = ""
    log_id: str = ""
    http_status: int | None = None
    log_time: str = ""
    details: tuple[ValidationDetail, ...] = ()
    raw: Any = field(default=None, repr=False, compare=False)

    def codes(self) -> set[str]:
        """Every error code in the body: the top-level one and each detail's."""
        found = {self.error_code} if self.error_code else set()
        found.update(detail.code for detail in self.details if detail.code)
        return found

    def mentions(self, needle: str) -> bool:
        """True when `needle` appears (case-insensitively) anywhere in the body."""
        haystack = json.dumps(self.raw, default=str) if self.raw is not None else ""
        return needle.lower() in (haystack + " " + self.message).lower()


def parse_error_envelope(body: bytes | str | Mapping[str, Any] | list[Any] | None) -> ErrorEnvelope:
    """Parse an e-conomic error body (bytes, text or already-decoded JSON). Never raises."""
    data: Any = body
    if isinstance(body, bytes):
        body = body.decode("utf-8", errors="replace")
    if isinstance(body, str):
        try:
            data = json.loads(body) if body.strip() else None
        except ValueError:
            return ErrorEnvelope(message=body.strip()[:500], raw=body)
    if isinstance(data, list):  # a bare list of errors, seen on some endpoints
        data = {"errors": data}
    if not isinstance(data, Mapping):
        return ErrorEnvelope(raw=data)
    details: list[ValidationDetail] = []
    errors = data.get("errors")
    if isinstance(errors, list):
        _walk_voucher_list(errors, details)
    elif isinstance(errors, Mapping):
        _walk(errors, None, None, "", details)
    status = data.get("httpStatusCode")
    return ErrorEnvelope(
        message=_text(data.get("message")),
        error_code=_text(data.get("errorCode")),
        developer_hint=_text(data.get("developerHint")),
        log_id=_text(data.get("logId")),
        http_status=status if isinstance(status, int) else None,
        log_time=_text(data.get("logTime")),
        details=tuple(details),
        raw=data,
    )


def _walk_voucher_list(items: list[Any], out: list[ValidationDetail]) -> None:
    """Top-level `errors` as a list: per-voucher objects with `arrayIndex`, or plain strings."""
    for position, item in enumerate(items):
        if isinstance(item, str):
            out.append(ValidationDetail(None, None, "", "", item))
        elif isinstance(item, Mapping):
            if _is_leaf_item(item) and "arrayIndex" not in item:
                out.append(_leaf(item, None, None, ""))
                continue
            index = item.get("arrayIndex", position)
            _walk(item, index if isinstance(index, int) else position, None, "", out)


def _walk(
    node: Mapping[str, Any],
    voucher: int | None,
    entry: int | None,
    path: str,
    out: list[ValidationDetail],
) -> None:
    for key, value in node.items():
        if key == "arrayIndex":
            continue
        here = f"{path}.{key}" if path else key
        if key == "errors" and isinstance(value, list):
            # `{prop: {errors: [...]}}` — the leaf list for the property at `path`.
            for item in value:
                if isinstance(item, Mapping):
                    out.append(_leaf(item, voucher, entry, path))
                elif isinstance(item, str):
                    out.append(ValidationDetail(voucher, entry, path, "", item))
        elif isinstance(value, Mapping):
            if key == "entries" and not path and entry is None:
                _walk_entries(value, voucher, out)
            else:
                _walk(value, voucher, entry, here, out)
        elif isinstance(value, list):
            # A nested list of sub-objects (invoice `lines`): keep the index in the path.
            for position, item in enumerate(value):
                if isinstance(item, Mapping):
                    index = item.get("arrayIndex", position)
                    _walk(item, voucher, entry, f"{here}[{index}]", out)
                elif isinstance(item, str):
                    out.append(ValidationDetail(voucher, entry, here, "", item))


def _walk_entries(
    node: Mapping[str, Any], voucher: int | None, out: list[ValidationDetail]
) -> None:
    """A voucher's `entries`: lists in it (`items`, or `financeVouchers` etc.) hold one object
    per entry with its `arrayIndex`; anything else is a voucher-level problem under `entries`."""
    for key, value in node.items():
        if isinstance(value, list):
            for position, item in enumerate(value):
                if isinstance(item, Mapping):
                    index = item.get("arrayIndex", position)
                    _walk(item, voucher, index if isinstance(index, int) else position, "", out)
                elif isinstance(item, str):
                    out.append(ValidationDetail(voucher, None, f"entries.{key}", "", item))
        else:
            _walk({key: value}, voucher, None, "entries", out)


def _is_leaf_item(item: Mapping[str, Any]) -> bool:
    return any(k in item for k in ("errorCode", "errorMessage", "propertyName")) or (
        "message" in item and "errors" not in item
    )


def _leaf(
    item: Mapping[str, Any], voucher: int | None, entry: int | None, path: str
) -> ValidationDetail:
    return ValidationDetail(
        voucher_index=voucher,
        entry_index=entry,
        field=path or _text(item.get("propertyName")),
        code=_text(item.get("errorCode")),
        message=_text(item.get("errorMessage", item.get("message"))),
        value=item.get("inputValue", item.get("value")),
    )


def _text(value: Any) -> str:
    return "" if value is None else str(value)


# --- the hierarchy ----------------------------------------------------------------------------


class EconomicError(Exception):
    """Base of every error the e-conomic client raises. `str()` is the plain English message."""

    key: ClassVar[str] = "unexpected_response"
    temporary: ClassVar[bool] = False

    def __init__(
        self,
        *,
        key: str | None = None,
        http_status: int | None = None,
        error_code: str | None = None,
        log_id: str | None = None,
        developer_hint: str | None = None,
        server_message: str | None = None,
        method: str | None = None,
        path: str | None = None,
        **params: Any,
    ) -> None:
        self.key = key or type(self).key
        self.http_status = http_status
        self.error_code = _clean(error_code)
        self.log_id = _clean(log_id)
        self.developer_hint = _clean(developer_hint)
        self.server_message = _clean(server_message)
        self.method = method
        self.path = redact_text(path) if path else path
        params.setdefault("status", http_status if http_status is not None else "?")
        self.params = {k: redact_text(v) if isinstance(v, str) else v for k, v in params.items()}
        self.title, self.message, self.title_da, self.message_da = render(self.key, **self.params)
        super().__init__(self.message)

    def __str__(self) -> str:
        return self.message

    def __repr__(self) -> str:
        parts = [f"key={self.key!r}"]
        for name in ("http_status", "error_code", "log_id"):
            value = getattr(self, name)
            if value:
                parts.append(f"{name}={value!r}")
        return f"{type(self).__name__}({', '.join(parts)})"

    def __reduce__(self) -> tuple[Any, ...]:
        return _rebuild, (type(self), self.__dict__)

    def text(self, language: str = "en") -> tuple[str, str]:
        """(title, message) in `language` ("da…" for Danish, anything else English)."""
        if language.lower().startswith("da"):
            return self.title_da, self.message_da
        return self.title, self.message

    def support_line(self) -> str:
        """What a support person needs: status, code and e-conomic's log id (no secrets)."""
        bits = [type(self).__name__]
        if self.method and self.path:
            bits.append(f"{self.method} {self.path}")
        if self.http_status is not None:
            bits.append(f"HTTP {self.http_status}")
        if self.error_code:
            bits.append(f"code {self.error_code}")
        if self.log_id:
            bits.append(f"logId {self.log_id}")
        if self.developer_hint:
            bits.append(f"hint: {self.developer_hint}")
        return " · ".join(bits)


def _rebuild(cls: type[EconomicError], state: dict[str, Any]) -> EconomicError:
    error = cls.__new__(cls)
    Exception.__init__(error, state.get("message", ""))
    error.__dict__.update(state)
    return error


def _clean(value: str | None) -> str:
    return redact_text(value) if value else ""


class ConfigurationError(EconomicError):
    """The client is set up wrongly (bad base URL, …); nothing was sent."""

    key = "bad_url"


class InsecureURL(ConfigurationError):
    """Plain http:// to a host that is not this computer, or a link to another server."""

    key = "insecure_url"


class InvalidGrantToken(EconomicError):
    """A pasted grant token (or address) does not hold a usable token; `.reason` says why."""

    key = "invalid_grant_token"

    def __init__(self, reason: str, **params: Any) -> None:
        self.reason = reason
        english, danish = phrase(reason, **params)
        super().__init__(reason=english, reason_da=danish)


class NotAuthorised(EconomicError):
    """401: the grant token is wrong, or the app was removed from the agreement."""

    key = "not_authorised"


class Forbidden(EconomicError):
    """403: the user's rights or the app's role do not allow it (demo tokens: writes)."""

    key = "forbidden"


class NotFound(EconomicError):
    """404: the journal, voucher or year does not exist (any more)."""

    key = "not_found"


class ValidationFailed(EconomicError):
    """400: e-conomic refused the content; `.details` lists each problem by voucher and entry."""

    key = "validation_failed"

    def __init__(self, *, details: tuple[ValidationDetail, ...] = (), **kwargs: Any) -> None:
        self.details = tuple(details)
        if "summary" not in kwargs:
            kwargs["summary"] = summarise(self.details, kwargs.get("server_message") or "")
        super().__init__(**kwargs)


class PeriodClosed(ValidationFailed):
    """400: the entry date falls in a closed accounting year or period."""

    key = "period_closed"


class IdempotencyConflict(EconomicError):
    """400 URLChanged / PayloadChanged: the Idempotency-Key was used for another request."""

    key = "idempotency_conflict"


class AttachmentAlreadyExists(EconomicError):
    """400 "Voucher already has attachment": never upload again blindly; check or append."""

    key = "attachment_exists"


class AttachmentRefused(EconomicError):
    """The receipt cannot be attached: too large, wrong type, empty, or refused by e-conomic.

    `.reason` is one of "too_large", "file_type", "empty", "server".
    """

    key = "attachment_refused"

    def __init__(self, reason: str, **kwargs: Any) -> None:
        self.reason = reason
        key = {
            "too_large": "attachment_too_large",
            "file_type": "attachment_file_type",
            "empty": "attachment_empty",
        }.get(reason, "attachment_refused")
        super().__init__(key=key, **kwargs)


class RateLimited(EconomicError):
    """429 after the retries: e-conomic throttles this agreement; `.retry_after` in seconds."""

    key = "rate_limited"
    temporary = True

    def __init__(self, *, retry_after: float | None = None, **kwargs: Any) -> None:
        self.retry_after = retry_after
        if retry_after is None:
            wait_en, wait_da = phrase("a_moment")
        elif retry_after < 120:
            wait_en, wait_da = phrase("seconds", n=max(1, round(retry_after)))
        else:
            wait_en, wait_da = phrase("minutes", n=round(retry_after / 60))
        super().__init__(wait=wait_en, wait_da=wait_da, **kwargs)


class ServerError(EconomicError):
    """5xx on a read (after the retries): e-conomic has a problem on its side."""

    key = "server_error"
    temporary = True


class NetworkError(EconomicError):
    """e-conomic could not be reached (DNS, refused, TLS, or no answer to a read).

    For a write this is raised only when the request surely never left this computer;
    otherwise the write raises `UnknownOutcome`. `.reason` is "connect", "timeout" or "tls".
    """

    key = "network"
    temporary = True

    def __init__(self, reason: str = "connect", **kwargs: Any) -> None:
        self.reason = reason
        key = {"timeout": "network_timeout", "tls": "network_tls"}.get(reason, "network")
        super().__init__(key=key, **kwargs)


class UnknownOutcome(EconomicError):
    """A write that may have reached e-conomic, but no clear answer came back.

    Raised for a timeout or dropped connection after the body was sent, and for a 5xx answer
    to a write (after the retries). The caller must look in e-conomic (by the text marker)
    before sending it again — re-posting blindly could book it twice.
    """

    key = "unknown_outcome"
    temporary = True


class UnexpectedResponse(EconomicError):
    """e-conomic answered with something this client does not understand (status or body)."""

    key = "unexpected_response"


class NoAccountingYear(EconomicError):
    """No accounting year in e-conomic contains the posting date."""

    key = "no_accounting_year"


# --- HTTP status → error (called by the one boundary in wizard.economic.http) -----------------


@dataclass(frozen=True)
class RequestContext:
    """What the boundary knows about the failed request, to pick the right error and wording."""

    method: str
    path: str
    is_write: bool = False
    demo: bool = False
    what: tuple[str, str] | None = None  # (English, Danish) name of the thing for a 404
    filename: str | None = None  # set for attachment uploads
    voucher: str | None = None  # `2025/2026-1043`, for attachment wording


def error_from_response(
    status: int,
    body: bytes | str | None,
    context: RequestContext,
    *,
    retry_after: float | None = None,
) -> EconomicError:
    """The typed error for an HTTP answer that is not a success. Pure: no I/O."""
    envelope = parse_error_envelope(body)
    common: dict[str, Any] = {
        "http_status": status,
        "error_code": envelope.error_code,
        "log_id": envelope.log_id,
        "developer_hint": envelope.developer_hint,
        "server_message": envelope.message,
        "method": context.method,
        "path": context.path,
    }
    if status == 401:
        return NotAuthorised(**common)
    if status == 403:
        if context.demo and context.is_write:
            return Forbidden(key="forbidden_demo", **common)
        return Forbidden(**common)
    if status == 404:
        what_en, what_da = context.what or phrase("thing")
        return NotFound(what=what_en, what_da=what_da, **common)
    if status == 429:
        return RateLimited(retry_after=retry_after, **common)
    if status in (400, 409, 413, 415, 422):
        return _client_error(status, envelope, context, common)
    if status >= 500:
        if context.is_write:
            return UnknownOutcome(**common)
        return ServerError(**common)
    return UnexpectedResponse(**common)


def _client_error(
    status: int, envelope: ErrorEnvelope, context: RequestContext, common: dict[str, Any]
) -> EconomicError:
    codes = envelope.codes()
    conflict = codes & IDEMPOTENCY_CODES or {
        code for code in IDEMPOTENCY_CODES if envelope.mentions(code)
    }
    if conflict:
        code = sorted(conflict)[0]
        common["error_code"] = common["error_code"] or code
        return IdempotencyConflict(code=code, **common)
    if envelope.mentions(ATTACHMENT_EXISTS_TEXT):
        return AttachmentAlreadyExists(voucher=context.voucher or "?", **common)
    if context.filename is not None:
        detail = summarise(envelope.details, envelope.message) or f"HTTP {status}."
        return AttachmentRefused("server", filename=context.filename, detail=detail, **common)
    if codes & PERIOD_CLOSED_CODES or _mentions_closed_period(envelope):
        return PeriodClosed(details=envelope.details, **common)
    return ValidationFailed(details=envelope.details, **common)


def _mentions_closed_period(envelope: ErrorEnvelope) -> bool:
    texts = [envelope.message, *(d.message for d in envelope.details)]
    for text in texts:
        lowered = text.lower()
        if "closed" in lowered and ("year" in lowered or "period" in lowered):
            return True
    return False


def summarise(details: tuple[ValidationDetail, ...], fallback: str = "") -> str:
    """The first few problems as sentences, for the user message."""
    if not details:
        text = fallback.strip()
        return text if not text or text.endswith(".") else text + "."
    lines = [detail.describe() for detail in details[:_MAX_DETAILS_IN_MESSAGE]]
    extra = len(details) - _MAX_DETAILS_IN_MESSAGE
    if extra > 0:
        lines.append(f"(+{extra} more)")
    return " ".join(lines)
