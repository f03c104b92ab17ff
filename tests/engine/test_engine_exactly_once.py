"""Exactly once against real-life input and state, both halves: nothing posted twice, and
nothing silently left behind. Each test tells one admin's story against the sandbox over HTTP
and checks what reached e-conomic (every marker once, with the right amount) and what the
admin is told."""

from __future__ import annotations

import os
import subprocess
import sys
from collections import Counter
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest
import requests

from wizard.export.crashpoints import ENV
from wizard.export.engine import run_transfer
from wizard.export.ledger import Ledger
from wizard.export.markers import find_marker
from wizard.export.report import LineState, ProblemKind, RunStatus
from wizard.sandbox.seed import APP_SECRET_TOKEN, GRANT_TOKEN

HEADERS = {"X-AppSecretToken": APP_SECRET_TOKEN, "X-AgreementGrantToken": GRANT_TOKEN}
SIMPLE_HEADER = "id;date;text;amount;account;vat_code;contra_account"


def transfer(profile, client, ledger, **kwargs):
    kwargs.setdefault("settle_seconds", 0)
    return run_transfer(profile, client=client, ledger=ledger, **kwargs)


def entries_in_economic(sandbox) -> dict[str, list[Decimal]]:
    """marker → the amounts of every entry carrying it (drafts in any journal, and booked)."""
    found: dict[str, list[Decimal]] = {}
    base = sandbox.base_url
    journals = requests.get(f"{base}/journals?pagesize=1000", headers=HEADERS,
                            timeout=10).json()["collection"]
    urls = [f"{base}/journals/{j['journalNumber']}/entries" for j in journals]
    urls += [f"{base}/accounting-years/{year}/entries" for year in ("2025", "2026")]
    for url in urls:
        for entry in requests.get(f"{url}?pagesize=1000", headers=HEADERS,
                                  timeout=10).json()["collection"]:
            marker = find_marker(entry.get("text", ""))
            if marker and entry.get("entryType", "financeVoucher") == "financeVoucher":
                found.setdefault(marker, []).append(Decimal(str(entry["amount"])))
    return found


def vouchers_with_pages(sandbox) -> list[tuple[set[str], int]]:
    """(markers on the voucher, pages attached) for every draft voucher in every journal."""
    base = sandbox.base_url
    result = []
    journals = requests.get(f"{base}/journals?pagesize=1000", headers=HEADERS,
                            timeout=10).json()["collection"]
    for journal in journals:
        number = journal["journalNumber"]
        vouchers = requests.get(f"{base}/journals/{number}/vouchers?pagesize=1000",
                                headers=HEADERS, timeout=10).json()["collection"]
        for voucher in vouchers:
            year = voucher["accountingYear"]["year"].replace("/", "_6_")
            vid = f"{year}-{voucher['voucherNumber']}"
            detail = requests.get(f"{base}/journals/{number}/vouchers/{vid}", headers=HEADERS,
                                  timeout=10).json()
            texts = [entry.get("text", "") for entries in detail["entries"].values()
                     for entry in entries]
            info = requests.get(f"{base}/journals/{number}/vouchers/{vid}/attachment",
                                headers=HEADERS, timeout=10).json()
            result.append(({find_marker(t) for t in texts if find_marker(t)},
                           info.get("pages", 0)))
    return result


def write_simple(folder: Path, name: str, rows: list[str]) -> Path:
    path = folder / name
    path.write_bytes(("\r\n".join([SIMPLE_HEADER, *rows]) + "\r\n").encode("utf-8"))
    return path


@pytest.fixture
def simple_profile(profile, tmp_path):
    folder = tmp_path / "simple"
    folder.mkdir()
    return replace(profile, inbox_folder=folder, receipts_folder=folder, input_format="simple",
                   department_dimension=None, department_map={})


# -- duplicate ids, repeated files -----------------------------------------------------------


def test_one_id_with_two_amounts_in_two_files_is_held_not_posted_twice(simple_profile, client,
                                                                       ledger, sandbox, journal):
    inbox = simple_profile.inbox_folder
    write_simple(inbox, "a.csv", ["EXP-1;2026-11-20;Taxi;11,00;3640;;5900",
                                  "EXP-2;2026-11-20;Tog;50,00;3640;;5900"])
    write_simple(inbox, "b.csv", ["EXP-1;2026-11-20;Taxi;22,00;3640;;5900"])
    report = transfer(simple_profile, client, ledger)
    assert entries_in_economic(sandbox) == {"[EMS:EXP-2]": [Decimal("50.00")]}
    held = [line for f in report.files for line in f.lines if line.state is LineState.HELD]
    assert len(held) == 2 and all("11,00" in line.reason and "22,00" in line.reason
                                  for line in held)
    assert report.status is RunStatus.ATTENTION
    assert ProblemKind.POSTINGS_HELD in {p.kind for p in report.problems}

    # The admin decides: the 22,00 file is wrong. Setting EXP-1 aside sets both versions
    # aside, so instead the wrong file is taken out of the inbox; 11,00 then goes, once.
    (inbox / "b.csv").rename(inbox.parent / "b.csv")
    again = transfer(simple_profile, client, ledger)
    assert again.status is RunStatus.OK, again.problems
    assert entries_in_economic(sandbox) == {"[EMS:EXP-1]": [Decimal("11.00")],
                                            "[EMS:EXP-2]": [Decimal("50.00")]}


def test_the_same_file_under_two_names_in_one_run_is_posted_once(profile, client, ledger,
                                                                  sandbox, journal, inbox):
    first = sorted(inbox.glob("EMS_*.csv"))[0]
    (inbox / "EMS_EA-20261124-160000 (copy).csv").write_bytes(first.read_bytes())
    report = transfer(profile, client, ledger)
    first = inbox / "sent" / report.files[0].moved_to.split("/sent/")[1]
    assert report.status is RunStatus.OK, report.problems
    counts = Counter({marker: len(amounts)
                      for marker, amounts in entries_in_economic(sandbox).items()})
    assert len(counts) == 6 and set(counts.values()) == {1}
    duplicates = [line for f in report.files for line in f.lines
                  if line.state is LineState.DUPLICATE]
    assert len(duplicates) == len(first.read_bytes().splitlines()) // 2
    assert not list(inbox.glob("*.csv"))  # both names moved to sent/


def test_a_later_file_that_changes_a_sent_posting_is_held_as_a_conflict(simple_profile, client,
                                                                        ledger, sandbox,
                                                                        journal):
    inbox = simple_profile.inbox_folder
    write_simple(inbox, "a.csv", ["EXP-7;2026-11-20;Taxi;100,00;3640;;5900"])
    assert transfer(simple_profile, client, ledger).status is RunStatus.OK
    write_simple(inbox, "b.csv", ["EXP-7;2026-11-20;Taxi;125,00;3640;;5900"])
    report = transfer(simple_profile, client, ledger)
    line = report.files[0].lines[0]
    assert line.state is LineState.HELD
    assert "already in e-conomic" in line.reason and "125,00" in line.reason
    assert entries_in_economic(sandbox) == {"[EMS:EXP-7]": [Decimal("100.00")]}
    assert (inbox / "b.csv").exists() and (inbox / "b.csv.errors.txt").exists()

    # The admin corrects e-conomic by hand and sets the new version aside: the file goes.
    assert ledger.set_aside(simple_profile.name, "EXP-7", by="test")
    done = transfer(simple_profile, client, ledger)
    assert done.status is RunStatus.OK, done.problems
    assert done.files[0].lines[0].state is LineState.SET_ASIDE
    assert not (inbox / "b.csv").exists()
    assert [r.set_aside_by for r in ledger.held(simple_profile.name, set_aside=True)] == ["test"]


# -- the ledger is a cache ---------------------------------------------------------------------


@pytest.mark.parametrize("damage", [b"", b"SQLite format 3\x00" + os.urandom(600),
                                    os.urandom(4096)])
def test_a_lost_or_damaged_ledger_never_posts_again(profile, client, sandbox, journal, inbox,
                                                    tmp_path, damage):
    files = {path.name: path.read_bytes() for path in inbox.glob("*.csv")}
    path = tmp_path / "ledger.sqlite3"
    with Ledger(path) as ledger:
        assert transfer(profile, client, ledger).status is RunStatus.OK
    for name in ("ledger.sqlite3-wal", "ledger.sqlite3-shm"):
        (tmp_path / name).unlink(missing_ok=True)
    path.write_bytes(damage)
    for name, content in files.items():  # Acubiz exports the same files again
        (inbox / name).write_bytes(content)
    with Ledger(path) as ledger:
        report = transfer(profile, client, ledger)
    counts = {marker: len(amounts) for marker, amounts in entries_in_economic(sandbox).items()}
    assert len(counts) == 6 and set(counts.values()) == {1}
    lines = [line for f in report.files for line in f.lines]
    assert lines and all(line.state is LineState.ALREADY_SENT for line in lines)
    assert all("already in e-conomic" in line.reason for line in lines)
    kinds = {p.kind for p in report.problems}
    if damage:
        assert ProblemKind.LEDGER_RECOVERED in kinds
        assert list(tmp_path.glob("ledger.sqlite3.damaged-*"))
    else:
        assert report.status is RunStatus.OK, report.problems


def test_two_profiles_on_one_inbox_are_refused_at_run_time(profile, client, ledger, sandbox,
                                                           journal, inbox):
    import tomli_w

    from wizard.settings.store import profiles_path

    path = profiles_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    tables = [{"name": name, "inbox_folder": str(inbox), "journal_name": "ACUBIZ EMS"}
              for name in ("T", "T2")]
    path.write_bytes(tomli_w.dumps({"schema_version": 1, "profiles": tables}).encode())
    reports = [transfer(replace(profile, name=name), client, ledger) for name in ("T", "T2")]
    assert all(ProblemKind.INBOX_SHARED in {p.kind for p in r.problems} for r in reports)
    assert entries_in_economic(sandbox) == {}
    assert len(list(inbox.glob("*.csv"))) == 2


# -- held postings go by themselves once the cause is fixed -------------------------------------


def test_an_unknown_vat_code_holds_one_posting_until_it_is_created(simple_profile, client,
                                                                   ledger, sandbox, journal):
    inbox = simple_profile.inbox_folder
    write_simple(inbox, "a.csv", ["EXP-1;2026-11-20;Taxi;100,00;3640;I25;5900",
                                  "EXP-2;2026-11-20;Kursus;200,00;3640;I99;5900"])
    first = transfer(simple_profile, client, ledger)
    assert first.sent == 1 and first.count(LineState.HELD) == 1
    held = ledger.held(simple_profile.name)
    assert [(r.line_id, r.kind) for r in held] == [("EXP-2", "economic")]
    assert "I99" in held[0].reason
    assert (inbox / "a.csv").exists()

    sandbox.admin.create_vat_account("I99")
    second = transfer(simple_profile, client, ledger)
    assert second.status is RunStatus.OK, second.problems
    assert set(entries_in_economic(sandbox)) == {"[EMS:EXP-1]", "[EMS:EXP-2]"}
    assert ledger.held(simple_profile.name) == []
    assert not (inbox / "a.csv").exists()


def test_a_corrected_re_export_replaces_the_held_version(simple_profile, client, ledger,
                                                         sandbox, journal):
    inbox = simple_profile.inbox_folder
    write_simple(inbox, "a.csv", ["EXP-1;2026-11-20;Taxi;100,00;3640;;5900",
                                  "EXP-2;2026-11-20;Kursus;200,00;9999;;5900"])
    first = transfer(simple_profile, client, ledger)
    assert first.sent == 1
    assert "9999" in ledger.held(simple_profile.name)[0].reason
    # Acubiz exports both postings again, the second one corrected.
    write_simple(inbox, "b.csv", ["EXP-1;2026-11-20;Taxi;100,00;3640;;5900",
                                  "EXP-2;2026-11-20;Kursus;200,00;3640;;5900"])
    second = transfer(simple_profile, client, ledger)
    assert second.status is RunStatus.OK, second.problems
    states = {(f.file, line.line_id): line.state for f in second.files for line in f.lines}
    assert states == {
        ("a.csv", "EXP-1"): LineState.ALREADY_SENT, ("a.csv", "EXP-2"): LineState.REPLACED,
        ("b.csv", "EXP-1"): LineState.ALREADY_SENT, ("b.csv", "EXP-2"): LineState.SENT,
    }
    assert entries_in_economic(sandbox) == {"[EMS:EXP-1]": [Decimal("100.00")],
                                            "[EMS:EXP-2]": [Decimal("200.00")]}
    assert not list(inbox.glob("*.csv")) and not list(inbox.glob("*.errors.txt"))


# -- receipts ------------------------------------------------------------------------------------


RECEIPT_MARKERS = {"[EMS:1000001-1]", "[EMS:1000002-1]"}  # the demo postings with receipts


def test_receipts_follow_vouchers_moved_after_a_crash_and_never_land_elsewhere(
        sandbox, journal, profile, client, ledger, inbox, tmp_path):
    ledger_path = tmp_path / "child-ledger.sqlite3"
    child = [sys.executable, str(Path(__file__).with_name("child_transfer.py")),
             sandbox.base_url, str(inbox), str(ledger_path)]
    crashed = subprocess.run(child, env=dict(os.environ, **{ENV: "batch-settled"}),
                             capture_output=True, text=True, timeout=60)
    assert crashed.returncode == 137, crashed.stderr
    # The accountant moves every draft to another journal: e-conomic renumbers them and
    # frees their numbers for the next new vouchers.
    other = sandbox.admin.create_journal(name="Flyttet")
    number = journal["journalNumber"]
    for voucher in requests.get(f"{sandbox.base_url}/journals/{number}/vouchers?pagesize=1000",
                                headers=HEADERS, timeout=10).json()["collection"]:
        sandbox.admin.move_voucher(number, voucher["accountingYear"]["year"],
                                   voucher["voucherNumber"], other["journalNumber"])
    with Ledger(ledger_path) as child_ledger:
        first = transfer(profile, client, child_ledger)
        second = transfer(profile, client, child_ledger)
    assert second.status in (RunStatus.OK, RunStatus.NOTHING_TO_SEND), second.problems
    counts = {marker: len(amounts) for marker, amounts in entries_in_economic(sandbox).items()}
    assert len(counts) == 6 and set(counts.values()) == {1}
    for markers, pages in vouchers_with_pages(sandbox):
        assert pages == (1 if markers & RECEIPT_MARKERS else 0), (markers, pages)
    assert first.status is RunStatus.OK, first.problems


def test_a_missing_receipt_does_not_hold_its_posting_and_is_attached_when_it_appears(
        sandbox, journal, profile, client, ledger, inbox, tmp_path):
    receipt = inbox / "kvittering-frokost.png"
    kept = tmp_path / "kept.png"
    receipt.rename(kept)
    first = transfer(profile, client, ledger)
    assert first.sent == 6
    waiting = [r for r in first.receipts if r.state == "waiting"]
    assert [r.name for r in waiting] == ["kvittering-frokost.png"]
    assert ProblemKind.RECEIPTS_WAITING in {p.kind for p in first.problems}
    assert first.status is RunStatus.ATTENTION
    second = transfer(profile, client, ledger)
    assert [r.state for r in second.receipts] == ["waiting"]
    kept.rename(receipt)
    third = transfer(profile, client, ledger)
    assert third.status is RunStatus.OK, third.problems
    assert sorted(pages for markers, pages in vouchers_with_pages(sandbox)
                  if markers & RECEIPT_MARKERS) == [1, 1]


@pytest.mark.parametrize("kind", ["empty", "symlink-outside", "exe-as-pdf"])
def test_a_bad_receipt_is_reported_and_never_uploaded(sandbox, journal, profile, client, ledger,
                                                      inbox, tmp_path, kind):
    receipt = inbox / "kvittering-hotel-aarhus.pdf"
    if kind == "empty":
        receipt.write_bytes(b"")
    elif kind == "symlink-outside":
        secret = tmp_path / "outside.pdf"
        secret.write_bytes(receipt.read_bytes())
        receipt.unlink()
        receipt.symlink_to(secret)
    else:
        receipt.write_bytes(b"MZ\x90\x00" + b"\x00" * 200)
    report = transfer(profile, client, ledger)
    assert report.sent == 6
    bad = [r for r in report.receipts if r.name == receipt.name]
    assert len(bad) == 1 and bad[0].state in ("waiting", "refused")
    assert bad[0].reason
    assert report.status is RunStatus.ATTENTION
    pages = {frozenset(markers): pages for markers, pages in vouchers_with_pages(sandbox)}
    assert pages[frozenset({"[EMS:1000001-1]"})] == 0


# -- the inbox itself ----------------------------------------------------------------------------


def test_a_sent_folder_that_is_a_file_is_said_plainly(profile, client, ledger, sandbox, journal,
                                                      inbox):
    (inbox / "sent").write_text("not a folder")
    report = transfer(profile, client, ledger)
    assert report.status is not RunStatus.ERROR, report.problems
    assert any("sent" in p.title for p in report.problems)
    again = transfer(profile, client, ledger)  # still nothing twice
    counts = {marker: len(amounts) for marker, amounts in entries_in_economic(sandbox).items()}
    assert len(counts) == 6 and set(counts.values()) == {1}
    assert again.status is not RunStatus.ERROR


# -- one forgotten expense from last year never stops the daily transfer ------------------------


def acubiz_file(path: Path, postings: list[tuple[str, str, str]]) -> Path:
    """An Acubiz posting file: (TravelID, dd-mm-yyyy, amount) → expense line + contra line."""
    rows = []
    number = 1
    for travel_id, day, amount in postings:
        negated = amount[1:] if amount.startswith("-") else f"-{amount}"
        expense = [str(number), day, "f", "3640", "I25", amount, "DKK", amount, "DKK", "Taxa",
                   "Salg", *[""] * 8, "PH", "Peter Høj", travel_id, "", "", "1", "", *[""] * 5]
        contra = [str(number + 1), day, "f", "5900", "", negated, "DKK", negated, "DKK", "Taxa",
                  *[""] * 21]
        rows += [";".join(expense), ";".join(contra)]
        number += 2
    path.write_bytes(("\r\n".join(rows) + "\r\n").encode("cp1252"))
    return path


def test_ten_travels_one_in_a_closed_year_nine_go_now_and_the_tenth_when_it_opens(
        profile, client, ledger, sandbox, journal, tmp_path):
    inbox = tmp_path / "ten"
    inbox.mkdir()
    profile = replace(profile, inbox_folder=inbox, receipts_folder=inbox)
    sandbox.admin.close_year("2025")
    postings = [(f"2000{n:03}-1", "20-11-2026", f"{100 + n},00") for n in range(9)]
    postings.insert(4, ("2000999-1", "30-12-2025", "250,00"))
    acubiz_file(inbox / "EMS_EA-20261201-160000.csv", postings)
    first = transfer(profile, client, ledger)
    assert first.sent == 9 and first.count(LineState.HELD) == 1
    held = next(line for line in first.files[0].lines if line.state is LineState.HELD)
    assert held.line_id == "2000999-1" and "2025" in held.reason and "closed" in held.reason
    assert (inbox / "EMS_EA-20261201-160000.csv").exists()
    assert "2000999-1" in (inbox / "EMS_EA-20261201-160000.csv.errors.txt").read_text("utf-8")

    quiet = transfer(profile, client, ledger)  # still closed: still held, nothing doubled
    assert quiet.sent == 0 and quiet.count(LineState.HELD) == 1
    sandbox.admin.close_year("2025", closed=False)
    done = transfer(profile, client, ledger)
    assert done.status is RunStatus.OK, done.problems
    assert done.sent == 1
    counts = {marker: len(amounts) for marker, amounts in entries_in_economic(sandbox).items()}
    assert len(counts) == 10 and set(counts.values()) == {1}
    assert not (inbox / "EMS_EA-20261201-160000.csv").exists()
    assert not list(inbox.glob("*.errors.txt"))


def test_a_conflict_is_resolved_by_setting_the_wrong_version_aside(simple_profile, client,
                                                                   ledger, sandbox, journal):
    inbox = simple_profile.inbox_folder
    write_simple(inbox, "a.csv", ["EXP-1;2026-11-20;Taxi;11,00;3640;;5900"])
    write_simple(inbox, "b.csv", ["EXP-1;2026-11-20;Taxi;22,00;3640;;5900"])
    first = transfer(simple_profile, client, ledger)
    fix = first.files[0].lines[0].fix
    assert "a.csv#2" in fix and "b.csv#2" in fix
    assert [r.source_line for r in ledger.set_aside(simple_profile.name, "b.csv#2", "test")] \
        == [2]
    second = transfer(simple_profile, client, ledger)
    assert second.status is RunStatus.OK, second.problems
    assert entries_in_economic(sandbox) == {"[EMS:EXP-1]": [Decimal("11.00")]}
    assert {line.state for f in second.files for line in f.lines} == {LineState.SENT,
                                                                      LineState.SET_ASIDE}
    assert not list(inbox.glob("*.csv"))


def test_an_unreadable_inbox_is_said_plainly(profile, client, ledger, sandbox, journal, inbox,
                                             monkeypatch):
    # Tests run as root here, and root reads every folder: the operating system's refusal is
    # the one thing that cannot happen for real, so it is simulated.
    real_iterdir = Path.iterdir

    def refuse(self):
        if self == inbox:
            raise PermissionError(13, "Permission denied", str(self))
        return real_iterdir(self)

    monkeypatch.setattr(Path, "iterdir", refuse)
    report = transfer(profile, client, ledger)
    assert report.status is not RunStatus.ERROR, report.problems
    assert report.problems[0].title == "The inbox folder cannot be read"
    assert "Permission denied" in report.problems[0].message
    assert entries_in_economic(sandbox) == {}
