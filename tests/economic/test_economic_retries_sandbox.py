"""Bad days at e-conomic: throttling, outages, answers lost on the way back. Retries are
counted in the sandbox's request log (never by the clock), and a lost answer to a POST must
never become a second voucher."""

from __future__ import annotations

import logging
import time

import pytest
from economic_helpers import FAST, finance_voucher

from wizard.economic import (
    NetworkError,
    RateLimited,
    RetryPolicy,
    ServerError,
    UnknownOutcome,
)


@pytest.fixture(autouse=True)
def _debug_logs_never_hold_a_token(caplog):
    """Every test here runs with DEBUG logging on; afterwards no token may be in the output."""
    from wizard.sandbox.seed import APP_SECRET_TOKEN, GRANT_TOKEN

    caplog.set_level(logging.DEBUG)
    yield
    assert GRANT_TOKEN not in caplog.text
    assert APP_SECRET_TOKEN not in caplog.text


def _faults(log):
    return [(r["method"], r["status"], r["fault"], r["dropped"]) for r in log]


def test_429_is_retried_after_the_time_e_conomic_asks_for(make_client, admin, sleeps):
    client = make_client()
    admin.fault("429", count=1, method="GET", path="/accounts", retry_after=7)
    assert len(client.list_accounts()) > 20
    log = admin.api_requests("GET", "/accounts")
    assert [r["status"] for r in log] == [429, 200]
    assert sleeps.calls == [7]  # Retry-After honoured (recorded, not waited)


def test_429_on_a_post_is_retried_with_the_same_key(make_client, admin, sleeps):
    client = make_client()
    admin.fault("429", count=1, method="POST", path="/journals", retry_after=2)
    (voucher,) = client.post_vouchers(1, [finance_voucher("Throttled 1000020-1")], "k-429")
    log = admin.api_requests("POST", "/journals/1/vouchers")
    assert [(r["status"], r["idempotencyKey"]) for r in log] == [(429, "k-429"), (201, "k-429")]
    assert sleeps.calls == [2]
    assert [v.voucher_number for v in client.list_vouchers(1)] == [voucher.voucher_number]


def test_a_long_retry_after_is_not_waited_for_but_reported(make_client, admin, sleeps):
    client = make_client()
    admin.fault("429", count=1, method="GET", path="/self", retry_after=3600)
    with pytest.raises(RateLimited) as caught:
        client.get_self()
    assert caught.value.retry_after == 3600
    assert "60 minutes" in caught.value.message
    assert caught.value.temporary
    assert len(admin.api_requests("GET", "/self")) == 1
    assert sleeps.calls == []


def test_sustained_throttling_gives_up_after_the_attempt_limit(make_client, admin, sleeps):
    client = make_client()
    admin.fault("429", count=10, method="GET", path="/currencies", retry_after=1)
    with pytest.raises(RateLimited) as caught:
        client.list_currencies()
    assert caught.value.retry_after == 1
    assert len(admin.api_requests("GET", "/currencies")) == FAST.max_attempts
    assert sleeps.calls == [1] * (FAST.max_attempts - 1)


def test_503_is_retried_then_succeeds(make_client, admin, sleeps):
    client = make_client()
    admin.fault("503", count=2, method="GET", path="/journals")
    assert client.list_journals()
    assert [r["status"] for r in admin.api_requests("GET", "/journals")] == [503, 503, 200]
    assert len(sleeps.calls) >= 1  # backoff between the later attempts
    assert all(0 <= s <= FAST.backoff_max for s in sleeps.calls)


@pytest.mark.parametrize("kind", ["502", "503", "504"])
def test_gateway_errors_on_a_post_are_retried_with_the_same_key(make_client, admin, kind):
    client = make_client()
    admin.fault(kind, count=1, method="POST", path="/journals")
    client.post_vouchers(1, [finance_voucher(f"Gateway {kind} 1000021-1")], f"k-{kind}")
    log = admin.api_requests("POST", "/journals/1/vouchers")
    assert [(r["status"], r["idempotencyKey"]) for r in log] == [
        (int(kind), f"k-{kind}"),
        (201, f"k-{kind}"),
    ]
    assert len(client.list_vouchers(1)) == 1


def test_a_dropped_answer_to_a_post_is_retried_and_creates_exactly_one_voucher(
    make_client, admin
):
    client = make_client()
    admin.fault("drop", count=1, method="POST", path="/journals")
    created = client.post_vouchers(1, [finance_voucher("Tabt svar 1000022-1")], "k-drop")
    log = admin.api_requests("POST", "/journals/1/vouchers")
    assert len(log) == 2
    assert log[0]["dropped"] is True
    assert {r["idempotencyKey"] for r in log} == {"k-drop"}
    vouchers = client.list_vouchers(1)
    assert len(vouchers) == 1
    assert vouchers[0].voucher_number == created[0].voucher_number
    assert vouchers[0].entry_texts == ("Tabt svar 1000022-1",)


def test_answers_lost_every_time_are_an_unknown_outcome_but_still_one_voucher(
    make_client, admin
):
    client = make_client()
    admin.fault("drop", count=10, method="POST", path="/journals")
    with pytest.raises(UnknownOutcome) as caught:
        client.post_vouchers(1, [finance_voucher("Altid tabt 1000023-1")], "k-lost")
    error = caught.value
    assert "Do not post it by hand" in error.message
    assert "Bogfør den ikke i hånden" in error.message_da
    assert len(admin.api_requests("POST", "/journals/1/vouchers")) == FAST.max_attempts
    admin.call("DELETE", "faults/next")
    # Reconciling finds the one voucher the first attempt created.
    found = client.find_entries_with_marker("1000023-1", journal_numbers=[1])
    assert len(found) == 1
    assert len(client.list_vouchers(1)) == 1


def test_a_500_on_a_post_is_not_retried_and_is_an_unknown_outcome(make_client, admin):
    client = make_client()
    admin.fault("500", count=1, method="POST", path="/journals")
    with pytest.raises(UnknownOutcome) as caught:
        client.post_vouchers(1, [finance_voucher("Serverfejl 1000024-1")], "k-500")
    assert caught.value.http_status == 500
    assert len(admin.api_requests("POST", "/journals/1/vouchers")) == 1


def test_a_500_on_a_read_is_retried(make_client, admin):
    client = make_client()
    admin.fault("500", count=1, method="GET", path="/vat-accounts")
    assert client.list_vat_accounts()
    assert [r["status"] for r in admin.api_requests("GET", "/vat-accounts")] == [500, 200]


def test_a_lasting_outage_on_reads_is_a_server_error(make_client, admin):
    client = make_client()
    admin.fault("503", count=10, method="GET", path="/self")
    with pytest.raises(ServerError) as caught:
        client.get_self()
    assert caught.value.http_status == 503
    assert caught.value.temporary
    assert len(admin.api_requests("GET", "/self")) == FAST.max_attempts


def test_a_lasting_outage_on_a_post_is_an_unknown_outcome(make_client, admin):
    client = make_client()
    admin.fault("502", count=10, method="POST", path="/journals")
    with pytest.raises(UnknownOutcome) as caught:
        client.post_vouchers(1, [finance_voucher("Nede 1000025-1")], "k-down")
    assert caught.value.http_status == 502
    assert len(admin.api_requests("POST", "/journals/1/vouchers")) == FAST.max_attempts


def test_a_dropped_read_is_retried(make_client, admin):
    client = make_client()
    admin.fault("drop", count=1, method="GET", path="/departments")
    assert len(client.list_departments()) >= 3
    log = admin.api_requests("GET", "/departments")
    assert [r["dropped"] for r in log] == [True, False]


def test_a_slow_read_times_out_and_is_retried(make_client, admin):
    client = make_client(timeout=(2, 0.2))
    admin.fault("timeout", count=1, method="GET", path="/currencies", seconds=0.6)
    assert client.list_currencies()
    # The slow request is logged when the sandbox finally answers it (to nobody); wait for
    # that, so the sandbox is not stopped under a request it is still handling.
    log: list[dict] = []
    for _ in range(100):
        log = admin.api_requests("GET", "/currencies")
        if len(log) >= 2:
            break
        time.sleep(0.05)
    assert sorted(str(r["fault"]) for r in log) == ["None", "timeout"]


def test_a_single_attempt_policy_does_not_retry(make_client, admin):
    client = make_client(retry=RetryPolicy(max_attempts=1))
    admin.fault("503", count=1, method="GET", path="/self")
    with pytest.raises(ServerError):
        client.get_self()
    assert len(admin.api_requests("GET", "/self")) == 1


def test_a_stopped_sandbox_is_a_network_error(sandbox, make_client):
    client = make_client()
    assert client.get_self()
    sandbox.stop()
    with pytest.raises(NetworkError):
        client.get_self()


def test_throttling_after_a_lost_answer_is_an_unknown_outcome_not_nothing_posted(
    make_client, admin
):
    client = make_client()
    admin.fault("drop", count=1, method="POST", path="/journals")
    admin.fault("429", count=10, method="POST", path="/journals", retry_after=1)
    with pytest.raises(UnknownOutcome) as caught:
        client.post_vouchers(1, [finance_voucher("Tabt og bremset 1000026-1")], "k-drop-429")
    assert caught.value.http_status == 429
    log = admin.api_requests("POST", "/journals/1/vouchers")
    assert log[0]["dropped"] is True and {r["status"] for r in log[1:]} == {429}
    admin.call("DELETE", "faults/next")
    assert len(client.find_entries_with_marker("1000026-1", journal_numbers=[1])) == 1
