"""`acubiz-export held` and the held postings in `transfer` and `status`: a posting that cannot
go is never silently left behind. The admin reads why and what to do, and can set it aside."""

from __future__ import annotations

import json

import pytest

from wizard.commands.common import ExitCode


@pytest.mark.desktop
def test_a_barred_account_is_held_in_plain_sight_and_goes_once_it_is_opened(cli, demo):
    demo.sandbox.admin.bar_account(2750)
    first = cli("transfer", "--profile", demo.name, "--settle-seconds", "0")
    assert first.code == ExitCode.ATTENTION, first.text
    assert "4 sent" in first.out and "2 held" in first.out
    assert "account 2750" in first.out and "What to do:" in first.out
    assert "2 postings are held" in first.err

    status = cli("status")
    assert "Held:" in status.out and "2750" in status.out
    assert "Failures:   none" not in status.out
    data = json.loads(cli("status", "--json").out)
    mine = next(p for p in data["profiles"] if p["name"] == demo.name)
    assert {h["line_id"] for h in mine["held_postings"]} == {"1000001-1", "1000004-1"}

    listed = cli("held", "--profile", demo.name)
    assert listed.code == ExitCode.ATTENTION
    assert "1000001-1" in listed.out and "What to do:" in listed.out

    demo.sandbox.admin.bar_account(2750, barred=False)
    second = cli("transfer", "--profile", demo.name, "--settle-seconds", "0")
    assert second.code == ExitCode.OK, second.text
    assert cli("held", "--profile", demo.name).code == ExitCode.OK


@pytest.mark.desktop
def test_setting_a_held_posting_aside_needs_a_yes_and_is_remembered(cli, demo):
    demo.sandbox.admin.bar_account(2750)
    cli("transfer", "--profile", demo.name, "--settle-seconds", "0")
    refused = cli("held", "--profile", demo.name, "--set-aside", "1000004-1")
    assert refused.code == ExitCode.USAGE and "--yes" in refused.err
    done = cli("held", "--profile", demo.name, "--set-aside", "1000004-1", "--yes")
    assert done.code == ExitCode.OK, done.text
    data = json.loads(cli("held", "--profile", demo.name, "--all", "--json").out)
    assert [h["line_id"] for h in data["held"]] == ["1000001-1"]
    assert data["set_aside"][0]["line_id"] == "1000004-1"
    assert data["set_aside"][0]["set_aside_by"]
    unknown = cli("held", "--profile", demo.name, "--set-aside", "nope", "--yes")
    assert unknown.code == ExitCode.USAGE
