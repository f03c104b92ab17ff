"""The packaging files agree with the program: the same app id, name, icon, commands and
version source as `wizard/ui/autostart.py` and the package metadata. Fast; builds nothing."""

from __future__ import annotations

import configparser
import importlib.util
import plistlib
import re
import shutil
import subprocess
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest

from wizard.ui import autostart

ROOT = Path(__file__).resolve().parents[2]
PACKAGING = ROOT / "packaging"


def load_entry():
    spec = importlib.util.spec_from_file_location("packaging_entry", PACKAGING / "entry.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# -- the frozen entry point ------------------------------------------------------------------


def test_a_desktop_icon_start_without_arguments_opens_the_wizard():
    entry = load_entry()
    assert entry.frozen_arguments([]) == ["setup"]


def test_the_autostart_command_and_every_cli_command_pass_through():
    entry = load_entry()
    assert entry.frozen_arguments(["tray"]) == ["tray"]
    assert entry.frozen_arguments(["--version"]) == ["--version"]
    assert entry.frozen_arguments(["transfer", "--json"]) == ["transfer", "--json"]


def test_a_finder_launch_argument_is_dropped():
    entry = load_entry()
    assert entry.frozen_arguments(["-psn_0_1234567"]) == ["setup"]


def test_bundle_info_from_the_source_tree_names_the_metadata_version():
    from importlib.metadata import version

    info = load_entry().bundle_info()
    assert info["frozen"] is False
    assert info["version"] == version("acubiz-export")
    assert info["translation_da_shipped"] is False


def test_bundle_info_names_the_receipt_libraries():
    receipts = load_entry().bundle_info()["receipts"]
    assert receipts["libheif"] and "libde265" in receipts["heif_decoders"]
    assert {"JPEG", "PNG", "GIF", "TIFF", "WEBP", "BMP"} <= set(receipts["formats"])
    assert receipts["pypdf"] and receipts["pillow"] and receipts["pi_heif"]


def test_the_receipt_selftest_converts_and_refuses_like_a_transfer(tmp_path):
    import io

    import pillow_heif
    from PIL import Image

    photo = tmp_path / "IMG_0001.HEIC"
    out = io.BytesIO()
    pillow_heif.from_pillow(Image.new("RGB", (64, 48), (200, 30, 30))).save(out, quality=50)
    photo.write_bytes(out.getvalue())
    program = tmp_path / "kvittering.pdf"
    program.write_bytes(b"MZ\x90\x00" + bytes(200))
    converted, refused = load_entry().selftest_receipts([str(photo), str(program)])
    assert converted["applied"] == ["converted from HEIC"]
    [part] = converted["parts"]
    assert (part["name"], part["media_type"], part["pages"]) == ("IMG_0001.jpg", "image/jpeg", 1)
    assert refused["cannot"]["key"] == "not-a-receipt"
    assert "Windows program" in refused["cannot"]["reason"]


# -- the PyInstaller spec --------------------------------------------------------------------


def test_spec_leaves_out_unused_qt_and_the_gtk_theme():
    spec = (PACKAGING / "acubiz-export.spec").read_text(encoding="utf-8")
    for module in ("QtWebEngineCore", "Qt3DCore", "QtQuick", "QtQml", "QtMultimedia",
                   "QtCharts", "QtPdf"):  # fmt: skip
        assert f'"{module}"' in spec, module
    for kept in ("QtWidgets", "QtGui", "QtCore", "QtSvg", "QtNetwork", "QtDBus"):
        assert f'"{kept}"' not in spec, kept
    assert "platformthemes/libqgtk3" in spec
    assert 'copy_metadata("keyring")' in spec and 'copy_metadata("acubiz-export")' in spec
    assert "keyring.backends.SecretService" in spec
    # HEIC is decoded by pi-heif (LGPL libheif/libde265); pillow-heif (GPL x265) stays out.
    assert '"pillow_heif"' in spec


# -- Linux -----------------------------------------------------------------------------------


def desktop_entry(path: Path) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # keys are case-sensitive
    parser.read(path, encoding="utf-8")
    return parser


def test_menu_entry_starts_the_wizard_and_offers_the_tray():
    entry = desktop_entry(PACKAGING / "linux" / "dk.acubiz.export.desktop")
    main = entry["Desktop Entry"]
    assert main["Type"] == "Application"
    assert main["Name"] == autostart.APP_NAME
    assert main["Exec"] == "acubiz-export setup"
    # The same icon name as the autostart entry the tray writes.
    assert f"Icon={main['Icon']}" in autostart.desktop_entry(["acubiz-export", "tray"])
    assert main["Actions"] == "tray;"
    assert entry["Desktop Action tray"]["Exec"] == "acubiz-export tray"
    assert main["Comment[da]"]


def test_menu_entry_validates():
    if not shutil.which("desktop-file-validate"):
        pytest.skip("desktop-file-validate is not installed (Debian: desktop-file-utils)")
    result = subprocess.run(
        ["desktop-file-validate", str(PACKAGING / "linux" / "dk.acubiz.export.desktop")],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 0 and result.stdout == "", result.stdout + result.stderr


def test_metainfo_names_the_menu_entry_and_takes_the_version_at_build_time(tmp_path):
    path = PACKAGING / "linux" / "dk.acubiz.export.metainfo.xml"
    component = ElementTree.parse(path).getroot()
    assert component.findtext("id") == autostart.APP_ID
    assert component.findtext("name") == autostart.APP_NAME
    assert component.find("launchable").text == f"{autostart.APP_ID}.desktop"
    release = component.find("releases/release")
    assert (release.get("version"), release.get("date")) == ("@VERSION@", "@DATE@")
    if shutil.which("appstreamcli"):
        filled = tmp_path / path.name
        filled.write_text(
            path.read_text(encoding="utf-8").replace("@VERSION@", "1.2.3")
            .replace("@DATE@", "2026-11-27"), encoding="utf-8",
        )  # fmt: skip
        result = subprocess.run(["appstreamcli", "validate", "--no-net", str(filled)],
                                capture_output=True, text=True, check=False)  # fmt: skip
        assert result.returncode == 0, result.stdout + result.stderr


def test_install_script_is_plain_posix_sh():
    for script in ("linux/install.sh", "build_linux.sh"):
        result = subprocess.run(["sh", "-n", str(PACKAGING / script)], capture_output=True,
                                text=True, check=False)  # fmt: skip
        assert result.returncode == 0, result.stderr


# -- macOS -----------------------------------------------------------------------------------


def test_info_plist_template_is_a_tray_app_with_the_metadata_version():
    info = plistlib.loads((PACKAGING / "macos" / "Info.plist").read_bytes())
    assert info["CFBundleIdentifier"] == autostart.APP_ID
    assert info["CFBundleName"] == autostart.APP_NAME
    assert info["CFBundleExecutable"] == "acubiz-export"
    assert info["CFBundleShortVersionString"] == info["CFBundleVersion"] == "@VERSION@"
    assert info["LSUIElement"] is True
    assert "da" in info["CFBundleLocalizations"]


def test_launch_agent_template_is_what_the_tray_writes_itself():
    template = plistlib.loads((PACKAGING / "macos" / "dk.acubiz.export.plist").read_bytes())
    program = "@APP@/Contents/MacOS/acubiz-export"
    assert template == plistlib.loads(autostart.launch_agent_plist([program, "tray"]))


# -- Windows ---------------------------------------------------------------------------------


def test_installer_has_a_start_menu_entry_and_an_optional_start_at_login():
    script = (PACKAGING / "windows" / "acubiz-export.iss").read_text(encoding="utf-8")
    assert f'#define AppName "{autostart.APP_NAME}"' in script
    assert re.search(r'^Name: "\{group\}\\\{#AppName\}"; Filename: "\{app\}\\\{#AppExe\}"',
                     script, re.MULTILINE)  # fmt: skip
    assert re.search(r'^Name: "startatlogin"; .*$', script, re.MULTILINE)
    # The same Run value the tray's "Start at login" writes (and reads back), so either side
    # can turn it off: key, value name and "<program> tray".
    run_key = autostart.RUN_KEY.replace("\\", "\\\\")
    assert re.search(
        rf'^Root: HKCU; Subkey: "{run_key}"; ValueType: string; ValueName: "\{{#AppName\}}"; '
        r'ValueData: """\{app\}\\\{#AppExe\}"" tray"; Tasks: startatlogin',
        script, re.MULTILINE,
    )  # fmt: skip
    assert "PrivilegesRequired=lowest" in script
