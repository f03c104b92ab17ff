"""Transfers off the GUI thread, one profile after another, each answered with its report.

`submit()` queues a run (one per profile at a time: a scheduled tick and a click on "Transfer
now" for the same profile make one run). Each run is a short-lived child process calling the
engine's `run_transfer` (see `wizard.commands.worker` for why a process); its report — the
`RunReport.to_json()` dict — comes back on the GUI thread through `finished`. A child that
dies or says nothing still produces a report (an "unexpected" problem), so the tray never
keeps a "transferring" icon for ever.

`stop()` empties the queue and asks the running child to stop between batches (the request
in flight finishes and is recorded); `wait()` then waits for it, bounded, so quitting leaves
the ledger consistent; `kill()` is the last resort (the ledger reconciles a killed run).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from PySide6.QtCore import QObject, QProcess, Signal

from wizard.commands.worker import worker_command
from wizard.settings.profiles import ExportProfile
from wizard.ui.worker_process import worker_process

log = logging.getLogger("wizard.ui.tray")

Command = Callable[[list[str]], list[str]]
Summary = dict[str, Any]  # RunReport.to_json()


@dataclass(frozen=True)
class RunRequest:
    profile: str
    trigger: str = "manual"  # "manual" | "scheduled" | "catch-up" | "send-again"
    slot: str | None = None
    send_again: str | None = None  # the line id History's "Send again" posts once more


class Submitted(StrEnum):
    QUEUED = "queued"
    ALREADY_QUEUED = "already-queued"  # that profile already waits in the queue
    ALREADY_RUNNING = "already-running"
    STOPPED = "stopped"  # the runner is shutting down


class TransferRunner(QObject):
    started = Signal(object)  # RunRequest
    finished = Signal(object, object)  # RunRequest, Summary
    idle = Signal()  # the queue ran empty

    def __init__(
        self,
        lookup: Callable[[str], ExportProfile | None],
        *,
        command: Command = worker_command,
        clock: Callable[[], dt.datetime] | None = None,
        settle_seconds: float = 30.0,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._lookup = lookup
        self._command = command
        self._clock = clock or (lambda: dt.datetime.now(dt.UTC))
        self._settle_seconds = settle_seconds
        self._queue: list[RunRequest] = []
        self._current: RunRequest | None = None
        self._process: QProcess | None = None
        self._stopped = False

    # -- state ---------------------------------------------------------------------------

    @property
    def current(self) -> RunRequest | None:
        return self._current

    @property
    def queued(self) -> list[RunRequest]:
        return list(self._queue)

    @property
    def busy(self) -> bool:
        return self._current is not None or bool(self._queue)

    # -- commands ------------------------------------------------------------------------

    def submit(self, request: RunRequest) -> Submitted:
        if self._stopped:
            return Submitted.STOPPED
        if self._current is not None and self._current.profile == request.profile:
            return Submitted.ALREADY_RUNNING
        if any(r.profile == request.profile for r in self._queue):
            return Submitted.ALREADY_QUEUED
        self._queue.append(request)
        if self._current is None:
            self._start_next()
        return Submitted.QUEUED

    def cancel_current(self) -> None:
        """Stop the running transfer between batches (what was sent stays sent)."""
        # Also while Qt still says "Starting": the child may already be running its code,
        # and QProcess keeps what is written until the pipe takes it.
        process = self._process
        if process is not None and process.state() is not QProcess.ProcessState.NotRunning:
            process.write(b"cancel\n")

    def stop(self) -> None:
        """No new runs; the running one is asked to stop between batches."""
        self._stopped = True
        self._queue.clear()
        self.cancel_current()

    def wait(self, timeout_s: float) -> bool:
        """Wait (blocking, bounded) for the running child. True when none runs any more."""
        process = self._process
        if process is None:
            return True
        process.waitForFinished(int(timeout_s * 1000))
        return process.state() is QProcess.ProcessState.NotRunning

    def kill(self) -> None:
        """The last resort when quitting: the next run reconciles what was on its way."""
        if self._process is not None:
            self._process.kill()
            self._process.waitForFinished(2000)

    # -- internals -----------------------------------------------------------------------

    def _start_next(self) -> None:
        while self._queue and not self._stopped:
            request = self._queue.pop(0)
            if self._lookup(request.profile) is None:  # removed in Settings while it waited
                log.info("%s: no longer set up; queued run dropped", request.profile)
                continue
            self._current = request
            self._process = self._spawn(request)
            self.started.emit(request)
            return
        self.idle.emit()

    def _spawn(self, request: RunRequest) -> QProcess:
        arguments = ["run", "--profile", request.profile, "--trigger", request.trigger,
                     "--settle-seconds", repr(self._settle_seconds)]
        if request.slot:
            arguments += ["--slot", request.slot]
        if request.send_again:
            arguments += ["--send-again", request.send_again]
        process = worker_process(self, self._command, arguments, self._clock)
        process.finished.connect(self._on_finished)
        process.errorOccurred.connect(self._on_error)
        process.start()
        return process

    def _on_error(self, error: QProcess.ProcessError) -> None:
        process, request = self._process, self._current
        if process is None or request is None:
            return
        if error is QProcess.ProcessError.FailedToStart:  # no `finished` will follow
            log.error("%s: the transfer could not start: %s", request.profile,
                      process.errorString())
            self._finish(request, process, crashed_summary(
                request, f"could not start: {process.errorString()}", self._clock))

    def _on_finished(self, code: int, status: QProcess.ExitStatus) -> None:
        process, request = self._process, self._current
        if process is None or request is None:
            return
        output = bytes(process.readAllStandardOutput().data()).decode("utf-8", "replace")
        summary = _report_from(output)
        if summary is None:
            errors = bytes(process.readAllStandardError().data()).decode("utf-8", "replace")
            how = "crashed" if status is QProcess.ExitStatus.CrashExit else f"exit code {code}"
            tail = " | ".join(errors.strip().splitlines()[-3:])
            log.error("%s: the transfer process ended without a report (%s) %s",
                      request.profile, how, tail)
            summary = crashed_summary(request, f"{how}: {tail}" if tail else how, self._clock)
        self._finish(request, process, summary)

    def _finish(self, request: RunRequest, process: QProcess, summary: Summary) -> None:
        if self._current != request:
            return
        self._current = None
        self._process = None
        process.deleteLater()
        self.finished.emit(request, summary)
        self._start_next()


def _report_from(output: str) -> Summary | None:
    for line in reversed(output.strip().splitlines()):
        try:
            data = json.loads(line)
        except ValueError:
            continue
        if isinstance(data, dict) and isinstance(data.get("report"), dict):
            return data["report"]
    return None


def crashed_summary(
    request: RunRequest, what: str, clock: Callable[[], dt.datetime] | None = None
) -> Summary:
    """The report of a run whose process ended before the engine could answer."""
    from wizard.export.report import ProblemKind, RunProblem, RunReport, RunStatus

    now = (clock or (lambda: dt.datetime.now(dt.UTC)))().astimezone(dt.UTC)
    stamp = now.isoformat(timespec="seconds")
    report = RunReport(profile=request.profile, trigger=request.trigger, started_at=stamp,
                       finished_at=stamp, status=RunStatus.ERROR,
                       message="The transfer stopped unexpectedly")
    report.problems.append(RunProblem(
        kind=ProblemKind.UNEXPECTED,
        title="The transfer stopped unexpectedly",
        message="Something unexpected went wrong; nothing was lost, and what was not"
                " confirmed is checked in e-conomic before it is sent. See the log.",
        details=what,
    ))
    return report.to_json()
