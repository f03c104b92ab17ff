"""Files are moved, never deleted, never overwritten."""

from __future__ import annotations

from datetime import date

from wizard.export.inbox import move_to_rejected, move_to_sent


def test_a_sent_file_lands_in_a_dated_folder(tmp_path):
    source = tmp_path / "EMS_EA-20261124-160000.csv"
    source.write_bytes(b"1;24-11-2026")
    moved = move_to_sent(source, tmp_path, date(2026, 11, 24))
    assert moved == tmp_path / "sent" / "2026-11-24" / source.name
    assert moved.read_bytes() == b"1;24-11-2026"
    assert not source.exists()


def test_the_same_name_twice_keeps_both_copies(tmp_path):
    for content in (b"first", b"second"):
        source = tmp_path / "EMS_EA-1.csv"
        source.write_bytes(content)
        move_to_sent(source, tmp_path, date(2026, 11, 24))
    folder = tmp_path / "sent" / "2026-11-24"
    assert (folder / "EMS_EA-1.csv").read_bytes() == b"first"
    assert (folder / "EMS_EA-1 (2).csv").read_bytes() == b"second"


def test_a_rejected_file_gets_its_reasons_beside_it(tmp_path):
    source = tmp_path / "bad.csv"
    source.write_text("x")
    moved = move_to_rejected(
        source, tmp_path, ["line 2: the date '31-02-2026' does not exist"],
        header="Nothing from this file was sent. Fix the lines below and put the file back.",
    )
    report = moved.with_name("bad.csv.errors.txt").read_text(encoding="utf-8")
    assert report.startswith("Nothing from this file was sent.")
    assert "- line 2: the date '31-02-2026' does not exist" in report
    assert moved.read_text() == "x"
