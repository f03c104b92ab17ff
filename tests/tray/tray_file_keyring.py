"""A keyring backend for *test subprocesses only* (a tray started with `python -m wizard tray`
on a machine without an OS keyring): secrets in a JSON file named by $ACUBIZ_TEST_KEYRING.

Selected with PYTHON_KEYRING_BACKEND=tray_file_keyring.FileKeyring and this folder on
PYTHONPATH. The product never uses it: it refuses plaintext stores, and this one is not
installed anywhere.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import keyring.errors
from keyring.backend import KeyringBackend
from keyring.compat import properties


class FileKeyring(KeyringBackend):
    @properties.classproperty
    def priority(cls) -> float:
        # Never picked on its own (every imported backend class is a candidate for keyring's
        # default): only where a test named it and its file.
        if not os.environ.get("ACUBIZ_TEST_KEYRING"):
            raise RuntimeError("test backend: only with $ACUBIZ_TEST_KEYRING")
        return 0.1

    @property
    def path(self) -> Path:
        return Path(os.environ["ACUBIZ_TEST_KEYRING"])

    def _load(self) -> dict[str, str]:
        try:
            return json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}

    def get_password(self, service, username):
        return self._load().get(f"{service}\n{username}")

    def set_password(self, service, username, password):
        data = self._load()
        data[f"{service}\n{username}"] = password
        self.path.write_text(json.dumps(data), encoding="utf-8")

    def delete_password(self, service, username):
        data = self._load()
        if data.pop(f"{service}\n{username}", None) is None:
            raise keyring.errors.PasswordDeleteError("not found")
        self.path.write_text(json.dumps(data), encoding="utf-8")
