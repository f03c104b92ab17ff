"""Shared constants and small helpers for the e-conomic client tests (imported by tests and the
local conftest; a plain module because conftest modules should not be imported directly)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import requests

from wizard.economic import RetryPolicy

# A realistic grant token (reference §1.5 shape) that must never show up anywhere.
SECRET_GRANT = "k5CQGxBJTdPlTv4Cp1KWEOU39xEjQ3yWqJfxQgGbdTI1"
SECRET_APP = "2RIukREatPIvuN92ry89My1cazJtx3LUX9bFsCMVBA81"

FAST = RetryPolicy(max_attempts=4, backoff_factor=0.001, backoff_jitter=0.001, backoff_max=0.01)


class SleepRecorder:
    """Stands in for time.sleep: records what urllib3 asked to wait, waits nothing."""

    def __init__(self) -> None:
        self.calls: list[float] = []

    def __call__(self, seconds: float) -> None:
        self.calls.append(seconds)


@dataclass
class Admin:
    """The sandbox's `/__sandbox__/` admin endpoints (JSON, no auth)."""

    base_url: str
    http: requests.Session = field(default_factory=requests.Session)

    def call(self, method: str, path: str, body: Any = None) -> Any:
        response = self.http.request(
            method, f"{self.base_url}/__sandbox__/{path.lstrip('/')}", json=body, timeout=10
        )
        assert response.status_code < 300, (method, path, response.status_code, response.text)
        return response.json() if response.content else None

    def new_grant(self) -> str:
        return self.call("POST", "grants")["token"]

    def fault(self, kind: str, **options: Any) -> None:
        self.call("POST", "faults/next", {"kind": kind, **options})

    def requests_log(self) -> list[dict[str, Any]]:
        data = self.call("GET", "requests")
        return data["requests"] if isinstance(data, dict) and "requests" in data else data

    def clear_log(self) -> None:
        self.call("DELETE", "requests")

    def api_requests(self, method: str | None = None, path_prefix: str = "") -> list[dict]:
        """Logged REST requests (not admin ones), filtered by method and path prefix."""
        return [
            entry
            for entry in self.requests_log()
            if not str(entry.get("path", "")).startswith("/__sandbox__")
            and (method is None or entry.get("method") == method)
            and str(entry.get("path", "")).startswith(path_prefix)
        ]


@dataclass
class Recorded:
    """One request as the recording server saw it."""

    method: str
    path: str
    headers: dict[str, str]
    body: bytes


@dataclass
class RecordingServer:
    base_url: str
    requests: list[Recorded]
    # (status, headers, body, delay seconds) answered in turn; the last one repeats.
    script: list[tuple[int, dict[str, str], bytes, float]]


def json_bytes(data: Any) -> bytes:
    return json.dumps(data).encode()


def finance_voucher(text: str, *, account: int = 2750, amount: str = "125.00",
                    date: str = "2026-03-02", year: str = "2026", journal: int = 1) -> dict:
    return {
        "accountingYear": {"year": year},
        "journal": {"journalNumber": journal},
        "entries": {
            "financeVouchers": [
                {
                    "account": {"accountNumber": account},
                    "text": text,
                    "amount": Decimal(amount),
                    "vatAccount": {"vatCode": "I25"},
                    "contraAccount": {"accountNumber": 5900},
                    "currency": {"code": "DKK"},
                    "date": date,
                }
            ]
        },
    }
