"""The throw-away home both screenshot tools (`render_tray.py`, `render_history.py`) draw in.

Why one place: each tool runs the real engine against an in-process sandbox, so settings,
ledger, log and cache must point at a temporary folder (never this machine's real ones) and
Qt must draw offscreen; the two tools used to carry identical copies of this set-up.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run_in_throwaway_home(render: Callable[[Path, Path, str], None]) -> int:
    """`render(out, home, language)` with `[OUT_DIR] [LANG]` from the command line (default
    docs/screenshots/en, English), in a temporary home that is removed afterwards."""
    out = Path(sys.argv[1] if len(sys.argv) > 1 else ROOT / "docs" / "screenshots" / "en")
    language = sys.argv[2] if len(sys.argv) > 2 else "en"
    out.mkdir(parents=True, exist_ok=True)
    home = Path(tempfile.mkdtemp(prefix="acubiz-render-"))
    for name in ("CONFIG", "DATA", "STATE", "CACHE"):
        os.environ[f"XDG_{name}_HOME"] = str(home / name.lower())
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    sys.path.insert(0, str(ROOT / "tests"))
    try:
        render(out, home, language)
    finally:
        shutil.rmtree(home, ignore_errors=True)
    return 0
