"""The ledger is the engine's memory: these tests are the promises the engine builds on."""

from __future__ import annotations

import sqlite3

import pytest

from wizard.export.ledger import Ledger, ReceiptState, VoucherState


@pytest.fixture
def ledger(tmp_path):
    with Ledger(tmp_path / "ledger.sqlite3") as opened:
        yield opened


def register(ledger, key="v1", lines=("1000002-1",), receipts=()):
    return ledger.register_voucher(
        key=key, profile="2. Omkostninger", journal_number=7, accounting_year="2026",
        body=b'{"frozen":true}', idempotency_key=f"idem-{key}", line_ids=lines,
        source_file="EMS_EA-20261124-160000.csv", receipts=receipts,
        now="2026-11-24T15:00:00+00:00",
    )


def test_a_voucher_starts_pending_with_its_frozen_body(ledger):
    record = register(ledger)
    assert record.state is VoucherState.PENDING
    assert record.body == b'{"frozen":true}'
    assert record.line_ids == ("1000002-1",)


def test_registering_the_same_voucher_again_keeps_the_first_body(ledger):
    register(ledger)
    again = ledger.register_voucher(
        key="v1", profile="2. Omkostninger", journal_number=7, accounting_year="2026",
        body=b'{"changed":true}', idempotency_key="other", line_ids=["1000002-1"],
        source_file="x.csv",
    )
    assert again.body == b'{"frozen":true}'
    assert again.idempotency_key == "idem-v1"


def test_sending_is_durable_before_the_post(tmp_path):
    path = tmp_path / "ledger.sqlite3"
    with Ledger(path) as ledger:
        register(ledger)
        ledger.mark_sending("v1", now="2026-11-24T15:00:01+00:00")
    # Another process (or the same after a crash) sees the voucher as possibly sent.
    with Ledger(path) as reopened:
        record = reopened.voucher("v1")
        assert record.state is VoucherState.SENDING
        assert record.first_sent_at == "2026-11-24T15:00:01+00:00"
        assert record.attempts == 1


def test_a_retry_keeps_the_first_send_time_for_the_key_window(ledger):
    register(ledger)
    ledger.mark_sending("v1", now="2026-11-24T15:00:01+00:00")
    record = ledger.mark_sending("v1", now="2026-11-24T15:20:00+00:00")
    assert record.first_sent_at == "2026-11-24T15:00:01+00:00"
    assert record.attempts == 2


def test_sent_voucher_answers_for_its_lines(ledger):
    register(ledger, lines=("A", "B"))
    ledger.mark_sending("v1")
    ledger.mark_sent(
        "v1", voucher_number=10043, accounting_year="2026", now="2026-11-24T15:00:02+00:00"
    )
    line = ledger.line("2. Omkostninger", "B")
    assert line.state is VoucherState.SENT
    assert line.voucher_number == 10043
    assert line.sent_at == "2026-11-24T15:00:02+00:00"
    assert ledger.line("2. Omkostninger", "C") is None
    assert ledger.line("other profile", "A") is None


def test_a_line_belongs_to_one_voucher_only(ledger):
    register(ledger, key="v1", lines=("A",))
    with pytest.raises(sqlite3.IntegrityError):
        register(ledger, key="v2", lines=("A",))
    # ...and the failed registration left nothing half-written behind.
    assert ledger.voucher("v2") is None


def test_a_body_that_may_exist_in_economic_never_changes(ledger):
    register(ledger)
    ledger.mark_sending("v1")
    with pytest.raises(ValueError):
        ledger.refreeze("v1", b"{}", "new-key")
    ledger.mark_failed("v1", "Account 9999 not found")
    record = ledger.refreeze("v1", b'{"fixed":true}', "new-key")
    assert record.state is VoucherState.PENDING
    assert record.body == b'{"fixed":true}'
    assert record.first_sent_at is None


def test_receipts_are_tracked_on_their_own(ledger):
    register(ledger, receipts=("a.pdf", "b.png"))
    ledger.set_receipt_state("v1", "a.pdf", ReceiptState.SENDING)
    ledger.set_receipt_state("v1", "a.pdf", ReceiptState.SENT)
    receipts = {r.path: r for r in ledger.receipts("v1")}
    assert receipts["a.pdf"].state is ReceiptState.SENT
    assert receipts["a.pdf"].attempts == 1
    assert receipts["b.png"].state is ReceiptState.PENDING
    assert receipts["a.pdf"].idempotency_key != receipts["b.png"].idempotency_key


def test_runs_remember_their_slot(ledger):
    run_id = ledger.start_run("P", "scheduled", slot="2026-11-24T16:00+01:00")
    ledger.finish_run(run_id, "ok", {"sent": 3}, "3 sent")
    assert ledger.slot_was_run("P", "2026-11-24T16:00+01:00")
    assert not ledger.slot_was_run("P", "2026-11-25T16:00+01:00")
    (run,) = ledger.runs("P")
    assert run.summary == {"sent": 3}
    assert run.status == "ok"


def test_a_newer_ledger_is_refused_with_a_plain_message(tmp_path):
    path = tmp_path / "ledger.sqlite3"
    Ledger(path).close()
    db = sqlite3.connect(path)
    db.execute("PRAGMA user_version = 99")
    db.close()
    with pytest.raises(RuntimeError, match="newer version"):
        Ledger(path)
