"""Transfers run in child processes, one after another, and always answer with a report.

A stand-in worker (fake_worker.py) plays the engine, so these tests control exactly when a
run ends; the real worker is exercised by the tray tests against the sandbox.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

import pytest

from wizard.settings.profiles import ExportProfile
from wizard.ui.tray.runner import RunRequest, Submitted, TransferRunner

FAKE = Path(__file__).with_name("fake_worker.py")


class Worker:
    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def command(self, arguments):
        return [sys.executable, str(FAKE), *arguments]

    @property
    def calls(self) -> list[dict]:
        path = self.folder / "calls.jsonl"
        if not path.exists():
            return []
        return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]

    def release(self) -> None:
        (self.folder / "release").touch()

    @property
    def cancelled(self) -> str | None:
        path = self.folder / "cancelled.txt"
        return path.read_text(encoding="utf-8") if path.exists() else None


@pytest.fixture
def worker(tmp_path, monkeypatch):
    monkeypatch.setenv("FAKE_WORKER_DIR", str(tmp_path))
    fake = Worker(tmp_path)
    yield fake
    fake.release()


def make_runner(worker, names=("A", "B"), **options):
    profiles = {n: ExportProfile(name=n, inbox_folder=Path("/tmp")) for n in names}
    runner = TransferRunner(profiles.get, command=worker.command, **options)
    finished: list[tuple[RunRequest, dict]] = []
    runner.finished.connect(lambda request, summary: finished.append((request, summary)))
    return runner, finished


def test_profiles_run_one_after_another_in_child_processes(qtbot, worker):
    runner, finished = make_runner(worker)
    assert runner.submit(RunRequest("A", "scheduled", "2026-11-25T16:00")) is Submitted.QUEUED
    assert runner.submit(RunRequest("B")) is Submitted.QUEUED
    qtbot.waitUntil(lambda: len(worker.calls) == 1, timeout=10000)
    assert runner.current.profile == "A" and [r.profile for r in runner.queued] == ["B"]
    worker.release()
    with qtbot.waitSignal(runner.idle, timeout=10000):
        pass
    assert [r.profile for r, _ in finished] == ["A", "B"]
    assert [s["status"] for _, s in finished] == ["nothing-to-send"] * 2
    assert worker.calls[0] == {"profile": "A", "trigger": "scheduled",
                               "slot": "2026-11-25T16:00", "clock_offset": 0.0}


def test_the_same_profile_is_not_queued_twice(qtbot, worker):
    runner, _ = make_runner(worker)
    runner.submit(RunRequest("A"))
    runner.submit(RunRequest("B"))
    assert runner.submit(RunRequest("A", "scheduled", "x")) is Submitted.ALREADY_RUNNING
    assert runner.submit(RunRequest("B")) is Submitted.ALREADY_QUEUED
    worker.release()
    qtbot.waitUntil(lambda: not runner.busy, timeout=10000)
    assert len(worker.calls) == 2


def test_a_worker_that_dies_still_answers_with_a_report(qtbot, worker, monkeypatch):
    monkeypatch.setenv("FAKE_WORKER_MODE", "crash")
    runner, finished = make_runner(worker)
    runner.submit(RunRequest("A"))
    qtbot.waitUntil(lambda: len(finished) == 1, timeout=10000)
    summary = finished[0][1]
    assert summary["status"] == "error"
    assert summary["problems"][0]["kind"] == "unexpected"
    assert "disk on fire" in summary["problems"][0]["details"]
    assert not runner.busy


def test_a_worker_that_cannot_start_still_answers(qtbot, worker):
    runner = TransferRunner(lambda n: ExportProfile(name=n, inbox_folder=Path("/tmp")),
                            command=lambda args: ["/nonexistent/python", *args])
    finished = []
    runner.finished.connect(lambda request, summary: finished.append(summary))
    runner.submit(RunRequest("A"))
    qtbot.waitUntil(lambda: len(finished) == 1, timeout=10000)
    assert finished[0]["problems"][0]["kind"] == "unexpected"


def test_stop_cancels_the_running_transfer_and_drops_the_queue(qtbot, worker):
    runner, finished = make_runner(worker)
    runner.submit(RunRequest("A"))
    runner.submit(RunRequest("B"))
    qtbot.waitUntil(lambda: len(worker.calls) == 1, timeout=10000)
    runner.stop()
    assert runner.wait(10)
    assert worker.cancelled == "A"
    qtbot.waitUntil(lambda: len(finished) == 1)
    assert runner.submit(RunRequest("B")) is Submitted.STOPPED
    assert [c["profile"] for c in worker.calls] == ["A"]


def test_a_profile_removed_while_queued_is_dropped(qtbot, worker):
    runner, finished = make_runner(worker, names=("A",))
    runner.submit(RunRequest("gone"))
    qtbot.waitUntil(lambda: not runner.busy)
    assert worker.calls == [] and finished == []


def test_the_tray_clock_reaches_the_worker(qtbot, worker):
    ahead = dt.datetime.now(dt.UTC) + dt.timedelta(days=3)
    runner, finished = make_runner(worker, clock=lambda: ahead)
    worker.release()
    runner.submit(RunRequest("A"))
    qtbot.waitUntil(lambda: len(finished) == 1, timeout=10000)
    assert worker.calls[0]["clock_offset"] == pytest.approx(3 * 86400, abs=30)
