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
import threading
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal

if TYPE_CHECKING:  # the HTTP server (http.server, email, ssl) loads with the first start()
    from wizard.ui.setup.callback_server import CatcherServer

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
        self._server: CatcherServer | None = None
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
        import secrets

        from wizard.ui.setup.callback_server import CatcherServer, Handler, page

        self.stop()
        server = CatcherServer(("127.0.0.1", 0), Handler)
        server.catcher = self
        server.page = page(page_title, page_text, language)
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
