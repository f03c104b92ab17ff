"""Receipts go up in parallel while later batches are posted: each lands once, on its own
voucher, and a 429 from e-conomic holds every request of the run for its Retry-After."""

from __future__ import annotations

import base64
import threading

import requests

from wizard.export.engine import run_transfer
from wizard.export.ledger import ReceiptState
from wizard.export.report import RunStatus
from wizard.sandbox.seed import APP_SECRET_TOKEN, GRANT_TOKEN
from wizard.settings.profiles import ExportProfile

PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5E"
    "rkJggg=="
)
VOUCHERS = 12


def write_inbox(folder, vouchers=VOUCHERS):
    """Two lines per voucher; the first carries the voucher's receipt."""
    folder.mkdir()
    rows = ["id;report;date;text;amount;account;vat_code;contra_account;receipt"]
    for report in range(vouchers):
        (folder / f"r{report}.png").write_bytes(PNG)
        rows.append(f"L{report}a;R{report};2026-11-02;Taxa {report};100,00;3600;I25;5900;"
                    f"r{report}.png")
        rows.append(f"L{report}b;R{report};2026-11-02;Frokost {report};50,00;3620;I25;5900;")
    (folder / "udlaeg.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")


def simple_profile(folder):
    return ExportProfile(name="parallel", inbox_folder=folder, receipts_folder=folder,
                         journal_name="ACUBIZ EMS", input_format="simple",
                         voucher_grouping="travel_id")


def assert_one_page_each(sandbox, journal):
    """Every voucher in the journal has exactly one page: its own receipt, once."""
    headers = {"X-AppSecretToken": APP_SECRET_TOKEN, "X-AgreementGrantToken": GRANT_TOKEN}
    base = f"{sandbox.base_url}/journals/{journal['journalNumber']}/vouchers"
    vouchers = requests.get(f"{base}?pagesize=1000", headers=headers,
                            timeout=10).json()["collection"]
    pages = [requests.get(f"{base}/{v['accountingYear']['year']}-{v['voucherNumber']}/attachment",
                          headers=headers, timeout=10).json().get("pages", 0)
             for v in vouchers]
    assert pages == [1] * VOUCHERS


def test_receipts_of_early_batches_go_up_while_later_ones_are_posted(sandbox, journal, client,
                                                                    ledger, tmp_path,
                                                                    monkeypatch):
    folder = tmp_path / "inbox"
    write_inbox(folder)
    uploading = threading.Event()
    waited_for_an_upload = []
    post, upload = client.post_vouchers, client.upload_attachment

    posts = []

    def post_after_the_first_batch(*args, **kwargs):
        # From the second batch on, wait (bounded) until a receipt of an earlier batch goes
        # up: with uploads only after the last POST, this would time out.
        if posts:
            waited_for_an_upload.append(uploading.wait(timeout=20))
        posts.append(1)
        return post(*args, **kwargs)

    def noting_upload(*args, **kwargs):
        uploading.set()
        return upload(*args, **kwargs)

    monkeypatch.setattr(client, "post_vouchers", post_after_the_first_batch)
    monkeypatch.setattr(client, "upload_attachment", noting_upload)
    report = run_transfer(simple_profile(folder), client=client, ledger=ledger,
                          settle_seconds=0, batch_size=2, receipt_workers=4)
    assert report.status is RunStatus.OK, report.problems
    assert [r.state for r in report.receipts] == ["sent"] * VOUCHERS
    assert_one_page_each(sandbox, journal)
    # A later batch's POST found the first receipts already going up.
    assert waited_for_an_upload and all(waited_for_an_upload)
    log = sandbox.admin.requests()
    uploads = [entry for entry in log if entry["path"].endswith("/attachment/file")]
    assert len(uploads) == VOUCHERS  # each receipt once; no page count read, no second try
    # Confirmed by the POST answers: the journals are read for markers before posting only.
    first_post = next(i for i, entry in enumerate(log) if entry["method"] == "POST")
    assert all(i < first_post for i, entry in enumerate(log)
               if entry["path"].endswith("/entries"))


def test_a_429_holds_every_upload_for_its_retry_after_and_each_receipt_lands_once(
        sandbox, journal, client, ledger, tmp_path):
    folder = tmp_path / "inbox"
    write_inbox(folder)
    number = journal["journalNumber"]
    sandbox.admin.queue_fault(kind="429", count=1, method="POST",
                              path=f"/journals/{number}/vouchers/", retry_after=1)
    report = run_transfer(simple_profile(folder), client=client, ledger=ledger,
                          settle_seconds=0, batch_size=VOUCHERS, receipt_workers=4)
    assert report.status is RunStatus.OK, report.problems
    throttled = [entry for entry in sandbox.admin.requests() if entry["status"] == 429]
    assert len(throttled) == 1
    # The other workers did not run into the limit by themselves: they waited too.
    assert client._transport.throttle.waits >= 1
    assert_one_page_each(sandbox, journal)
    states = {receipt.state for _, receipt in ledger.unsent_receipts("parallel")}
    assert states == set() or states == {ReceiptState.SENT}
