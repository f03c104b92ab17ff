"""Only finished files in the inbox itself are picked up; half-written ones wait a run."""

from __future__ import annotations

import os

from wizard.export.source import find_ready_files

NOW = 1_800_000_000.0  # a fixed wall clock (2027): no sleeping in tests


def touch(path, age_seconds, content=b"x"):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    os.utime(path, (NOW - age_seconds, NOW - age_seconds))
    return path


def test_settled_csv_and_json_files_are_ready_sorted_by_name(tmp_path):
    later = touch(tmp_path / "EMS_EA-20261125-160000.csv", 120)
    earlier = touch(tmp_path / "EMS_EA-20261124-160000.csv", 120)
    simple = touch(tmp_path / "expenses.JSON", 120)
    upper = touch(tmp_path / "Z.CSV", 120)
    assert find_ready_files(tmp_path, settle_seconds=30, now=NOW) == [
        earlier, later, upper, simple
    ]


def test_a_file_changed_within_the_settle_time_waits(tmp_path):
    fresh = touch(tmp_path / "fresh.csv", 10)
    settled = touch(tmp_path / "settled.csv", 31)
    assert find_ready_files(tmp_path, settle_seconds=30, now=NOW) == [settled]
    assert find_ready_files(tmp_path, settle_seconds=30, now=NOW + 25) == [fresh, settled]


def test_files_in_subfolders_are_never_ready(tmp_path):
    for folder in (".temp", "sent/2026-11-24", "rejected", "Files"):
        touch(tmp_path / folder / "EMS_EA-20261124-160000.csv", 3600)
    (tmp_path / "folder.csv").mkdir()  # a folder with a file-like name
    assert find_ready_files(tmp_path, settle_seconds=30, now=NOW) == []


def test_hidden_temporary_and_other_files_are_not_ready(tmp_path):
    for name in (
        ".EMS_EA-1.csv", "~$expenses.csv", "EMS_EA-1.csv.part", "EMS_EA-1.tmp",
        "receipt.pdf", "notes.txt", "expenses.csv.errors.txt",
    ):
        touch(tmp_path / name, 3600)
    assert find_ready_files(tmp_path, settle_seconds=30, now=NOW) == []


def test_a_missing_inbox_has_nothing_ready(tmp_path):
    assert find_ready_files(tmp_path / "not-there", settle_seconds=0, now=NOW) == []
