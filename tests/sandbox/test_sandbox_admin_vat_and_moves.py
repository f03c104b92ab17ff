"""Admin actions the engine's tests build on: VAT codes that come and go, years and accounts
that close and reopen, and vouchers that the accountant moves to another journal."""

from __future__ import annotations

from sandbox_helpers import finance_voucher

JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 64
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def vat_errors(response) -> list[str]:
    body = response.json()
    return [error["errorMessage"] for item in body["errors"]["entries"]["items"]
            for error in item.get("VatAccount", {}).get("errors", [])]


# -- VAT codes ---------------------------------------------------------------------------------


def test_a_missing_vat_code_holds_the_posting_until_it_is_created(api, admin):
    assert api.get("/vat-accounts/I12").status_code == 404
    held = api.post("/journals/1/vouchers", json=finance_voucher(vat="I12"))
    assert held.status_code == 400
    assert vat_errors(held) == ["VatAccount 'I12' does not exist."]

    created = admin("post", "/vat-accounts",
                    json={"vatCode": "I12", "name": "Indgående moms 12%", "ratePercentage": 12})
    assert created.status_code == 201
    assert created.json() == api.get("/vat-accounts/I12").json()
    assert created.json()["ratePercentage"] == 12.0
    assert created.json()["account"]["accountNumber"] == 6902
    assert created.json()["vatType"]["vatTypeNumber"] == 1

    sent = api.post("/journals/1/vouchers", json=finance_voucher(vat="I12", amount=112.0))
    assert sent.status_code == 201, sent.text
    assert sent.json()[0]["entries"]["financeVouchers"][0]["vatAmount"] == 12.0


def test_deleting_a_vat_code_refuses_postings_that_name_it(api, admin):
    assert admin("delete", "/vat-accounts/I25").status_code == 204
    assert api.get("/vat-accounts/I25").status_code == 404
    refused = api.post("/journals/1/vouchers", json=finance_voucher(vat="I25"))
    assert vat_errors(refused) == ["VatAccount 'I25' does not exist."]
    assert admin("delete", "/vat-accounts/I25").status_code == 404

    assert admin("post", "/vat-accounts", json={"vatCode": "I25", "name": "Indgående moms 25%",
                                                "account": {"accountNumber": 6902},
                                                "vatType": {"vatTypeNumber": 1}}
                 ).status_code == 201
    assert api.post("/journals/1/vouchers", json=finance_voucher(vat="I25")).status_code == 201


def test_bar_and_unbar_a_vat_code(api, admin):
    assert admin("post", "/vat-accounts/I25/bar").json() == {"vatCode": "I25", "barred": True}
    assert api.get("/vat-accounts/I25").json()["barred"] is True
    refused = api.post("/journals/1/vouchers", json=finance_voucher(vat="I25"))
    assert vat_errors(refused) == ["VatAccount 'I25' is barred."]

    assert admin("post", "/vat-accounts/I25/unbar").status_code == 200
    assert "barred" not in api.get("/vat-accounts/I25").json()
    assert api.post("/journals/1/vouchers", json=finance_voucher(vat="I25")).status_code == 201
    assert admin("post", "/vat-accounts/NOPE/bar").status_code == 404


def test_bad_vat_codes_are_refused(admin):
    assert admin("post", "/vat-accounts", json={}).status_code == 400
    assert admin("post", "/vat-accounts", json={"vatCode": "TOOLONG"}).status_code == 400
    assert admin("post", "/vat-accounts", json={"vatCode": "I25"}).json()["errorCode"] == \
        "VatAccountExists"
    assert admin("post", "/vat-accounts", json={"vatCode": "X", "ratePercentage": 101}
                 ).status_code == 400
    assert admin("post", "/vat-accounts", json={"vatCode": "X", "accountNumber": 3585}
                 ).status_code == 400  # not a balance account
    assert admin("post", "/vat-accounts", json={"vatCode": "X", "vatTypeNumber": 9}
                 ).status_code == 400
    assert admin("post", "/vat-accounts", json={"vatCode": "X", "colour": "red"}
                 ).status_code == 400


def test_vat_codes_from_python_and_reset(sandbox, api):
    created = sandbox.admin.create_vat_account("U12", "Udgående moms 12%", 12.0, 7000, 2)
    assert created["vatType"]["vatTypeNumber"] == 2
    assert created["self"] == f"{api.base_url}/vat-accounts/U12"
    sandbox.admin.bar_vat_account("U12")
    assert api.get("/vat-accounts/U12").json()["barred"] is True
    sandbox.admin.delete_vat_account("I0")
    sandbox.admin.reset()
    codes = {v["vatCode"] for v in api.all_items("/vat-accounts")}
    assert codes == {"I25", "I0", "REP", "U25"}


# -- years and accounts ------------------------------------------------------------------------


def test_close_and_reopen_a_year_from_python(sandbox, api):
    sandbox.admin.close_year("2026")
    assert api.get("/accounting-years/2026").json()["closed"] is True
    assert api.post("/journals/1/vouchers", json=finance_voucher()).status_code == 400
    sandbox.admin.close_year("2026", closed=False)
    assert "closed" not in api.get("/accounting-years/2026").json()
    assert api.post("/journals/1/vouchers", json=finance_voucher()).status_code == 201


def test_bar_and_unbar_an_account_from_python(sandbox, api):
    sandbox.admin.bar_account(3585)
    assert api.post("/journals/1/vouchers", json=finance_voucher()).status_code == 400
    sandbox.admin.bar_account(3585, barred=False)
    assert api.post("/journals/1/vouchers", json=finance_voucher()).status_code == 201


# -- moving vouchers ---------------------------------------------------------------------------


def test_a_moved_voucher_frees_its_number_for_the_next_posting(api, admin):
    # Journal 1 numbers 1-99999; the accountant's journal starts above, at 100000.
    admin("post", "/journals", json={"name": "Revisor", "minimumVoucherNumber": 100000})
    a, b = api.post("/journals/1/vouchers", json=[finance_voucher(text="A #aaaaaaaa"),
                                                  finance_voucher(text="B #bbbbbbbb")]).json()
    n = a["voucherNumber"]
    assert b["voucherNumber"] == n + 1

    moved = admin("post", f"/journals/1/vouchers/2026-{n}/move", json={"toJournal": 2}).json()
    assert moved["voucherNumber"] == 100000
    assert moved["journal"]["journalNumber"] == 2
    assert api.get(a["self"]).status_code == 404  # nobody has the old number yet

    c = api.post("/journals/1/vouchers", json=finance_voucher(text="C #cccccccc")).json()[0]
    assert c["voucherNumber"] == n
    assert c["self"] == a["self"]  # the old link now leads to another voucher
    occupant = api.get(a["self"]).json()
    assert occupant["entries"]["financeVouchers"][0]["text"] == "C #cccccccc"
    d = api.post("/journals/1/vouchers", json=finance_voucher(text="D #dddddddd")).json()[0]
    assert d["voucherNumber"] == n + 2


def test_moving_a_voucher_back_gives_it_its_old_number_when_still_free(api, admin):
    admin("post", "/journals", json={"name": "Revisor"})
    api.post("/journals/1/vouchers", json=[finance_voucher(), finance_voucher()])
    moved = admin("post", "/journals/1/vouchers/2026-1/move", json={"toJournal": 2}).json()
    assert moved["voucherNumber"] == 3
    back = admin("post", "/journals/2/vouchers/2026-3/move", json={"toJournal": 1}).json()
    assert (back["journal"]["journalNumber"], back["voucherNumber"]) == (1, 1)


def test_the_attachment_moves_with_the_voucher(api, admin):
    admin("post", "/journals", json={"name": "Revisor", "minimumVoucherNumber": 5000})
    a = api.post("/journals/1/vouchers", json=finance_voucher()).json()[0]
    assert api.post(a["attachment"] + "/file", files={"file": ("taxi.jpg", JPEG)}
                    ).status_code == 201

    moved = admin("post", "/journals/1/vouchers/2026-1/move", json={"toJournal": 2}).json()

    meta = api.get(moved["attachment"]).json()
    assert meta["pages"] == 1
    assert meta["self"].endswith("/journals/2/vouchers/2026-5000/attachment")
    assert api.get(meta["file"]).content == JPEG
    assert api.get(a["attachment"]).status_code == 404
    # The voucher that takes the old number starts without a file.
    c = api.post("/journals/1/vouchers", json=finance_voucher()).json()[0]
    assert c["attachment"] == a["attachment"]
    assert api.get(c["attachment"]).json()["pages"] == 0
    assert api.get(c["attachment"] + "/file").status_code == 404


def test_post_file_twice_says_use_patch_and_patch_appends(api):
    voucher = api.post("/journals/1/vouchers", json=finance_voucher()).json()[0]
    url = voucher["attachment"] + "/file"
    assert api.get(voucher["attachment"]).json()["pages"] == 0
    assert api.post(url, files={"file": ("a.jpg", JPEG)}).status_code == 201

    again = api.post(url, files={"file": ("b.png", PNG)})
    assert again.status_code == 400
    assert again.json()["message"].startswith(
        "Voucher already has attachment. Use PATCH to add pages")
    assert api.get(voucher["attachment"]).json()["pages"] == 1

    assert api.patch(url, files={"file": ("b.png", PNG)}).status_code == 200
    assert api.get(voucher["attachment"]).json()["pages"] == 2


def test_moving_from_python_frees_the_number_too(sandbox, api):
    target = sandbox.admin.create_journal("Revisor", minimum_voucher_number=700)
    api.post("/journals/1/vouchers", json=[finance_voucher(), finance_voucher()])
    moved = sandbox.admin.move_voucher(1, "2026", 1, target["journalNumber"])
    assert moved["voucherNumber"] == 700
    assert api.post("/journals/1/vouchers", json=finance_voucher()).json()[0][
        "voucherNumber"] == 1


def test_deleting_the_old_journal_forgets_its_freed_numbers(sandbox, api):
    first = sandbox.admin.create_journal("Acubiz", minimum_voucher_number=100)
    second = sandbox.admin.create_journal("Revisor", minimum_voucher_number=900)
    api.post(f"/journals/{first['journalNumber']}/vouchers",
             json=[finance_voucher(), finance_voucher()])
    sandbox.admin.move_voucher(first["journalNumber"], "2026", 100, second["journalNumber"])
    assert sandbox.store.freed_voucher_numbers(first["journalNumber"], "2026") == {100}
    sandbox.admin.delete_journal(first["journalNumber"])
    assert sandbox.store.freed_voucher_numbers(first["journalNumber"], "2026") == set()
