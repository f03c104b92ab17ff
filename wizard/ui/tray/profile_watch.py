"""Notice when the profiles file changes (the wizard saved, or `acubiz-export profile edit`).

The file is written atomically (temp file + rename), which replaces the file a watcher holds,
so both the file and its folder are watched, and the file is watched again after each change.
Bursts of events (temp file created, renamed, folder changed) become one `changed` signal.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer, Signal

DEBOUNCE_MS = 300


class ProfileFileWatch(QObject):
    changed = Signal()

    def __init__(self, path: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)  # so there is a folder to watch
        self._watcher = QFileSystemWatcher(self)
        self._watcher.fileChanged.connect(self._poke)
        self._watcher.directoryChanged.connect(self._poke)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(DEBOUNCE_MS)
        self._debounce.timeout.connect(self._fire)
        self._stamp = self._signature()
        self._watch()

    def _watch(self) -> None:
        wanted = [str(self.path.parent)] + ([str(self.path)] if self.path.exists() else [])
        watched = self._watcher.files() + self._watcher.directories()
        missing = [p for p in wanted if p not in watched]
        if missing:
            self._watcher.addPaths(missing)

    def _poke(self, _path: str = "") -> None:
        self._debounce.start()

    def _fire(self) -> None:
        self._watch()
        stamp = self._signature()
        if stamp != self._stamp:  # the folder changes for other files too (backups, temp)
            self._stamp = stamp
            self.changed.emit()

    def _signature(self) -> tuple[int, int, int] | None:
        try:
            status = self.path.stat()
        except OSError:
            return None
        return (status.st_mtime_ns, status.st_size, status.st_ino)
