"""The loopback HTTP server of `callback.LoopbackCatcher`, apart so that the wizard loads
http.server (with email, ssl and mimetypes behind it) only when the Connect page listens.
"""

from __future__ import annotations

import hmac
import threading
from html import escape
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import Protocol
from urllib.parse import parse_qs, urlsplit


class _Receiver(Protocol):
    """What the server hands the token to (`callback.LoopbackCatcher`); a protocol, so this
    module does not import the one that imports it."""

    def _received(self, token: str | None) -> None: ...


class CatcherServer(HTTPServer):
    """The loopback server of one `start()`: its nonce path, its page, and whether the one
    token it takes has come (or `stop()` closed it)."""

    catcher: _Receiver
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


class Handler(BaseHTTPRequestHandler):
    server: CatcherServer
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


def page(title: str, text: str, language: str) -> str:
    return f"""<!DOCTYPE html>
<html lang="{escape(language)}"><head><meta charset="utf-8">
<title>{escape(title)}</title>
<style>body {{ font: 16px/1.5 "Segoe UI", Arial, sans-serif; background: #f2f4f7;
color: #1d2a3a; }} main {{ max-width: 520px; margin: 80px auto; background: #fff;
border-radius: 6px; padding: 28px 36px; box-shadow: 0 1px 3px rgba(0,0,0,.12); }}
h1 {{ font-size: 21px; margin: 0 0 12px; color: #1e7d45; }}</style></head>
<body><main><h1>{escape(title)}</h1><p>{escape(text)}</p></main></body></html>
"""
