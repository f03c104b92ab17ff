"""Faults on demand: lost responses, outages, throttling and slowness."""

from __future__ import annotations

import pytest
import requests
from sandbox_helpers import Api, finance_voucher

from wizard.sandbox.server import SandboxServer


def count_vouchers(api):
    return api.get("/journals/1/vouchers").json()["pagination"]["results"]


def test_drop_commits_and_then_cuts_the_connection(api, admin):
    queued = admin("post", "/faults/next",
                   json={"kind": "drop", "method": "POST", "path": "/journals"})
    assert queued.status_code == 201

    with pytest.raises(requests.ConnectionError):
        api.post("/journals/1/vouchers", json=finance_voucher(text="lost response #1"))

    entries = api.get("/journals/1/entries", params={"filter": "text$like:lost response"}).json()
    assert [e["text"] for e in entries["collection"]] == ["lost response #1"]
    log = admin("get", "/requests").json()
    assert [r["dropped"] for r in log if r["method"] == "POST"] == [True]


def test_drop_with_a_key_then_retry_gets_the_stored_answer(api, admin):
    admin("post", "/faults/next", json={"kind": "drop", "path": "/journals/1/vouchers"})
    headers = {"Idempotency-Key": "k-drop-1"}
    with pytest.raises(requests.ConnectionError):
        api.post("/journals/1/vouchers", json=finance_voucher(), headers=headers)
    retry = api.post("/journals/1/vouchers", json=finance_voucher(), headers=headers)
    assert retry.status_code == 201
    assert retry.headers.get("Idempotent-Replayed") == "true"
    assert count_vouchers(api) == 1


@pytest.mark.parametrize("kind", ["500", "502", "503", "504"])
def test_server_errors_touch_nothing(api, admin, kind):
    admin("post", "/faults/next", json={"kind": kind, "method": "POST"})
    response = api.post("/journals/1/vouchers", json=finance_voucher())
    assert response.status_code == int(kind)
    assert response.json()["httpStatusCode"] == int(kind)
    assert count_vouchers(api) == 0
    assert api.post("/journals/1/vouchers", json=finance_voucher()).status_code == 201


def test_queued_faults_match_method_and_path_and_count(api, admin):
    admin("post", "/faults/next", json={"kind": "503", "count": 2, "method": "GET",
                                        "path": "/journals"})
    assert api.get("/self").status_code == 200
    assert api.get("/journals").status_code == 503
    assert api.get("/journals/1").status_code == 503
    assert api.get("/journals").status_code == 200
    assert admin("get", "/faults").json()["queue"] == []


def test_429_carries_retry_after(api, admin):
    admin("post", "/faults/next", json={"kind": "429", "retry_after": 3})
    response = api.get("/journals")
    assert response.status_code == 429
    assert response.headers["Retry-After"] == "3"
    assert api.get("/journals").status_code == 200


def test_timeout_answers_late(api, admin):
    admin("post", "/faults/next", json={"kind": "timeout", "seconds": 2, "method": "POST"})
    with pytest.raises(requests.Timeout):
        api.post("/journals/1/vouchers", json=finance_voucher(), timeout=0.3)


def test_rate_limit_per_grant():
    with SandboxServer(port=0, rate_limit=3) as server:
        api = Api(server.base_url)
        statuses = [api.get("/self").status_code for _ in range(6)]
        assert statuses[:3] == [200, 200, 200]
        assert 429 in statuses[3:]
        limited = next(r for r in (api.get("/self") for _ in range(3)) if r.status_code == 429)
        assert int(limited.headers["Retry-After"]) >= 1
        other = Api(server.base_url, grant=server.admin.create_grant())
        assert other.get("/self").status_code == 200


def test_random_faults_are_reproducible_with_a_seed():
    def run(seed):
        with SandboxServer(port=0, fail_rate=0.5, seed=seed) as server:
            api = Api(server.base_url)
            return [api.get("/self").status_code for _ in range(12)]

    first, second = run(7), run(7)
    assert first == second
    assert set(first) - {200}
    assert 200 in first


def test_fault_settings_at_run_time(api, admin):
    settings = admin("put", "/faults", json={"fail_rate": 1.0, "seed": 1}).json()
    assert settings["fail_rate"] == 1.0
    assert api.get("/self").status_code in (500, 502, 503)
    admin("put", "/faults", json={"fail_rate": 0})
    assert api.get("/self").status_code == 200
    assert admin("put", "/faults", json={"fail_rate": 2}).status_code == 400
    assert admin("post", "/faults/next", json={"kind": "teapot"}).status_code == 400


def test_random_drop_rate(api, admin):
    admin("put", "/faults", json={"drop_rate": 1.0})
    with pytest.raises(requests.ConnectionError):
        api.get("/self")
    admin("put", "/faults", json={"drop_rate": 0.0})
    assert api.get("/self").status_code == 200


def test_latency_setting_is_reported(admin):
    assert admin("put", "/faults", json={"latency_ms": 5}).json()["latency_ms"] == 5
