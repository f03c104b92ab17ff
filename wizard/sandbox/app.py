"""The WSGI application: sends each request to the admin, add-app or REST part.

REST requests pass through fault injection first (latency, queued or random 5xx/429, timeouts)
and are logged; a "drop" fault lets the request run to completion and then shuts the socket
down, so the client sees a connection error although the work was done ("commit, then drop").
"""

from __future__ import annotations

import contextlib
import socket
import sys
import time
import traceback
from collections.abc import Iterable
from typing import Any

from werkzeug.wrappers import Request, Response

from wizard.sandbox.addapp import AddAppPage
from wizard.sandbox.admin import PREFIX as ADMIN_PREFIX
from wizard.sandbox.admin import AdminHttp
from wizard.sandbox.api import RestApi
from wizard.sandbox.errors import error_response
from wizard.sandbox.faults import Faults
from wizard.sandbox.idempotency import HEADER as IDEMPOTENCY_HEADER
from wizard.sandbox.requestlog import RequestLog

# UNCONFIRMED: bodies of e-conomic's 429/5xx answers; the sandbox sends its usual JSON envelope
# with our own errorCodes (a real gateway may send HTML; clients should rely on the status).
FAULT_MESSAGES = {
    429: ("Too many requests.", "TooManyRequests",
          "Wait the number of seconds in the Retry-After header, then retry."),
    500: ("An unexpected error occurred.", "InternalServerError",
          "Retry later; if the request was a write, reconcile before retrying without an "
          "Idempotency-Key."),
    502: ("Bad gateway.", "BadGateway", "Retry later."),
    503: ("The service is temporarily unavailable.", "ServiceUnavailable", "Retry later."),
    504: ("Gateway timeout.", "GatewayTimeout",
          "The request may or may not have been processed; reconcile before retrying."),
}  # fmt: skip


class SandboxApp:
    def __init__(
        self,
        api: RestApi,
        add_app: AddAppPage,
        admin: AdminHttp,
        faults: Faults,
        log: RequestLog,
    ) -> None:
        self.api = api
        self.add_app = add_app
        self.admin = admin
        self.faults = faults
        self.log = log
        # Set by SandboxServer.stop(): late requests (e.g. a "timeout" fault waking up) then
        # fail quietly instead of printing tracebacks about the closed store.
        self.stopping = False

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
        request = Request(environ)
        path = request.path
        drop = False
        if path == ADMIN_PREFIX or path.startswith(ADMIN_PREFIX + "/"):
            response = self._safely(self.admin.handle, request)
        elif path.startswith("/secure/"):
            response = self._safely(self.add_app.handle, request)
            self._log(request, response, None)
        else:
            response, fault, drop = self._rest(request)
            self._log(request, response, fault, drop)
        if drop:
            _drop_connection(environ)
        return response(environ, start_response)

    def _rest(self, request: Request) -> tuple[Response, str | None, bool]:
        grant = request.headers.get("X-AgreementGrantToken", "")
        decision = self.faults.decide(request.method, request.path, grant)
        if decision.sleep:
            time.sleep(decision.sleep)
        if decision.status is not None:
            message, code, hint = FAULT_MESSAGES[decision.status]
            headers = {"X-Sandbox-Fault": decision.fault or str(decision.status)}
            if decision.retry_after is not None:
                headers["Retry-After"] = str(decision.retry_after)
            response = error_response(decision.status, message, hint, code, headers=headers)
            # Read the body anyway, so the client is not cut off mid-upload.
            request.get_data()
            return response, decision.fault, False
        return self._safely(self.api.handle, request), decision.fault, decision.drop

    def _safely(self, handler: Any, request: Request) -> Response:
        try:
            return handler(request)
        except Exception:
            if not self.stopping:
                traceback.print_exc(file=sys.stderr)
            message, code, _ = FAULT_MESSAGES[500]
            return error_response(500, message, "The sandbox itself failed; see its console.",
                                  code)

    def _log(
        self, request: Request, response: Response, fault: str | None, dropped: bool = False
    ) -> None:
        self.log.add(
            request.method,
            request.path,
            request.query_string.decode("latin-1"),
            response.status_code,
            request.headers.get(IDEMPOTENCY_HEADER),
            fault,
            dropped,
        )


def _drop_connection(environ: dict[str, Any]) -> None:
    """Close the client's connection without answering; werkzeug's write then fails quietly."""
    sock = environ.get("werkzeug.socket")
    if sock is None:
        return
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)
