"""The tray as real processes: one per session, and a tray killed mid-transfer that is
started again ends with every expense in e-conomic exactly once."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import queue
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import keyring
import pytest
from keyring_helpers import real_keyring_problem
from tray_helpers import CPH, DEMO_MARKERS, PROFILE, markers_in_economic

from wizard.applog import log_path
from wizard.export.ledger import Ledger, VoucherState
from wizard.sandbox.seed import APP_SECRET_TOKEN, GRANT_TOKEN
from wizard.settings.profiles import ExportProfile
from wizard.settings.secrets import (
    delete_app_secret,
    delete_grant_token,
    store_app_secret,
    store_grant_token,
)
from wizard.settings.store import upsert_profile
from wizard.ui.tray.store import TrayStore

HERE = Path(__file__).resolve().parent


class Tray:
    """`python -m wizard tray` in a child process, its output read line by line."""

    def __init__(self, env: dict[str, str], *args: str) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "wizard", "tray", *args], env=env, text=True,
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True,
        )
        self.lines: queue.Queue[str] = queue.Queue()
        self.seen: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.process.stdout:
            self.lines.put(line.rstrip("\n"))

    def wait_for(self, text: str, timeout: float = 20.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=0.1)
            except queue.Empty:
                if self.process.poll() is not None:
                    break
                continue
            self.seen.append(line)
            if text in line:
                return
        raise AssertionError(f"{text!r} not printed; got {self.seen!r}")

    def stop(self, sig: int = signal.SIGTERM) -> int:
        if self.process.poll() is None:
            self.process.send_signal(sig)
        return self.process.wait(timeout=20)

    def kill_all(self) -> None:
        """SIGKILL the tray and its transfer process at once, as a power cut would."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=20)


@pytest.fixture
def tray_env(tmp_path, monkeypatch):
    """The environment for child trays: the test's XDG folders, and a keyring they share
    with this process (the OS one in a desktop session, else a file for tests only)."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(HERE), env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    real = real_keyring_problem() is None
    if not real:
        path = tmp_path / "test-keyring.json"
        monkeypatch.setenv("ACUBIZ_TEST_KEYRING", str(path))
        env["ACUBIZ_TEST_KEYRING"] = str(path)
        env["PYTHON_KEYRING_BACKEND"] = "tray_file_keyring.FileKeyring"
        from tray_file_keyring import FileKeyring

        original = keyring.get_keyring()
        keyring.set_keyring(FileKeyring())
    trays: list[Tray] = []

    def start(*args: str) -> Tray:
        tray = Tray(env, *args)
        trays.append(tray)
        return tray

    yield start
    for tray in trays:
        tray.kill_all()
    if not real:
        keyring.set_keyring(original)


def test_a_second_start_asks_the_first_to_show_itself_and_exits(tray_env):
    first = tray_env()
    first.wait_for("is running.")
    second = tray_env()
    assert second.process.wait(timeout=20) == 0
    second.wait_for("already running")
    assert first.process.poll() is None
    deadline = time.monotonic() + 10
    while "asked to show itself" not in _log() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert "asked to show itself" in _log()
    assert first.stop() in (0, -signal.SIGTERM)


def test_killing_the_tray_mid_run_and_starting_it_again_sends_every_line_once(
        tray_env, sandbox, journal, demo_inbox):
    store_grant_token(PROFILE, GRANT_TOKEN)
    store_app_secret(APP_SECRET_TOKEN, sandbox.base_url)
    try:
        _killed_mid_run_then_restarted(tray_env, sandbox, demo_inbox)
    finally:
        delete_grant_token(PROFILE)
        delete_app_secret(sandbox.base_url)


def _killed_mid_run_then_restarted(tray_env, sandbox, inbox):
    now = dt.datetime.now(CPH)
    upsert_profile(ExportProfile(
        name=PROFILE, inbox_folder=inbox, receipts_folder=inbox, journal_name="ACUBIZ EMS",
        department_dimension=1, department_map={"Administration": 1, "Salg": 2, "Udvikling": 3},
        api_base_url=sandbox.base_url, daily_time=(now - dt.timedelta(minutes=2)).strftime("%H:%M"),
    ))
    TrayStore().set_first_seen(PROFILE, now - dt.timedelta(days=2))  # set up two days ago
    # The vouchers' POST takes 3 s: e-conomic creates them after the tray is gone.
    sandbox.admin.queue_fault("timeout", seconds=3, method="POST", path="/journals/")

    first = tray_env("--start-delay", "0")
    first.wait_for("is running.")
    with Ledger() as ledger:
        # The POST has reached e-conomic (it took the queued delay) and is being held there.
        _wait(lambda: not sandbox.admin.fault_settings()["queue"], "the vouchers' POST")
        first.kill_all()
        assert ledger.vouchers(PROFILE, [VoucherState.SENDING]), "the batch was on its way"
        assert ledger.runs(PROFILE)[0].finished_at is None
        _wait(lambda: _voucher_posts(sandbox), "the sandbox to finish the lost POST")

        second = tray_env("--start-delay", "0")
        second.wait_for("is running.")
        _wait(lambda: ledger.runs(PROFILE)[0].finished_at is not None
              and len(ledger.runs(PROFILE)) == 2, "the interrupted run to be run again")
        rerun = ledger.runs(PROFILE)[0]
        assert (rerun.trigger, rerun.status) == ("catch-up", "ok"), rerun.message
        assert rerun.slot == ledger.runs(PROFILE)[1].slot
    counts = markers_in_economic(sandbox.base_url)
    assert set(counts) == DEMO_MARKERS
    assert set(counts.values()) == {1}, counts
    assert not list(inbox.glob("*.csv"))
    second.stop()


def _voucher_posts(sandbox) -> list:
    return [r for r in sandbox.admin.requests()
            if r["method"] == "POST" and r["path"].endswith("/vouchers")]


def _wait(condition, what: str, timeout: float = 30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = condition()
        if result:
            return result
        time.sleep(0.02)
    raise AssertionError(f"timed out waiting for {what}")


def _log() -> str:
    try:
        return log_path().read_text(encoding="utf-8")
    except FileNotFoundError:
        return ""
