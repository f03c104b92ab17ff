"""Shared fixtures: every test runs with fresh XDG folders and, where it needs e-conomic, a real
sandbox over HTTP on 127.0.0.1 (random port, in-memory state)."""

from __future__ import annotations

import os

# Must happen before anything imports Qt: with neither a display nor this, Qt aborts the process.
if not os.environ.get("DISPLAY"):
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
from keyring_helpers import keyring_required, session_keyring_alive, session_keyring_state

_keyring_loss_reported = False


@pytest.fixture(autouse=True)
def _session_keyring_lives():
    """Inside tools/desktop-session.sh the keyring must live as long as the run: the test
    during which it ended fails with what became of it (once; the tests after it that need a
    keyring fail on their own, with the same account, instead of being skipped)."""
    global _keyring_loss_reported
    yield
    if keyring_required() and not _keyring_loss_reported and not session_keyring_alive():
        _keyring_loss_reported = True
        pytest.fail(f"The desktop session's keyring ended during this test: "
                    f"{session_keyring_state()}", pytrace=False)


@pytest.fixture(autouse=True)
def _restore_keyring():
    """A test may plug in a keyring backend; the next test gets the machine's again."""
    import keyring

    original = keyring.get_keyring()
    yield
    keyring.set_keyring(original)


@pytest.fixture(autouse=True)
def _isolated_user_dirs(tmp_path, monkeypatch):
    """Keep every test away from the real user's settings, data and logs."""
    for name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
        path = tmp_path / "xdg" / name.lower()
        path.mkdir(parents=True)
        monkeypatch.setenv(name, str(path))
    monkeypatch.delenv("ACUBIZ_EXPORT_API_URL", raising=False)


@pytest.fixture
def sandbox():
    """A running e-conomic sandbox with the seeded demo company; stopped after the test."""
    from wizard.sandbox.server import SandboxServer

    server = SandboxServer(port=0).start()
    try:
        yield server
    finally:
        server.stop()
