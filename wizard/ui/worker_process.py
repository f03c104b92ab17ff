"""The QProcess of one tray child worker (`wizard.commands.worker`), built the same way for runs and
connection checks: the worker's command line, the tray's clock offset passed on, not started
yet so the caller connects its slots first.

Connect bound methods, never lambdas that hold the process: a closure owning the wrapper of a
QObject being destroyed crashes PySide.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QObject, QProcess

from wizard.commands.worker import clock_offset

Command = Callable[[list[str]], list[str]]


def worker_process(
    parent: QObject, command: Command, arguments: list[str], clock: Callable[[], dt.datetime]
) -> QProcess:
    offset = clock_offset(clock)
    if abs(offset) > 0.5:  # tests move the tray's clock; the child follows
        arguments = [*arguments, "--clock-offset", f"{offset:.3f}"]
    argv = command(arguments)
    process = QProcess(parent)
    process.setProgram(argv[0])
    process.setArguments(argv[1:])
    return process
