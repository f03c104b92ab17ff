"""One log for every run: never a token in it, and a crash says where it is."""

from __future__ import annotations

import logging
import os
from pathlib import Path

import pytest

from wizard.applog import log_file_path, log_path, setup_logging

TOKEN = "k5CQGxBJTdPlTv4Cp1KWEOU39xEjQ3yWqJfxQgGbdTI1"


def test_a_token_logged_by_mistake_is_redacted_in_the_file():
    path = setup_logging()
    try:
        logging.getLogger("wizard.test").warning("grant token is %s", TOKEN)
        for handler in logging.getLogger().handlers:
            handler.flush()
        text = path.read_text(encoding="utf-8")
        assert TOKEN not in text
        assert "dTI1" in text
        assert path == log_path()
    finally:
        root = logging.getLogger()
        for handler in [h for h in root.handlers if getattr(h, "_acubiz", False)]:
            root.removeHandler(handler)
            handler.close()


# -- every command-line run logs; a crash names the log ---------------------------------------


def run_cli(capsys, *argv: str) -> tuple[int, str, str]:
    from wizard.cli import main

    capsys.readouterr()
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def log_text() -> str:
    for handler in logging.getLogger().handlers:
        handler.flush()
    path = log_file_path()
    return path.read_text(encoding="utf-8") if path.exists() else ""


@pytest.fixture(autouse=True)
def _detach_log_handlers():
    yield
    root = logging.getLogger()
    for handler in [h for h in root.handlers if getattr(h, "_acubiz", False)]:
        root.removeHandler(handler)
        handler.close()


def test_the_log_lives_in_the_user_log_folder(tmp_path):
    path = log_file_path()
    assert path == log_path()
    assert path.name == "acubiz-export.log"
    assert Path(os.environ["XDG_STATE_HOME"]) in path.parents  # the tests' own folder


def test_a_command_line_run_writes_to_the_log(capsys):
    code, out, err = run_cli(capsys, "profile", "list")
    assert code == 0 and "No profiles yet" in out and err == ""
    text = log_text()
    assert "profile list started" in text and "profile list ended with exit code 0" in text


def test_setting_up_twice_adds_no_second_handler(capsys):
    run_cli(capsys, "profile", "list")
    run_cli(capsys, "status")
    setup_logging()
    handlers = [h for h in logging.getLogger().handlers if getattr(h, "_acubiz", False)]
    assert len(handlers) == 1
    assert log_text().count("status started") == 1


def test_a_crash_prints_one_line_naming_the_log_and_logs_the_traceback(capsys, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError(f"disk on fire with grant {TOKEN}")

    monkeypatch.setattr("wizard.settings.store.load_profiles", broken)
    code, out, err = run_cli(capsys, "status")
    assert code == 1
    assert err == (
        f"acubiz-export stopped unexpectedly. Details are in {log_file_path()}\n"
    )
    assert TOKEN not in out + err
    text = log_text()
    assert "status stopped unexpectedly" in text
    assert "Traceback (most recent call last)" in text and "RuntimeError: disk on fire" in text
    assert TOKEN not in text and "…dTI1" in text


def test_a_crash_outside_the_guarded_commands_is_caught_the_same_way(capsys, monkeypatch):
    from wizard.sandbox import cli as sandbox_cli

    def broken(args):
        raise ValueError(f"port exploded, token {TOKEN}")

    monkeypatch.setattr(sandbox_cli, "run", broken)
    code, _out, err = run_cli(capsys, "sandbox")
    assert code == 1
    assert err.count("\n") == 1 and str(log_file_path()) in err
    assert "Traceback" not in err and TOKEN not in err
    text = log_text()
    assert "ValueError: port exploded" in text and TOKEN not in text


def test_without_a_writable_log_folder_the_crash_line_names_the_error(capsys, monkeypatch,
                                                                        tmp_path):
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the state folder should be")
    monkeypatch.setenv("XDG_STATE_HOME", str(blocked))
    from wizard.sandbox import cli as sandbox_cli

    def broken(args):
        raise ValueError(f"port exploded, token {TOKEN}")

    monkeypatch.setattr(sandbox_cli, "run", broken)
    code, _out, err = run_cli(capsys, "sandbox")
    assert code == 1
    assert err.startswith("acubiz-export stopped unexpectedly: ValueError: port exploded")
    assert TOKEN not in err
