"""Run a blocking call (HTTP to e-conomic, reading the inbox) off the GUI thread.

Every task reports exactly once, on the GUI thread: success with its result, or failure with
the exception — never a spinner left spinning. A page keeps the id of its latest task and
ignores answers to older ones (the admin edited the token while it was being checked).

Tasks run on daemon threads, not a QThreadPool: closing the wizard while e-conomic is slow to
answer must close the window at once, and a pool owned by the window would wait for the
answer first. Answers travel through one relay object that lives as long as the process, so a
late answer for a closed wizard is simply dropped.
"""

from __future__ import annotations

import contextlib
import itertools
import threading
import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal

Callbacks = tuple[Callable[[Any], None], Callable[[BaseException], None]]


class _Relay(QObject):
    finished = Signal(int, bool, object)  # task id, ok, result or exception

    def __init__(self) -> None:
        super().__init__()
        self.callbacks: dict[int, Callbacks] = {}
        self.finished.connect(self._deliver)  # queued: emitted on worker threads

    def _deliver(self, task_id: int, ok: bool, result: object) -> None:
        callbacks = self.callbacks.pop(task_id, None)
        if callbacks is None:
            return  # forgotten: the wizard was closed or the page moved on
        on_success, on_failure = callbacks
        if ok:
            on_success(result)
        else:
            on_failure(result)  # type: ignore[arg-type]


_relay: _Relay | None = None
_ids = itertools.count(1)


def _the_relay() -> _Relay:
    global _relay
    if _relay is None:  # created on the GUI thread by the first TaskRunner, never deleted
        _relay = _Relay()
    return _relay


class TaskRunner(QObject):
    """Starts tasks for one wizard and remembers them, so they can be forgotten together."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._relay = _the_relay()
        self._mine: set[int] = set()
        self._threads: list[threading.Thread] = []

    def run(
        self,
        work: Callable[[], Any],
        on_success: Callable[[Any], None],
        on_failure: Callable[[BaseException], None],
    ) -> int:
        task_id = next(_ids)
        relay = self._relay

        def done(result: Any) -> None:
            self._mine.discard(task_id)
            on_success(result)

        def failed(error: BaseException) -> None:
            self._mine.discard(task_id)
            on_failure(error)

        relay.callbacks[task_id] = (done, failed)
        self._mine.add(task_id)

        def job() -> None:
            try:
                result, ok = work(), True
            except BaseException as error:  # reported to the page, never lost in a thread
                result, ok = error, False
            with contextlib.suppress(RuntimeError):  # the application is shutting down
                relay.finished.emit(task_id, ok, result)

        thread = threading.Thread(target=job, name=f"setup-task-{task_id}", daemon=True)
        self._threads = [t for t in self._threads if t.is_alive()] + [thread]
        thread.start()
        return task_id

    def busy(self) -> bool:
        return bool(self._mine)

    def forget_all(self) -> None:
        """Drop every pending answer (the wizard is closing)."""
        for task_id in self._mine:
            self._relay.callbacks.pop(task_id, None)
        self._mine.clear()

    def wait(self, milliseconds: int = 30000) -> bool:
        """Wait for the threads themselves to end (tests, before their sandbox stops)."""
        deadline = time.monotonic() + milliseconds / 1000
        for thread in self._threads:
            thread.join(timeout=max(0.0, deadline - time.monotonic()))
        return not any(t.is_alive() for t in self._threads)
