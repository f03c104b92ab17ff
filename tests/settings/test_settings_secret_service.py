"""On Linux the program talks to the Secret Service over ONE D-Bus connection per process:
gnome-keyring 42 aborts now and then on a new client (issue 15), and keyring's own backend made
a new client for every get, set and delete."""

from __future__ import annotations

import shutil
import subprocess
import uuid

import keyring
import pytest
from keyring_helpers import MemoryKeyring, real_keyring_problem

from wizard.settings import secrets
from wizard.settings.secrets import (
    SecretStoreError,
    backend_name,
    delete_grant_token,
    load_grant_token,
    os_store_problem,
    store_grant_token,
)

TOKEN = "SgTD30mY355XWrFkgnJRP8pPMly6H13vvzAFrMBKvBU1"


@pytest.fixture
def secret_service():
    """The Secret Service module, when the machine's keyring is a working Secret Service."""
    problem = real_keyring_problem()
    if problem is not None:
        pytest.skip(f"no working OS keyring here ({problem}); CI provides gnome-keyring in a"
                    " D-Bus session")
    if type(keyring.get_keyring()).__module__ != "keyring.backends.SecretService":
        pytest.skip(f"the OS keyring is {keyring.get_keyring().name}, not the Secret Service")
    from wizard.settings import secret_service

    return secret_service


@pytest.mark.desktop
def test_many_calls_share_one_connection(secret_service):
    with secrets._lock:
        backend = secrets._os_backend()
    assert isinstance(backend, secret_service.SharedSecretService)
    assert backend.name == keyring.get_keyring().name == backend_name()
    profiles = [f"test-{uuid.uuid4()}" for _ in range(5)]
    store_grant_token(profiles[0], TOKEN)  # the connection is open from here on
    opened = secret_service.connections_opened()
    try:
        for profile in profiles:
            store_grant_token(profile, TOKEN)
            assert load_grant_token(profile) == TOKEN
        assert os_store_problem() is None
    finally:
        for profile in profiles:
            delete_grant_token(profile)
    assert [load_grant_token(profile) for profile in profiles] == [None] * len(profiles)
    assert secret_service.connections_opened() == opened


@pytest.mark.desktop
def test_a_connection_that_broke_is_opened_again_once(secret_service):
    profile = f"test-{uuid.uuid4()}"
    try:
        store_grant_token(profile, TOKEN)
        opened = secret_service.connections_opened()
        secret_service._connection.sock.close()  # as if the bus had hung up on us
        assert load_grant_token(profile) == TOKEN
        assert secret_service.connections_opened() == opened + 1
        assert load_grant_token(profile) == TOKEN
        assert secret_service.connections_opened() == opened + 1
    finally:
        delete_grant_token(profile)


@pytest.fixture
def bus_without_secret_service(tmp_path, monkeypatch, secret_service):
    """A D-Bus session bus of its own with no Secret Service on it (and none to start), as
    when gnome-keyring has ended: the shared connection is pointed at it for the test."""
    if shutil.which("dbus-daemon") is None:
        pytest.skip("dbus-daemon is not installed")
    (tmp_path / "services").mkdir()
    config = tmp_path / "bus.conf"
    config.write_text(
        '<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"'
        ' "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd"><busconfig>'
        f"<type>session</type><listen>unix:dir={tmp_path}</listen><auth>EXTERNAL</auth>"
        f"<servicedir>{tmp_path / 'services'}</servicedir>"
        '<policy context="default"><allow send_destination="*" eavesdrop="true"/>'
        '<allow eavesdrop="true"/><allow own="*"/></policy>'
        "</busconfig>"
    )
    bus = subprocess.Popen(
        ["dbus-daemon", "--nofork", f"--config-file={config}", "--print-address"],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
    )
    try:
        assert bus.stdout is not None
        monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", bus.stdout.readline().strip())
        secret_service.close()  # the next call connects to the bus above
        yield
    finally:
        bus.terminate()
        bus.wait(10)
        monkeypatch.undo()
        secret_service.close()  # back to the session's bus and keyring


@pytest.mark.desktop
def test_a_secret_service_that_is_gone_is_tried_once_more_then_reported_as_before(
    secret_service, bus_without_secret_service
):
    opened = secret_service.connections_opened()
    with pytest.raises(SecretStoreError) as caught:
        load_grant_token(f"test-{uuid.uuid4()}")
    assert caught.value.title == "Password store unavailable"
    assert "could not be opened" in caught.value.message  # keyring's InitError, as before
    assert secret_service.connections_opened() == opened + 2  # the first, and one retry


def test_other_backends_are_used_as_keyring_gives_them():
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    with secrets._lock:
        assert secrets._os_backend() is backend


def test_the_shared_backend_is_never_picked_by_keyrings_own_detection():
    pytest.importorskip("secretstorage")
    from keyring.backend import get_all_keyring

    from wizard.settings.secret_service import SharedSecretService

    assert not SharedSecretService.viable
    assert not any(isinstance(each, SharedSecretService) for each in get_all_keyring())
