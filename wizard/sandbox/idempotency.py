"""The `Idempotency-Key` header on writes, as observed on e-conomic (reference §9.2).

Within the TTL (default one hour), per agreement: same key + same URL + same body → the first
response again, nothing new created; same key + another URL → 400 `URLChanged`; same key +
another body → 400 `PayloadChanged`. Records live in the store (so they survive a restart with
`--data`) and are written only when a request completed; a second request with a key that is
still being processed gets 409 (see `begin`).
"""

from __future__ import annotations

import hashlib
import json
import threading
import time
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from werkzeug.wrappers import Request, Response

from wizard.sandbox.errors import ApiError
from wizard.sandbox.multipart import fields_of, files_of
from wizard.sandbox.store import Store

WRITE_METHODS = {"POST", "PATCH", "PUT", "DELETE"}
HEADER = "Idempotency-Key"
# UNCONFIRMED: whether e-conomic marks a replayed response; Stripe's header name is used so
# tests (and curious developers) can tell a replay from a fresh answer.
REPLAY_HEADER = "Idempotent-Replayed"
_KEPT_HEADERS = ("Location", "Content-Type")


@dataclass(frozen=True)
class Claim:
    """A key being processed now; hand it back to `finish` or `abandon`."""

    scope: str
    key: str
    url: str
    fingerprint: str


class Idempotency:
    def __init__(self, store: Store, ttl: float = 3600.0) -> None:
        self.store = store
        self.ttl = float(ttl)
        self._lock = threading.Lock()
        self._in_flight: dict[tuple[str, str], Claim] = {}

    def begin(self, scope: str, key: str, request: Request) -> Claim | Response:
        """Claim `key` for this request, or return the response to send instead."""
        url = f"{request.method} {request.full_path.rstrip('?')}"
        fingerprint = fingerprint_body(request)
        claim = Claim(scope, key, url, fingerprint)
        with self._lock:
            self.store.forget_idempotency_before(time.time() - self.ttl)
            previous: Any = self._in_flight.get((scope, key))
            if previous is None:
                previous = self.store.idempotency_record(scope, key)
            if previous is None:
                self._in_flight[(scope, key)] = claim
                return claim
        if isinstance(previous, Claim):
            prev_url, prev_print = previous.url, previous.fingerprint
        else:
            prev_url, prev_print = previous["url"], previous["fingerprint"]
        if prev_url != url:
            raise ApiError(
                400,
                "The idempotency key has already been used for a request to another URL.",
                f"Idempotency-Key '{key}' was first used for '{prev_url}'. Use a new key for "
                "every distinct request.",
                "URLChanged",
            )
        if prev_print != fingerprint:
            raise ApiError(
                400,
                "The idempotency key has already been used with another payload.",
                f"Idempotency-Key '{key}' was first used with a different body. Use a new key "
                "for every distinct request.",
                "PayloadChanged",
            )
        if isinstance(previous, Claim):
            # UNCONFIRMED: what e-conomic does while the first request is still running. We
            # answer 409 at once (like Stripe) rather than wait: deterministic, and a client
            # that retries after Retry-After gets the replay.
            raise ApiError(
                409,
                "A request with this idempotency key is still being processed.",
                "Retry after a moment; you will then receive the original response.",
                "IdempotencyKeyInUse",
                headers={"Retry-After": "1"},
            )
        headers = dict(json.loads(previous["headers"]))
        headers[REPLAY_HEADER] = "true"
        return Response(previous["body"], status=previous["status"], headers=headers)

    def finish(self, claim: Claim, response: Response) -> None:
        """Remember the completed response (server errors are not remembered).

        UNCONFIRMED: whether e-conomic also replays 4xx answers; we do (like Stripe), so a
        retried invalid request gets the same 400 and a corrected one needs a new key.
        """
        try:
            if response.status_code < 500:
                kept = [(k, v) for k, v in response.headers.items() if k in _KEPT_HEADERS]
                self.store.save_idempotency_record(
                    claim.scope, claim.key, claim.url, claim.fingerprint,
                    response.status_code, kept, response.get_data(),
                )  # fmt: skip
        finally:
            self.abandon(claim)

    def abandon(self, claim: Claim) -> None:
        with self._lock:
            self._in_flight.pop((claim.scope, claim.key), None)


def fingerprint_body(request: Request) -> str:
    """A hash of what the request asks for, independent of incidental encoding.

    JSON: canonical form (sorted keys, numbers normalised, so 250 and 250.00 are the same).
    multipart/form-data: the raw bytes of every part with its field name and filename, but not
    the boundary, which HTTP clients pick at random per request — otherwise a faithful retry of
    an upload would always be "PayloadChanged". Anything else: the raw body bytes.
    """
    digest = hashlib.sha256()
    if request.mimetype == "multipart/form-data":
        for part in sorted(files_of(request), key=lambda part: part.name):
            digest.update(f"{part.name}\0{part.filename}\0{len(part.data)}\0".encode())
            digest.update(part.data)
        for name, value in sorted(
            (part.name, part.data.decode("utf-8", "replace")) for part in fields_of(request)
        ):
            digest.update(f"{name}\0{value}\0".encode())
        return "multipart:" + digest.hexdigest()
    raw = request.get_data(cache=True)
    if request.mimetype == "application/json" or raw[:1] in (b"{", b"["):
        try:
            parsed = json.loads(raw, parse_float=Decimal, parse_int=Decimal)
        except (ValueError, UnicodeDecodeError):
            pass
        else:
            canonical = json.dumps(parsed, sort_keys=True, separators=(",", ":"), default=_num)
            return "json:" + hashlib.sha256(canonical.encode()).hexdigest()
    digest.update(raw)
    return "raw:" + digest.hexdigest()


def _num(value: Decimal) -> str:
    normal = value.normalize()
    return format(normal, "f") if value == value.to_integral() else str(normal)
