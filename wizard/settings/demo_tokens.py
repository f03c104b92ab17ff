"""The demo's own token file: the SANDBOX's tokens only, for `acubiz-export demo` on a machine
without a password store.

Real tokens live only in the OS keyring (`wizard.settings.secrets`), and that rule stays: this
store exists only when the demo switched it on for its own process and the processes it starts
(the wizard, the tray it may start) by naming the file in `$ACUBIZ_EXPORT_DEMO_TOKEN_FILE`,
and only because the machine had no usable keyring. Even then it refuses every token that is
not for an API address on this computer (loopback: 127.0.0.0/8, ::1, localhost), where only
the sandbox runs: an app secret is filed under its address, so that address is checked; a
grant token is filed under its profile's name, so the profile's address is checked (the one
given by the caller, else the one in the saved profile; a profile that points anywhere else,
or that cannot be found, is refused). Only writes are checked: the file never holds anything
that did not pass, so reading from it cannot give out a real token. The file says what it is
in its first key, and is written with owner-only permissions next to the sandbox's own data.

It is not a `keyring` backend on purpose: a backend class would be registered with `keyring`
and could be picked for real tokens.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from urllib.parse import urlsplit

from wizard.economic.endpoint import is_loopback_host
from wizard.settings.token_names import APP_SECRET_PREFIX, GRANT_PREFIX

DEMO_TOKEN_FILE_ENV = "ACUBIZ_EXPORT_DEMO_TOKEN_FILE"
FILE_NAME = "DEMO-ONLY-sandbox-tokens.json"
NAME = "demo-only token file (sandbox addresses only)"
WARNING = (
    "DEMO ONLY: tokens of the local e-conomic sandbox, kept here by `acubiz-export demo`"
    " because this machine has no password store. The program refuses to keep a token"
    " for any address that is not on this computer; real e-conomic tokens live only in"
    " the operating system's password store."
)


class DemoStoreRefused(Exception):
    """A token for an address that is not on this computer: never kept in the demo file."""


def active_store() -> DemoTokenFile | None:
    """The demo's token file when the demo switched it on, else None (the OS keyring)."""
    path = os.environ.get(DEMO_TOKEN_FILE_ENV, "").strip()
    return DemoTokenFile(Path(path)) if path else None


def is_loopback_url(url: str | None) -> bool:
    """Whether `url` is an http(s) address on this computer."""
    if not url:
        return False
    parts = urlsplit(url.strip())
    return parts.scheme.lower() in ("http", "https") and is_loopback_host(parts.hostname)


class DemoTokenFile:
    """get/set/delete like a keyring backend, on one JSON file, loopback tokens only."""

    name = NAME

    def __init__(self, path: Path) -> None:
        self.path = path

    def check(self, user: str, api_base_url: str | None) -> None:
        """Refuse (`DemoStoreRefused`) any entry that is not for an address on this computer.

        `user` is the keyring user name (`grant-token/<profile>` or `app-secret-token/<url>`);
        `api_base_url` the address the caller named for a grant token, if any.
        """
        if user.startswith(APP_SECRET_PREFIX):
            address: str | None = user[len(APP_SECRET_PREFIX):]
        elif user.startswith(GRANT_PREFIX):
            address = api_base_url or _saved_profile_address(user[len(GRANT_PREFIX):])
        else:
            address = None
        if not is_loopback_url(address):
            raise DemoStoreRefused(
                "it keeps only the tokens of the sandbox on this computer, not one for"
                f" {address or 'an address it cannot see'}"
            )

    def get_password(self, service: str, user: str) -> str | None:
        value = self._read().get(f"{service}/{user}")
        return value if isinstance(value, str) else None

    def set_password(self, service: str, user: str, password: str) -> None:
        tokens = self._read()
        tokens[f"{service}/{user}"] = password
        self._write(tokens)

    def delete_password(self, service: str, user: str) -> None:
        tokens = self._read()
        if tokens.pop(f"{service}/{user}", None) is not None:
            self._write(tokens)

    def _read(self) -> dict[str, object]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        tokens = data.get("tokens") if isinstance(data, dict) else None
        return dict(tokens) if isinstance(tokens, dict) else {}

    def _write(self, tokens: dict[str, object]) -> None:
        from wizard.settings.atomic import write_bytes_atomically

        document = {"WARNING": WARNING, "tokens": tokens}
        self.path.parent.mkdir(parents=True, exist_ok=True)
        write_bytes_atomically(self.path, json.dumps(document, indent=1).encode("utf-8"))
        os.chmod(self.path, 0o600)


def _saved_profile_address(profile_name: str) -> str | None:
    """The API address the saved profile uses (its own, else `$ACUBIZ_EXPORT_API_URL`), or
    None when there is no such profile or it uses e-conomic itself."""
    from wizard.settings.store import load_profiles

    for profile in load_profiles():
        if profile.name == profile_name:
            return profile.api_base_url or os.environ.get("ACUBIZ_EXPORT_API_URL") or None
    return None
