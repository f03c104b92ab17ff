"""keyring's Secret Service backend, but with ONE D-Bus connection per process (issue 15).

keyring's own `SecretService.Keyring` (keyring 25.7, secretstorage 3.5) opens a new session-bus
connection for every get, set and delete and closes it afterwards; neither library offers a way
to keep one. Every new connection is a new client to the Secret Service, and gnome-keyring 42.1
aborts now and then when a new client's first request arrives before it registered the client
(upstream issues 183/190/194/195; see tools/desktop-session.sh). A process that keeps one
connection is one client, however many tokens it reads, so that race is met once per process
instead of once per call.

`shared_for()` swaps keyring's detected Secret Service backend for `SharedSecretService`, which
is the same backend (same name, scheme, collection, errors, `InitError`/`KeyringLocked`) except
that it keeps its connection and its encryption session. It is only ever used through
`wizard.settings.secrets`, which already serialises calls and gives each up after a timeout;
this module serialises on its own lock as well, since a jeepney connection must not be shared
by two threads at once.

A connection that broke (the socket closed, the bus or the Secret Service went away, the
session is unknown to a restarted daemon) is dropped and the call is tried once more on a new
one; a second failure is raised as it is, so `secrets` translates it exactly as before. After a
fork the child opens its own connection: a socket shared by two processes mixes their replies.
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

import secretstorage
import secretstorage.exceptions
from jeepney.wrappers import DBusErrorResponse
from keyring.backends import SecretService
from keyring.compat import properties
from keyring.errors import InitError, KeyringLocked, PasswordDeleteError

if TYPE_CHECKING:
    from jeepney.io.blocking import DBusConnection
    from keyring.backend import KeyringBackend
    from secretstorage.collection import Collection
    from secretstorage.dhcrypto import Session

T = TypeVar("T")

# The class keyring picks on a Linux desktop; only exactly this one is swapped (a subclass or a
# chainer of several stores is left as keyring built it).
_KEYRING_CLASS = "keyring.backends.SecretService.Keyring"
# D-Bus errors that say the connection's state is gone, not that the request was wrong.
_STALE_NAMES = {
    "org.freedesktop.Secret.Error.NoSession",
    "org.freedesktop.DBus.Error.Disconnected",
    "org.freedesktop.DBus.Error.NoReply",
}

_lock = threading.RLock()
_connection: DBusConnection | None = None
_session: Session | None = None
_pid: int | None = None
_opened = 0  # connections opened by this process, for the tests (and support)
_shared: dict[int, tuple[KeyringBackend, SharedSecretService]] = {}


def shared_for(backend: KeyringBackend) -> KeyringBackend:
    """`backend`, or when it is keyring's Secret Service backend, the one that keeps its
    connection (the same object for the same `backend`, so the connection is kept too)."""
    kind = type(backend)
    if f"{kind.__module__}.{kind.__qualname__}" != _KEYRING_CLASS:
        return backend
    with _lock:
        kept = _shared.get(id(backend))
        if kept is None or kept[0] is not backend:
            kept = (backend, SharedSecretService(backend))  # the pair keeps the id from reuse
            _shared[id(backend)] = kept
        return kept[1]


def connections_opened() -> int:
    """How many Secret Service connections this process has opened through this module."""
    return _opened


def close() -> None:
    """Close the shared connection (the next call opens a new one); for tests and shutdown."""
    with _lock:
        _drop()


class SharedSecretService(SecretService.Keyring):
    """keyring's Secret Service backend over the process's one shared connection."""

    @properties.classproperty
    def priority(cls) -> float:
        # Never offered by keyring's detection (a second viable backend would make keyring
        # chain the two): only `shared_for` makes one, from the backend keyring detected.
        raise RuntimeError("only via wizard.settings.secret_service.shared_for()")

    @properties.classproperty
    def name(cls) -> str:
        return str(SecretService.Keyring.name)  # "SecretService Keyring", as users know it

    def __init__(self, original: KeyringBackend) -> None:
        super().__init__()
        self.scheme = getattr(original, "scheme", self.scheme)
        if hasattr(original, "preferred_collection"):
            self.preferred_collection = original.preferred_collection
        self.appid = getattr(original, "appid", self.appid)

    def get_preferred_collection(self) -> Collection:
        """The collection on the shared connection (keyring's own opens a new connection)."""
        return self._run(lambda collection: collection)

    def get_password(self, service: str, username: str) -> str | None:
        def get(collection: Collection) -> str | None:
            for item in collection.search_items(self._query(service, username)):
                self.unlock(item)
                return item.get_secret().decode("utf-8")
            return None

        return self._run(get)

    def set_password(self, service: str, username: str, password: str) -> None:
        attributes = self._query(service, username, application=self.appid)
        label = f"Password for '{username}' on '{service}'"
        self._run(lambda collection: collection.create_item(
            label, attributes, password, replace=True))

    def delete_password(self, service: str, username: str) -> None:
        def delete(collection: Collection) -> None:
            for item in collection.search_items(self._query(service, username)):
                item.delete()
                return
            raise PasswordDeleteError("No such password!")

        self._run(delete)

    def get_credential(self, service: str, username: str | None) -> Any:
        from keyring.credentials import SimpleCredential

        scheme = self.schemes[self.scheme]

        def get(collection: Collection) -> SimpleCredential | None:
            for item in collection.search_items(self._query(service, username)):
                self.unlock(item)
                name = item.get_attributes().get(scheme["username"])
                return SimpleCredential(name, item.get_secret().decode("utf-8"))
            return None

        return self._run(get)

    def _run(self, operation: Callable[[Collection], T]) -> T:
        """`operation` on the unlocked collection, on the shared connection; once more on a
        new connection when the first one turned out to be broken."""
        with _lock:
            try:
                return operation(self._collection())
            except Exception as error:
                if not _broken(error):
                    raise
                _drop()
            return operation(self._collection())

    def _collection(self) -> Collection:
        """Found, unlocked and failing exactly as in keyring's `get_preferred_collection`."""
        connection = _connect()
        try:
            if hasattr(self, "preferred_collection"):
                collection = secretstorage.Collection(connection, self.preferred_collection)
            else:
                collection = secretstorage.get_default_collection(connection)
        except secretstorage.exceptions.SecretStorageException as error:
            raise InitError(f"Failed to create the collection: {error}.") from error
        if collection.is_locked():
            collection.unlock()
            if collection.is_locked():  # the user dismissed the prompt
                raise KeyringLocked("Failed to unlock the collection!")
        collection.session = _encryption_session(connection)
        return collection


def _connect() -> DBusConnection:
    """The process's connection, opened on first use (or after a fork or a `_drop`)."""
    global _connection, _session, _pid, _opened
    if _pid != os.getpid():  # forked: the parent's socket is not ours to use or close
        _connection = _session = None
    if _connection is None:
        _connection = secretstorage.dbus_init()
        _pid = os.getpid()
        _opened += 1
    return _connection


def _encryption_session(connection: DBusConnection) -> Session:
    """One Secret Service session per connection: secretstorage would open one for every
    secret read or written, and the daemon keeps each until its client leaves. Opened after
    the collection was found, as secretstorage does, so a failure reads the same."""
    global _session
    if _session is None:
        from secretstorage.util import open_session

        _session = open_session(connection)
    return _session


def _drop() -> None:
    global _connection, _session
    connection, _connection, _session = _connection, None, None
    if connection is not None and _pid == os.getpid():
        with contextlib.suppress(OSError):  # already broken: that is why it is dropped
            connection.close()


def _broken(error: BaseException) -> bool:
    """Whether `error` (or what caused it) says the connection is no use any more."""
    seen: BaseException | None = error
    while seen is not None:
        if isinstance(seen, (OSError, EOFError)):  # socket closed or reset, bus gone
            return True
        if isinstance(seen, secretstorage.exceptions.SecretServiceNotAvailableException):
            return True
        if isinstance(seen, DBusErrorResponse) and seen.name in _STALE_NAMES:
            return True
        seen = seen.__cause__
    return False
