"""The Windows and macOS code paths, tested on Linux with only the OS itself faked at the edge
(the registry, the home folder, the password store backend classes, platformdirs' folder
lookup): start at login, the password store the program names, and the folders it uses, with
user names that have spaces and Danish letters. The real thing runs in
.github/workflows/desktop-builds.yml on Windows and macOS runners."""

from __future__ import annotations

import importlib
import plistlib
import sys
import types
from pathlib import Path

import keyring
import pytest
from keyring_helpers import MemoryKeyring

from wizard.settings import secrets
from wizard.ui import autostart

ROOT = Path(__file__).resolve().parents[2]
WINDOWS_USER_PROGRAM = (
    r"C:\Users\Søren Ærø\AppData\Local\Programs\Acubiz e-conomic Export\acubiz-export-gui.exe"
)
MAC_APP_PROGRAM = "/Applications/Acubiz e-conomic Export.app/Contents/MacOS/acubiz-export"


# -- Windows: the per-user Run key ----------------------------------------------------------


class FakeRegistry(types.ModuleType):
    """The few `winreg` calls autostart makes (with winreg's names), on a dict:
    {key path: {value name: data}}."""

    HKEY_CURRENT_USER = "HKCU"
    KEY_SET_VALUE = 2
    REG_SZ = 1

    def __init__(self) -> None:
        super().__init__("winreg")
        self.keys: dict[str, dict[str, str]] = {}
        self.broken = False

    def _key(self, root: str, path: str, create: bool) -> _Key:
        if self.broken:
            raise OSError("the registry cannot be read")
        if path not in self.keys:
            if not create:
                raise FileNotFoundError(path)
            self.keys[path] = {}
        return _Key(self.keys[path])

    def OpenKey(self, root, path, reserved=0, access=0):
        return self._key(root, path, create=False)

    def CreateKey(self, root, path):
        return self._key(root, path, create=True)

    def QueryValueEx(self, key, name):
        if name not in key.values:
            raise FileNotFoundError(name)
        return key.values[name], self.REG_SZ

    def SetValueEx(self, key, name, reserved, kind, value):
        assert kind == self.REG_SZ
        key.values[name] = value

    def DeleteValue(self, key, name):
        if name not in key.values:
            raise FileNotFoundError(name)
        del key.values[name]


class _Key:
    def __init__(self, values: dict[str, str]) -> None:
        self.values = values

    def __enter__(self) -> _Key:
        return self

    def __exit__(self, *exc: object) -> None:
        return None


@pytest.fixture
def windows(monkeypatch) -> FakeRegistry:
    registry = FakeRegistry()
    monkeypatch.setitem(sys.modules, "winreg", registry)
    monkeypatch.setattr(autostart.sys, "platform", "win32")
    return registry


def test_windows_start_at_login_is_one_run_value_for_a_user_with_spaces_and_danish_letters(
    windows, monkeypatch
):
    monkeypatch.setattr(autostart.sys, "frozen", True, raising=False)
    monkeypatch.setattr(autostart.sys, "executable", WINDOWS_USER_PROGRAM)
    assert autostart.is_enabled() is False  # no Run key at all yet

    autostart.enable()
    autostart.enable()  # idempotent
    values = windows.keys[autostart.RUN_KEY]
    assert values == {autostart.APP_NAME: f'"{WINDOWS_USER_PROGRAM}" tray'}
    assert autostart.is_enabled() is True

    autostart.disable()
    autostart.disable()  # already off: nothing happens
    assert values == {} and autostart.is_enabled() is False


def test_a_registry_that_cannot_be_read_means_off_never_a_crash(windows):
    windows.broken = True
    assert autostart.is_enabled() is False


# -- macOS: the LaunchAgent -------------------------------------------------------------------


def test_macos_start_at_login_is_a_launch_agent_in_a_home_with_spaces_and_danish_letters(
    monkeypatch, tmp_path
):
    home = tmp_path / "Users" / "Søren Ærø"
    home.mkdir(parents=True)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setattr(autostart.sys, "platform", "darwin")
    assert autostart.is_enabled() is False

    autostart.enable([MAC_APP_PROGRAM, "tray"])
    agent = home / "Library" / "LaunchAgents" / "dk.acubiz.export.plist"
    plist = plistlib.loads(agent.read_bytes())
    assert plist["ProgramArguments"] == [MAC_APP_PROGRAM, "tray"]  # no shell, no quoting
    assert plist["RunAtLoad"] is True and autostart.is_enabled() is True

    autostart.disable()
    assert not agent.exists() and autostart.is_enabled() is False


# -- the password store each OS has -----------------------------------------------------------


def _backend_like(module: str, class_name: str, shown_name: str) -> MemoryKeyring:
    """A working store that looks, to the program, like the OS's own backend class."""
    kind = type(class_name, (MemoryKeyring,), {"__module__": module, "name": shown_name})
    return kind()


@pytest.mark.parametrize(
    ("module", "class_name", "shown_name"),
    [
        ("keyring.backends.Windows", "WinVaultKeyring", "Windows WinVaultKeyring"),
        ("keyring.backends.macOS", "Keyring", "macOS Keyring"),
    ],
)
def test_the_os_password_store_is_used_and_named(monkeypatch, module, class_name, shown_name):
    from wizard.settings.demo_tokens import DEMO_TOKEN_FILE_ENV

    monkeypatch.delenv(DEMO_TOKEN_FILE_ENV, raising=False)
    keyring.set_keyring(_backend_like(module, class_name, shown_name))
    secrets.store_grant_token("2. Omkostninger", "SgTD30mY355XWrFkgnJRP8pPMly6H13vvzAFrMBKvBU1")
    assert secrets.load_grant_token("2. Omkostninger").endswith("vBU1")
    assert secrets.backend_name() == shown_name
    assert secrets.os_store_problem() is None


def test_the_frozen_program_carries_each_os_keyring_backend():
    """Without them a frozen keyring has no backend (jaraco/keyring #324, #468)."""
    spec = (ROOT / "packaging" / "acubiz-export.spec").read_text(encoding="utf-8")
    for module in ("keyring.backends.Windows", "win32ctypes.core", "keyring.backends.macOS"):
        assert f'"{module}"' in spec
    for module in ("keyring.backends.Windows", "keyring.backends.macOS"):
        importlib.import_module(module)  # the names are real modules of this keyring


# -- where settings, history and logs live ----------------------------------------------------


def test_the_windows_and_macos_folders_are_the_ones_the_readme_names(monkeypatch, tmp_path):
    import platformdirs.macos
    import platformdirs.windows

    local = r"C:\Users\Søren Ærø\AppData\Local"
    monkeypatch.setenv("LOCALAPPDATA", local)
    monkeypatch.setattr(
        platformdirs.windows, "get_win_folder", platformdirs.windows.get_win_folder_from_env_vars
    )
    on_windows = platformdirs.windows.Windows(appname="acubiz-export")
    home = tmp_path / "Søren Ærø"
    monkeypatch.setenv("HOME", str(home))
    for name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
        monkeypatch.delenv(name, raising=False)  # a Mac has none (platformdirs honours them)
    on_mac = platformdirs.macos.MacOS(appname="acubiz-export")

    def windows_path(path: str) -> str:
        return path.replace("/", "\\").replace(local, "%LOCALAPPDATA%") + "\\"

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme[readme.index("| Settings (`profiles.toml`)"):]
    table = table[: table.index("\n\n")]
    rows = {line.split("|")[1].strip(): line for line in table.splitlines()}
    settings, history, log = (
        rows["Settings (`profiles.toml`)"],
        rows["History, the ledger of what was sent (`ledger.sqlite3`)"],
        rows["Log (`acubiz-export.log`, rotated)"],
    )
    assert f"`{windows_path(on_windows.user_config_dir)}`" in settings
    assert f"`{windows_path(on_windows.user_data_dir)}`" in history
    assert f"`{windows_path(on_windows.user_log_dir)}`" in log
    mac_home = str(home)
    assert f"`{on_mac.user_config_dir.replace(mac_home, '~')}/`" in settings
    assert f"`{on_mac.user_data_dir.replace(mac_home, '~')}/`" in history
    assert f"`{on_mac.user_log_dir.replace(mac_home, '~')}/`" in log


def test_the_demo_token_file_works_in_a_user_folder_with_spaces_and_danish_letters(
    monkeypatch, tmp_path
):
    from keyring.backends import fail

    from wizard.settings.demo_tokens import DEMO_TOKEN_FILE_ENV

    folder = tmp_path / "Søren Ærø" / "AppData" / "Local" / "acubiz-export" / "demo-sandbox"
    monkeypatch.setenv(DEMO_TOKEN_FILE_ENV, str(folder / "DEMO-ONLY-sandbox-tokens.json"))
    keyring.set_keyring(fail.Keyring())
    secrets.store_app_secret("U8Z8gAi_vbQl6EW-YUv8883_vHQ5qkVgb5uoIbDrskQ1", "http://127.0.0.1:8765")
    assert secrets.load_app_secret("http://127.0.0.1:8765").endswith("skQ1")


# -- the workflow that builds them --------------------------------------------------------------


def test_the_desktop_workflow_builds_tests_and_uploads_on_windows_and_macos():
    """What the hosted CI workflow promises, checked against what exists here (.ci/run also
    lints it with actionlint)."""
    workflow = (ROOT / ".github" / "workflows" / "desktop-builds.yml").read_text(encoding="utf-8")
    for needed in (
        "runs-on: windows-latest", "runs-on: macos-latest",
        "python packaging/build.py --installer", "uv sync --locked", "QT_QPA_PLATFORM: offscreen",
        "pytest -m \"not slow\"", "actions/upload-artifact@v4", "--bundle-info",
    ):  # fmt: skip
        assert needed in workflow, needed
    assert (ROOT / "packaging" / "windows" / "acubiz-export.iss").is_file()
    assert (ROOT / "packaging" / "macos" / "Info.plist").is_file()
    build = (ROOT / "packaging" / "build.py").read_text(encoding="utf-8")
    assert '"--installer"' in build and "Contents\" / \"MacOS\"" in build
