"""Bad days: revoked grants, missing journals, closed years, lost answers, killed processes.
Whatever happens, every expense ends up in e-conomic exactly once and no file is lost."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
import requests
from economic_markers import markers_in_economic as markers_at

from wizard.export.crashpoints import ENV, POINTS
from wizard.export.engine import run_transfer
from wizard.export.report import FileState, LineState, ProblemKind, RunStatus
from wizard.sandbox.seed import APP_SECRET_TOKEN, GRANT_TOKEN

HEADERS = {"X-AppSecretToken": APP_SECRET_TOKEN, "X-AgreementGrantToken": GRANT_TOKEN}


def transfer(profile, client, ledger, **kwargs):
    kwargs.setdefault("settle_seconds", 0)
    return run_transfer(profile, client=client, ledger=ledger, **kwargs)


def markers_in_economic(sandbox) -> Counter:
    """Every marker in every journal's drafts and every year's booked entries, counted."""
    return markers_at(sandbox.base_url)


def expected_markers(n=6) -> set[str]:
    ids = ["1000001-1", "1000002-1", "1000002-2", "1000003-1", "1000004-1", "1000005-1"]
    return {f"[EMS:{i}]" for i in ids[:n]}


def assert_exactly_once(sandbox, inbox):
    counts = markers_in_economic(sandbox)
    assert set(counts) == expected_markers()
    assert set(counts.values()) == {1}, counts
    assert not list(inbox.glob("*.csv")), "every file moved to sent/"
    assert len(list((inbox / "sent").rglob("*.csv"))) == 2


def files_still_waiting(inbox):
    return len(list(inbox.glob("*.csv"))) == 2


# -- pre-flight: nothing posted, data waits ------------------------------------------------


def test_a_revoked_grant_posts_nothing_and_says_connect_again(sandbox, journal, profile, client,
                                                               ledger, inbox):
    sandbox.admin.revoke_grant(GRANT_TOKEN)
    report = transfer(profile, client, ledger)
    assert report.status is RunStatus.ATTENTION
    assert [p.kind for p in report.problems] == [ProblemKind.NOT_CONNECTED]
    assert "Connect" in report.problems[0].message or "connect" in report.problems[0].message
    assert files_still_waiting(inbox)


def test_a_deleted_journal_posts_nothing(sandbox, journal, profile, client, ledger, inbox):
    sandbox.admin.delete_journal(journal["journalNumber"])
    report = transfer(profile, client, ledger)
    assert [p.kind for p in report.problems] == [ProblemKind.JOURNAL_MISSING]
    assert "ACUBIZ EMS" in report.problems[0].message
    assert files_still_waiting(inbox)
    assert markers_in_economic(sandbox) == Counter()


def test_a_closed_year_holds_its_postings_and_names_the_year(sandbox, journal, profile, client,
                                                             ledger, inbox):
    sandbox.admin.close_year("2026")
    report = transfer(profile, client, ledger)
    assert [p.kind for p in report.problems] == [ProblemKind.POSTINGS_HELD]
    held = [line for f in report.files for line in f.lines]
    assert held and all(line.state is LineState.HELD for line in held)
    assert all("2026" in line.reason and "closed" in line.reason for line in held)
    assert all("reopen" in line.fix for line in held)
    assert files_still_waiting(inbox)
    assert all((inbox / (f.file + ".errors.txt")).exists() for f in report.files)
    assert markers_in_economic(sandbox) == Counter()

    sandbox.admin.close_year("2026", closed=False)
    again = transfer(profile, client, ledger)
    assert again.status is RunStatus.OK, again.problems
    assert_exactly_once(sandbox, inbox)
    assert not list(inbox.glob("*.errors.txt"))
    assert ledger.held(profile.name) == []


def test_a_barred_account_holds_only_its_postings(sandbox, journal, profile, client, ledger,
                                                  inbox):
    sandbox.admin.bar_account(2750)
    report = transfer(profile, client, ledger)
    assert [p.kind for p in report.problems] == [ProblemKind.POSTINGS_HELD]
    held = [line for f in report.files for line in f.lines if line.state is LineState.HELD]
    assert {line.line_id for line in held} == {"1000001-1", "1000004-1"}
    assert all("2750" in line.reason and "barred" in line.reason for line in held)
    assert report.sent == 4
    assert set(markers_in_economic(sandbox)) == expected_markers() - {
        "[EMS:1000001-1]", "[EMS:1000004-1]"}

    sandbox.admin.bar_account(2750, barred=False)
    again = transfer(profile, client, ledger)
    assert again.status is RunStatus.OK, again.problems
    assert_exactly_once(sandbox, inbox)


def test_one_problem_for_the_admin_and_a_reason_per_posting(sandbox, journal, profile, client,
                                                            ledger):
    sandbox.admin.bar_account(2750)
    sandbox.admin.bar_account(3600)
    report = transfer(profile, client, ledger)
    assert [p.kind for p in report.problems] == [ProblemKind.POSTINGS_HELD]
    reasons = " ".join(line.reason for f in report.files for line in f.lines
                       if line.state is LineState.HELD)
    assert "2750" in reasons


def test_a_renamed_journal_is_followed_by_number(sandbox, journal, profile, client, ledger,
                                                 inbox):
    from dataclasses import replace

    from wizard.settings.store import get_profile, upsert_profile

    profile = replace(profile, journal_number=journal["journalNumber"])
    upsert_profile(profile)
    sandbox.admin.rename_journal(journal["journalNumber"], "Udlæg fra Acubiz")
    report = transfer(profile, client, ledger)
    assert report.status is RunStatus.OK, report.problems
    assert get_profile(profile.name).journal_name == "Udlæg fra Acubiz"


def test_a_recreated_journal_is_found_again_by_name(sandbox, journal, profile, client, ledger):
    from dataclasses import replace

    from wizard.settings.store import get_profile, upsert_profile

    profile = replace(profile, journal_number=journal["journalNumber"])
    upsert_profile(profile)
    sandbox.admin.delete_journal(journal["journalNumber"])
    new = sandbox.admin.create_journal(name="ACUBIZ EMS")
    report = transfer(profile, client, ledger)
    assert report.status is RunStatus.OK, report.problems
    assert get_profile(profile.name).journal_number == new["journalNumber"]


def test_a_bad_posting_is_held_with_its_reasons_and_the_rest_is_sent(sandbox, journal, profile,
                                                                    client, ledger, inbox):
    bad = inbox / "EMS_EA-20261126-160000.csv"
    pair = sorted(inbox.glob("*.csv"))[0].read_bytes().splitlines(keepends=True)[:2]
    # the same posting pair, but with a date that does not exist and a new TravelID
    fields = [line.split(b";") for line in pair]
    for row in fields:
        row[1] = b"31-02-2026"
        row[21] = row[21] + b"9" if row[21] else row[21]
    bad.write_bytes(b"".join(b";".join(row) for row in fields))
    report = transfer(profile, client, ledger)
    assert report.status is RunStatus.ATTENTION
    assert [p.kind for p in report.problems] == [ProblemKind.POSTINGS_HELD]
    assert report.sent == 6
    assert bad.exists()  # it stays in the inbox until the posting is corrected
    errors = (inbox / (bad.name + ".errors.txt")).read_text(encoding="utf-8")
    assert "every other posting of the file was sent" in errors
    assert "31-02-2026" in errors


def test_a_file_that_is_not_a_posting_file_is_rejected_and_the_rest_is_sent(
        sandbox, journal, profile, client, ledger, inbox):
    bad = inbox / "EMS_EA-20261126-160000.csv"
    bad.write_bytes(b"PK\x03\x04" + b"\x00" * 300)  # an Excel workbook saved as .csv
    report = transfer(profile, client, ledger)
    assert ProblemKind.FILES_REJECTED in [p.kind for p in report.problems]
    assert report.sent == 6
    assert (inbox / "rejected" / bad.name).exists()
    errors = (inbox / "rejected" / (bad.name + ".errors.txt")).read_text(encoding="utf-8")
    assert "Nothing from this file was sent" in errors
    assert "Intet fra denne fil er sendt" in errors and "Dansk: " in errors
    # One file is "the file", the list beside it has its real name, and the folder is named
    # by what it holds in Danish (its name on disk stays "rejected").
    (problem,) = [p for p in report.problems if p.kind is ProblemKind.FILES_REJECTED]
    assert problem.title == "1 file could not be read"
    assert problem.message.startswith(f"Nothing in {bad.name} was sent: the file could not")
    assert f"{bad.name}.errors.txt beside it" in problem.message
    assert "<name>" not in problem.message and "files" not in problem.message
    title_da, message_da = problem.text("da")
    assert title_da == "1 fil kunne ikke læses"
    assert 'mappen med afviste filer ("rejected" i indbakken)' in message_da
    assert f"sammen med {bad.name}.errors.txt" in message_da and "<navn>" not in message_da


def test_a_second_rejected_file_of_the_same_name_is_named_as_it_was_kept(
        sandbox, journal, profile, client, ledger, inbox):
    """The first copy is already in "rejected": the message names the second's own list."""
    bad = inbox / "EMS_EA-20261126-160000.csv"
    (inbox / "rejected").mkdir()
    (inbox / "rejected" / bad.name).write_bytes(b"an earlier copy")
    bad.write_bytes(b"PK\x03\x04" + b"\x00" * 300)
    report = transfer(profile, client, ledger)
    (problem,) = [p for p in report.problems if p.kind is ProblemKind.FILES_REJECTED]
    assert "EMS_EA-20261126-160000 (2).csv.errors.txt" in problem.message
    assert (inbox / "rejected" / "EMS_EA-20261126-160000 (2).csv.errors.txt").exists()


def test_no_token_means_not_connected_and_nothing_moves(sandbox, journal, profile, ledger, inbox):
    report = run_transfer(profile, ledger=ledger, settle_seconds=0)  # nothing in the keyring
    assert report.status is RunStatus.ATTENTION
    assert report.problems[0].kind in (ProblemKind.NOT_CONNECTED, ProblemKind.SETTINGS)
    assert files_still_waiting(inbox)


# -- lost answers, 5xx, 429 ----------------------------------------------------------------


def test_a_dropped_answer_is_retried_with_the_same_key_and_posts_once(sandbox, journal, profile,
                                                                      client, ledger, inbox):
    sandbox.admin.queue_fault(kind="drop", count=1, method="POST", path="/journals")
    report = transfer(profile, client, ledger)
    assert report.status is RunStatus.OK, report.problems
    assert_exactly_once(sandbox, inbox)


@pytest.mark.parametrize("kind", ["503", "502", "429"])
def test_temporary_errors_are_retried(sandbox, journal, profile, client, ledger, inbox, kind):
    sandbox.admin.queue_fault(kind=kind, count=2, method="POST", path="/journals",
                              retry_after=0)
    report = transfer(profile, client, ledger)
    assert report.status is RunStatus.OK, report.problems
    assert_exactly_once(sandbox, inbox)


def test_an_answer_lost_for_good_waits_and_the_next_run_confirms_it(sandbox, journal, profile,
                                                                    client, ledger, inbox):
    sandbox.admin.queue_fault(kind="drop", count=10, method="POST", path="/journals/")
    first = transfer(profile, client, ledger)
    assert first.status is RunStatus.WAITING
    assert first.problems[0].kind is ProblemKind.OUTCOME_UNKNOWN
    assert files_still_waiting(inbox)
    sandbox.admin.clear_fault_queue()
    second = transfer(profile, client, ledger)
    assert second.status is RunStatus.OK, second.problems
    assert_exactly_once(sandbox, inbox)


def test_after_the_key_window_a_lost_voucher_moved_to_another_journal_is_not_reposted(
        sandbox, journal, profile, client, ledger, inbox):
    sandbox.admin.queue_fault(kind="drop", count=10, method="POST", path="/journals/")
    transfer(profile, client, ledger)
    sandbox.admin.clear_fault_queue()
    # The accountant moves every draft voucher to another journal (new numbers) meanwhile.
    other = sandbox.admin.create_journal(name="Revisor")
    vouchers = requests.get(f"{sandbox.base_url}/journals/{journal['journalNumber']}/vouchers",
                            headers=HEADERS, timeout=10).json()["collection"]
    assert vouchers, "the dropped POST did create the vouchers"
    for voucher in vouchers:
        sandbox.admin.move_voucher(journal["journalNumber"], voucher["accountingYear"]["year"],
                                   voucher["voucherNumber"], other["journalNumber"])
    later = lambda: dt.datetime.now(dt.UTC) + dt.timedelta(hours=2)  # noqa: E731
    report = transfer(profile, client, ledger, now=later)
    assert report.status is RunStatus.OK, report.problems
    assert_exactly_once(sandbox, inbox)


def test_after_the_key_window_booked_vouchers_are_found_in_the_year(sandbox, journal, profile,
                                                                    client, ledger, inbox):
    sandbox.admin.queue_fault(kind="drop", count=10, method="POST", path="/journals/")
    transfer(profile, client, ledger)
    sandbox.admin.clear_fault_queue()
    sandbox.admin.book_journal(journal["journalNumber"])
    later = lambda: dt.datetime.now(dt.UTC) + dt.timedelta(hours=2)  # noqa: E731
    report = transfer(profile, client, ledger, now=later)
    # Booked before their receipts could go: each receipt says where to attach it by hand.
    assert [p.kind for p in report.problems] == [ProblemKind.RECEIPTS_BY_HAND]
    assert report.receipts and all(r.state == "by-hand" for r in report.receipts)
    assert all("[EMS:" in r.fix for r in report.receipts)
    counts = markers_in_economic(sandbox)
    assert set(counts) == expected_markers()


def test_after_the_key_window_a_voucher_that_never_arrived_is_sent_again(sandbox, journal,
                                                                         profile, client, ledger,
                                                                         inbox):
    # 503 on every attempt: e-conomic never stored anything, but the client cannot know.
    sandbox.admin.queue_fault(kind="500", count=10, method="POST", path="/journals/")
    first = transfer(profile, client, ledger)
    assert first.status is RunStatus.WAITING
    sandbox.admin.clear_fault_queue()
    later = lambda: dt.datetime.now(dt.UTC) + dt.timedelta(hours=2)  # noqa: E731
    report = transfer(profile, client, ledger, now=later)
    assert report.status is RunStatus.OK, report.problems
    assert_exactly_once(sandbox, inbox)


def test_one_refused_voucher_does_not_block_the_others(sandbox, journal, profile, client, ledger,
                                                       inbox):
    # The accountant bars an account after the pre-flight check, just before the POST.
    original = client.post_vouchers
    barred = []

    def post_after_barring(*args, **kwargs):
        if not barred:
            sandbox.admin.bar_account(3600)
            barred.append(True)
        return original(*args, **kwargs)

    client.post_vouchers = post_after_barring
    report = transfer(profile, client, ledger, batch_size=50)
    assert report.status is RunStatus.ATTENTION
    assert [p.kind for p in report.problems] == [ProblemKind.VOUCHERS_REFUSED]
    failed = [line for f in report.files for line in f.lines if line.state.value == "failed"]
    assert failed and all("3600" in line.reason for line in failed)
    assert report.sent == 6 - len(failed)
    # the file with the refused line waits; fixing the account sends it, once
    sandbox.admin.bar_account(3600, barred=False)
    again = transfer(profile, client, ledger)
    assert again.status is RunStatus.OK, again.problems
    assert_exactly_once(sandbox, inbox)


# -- killed between any two steps ----------------------------------------------------------


@pytest.mark.parametrize("point", POINTS)
def test_killed_at_any_step_then_rerun_sends_everything_exactly_once(sandbox, journal, inbox,
                                                                     tmp_path, point):
    ledger_path = tmp_path / "ledger.sqlite3"
    child = [sys.executable, str(Path(__file__).with_name("child_transfer.py")),
             sandbox.base_url, str(inbox), str(ledger_path)]
    env = dict(os.environ, **{ENV: point})
    crashed = subprocess.run(child, env=env, capture_output=True, text=True, timeout=60)
    assert crashed.returncode == 137, crashed.stderr
    env.pop(ENV)
    for _ in range(2):  # a lost answer may need one run to confirm before the files move
        rerun = subprocess.run(child, env=env, capture_output=True, text=True, timeout=60)
        assert rerun.returncode == 0, rerun.stderr
    assert rerun.stdout.strip() in ("ok", "nothing-to-send"), rerun.stdout
    assert_exactly_once(sandbox, inbox)
    pages = markers_in_economic(sandbox)
    assert pages  # and receipts: none lost, none doubled
    _assert_receipts_once(sandbox, journal)


def _assert_receipts_once(sandbox, journal):
    vouchers = requests.get(f"{sandbox.base_url}/journals/{journal['journalNumber']}/vouchers"
                            "?pagesize=1000", headers=HEADERS, timeout=10).json()["collection"]
    total_pages = 0
    for voucher in vouchers:
        year = voucher["accountingYear"]["year"].replace("/", "_6_")
        info = requests.get(f"{sandbox.base_url}/journals/{journal['journalNumber']}/vouchers/"
                            f"{year}-{voucher['voucherNumber']}/attachment", headers=HEADERS,
                            timeout=10).json()
        total_pages += info.get("pages", 0)
    assert total_pages == 2  # the demo inbox has two receipts, each on one voucher


def test_every_file_state_is_reported(sandbox, journal, profile, client, ledger):
    report = transfer(profile, client, ledger)
    assert {f.state for f in report.files} == {FileState.SENT}


def test_a_journal_for_supplier_invoices_is_named_in_e_conomics_words(
        sandbox, profile, client, ledger, inbox):
    """The journal takes only supplier invoices: the admin reads "leverandørfakturaer", the
    word on e-conomic's own screen, not the API's "supplierInvoice"."""
    sandbox.admin.create_journal("Leverandører", "supplierInvoice")
    profile = dataclasses.replace(profile, journal_name="Leverandører", journal_number=None)
    report = transfer(profile, client, ledger)
    (problem,) = [p for p in report.problems if p.kind is ProblemKind.JOURNAL_WRONG_TYPE]
    assert "only accepts supplier invoices" in problem.message
    assert "tager kun imod leverandørfakturaer" in problem.text("da")[1]
    assert "supplierInvoice" not in problem.message + problem.text("da")[1]
    assert files_still_waiting(inbox)
