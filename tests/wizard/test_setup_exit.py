"""The standalone `setup` process ends cleanly after Finish, every time.

It once aborted on exit with "Fatal Python error: bool_dealloc" (the profile was saved):
PySide6 6.12.0 on CPython 3.11 loses a reference to True on every signal emit, and a long
session used them all up. The driver (`drive_setup.py`) runs the real command in its own
process, makes as many Qt calls as a long session would, clicks through to Finish and Close,
and the process must exit 0 with nothing fatal on stderr. The keyring is an in-memory one in
that process: the crash had nothing to do with it, and every new Secret Service client risks
gnome-keyring 42's own abort (see tools/desktop-session.sh).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from wizard.settings.store import get_profile

DRIVER = Path(__file__).with_name("drive_setup.py")
ROOT = Path(__file__).resolve().parents[2]
RUNS = 3


def test_setup_through_finish_exits_cleanly_every_time(
    sandbox, journal, demo_inbox, tmp_path, monkeypatch
):
    for run in range(RUNS):
        home = tmp_path / f"run-{run}"  # a first setup each time: nothing saved before
        env = dict(os.environ)
        for name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
            env[name] = str(home / name.lower())
        command = [sys.executable, str(DRIVER), sandbox.base_url, str(demo_inbox),
                   "--memory-keyring"]  # fmt: skip
        result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True,
                                timeout=120)  # fmt: skip
        assert "Fatal Python error" not in result.stderr, result.stderr[-3000:]
        assert result.returncode == 0, (run, result.returncode, result.stderr[-3000:])
        monkeypatch.setenv("XDG_CONFIG_HOME", env["XDG_CONFIG_HOME"])  # what that run saved
        assert get_profile("Expenses") is not None
