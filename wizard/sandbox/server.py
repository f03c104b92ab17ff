"""`SandboxServer`: the sandbox on a loopback port, served from a background thread.

    server = SandboxServer(port=0).start()     # port 0 picks a free port
    server.base_url                             # http://127.0.0.1:<port>  (REST API base)
    server.add_app_url                          # the "add app" page for our app
    server.admin_url                            # http://127.0.0.1:<port>/__sandbox__
    server.admin.revoke_grant(token)            # admin actions as Python calls
    server.stop()                               # or use it as a context manager

State is in memory unless `data_dir` is given (then it survives restarts). Random faults
(`latency_ms`, `fail_rate`, `drop_rate`, `rate_limit`) can be set here, by CLI flag or at run
time; `seed` makes them reproducible.
"""

from __future__ import annotations

import contextlib
import http.client
import ipaddress
import socket
import threading
from pathlib import Path
from typing import Any

from werkzeug.serving import BaseWSGIServer, WSGIRequestHandler, make_server

from wizard.sandbox.addapp import PATH as ADD_APP_PATH
from wizard.sandbox.addapp import AddAppPage
from wizard.sandbox.admin import PREFIX as ADMIN_PREFIX
from wizard.sandbox.admin import Admin, AdminHttp
from wizard.sandbox.api import RestApi
from wizard.sandbox.app import SandboxApp
from wizard.sandbox.faults import Faults
from wizard.sandbox.idempotency import Idempotency
from wizard.sandbox.requestlog import RequestLog
from wizard.sandbox.seed import APP_PUBLIC_TOKEN
from wizard.sandbox.store import Store


def is_loopback_host(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


class SandboxServer:
    def __init__(
        self,
        port: int = 0,
        host: str = "127.0.0.1",
        data_dir: str | Path | None = None,
        latency_ms: float = 0,
        fail_rate: float = 0.0,
        drop_rate: float = 0.0,
        rate_limit: float | None = None,
        idempotency_ttl: float = 3600.0,
        seed: int | None = None,
        quiet: bool = True,
    ) -> None:
        if not is_loopback_host(host):
            # No authentication on the admin endpoints and well-known tokens: never expose it.
            raise ValueError(f"the sandbox listens on loopback only, not on {host!r}")
        self.host = host
        self.port = port
        self.quiet = quiet
        self.store = Store(data_dir)
        self.faults = Faults(latency_ms, fail_rate, drop_rate, rate_limit, seed)
        self.idempotency = Idempotency(self.store, idempotency_ttl)
        self.requests = RequestLog()
        self.admin = Admin(self.store, self.faults, self.idempotency, self.requests,
                           lambda: self.base_url)
        self.app = SandboxApp(
            RestApi(self.store, self.idempotency),
            AddAppPage(self.store),
            AdminHttp(self.admin),
            self.faults,
            self.requests,
        )
        self._server: BaseWSGIServer | None = None
        self._thread: threading.Thread | None = None
        self._connections: set[socket.socket] = set()
        self._connections_lock = threading.Lock()
        self._stopped = False

    # -- addresses --------------------------------------------------------------------------

    @property
    def base_url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    @property
    def add_app_url(self) -> str:
        return f"{self.base_url}{ADD_APP_PATH}?appPublicToken={APP_PUBLIC_TOKEN}"

    @property
    def admin_url(self) -> str:
        return f"{self.base_url}{ADMIN_PREFIX}"

    # -- life cycle -------------------------------------------------------------------------

    def start(self) -> SandboxServer:
        if self._stopped:
            raise RuntimeError("a stopped SandboxServer cannot be restarted; create a new one")
        if self._server is not None:
            return self
        handler = _handler_class(self)
        self._server = make_server(self.host, self.port, self.app, threaded=True,
                                   request_handler=handler)
        self.port = self._server.socket.getsockname()[1]
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": 0.05},
            name=f"sandbox-{self.port}",
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        server, self._server = self._server, None
        self.app.stopping = True
        if server is not None:
            server.shutdown()
            server.server_close()
            with self._connections_lock:
                connections = list(self._connections)
            for conn in connections:
                with contextlib.suppress(OSError):
                    conn.shutdown(socket.SHUT_RDWR)
            if self._thread is not None:
                self._thread.join(timeout=5)
        if not self._stopped:
            self._stopped = True
            with self.store.lock:
                self.store.close()

    def serve_forever(self) -> None:
        """Block until interrupted (Ctrl+C raises KeyboardInterrupt in the caller)."""
        self.start()
        assert self._thread is not None
        while self._thread.is_alive():
            self._thread.join(timeout=0.5)

    def __enter__(self) -> SandboxServer:
        return self.start()

    def __exit__(self, *exc: Any) -> None:
        self.stop()

    def __repr__(self) -> str:
        return f"<SandboxServer {self.base_url}>"


class _RequestHeaders(http.client.HTTPMessage):
    """A request's headers, read as headers only.

    `http.server` reads them with the email parser, which takes a `multipart/form-data`
    request's headers for the start of a MIME document and compiles a regular expression
    for its boundary; clients pick a new boundary for every upload, so every receipt paid for
    a compilation nobody used (a fifth of the sandbox's CPU in the transfer bench). Saying
    the top-level type is not multipart skips that; werkzeug reads the headers themselves,
    which are unchanged."""

    def get_content_maintype(self) -> str:
        return "text"


def _handler_class(server: SandboxServer) -> type[WSGIRequestHandler]:
    """A request handler that tracks open connections and is silent unless asked."""

    class Handler(WSGIRequestHandler):
        MessageClass = _RequestHeaders

        def setup(self) -> None:
            super().setup()
            with server._connections_lock:
                server._connections.add(self.connection)

        def finish(self) -> None:
            with server._connections_lock:
                server._connections.discard(self.connection)
            with contextlib.suppress(OSError):
                super().finish()

        def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
            if not server.quiet:
                super().log_request(code, size)

        def log(self, type: str, message: str, *args: Any) -> None:
            if not server.quiet or type == "error":
                super().log(type, message, *args)

    return Handler
