"""The demo inbox the `demo` command offers must be something the product accepts as is."""

from __future__ import annotations

import subprocess
import sys
from decimal import Decimal
from pathlib import Path

from wizard.export.source import find_ready_files, read_file
from wizard.settings.profiles import ExportProfile

DEMO = Path(__file__).resolve().parents[2] / "resources" / "demo"
SEEDED_EXPENSE_ACCOUNTS = {2750, 3585, 3600, 3620, 3640}


def test_the_demo_files_parse_without_problems():
    inbox = DEMO / "inbox"
    profile = ExportProfile(name="Demo", inbox_folder=inbox, department_dimension=1)
    files = find_ready_files(inbox, settle_seconds=0)
    assert [path.name for path in files] == [
        "EMS_EA-20261124-160000.csv", "EMS_EA-20261125-160000.csv"
    ]
    lines = []
    for path in files:
        parsed = read_file(path, profile)
        assert parsed.problems == [], [str(p) for p in parsed.problems]
        assert parsed.format == "acubiz"
        lines += parsed.lines
    assert {line.account for line in lines} == SEEDED_EXPENSE_ACCOUNTS
    assert {line.contra_account for line in lines} == {5900}
    assert {line.vat_code for line in lines} == {"I25", None}
    assert {line.currency for line in lines} == {"DKK", "EUR"}
    assert all(line.date.year == 2026 and line.date.month == 11 for line in lines)
    assert sum(len(line.receipts) for line in lines) == 2
    assert sum(line.amount for line in lines) == Decimal("2381.45")


def test_the_demo_script_reproduces_the_committed_files(tmp_path):
    script = DEMO / "make_demo.py"
    copy = tmp_path / "make_demo.py"
    copy.write_text(script.read_text(encoding="utf-8"), encoding="utf-8")
    subprocess.run([sys.executable, str(copy)], check=True, capture_output=True)
    for produced in sorted((tmp_path / "inbox").iterdir()):
        assert produced.read_bytes() == (DEMO / "inbox" / produced.name).read_bytes()
