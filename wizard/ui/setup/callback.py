"""Catch the grant token when e-conomic sends the browser back to this computer.

The wizard passes `http://127.0.0.1:<random port>/callback/<nonce>` as `redirectUrl`; after
"Add app" e-conomic redirects there with `?token=<grant>`. A tiny HTTP server on a background
thread answers the browser with a "you can close this window" page in the admin's language and
hands the token to the GUI thread (a queued Qt signal). Whether e-conomic allows loopback
redirects is not confirmed (reference §1.4), so pasting stays the fallback the page always
offers.

Why the nonce is in the path: any program on this computer, and any web page the admin visits,
can send a request to a loopback port. e-conomic's grant is not OAuth and echoes no `state`
(reference §1.1), so the one secret the real redirect can carry back is part of the address we
gave it. Each `start()` makes a new random one (128 bits); only `GET /callback/<that nonce>`
with a token is taken, and only once, and only while the wizard listens (`start()` until
`stop()`, a caught token or the timeout). Anything else gets a bare 404 and changes nothing.
The token caught is only a candidate: the Connect page verifies it with `GET /self` and shows
the company before anything is kept.
"""

from __future__ import annotations

import contextlib
import hmac
import secrets
import threading
from html import escape
from http.server import BaseHTTPRequestHandler, HTTPServer
from urllib.parse import parse_qs, urlsplit

from PySide6.QtCore import QObject, QTimer, Signal

PATH = "/callback"
DEFAULT_TIMEOUT_SECONDS = 300
NONCE_BYTES = 16


class LoopbackCatcher(QObject):
    """Start with `start()`; listen to `token_arrived`, `arrived_without_token`, `timed_out`."""

    token_arrived = Signal(str)
    arrived_without_token = Signal()
    timed_out = Signal()

    def __init__(self, parent: QObject | None = None, timeout_seconds: float | None = None):
        super().__init__(parent)
        self.timeout_seconds = (
            DEFAULT_TIMEOUT_SECONDS if timeout_seconds is None else timeout_seconds
        )
        self._server: HTTPServer | None = None
        self._thread: threading.Thread | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._give_up)
        self.redirect_url = ""

    @property
    def listening(self) -> bool:
        return self._server is not None

    def start(self, page_title: str, page_text: str, language: str = "en") -> str:
        """Listen (again), with a new nonce, and return the redirect address.

        Raises OSError if no port opens.
        """
        self.stop()
        server = _CatcherServer(("127.0.0.1", 0), _Handler)
        server.catcher = self
        server.page = _page(page_title, page_text, language)
        server.path = f"{PATH}/{secrets.token_urlsafe(NONCE_BYTES)}"
        self._server = server
        port = server.server_address[1]
        self.redirect_url = f"http://127.0.0.1:{port}{server.path}"
        self._thread = threading.Thread(
            target=server.serve_forever, kwargs={"poll_interval": 0.1},
            name=f"grant-callback-{port}", daemon=True,
        )  # fmt: skip
        self._thread.start()
        self._timer.start(int(self.timeout_seconds * 1000))
        return self.redirect_url

    def stop(self) -> None:
        """Stop listening; a request after this finds no server (or a closed one)."""
        self._timer.stop()
        server, self._server = self._server, None
        if server is not None:
            server.close_door()
            server.shutdown()  # waits for the request being answered, if any
            server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=2)
            self._thread = None

    def _give_up(self) -> None:
        if self._server is not None:
            self.stop()
            self.timed_out.emit()

    # Called on the server thread; the signals reach the GUI thread queued.
    def _received(self, token: str | None) -> None:
        with contextlib.suppress(RuntimeError):  # the wizard was closed meanwhile
            if token:
                self.token_arrived.emit(token)
            else:
                self.arrived_without_token.emit()


class _CatcherServer(HTTPServer):
    """The loopback server of one `start()`: its nonce path, its page, and whether the one
    token it takes has come (or `stop()` closed it)."""

    catcher: LoopbackCatcher
    page: str
    path: str

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self._lock = threading.Lock()
        self._open = True

    def accepts(self, path: str) -> bool:
        """`path` is this server's nonce path and the door is still open."""
        with self._lock:
            return self._open and hmac.compare_digest(path.encode(), self.path.encode())

    def take(self, path: str) -> bool:
        """Like `accepts`, and closes the door: True for exactly one request with a token."""
        with self._lock:
            if not (self._open and hmac.compare_digest(path.encode(), self.path.encode())):
                return False
            self._open = False
            return True

    def close_door(self) -> None:
        with self._lock:
            self._open = False


class _Handler(BaseHTTPRequestHandler):
    server: _CatcherServer
    server_version = "AcubizExport"
    sys_version = ""

    def do_GET(self) -> None:
        parts = urlsplit(self.path)
        query = parse_qs(parts.query)
        values = query.get("token") or query.get("agreementGrantToken") or [""]
        token = values[0].strip() or None
        # The browser came back without a token (the admin cancelled): say so, keep listening.
        # With a token: the first on the right path wins, every later one is refused.
        welcome = self.server.take(parts.path) if token else self.server.accepts(parts.path)
        if not welcome:
            self.send_error(404)
            return
        body = self.server.page.encode("utf-8")
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("Referrer-Policy", "no-referrer")
        self.end_headers()
        self.wfile.write(body)
        self.server.catcher._received(token)

    def log_message(self, format: str, *args: object) -> None:
        pass  # the request line holds the token: never log it


def _page(title: str, text: str, language: str) -> str:
    return f"""<!DOCTYPE html>
<html lang="{escape(language)}"><head><meta charset="utf-8">
<title>{escape(title)}</title>
<style>body {{ font: 16px/1.5 "Segoe UI", Arial, sans-serif; background: #f2f4f7;
color: #1d2a3a; }} main {{ max-width: 520px; margin: 80px auto; background: #fff;
border-radius: 6px; padding: 28px 36px; box-shadow: 0 1px 3px rgba(0,0,0,.12); }}
h1 {{ font-size: 21px; margin: 0 0 12px; color: #1e7d45; }}</style></head>
<body><main><h1>{escape(title)}</h1><p>{escape(text)}</p></main></body></html>
"""
