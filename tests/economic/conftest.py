"""Fixtures for the e-conomic client tests: a sleep recorder, a sandbox admin helper, clients
with fast retries, and a tiny recording HTTP server (real HTTP on 127.0.0.1, no mocking)."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from economic_helpers import FAST, Admin, Recorded, RecordingServer, SleepRecorder

from wizard.economic import EconomicClient


@pytest.fixture
def sleeps() -> SleepRecorder:
    return SleepRecorder()


@pytest.fixture
def admin(sandbox) -> Admin:
    return Admin(sandbox.base_url)


@pytest.fixture
def make_client(sandbox, sleeps) -> Iterator[Callable[..., EconomicClient]]:
    """Build clients against the sandbox with fast retries; all closed after the test."""
    from wizard.sandbox.seed import APP_SECRET_TOKEN, GRANT_TOKEN

    made: list[EconomicClient] = []

    def make(grant: str = GRANT_TOKEN, secret: str = APP_SECRET_TOKEN, **kwargs: Any):
        kwargs.setdefault("base_url", sandbox.base_url)
        kwargs.setdefault("retry", FAST)
        kwargs.setdefault("sleep", sleeps)
        kwargs.setdefault("timeout", (2, 10))
        client = EconomicClient(secret, grant, **kwargs)
        made.append(client)
        return client

    yield make
    for client in made:
        client.close()


@pytest.fixture
def recording_server() -> Iterator[RecordingServer]:
    """A real HTTP server that records each request and answers from a script."""
    recorded: list[Recorded] = []
    script: list[tuple[int, dict[str, str], bytes, float]] = [
        (200, {"Content-Type": "application/json"}, b"{}", 0.0)
    ]
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def _handle(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            with lock:
                recorded.append(Recorded(self.command, self.path, dict(self.headers), body))
                status, headers, payload, delay = script[0] if len(script) == 1 else script.pop(0)
            if delay:
                time.sleep(delay)
            try:
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)
            except OSError:  # the client gave up waiting (timeout tests): fine
                self.close_connection = True

        do_GET = do_POST = do_PATCH = do_DELETE = _handle

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield RecordingServer(f"http://127.0.0.1:{server.server_address[1]}", recorded, script)
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def dead_port() -> int:
    """A port on 127.0.0.1 where nothing listens (bound once, then released)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
