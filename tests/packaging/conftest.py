"""Fixtures for the packaging tests: the built Linux program folder, and a way to run it.

The `bundle` fixture builds `dist/acubiz-export/` once per test session with
`packaging/build.py` into a temporary folder (about 25 s), or uses the folder named by
`ACUBIZ_BUNDLE` (CI builds it with `sh packaging/build_linux.sh` first and points here).
Tests that need it are marked `slow`: `-m "not slow"` leaves them out.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BUILD_TIMEOUT_S = 900


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "slow: builds or runs the PyInstaller program folder (deselect: -m 'not slow')"
    )


@dataclass
class Bundle:
    folder: Path
    build_seconds: float | None  # None when a ready folder was given (ACUBIZ_BUNDLE)

    @property
    def program(self) -> Path:
        return self.folder / "acubiz-export"

    def run(
        self, *args: str, stdin: str = "", env: dict[str, str] | None = None, timeout: float = 120
    ) -> subprocess.CompletedProcess[str]:
        """Run the built program with `args`; its output as text."""
        return subprocess.run(
            [str(self.program), *args], input=stdin, capture_output=True, text=True,
            timeout=timeout, env=env if env is not None else dict(os.environ), check=False,
        )  # fmt: skip


@pytest.fixture(scope="session")
def bundle(tmp_path_factory) -> Bundle:
    given = os.environ.get("ACUBIZ_BUNDLE")
    if given:
        folder = Path(given).resolve()
        assert (folder / "acubiz-export").is_file(), f"ACUBIZ_BUNDLE={given} holds no program"
        return Bundle(folder, None)
    dist = tmp_path_factory.mktemp("dist")
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, str(ROOT / "packaging" / "build.py"), "--dist", str(dist)],
        cwd=ROOT, capture_output=True, text=True, timeout=BUILD_TIMEOUT_S, check=False,
    )  # fmt: skip
    assert result.returncode == 0, (
        f"the build failed (exit {result.returncode}):\n{result.stdout[-4000:]}"
        f"\n{result.stderr[-4000:]}"
    )
    return Bundle(dist / "acubiz-export", time.monotonic() - started)
