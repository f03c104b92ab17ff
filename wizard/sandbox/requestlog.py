"""A log of the requests the sandbox answered, so tests and benchmarks can count calls.

Holds REST and add-app requests (admin calls are not logged): method, path, query, status,
the Idempotency-Key, which fault fired and whether the connection was dropped.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from typing import Any

MAX_RECORDS = 100_000


class RequestLog:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._records: deque[dict[str, Any]] = deque(maxlen=MAX_RECORDS)

    def add(
        self,
        method: str,
        path: str,
        query: str,
        status: int,
        idempotency_key: str | None,
        fault: str | None = None,
        dropped: bool = False,
    ) -> None:
        record = {
            "time": time.time(),
            "method": method,
            "path": path,
            "query": query,
            "status": status,
            "idempotencyKey": idempotency_key,
            "fault": fault,
            "dropped": dropped,
        }
        with self._lock:
            self._records.append(record)

    def records(self) -> list[dict[str, Any]]:
        with self._lock:
            return [dict(r) for r in self._records]

    def clear(self) -> None:
        with self._lock:
            self._records.clear()
