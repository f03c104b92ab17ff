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
])
def test_each_kind_of_bad_line_holds_that_line_and_the_rest_goes(simple_profile, client,
                                                                 ledger, bad_row, expected,
                                                                 sandbox, journal):
    write(simple_profile.inbox_folder, "udlaeg.csv", [*GOOD, bad_row])
    report = run_transfer(simple_profile, client=client, ledger=ledger, settle_seconds=0)
    assert report.status is RunStatus.ATTENTION
    assert [p.kind for p in report.problems] == [ProblemKind.POSTINGS_HELD]
    assert report.sent == 3  # the good lines of the file go
    (result,) = report.files
    assert result.state is FileState.WAITING
    held = [line for line in result.lines if line.state.value == "held"]
    assert [line.source_line for line in held] == [5] and expected in held[0].reason
    errors = (simple_profile.inbox_folder / "udlaeg.csv.errors.txt").read_text(encoding="utf-8")
    assert expected in errors and "line 5" in errors


def test_the_same_id_twice_with_different_content_is_a_conflict(simple_profile, client, ledger,
                                                                sandbox, journal):
    write(simple_profile.inbox_folder, "udlaeg.csv",
          [*GOOD, "EXP-1;R9;2026-11-20;Taxi;100,00;;taxi;;5900;"])
    report = run_transfer(simple_profile, client=client, ledger=ledger, settle_seconds=0)
    held = [line for line in report.files[0].lines if line.state.value == "held"]
    assert {line.source_line for line in held} == {2, 5}
    assert report.sent == 2


def test_a_missing_receipt_does_not_hold_its_line(simple_profile, client, ledger, sandbox,
                                                  journal):
    write(simple_profile.inbox_folder, "udlaeg.csv",
          [*GOOD, "EXP-9;R9;2026-11-20;Taxi;100,00;;taxi;;5900;missing.pdf"])
    report = run_transfer(simple_profile, client=client, ledger=ledger, settle_seconds=0)
    assert report.sent == 4
    assert [(r.name, r.state.value) for r in report.receipts
            if r.state.value != "sent"] == [("missing.pdf", "waiting")]
    assert [p.kind for p in report.problems] == [ProblemKind.RECEIPTS_WAITING]


def test_a_damaged_receipt_never_holds_its_posting(simple_profile, client, ledger,
                                                            sandbox, journal):
    (simple_profile.inbox_folder / "photo.heic").write_bytes(b"\x00\x00\x00\x18ftypheic")
    write(simple_profile.inbox_folder, "udlaeg.csv",
          ["EXP-7;R7;2026-11-20;Taxi;100,00;;taxi;;5900;photo.heic"])
    report = run_transfer(simple_profile, client=client, ledger=ledger, settle_seconds=0)
    assert report.sent == 1
    (receipt,) = [r for r in report.receipts if r.name == "photo.heic"]
    # A damaged photo cannot be converted: attach it by hand, and the reason says so.
    assert receipt.state.value == "by-hand" and receipt.reason


