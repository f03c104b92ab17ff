"""Admin actions: what accountants and customers do to the agreement behind our back."""

from __future__ import annotations

from sandbox_helpers import finance_voucher


def test_create_rename_and_delete_a_journal(api, admin):
    created = admin("post", "/journals", json={"name": "ACUBIZ EMS",
                                               "minimumVoucherNumber": 10000,
                                               "maximumVoucherNumber": 19999})
    assert created.status_code == 201
    journal = created.json()
    assert journal["journalNumber"] == 2
    assert journal["settings"]["voucherNumbers"] == {"minimumVoucherNumber": 10000,
                                                     "maximumVoucherNumber": 19999}
    assert journal["self"] == f"{api.base_url}/journals/2"

    renamed = admin("patch", "/journals/2", json={"name": "Acubiz udlæg"})
    assert renamed.json()["name"] == "Acubiz udlæg"
    assert api.get("/journals", params={"filter": "name$eq:ACUBIZ EMS"}).json()["collection"] == []

    api.post("/journals/2/vouchers", json=finance_voucher())
    assert admin("delete", "/journals/2").status_code == 204
    assert api.get("/journals/2").status_code == 404
    assert api.get("/journals/2/vouchers").status_code == 404
    assert admin("delete", "/journals/2").status_code == 404


def test_bad_journal_settings_are_refused(admin):
    assert admin("post", "/journals", json={}).status_code == 400
    assert admin("post", "/journals", json={"name": "X", "entryTypeRestrictedTo": "cash"}
                 ).status_code == 400
    assert admin("post", "/journals", json={"name": "X", "minimumVoucherNumber": 9,
                                            "maximumVoucherNumber": 1}).status_code == 400


def test_moving_a_voucher_renumbers_it_and_keeps_the_text(api, admin):
    admin("post", "/journals", json={"name": "Ny kladde 2026", "minimumVoucherNumber": 5000})
    created = api.post("/journals/1/vouchers",
                       json=finance_voucher(text="Udlæg #deadbeef")).json()[0]
    assert created["voucherNumber"] == 1

    moved = admin("post", "/journals/1/vouchers/2026-1/move", json={"toJournal": 2})

    assert moved.status_code == 200
    assert moved.json()["voucherNumber"] == 5000
    assert api.get(created["self"]).status_code == 404
    found = api.get("/journals/2/entries", params={"filter": "text$like:#deadbeef"}).json()
    assert [e["voucher"]["voucherNumber"] for e in found["collection"]] == [5000]
    assert api.get("/journals/1/entries").json()["collection"] == []


def test_moving_from_python(sandbox, api):
    target = sandbox.admin.create_journal("Flyttet", minimum_voucher_number=300)
    api.post("/journals/1/vouchers", json=finance_voucher())
    moved = sandbox.admin.move_voucher(1, "2026", 1, target["journalNumber"])
    assert moved["voucherNumber"] == 300


def test_booking_moves_entries_to_the_accounting_year(api, admin):
    api.post("/journals/1/vouchers", json=finance_voucher(text="Telefon #b00c0001"))
    api.post("/journals/1/vouchers", json=finance_voucher(text="Other", vat=None))

    booked = admin("post", "/journals/1/book")

    assert booked.status_code == 200
    assert len(booked.json()["booked"]) == 2
    assert api.get("/journals/1/entries").json()["collection"] == []
    assert api.get("/journals/1/vouchers").json()["collection"] == []
    ledger = api.get("/accounting-years/2026/entries",
                     params={"filter": "text$like:#b00c0001"}).json()["collection"]
    assert ledger
    assert {e["voucherNumber"] for e in ledger} == {1}
    accounts = {e["account"]["accountNumber"]: e["amount"] for e in ledger}
    assert accounts == {3585: 200.0, 6902: 50.0, 5900: -250.0}
    by_number = api.get("/accounting-years/2026/entries",
                        params={"filter": "voucherNumber$eq:2"}).json()["collection"]
    assert {e["text"] for e in by_number} == {"Other"}
    # A booked voucher keeps its number: the journal continues after it.
    assert api.post("/journals/1/vouchers", json=finance_voucher()).json()[0]["voucherNumber"] == 3
    assert api.get("/accounts/3585").json()["balance"] == 200.0 + 250.0


def test_request_log_counts_calls(api, admin):
    admin("delete", "/requests")
    api.get("/self")
    api.post("/journals/1/vouchers", json=finance_voucher(), headers={"Idempotency-Key": "k1"})
    log = admin("get", "/requests").json()
    assert [(r["method"], r["path"], r["status"], r["idempotencyKey"]) for r in log] == [
        ("GET", "/self", 200, None),
        ("POST", "/journals/1/vouchers", 201, "k1"),
    ]
    assert admin("delete", "/requests").status_code == 204
    assert admin("get", "/requests").json() == []


def test_reset_goes_back_to_the_seed(api, admin):
    token = admin("post", "/grants").json()["token"]
    admin("post", "/journals", json={"name": "ACUBIZ EMS"})
    api.post("/journals/1/vouchers", json=finance_voucher())
    admin("post", "/accounts/3585/bar")

    assert admin("post", "/reset").status_code == 200

    assert api.get("/journals").json()["pagination"]["results"] == 1
    assert api.get("/journals/1/vouchers").json()["collection"] == []
    assert "barred" not in api.get("/accounts/3585").json()
    grants = [g["token"] for g in admin("get", "/grants").json()]
    assert token not in grants
    assert api.post("/journals/1/vouchers", json=finance_voucher()).json()[0]["voucherNumber"] == 1


def test_reopen_a_year_and_unbar_an_account(api, admin):
    admin("post", "/accounting-years/2026/close")
    admin("post", "/accounts/3585/bar")
    assert api.post("/journals/1/vouchers", json=finance_voucher()).status_code == 400
    admin("post", "/accounting-years/2026/reopen")
    admin("post", "/accounts/3585/unbar")
    assert api.post("/journals/1/vouchers", json=finance_voucher()).status_code == 201


def test_close_split_year_in_either_form(api, admin):
    admin("post", "/accounting-years",
          json={"year": "2027/2028", "fromDate": "2027-07-01", "toDate": "2028-06-30"})
    assert admin("post", "/accounting-years/2027_6_2028/close").status_code == 200
    assert api.get("/accounting-years/2027_6_2028").json()["closed"] is True
    assert admin("post", "/accounting-years/2027/2028/reopen").status_code == 200
    assert "closed" not in api.get("/accounting-years/2027_6_2028").json()


def test_admin_index_and_unknown_endpoint(sandbox, admin):
    index = admin("get", "")
    assert index.status_code == 200
    assert "/__sandbox__/faults/next" in index.text
    assert admin("get", "/nope").status_code == 404
