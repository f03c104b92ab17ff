"""Fixtures for the tray: a clock the test moves, a keyring that works, the demo inbox and a
profile connected to the sandbox, and trays that are shut down after each test."""

from __future__ import annotations

import os
from pathlib import Path

import keyring
import pytest
from keyring_helpers import real_keyring_problem
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QApplication, QSystemTrayIcon
from tray_helpers import (
    CPH,
    PROFILE,
    FakeClock,
    copy_demo_inbox,
    cph,
)

from wizard.sandbox.seed import APP_SECRET_TOKEN, GRANT_TOKEN
from wizard.settings.profiles import ExportProfile
from wizard.settings.secrets import (
    delete_app_secret,
    delete_grant_token,
    store_app_secret,
    store_grant_token,
)
from wizard.settings.store import upsert_profile
from wizard.ui.qt_workarounds import guard_none_refcount

# PySide6 6.12.0 on Python 3.11 loses a reference to None per Qt call; without this the test
# process aborts at exit (exit code 134) once the suite has made a few thousand calls.
guard_none_refcount()


@pytest.fixture
def clock():
    """Wednesday 25 November 2026, 15:59 in Copenhagen: a minute before the daily time."""
    return FakeClock(cph(2026, 11, 25, 15, 59))


@pytest.fixture
def secret_store(tmp_path, monkeypatch):
    """The OS keyring when it works here (desktop session), else a test-only file keyring that
    the tray's child processes (transfers, connection checks) read too."""
    real = real_keyring_problem() is None
    if not real:
        monkeypatch.setenv("ACUBIZ_TEST_KEYRING", str(tmp_path / "test-keyring.json"))
        monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "tray_file_keyring.FileKeyring")
        monkeypatch.setenv("PYTHONPATH", os.pathsep.join(
            [str(Path(__file__).resolve().parent), os.environ.get("PYTHONPATH", "")]
        ).rstrip(os.pathsep))
        from tray_file_keyring import FileKeyring

        keyring.set_keyring(FileKeyring())
    yield real


@pytest.fixture
def journal(sandbox):
    return sandbox.admin.create_journal(name="ACUBIZ EMS")


@pytest.fixture
def demo_inbox(tmp_path):
    return copy_demo_inbox(tmp_path / "inbox")


@pytest.fixture
def make_profile(sandbox, journal, demo_inbox, secret_store):
    """Save a profile (as the wizard would) whose tokens are in the keyring."""
    made: list[str] = []

    def make(name=PROFILE, inbox=None, connect=True, **fields):
        fields.setdefault("daily_time", "16:00")
        profile = ExportProfile(
            name=name, inbox_folder=inbox or demo_inbox, receipts_folder=inbox or demo_inbox,
            journal_name="ACUBIZ EMS", department_dimension=1,
            department_map={"Administration": 1, "Salg": 2, "Udvikling": 3},
            api_base_url=sandbox.base_url, **fields,
        )
        if connect:
            store_grant_token(name, GRANT_TOKEN)
            store_app_secret(APP_SECRET_TOKEN, sandbox.base_url)
        upsert_profile(profile)
        made.append(name)
        return profile

    yield make
    if secret_store:  # the real keyring outlives the test: leave it clean
        for name in made:
            delete_grant_token(name)
        delete_app_secret(sandbox.base_url)


@pytest.fixture
def opened(monkeypatch):
    """What the tray asked the desktop to open (folders, the log)."""
    urls: list[str] = []

    def record(url):
        urls.append(url.toLocalFile() or url.toString())
        return True

    monkeypatch.setattr(QDesktopServices, "openUrl", record)
    return urls


class Recorder:
    def __init__(self):
        self.launched: list[list[str]] = []
        self.quits = 0
        self.close_choice = "keep-running"
        self.asked = 0
        self.quit_answer = True  # "Quit Acubiz e-conomic Export?" → Quit
        self.quit_asked = 0

    def launch(self, command):
        self.launched.append(list(command))

    def quit(self):
        self.quits += 1

    def confirm_quit(self):
        self.quit_asked += 1
        return self.quit_answer

    def ask_on_close(self, _parent):
        from wizard.ui.tray.status_window import CloseChoice

        self.asked += 1
        return CloseChoice(self.close_choice)


@pytest.fixture
def recorder():
    return Recorder()


@pytest.fixture
def make_tray(qtbot, clock, recorder):
    """A started TrayApp with the injected clock (tray icon when a tray host is there,
    else the status window); shut down after the test."""
    from wizard.ui.tray.app import TrayApp

    made = []

    def make(**options):
        options.setdefault("clock", clock)
        options.setdefault("display_zone", CPH)  # History's; the tray uses each export's zone
        options.setdefault("start_delay_s", 0)
        options.setdefault("tray_wait_s", 0)
        options.setdefault("settle_seconds", 0)
        options.setdefault("launch", recorder.launch)
        options.setdefault("quit_application", recorder.quit)
        options.setdefault("ask_on_close", recorder.ask_on_close)
        options.setdefault("confirm_quit", recorder.confirm_quit)
        app = TrayApp(**options)
        made.append(app)
        app.start()
        return app

    yield make
    for app in made:
        app.shutdown(wait_s=5)
        for widget in (app.window, app.history, app.menu):
            if widget is not None:
                widget.hide()  # close() would ask "keep running?"
                widget.deleteLater()
        app.ledger.close()
        app.deleteLater()
    QApplication.processEvents()


@pytest.fixture
def tray_host(qtbot):
    """Skip unless a system tray is there (Xvfb + trayer); it may take a moment to appear."""
    if QApplication.platformName() == "offscreen":
        pytest.skip("offscreen Qt has no system tray (run under tools/desktop-session.sh)")
    try:
        qtbot.waitUntil(QSystemTrayIcon.isSystemTrayAvailable, timeout=5000)
    except AssertionError:
        pytest.skip("no system tray host appeared within 5 s (is trayer running?)")
