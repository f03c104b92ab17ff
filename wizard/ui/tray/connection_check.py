"""Who each profile posts to (company, agreement number), asked in a child process.

The run report does not carry the company, so the tray asks e-conomic's `/self` once per
profile after start and after Settings change, for the tooltip. The asking happens in a
short-lived child (`wizard.commands.worker check`), so the tray never loads the HTTP stack or the
keyring itself; answers arrive on the GUI thread through `checked(name, Connection)`.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections.abc import Callable, Iterable

from PySide6.QtCore import QObject, QProcess, Signal

from wizard.commands.worker import worker_command
from wizard.export.connection import Connection, ConnectionState
from wizard.settings.profiles import ExportProfile
from wizard.ui.worker_process import worker_process

log = logging.getLogger("wizard.ui.tray")

Command = Callable[[list[str]], list[str]]


class ConnectionChecker(QObject):
    """`check(profiles)` asks; one `checked` signal per profile answers. A newer `check`
    makes the answers of an older one moot."""

    checked = Signal(str, object)

    def __init__(
        self,
        clock: Callable[[], dt.datetime],
        command: Command = worker_command,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._clock = clock
        self._command = command
        self._generation = 0
        # process → (bytes read so far, generation); slots find theirs with sender()
        self._jobs: dict[int, tuple[QProcess, bytearray, int]] = {}

    def check(self, profiles: Iterable[ExportProfile]) -> None:
        self._generation += 1
        names = [p.name for p in profiles]
        if not names:
            return
        arguments = ["check"]
        for name in names:
            arguments += ["--profile", name]
        process = worker_process(self, self._command, arguments, self._clock)
        # Each slot finds its process with sender().
        process.readyReadStandardOutput.connect(self._read)
        process.finished.connect(self._done)
        process.errorOccurred.connect(self._failed)
        self._jobs[id(process)] = (process, bytearray(), self._generation)
        process.start()

    def stop(self) -> None:
        for process, _buffer, _generation in list(self._jobs.values()):
            process.kill()
            process.waitForFinished(1000)

    def _job(self) -> tuple[QProcess, bytearray, int] | None:
        return self._jobs.get(id(self.sender()))

    def _read(self) -> None:
        job = self._job()
        if job is None:
            return
        process, buffer, generation = job
        buffer += bytes(process.readAllStandardOutput().data())
        while b"\n" in buffer:
            line, _, rest = bytes(buffer).partition(b"\n")
            buffer[:] = rest
            try:
                answer = json.loads(line)
                name = str(answer["profile"])
                state = ConnectionState(answer.get("state"))
            except (ValueError, KeyError, TypeError):
                continue
            if generation != self._generation:
                continue
            number = answer.get("agreement_number")
            had_token = answer.get("had_token")
            self.checked.emit(name, Connection(
                state, company=str(answer.get("company") or ""),
                agreement_number=number if isinstance(number, int) else None,
                checked_at=self._clock(),
                had_token=had_token if isinstance(had_token, bool) else None,
            ))  # fmt: skip

    def _done(self, *_finished: object) -> None:
        job = self._job()
        if job is not None:
            del self._jobs[id(job[0])]
            job[0].deleteLater()

    def _failed(self, error: QProcess.ProcessError) -> None:
        job = self._job()
        if job is not None and error is QProcess.ProcessError.FailedToStart:
            log.warning("the connection check could not start: %s", job[0].errorString())
            self._done()
