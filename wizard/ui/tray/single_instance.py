"""One tray per user session: the first start listens on a local channel, a second start sends
it a command ("show") and exits.

- The channel's name is derived from the user's data folder (which holds the ledger the tray
  writes), so two users, or two isolated test runs, never meet. On Linux it lives in
  `$XDG_RUNTIME_DIR` (private to the session).
- The channel is a plain Unix-domain socket on Linux and macOS, watched by a `QSocketNotifier`
  in the tray's event loop: QtNetwork (2.6 MB of resident memory, for the whole day) is not
  loaded for the one line a second start sends. On Windows it is a named pipe, through Qt's
  `QLocalServer`, which is what it uses there. Both sit behind `Channel`, so the logic above
  them (lock, stale files, reply) is the same and each side is tested on its own.
- A lock file beside the ledger (Qt's `QLockFile`), held for the tray's whole life, settles a
  race between two starts at once; a lock left by a killed tray is recognised as stale (its
  process is gone), so it never blocks the next one, and its stale socket file is removed
  before listening.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import os
import socket
import sys
import tempfile
import time
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

import platformdirs
from PySide6.QtCore import QLockFile, QObject, QSocketNotifier, Signal

log = logging.getLogger("wizard.ui.tray")

SHOW = "show"
REPLY = b"ok\n"
CONNECT_MS = 1000
ANSWER_MS = 3000
MAX_LINE = 4096  # a command is one short word; anything longer is not ours
UNIX_PATH_MAX = 100  # sockaddr_un holds 104 (macOS) to 108 (Linux) bytes with the final NUL


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


class Channel(Protocol):
    """The local channel between a running tray and a later start."""

    def send(self, name: str, line: bytes, timeout_s: float) -> bytes:
        """Connect to `name`, send `line`, return what came back ("" when nobody answered)."""

    def listen(self, name: str, on_line: Callable[[str], None]) -> bool:
        """Serve `name` in this thread's event loop; each line received is answered with
        `REPLY` and passed to `on_line`. False when it cannot listen."""

    def remove_stale(self, name: str) -> None:
        """Remove what a killed tray left under `name` (its socket file)."""

    def close(self) -> None: ...


def default_channel(platform: str = sys.platform) -> Channel:
    """A named pipe on Windows (through Qt), a Unix-domain socket everywhere else."""
    if platform == "win32":
        return QtLocalChannel()
    return UnixSocketChannel()


def send_command(
    command: str = SHOW, name: str | None = None, channel: Channel | None = None
) -> bool:
    """Ask a running tray to do `command`; True when one answered."""
    channel = channel or default_channel()
    answer = channel.send(name or server_name(), command.encode("utf-8") + b"\n", ANSWER_MS / 1000)
    return answer == REPLY


class SingleInstance(QObject):
    """`acquire()` makes this process the tray (or says another one is); `command(str)`
    fires for every command a later start sends."""

    command = Signal(str)

    def __init__(
        self, name: str | None = None, parent: QObject | None = None,
        channel: Channel | None = None,
    ) -> None:  # fmt: skip
        super().__init__(parent)
        self.name = name or server_name()
        self.channel = channel or default_channel()
        self._lock: QLockFile | None = None
        self._listening = False

    def acquire(self, wait_for_other_s: float = 5.0) -> bool:
        """True: this process is the tray and listens. False: another tray is running (and,
        if it answered, was asked to show itself)."""
        if send_command(SHOW, self.name, self.channel):
            return False
        path = lock_path()
        path.parent.mkdir(parents=True, exist_ok=True)
        lock = QLockFile(str(path))
        lock.setStaleLockTime(0)  # stale only when its process is gone, never by age
        if not lock.tryLock(0):
            # Another tray holds the lock: it is starting up, or busy. Let it answer.
            deadline = time.monotonic() + wait_for_other_s
            while time.monotonic() < deadline:
                if send_command(SHOW, self.name, self.channel):
                    return False
                time.sleep(0.2)
            log.warning("another tray holds %s but does not answer", path)
            return False
        self._lock = lock
        self.channel.remove_stale(self.name)  # a socket file left by a killed tray
        if not self.channel.listen(self.name, self.command.emit):
            log.warning("could not listen on %s", self.name)
        self._listening = True
        return True

    def release(self) -> None:
        if self._listening:
            self.channel.close()
            self._listening = False
        if self._lock is not None:
            self._lock.unlock()
            self._lock = None


# -- Linux and macOS: a Unix-domain socket ------------------------------------------------------


def unix_socket_path(name: str) -> str:
    """`name` when it is a path (Linux: in `$XDG_RUNTIME_DIR`), else in the user's temp
    folder (macOS gives each user a private one), as Qt's QLocalServer did."""
    path = name if os.path.isabs(name) else os.path.join(tempfile.gettempdir(), name)
    if len(path.encode("utf-8")) > UNIX_PATH_MAX:  # a very long runtime or temp folder
        path = os.path.join("/tmp", f"acubiz-{os.getuid()}-{os.path.basename(path)[-24:]}")
    return path


class UnixSocketChannel:
    """A listening AF_UNIX socket (mode 0600) watched by QSocketNotifiers; the client side is
    plain blocking `socket` with a timeout, usable before a QApplication exists."""

    def __init__(self) -> None:
        self._server: socket.socket | None = None
        self._path = ""
        self._notifier: QSocketNotifier | None = None
        self._clients: dict[int, tuple[socket.socket, QSocketNotifier, bytearray]] = {}
        self._on_line: Callable[[str], None] = lambda line: None

    def send(self, name: str, line: bytes, timeout_s: float) -> bytes:
        path = unix_socket_path(name)
        if not os.path.exists(path):
            return b""
        try:
            with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as client:
                client.settimeout(CONNECT_MS / 1000)
                client.connect(path)
                client.sendall(line)
                client.settimeout(timeout_s)
                answer = b""
                while not answer.endswith(b"\n") and len(answer) < MAX_LINE:
                    chunk = client.recv(256)
                    if not chunk:
                        break
                    answer += chunk
                return answer
        except OSError:  # nobody listens (a stale file), refused, or no answer in time
            return b""

    def remove_stale(self, name: str) -> None:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(unix_socket_path(name))

    def listen(self, name: str, on_line: Callable[[str], None]) -> bool:
        self._on_line = on_line
        path = unix_socket_path(name)
        server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        old_umask = os.umask(0o177)  # the socket file is born 0600: this user only
        try:
            server.bind(path)
            server.listen(8)
        except OSError as error:
            log.warning("could not listen on %s: %s", path, error)
            server.close()
            return False
        finally:
            os.umask(old_umask)
        server.setblocking(False)
        self._server, self._path = server, path
        self._notifier = QSocketNotifier(server.fileno(), QSocketNotifier.Type.Read)
        self._notifier.activated.connect(self._accept)
        return True

    def close(self) -> None:
        for fileno in list(self._clients):
            self._drop(fileno)
        if self._notifier is not None:
            self._notifier.setEnabled(False)
            self._notifier.deleteLater()
            self._notifier = None
        if self._server is not None:
            self._server.close()
            self._server = None
            with contextlib.suppress(OSError):
                os.unlink(self._path)

    def _accept(self, *_: Any) -> None:
        server = self._server
        while server is not None:
            try:
                client, _address = server.accept()
            except (BlockingIOError, InterruptedError):
                return
            except OSError as error:
                log.warning("single-instance socket: %s", error)
                return
            client.setblocking(False)
            notifier = QSocketNotifier(client.fileno(), QSocketNotifier.Type.Read)
            self._clients[client.fileno()] = (client, notifier, bytearray())
            # A partial, not a lambda: it holds this plain object and a number, no Qt wrapper.
            notifier.activated.connect(functools.partial(self._readable, client.fileno()))
            self._readable(client.fileno())  # the line may have come with the connection

    def _readable(self, key: int, *_: Any) -> None:
        entry = self._clients.get(key)
        if entry is None:
            return
        client, _notifier, buffer = entry
        while True:
            try:
                chunk = client.recv(1024)
            except (BlockingIOError, InterruptedError):
                return
            except OSError:
                chunk = b""
            if not chunk:  # the other side is gone
                self._drop(key)
                return
            buffer += chunk
            while b"\n" in buffer:
                raw, _, rest = bytes(buffer).partition(b"\n")
                buffer[:] = rest
                line = raw.decode("utf-8", "replace").strip()
                if line:
                    with contextlib.suppress(OSError):
                        client.sendall(REPLY)
                    self._on_line(line)
            if len(buffer) > MAX_LINE:
                self._drop(key)
                return

    def _drop(self, fileno: int) -> None:
        entry = self._clients.pop(fileno, None)
        if entry is None:
            return
        client, notifier, _buffer = entry
        notifier.setEnabled(False)
        notifier.deleteLater()
        client.close()


# -- Windows: a named pipe through Qt's QLocalServer --------------------------------------------


class QtLocalChannel:
    """QLocalServer/QLocalSocket: a named pipe on Windows (QtNetwork is loaded only here)."""

    def __init__(self) -> None:
        self._server: Any = None
        self._on_line: Callable[[str], None] = lambda line: None

    def send(self, name: str, line: bytes, timeout_s: float) -> bytes:
        from PySide6.QtNetwork import QLocalSocket

        client = QLocalSocket()
        client.connectToServer(name)
        if not client.waitForConnected(CONNECT_MS):
            return b""
        try:
            client.write(line)
            if not client.waitForBytesWritten(CONNECT_MS):
                return b""
            deadline = time.monotonic() + timeout_s
            answer = b""
            while not answer.endswith(b"\n") and time.monotonic() < deadline:
                if client.bytesAvailable() or client.waitForReadyRead(100):
                    answer += bytes(client.readAll().data())
            return answer
        finally:
            client.disconnectFromServer()

    def remove_stale(self, name: str) -> None:
        from PySide6.QtNetwork import QLocalServer

        QLocalServer.removeServer(name)

    def listen(self, name: str, on_line: Callable[[str], None]) -> bool:
        from PySide6.QtNetwork import QLocalServer

        self._on_line = on_line
        server = QLocalServer()
        server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        if not server.listen(name):
            log.warning("could not listen on %s: %s", name, server.errorString())
            return False
        server.newConnection.connect(self._on_connection)
        self._server = server
        return True

    def close(self) -> None:
        if self._server is not None:
            self._server.close()
            self._server = None

    def _on_connection(self) -> None:
        server = self._server
        while server is not None and server.hasPendingConnections():
            client = server.nextPendingConnection()
            client.readyRead.connect(self._on_ready)  # no lambda holding the socket
            client.disconnected.connect(client.deleteLater)
            if client.canReadLine():  # the line may have come with the connection
                self._read_lines(client)

    def _on_ready(self) -> None:
        # A plain object has no sender(): find the sockets with a line waiting.
        server = self._server
        if server is None:
            return
        for client in server.findChildren(_local_socket_type()):
            self._read_lines(client)

    def _read_lines(self, client: Any) -> None:
        while client.canReadLine():
            line = bytes(client.readLine().data()).decode("utf-8", "replace").strip()
            if line:
                client.write(REPLY)
                client.flush()
                self._on_line(line)


def _local_socket_type() -> type:
    from PySide6.QtNetwork import QLocalSocket

    return QLocalSocket
