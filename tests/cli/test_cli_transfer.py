"""`acubiz-export transfer`: a scheduled task runs it unattended; the exit code and the one line
on stderr must say whether a person has to act, and a second run must never send twice."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from wizard.commands.common import ExitCode, most_urgent
from wizard.commands.transfer import exit_code_for
from wizard.export.report import (
    LineResult,
    LineState,
    ProblemKind,
    RunProblem,
    RunReport,
    RunStatus,
)
from wizard.sandbox.seed import APP_SECRET_TOKEN, GRANT_TOKEN

ROOT = Path(__file__).resolve().parents[2]
DEMO_FILES = ["EMS_EA-20261124-160000.csv", "EMS_EA-20261125-160000.csv"]
DEMO_LINES = 6


def voucher_posts(sandbox) -> int:
    return sum(
        1 for request in sandbox.admin.requests()
        if request.get("method") == "POST" and "/vouchers" in str(request.get("path", ""))
    )


# -- against the sandbox -----------------------------------------------------------------------


@pytest.mark.desktop
def test_transfer_sends_everything_once_and_status_shows_the_run(cli, demo):
    first = cli("transfer", "--profile", demo.name, "--settle-seconds", "0")
    assert first.code == ExitCode.OK, first.text
    for name in DEMO_FILES:
        assert f"{name}: sent (3 sent)" in first.out
    assert f"{demo.name}: everything sent. {DEMO_LINES} sent, 0 waiting" in first.out
    assert first.err == ""
    assert sorted(p.name for p in demo.inbox.glob("sent/*/*.csv")) == DEMO_FILES
    posts = voucher_posts(demo.sandbox)
    assert posts >= 1

    second = cli("transfer", "--profile", demo.name, "--settle-seconds", "0")
    assert second.code == ExitCode.OK, second.text
    assert f"{demo.name}: nothing to send. 0 sent" in second.out
    assert voucher_posts(demo.sandbox) == posts  # nothing was posted again

    status = cli("status", "--json")
    assert status.code == ExitCode.OK
    data = json.loads(status.out)
    assert data["version"] == 1
    (profile,) = [p for p in data["profiles"] if p["name"] == demo.name]
    assert profile["connection"]["connected"] is True
    assert profile["waiting_files"] == [] and profile["failed_vouchers"] == []
    last = profile["last_run"]
    assert (last["trigger"], last["status"]) == ("manual", "nothing-to-send")
    assert last["counts"]["sent"] == 0 and last["finished_at"]
    for text in (first.text, second.text, status.text):
        assert GRANT_TOKEN not in text and APP_SECRET_TOKEN not in text


@pytest.mark.desktop
def test_send_again_needs_a_profile_and_a_clear_yes(cli, demo):
    sent = cli("transfer", "--profile", demo.name, "--settle-seconds", "0")
    assert sent.code == ExitCode.OK, sent.text
    posts = voucher_posts(demo.sandbox)

    no_profile = cli("transfer", "--send-again", "1000001-1", "--yes")
    assert no_profile.code == ExitCode.USAGE and "--profile" in no_profile.err
    unconfirmed = cli("transfer", "--profile", demo.name, "--send-again", "1000001-1")
    assert unconfirmed.code == ExitCode.USAGE and "--yes" in unconfirmed.err
    assert voucher_posts(demo.sandbox) == posts  # nothing was posted without the yes

    again = cli("transfer", "--profile", demo.name, "--send-again", "1000001-1", "--yes",
                "--json")
    assert again.code == ExitCode.OK, again.text
    (run,) = json.loads(again.out)["runs"]
    assert (run["trigger"], run["counts"]["sent"]) == ("send-again", 1)
    (line,) = run["files"][0]["lines"]
    assert line["line_id"] == "1000001-1+2" and line["voucher_number"]
    assert voucher_posts(demo.sandbox) > posts  # the voucher (and its receipt) once more
    again_twice = cli("transfer", "--profile", demo.name, "--send-again", "1000001-1", "--yes",
                      "--json")
    (line,) = json.loads(again_twice.out)["runs"][0]["files"][0]["lines"]
    assert line["line_id"] == "1000001-1+3"  # each deliberate posting has its own marker


@pytest.mark.desktop
def test_json_report_lists_every_file_and_line(cli, demo):
    result = cli("transfer", "--json", "--settle-seconds", "0")
    assert result.code == ExitCode.OK, result.text
    data = json.loads(result.out)
    assert data["version"] == 1
    (run,) = [r for r in data["runs"] if r["profile"] == demo.name]
    assert run["version"] == 1 and run["status"] == "ok" and run["dry_run"] is False
    assert run["counts"]["sent"] == DEMO_LINES
    assert [f["file"] for f in run["files"]] == DEMO_FILES
    assert {line["state"] for f in run["files"] for line in f["lines"]} == {"sent"}
    assert all(line["voucher_number"] for f in run["files"] for line in f["lines"])
    assert all(f["moved_to"] for f in run["files"])


@pytest.mark.desktop
def test_dry_run_sends_and_moves_nothing(cli, demo):
    result = cli("transfer", "--profile", demo.name, "--dry-run", "--settle-seconds", "0")
    assert result.code == ExitCode.OK, result.text
    assert "dry run, nothing sent" in result.out and f"0 sent, {DEMO_LINES} waiting" in result.out
    assert sorted(p.name for p in demo.inbox.glob("*.csv")) == DEMO_FILES
    assert voucher_posts(demo.sandbox) == 0


@pytest.mark.desktop
def test_a_revoked_grant_keeps_the_files_waiting_and_says_reconnect(cli, demo):
    demo.sandbox.admin.revoke_grant(GRANT_TOKEN)
    result = cli("transfer", "--profile", demo.name, "--settle-seconds", "0")
    assert result.code == ExitCode.ATTENTION
    assert "! Not connected to e-conomic" in result.out
    assert result.err.count("\n") == 1 and "needs attention" in result.err
    assert sorted(p.name for p in demo.inbox.glob("*.csv")) == DEMO_FILES


@pytest.mark.desktop
def test_a_broken_file_is_rejected_and_the_rest_is_sent(cli, demo):
    (demo.inbox / "typed-by-hand.csv").write_text("id,date\n1,2026-11-20\n", encoding="utf-8")
    result = cli("transfer", "--profile", demo.name, "--settle-seconds", "0")
    assert result.code == ExitCode.ATTENTION
    assert "typed-by-hand.csv: rejected" in result.out
    assert f"{DEMO_LINES} sent" in result.out
    assert (demo.inbox / "rejected" / "typed-by-hand.csv").exists()
    status = json.loads(cli("status", "--json").out)
    (profile,) = [p for p in status["profiles"] if p["name"] == demo.name]
    assert profile["rejected_files"] == ["typed-by-hand.csv"]
    assert profile["last_run"]["status"] == "attention"
    assert "Rejected:" in cli("status").out


@pytest.mark.desktop
def test_e_conomic_out_of_reach_is_temporary(cli, demo, monkeypatch):
    from wizard.economic import http

    real_build_retry = http.build_retry
    monkeypatch.setattr(http, "build_retry", lambda policy, sleeper=None, throttle=None: (
        real_build_retry(policy, lambda seconds: None, throttle)))
    demo.sandbox.admin.set_faults(fail_rate=1.0)
    result = cli("transfer", "--profile", demo.name, "--settle-seconds", "0")
    assert result.code == ExitCode.TEMPORARY, result.text
    assert "waiting, will be retried" in result.out
    assert sorted(p.name for p in demo.inbox.glob("*.csv")) == DEMO_FILES


@pytest.mark.desktop
def test_another_run_of_the_same_profile_is_busy(cli, demo):
    from wizard.export.runlock import profile_run_lock

    with profile_run_lock(demo.name):
        result = cli("transfer", "--profile", demo.name, "--settle-seconds", "0")
    assert result.code == ExitCode.BUSY
    assert "already running" in result.out
    assert sorted(p.name for p in demo.inbox.glob("*.csv")) == DEMO_FILES


@pytest.mark.desktop
def test_transfer_through_a_real_process(demo):
    done = subprocess.run(
        [sys.executable, "-m", "wizard", "transfer", "--json", "--settle-seconds", "0"],
        capture_output=True, text=True, encoding="utf-8", cwd=ROOT, env=dict(os.environ),
        timeout=120,
    )
    assert done.returncode == ExitCode.OK, done.stdout + done.stderr
    (run,) = json.loads(done.stdout)["runs"]
    assert run["counts"]["sent"] == DEMO_LINES
    assert GRANT_TOKEN not in done.stdout + done.stderr


# -- without e-conomic ------------------------------------------------------------------------


def test_no_profiles_is_a_usage_error(cli):
    result = cli("transfer")
    assert result.code == ExitCode.USAGE and "profile add" in result.err


def test_an_unknown_profile_is_a_usage_error(cli):
    result = cli("transfer", "--profile", "Nobody")
    assert result.code == ExitCode.USAGE and "no profile 'Nobody'" in result.err


def test_only_enabled_profiles_run_unless_named(cli, tmp_path, memory_keyring):
    for name in ("On", "Off"):
        (tmp_path / name).mkdir()
    assert cli("profile", "add", "--name", "Off", "--inbox", str(tmp_path / "Off"),
               "--enabled", "no").code == 0
    all_off = cli("transfer", "--json", "--settle-seconds", "0")
    assert all_off.code == ExitCode.OK and "disabled" in all_off.err
    assert json.loads(all_off.out) == {"version": 1, "runs": []}

    assert cli("profile", "add", "--name", "On", "--inbox", str(tmp_path / "On")).code == 0
    result = cli("transfer", "--json", "--settle-seconds", "0")
    assert [run["profile"] for run in json.loads(result.out)["runs"]] == ["On"]
    assert result.code == ExitCode.OK, result.text  # empty inbox: nothing to send

    named = cli("transfer", "--profile", "Off", "--json", "--settle-seconds", "0")
    assert [run["profile"] for run in json.loads(named.out)["runs"]] == ["Off"]


def test_an_inbox_that_is_gone_is_a_settings_error(cli, tmp_path, memory_keyring):
    inbox = tmp_path / "Costs"
    inbox.mkdir()
    assert cli("profile", "add", "--name", "Costs", "--inbox", str(inbox)).code == 0
    inbox.rmdir()
    result = cli("transfer", "--settle-seconds", "0")
    assert result.code == ExitCode.USAGE
    assert "inbox folder is missing" in result.out
    assert result.err.startswith("acubiz-export transfer: 'Costs'")


def test_not_connected_needs_attention(cli, demo_inbox, memory_keyring):
    assert cli("profile", "add", "--name", "Costs", "--inbox", str(demo_inbox),
               "--department-dimension", "1").code == 0
    result = cli("transfer", "--settle-seconds", "0")
    assert result.code == ExitCode.ATTENTION
    assert "Not connected to e-conomic" in result.err
    assert sorted(p.name for p in demo_inbox.glob("*.csv")) == DEMO_FILES


def test_an_engine_crash_is_reported_per_profile(cli, tmp_path, memory_keyring, monkeypatch):
    from wizard.export import engine

    def broken(profile, **options):
        raise RuntimeError(f"disk on fire (token {GRANT_TOKEN})")

    monkeypatch.setattr(engine, "run_transfer", broken)
    (tmp_path / "in").mkdir()
    assert cli("profile", "add", "--name", "Costs", "--inbox", str(tmp_path / "in")).code == 0
    result = cli("transfer", "--json")
    assert result.code == ExitCode.UNEXPECTED
    (run,) = json.loads(result.out)["runs"]
    assert run["status"] == "error" and run["problems"][0]["kind"] == "unexpected"
    assert "disk on fire" in run["problems"][0]["message"]
    assert GRANT_TOKEN not in result.text


# -- the exit code rules -----------------------------------------------------------------------


def report(status: RunStatus, *kinds: ProblemKind, lines: int = 0) -> RunReport:
    from wizard.export.report import FileResult, FileState

    files = [FileResult("f.csv", FileState.SENT,
                        [LineResult(str(n), n, LineState.SENT) for n in range(lines)])]
    return RunReport(
        profile="P", trigger="manual", started_at="2026-11-27T15:00:00+00:00", status=status,
        problems=[RunProblem(kind, "t", "m") for kind in kinds], files=files,
    )


@pytest.mark.parametrize(
    ("status", "kinds", "code"),
    [
        (RunStatus.OK, (), ExitCode.OK),
        (RunStatus.NOTHING_TO_SEND, (), ExitCode.OK),
        (RunStatus.DRY_RUN, (), ExitCode.OK),
        (RunStatus.ATTENTION, (ProblemKind.NOT_CONNECTED,), ExitCode.ATTENTION),
        (RunStatus.ATTENTION, (ProblemKind.YEAR_CLOSED,), ExitCode.ATTENTION),
        (RunStatus.ATTENTION, (ProblemKind.FILES_REJECTED,), ExitCode.ATTENTION),
        (RunStatus.ATTENTION, (ProblemKind.VOUCHERS_REFUSED,), ExitCode.ATTENTION),
        (RunStatus.ATTENTION, (ProblemKind.SETTINGS,), ExitCode.USAGE),
        (RunStatus.WAITING, (ProblemKind.NETWORK,), ExitCode.TEMPORARY),
        (RunStatus.WAITING, (ProblemKind.OUTCOME_UNKNOWN,), ExitCode.TEMPORARY),
        (RunStatus.WAITING, (ProblemKind.BUSY,), ExitCode.BUSY),
        (RunStatus.ERROR, (ProblemKind.UNEXPECTED,), ExitCode.UNEXPECTED),
        (RunStatus.ATTENTION, (ProblemKind.NETWORK, ProblemKind.JOURNAL_MISSING),
         ExitCode.ATTENTION),
    ],
)
def test_exit_code_for_a_report(status, kinds, code):
    assert exit_code_for(report(status, *kinds, lines=2)) is code


def test_the_most_urgent_code_wins_across_profiles():
    assert most_urgent([]) is ExitCode.OK
    assert most_urgent([ExitCode.OK, ExitCode.TEMPORARY, ExitCode.ATTENTION]) is (
        ExitCode.ATTENTION
    )
    assert most_urgent([ExitCode.BUSY, ExitCode.TEMPORARY]) is ExitCode.TEMPORARY
    assert most_urgent([ExitCode.UNEXPECTED, ExitCode.USAGE]) is ExitCode.USAGE
