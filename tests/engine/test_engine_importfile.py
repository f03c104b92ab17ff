""""Use API export: No": an import file instead of API calls, with the same exactly-once rules."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from wizard.export.crashpoints import ENV
from wizard.export.engine import run_transfer
from wizard.export.report import RunStatus


@pytest.fixture
def import_profile(profile, tmp_path):
    return replace(profile, use_api_export=False, import_file_folder=tmp_path / "import")


def import_rows(folder: Path) -> list[list[str]]:
    rows = []
    for file in sorted(folder.glob("*.csv")):
        lines = file.read_bytes().decode("cp1252").splitlines()
        assert lines[0] == "Dato;Bilag;Konto;Modkonto;Tekst;Beløb;Valuta;Momskode;Afdeling"
        rows += [line.split(";") for line in lines[1:]]
    return rows


def test_the_inbox_becomes_one_import_file_and_is_never_written_twice(import_profile, ledger,
                                                                      inbox, sandbox):
    sandbox.admin.clear_requests()
    report = run_transfer(import_profile, ledger=ledger, settle_seconds=0)
    assert report.status is RunStatus.OK, report.problems
    rows = import_rows(import_profile.import_file_folder)
    assert len(rows) == 6
    first = rows[0]
    assert first[0] == "23-11-2026" and first[2] == "2750" and first[3] == "5900"
    assert first[4].startswith("[EMS:1000001-1] Hotel Aarhus")
    assert first[5] == "1245,00" and first[7] == "I25" and first[8] == "1"
    assert not list(inbox.glob("*.csv"))
    assert sandbox.admin.requests() == []  # not one call to e-conomic
    again = run_transfer(import_profile, ledger=ledger, settle_seconds=0)
    assert again.status is RunStatus.NOTHING_TO_SEND
    assert len(import_rows(import_profile.import_file_folder)) == 6


@pytest.mark.parametrize("point", ["batch-frozen", "batch-posted", "before-move"])
def test_killed_while_writing_the_import_file_writes_each_line_once(sandbox, inbox, tmp_path,
                                                                    point):
    folder = tmp_path / "import"
    child = [sys.executable, str(Path(__file__).with_name("child_transfer.py")),
             sandbox.base_url, str(inbox), str(tmp_path / "ledger.sqlite3"), str(folder)]
    crashed = subprocess.run(child, env=dict(os.environ, **{ENV: point}), capture_output=True,
                             text=True, timeout=60)
    assert crashed.returncode == 137, crashed.stderr
    rerun = subprocess.run(child, capture_output=True, text=True, timeout=60)
    assert rerun.returncode == 0, rerun.stderr
    ids = [row[4].split("]")[0] for row in import_rows(folder)]
    assert len(ids) == 6 and len(set(ids)) == 6
    assert not list(inbox.glob("*.csv"))
