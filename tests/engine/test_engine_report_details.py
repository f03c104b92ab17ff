"""The run report carries each posting as an accountant reads it (date, employee, text,
amount, currency, accounts) in every state, and what was sent per currency: History and the
tray's "6 expenses sent, 3,456.50 DKK" are made from it, also after a round trip through JSON."""

from __future__ import annotations

import json

from wizard.export.engine import run_transfer
from wizard.export.report import LineState, format_amount


def transfer(profile, client, ledger, **kwargs):
    return run_transfer(profile, client=client, ledger=ledger, settle_seconds=0, **kwargs)


def stored_lines(report):
    data = json.loads(json.dumps(report.to_json()))
    return data, {line["line_id"]: line for f in data["files"] for line in f["lines"]}


def test_sent_and_held_lines_say_date_employee_text_amount_and_accounts(
        sandbox, journal, profile, client, ledger):
    sandbox.admin.bar_account(2750)
    report = transfer(profile, client, ledger)
    data, lines = stored_lines(report)

    hotel = lines["1000001-1"]  # held: account 2750 is barred
    assert hotel["state"] == "held"
    assert (hotel["date"], hotel["employee"], hotel["amount"], hotel["currency"]) == (
        "2026-11-23", "Mette Jensen", "1245.00", "DKK")
    assert hotel["text"] == "Hotel Aarhus, kursus i årsafslutning"
    assert (hotel["account"], hotel["contra_account"]) == (2750, 5900)
    lunch = lines["1000002-1"]  # sent
    assert lunch["state"] == "sent" and lunch["voucher_number"]
    assert (lunch["date"], lunch["employee"], lunch["amount"], lunch["account"]) == (
        "2026-11-23", "Peter Høj", "385.50", 3620)
    berlin = lines["1000004-1"]
    assert (berlin["state"], berlin["amount"], berlin["currency"]) == ("held", "150.00", "EUR")

    # Only what this run sent counts: the held hotel nights (DKK and EUR) do not.
    assert data["sent_totals"] == {"DKK": "986.45"}
    assert report.sent_totals() == {"DKK": "986.45"}


def test_a_posting_e_conomic_already_has_keeps_its_details_and_adds_nothing_to_the_total(
        sandbox, journal, profile, client, ledger, inbox):
    first = sorted(inbox.glob("*.csv"))[0]
    copy = first.read_bytes()
    sent = transfer(profile, client, ledger)
    assert sent.to_json()["sent_totals"] == {"DKK": "2231.45", "EUR": "150.00"}
    (inbox / "EMS_EA-20261126-160000.csv").write_bytes(copy)
    again = transfer(profile, client, ledger)
    data, lines = stored_lines(again)
    assert lines["1000002-2"]["state"] == "already-sent"
    assert lines["1000002-2"]["text"] == "Taxa til Kastrup lufthavn"
    assert lines["1000002-2"]["amount"] == "212.00"
    assert data["sent_totals"] == {}


def test_a_line_sent_again_is_described_from_its_voucher(sandbox, journal, profile, client,
                                                         ledger):
    transfer(profile, client, ledger)
    again = transfer(profile, client, ledger, trigger="send-again",
                     send_again_line="1000002-2")
    _data, lines = stored_lines(again)
    line = lines["1000002-2+2"]
    assert line["state"] == "sent"
    assert (line["date"], line["text"], line["amount"], line["currency"]) == (
        "2026-11-24", "Taxa til Kastrup lufthavn", "212.00", "DKK")
    assert (line["account"], line["contra_account"]) == (3640, 5900)


def test_a_rejected_file_has_no_posting_details_and_an_old_report_reads_as_blank(
        sandbox, journal, profile, client, ledger, inbox):
    (inbox / "EMS_EA-20261126-090000.csv").write_text("not;an;acubiz;file\n", encoding="cp1252")
    report = transfer(profile, client, ledger)
    data, _lines = stored_lines(report)
    rejected = next(f for f in data["files"] if f["state"] == "rejected")
    assert all(line["amount"] is None and line["date"] is None for line in rejected["lines"])
    assert data["inbox_folder"] == str(inbox)
    assert any(line.state is LineState.SENT for f in report.files for line in f.lines)


def test_amounts_are_written_the_way_the_admin_writes_them():
    assert format_amount("3456.5") == "3,456.50"
    assert format_amount("3456.5", "da") == "3.456,50"
    assert format_amount("-1245", "da_DK") == "-1.245,00"
    assert format_amount(None) == "" and format_amount("abc") == "abc"
