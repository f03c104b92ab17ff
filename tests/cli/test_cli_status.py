"""`acubiz-export status`: what the admin (or a monitoring script) sees at a glance."""

from __future__ import annotations

import json

import pytest

from wizard.commands.common import ExitCode


@pytest.fixture
def costs(cli, demo_inbox, memory_keyring):
    result = cli("profile", "add", "--name", "Costs", "--inbox", str(demo_inbox),
                 "--department-dimension", "1")
    assert result.code == ExitCode.OK, result.text
    return demo_inbox


def profile_state(cli, *flags: str) -> dict:
    result = cli("status", "--json", *flags)
    assert result.code == ExitCode.OK, result.text
    data = json.loads(result.out)
    assert data["version"] == 1
    (state,) = data["profiles"]
    return state


def test_no_profiles_says_how_to_start(cli):
    result = cli("status")
    assert result.code == ExitCode.OK and "profile add" in result.out
    assert json.loads(cli("status", "--json").out) == {"version": 1, "profiles": []}


def test_the_next_run_is_the_daily_time_in_the_profile_zone(cli, costs):
    now = "2026-11-27T10:00:00+00:00"  # a Friday morning
    result = cli("status", "--now", now)
    assert "Next run:   Fri 27 Nov 16:00 (Europe/Copenhagen)" in result.out
    assert profile_state(cli, "--now", now)["next_run"] == "2026-11-27T16:00:00+01:00"
    late = profile_state(cli, "--now", "2026-11-27T15:30:00+00:00")  # 16:30 in Copenhagen
    assert late["next_run"] == "2026-11-28T16:00:00+01:00"


def test_the_next_run_follows_summer_time(cli, costs):
    state = profile_state(cli, "--now", "2026-03-28T20:00:00+00:00")  # the night DST starts
    assert state["next_run"] == "2026-03-29T16:00:00+02:00"


def test_manual_and_disabled_profiles_have_no_next_run(cli, costs):
    assert cli("profile", "edit", "Costs", "--export-type", "manual").code == 0
    assert profile_state(cli)["next_run"] is None
    assert "none (manual" in cli("status").out
    disabled = cli("profile", "edit", "Costs", "--export-type", "scheduled", "--enabled", "no")
    assert disabled.code == 0
    assert profile_state(cli)["next_run"] is None
    result = cli("status")
    assert "Costs  (disabled)" in result.out and "the profile is disabled" in result.out


def test_waiting_files_and_connection_before_the_first_run(cli, costs):
    state = profile_state(cli)
    assert state["waiting_files"] == ["EMS_EA-20261124-160000.csv", "EMS_EA-20261125-160000.csv"]
    assert state["waiting_count"] == 2  # the receipts beside them are not expense files
    assert state["connection"]["connected"] is False
    assert state["last_run"] is None and state["rejected_files"] == []
    result = cli("status")
    assert "Waiting:    2 files in" in result.out
    connect = "not connected yet (connect it first: acubiz-export connect --profile Costs)"
    assert connect in result.out
    assert "Last run:   none yet" in result.out and "Failures:   none" in result.out


def test_a_run_that_needed_attention_shows_its_problem(cli, costs):
    assert cli("transfer", "--settle-seconds", "0").code == ExitCode.ATTENTION
    state = profile_state(cli)
    last = state["last_run"]
    assert last["status"] == "attention" and last["trigger"] == "manual"
    assert last["counts"]["waiting"] == 6
    assert [p["kind"] for p in last["problems"]] == ["not-connected"]
    result = cli("status")
    assert "manual, needs attention; 0 sent, 6 waiting" in result.out
    assert "! Not connected to e-conomic" in result.out


def test_an_unreachable_inbox_is_said_plainly(cli, tmp_path, memory_keyring):
    inbox = tmp_path / "Costs"
    inbox.mkdir()
    assert cli("profile", "add", "--name", "Costs", "--inbox", str(inbox)).code == 0
    inbox.rmdir()
    assert profile_state(cli)["inbox_reachable"] is False
    assert "cannot be reached" in cli("status").out


def test_without_a_password_store_the_connection_is_unknown(cli, tmp_path, no_keyring):
    (tmp_path / "in").mkdir()
    assert cli("profile", "add", "--name", "Costs", "--inbox", str(tmp_path / "in")).code == 0
    state = profile_state(cli)
    assert state["connection"]["connected"] is None
    assert "No secure password store" in state["connection"]["problem"]


# -- "connected" means e-conomic still accepts the grant ---------------------------------------


@pytest.fixture
def connected(cli, sandbox, tmp_path, memory_keyring):
    """A profile connected to the sandbox through `connect` (tokens in a plugged keyring)."""
    from wizard.sandbox.seed import APP_SECRET_TOKEN

    inbox = tmp_path / "inbox"
    inbox.mkdir()
    added = cli("profile", "add", "--name", "Costs", "--inbox", str(inbox),
                "--api-url", sandbox.base_url)
    assert added.code == ExitCode.OK, added.text
    grant = sandbox.admin.create_grant()
    result = cli("connect", "--profile", "Costs", stdin=f"{grant}\n{APP_SECRET_TOKEN}\n")
    assert result.code == ExitCode.OK, result.text
    sandbox.admin.clear_requests()
    return grant


def self_calls(sandbox) -> int:
    return sum(1 for r in sandbox.admin.requests() if r["path"] == "/self")


def test_a_working_grant_says_which_company_it_opens(cli, sandbox, connected):
    from wizard.sandbox.seed import AGREEMENT_NUMBER, COMPANY

    state = profile_state(cli)
    connection = state["connection"]
    assert connection["connected"] is True and connection["grant"] == "valid"
    assert connection["company"] == COMPANY["name"]
    assert connection["agreement_number"] == AGREEMENT_NUMBER
    result = cli("status")
    assert f"e-conomic:  connected to {COMPANY['name']}, agreement {AGREEMENT_NUMBER}" in result.out
    assert connected not in result.text and connected[:-4] not in result.text


def test_a_revoked_grant_is_not_connected_and_says_how_to_fix_it(cli, sandbox, connected):
    sandbox.admin.revoke_grant(connected)  # the customer removed the app in e-conomic
    result = cli("status")
    assert result.code == ExitCode.OK
    assert (
        "not connected: the app was removed in e-conomic or the token is no longer valid;"
        " connect again (acubiz-export connect --profile Costs)"
    ) in result.out
    connection = profile_state(cli)["connection"]
    assert connection["connected"] is False and connection["grant"] == "revoked"
    assert connection["token"] == f"…{connected[-4:]}"  # still stored: only e-conomic refuses


def test_an_unreachable_e_conomic_is_could_not_check_not_connected(
    cli, tmp_path, memory_keyring
):
    from wizard.sandbox.seed import APP_SECRET_TOKEN, GRANT_TOKEN
    from wizard.settings.secrets import store_app_secret, store_grant_token

    (tmp_path / "in").mkdir()
    offline = "http://127.0.0.1:9"  # nothing listens there
    assert cli("profile", "add", "--name", "Costs", "--inbox", str(tmp_path / "in"),
               "--api-url", offline).code == 0
    store_grant_token("Costs", GRANT_TOKEN)
    store_app_secret(APP_SECRET_TOKEN, offline)
    result = cli("status")
    assert "e-conomic:  could not check (offline)" in result.out
    assert "connected (" not in result.out and "connected to" not in result.out
    connection = profile_state(cli)["connection"]
    assert connection["connected"] is None and connection["grant"] == "offline"
    assert GRANT_TOKEN not in result.text


def test_without_an_app_secret_the_grant_cannot_work(cli, sandbox, tmp_path, memory_keyring):
    from wizard.sandbox.seed import GRANT_TOKEN
    from wizard.settings.secrets import store_grant_token

    (tmp_path / "in").mkdir()
    assert cli("profile", "add", "--name", "Costs", "--inbox", str(tmp_path / "in"),
               "--api-url", sandbox.base_url).code == 0
    store_grant_token("Costs", GRANT_TOKEN)
    result = cli("status")
    assert "not connected: no app secret token is stored for" in result.out
    assert "connect again (acubiz-export connect --profile Costs)" in result.out
    assert self_calls(sandbox) == 0


def test_the_answer_is_remembered_for_a_minute_without_the_token(
    cli, sandbox, connected, monkeypatch
):
    import os
    from pathlib import Path

    from wizard.commands import common

    for _ in range(3):
        assert profile_state(cli)["connection"]["grant"] == "valid"
    assert self_calls(sandbox) == 1  # a monitoring script does not ask e-conomic every time
    cache_files = [p for p in Path(os.environ["XDG_CACHE_HOME"]).rglob("*") if p.is_file()]
    assert cache_files
    for path in cache_files:
        text = path.read_text(encoding="utf-8")
        assert connected not in text and connected[:-4] not in text

    sandbox.admin.revoke_grant(connected)
    assert profile_state(cli)["connection"]["grant"] == "valid"  # still the remembered answer
    monkeypatch.setattr(common, "GRANT_CHECK_CACHE_SECONDS", 0)  # the minute has passed
    assert profile_state(cli)["connection"]["grant"] == "revoked"
    assert self_calls(sandbox) == 2


def test_connecting_again_forgets_the_remembered_answer(cli, sandbox, connected):
    from wizard.sandbox.seed import APP_SECRET_TOKEN

    assert profile_state(cli)["connection"]["grant"] == "valid"
    sandbox.admin.revoke_grant(connected)
    fresh = sandbox.admin.create_grant()
    again = cli("connect", "--profile", "Costs", stdin=f"{fresh}\n{APP_SECRET_TOKEN}\n")
    assert again.code == ExitCode.OK, again.text
    connection = profile_state(cli)["connection"]
    assert connection["grant"] == "valid" and connection["token"] == f"…{fresh[-4:]}"


def test_an_offline_answer_is_not_remembered(cli, tmp_path, memory_keyring):
    from wizard.commands.common import _read_grant_cache
    from wizard.sandbox.seed import APP_SECRET_TOKEN, GRANT_TOKEN
    from wizard.settings.secrets import store_app_secret, store_grant_token

    (tmp_path / "in").mkdir()
    offline = "http://127.0.0.1:9"
    assert cli("profile", "add", "--name", "Costs", "--inbox", str(tmp_path / "in"),
               "--api-url", offline).code == 0
    store_grant_token("Costs", GRANT_TOKEN)
    store_app_secret(APP_SECRET_TOKEN, offline)
    assert profile_state(cli)["connection"]["grant"] == "offline"
    assert "Costs" not in _read_grant_cache()  # asked again next time
