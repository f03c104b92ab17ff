"""Each typed error from a real sandbox answer: what the admin is told, and what the engine can
rely on (indexes of the bad voucher and entry, "nothing was posted")."""

from __future__ import annotations

import logging

import pytest
from economic_helpers import finance_voucher

from wizard.economic import (
    Forbidden,
    IdempotencyConflict,
    NotAuthorised,
    NotFound,
    PeriodClosed,
    ValidationFailed,
)


def test_a_revoked_grant_is_not_authorised(make_client, admin, caplog):
    caplog.set_level(logging.DEBUG)
    grant = admin.new_grant()
    client = make_client(grant=grant)
    assert client.get_self().agreement_number
    admin.call("POST", "grants/revoke", {"token": grant})
    with pytest.raises(NotAuthorised) as caught:
        client.get_self()
    error = caught.value
    assert error.http_status == 401
    assert "Alle indstillinger → Udvidelser → Apps" in error.message_da
    assert "Connect again" in error.message
    assert not error.temporary
    assert grant not in str(error) and grant not in repr(error) and grant not in caplog.text
    assert len(admin.api_requests("GET", "/self")) == 2  # a 401 is never retried


def test_a_wrong_token_is_not_authorised(make_client):
    client = make_client(grant="x" * 44)
    with pytest.raises(NotAuthorised):
        client.list_journals()


def test_demo_tokens_may_read_but_not_write(make_client, admin):
    client = make_client(grant="demo", secret="demo")
    assert client.list_journals()
    with pytest.raises(Forbidden) as caught:
        client.post_vouchers(1, [finance_voucher("Demo 1")], "demo-1")
    error = caught.value
    assert error.http_status == 403
    assert error.key == "forbidden_demo"
    assert "demo" in error.message and "demoaftale" in error.message_da
    assert len(admin.api_requests("POST")) == 1


def test_an_unknown_journal_is_not_found(make_client):
    client = make_client()
    with pytest.raises(NotFound) as caught:
        client.get_journal(999)
    assert "journal 999" in caught.value.message
    assert "kassekladde 999" in caught.value.message_da
    assert caught.value.log_id
    with pytest.raises(NotFound):
        client.post_vouchers(999, [finance_voucher("Ingen kladde", journal=999)], "nf-1")
    with pytest.raises(NotFound) as voucher_missing:
        client.get_voucher(1, "2026", 424242)
    assert "2026-424242" in voucher_missing.value.message


def test_a_bad_account_names_the_voucher_and_the_entry(make_client, admin):
    client = make_client()
    with pytest.raises(ValidationFailed) as caught:
        client.post_vouchers(
            1,
            [finance_voucher("OK 1000010-1"), finance_voucher("Bad 1000010-2", account=9999)],
            "bad-1",
        )
    error = caught.value
    assert error.http_status == 400
    assert error.error_code == "E04300"
    assert error.details
    bad = [d for d in error.details if "9999" in str(d.value) or "9999" in d.message]
    assert bad, error.details
    assert {d.voucher_index for d in bad} == {1}
    assert any(d.entry_index == 0 and d.field.lower() == "account" for d in bad)
    assert "9999" in error.message
    assert client.list_vouchers(1) == []  # nothing of the batch was posted
    assert len(admin.api_requests("POST", "/journals/1/vouchers")) == 1  # never retried


def test_a_barred_account_is_refused_with_the_plain_reason(make_client, admin):
    admin.call("POST", "accounts/3600/bar")
    with pytest.raises(ValidationFailed) as caught:
        make_client().post_vouchers(1, [finance_voucher("Barred", account=3600)], "barred-1")
    assert caught.value.details[0].voucher_index == 0


def test_a_closed_accounting_year_is_a_period_closed_error(make_client, admin):
    admin.call("POST", "accounting-years/2025/close")
    with pytest.raises(ValidationFailed) as caught:
        make_client().post_vouchers(
            1, [finance_voucher("Gammel 1000011-1", date="2025-06-01", year="2025")], "closed-1"
        )
    assert isinstance(caught.value, PeriodClosed), caught.value.support_line()
    assert "closed" in caught.value.message


def test_reusing_a_key_for_another_body_or_url_is_an_idempotency_conflict(make_client, admin):
    other = admin.call("POST", "journals", {"name": "ACUBIZ EMS"})["journalNumber"]
    client = make_client()
    client.post_vouchers(1, [finance_voucher("Første 1000012-1")], "same-key")

    with pytest.raises(IdempotencyConflict) as payload:
        client.post_vouchers(1, [finance_voucher("Anden 1000012-2")], "same-key")
    assert payload.value.error_code == "PayloadChanged"

    with pytest.raises(IdempotencyConflict) as url:
        client.post_vouchers(other, [finance_voucher("Første 1000012-1", journal=other)],
                             "same-key")
    assert url.value.error_code == "URLChanged"
    for error in (payload.value, url.value):
        assert "Nothing was posted twice" in error.message
        assert "dobbeltbogføring" in error.title_da
    assert len(client.list_vouchers(1)) == 1
    assert client.list_vouchers(other) == []
