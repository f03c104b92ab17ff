"""One run per profile at a time, across processes: the tray and `acubiz-export transfer`
share a lock file per profile in the user data folder.

The lock is an OS file lock (``filelock``), released by the OS when a process dies, so a
killed tray never leaves a profile locked for ever.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import platformdirs
from filelock import FileLock, Timeout


class RunBusy(Exception):
    """Another run of the same profile is in progress (in this or another process)."""


def lock_path(profile_name: str) -> Path:
    # Profile names are free text ("2. Omkostninger"): hash them into a safe file name.
    digest = hashlib.sha256(profile_name.encode("utf-8")).hexdigest()[:16]
    return platformdirs.user_data_path("acubiz-export") / "locks" / f"{digest}.lock"


@contextmanager
def profile_run_lock(profile_name: str, wait_seconds: float = 0.0) -> Iterator[None]:
    """Hold the profile's run lock for the block; raise `RunBusy` if it is taken."""
    path = lock_path(profile_name)
    path.parent.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(path), thread_local=False)
    try:
        lock.acquire(timeout=wait_seconds)
    except Timeout:
        raise RunBusy(profile_name) from None
    try:
        yield
    finally:
        lock.release()
