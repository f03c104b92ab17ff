"""The front door loads only the command it runs (the tray lives all day with what it loaded),
and `--version` still answers on standard output without importlib.metadata."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _run(code: str) -> str:
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            cwd=ROOT, timeout=60, check=True)  # fmt: skip
    return result.stdout.strip()


def test_the_tray_command_does_not_load_the_other_commands():
    code = (
        "import sys; from wizard.cli import build_parser; build_parser(['tray', '--lang', 'da']);"
        " print(sorted(m for m in ('wizard.commands.common', 'wizard.demo', 'wizard.sandbox.cli',"
        " 'importlib.metadata') if m in sys.modules))"
    )
    assert _run(code) == "[]"


def test_help_still_lists_every_command():
    out = _run("from wizard.cli import build_parser; build_parser(['tray']).print_help()")
    for name in ("setup", "tray", "transfer", "status", "held", "profile", "connect", "sandbox"):
        assert name in out


def test_version_is_printed_on_standard_output():
    result = subprocess.run([sys.executable, "-m", "wizard", "--version"], capture_output=True,
                            text=True, cwd=ROOT, timeout=60, check=False)  # fmt: skip
    assert result.returncode == 0
    assert result.stdout.startswith("acubiz-export ") and result.stdout.split()[1][0].isdigit()
