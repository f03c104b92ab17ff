"""Keyring backends the tests plug in with `keyring.set_keyring()` where no OS keyring runs
(offscreen) or where a test needs a keyring that misbehaves. Plugging a backend is not
mocking: the product code goes through `keyring` exactly as with the real one."""

from __future__ import annotations

import uuid

import keyring
import keyring.errors
from keyring.backend import KeyringBackend, properties


class PluggedBackend(KeyringBackend):
    """Never viable on its own, so keyring's detection never picks a test backend."""

    @properties.classproperty
    def priority(cls) -> float:
        raise RuntimeError("test backend: only via keyring.set_keyring()")


class MemoryKeyring(PluggedBackend):
    """Keeps secrets in a dict; `why_not` records why the OS keyring was not used."""

    def __init__(self, why_not: str = "") -> None:
        super().__init__()
        self.store: dict[tuple[str, str], str] = {}
        self.why_not = why_not

    def get_password(self, service, username):
        return self.store.get((service, username))

    def set_password(self, service, username, password):
        self.store[(service, username)] = password

    def delete_password(self, service, username):
        if self.store.pop((service, username), None) is None:
            raise keyring.errors.PasswordDeleteError("not found")


def real_keyring_problem() -> str | None:
    """None when the OS keyring really stores secrets here (CI: gnome-keyring in a D-Bus
    session, see tools/desktop-session.sh), else why not, for the skip message."""
    from wizard.settings import secrets

    backend = keyring.get_keyring()
    if isinstance(backend, PluggedBackend):
        return "a test keyring is still plugged in"
    probe = f"probe-{uuid.uuid4()}"
    try:
        secrets._refuse_insecure(backend)
        backend.set_password(secrets.SERVICE, probe, "probe")
        works = backend.get_password(secrets.SERVICE, probe) == "probe"
        backend.delete_password(secrets.SERVICE, probe)
    except Exception as error:
        return f"{type(error).__name__}: {error}"
    return None if works else "the OS keyring did not return what was stored"
