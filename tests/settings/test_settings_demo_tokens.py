"""The demo on a machine without a password store: the sandbox's tokens go to the demo's own
file, and that file refuses every token that is not for an address on this computer."""

from __future__ import annotations

import json
import stat
import sys
from pathlib import Path

import keyring
import pytest
from keyring.backends import fail
from keyring_helpers import MemoryKeyring

from wizard.settings import secrets
from wizard.settings.demo_tokens import DEMO_TOKEN_FILE_ENV, is_loopback_url
from wizard.settings.profiles import ExportProfile
from wizard.settings.store import load_profiles, upsert_profile

SANDBOX = "http://127.0.0.1:8765"
REAL = "https://restapi.e-conomic.com"
GRANT = "SgTD30mY355XWrFkgnJRP8pPMly6H13vvzAFrMBKvBU1"
SECRET = "U8Z8gAi_vbQl6EW-YUv8883_vHQ5qkVgb5uoIbDrskQ1"


@pytest.fixture
def no_password_store():
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    yield
    keyring.set_keyring(previous)


@pytest.fixture
def demo_file(tmp_path, monkeypatch, no_password_store) -> Path:
    """What `acubiz-export demo` switches on when the machine has no password store."""
    path = tmp_path / "demo-sandbox" / "DEMO-ONLY-sandbox-tokens.json"
    monkeypatch.setenv(DEMO_TOKEN_FILE_ENV, str(path))
    return path


def _profile(tmp_path: Path, name: str, api_url: str | None) -> ExportProfile:
    inbox = tmp_path / name
    inbox.mkdir()
    return ExportProfile(name=name, inbox_folder=inbox, api_base_url=api_url)


def test_without_a_password_store_the_sandbox_tokens_go_to_the_demo_file(tmp_path, demo_file):
    upsert_profile(_profile(tmp_path, "Demo", SANDBOX))
    secrets.store_app_secret(SECRET, SANDBOX)
    secrets.store_grant_token("Demo", GRANT)

    assert secrets.load_app_secret(SANDBOX) == SECRET
    assert secrets.load_grant_token("Demo") == GRANT
    assert "demo-only" in secrets.backend_name()
    document = json.loads(demo_file.read_text(encoding="utf-8"))
    assert next(iter(document)) == "WARNING" and "DEMO ONLY" in document["WARNING"]
    if sys.platform != "win32":  # owner-only; Windows keeps the user's folder private itself
        assert stat.S_IMODE(demo_file.stat().st_mode) == 0o600
    secrets.delete_grant_token("Demo")
    assert secrets.load_grant_token("Demo") is None


def test_the_demo_file_refuses_tokens_for_the_real_e_conomic(tmp_path, demo_file):
    upsert_profile(_profile(tmp_path, "Real", REAL))
    upsert_profile(_profile(tmp_path, "Default", None))  # None: e-conomic itself

    for store in (
        lambda: secrets.store_app_secret(SECRET, REAL),
        lambda: secrets.store_app_secret(SECRET, None),
        lambda: secrets.store_grant_token("Real", GRANT),
        lambda: secrets.store_grant_token("Default", GRANT),
        lambda: secrets.store_grant_token("Not saved yet", GRANT),  # address unknown
        lambda: secrets.store_grant_token("Demo", GRANT, "http://127.0.0.1.example.com"),
    ):
        with pytest.raises(secrets.SecretStoreError) as refused:
            store()
        assert refused.value.title == "Only sandbox tokens in the demo"
        assert GRANT not in refused.value.message and SECRET not in refused.value.message
        assert refused.value.message_da
    assert not demo_file.exists()  # nothing was written, not even an empty file
    assert secrets.load_grant_token("Real") is None


def test_the_wizard_can_finish_the_demo_without_a_password_store(tmp_path, demo_file):
    """Finish stores the tokens before it writes the profile: it names the address."""
    from wizard.ui.setup.save import save_setup

    profile = _profile(tmp_path, "Demo", SANDBOX)
    save_setup(profile, grant_token=GRANT, app_secret_token=SECRET)

    assert [p.name for p in load_profiles()] == ["Demo"]
    assert secrets.load_grant_token("Demo") == GRANT
    assert secrets.load_app_secret(SANDBOX) == SECRET


def test_without_the_demo_switching_it_on_there_is_still_no_plaintext_fallback(
    tmp_path, monkeypatch, no_password_store
):
    monkeypatch.delenv(DEMO_TOKEN_FILE_ENV, raising=False)
    with pytest.raises(secrets.SecretStoreError) as missing:
        secrets.store_app_secret(SECRET, SANDBOX)
    assert missing.value.title == "No secure password store"
    assert list(tmp_path.rglob("*.json")) == []


def test_the_demo_asks_the_os_store_before_the_last_click(monkeypatch, no_password_store):
    problem = secrets.os_store_problem()
    assert problem is not None and problem.title == "No secure password store"

    memory = MemoryKeyring()
    keyring.set_keyring(memory)
    assert secrets.os_store_problem() is None
    assert memory.store == {}  # the probe entry is gone again


@pytest.mark.parametrize(
    ("url", "loopback"),
    [
        ("http://127.0.0.1:8765", True),
        ("http://127.0.0.2:1", True),
        ("http://localhost:8765/", True),
        ("http://[::1]:8765", True),
        ("https://restapi.e-conomic.com", False),
        ("http://10.0.0.5:8765", False),
        ("http://127.0.0.1.example.com", False),
        ("ftp://127.0.0.1", False),
        ("", False),
        (None, False),
    ],
)
def test_only_addresses_on_this_computer_count_as_the_sandbox(url, loopback):
    assert is_loopback_url(url) is loopback


def test_without_a_password_store_the_demo_finishes_and_transfers(tmp_path, demo_file, sandbox):
    """Issue 15's first hour on a machine with no keyring: the wizard's Finish keeps the
    sandbox's tokens in the demo file, and a transfer then reads them and sends the demo
    files to the sandbox (real HTTP, real ledger)."""
    import shutil

    from wizard.export.engine import run_transfer
    from wizard.export.ledger import Ledger
    from wizard.export.report import LineState
    from wizard.sandbox.seed import APP_SECRET_TOKEN, GRANT_TOKEN
    from wizard.ui.setup.save import save_setup

    demo_inbox = Path(__file__).resolve().parents[2] / "resources" / "demo" / "inbox"
    sandbox.admin.create_journal(name="ACUBIZ EMS")  # the admin's step in e-conomic
    profile = _profile(tmp_path, "Demo", sandbox.base_url)
    shutil.copytree(demo_inbox, profile.inbox_folder, dirs_exist_ok=True)
    save_setup(profile, grant_token=GRANT_TOKEN, app_secret_token=APP_SECRET_TOKEN)

    report = run_transfer(load_profiles()[0], ledger=Ledger(tmp_path / "ledger.sqlite3"),
                          settle_seconds=0)
    assert report.count(LineState.SENT) == 6, (report.status, report.problems)
