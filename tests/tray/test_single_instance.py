"""One tray per session: a second start reaches the first over the local channel and exits.

The Unix-domain socket (Linux, macOS) and Qt's local socket (a named pipe on Windows; a socket
here, which is the edge these tests can reach) are driven through the same `SingleInstance`.
The second start runs in a thread, because its calls block while the first one's event loop
(here, qtbot's) has to answer.
"""

from __future__ import annotations

import os
import socket
import stat
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

import pytest

from wizard.ui.tray import single_instance
from wizard.ui.tray.single_instance import (
    SHOW,
    QtLocalChannel,
    SingleInstance,
    UnixSocketChannel,
    default_channel,
    send_command,
)

CHANNELS = [UnixSocketChannel, QtLocalChannel]


@pytest.fixture
def name(tmp_path, monkeypatch):
    monkeypatch.setattr(single_instance, "lock_path", lambda: tmp_path / "tray.qlock")
    return str(tmp_path / "tray.sock")


@pytest.fixture
def background():
    with ThreadPoolExecutor(max_workers=1) as pool:
        yield pool


@pytest.mark.parametrize("channel", CHANNELS)
def test_a_second_start_asks_the_first_to_show_itself(qtbot, name, background, channel):
    first = SingleInstance(name, channel=channel())
    assert first.acquire()
    heard: list[str] = []
    first.command.connect(heard.append)
    try:
        second = background.submit(
            lambda: SingleInstance(name, channel=channel()).acquire(wait_for_other_s=0.5)
        )
        qtbot.waitUntil(second.done, timeout=10000)
        assert second.result() is False  # it is not the tray: the first one answered
        assert heard == [SHOW]
    finally:
        first.release()


@pytest.mark.parametrize("channel", CHANNELS)
def test_nobody_listening_is_no_answer_not_an_error(name, channel):
    assert send_command(SHOW, name, channel()) is False


def test_a_socket_left_by_a_killed_tray_is_replaced(qtbot, name, background):
    leftover = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    leftover.bind(name)  # bound, never listening, never removed: what a kill leaves
    leftover.close()
    assert os.path.exists(name)
    first = SingleInstance(name, channel=UnixSocketChannel())
    assert first.acquire(wait_for_other_s=0.1)
    try:
        answered = background.submit(send_command, SHOW, name, UnixSocketChannel())
        qtbot.waitUntil(answered.done, timeout=10000)
        assert answered.result() is True
    finally:
        first.release()
    assert not os.path.exists(name)  # a clean stop leaves nothing behind


def test_only_this_user_may_connect(name):
    first = SingleInstance(name, channel=UnixSocketChannel())
    assert first.acquire()
    try:
        assert stat.S_IMODE(os.stat(name).st_mode) == 0o600
    finally:
        first.release()


def test_a_line_that_is_not_a_command_is_dropped(qtbot, name, background):
    first = SingleInstance(name, channel=UnixSocketChannel())
    assert first.acquire()
    heard: list[str] = []
    first.command.connect(heard.append)

    def flood() -> bytes:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as client:
            client.settimeout(5)
            client.connect(name)
            try:
                client.sendall(b"x" * 100_000)
                return client.recv(16)
            except OSError:
                return b""

    try:
        answer = background.submit(flood)
        qtbot.waitUntil(answer.done, timeout=10000)
        assert answer.result() == b""  # the tray hung up: no reply, no command
        assert heard == []
        # ...and still answers the next start.
        answered = background.submit(send_command, SHOW, name, UnixSocketChannel())
        qtbot.waitUntil(answered.done, timeout=10000)
        assert answered.result() is True
        assert heard == [SHOW]
    finally:
        first.release()


def test_windows_gets_the_named_pipe_and_the_rest_a_unix_socket():
    assert isinstance(default_channel("win32"), QtLocalChannel)
    assert isinstance(default_channel("linux"), UnixSocketChannel)
    assert isinstance(default_channel("darwin"), UnixSocketChannel)


def test_the_tray_does_not_load_qtnetwork_for_its_single_instance():
    code = (
        "import sys; import wizard.ui.tray.single_instance, wizard.ui.tray.command;"
        " print('PySide6.QtNetwork' in sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True)  # fmt: skip
    assert result.stdout.strip() == "False"
