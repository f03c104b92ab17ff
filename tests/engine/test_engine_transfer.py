"""A transfer end to end: demo inbox → sandbox journal over HTTP → ledger → sent/."""

from __future__ import annotations

from wizard.export.engine import run_transfer
from wizard.export.report import FileState, LineState, RunStatus


def transfer(profile, client, ledger, **kwargs):
    return run_transfer(profile, client=client, ledger=ledger, settle_seconds=0, **kwargs)


def journal_vouchers(sandbox, number):
    import requests

    from wizard.sandbox.seed import APP_SECRET_TOKEN, GRANT_TOKEN

    response = requests.get(
        f"{sandbox.base_url}/journals/{number}/vouchers?pagesize=1000",
        headers={"X-AppSecretToken": APP_SECRET_TOKEN, "X-AgreementGrantToken": GRANT_TOKEN},
        timeout=10,
    )
    response.raise_for_status()
    return response.json()["collection"]


def test_the_demo_inbox_is_sent_once_and_moved_to_sent(sandbox, journal, profile, client, ledger,
                                                       inbox):
    report = transfer(profile, client, ledger)
    assert report.status is RunStatus.OK, report.problems
    assert report.sent > 0
    assert report.waiting == report.failed == report.rejected == 0
    assert all(f.state is FileState.SENT for f in report.files)
    assert not list(inbox.glob("*.csv"))
    assert len(list((inbox / "sent").rglob("*.csv"))) == 2
    vouchers = journal_vouchers(sandbox, journal["journalNumber"])
    assert len(vouchers) == report.sent  # one voucher per TravelID in the demo files

    again = transfer(profile, client, ledger)
    assert again.status is RunStatus.NOTHING_TO_SEND
    assert len(journal_vouchers(sandbox, journal["journalNumber"])) == len(vouchers)


def test_receipts_are_attached_to_their_vouchers(sandbox, journal, profile, client, ledger):
    report = transfer(profile, client, ledger)
    assert report.status is RunStatus.OK, report.problems
    pages = [
        client.get_attachment_info(journal["journalNumber"], v["accountingYear"]["year"],
                                   v["voucherNumber"]).pages
        for v in journal_vouchers(sandbox, journal["journalNumber"])
    ]
    assert sum(pages) >= 2


def test_the_same_expense_exported_twice_is_not_posted_again(profile, client, ledger, inbox,
                                                             sandbox, journal):
    first = sorted(inbox.glob("*.csv"))[0]
    copy = first.read_bytes()
    transfer(profile, client, ledger)
    count = len(journal_vouchers(sandbox, journal["journalNumber"]))
    (inbox / "EMS_EA-20261126-160000.csv").write_bytes(copy)
    report = transfer(profile, client, ledger)
    assert report.status is RunStatus.OK
    lines = [line for f in report.files for line in f.lines]
    assert lines and all(line.state is LineState.ALREADY_SENT for line in lines)
    assert "already sent on" in lines[0].reason
    assert len(journal_vouchers(sandbox, journal["journalNumber"])) == count


def test_dry_run_posts_nothing_and_moves_nothing(profile, client, ledger, inbox, sandbox,
                                                 journal):
    report = transfer(profile, client, ledger, dry_run=True)
    assert report.status is RunStatus.DRY_RUN, report.problems
    assert report.waiting > 0
    assert len(list(inbox.glob("*.csv"))) == 2
    assert journal_vouchers(sandbox, journal["journalNumber"]) == []
    assert ledger.runs() == []


def test_no_token_reaches_the_ledger_or_the_report(profile, client, ledger, sandbox, journal,
                                                   tmp_path, caplog):
    import json
    import logging

    from wizard.sandbox.seed import APP_SECRET_TOKEN, GRANT_TOKEN

    caplog.set_level(logging.DEBUG)
    sandbox.admin.queue_fault(kind="503", count=1, method="POST", path="/journals/")
    report = transfer(profile, client, ledger)
    ledger_bytes = b"".join(p.read_bytes() for p in tmp_path.glob("ledger.sqlite3*"))
    for token in (GRANT_TOKEN, APP_SECRET_TOKEN):
        assert token.encode() not in ledger_bytes
        assert token not in json.dumps(report.to_json())
        assert token not in caplog.text
