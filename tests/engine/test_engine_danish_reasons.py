"""The run report says why in Danish too: rejected files and lines, and what a dry run would
send. The JSON report only gains fields (`reason_da`); every old one is still there."""

from __future__ import annotations

import json

from wizard.export.engine import run_transfer
from wizard.export.report import FileState, LineState

BROKEN = (
    "id,report,date,text,amount,account,contra_account\n"
    "b-1,B1,2026-02-31,Taxa,100.00,3640,5900\n"
    "b-2,B1,2026-02-20,Parkering,abc,3780,5900\n"
)
OLD_FILE_FIELDS = {"file", "state", "lines", "reason", "moved_to"}
OLD_LINE_FIELDS = {
    "line_id", "source_line", "state", "reason", "voucher_number", "accounting_year", "sent_at",
}


def test_a_dry_run_says_why_in_english_and_danish(sandbox, journal, profile, client, ledger,
                                                  inbox):
    (inbox / "broken.csv").write_text(BROKEN, encoding="utf-8")
    report = run_transfer(profile, dry_run=True, client=client, ledger=ledger, settle_seconds=0)
    broken = next(f for f in report.files if f.file == "broken.csv")
    assert broken.state is FileState.WAITING  # its lines are held; the file is readable
    first, second = broken.lines
    assert first.state is second.state is LineState.HELD
    assert first.reason.startswith("date: The date '2026-02-31' does not exist")
    assert first.reason_da.startswith(
        "dato (date): Datoen '2026-02-31' findes ikke i kalenderen."
    )
    assert first.fix_text("da").startswith("Ret linjen, og læg filen tilbage i indbakken.")
    assert second.reason_text("da").startswith("beløb (amount): Beløbet 'abc'")

    waiting = [line for f in report.files for line in f.lines if line.state is LineState.WAITING]
    assert waiting
    for line in waiting:
        assert line.reason.startswith("would be sent: ") and " to account " in line.reason
        assert line.reason_da.startswith("ville blive sendt: ") and " til konto " in line.reason_da
    assert any("," in line.reason_da.split()[4] for line in waiting)  # 212,00 in Danish


def test_the_json_report_keeps_every_old_field_and_gains_reason_da(sandbox, journal, profile,
                                                                   client, ledger, inbox):
    (inbox / "broken.csv").write_text(BROKEN, encoding="utf-8")
    (inbox / "not-a-posting-file.csv").write_bytes(b"PK\x03\x04" + b"\x00" * 100)
    report = run_transfer(profile, dry_run=True, client=client, ledger=ledger, settle_seconds=0)
    data = json.loads(json.dumps(report.to_json()))
    assert data["files"]
    for file in data["files"]:
        assert OLD_FILE_FIELDS | {"reason_da"} <= set(file)
        for line in file["lines"]:
            assert OLD_LINE_FIELDS | {"reason_da", "fix", "fix_da"} <= set(line)
    rejected = next(f for f in data["files"] if f["state"] == "rejected")
    assert rejected["reason"] == "1 problem; nothing from this file was sent"
    assert rejected["reason_da"] == "1 problem; intet fra filen blev sendt"
    held = [line for f in data["files"] for line in f["lines"] if line["state"] == "held"]
    assert len(held) == 2 and all(line["reason_da"] and line["fix_da"] for line in held)
