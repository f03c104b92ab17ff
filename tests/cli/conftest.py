"""Fixtures for the command-line tests: run `acubiz-export` in-process, a keyring to store
tokens in (the real one, or the test is skipped), and a demo inbox wired to the sandbox."""

from __future__ import annotations

import contextlib
import io
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

import keyring
import keyring.errors
import pytest
from cli_helpers import unique_name
from keyring_helpers import MemoryKeyring, real_keyring_problem

from wizard.cli import main
from wizard.settings import secrets

DEMO_INBOX = Path(__file__).resolve().parents[2] / "resources" / "demo" / "inbox"
DEMO_DEPARTMENTS = {"Administration": 1, "Salg": 2, "Udvikling": 3}


@pytest.fixture(autouse=True)
def _suggested_command(monkeypatch):
    """The commands the program suggests name how it was started (`cli_words.command()`):
    here always `acubiz-export`, whether or not the venv's bin folder is on PATH. No demo
    token file either, unless a test switches it on."""
    from wizard.commands.cli_words import COMMAND_ENV
    from wizard.settings.demo_tokens import DEMO_TOKEN_FILE_ENV

    monkeypatch.setenv(COMMAND_ENV, "acubiz-export")
    monkeypatch.delenv(DEMO_TOKEN_FILE_ENV, raising=False)


@dataclass
class Result:
    code: int
    out: str
    err: str

    @property
    def text(self) -> str:
        return self.out + self.err


class FakeTerminal(io.StringIO):
    """Standard input that says it is a terminal (for the confirmation prompt)."""

    def isatty(self) -> bool:
        return True


@pytest.fixture
def cli(capsys, monkeypatch):
    """`cli("profile", "list", stdin="...")` → Result(code, out, err). Standard input is a
    pipe holding `stdin` (empty when not given), or a terminal with `tty=True`."""

    def run(*argv: str, stdin: str = "", tty: bool = False) -> Result:
        capsys.readouterr()  # start clean
        monkeypatch.setattr(sys, "stdin", FakeTerminal(stdin) if tty else io.StringIO(stdin))
        try:
            code = main(list(argv))
        except SystemExit as stop:  # argparse refusing the command line
            code = stop.code if isinstance(stop.code, int) else 1
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return run


# -- keyrings -----------------------------------------------------------------------------------


@pytest.fixture
def memory_keyring():
    """For tests that never store a token but ask whether one is stored: a keyring that
    answers the same everywhere (the CI keyring is not needed to say 'not connected')."""
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    try:
        yield backend
    finally:
        keyring.set_keyring(previous)


@pytest.fixture
def no_keyring():
    """A machine without any password store."""
    from keyring.backends import fail

    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        yield
    finally:
        keyring.set_keyring(previous)


@pytest.fixture
def real_keyring():
    """The machine's own keyring when it works (CI: gnome-keyring in a D-Bus session, see
    tools/desktop-session.sh); otherwise the test is skipped with the reason. Every entry the
    test leaves under the service is removed afterwards."""
    problem = real_keyring_problem()
    if problem is not None:
        pytest.skip(f"no working OS keyring here ({problem}); run inside"
                    " `sh tools/desktop-session.sh` (CI provides gnome-keyring in a D-Bus session)")
    cleanup = KeyringCleanup()
    try:
        yield cleanup
    finally:
        cleanup.run()


class KeyringCleanup:
    """Remembers which profiles and API addresses a test stored tokens for."""

    def __init__(self) -> None:
        self.profiles: set[str] = set()
        self.api_urls: set[str] = set()

    def run(self) -> None:
        from wizard.settings.store import load_profiles

        with contextlib.suppress(Exception):  # a test may leave a damaged file behind
            self.profiles.update(profile.name for profile in load_profiles())
        for name in self.profiles:
            secrets.delete_grant_token(name)
        for url in self.api_urls:
            secrets.delete_app_secret(url)


# -- the demo ----------------------------------------------------------------------------------


@pytest.fixture
def demo_inbox(tmp_path) -> Path:
    """The demo Acubiz files and their receipts, copied into a fresh inbox."""
    inbox = tmp_path / "inbox"
    shutil.copytree(DEMO_INBOX, inbox)
    return inbox


@dataclass
class Demo:
    name: str
    inbox: Path
    base_url: str
    sandbox: object
    keyring: KeyringCleanup


@pytest.fixture
def demo(cli, sandbox, demo_inbox, real_keyring) -> Demo:
    """A profile for the demo inbox, connected to the sandbox through the CLI itself."""
    from wizard.sandbox.seed import APP_SECRET_TOKEN, GRANT_TOKEN

    sandbox.admin.create_journal(name="ACUBIZ EMS")
    name = unique_name("Demo")
    real_keyring.profiles.add(name)
    real_keyring.api_urls.add(sandbox.base_url)
    departments = [f"--department-map={k}={v}" for k, v in DEMO_DEPARTMENTS.items()]
    added = cli(
        "profile", "add", "--name", name, "--inbox", str(demo_inbox),
        "--receipts", str(demo_inbox), "--journal-name", "ACUBIZ EMS",
        "--department-dimension", "1", *departments, "--api-url", sandbox.base_url,
    )
    assert added.code == 0, added.text
    connected = cli("connect", "--profile", name, stdin=f"{GRANT_TOKEN}\n{APP_SECRET_TOKEN}\n")
    assert connected.code == 0, connected.text
    return Demo(name, demo_inbox, sandbox.base_url, sandbox, real_keyring)
