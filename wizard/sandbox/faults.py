"""Fault injection: the bad days of a real API, on demand and reproducibly.

Two kinds:
* **Random faults** (`latency_ms`, `fail_rate`, `drop_rate`, `rate_limit`), set at
  construction, by CLI flag or at run time (`PUT /__sandbox__/faults`). Dice come from one
  `random.Random(seed)`, and every request rolls the same number of dice whatever the settings,
  so a sequential client sees the same faults for the same seed.
* **A one-shot queue** (`POST /__sandbox__/faults/next`): "make the next N requests matching
  method/path-prefix fail like this". Deterministic tests use this.

Fault kinds: "500" "502" "503" "504" answer at once without touching state; "429" answers
Too Many Requests with `Retry-After`; "timeout" sleeps `seconds` and then answers normally;
"drop" processes the request completely (the voucher IS created, the idempotency record IS
stored) and then closes the connection without a response.
"""

from __future__ import annotations

import math
import random
import threading
import time
from collections import deque
from dataclasses import asdict, dataclass
from typing import Any

KINDS = ("drop", "500", "502", "503", "504", "429", "timeout")


class FaultError(ValueError):
    """Bad fault settings (becomes a 400 at the admin endpoint)."""


@dataclass
class QueuedFault:
    kind: str
    count: int = 1
    method: str | None = None
    path: str | None = None
    retry_after: int = 1
    seconds: float = 5.0

    def matches(self, method: str, path: str) -> bool:
        if self.method and self.method.upper() != method.upper():
            return False
        return not self.path or path.startswith(self.path)


@dataclass
class Decision:
    """What to do with one REST request, decided before it is handled."""

    status: int | None = None  # answer with this error status at once
    retry_after: int | None = None  # for 429
    sleep: float = 0.0  # seconds to wait before handling
    drop: bool = False  # handle fully, then close the connection without a response
    fault: str | None = None  # which fault fired, for the request log


class Faults:
    """Thread-safe fault settings, queue and per-grant rate windows."""

    def __init__(
        self,
        latency_ms: float = 0,
        fail_rate: float = 0.0,
        drop_rate: float = 0.0,
        rate_limit: float | None = None,
        seed: int | None = None,
    ) -> None:
        self._lock = threading.Lock()
        self.latency_ms = 0.0
        self.fail_rate = 0.0
        self.drop_rate = 0.0
        self.rate_limit: float | None = None
        self.seed = seed
        self._rng = random.Random(seed)
        self._queue: list[QueuedFault] = []
        self._windows: dict[str, deque[float]] = {}
        self.update(latency_ms=latency_ms, fail_rate=fail_rate, drop_rate=drop_rate,
                    rate_limit=rate_limit)

    def settings(self) -> dict[str, Any]:
        with self._lock:
            return {
                "latency_ms": self.latency_ms,
                "fail_rate": self.fail_rate,
                "drop_rate": self.drop_rate,
                "rate_limit": self.rate_limit,
                "seed": self.seed,
                "queue": [asdict(f) for f in self._queue],
            }

    def update(self, **changes: Any) -> None:
        """Change any of latency_ms, fail_rate, drop_rate, rate_limit, seed."""
        unknown = set(changes) - {"latency_ms", "fail_rate", "drop_rate", "rate_limit", "seed"}
        if unknown:
            raise FaultError(f"unknown fault settings: {', '.join(sorted(unknown))}")
        with self._lock:
            if "latency_ms" in changes:
                self.latency_ms = _number(changes["latency_ms"], "latency_ms", 0, None)
            for name in ("fail_rate", "drop_rate"):
                if name in changes:
                    setattr(self, name, _number(changes[name], name, 0.0, 1.0))
            if "rate_limit" in changes:
                limit = changes["rate_limit"]
                self.rate_limit = None if limit in (None, 0) else _number(
                    limit, "rate_limit", 0.0, None
                )
                self._windows.clear()
            if "seed" in changes:
                self.seed = None if changes["seed"] is None else int(changes["seed"])
                self._rng = random.Random(self.seed)

    def enqueue(
        self,
        kind: str,
        count: int = 1,
        method: str | None = None,
        path: str | None = None,
        retry_after: int = 1,
        seconds: float = 5.0,
    ) -> QueuedFault:
        kind = str(kind)
        if kind not in KINDS:
            raise FaultError(f"kind must be one of {', '.join(KINDS)}")
        fault = QueuedFault(
            kind=kind,
            count=int(_number(count, "count", 1, None)),
            method=method.upper() if method else None,
            path=path or None,
            retry_after=int(_number(retry_after, "retry_after", 0, None)),
            seconds=_number(seconds, "seconds", 0, None),
        )
        with self._lock:
            self._queue.append(fault)
        return fault

    def clear_queue(self) -> None:
        with self._lock:
            self._queue.clear()

    def reset_windows(self) -> None:
        with self._lock:
            self._windows.clear()

    def decide(self, method: str, path: str, grant: str) -> Decision:
        """Roll the dice and consult the queue for one REST request."""
        decision = Decision()
        with self._lock:
            # Always three rolls, so the sequence does not depend on the settings.
            fail_roll, status_roll, drop_roll = (self._rng.random() for _ in range(3))
            queued = next((f for f in self._queue if f.matches(method, path)), None)
            if queued is not None:
                queued.count -= 1
                if queued.count <= 0:
                    self._queue.remove(queued)
            decision.sleep = self.latency_ms / 1000.0
            if queued is not None:
                decision.fault = queued.kind
                if queued.kind == "drop":
                    decision.drop = True
                elif queued.kind == "timeout":
                    decision.sleep += queued.seconds
                elif queued.kind == "429":
                    decision.status = 429
                    decision.retry_after = queued.retry_after
                else:
                    decision.status = int(queued.kind)
                return decision
            if fail_roll < self.fail_rate:
                decision.status = (500, 502, 503)[int(status_roll * 3) % 3]
                decision.fault = f"random {decision.status}"
                return decision
            retry_after = self._rate_limited(grant)
            if retry_after is not None:
                decision.status = 429
                decision.retry_after = retry_after
                decision.fault = "rate limit"
                return decision
            if drop_roll < self.drop_rate:
                decision.drop = True
                decision.fault = "random drop"
            return decision

    def _rate_limited(self, grant: str) -> int | None:
        """Sliding one-second window per grant; only admitted requests count."""
        if not self.rate_limit:
            return None
        now = time.monotonic()
        window = self._windows.setdefault(grant, deque())
        while window and window[0] <= now - 1.0:
            window.popleft()
        if len(window) >= self.rate_limit:
            # e-conomic sends Retry-After as whole seconds (reference §9.1).
            return max(1, math.ceil(window[0] + 1.0 - now))
        window.append(now)
        return None


def _number(value: Any, name: str, low: float, high: float | None) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise FaultError(f"{name} must be a number") from None
    if number < low or (high is not None and number > high):
        limit = f"between {low} and {high}" if high is not None else f"at least {low}"
        raise FaultError(f"{name} must be {limit}")
    return number
