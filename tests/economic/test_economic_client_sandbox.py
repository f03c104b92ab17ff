"""Every client call against the sandbox over real HTTP: the admin's company, journals, lookups,
posting vouchers, attaching receipts, and finding our postings again by their marker."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from economic_helpers import finance_voucher

from wizard.economic import (
    AttachmentAlreadyExists,
    AttachmentRefused,
    CreatedVoucher,
    NoAccountingYear,
    encode_json,
)


def test_get_self_shows_who_the_token_belongs_to(make_client):
    agreement = make_client().get_self()
    assert agreement.agreement_number == 1234567
    assert agreement.company_name == "Demo Regnskab ApS"
    assert agreement.user_name
    assert agreement.base_currency == "DKK"
    assert agreement.application_name == "Acubiz e-conomic Export"
    assert agreement.has_departments


def test_journals_by_name_exact_and_ignoring_case(make_client, admin):
    created = admin.call("POST", "journals", {"name": "ACUBIZ EMS"})
    admin.call("POST", "journals", {"name": "acubiz ems"})
    admin.call("POST", "journals", {"name": "Lønninger", "entryTypeRestrictedTo": "financeVoucher"})
    client = make_client()

    names = sorted(j.name for j in client.list_journals())
    assert names == sorted(["Kassekladde", "ACUBIZ EMS", "acubiz ems", "Lønninger"])
    assert sorted(j.name for j in client.list_journals("ACUBIZ EMS")) == ["ACUBIZ EMS",
                                                                         "acubiz ems"]
    found = client.find_journal_by_name("ACUBIZ EMS")
    assert found is not None and found.number == created["journalNumber"]
    assert client.find_journal_by_name("Acubiz Ems") is None
    assert client.find_journal_by_name("Nothing like it") is None
    # The name filter went to e-conomic URL-encoded, as the reference shows.
    queries = [r["query"] for r in admin.api_requests("GET", "/journals")]
    assert any("filter=name%24eq%3AACUBIZ%20EMS" in q for q in queries)


def test_get_journal_and_its_settings(make_client, admin):
    made = admin.call("POST", "journals", {"name": "Indbetalinger",
                                           "entryTypeRestrictedTo": "customerPayment",
                                           "minimumVoucherNumber": 50001})
    client = make_client()
    journal = client.get_journal(1)
    assert (journal.number, journal.name) == (1, "Kassekladde")
    assert journal.accepts_finance_vouchers
    restricted = client.get_journal(made["journalNumber"])
    assert restricted.entry_type_restricted_to == "customerPayment"
    assert restricted.minimum_voucher_number == 50001
    assert not restricted.accepts_finance_vouchers


def test_accounting_years_and_the_year_for_a_date(make_client, admin):
    client = make_client()
    labels = [year.label for year in client.list_accounting_years()]
    assert {"2025", "2026"} <= set(labels)
    assert client.accounting_year_for(dt.date(2025, 12, 31)).label == "2025"
    assert client.accounting_year_for(dt.date(2026, 1, 1)).url_id == "2026"
    with pytest.raises(NoAccountingYear) as caught:
        client.accounting_year_for(dt.date(1999, 1, 1))
    assert "1999-01-01" in caught.value.message
    assert "regnskabsår" in caught.value.message_da
    admin.call("POST", "accounting-years/2025/close")
    assert client.accounting_year_for(dt.date(2025, 6, 1)).closed is True


def test_every_page_of_a_collection_is_read(make_client, admin):
    client = make_client(page_size=5)
    admin.clear_log()
    accounts = client.list_accounts()
    assert len(accounts) > 20
    assert len({a.number for a in accounts}) == len(accounts)
    pages = admin.api_requests("GET", "/accounts")
    assert len(pages) == -(-len(accounts) // 5)  # ceil: one request per page, no more
    assert pages[0]["query"].startswith("pagesize=5")
    # The default asks for the maximum page size once.
    admin.clear_log()
    assert len(make_client().list_accounts()) == len(accounts)
    (single,) = admin.api_requests("GET", "/accounts")
    assert "pagesize=1000" in single["query"]


def test_account_type_filter_and_posting_flags(make_client):
    client = make_client(page_size=4)
    expenses = client.list_accounts("profitAndLoss")
    assert expenses and all(a.account_type == "profitAndLoss" for a in expenses)
    by_number = {a.number: a for a in expenses}
    assert by_number[2750].name == "Rejseudgifter"
    assert by_number[3600].vat_code == "I25"
    assert by_number[2750].can_post
    assert any(a.barred and not a.can_post for a in expenses)
    status = {a.number for a in client.list_accounts("status")}
    assert {5820, 5900} <= status


def test_vat_codes_currencies_departments_and_distributions(make_client):
    client = make_client(page_size=2)
    vat = {v.vat_code: v for v in client.list_vat_accounts()}
    assert vat["I25"].rate_percentage == Decimal("25")
    currencies = {c.code for c in client.list_currencies()}
    assert {"DKK", "EUR"} <= currencies
    departments = client.list_departments()
    assert [d.number for d in departments][:3] == [1, 2, 3]
    distributions = client.list_departmental_distributions()
    assert distributions
    assert {share.department_number for d in distributions for share in d.shares} >= {1, 2, 3}


def test_post_vouchers_returns_what_was_created(make_client, admin):
    client = make_client()
    created = client.post_vouchers(
        1,
        [finance_voucher("Taxi lufthavn 1000001-1"), finance_voucher("Hotel 1000001-2",
                                                                      amount="899.50")],
        idempotency_key="post-1",
    )
    assert len(created) == 2
    first, second = created
    assert isinstance(first, CreatedVoucher)
    assert first.accounting_year == "2026"
    assert first.entry_texts == ("Taxi lufthavn 1000001-1",)
    assert second.entries[0].amount == Decimal("899.5")
    assert first.voucher_number != second.voucher_number
    assert first.attachment_url.endswith(f"/vouchers/2026-{first.voucher_number}/attachment")
    assert first.self_url.endswith(f"/journals/1/vouchers/2026-{first.voucher_number}")
    (post,) = admin.api_requests("POST", "/journals/1/vouchers")
    assert post["idempotencyKey"] == "post-1"

    again = client.get_voucher(1, "2026", first.voucher_number)
    assert again.entry_texts == first.entry_texts
    assert again.voucher_number == first.voucher_number
    listed = client.list_vouchers(1)
    assert {v.voucher_number for v in listed} == {first.voucher_number, second.voucher_number}
    assert client.get_link(first.self_url)["voucherNumber"] == first.voucher_number


def test_the_same_key_and_frozen_body_replays_without_a_second_voucher(make_client):
    client = make_client()
    body = encode_json([finance_voucher("Frokost 1000003-1")])
    first = client.post_vouchers(1, body, "replay-1")
    second = client.post_vouchers(1, body, "replay-1")
    assert [v.voucher_number for v in second] == [v.voucher_number for v in first]
    assert len(client.list_vouchers(1)) == 1


def test_a_single_voucher_object_answer_is_accepted(make_client):
    # A dict instead of a list body: e-conomic accepts one object too.
    client = make_client()
    body = encode_json(finance_voucher("Single 1000004-1"))
    (created,) = client.post_vouchers(1, body, "single-1")
    assert created.entry_texts == ("Single 1000004-1",)


def test_attach_a_receipt_then_refuse_a_second_upload_and_append_pages(make_client, admin):
    client = make_client()
    (voucher,) = client.post_vouchers(1, [finance_voucher("Kvittering 1000005-1")], "att-0")
    no = voucher.voucher_number
    assert client.get_attachment_info(1, "2026", no).pages == 0

    client.upload_attachment(1, "2026", no, "kvittering.pdf", b"%PDF-1.4\n1 0 obj\n", "att-1")
    info = client.get_attachment_info(1, "2026", no)
    assert info.has_file and info.pages >= 1

    with pytest.raises(AttachmentAlreadyExists) as caught:
        client.upload_attachment(1, "2026", no, "kvittering.pdf", b"%PDF-1.4 other", "att-2")
    assert caught.value.http_status == 400
    assert f"2026-{no}" in caught.value.message
    # Only one attempt: a refused upload is never repeated blindly.
    assert len(admin.api_requests("POST", f"/journals/1/vouchers/2026-{no}/attachment")) == 2

    client.upload_attachment(1, "2026", no, "side2.png", b"\x89PNG\r\n\x1a\n", "att-3",
                             append=True)
    assert client.get_attachment_info(1, "2026", no).pages > info.pages


@pytest.mark.parametrize(
    ("filename", "content", "reason"),
    [
        ("receipt.heic", b"....", "file_type"),
        ("receipt.docx", b"....", "file_type"),
        ("receipt", b"....", "file_type"),
        ("empty.pdf", b"", "empty"),
        ("huge.pdf", b"%PDF" + b"0" * (9 * 1024 * 1024), "too_large"),
    ],
)
def test_receipts_e_conomic_would_refuse_are_stopped_before_sending(
    make_client, admin, filename, content, reason
):
    client = make_client()
    admin.clear_log()
    with pytest.raises(AttachmentRefused) as caught:
        client.upload_attachment(1, "2026", 1, filename, content, "never-sent")
    error = caught.value
    assert error.reason == reason
    assert filename in error.message and filename in error.message_da
    assert admin.api_requests() == []


def test_exactly_nine_megabytes_is_still_allowed(make_client):
    client = make_client()
    (voucher,) = client.post_vouchers(1, [finance_voucher("Stor kvittering 1000006-1")], "big-0")
    content = b"%PDF" + b"0" * (9 * 1024 * 1024 - 4)
    client.upload_attachment(1, "2026", voucher.voucher_number, "big.pdf", content, "big-1")
    assert client.get_attachment_info(1, "2026", voucher.voucher_number).has_file


def test_finding_postings_by_marker_in_the_journal_and_after_booking(make_client, admin):
    client = make_client(page_size=2)
    texts = [
        "Taxi 1000002-1",
        "Taxi 1000002-10",
        "Hotel 1000002-11",
        "Parkering 1000002-1 retur",
        "Odd (text), 50% *rabat* [x] $5 1000002-2",
    ]
    client.post_vouchers(1, [finance_voucher(t) for t in texts], "find-1")

    substring = client.search_journal_entries(1, "1000002-1")
    assert sorted(e.text for e in substring) == sorted(texts[:4])  # $like is a substring match
    exact = client.find_entries_with_marker("1000002-1", journal_numbers=[1])
    assert sorted(e.text for e in exact) == ["Parkering 1000002-1 retur", "Taxi 1000002-1"]
    assert all(not e.booked and e.journal_number == 1 for e in exact)

    # Every special character of the filter language survives the round trip.
    odd = client.search_journal_entries(1, "(text), 50% *rabat* [x] $5")
    assert [e.text for e in odd] == [texts[4]]

    # After booking, the entries live under the accounting year.
    admin.call("POST", "journals/1/book")
    assert client.search_journal_entries(1, "1000002-1") == []
    booked = client.find_entries_with_marker("1000002-1", journal_numbers=[1],
                                             accounting_years=["2026"])
    # A booked voucher has a line per account touched (expense, VAT, contra), same text.
    assert {e.text for e in booked} == {"Parkering 1000002-1 retur", "Taxi 1000002-1"}
    assert all(e.booked and e.voucher_number and e.accounting_year in (None, "2026")
               for e in booked)
    assert {e.account_number for e in booked} >= {2750, 5900}


def test_a_moved_voucher_is_found_in_its_new_journal(make_client, admin):
    other = admin.call("POST", "journals", {"name": "Ny kassekladde"})["journalNumber"]
    client = make_client()
    (voucher,) = client.post_vouchers(1, [finance_voucher("Flyttet 1000007-1")], "move-1")
    admin.call("POST", f"journals/1/vouchers/2026-{voucher.voucher_number}/move",
               {"toJournal": other})
    found = client.find_entries_with_marker("1000007-1", journal_numbers=[1, other])
    assert [e.journal_number for e in found] == [other]


def test_a_split_accounting_year_works_end_to_end(make_client, admin):
    admin.call("POST", "accounting-years",
               {"year": "2027/2028", "fromDate": "2027-01-01", "toDate": "2028-06-30"})
    client = make_client()
    year = client.accounting_year_for(dt.date(2028, 3, 1))
    assert (year.label, year.url_id) == ("2027/2028", "2027_6_2028")

    (voucher,) = client.post_vouchers(
        1, [finance_voucher("Brudt år 1000030-1", date="2028-03-01", year=year.label)], "y-1"
    )
    assert voucher.accounting_year == "2027/2028"
    assert voucher.self_url.endswith(f"/vouchers/2027_6_2028-{voucher.voucher_number}")
    assert client.get_voucher(1, year.label, voucher.voucher_number).entry_texts == (
        "Brudt år 1000030-1",
    )
    info = client.upload_attachment(1, year.label, voucher.voucher_number, "r.pdf", b"%PDF-1",
                                    "y-2")
    assert info is None or info.pages == 1
    assert client.get_attachment_info(1, year.label, voucher.voucher_number).pages == 1

    admin.call("POST", "journals/1/book")
    booked = client.find_entries_with_marker("1000030-1", accounting_years=[year.label])
    assert booked and all(e.booked for e in booked)
    (request,) = admin.api_requests("GET", "/accounting-years/2027_6_2028/entries")
    assert "filter=text%24like%3A1000030-1" in request["query"]
