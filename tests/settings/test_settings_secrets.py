"""Tokens go to the OS keyring only; every keyring failure reaches the user as one typed error
with the fix, and nothing ever falls back to a plain file."""

from __future__ import annotations

import os
import threading
import time
import uuid
from pathlib import Path

import keyring
import keyring.errors
import pytest
import secretstorage.exceptions
from keyring.backends import fail, null
from keyring_helpers import MemoryKeyring, PluggedBackend, real_keyring_problem

from wizard.settings import secrets
from wizard.settings.profiles import ExportProfile
from wizard.settings.secrets import (
    SecretStoreError,
    SecretToken,
    backend_name,
    delete_app_secret,
    delete_grant_token,
    load_app_secret,
    load_grant_token,
    rename_grant_token,
    store_app_secret,
    store_grant_token,
)
from wizard.settings.store import profiles_path, save_profiles

# Shaped like a real grant token: 44 characters of the token alphabet, ending in 1.
TOKEN = "SgTD30mY355XWrFkgnJRP8pPMly6H13vvzAFrMBKvBU1"
OTHER_TOKEN = "U8Z8gAi_vbQl6EW-YUv8883_vHQ5qkVgb5uoIbDrskQ1"


class ForgetfulKeyring(MemoryKeyring):
    """Says it saved the token, but keeps something else (a truncating backend)."""

    def set_password(self, service, username, password):
        self.store[(service, username)] = password[:10]


class RaisingKeyring(PluggedBackend):
    def __init__(self, error: Exception) -> None:
        super().__init__()
        self.error = error

    def get_password(self, service, username):
        raise self.error

    def set_password(self, service, username, password):
        raise self.error

    def delete_password(self, service, username):
        raise self.error


@pytest.fixture
def memory():
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    return backend


def test_a_grant_token_round_trips_per_profile(memory):
    store_grant_token("2. Omkostninger", TOKEN)
    store_grant_token("Løn", OTHER_TOKEN)
    assert load_grant_token("2. Omkostninger") == TOKEN
    assert load_grant_token("Løn") == OTHER_TOKEN
    assert memory.store[("acubiz-export", "grant-token/2. Omkostninger")] == TOKEN
    delete_grant_token("2. Omkostninger")
    assert load_grant_token("2. Omkostninger") is None
    assert load_grant_token("Løn") == OTHER_TOKEN


def test_deleting_a_token_that_is_not_there_is_fine(memory):
    delete_grant_token("never connected")
    delete_app_secret()


def test_app_secrets_are_kept_per_api_address(memory):
    store_app_secret(TOKEN)
    store_app_secret(OTHER_TOKEN, "http://127.0.0.1:8765/")
    assert load_app_secret() == TOKEN
    assert load_app_secret("https://RESTAPI.e-conomic.com/") == TOKEN
    assert load_app_secret("http://127.0.0.1:8765") == OTHER_TOKEN
    assert ("acubiz-export", "app-secret-token/http://127.0.0.1:8765") in memory.store


def test_renaming_a_profile_moves_its_token(memory):
    store_grant_token("Old", TOKEN)
    rename_grant_token("Old", "New")
    assert load_grant_token("New") == TOKEN
    assert load_grant_token("Old") is None


def test_a_loaded_token_hides_itself_in_reprs(memory):
    store_grant_token("A", TOKEN)
    token = load_grant_token("A")
    assert isinstance(token, SecretToken) and isinstance(token, str)
    assert TOKEN not in repr(token)
    assert repr(token) == "SecretToken('…vBU1')"
    assert TOKEN not in repr({"grant": token})
    assert f"{token}" == TOKEN and str(token) == TOKEN


def test_a_store_that_does_not_keep_the_token_is_caught_by_the_read_back():
    keyring.set_keyring(ForgetfulKeyring())
    with pytest.raises(SecretStoreError) as caught:
        store_grant_token("A", TOKEN)
    assert caught.value.title == "Token not saved"
    assert "reading it back" in caught.value.message
    assert TOKEN not in caught.value.message
    title_da, message_da = caught.value.text("da")
    assert title_da == "Tokenet blev ikke gemt"
    assert message_da.startswith("Adgangskodelageret (")
    assert message_da.endswith(
        ") beholdt ikke adgangstokenet (grant token) til e-conomic: da det blev læst igen, var"
        " det noget andet. Lås adgangskodelageret op, sørg for, at det ikke er skrivebeskyttet,"
        " og prøv igen."
    )


def test_no_keyring_at_all_names_the_fix():
    keyring.set_keyring(fail.Keyring())
    with pytest.raises(SecretStoreError) as caught:
        store_grant_token("A", TOKEN)
    error = caught.value
    assert error.title == "No secure password store"
    assert "install and unlock GNOME Keyring or KWallet" in error.message
    assert "Windows or macOS" in error.message
    assert "never saved in a plain file" in error.message
    assert error.backend == backend_name() == "fail Keyring"


def test_the_null_keyring_is_refused_instead_of_silently_storing_nothing():
    keyring.set_keyring(null.Keyring())
    with pytest.raises(SecretStoreError) as caught:
        load_grant_token("A")
    assert caught.value.title == "No secure password store"


@pytest.mark.parametrize(
    "error, title, fix",
    [
        (keyring.errors.NoKeyringError("none"), "No secure password store", "GNOME Keyring"),
        (keyring.errors.KeyringLocked("locked"), "Password store is locked",
         "Unlock it and try again."),
        (keyring.errors.InitError("no collection"), "Password store unavailable",
         "Log out and in again"),
        (keyring.errors.PasswordSetError("read-only"), "Token not saved", "Unlock it"),
        (keyring.errors.KeyringError("odd"), "Password store error", "Try again"),
        (secretstorage.exceptions.LockedException("locked"), "Password store is locked",
         "Unlock it and try again."),
        (secretstorage.exceptions.SecretServiceNotAvailableException("no bus"),
         "Password store unavailable", "GNOME Keyring or KWallet is running"),
        (OSError("Element not found"), "Password store error", "Try again"),
    ],
    ids=lambda value: type(value).__name__ if isinstance(value, Exception) else None,
)
@pytest.mark.parametrize("operation", ["store", "load", "delete"])
def test_every_backend_failure_becomes_one_typed_error(error, title, fix, operation):
    keyring.set_keyring(RaisingKeyring(error))
    call = {
        "store": lambda: store_grant_token("A", TOKEN),
        "load": lambda: load_grant_token("A"),
        "delete": lambda: delete_grant_token("A"),
    }[operation]
    with pytest.raises(SecretStoreError) as caught:
        call()
    assert caught.value.title == title
    assert fix in caught.value.message
    assert caught.value.backend == RaisingKeyring.name == backend_name()
    assert TOKEN not in str(caught.value)
    title_da, message_da = caught.value.text("da")
    assert title_da != title and message_da != caught.value.message
    assert "Adgangskodelager" in message_da or "adgangskodelager" in message_da
    assert caught.value.text("en") == (title, caught.value.message)


def test_a_token_that_cannot_be_removed_says_so_in_danish_too():
    keyring.set_keyring(RaisingKeyring(keyring.errors.PasswordDeleteError("busy")))
    with pytest.raises(SecretStoreError) as caught:
        delete_grant_token("A")
    assert caught.value.title == "Token not removed"
    assert caught.value.text("da")[0] == "Tokenet blev ikke fjernet"
    assert "posten 'acubiz-export'" in caught.value.text("da")[1]


def test_an_error_text_that_quotes_the_token_is_scrubbed():
    keyring.set_keyring(RaisingKeyring(keyring.errors.PasswordSetError(f"bad value {TOKEN}")))
    with pytest.raises(SecretStoreError) as caught:
        store_grant_token("A", TOKEN)
    assert TOKEN not in caught.value.message
    assert TOKEN not in caught.value.text("da")[1]


def test_the_profiles_file_never_contains_the_token(memory, tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    store_grant_token("A", TOKEN)
    store_app_secret(OTHER_TOKEN)
    save_profiles([ExportProfile(name="A", inbox_folder=inbox)])
    config_home = Path(os.environ["XDG_CONFIG_HOME"])
    written = [path.read_bytes() for path in config_home.rglob("*") if path.is_file()]
    assert profiles_path().read_bytes() in written
    for content in written:
        assert TOKEN.encode() not in content and OTHER_TOKEN.encode() not in content


# -- the real keyring (CI runs gnome-keyring in a D-Bus session) ------------------------------


@pytest.fixture
def real_keyring():
    """The machine's own keyring, if it works; otherwise the test is skipped with the reason."""
    problem = real_keyring_problem()
    if problem is not None:
        pytest.skip(f"no working OS keyring here ({problem}); CI provides gnome-keyring in a"
                    " D-Bus session")
    return keyring.get_keyring()


@pytest.mark.desktop
def test_a_token_round_trips_through_the_real_keyring(real_keyring, tmp_path):
    profile_name = f"test-{uuid.uuid4()}"
    try:
        store_grant_token(profile_name, TOKEN)
        assert load_grant_token(profile_name) == TOKEN
        inbox = tmp_path / "inbox"
        inbox.mkdir()
        save_profiles([ExportProfile(name=profile_name, inbox_folder=inbox)])
        assert TOKEN.encode() not in profiles_path().read_bytes()
    finally:
        delete_grant_token(profile_name)
    assert load_grant_token(profile_name) is None
    assert backend_name() == real_keyring.name


# -- a store that does not answer (D-Bus up, no Secret Service behind it) -----------------------


class HangingKeyring(PluggedBackend):
    """Every call blocks until the test releases it, like a Secret Service that never answers
    (or a keyring password prompt nobody sees)."""

    def __init__(self) -> None:
        super().__init__()
        self.release = threading.Event()
        self.store: dict[tuple[str, str], str] = {}
        self.calls = 0

    def _wait(self) -> None:
        self.calls += 1
        self.release.wait(60)

    def get_password(self, service, username):
        self._wait()
        return self.store.get((service, username))

    def set_password(self, service, username, password):
        self._wait()
        self.store[(service, username)] = password

    def delete_password(self, service, username):
        self._wait()
        self.store.pop((service, username), None)


@pytest.fixture
def hanging(monkeypatch):
    """A hanging keyring and a short timeout; the parked calls are released afterwards so the
    next test finds a store that answers."""
    monkeypatch.setattr(secrets, "KEYRING_TIMEOUT_SECONDS", 0.3)
    backend = HangingKeyring()
    keyring.set_keyring(backend)
    yield backend
    backend.release.set()
    deadline = time.monotonic() + 10
    while any(t.is_alive() for t in secrets._stuck) and time.monotonic() < deadline:
        time.sleep(0.01)


@pytest.mark.parametrize("operation", ["store", "load", "delete"])
def test_a_store_that_never_answers_is_given_up_with_the_plain_message(hanging, operation):
    call = {
        "store": lambda: store_grant_token("A", TOKEN),
        "load": lambda: load_grant_token("A"),
        "delete": lambda: delete_grant_token("A"),
    }[operation]
    started = time.monotonic()
    with pytest.raises(SecretStoreError) as caught:
        call()
    assert time.monotonic() - started < 30  # the backend would block for 60 s
    assert not hanging.release.is_set()  # it gave up; the store did not answer
    error = caught.value
    assert error.title == "No secure password store"  # the same as having no store at all
    assert "did not answer within 0.3 seconds" in error.message
    assert "install and unlock GNOME Keyring or KWallet" in error.message
    assert "never saved in a plain file" in error.message
    assert TOKEN not in error.message and "Traceback" not in error.message
    title_da, message_da = error.text("da")
    assert title_da == "Intet sikkert adgangskodelager"
    assert "svarede ikke inden for 0,3 sekunder" in message_da


def test_while_a_call_is_stuck_the_next_fails_at_once_and_later_ones_work_again(hanging):
    with pytest.raises(SecretStoreError):
        load_grant_token("A")
    calls = hanging.calls
    with pytest.raises(SecretStoreError) as caught:
        store_grant_token("A", TOKEN)
    assert caught.value.title == "No secure password store"
    assert hanging.calls == calls  # not even asked: the store is still stuck on the first
    assert backend_name() == "unknown"  # never hangs either

    hanging.release.set()  # the admin answered the keyring prompt
    deadline = time.monotonic() + 10
    while any(t.is_alive() for t in secrets._stuck) and time.monotonic() < deadline:
        time.sleep(0.01)
    store_grant_token("A", TOKEN)
    assert load_grant_token("A") == TOKEN


def test_a_slow_but_answering_store_is_waited_for(monkeypatch):
    class SlowKeyring(MemoryKeyring):
        def get_password(self, service, username):
            time.sleep(0.05)
            return super().get_password(service, username)

    monkeypatch.setattr(secrets, "KEYRING_TIMEOUT_SECONDS", 5.0)
    keyring.set_keyring(SlowKeyring())
    store_grant_token("A", TOKEN)
    assert load_grant_token("A") == TOKEN
