"""Start the tray exporter at login, the native way on each OS. No Qt in here.

One backend per OS, each idempotent: ``enable()`` twice writes the same thing, ``disable()``
when already off does nothing, and ``is_enabled()`` reads the real OS state (so the tray's
checkbox is right even after the user removed the entry by hand) and never raises.

- Linux/BSD: an XDG autostart ``.desktop`` file in ``$XDG_CONFIG_HOME/autostart``, written
  atomically, with ``Exec`` quoted as the Desktop Entry spec requires.
- macOS: a LaunchAgent plist in ``~/Library/LaunchAgents`` (``RunAtLoad``).
- Windows: a value under ``HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Run``.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

from wizard.settings.atomic import write_bytes_atomically

APP_ID = "dk.acubiz.export"
APP_NAME = "Acubiz e-conomic Export"
DESKTOP_FILE_NAME = "acubiz-export.desktop"
RUN_KEY = r"Software\Microsoft\Windows\CurrentVersion\Run"


def tray_command() -> list[str]:
    """The command line that starts the tray: the frozen app itself, or this Python."""
    if getattr(sys, "frozen", False):
        return [sys.executable, "tray"]
    return [sys.executable, "-m", "wizard", "tray"]


def is_enabled() -> bool:
    try:
        return _backend().is_enabled()
    except Exception:  # a broken registry or unreadable file means "not on", never a crash
        return False


def enable(command: Sequence[str] | None = None) -> None:
    _backend().enable(list(command or tray_command()))


def disable() -> None:
    _backend().disable()


def set_enabled(on: bool, command: Sequence[str] | None = None) -> None:
    if on:
        enable(command)
    else:
        disable()


# -- Linux: XDG autostart ------------------------------------------------------------------


def xdg_autostart_path() -> Path:
    config_home = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(config_home) / "autostart" / DESKTOP_FILE_NAME


def desktop_entry(command: Sequence[str]) -> str:
    exec_line = " ".join(quote_exec_argument(argument) for argument in command)
    return (
        "[Desktop Entry]\n"
        "Type=Application\n"
        f"Name={APP_NAME}\n"
        "Comment=Sends approved expenses to e-conomic every day\n"
        "Comment[da]=Sender godkendte udlæg til e-conomic hver dag\n"
        f"Exec={exec_line}\n"
        "Icon=acubiz-export\n"
        "Terminal=false\n"
        "X-GNOME-Autostart-enabled=true\n"
        "X-GNOME-Autostart-Delay=10\n"
    )


def quote_exec_argument(argument: str) -> str:
    """Quote one Exec argument per the Desktop Entry spec: inside double quotes, escape
    `"`, `` ` ``, `$` and `\\` with a backslash; `%` becomes `%%` (field codes)."""
    argument = argument.replace("%", "%%")
    reserved = set(" \t\n\"'\\><~|&;$*?#()`")
    if argument and not any(char in reserved for char in argument):
        return argument
    escaped = "".join("\\" + char if char in '"`$\\' else char for char in argument)
    return f'"{escaped}"'


class _XdgBackend:
    def is_enabled(self) -> bool:
        path = xdg_autostart_path()
        if not path.is_file():
            return False
        text = path.read_text(encoding="utf-8")
        lowered = text.lower()
        return "hidden=true" not in lowered and "x-gnome-autostart-enabled=false" not in lowered

    def enable(self, command: list[str]) -> None:
        write_bytes_atomically(xdg_autostart_path(), desktop_entry(command).encode("utf-8"))

    def disable(self) -> None:
        xdg_autostart_path().unlink(missing_ok=True)


# -- macOS: LaunchAgent --------------------------------------------------------------------


def launch_agent_path() -> Path:
    return Path.home() / "Library" / "LaunchAgents" / f"{APP_ID}.plist"


def launch_agent_plist(command: Sequence[str]) -> bytes:
    import plistlib  # macOS only: not loaded by the tray elsewhere

    return plistlib.dumps(
        {
            "Label": APP_ID,
            "ProgramArguments": list(command),
            "RunAtLoad": True,
            "KeepAlive": False,
            "ProcessType": "Interactive",
            "LimitLoadToSessionType": "Aqua",
        }
    )


class _LaunchAgentBackend:
    def is_enabled(self) -> bool:
        path = launch_agent_path()
        if not path.is_file():
            return False
        import plistlib

        return bool(plistlib.loads(path.read_bytes()).get("RunAtLoad"))

    def enable(self, command: list[str]) -> None:
        write_bytes_atomically(launch_agent_path(), launch_agent_plist(command))

    def disable(self) -> None:
        launch_agent_path().unlink(missing_ok=True)


# -- Windows: per-user Run key -------------------------------------------------------------


def windows_run_value(command: Sequence[str]) -> str:
    return subprocess.list2cmdline(list(command))


class _RunKeyBackend:
    def is_enabled(self) -> bool:
        import winreg  # type: ignore[import-not-found]

        with winreg.OpenKey(winreg.HKEY_CURRENT_USER, RUN_KEY) as key:
            try:
                winreg.QueryValueEx(key, APP_NAME)
            except FileNotFoundError:
                return False
        return True

    def enable(self, command: list[str]) -> None:
        import winreg  # type: ignore[import-not-found]

        with winreg.CreateKey(winreg.HKEY_CURRENT_USER, RUN_KEY) as key:
            winreg.SetValueEx(key, APP_NAME, 0, winreg.REG_SZ, windows_run_value(command))

    def disable(self) -> None:
        import winreg  # type: ignore[import-not-found]

        with (
            winreg.OpenKey(winreg.HKEY_CURRENT_USER, RUN_KEY, 0, winreg.KEY_SET_VALUE) as key,
            contextlib.suppress(FileNotFoundError),
        ):
            winreg.DeleteValue(key, APP_NAME)


def _backend() -> _XdgBackend | _LaunchAgentBackend | _RunKeyBackend:
    if sys.platform == "win32":
        return _RunKeyBackend()
    if sys.platform == "darwin":
        return _LaunchAgentBackend()
    return _XdgBackend()
