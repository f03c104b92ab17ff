"""The ledger is the engine's memory: these tests are the promises the engine builds on."""

from __future__ import annotations

import sqlite3

import pytest

from wizard.export.ledger import Ledger, ReceiptState, VoucherState, batch_body

PROFILE = "2. Omkostninger"


@pytest.fixture
def ledger(tmp_path):
    with Ledger(tmp_path / "ledger.sqlite3") as opened:
        yield opened


def register(ledger, key="v1", lines=("1000002-1",), receipts=(), body=b'{"frozen":1}'):
    return ledger.register_voucher(
        key=key, profile=PROFILE, journal_number=7, accounting_year="2026", body=body,
        line_ids=lines, source_file="EMS_EA-20261124-160000.csv", label=f"TravelID {key}",
        receipts=receipts, now="2026-11-24T15:00:00+00:00",
    )


def test_a_voucher_starts_pending_with_its_frozen_body(ledger):
    record = register(ledger)
    assert record.state is VoucherState.PENDING
    assert record.body == b'{"frozen":1}'
    assert record.line_ids == ("1000002-1",)


def test_a_batch_freezes_the_exact_bytes_and_key_before_the_post(tmp_path):
    path = tmp_path / "ledger.sqlite3"
    with Ledger(path) as ledger:
        register(ledger, "v1", ("A",), body=b'{"a":1}')
        register(ledger, "v2", ("B",), body=b'{"b":2}')
        ledger.open_batch(PROFILE, 7, ["v1", "v2"], "key-1", now="2026-11-24T15:00:01+00:00")
    # Another process (or the same after a crash) sees what may have been sent.
    with Ledger(path) as reopened:
        (batch,) = reopened.open_batches(PROFILE)
        assert batch.body == b'[{"a":1},{"b":2}]' == batch_body([b'{"a":1}', b'{"b":2}'])
        assert batch.idempotency_key == "key-1"
        assert batch.voucher_keys == ("v1", "v2")
        assert batch.first_sent_at == "2026-11-24T15:00:01+00:00"
        assert reopened.voucher("v1").state is VoucherState.SENDING
        assert reopened.voucher("v1").batch_id == batch.batch_id


def test_a_voucher_in_flight_cannot_join_another_batch(ledger):
    register(ledger)
    ledger.open_batch(PROFILE, 7, ["v1"], "key-1")
    with pytest.raises(ValueError, match="not pending"):
        ledger.open_batch(PROFILE, 7, ["v1"], "key-2")


def test_a_body_that_may_exist_in_economic_never_changes(ledger):
    register(ledger, body=b'{"old":1}')
    ledger.open_batch(PROFILE, 7, ["v1"], "key-1")
    again = register(ledger, body=b'{"new":1}')
    assert again.body == b'{"old":1}'
    assert again.state is VoucherState.SENDING


def test_a_refused_voucher_takes_the_corrected_body_next_time(ledger):
    register(ledger, body=b'{"old":1}')
    ledger.open_batch(PROFILE, 7, ["v1"], "key-1")
    ledger.settle_failed("v1", "Account 9999 not found")
    assert ledger.voucher("v1").state is VoucherState.FAILED
    assert ledger.open_batches(PROFILE) == []
    again = register(ledger, body=b'{"fixed":1}')
    assert again.state is VoucherState.PENDING
    assert again.body == b'{"fixed":1}'


def test_the_batch_closes_when_every_voucher_is_settled(ledger):
    register(ledger, "v1", ("A", "B"))
    register(ledger, "v2", ("C",))
    batch = ledger.open_batch(PROFILE, 7, ["v1", "v2"], "key-1")
    ledger.settle_sent("v1", 10043, "2026", now="2026-11-24T15:00:02+00:00")
    assert ledger.batch(batch.batch_id).open
    ledger.settle_absent("v2", "not found in e-conomic")
    assert not ledger.batch(batch.batch_id).open
    assert ledger.voucher("v2").state is VoucherState.PENDING
    assert ledger.voucher("v2").batch_id is None
    line = ledger.line(PROFILE, "B")
    assert line.state is VoucherState.SENT
    assert line.voucher_number == 10043
    assert line.sent_at == "2026-11-24T15:00:02+00:00"
    assert ledger.line(PROFILE, "Z") is None
    assert ledger.line("other profile", "A") is None


def test_a_line_belongs_to_one_voucher_only(ledger):
    register(ledger, key="v1", lines=("A",))
    # A voucher never created in e-conomic gives its line up to a new grouping...
    register(ledger, key="v2", lines=("A", "B"))
    assert ledger.voucher("v1").state is VoucherState.SUPERSEDED
    assert ledger.line(PROFILE, "A").voucher_key == "v2"
    # ...but a voucher on its way keeps it, and the refused registration leaves nothing behind.
    ledger.open_batch(PROFILE, 7, ["v2"], "key-1")
    with pytest.raises(ValueError):
        register(ledger, key="v3", lines=("A",))
    assert ledger.voucher("v3") is None


def test_receipts_remember_the_page_count_before_their_upload(ledger):
    register(ledger, receipts=("a.pdf", "b.png"))
    ledger.open_batch(PROFILE, 7, ["v1"], "key-1")
    assert ledger.unsent_receipts(PROFILE) == []  # not before the voucher exists
    ledger.settle_sent("v1", 5, "2026")
    ledger.receipt_sending("v1", 0, idempotency_key="r-1", append=False, pages_before=0)
    ledger.set_receipt_state("v1", 0, ReceiptState.SENT)
    ledger.receipt_sending("v1", 1, idempotency_key="r-2", append=True, pages_before=1)
    ((voucher, receipt),) = ledger.unsent_receipts(PROFILE)
    assert voucher.voucher_number == 5
    assert (receipt.path, receipt.state, receipt.pages_before, receipt.append) == (
        "b.png", ReceiptState.SENDING, 1, True)


def test_runs_remember_their_slot(ledger):
    run_id = ledger.start_run("P", "scheduled", slot="2026-11-24T16:00")
    ledger.finish_run(run_id, "ok", {"sent": 3}, "3 sent")
    assert ledger.slot_was_run("P", "2026-11-24T16:00")
    assert not ledger.slot_was_run("P", "2026-11-25T16:00")
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


def test_a_version_1_ledger_is_migrated_and_its_sent_lines_become_postings(tmp_path):
    from wizard.export import ledger as ledger_module
    from wizard.export.ledger import Target

    path = tmp_path / "old.sqlite3"
    db = sqlite3.connect(path)
    for statement in ledger_module._SCHEMA_V1.split(";"):
        if statement.strip():
            db.execute(statement)
    body = (b'{"accountingYear":{"year":"2026"},"entries":{"financeVouchers":[{"amount":100.00,'
            b'"date":"2026-11-20","text":"[EMS:1000001-1] Hotel"}]},"journal":{"journalNumber":7}}')
    db.execute(
        "INSERT INTO vouchers (key, profile, journal_number, accounting_year, body, state,"
        " line_ids, source_file, label, voucher_number, attempts, sent_at, updated_at)"
        " VALUES ('k1', 'P', 7, '2026', ?, 'sent', '[\"1000001-1\"]', 'a.csv', '', 12, 1,"
        " '2026-11-20T15:00:00+00:00', '2026-11-20T15:00:00+00:00')", (body,))
    db.execute("INSERT INTO lines VALUES ('P', '1000001-1', 'k1', 'a.csv', '2026-11-20')")
    db.execute("INSERT INTO receipts (voucher_key, position, path, state, attempts)"
               " VALUES ('k1', 0, 'r.pdf', 'sent', 1)")
    db.execute("PRAGMA user_version = 1")
    db.commit()
    db.close()
    with Ledger(path) as ledger:
        found = ledger.postings(Target(agreement=1234567, journal=7), ["[EMS:1000001-1]"])
        assert found["[EMS:1000001-1]"].voucher_number == 12
        assert found["[EMS:1000001-1]"].how == "migrated"
        assert ledger.receipts("k1")[0].parts_sent == 0
        assert ledger.recovered_from is None
