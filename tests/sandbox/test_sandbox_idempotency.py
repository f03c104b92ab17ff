"""Idempotency-Key: a retried POST creates one voucher, and misuse is refused."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor

from sandbox_helpers import Api, finance_voucher

from wizard.sandbox.server import SandboxServer

JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 32


def count_vouchers(api, journal=1):
    return api.get(f"/journals/{journal}/vouchers").json()["pagination"]["results"]


def test_replay_returns_the_first_response_and_creates_one_voucher(api):
    headers = {"Idempotency-Key": "posting-0001"}
    first = api.post("/journals/1/vouchers", json=finance_voucher(), headers=headers)
    second = api.post("/journals/1/vouchers", json=finance_voucher(), headers=headers)

    assert first.status_code == second.status_code == 201
    assert second.json() == first.json()
    assert second.headers.get("Idempotent-Replayed") == "true"
    assert count_vouchers(api) == 1


def test_same_body_with_other_number_formatting_is_the_same_payload(api):
    headers = {"Idempotency-Key": "posting-0002"}
    api.post("/journals/1/vouchers", json=finance_voucher(), headers=headers)
    body = '{"entries": {"financeVouchers": [{"date": "2026-05-16", "amount": 250.00, ' \
           '"account": {"accountNumber": 3585}, "contraAccount": {"accountNumber": 5900}, ' \
           '"text": "Udlæg | Jane Doe | Telefon #a7c7bcab", "vatAccount": {"vatCode": "I25"}}]}, ' \
           '"journal": {"journalNumber": 1}, "accountingYear": {"year": "2026"}}'
    again = api.post("/journals/1/vouchers", data=body.encode(),
                     headers={**headers, "Content-Type": "application/json"})
    assert again.status_code == 201
    assert count_vouchers(api) == 1


def test_same_key_other_url_is_url_changed(api, admin):
    admin("post", "/journals", json={"name": "ACUBIZ EMS", "minimumVoucherNumber": 100})
    headers = {"Idempotency-Key": "posting-0003"}
    api.post("/journals/1/vouchers", json=finance_voucher(), headers=headers)
    response = api.post("/journals/2/vouchers", json=finance_voucher(), headers=headers)
    assert response.status_code == 400
    assert response.json()["errorCode"] == "URLChanged"
    assert count_vouchers(api, 2) == 0


def test_same_key_other_body_is_payload_changed(api):
    headers = {"Idempotency-Key": "posting-0004"}
    api.post("/journals/1/vouchers", json=finance_voucher(), headers=headers)
    response = api.post("/journals/1/vouchers", json=finance_voucher(amount=251),
                        headers=headers)
    assert response.status_code == 400
    assert response.json()["errorCode"] == "PayloadChanged"
    assert count_vouchers(api) == 1


def test_keys_are_forgotten_after_the_ttl():
    with SandboxServer(port=0, idempotency_ttl=0.3) as server:
        api = Api(server.base_url)
        headers = {"Idempotency-Key": "posting-0005"}
        api.post("/journals/1/vouchers", json=finance_voucher(), headers=headers)
        time.sleep(0.5)
        again = api.post("/journals/1/vouchers", json=finance_voucher(), headers=headers)
        assert again.status_code == 201
        assert "Idempotent-Replayed" not in again.headers
        assert again.json()[0]["voucherNumber"] == 2
        assert count_vouchers(api) == 2


def test_ttl_can_be_changed_at_run_time(api, admin):
    assert admin("put", "/faults", json={"idempotency_ttl": 0.2}).json()["idempotency_ttl"] == 0.2
    headers = {"Idempotency-Key": "posting-0006"}
    api.post("/journals/1/vouchers", json=finance_voucher(), headers=headers)
    time.sleep(0.4)
    api.post("/journals/1/vouchers", json=finance_voucher(), headers=headers)
    assert count_vouchers(api) == 2


def test_validation_errors_are_replayed_too(api):
    headers = {"Idempotency-Key": "posting-0007"}
    bad = finance_voucher(account=9999)
    first = api.post("/journals/1/vouchers", json=bad, headers=headers)
    second = api.post("/journals/1/vouchers", json=bad, headers=headers)
    assert first.status_code == second.status_code == 400
    assert second.json() == first.json()


def test_attachment_upload_retry_is_replayed_although_the_boundary_differs(api):
    voucher = api.post("/journals/1/vouchers", json=finance_voucher()).json()[0]
    headers = {"Idempotency-Key": "receipt-0001"}
    url = voucher["attachment"] + "/file"
    first = api.post(url, files={"file": ("r.jpg", JPEG)}, headers=headers)
    second = api.post(url, files={"file": ("r.jpg", JPEG)}, headers=headers)
    assert first.status_code == second.status_code == 201
    assert api.get(voucher["attachment"]).json()["pages"] == 1
    other = api.post(url, files={"file": ("r.jpg", JPEG + b"x")}, headers=headers)
    assert other.json()["errorCode"] == "PayloadChanged"


def test_keys_are_per_agreement_not_per_grant(sandbox, api):
    other_grant = Api(sandbox.base_url, grant=sandbox.admin.create_grant())
    headers = {"Idempotency-Key": "posting-0008"}
    api.post("/journals/1/vouchers", json=finance_voucher(), headers=headers)
    replay = other_grant.post("/journals/1/vouchers", json=finance_voucher(), headers=headers)
    assert replay.headers.get("Idempotent-Replayed") == "true"
    assert count_vouchers(api) == 1


def test_gets_ignore_the_key(api):
    headers = {"Idempotency-Key": "posting-0009"}
    assert api.get("/self", headers=headers).status_code == 200
    assert api.get("/journals", headers=headers).status_code == 200


def test_concurrent_retries_with_one_key_create_one_voucher(sandbox, api):
    headers = {"Idempotency-Key": "posting-race"}

    def post(_):
        return Api(sandbox.base_url).post("/journals/1/vouchers", json=finance_voucher(),
                                          headers=headers).status_code

    with ThreadPoolExecutor(max_workers=8) as pool:
        statuses = list(pool.map(post, range(8)))

    # Each answer is the original 201, its replay, or 409 "still in progress".
    assert set(statuses) <= {201, 409}
    assert 201 in statuses
    assert count_vouchers(api) == 1


def test_concurrent_posts_get_distinct_numbers(sandbox, api):
    def post(i):
        response = Api(sandbox.base_url).post("/journals/1/vouchers",
                                              json=finance_voucher(text=f"parallel {i}"))
        return response.json()[0]["voucherNumber"]

    with ThreadPoolExecutor(max_workers=8) as pool:
        numbers = list(pool.map(post, range(16)))

    assert sorted(numbers) == list(range(1, 17))
