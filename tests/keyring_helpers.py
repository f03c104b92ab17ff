"""Keyring backends the tests plug in with `keyring.set_keyring()` where no OS keyring runs
(offscreen) or where a test needs a keyring that misbehaves. Plugging a backend is not
mocking: the product code goes through `keyring` exactly as with the real one."""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import keyring
import keyring.errors
import pytest
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


def keyring_required() -> bool:
    """True inside `tools/desktop-session.sh`, which starts a keyring for the whole run and
    promises it: there a test that finds no working keyring fails, where elsewhere it is
    skipped (or uses a stand-in)."""
    return os.environ.get("ACUBIZ_TEST_KEYRING_REQUIRED") == "1"


def session_keyring_alive() -> bool:
    """Whether the desktop session's gnome-keyring-daemon still runs (True outside one)."""
    pid = os.environ.get("ACUBIZ_TEST_KEYRING_PID")
    if not pid:
        return True
    try:  # a zombie has no command line; a reused pid has another one
        command = Path(f"/proc/{int(pid)}/cmdline").read_bytes().split(b"\0")[0]
    except (OSError, ValueError):
        return False
    return command.endswith(b"gnome-keyring-daemon")


def session_keyring_state() -> str:
    """What became of the desktop session's keyring process, and the end of its log."""
    pid = os.environ.get("ACUBIZ_TEST_KEYRING_PID", "?")
    state = f"the session's gnome-keyring-daemon (pid {pid}) " + (
        "is still running" if session_keyring_alive() else "has ended")
    try:
        text = Path(os.environ["ACUBIZ_TEST_KEYRING_LOG"]).read_text(errors="replace")
    except (KeyError, OSError):
        text = ""
    tail = [line for line in text.splitlines() if line.strip()][-10:]
    if tail:
        state += "; its log ends:\n    " + "\n    ".join(tail)
    return state


# The probe's verdict per backend, kept for the run. gnome-keyring 42 aborts on about one new
# client in some thousands (an upstream race, see tools/desktop-session.sh), so the suite opens
# no more of them than it must: the probe goes through the product's own backend
# (`secrets._os_backend`, one shared D-Bus connection per process, not keyring's one per call),
# and inside the desktop session the keyring's process is watched instead of probed again.
_verdicts: dict[int, tuple[object, str | None]] = {}


def _probe(backend) -> str | None:
    from wizard.settings import secrets

    probe = f"probe-{uuid.uuid4()}"
    try:
        with secrets._lock:
            backend = secrets._os_backend()
        secrets._refuse_insecure(backend)
        backend.set_password(secrets.SERVICE, probe, "probe")
        works = backend.get_password(secrets.SERVICE, probe) == "probe"
        backend.delete_password(secrets.SERVICE, probe)
    except Exception as error:
        return f"{type(error).__name__}: {error}"
    return None if works else "the OS keyring did not return what was stored"


def real_keyring_problem() -> str | None:
    """None when the OS keyring really stores secrets here (CI: gnome-keyring in a D-Bus
    session, see tools/desktop-session.sh), else why not, for the skip message.

    Inside the desktop session the keyring is required: a keyring that does not work there
    fails the test at once, with the reason and what became of the session's keyring, instead
    of letting it be skipped or quietly run against a stand-in."""
    backend = keyring.get_keyring()
    if isinstance(backend, PluggedBackend):
        return "a test keyring is still plugged in"
    if id(backend) not in _verdicts:  # the backend is kept, so its id is not reused
        _verdicts[id(backend)] = (backend, _probe(backend))
    problem = _verdicts[id(backend)][1]
    if problem is None and not session_keyring_alive():
        problem = "it worked earlier in this run, and its process has ended since"
    if problem is not None and keyring_required():
        pytest.fail(
            f"The OS keyring of the desktop session (tools/desktop-session.sh) stopped working:"
            f" {problem}\n{session_keyring_state()}",
            pytrace=False,
        )
    return problem
