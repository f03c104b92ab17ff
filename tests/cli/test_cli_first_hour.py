"""A newcomer's first hour at the command line (issue 15): every command the program suggests
runs as printed, and the fixes it names are flags and commands, not the wizard's Settings."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from cli_helpers import unique_name

from wizard.commands import cli_words
from wizard.sandbox.seed import APP_SECRET_TOKEN, GRANT_TOKEN

ROOT = Path(__file__).resolve().parents[2]
DEMO_FILES = ["EMS_EA-20261124-160000.csv", "EMS_EA-20261125-160000.csv"]


# -- the command the person has ----------------------------------------------------------------


def test_the_suggested_command_is_the_one_this_person_started(monkeypatch, tmp_path):
    monkeypatch.setenv(cli_words.COMMAND_ENV, "sh tools/dev.sh")
    assert cli_words.command() == "sh tools/dev.sh"
    text = "Set it aside (acubiz-export held --set-aside X); keyring entry 'acubiz-export'."
    assert cli_words.runnable(text) == (
        "Set it aside (sh tools/dev.sh held --set-aside X); keyring entry 'acubiz-export'."
    )

    monkeypatch.delenv(cli_words.COMMAND_ENV)
    monkeypatch.setenv("PATH", str(tmp_path))  # not installed
    assert cli_words.command() == f"{sys.executable} -m wizard" or cli_words.command() == (
        f'"{sys.executable}" -m wizard'
    )
    if sys.platform == "win32":
        return  # an installed program there is acubiz-export.exe; the rest is the same
    installed = tmp_path / "acubiz-export"
    installed.write_text("#!/bin/sh\n")
    installed.chmod(0o755)
    assert cli_words.command() == "acubiz-export"


def test_a_built_program_not_on_path_is_named_by_its_quoted_path(monkeypatch, tmp_path):
    folder = tmp_path / "Program Files" / "Acubiz Øre"
    folder.mkdir(parents=True)
    program = folder / "acubiz-export"
    program.write_text("")
    monkeypatch.delenv(cli_words.COMMAND_ENV)
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", str(program))
    monkeypatch.setenv("PATH", str(tmp_path))
    assert cli_words.command() == f'"{program}"'


def _dev_sh(*argv: str, cwd: Path, stdin: str = "") -> subprocess.CompletedProcess[str]:
    """`sh tools/dev.sh ...` as a person types it, with this test's private folders."""
    env = {key: value for key, value in os.environ.items() if key != cli_words.COMMAND_ENV}
    return subprocess.run(
        ["sh", str(ROOT / "tools" / "dev.sh"), *argv] if cwd != ROOT else
        ["sh", "tools/dev.sh", *argv],
        cwd=cwd, input=stdin, capture_output=True, text=True, env=env, timeout=300,
    )  # fmt: skip


@pytest.mark.skipif(sys.platform == "win32" or not shutil.which("sh"), reason="needs a POSIX sh")
def test_from_the_clone_the_hints_say_sh_tools_dev_sh_and_run_as_printed(
    sandbox, tmp_path, real_keyring
):
    """The README's screenless path: `profile add` says what to run next; that line, typed
    as printed in the same folder, connects; its own hint runs too."""
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    name = unique_name("Hint")
    real_keyring.profiles.add(name)
    real_keyring.api_urls.add(sandbox.base_url)
    added = _dev_sh("profile", "add", "--name", name, "--inbox", str(inbox), "--api-url",
                    sandbox.base_url, cwd=ROOT)
    assert added.returncode == 0, added.stderr
    suggested = re.search(r"`(.+)`", added.stdout.splitlines()[-1]).group(1)
    assert suggested.startswith("sh tools/dev.sh connect --profile ")

    connected = subprocess.run(
        suggested, shell=True, cwd=ROOT, input=f"{GRANT_TOKEN}\n{APP_SECRET_TOKEN}\n",
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert connected.returncode == 0, connected.stderr
    try_it = connected.stdout.splitlines()[-1]
    assert try_it.startswith("Try it: sh tools/dev.sh transfer --profile ")
    dry_run = subprocess.run(try_it.removeprefix("Try it: "), shell=True, cwd=ROOT,
                             capture_output=True, text=True, timeout=300)
    assert dry_run.returncode == 0, dry_run.stdout + dry_run.stderr


@pytest.mark.skipif(sys.platform == "win32" or not shutil.which("sh"), reason="needs a POSIX sh")
def test_from_another_folder_the_hint_names_the_script_by_its_full_path(tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    listed = _dev_sh("profile", "list", cwd=elsewhere)
    assert listed.returncode == 0, listed.stderr
    assert f"Add one with `sh {ROOT}/tools/dev.sh profile add --name NAME --inbox DIR`" in (
        listed.stdout
    ) or f'`sh "{ROOT}/tools/dev.sh" profile add' in listed.stdout
    assert list(elsewhere.iterdir()) == []  # a relative path would have meant this folder


# -- command-line fixes -------------------------------------------------------------------------


def test_profile_add_without_arguments_names_the_flags(cli, memory_keyring):
    result = cli("profile", "add")
    assert result.code == 2
    assert "--name" in result.err and "No inbox folder is chosen. Give one with --inbox DIR." in (
        result.err
    )
    assert "Choose a folder." not in result.err


def test_a_profile_never_connected_is_told_to_connect_first(cli, tmp_path, memory_keyring):
    inbox = tmp_path / "inbox"
    shutil.copytree(ROOT / "resources" / "demo" / "inbox", inbox)
    assert cli("profile", "add", "--name", "Demo", "--inbox", str(inbox)).code == 0

    result = cli("transfer", "--profile", "Demo", "--settle-seconds", "0")
    assert result.code == 3
    assert "Connect it first: `acubiz-export connect --profile Demo`." in result.out
    assert "Settings" not in result.out and "again" not in result.out

    status = cli("status")
    assert "connect it first: acubiz-export connect --profile Demo" in status.out
    assert "Settings" not in status.out and "again" not in status.out


def test_a_missing_inbox_names_profile_edit(cli, tmp_path, memory_keyring):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    assert cli("profile", "add", "--name", "Costs", "--inbox", str(inbox)).code == 0
    inbox.rmdir()

    result = cli("transfer", "--profile", "Costs")
    assert "acubiz-export profile edit Costs --inbox DIR" in result.out
    assert "Settings" not in result.out
    assert "acubiz-export profile edit Costs --inbox DIR" in cli("status").out


def test_files_within_their_settle_time_are_waiting_to_settle_in_transfer_and_status(
    cli, tmp_path, memory_keyring
):
    inbox = tmp_path / "inbox"
    shutil.copytree(ROOT / "resources" / "demo" / "inbox", inbox)
    now = time.time()
    for name in DEMO_FILES:
        os.utime(inbox / name, (now, now))  # just dropped
    assert cli("profile", "add", "--name", "Costs", "--inbox", str(inbox)).code == 0

    result = cli("transfer", "--profile", "Costs")
    assert result.code == 0
    for name in DEMO_FILES:
        assert re.search(rf"{re.escape(name)}: waiting to settle \(\d+ s\)", result.out)
    status = cli("status")
    for name in DEMO_FILES:
        assert re.search(rf"{re.escape(name)}: waiting to settle \(\d+ s\)", status.out)
    seconds = [entry["seconds"] for entry in _status_json(cli)["settling_files"]]
    assert len(seconds) == 2 and all(0 < value <= 30 for value in seconds)


def _status_json(cli) -> dict:
    import json

    result = cli("status", "--json")
    data = json.loads(result.out)
    return data["profiles"][0]


def test_help_texts_agree_and_profile_list_and_show_have_a_description(cli):
    status = cli("status", "--help")
    transfer = cli("transfer", "--help")
    assert "(see the README)" in status.out and "(see the README)" in transfer.out
    assert "see docs" not in status.out
    assert "List the export profiles" in cli("profile", "list", "--help").out
    assert "Show every field of one export profile" in cli("profile", "show", "--help").out


# -- the demo --------------------------------------------------------------------------------


def test_after_cancel_the_demo_does_not_claim_an_exporter_runs(monkeypatch, capsys, tmp_path):
    import wizard.demo as demo
    import wizard.sandbox.server  # noqa: F401  (the demo's sandbox, for real)
    import wizard.ui.setup.command as setup_command

    monkeypatch.setattr(setup_command, "display_available", lambda: True)
    monkeypatch.setattr(demo, "_run_wizard", lambda **_: "cancelled")
    monkeypatch.setattr(demo, "choose_token_store", lambda _data: "the password store (test)")
    monkeypatch.setattr(demo.platformdirs, "user_documents_path", lambda: tmp_path / "Documents")

    def ctrl_c(_seconds: float) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(demo.time, "sleep", ctrl_c)
    assert demo.run(demo.argparse.Namespace(port=0)) == 0
    out = capsys.readouterr().out
    assert "Setup was cancelled, so no exporter was set up." in out
    assert "acubiz-export setup --sandbox http://127.0.0.1:" in out
    assert "so the exporter can reach it" not in out
    assert "Sandbox stopped." in out


@pytest.mark.skipif(sys.platform == "win32", reason="SIGINT to a child is a POSIX test")
def test_ctrl_c_while_the_wizard_is_open_ends_the_demo_cleanly(tmp_path):
    """The issue: 13 s of nothing, then 'Error calling Python override of
    QWizard::changeEvent(): KeyboardInterrupt' and the demo ran on. Also: no password store
    here, so the demo says where the sandbox's tokens go instead."""
    env = dict(os.environ)
    env.update({
        "QT_QPA_PLATFORM": "offscreen", "HOME": str(tmp_path),
        "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
        cli_words.COMMAND_ENV: "acubiz-export",
    })  # fmt: skip
    env.pop("DISPLAY", None)
    demo = subprocess.Popen(
        [sys.executable, "-m", "wizard", "demo", "--port", "0"], env=env, cwd=tmp_path,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        seen = []
        for line in demo.stdout:
            seen.append(line)
            if line.startswith("Opening the setup wizard"):
                break
        time.sleep(2)  # let the wizard's window and event loop come up
        demo.send_signal(signal.SIGINT)
        out, err = demo.communicate(timeout=60)
    finally:
        if demo.poll() is None:
            demo.kill()
    text = "".join(seen) + out
    assert demo.returncode == 130, text + err
    assert "Stopped: the wizard was closed and the sandbox stopped." in text
    assert "KeyboardInterrupt" not in err and "Traceback" not in err
    assert "DEMO-ONLY-sandbox-tokens.json" in text and "DEMO ONLY" in text


def test_no_engine_message_sends_the_command_line_user_to_settings():
    """Every text that tells a GUI user to go to Settings has a command-line twin."""
    from wizard.commands.cli_words import cli_text
    from wizard.economic.messages import TEXTS

    for text in TEXTS.values():
        words = cli_text(text.message, "Demo", connected_before=True)
        assert "Settings" not in words, text.message
