"""One tray per user session: the first start listens on a local socket, a second start sends
it a command ("show") and exits.

- The socket's name is derived from the user's data folder (which holds the ledger the tray
  writes), so two users, or two isolated test runs, never meet. On Linux it lives in
  `$XDG_RUNTIME_DIR` (private to the session); elsewhere Qt picks the place (a named pipe on
  Windows).
- A lock file beside the ledger (Qt's `QLockFile`), held for the tray's whole life, settles a
  race between two starts at once; a lock left by a killed tray is recognised as stale (its
  process is gone), so it never blocks the next one, and its stale socket file is removed
  before listening.
"""

from __future__ import annotations

import logging
import os
import sys
import time
import zlib
from pathlib import Path

import platformdirs
from PySide6.QtCore import QLockFile, QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

log = logging.getLogger("wizard.ui.tray")

SHOW = "show"
REPLY = b"ok\n"
CONNECT_MS = 1000
ANSWER_MS = 3000


def server_name() -> str:
    data = platformdirs.user_data_path("acubiz-export")
    # A checksum, not a secure hash: it only has to tell one user's folder from another's
    # (hashlib would load OpenSSL, 4 MB, into a tray that otherwise never needs it).
    digest = f"{zlib.crc32(str(data).encode('utf-8')):08x}"
    name = f"acubiz-export-tray-{digest}"
    runtime = os.environ.get("XDG_RUNTIME_DIR")
    if sys.platform.startswith("linux") and runtime and os.path.isdir(runtime):
        return os.path.join(runtime, name)
    return name


def lock_path() -> Path:
    return platformdirs.user_data_path("acubiz-export") / "tray.qlock"


def send_command(command: str = SHOW, name: str | None = None) -> bool:
    """Ask a running tray to do `command`; True when one answered."""
    socket = QLocalSocket()
    socket.connectToServer(name or server_name())
    if not socket.waitForConnected(CONNECT_MS):
        return False
    try:
        socket.write(command.encode("utf-8") + b"\n")
        if not socket.waitForBytesWritten(CONNECT_MS):
            return False
        deadline = time.monotonic() + ANSWER_MS / 1000
        answer = b""
        while not answer.endswith(b"\n") and time.monotonic() < deadline:
            if socket.bytesAvailable() or socket.waitForReadyRead(100):
                answer += bytes(socket.readAll().data())
        return answer == REPLY
    finally:
        socket.disconnectFromServer()


class SingleInstance(QObject):
    """`acquire()` makes this process the tray (or says another one is); `command(str)`
    fires for every command a later start sends."""

    command = Signal(str)

    def __init__(self, name: str | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = name or server_name()
        self._lock: QLockFile | None = None
        self._server: QLocalServer | None = None

    def acquire(self, wait_for_other_s: float = 5.0) -> bool:
        """True: this process is the tray and listens. False: another tray is running (and,
        if it answered, was asked to show itself)."""
        if send_command(SHOW, self.name):
            return False
        path = lock_path()
        path.parent.mkdir(parents=True, exist_ok=True)
        lock = QLockFile(str(path))
        lock.setStaleLockTime(0)  # stale only when its process is gone, never by age
        if not lock.tryLock(0):
            # Another tray holds the lock: it is starting up, or busy. Let it answer.
            deadline = time.monotonic() + wait_for_other_s
            while time.monotonic() < deadline:
                if send_command(SHOW, self.name):
                    return False
                time.sleep(0.2)
            log.warning("another tray holds %s but does not answer", path)
            return False
        self._lock = lock
        QLocalServer.removeServer(self.name)  # a socket file left by a killed tray
        server = QLocalServer(self)
        server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        if not server.listen(self.name):
            log.warning("could not listen on %s: %s", self.name, server.errorString())
        server.newConnection.connect(self._on_connection)
        self._server = server
        return True

    def release(self) -> None:
        if self._server is not None:
            self._server.close()
            self._server = None
        if self._lock is not None:
            self._lock.unlock()
            self._lock = None

    def _on_connection(self) -> None:
        server = self._server
        while server is not None and server.hasPendingConnections():
            socket = server.nextPendingConnection()
            socket.readyRead.connect(self._on_ready)  # no lambda holding the socket
            socket.disconnected.connect(socket.deleteLater)
            if socket.canReadLine():  # the line may have come with the connection
                self._read_lines(socket)

    def _on_ready(self) -> None:
        socket = self.sender()
        if isinstance(socket, QLocalSocket):
            self._read_lines(socket)

    def _read_lines(self, socket: QLocalSocket) -> None:
        while socket.canReadLine():
            line = bytes(socket.readLine().data()).decode("utf-8", "replace").strip()
            if line:
                socket.write(REPLY)
                socket.flush()
                self.command.emit(line)
