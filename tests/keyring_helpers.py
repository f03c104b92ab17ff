"""Keyring backends the tests plug in with `keyring.set_keyring()` where no OS keyring runs
(offscreen) or where a test needs a keyring that misbehaves. Plugging a backend is not
mocking: the product code goes through `keyring` exactly as with the real one."""

from __future__ import annotations

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
