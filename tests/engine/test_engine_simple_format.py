"""The simple format end to end, and each kind of bad input ending in rejected/ with its reason."""

from __future__ import annotations

import base64
from dataclasses import replace

import pytest

from wizard.export.engine import run_transfer
from wizard.export.report import FileState, ProblemKind, RunStatus

PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5E"
    "rkJggg=="
)
HEADER = "id;report;date;text;amount;currency;category;vat_code;contra_account;receipt"
GOOD = [
    "EXP-1;R1;2026-11-20;Taxi til kunde;245,00;;taxi;;5900;taxi.png",
    "EXP-2;R1;20-11-2026;Frokost, Café Øst;385,50;DKK;food;;5900;",
    "EXP-3;R2;2026-11-21;Hotel Berlin;120,00;EUR;hotel;;5900;",
]


@pytest.fixture
def simple_profile(profile, tmp_path):
    from wizard.settings.profiles import CategoryMapping

    folder = tmp_path / "simple-inbox"
    folder.mkdir()
    (folder / "taxi.png").write_bytes(PNG)
    return replace(
        profile, inbox_folder=folder, receipts_folder=folder, input_format="auto",
        category_map={"taxi": CategoryMapping(3640, "I25"), "food": CategoryMapping(3620, None),
                      "hotel": CategoryMapping(2750, None)},
        department_dimension=None, department_map={},
    )


def write(folder, name, rows, encoding="utf-8-sig"):
    (folder / name).write_bytes(("\r\n".join([HEADER, *rows]) + "\r\n").encode(encoding))


def test_a_simple_csv_from_excel_is_sent_grouped_by_report(simple_profile, client, ledger,
                                                           sandbox, journal):
    write(simple_profile.inbox_folder, "udlaeg.csv", GOOD, encoding="cp1252")
    report = run_transfer(simple_profile, client=client, ledger=ledger, settle_seconds=0)
    assert report.status is RunStatus.OK, report.problems
    assert report.sent == 3
    numbers = {line.voucher_number for f in report.files for line in f.lines}
    assert len(numbers) == 2  # reports R1 and R2


@pytest.mark.parametrize(("bad_row", "expected"), [
    ("EXP-9;R9;2026-02-31;Taxi;100,00;;taxi;;5900;", "2026-02-31"),
    ("EXP-9;R9;2026-11-20;Taxi;ti kroner;;taxi;;5900;", "ti kroner"),
    ("EXP-9;R9;2026-11-20;Taxi;100,00;XYZ;taxi;;5900;", "XYZ"),
    ("EXP-9;R9;2026-11-20;Taxi;100,00;;bowling;;5900;", "bowling"),
    ("EXP-9;R9;2026-11-20;Taxi;100,00;;taxi;;5900;missing.pdf", "missing.pdf"),
    ("EXP-1;R9;2026-11-20;Taxi;100,00;;taxi;;5900;", "EXP-1"),
])
def test_each_kind_of_bad_line_rejects_the_whole_file_with_its_reason(simple_profile, client,
                                                                      ledger, bad_row, expected,
                                                                      sandbox, journal):
    write(simple_profile.inbox_folder, "udlaeg.csv", [*GOOD, bad_row])
    report = run_transfer(simple_profile, client=client, ledger=ledger, settle_seconds=0)
    assert report.status is RunStatus.ATTENTION
    assert [p.kind for p in report.problems] == [ProblemKind.FILES_REJECTED]
    assert report.sent == 0  # all or nothing: the good lines of the file wait too
    (result,) = report.files
    assert result.state is FileState.REJECTED
    errors = (simple_profile.inbox_folder / "rejected" / "udlaeg.csv.errors.txt").read_text(
        encoding="utf-8")
    assert expected in errors
    assert "line 5" in errors


def test_a_receipt_of_a_refused_type_is_rejected(simple_profile, client, ledger, sandbox,
                                                 journal):
    (simple_profile.inbox_folder / "photo.heic").write_bytes(b"\x00\x00\x00\x18ftypheic")
    write(simple_profile.inbox_folder, "udlaeg.csv",
          ["EXP-7;R7;2026-11-20;Taxi;100,00;;taxi;;5900;photo.heic"])
    report = run_transfer(simple_profile, client=client, ledger=ledger, settle_seconds=0)
    assert report.files[0].state is FileState.REJECTED
    assert "photo.heic" in report.files[0].lines[0].reason
