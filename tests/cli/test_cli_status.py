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
    assert "not connected (run: acubiz-export connect --profile Costs)" in result.out
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
