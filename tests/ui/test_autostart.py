"""Start at login: the Linux entry for real, macOS and Windows by their generated content."""

from __future__ import annotations

import plistlib
import shlex

from wizard.ui import autostart


def test_enable_writes_an_xdg_autostart_entry_and_disable_removes_it():
    command = ["/opt/Acubiz Export/bin/python", "-m", "wizard", "tray"]
    assert not autostart.is_enabled()
    autostart.enable(command)
    path = autostart.xdg_autostart_path()
    assert path.is_file()
    assert autostart.is_enabled()
    text = path.read_text(encoding="utf-8")
    assert 'Exec="/opt/Acubiz Export/bin/python" -m wizard tray' in text
    assert "Type=Application" in text
    autostart.enable(command)  # idempotent
    assert list(path.parent.iterdir()) == [path]  # no temp files left behind
    autostart.disable()
    assert not path.exists()
    assert not autostart.is_enabled()
    autostart.disable()  # idempotent


def test_an_entry_switched_off_in_the_desktop_settings_counts_as_off():
    autostart.enable(["acubiz-export", "tray"])
    path = autostart.xdg_autostart_path()
    path.write_text(path.read_text().replace("enabled=true", "enabled=false"))
    assert not autostart.is_enabled()


def test_exec_quoting_follows_the_desktop_entry_spec():
    assert autostart.quote_exec_argument("plain") == "plain"
    assert autostart.quote_exec_argument("with space") == '"with space"'
    assert autostart.quote_exec_argument('say "hi" $HOME') == '"say \\"hi\\" \\$HOME"'
    assert autostart.quote_exec_argument("100%") == "100%%"
    # a shell-like split of the quoted line gives the arguments back
    line = " ".join(autostart.quote_exec_argument(a) for a in ["/a b/c", "-m", "x"])
    assert shlex.split(line) == ["/a b/c", "-m", "x"]


def test_the_tray_command_starts_this_python_with_the_tray():
    command = autostart.tray_command()
    assert command[-3:] == ["-m", "wizard", "tray"]


def test_macos_launch_agent_runs_the_tray_at_login():
    plist = plistlib.loads(autostart.launch_agent_plist(["/Applications/A.app/x", "tray"]))
    assert plist["Label"] == autostart.APP_ID
    assert plist["ProgramArguments"] == ["/Applications/A.app/x", "tray"]
    assert plist["RunAtLoad"] is True


def test_windows_run_value_is_one_quoted_command_line():
    value = autostart.windows_run_value([r"C:\Program Files\Acubiz\acubiz-export.exe", "tray"])
    assert value == r'"C:\Program Files\Acubiz\acubiz-export.exe" tray'
