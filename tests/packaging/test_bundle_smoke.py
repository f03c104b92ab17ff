"""The built Linux program folder works on its own: the story of an admin who unpacks it.

Everything here runs `dist/acubiz-export/acubiz-export` (built by the `bundle` fixture), never
the source tree's Python: the version from the bundled package metadata, the compiled Danish
translation, the wizard's pages, a whole transfer against the sandbox the bundle itself
serves, the password store the frozen keyring finds, the tray, and the per-user installer.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
import uuid
from importlib.metadata import version
from pathlib import Path

import keyring
import pytest

from wizard.sandbox.seed import APP_SECRET_TOKEN, GRANT_TOKEN

pytestmark = [pytest.mark.slow, pytest.mark.timeout(900)]

ROOT = Path(__file__).resolve().parents[2]
DEMO_INBOX = ROOT / "resources" / "demo" / "inbox"
# Measured 176 MB on Debian 12 (PySide6 6.12), 198 MB with the receipt libraries (Pillow and
# its libraries 16 MB, pi-heif's libheif and libde265 4 MB); PyInstaller's note: ~170 MB.
SIZE_LIMIT_MB = 215
QT_MODULES_KEPT = ("QtCore", "QtGui", "QtWidgets", "QtSvg", "QtNetwork", "QtDBus")
NOT_IN_BUNDLE = (
    "libqgtk3", "libgtk-3", "libgdk-3", "WebEngine", "Qt3D", "Qml", "Quick", "Multimedia",
    "Charts", "Pdf", "QtTest", "Designer", "pytest", "hypothesis", "PyInstaller",
    # pillow-heif and its x265 encoder (GPL-2) are for the tests only.
    "pillow_heif", "libx265",
)
WIZARD_PAGES = ("01-welcome", "02-app", "03-connect", "04-journal", "05-profile",
                "06-departments", "07-summary")  # fmt: skip


def bundle_info(bundle) -> dict:
    result = bundle.run("--bundle-info")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_version_is_the_package_metadata_version(bundle):
    expected = version("acubiz-export")
    result = bundle.run("--version")
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"acubiz-export {expected}\n"
    info = bundle_info(bundle)
    # wizard.__version__ is what the Welcome page, the tray's Help and About and --version all show.
    assert info["frozen"] is True
    assert info["version"] == info["wizard_version"] == expected


def test_bundle_holds_the_qt_it_uses_and_not_the_rest(bundle):
    files = [path for path in bundle.folder.rglob("*") if path.is_file()]
    names = [str(path.relative_to(bundle.folder)) for path in files]
    for module in QT_MODULES_KEPT:
        assert any(name.endswith(f"PySide6/{module}.abi3.so") for name in names), module
    for plugin in ("platforms/libqxcb.so", "platforms/libqoffscreen.so", "imageformats/libqsvg.so",
                   "iconengines/libqsvgicon.so", "tls/libqopensslbackend.so"):  # fmt: skip
        assert any(name.endswith(plugin) for name in names), plugin
    unwanted = [name for name in names if any(part in name for part in NOT_IN_BUNDLE)]
    assert unwanted == []
    size_mb = sum(path.stat().st_size for path in files if not path.is_symlink()) / 1e6
    built = f", built in {bundle.build_seconds:.0f} s" if bundle.build_seconds else ""
    print(f"bundle: {size_mb:.0f} MB{built}")
    assert size_mb < SIZE_LIMIT_MB


def test_the_bundle_converts_receipts_with_its_own_libheif(bundle, tmp_path):
    """A HEIC photo (made here with pillow-heif, which the bundle does not hold), a WebP and a
    multi-page TIFF are converted by the frozen program, and a renamed program is refused."""
    import io

    import pillow_heif
    from PIL import Image

    picture = Image.new("RGB", (640, 480), (30, 120, 200))
    picture.paste((250, 250, 250), (40, 40, 600, 440))
    heic = io.BytesIO()
    pillow_heif.from_pillow(picture).save(heic, quality=60)
    files = {
        "IMG_0001.HEIC": heic.getvalue(),
        "receipt.webp": _encoded(picture, "WEBP"),
        "scan.tif": _encoded(picture, "TIFF", save_all=True, append_images=[picture.convert("L")]),
        "kvittering.pdf": b"MZ\x90\x00" + bytes(200),
    }
    for name, content in files.items():
        (tmp_path / name).write_bytes(content)
    before = {name: (tmp_path / name).read_bytes() for name in files}
    result = bundle.run("--selftest-receipts", *(str(tmp_path / name) for name in files))
    assert result.returncode == 0, result.stdout + result.stderr
    heic_result, webp_result, tiff_result, program = json.loads(result.stdout)
    assert heic_result["applied"] == ["converted from HEIC"]
    assert [(p["name"], p["media_type"], p["pages"]) for p in heic_result["parts"]] == [
        ("IMG_0001.jpg", "image/jpeg", 1)]
    assert webp_result["parts"][0]["name"] == "receipt.jpg"
    assert [(p["name"], p["pages"]) for p in tiff_result["parts"]] == [("scan.pdf", 2)]
    assert program["cannot"]["key"] == "not-a-receipt"
    # The originals are as they were.
    assert {name: (tmp_path / name).read_bytes() for name in files} == before
    receipts = bundle_info(bundle)["receipts"]
    assert receipts["libheif"] and "libde265" in receipts["heif_decoders"]
    assert {"JPEG", "PNG", "GIF", "TIFF", "WEBP", "BMP"} <= set(receipts["formats"])


def _encoded(picture, file_format: str, **options) -> bytes:
    import io

    out = io.BytesIO()
    picture.save(out, file_format, **options)
    return out.getvalue()


def test_danish_translation_ships_compiled(bundle):
    info = bundle_info(bundle)
    assert info["translation_da_shipped"] is True
    assert info["translation_da"].endswith("resources/translations/acubiz_export_da.qm")
    # Qt's own Danish (the folder picker, Back/Next/Cancel, message boxes) is in the bundle.
    assert info["qt_translation_da_shipped"] is True
    assert Path(info["qt_translation_da"]).name in ("qt_da.qm", "qtbase_da.qm")
    assert Path(info["resources"], "icons", "app.svg").is_file()
    assert Path(info["resources"], "demo", "inbox").is_dir()


@pytest.fixture(scope="module")
def frozen_pages(bundle, tmp_path_factory) -> Path:
    """`setup --render-pages` by the frozen program: `<folder>/en/*.png`, `<folder>/da/*.png`."""
    folder = tmp_path_factory.mktemp("pages")
    for language in ("en", "da"):
        result = bundle.run("setup", "--render-pages", str(folder / language), "--lang", language)
        assert result.returncode == 0, result.stderr
    return folder


def test_setup_renders_every_wizard_page_in_english_and_danish(frozen_pages):
    for language in ("en", "da"):
        for page in WIZARD_PAGES:
            picture = frozen_pages / language / f"{page}.png"
            assert picture.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", picture
    # The Danish pages really are Danish: the compiled .qm was found inside the bundle.
    english, danish = (frozen_pages / language / "01-welcome.png" for language in ("en", "da"))
    assert english.read_bytes() != danish.read_bytes()


def test_welcome_page_is_the_source_trees_to_the_pixel(frozen_pages, tmp_path):
    """The Welcome page shows "Version <wizard.__version__>": drawn by the frozen program and
    by this Python (which reads the installed metadata) it is the same picture, so the frozen
    program shows the metadata version too (and the same Danish)."""
    assert not version("acubiz-export").startswith("0.0.0")
    for language in ("en", "da"):
        subprocess.run(
            [sys.executable, "-m", "wizard", "setup", "--render-pages", str(tmp_path / language),
             "--lang", language],
            cwd=ROOT, capture_output=True, timeout=120, check=True,
        )  # fmt: skip
        welcome = "01-welcome.png"
        frozen = (frozen_pages / language / welcome).read_bytes()
        assert frozen == (tmp_path / language / welcome).read_bytes(), language


def test_started_without_arguments_it_opens_the_wizard(bundle):
    """A desktop icon starts the program with no arguments: that is the wizard, not --help.
    Without a display the wizard says so (and how to do without it)."""
    env = {key: value for key, value in os.environ.items()
           if key not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}  # fmt: skip
    result = bundle.run(env=env)
    assert result.returncode == 2
    assert "setup wizard cannot open" in result.stderr


def test_frozen_keyring_finds_the_same_password_store_as_python(bundle):
    """keyring finds its backends through package metadata (entry points): a bundle without it
    silently has none (jaraco/keyring #324, #468)."""
    ours = keyring.get_keyring()
    name = f"{type(ours).__module__}.{type(ours).__qualname__}"
    if name.startswith(("keyring.backends.fail", "keyring.backends.null")):
        pytest.skip("no password store on this machine (run inside tools/desktop-session.sh)")
    frozen = bundle_info(bundle)["keyring"]
    assert frozen["backend"] == name
    assert "keyring.backends.SecretService.Keyring" in frozen["available"]


def test_headless_transfer_against_the_bundled_sandbox(bundle, tmp_path):
    """The README's first setup, start to finish, with nothing but the program folder."""
    _needs_a_password_store()
    sandbox = subprocess.Popen(
        [str(bundle.program), "sandbox", "--port", "0", "--quiet"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    name = f"2. Omkostninger {uuid.uuid4().hex[:6]}"
    api_url = None
    try:
        api_url = _sandbox_api_url(sandbox)
        _post_json(f"{api_url}/__sandbox__/journals", {"name": "ACUBIZ EMS"})
        inbox = tmp_path / "Acubiz" / "Costs"
        shutil.copytree(DEMO_INBOX, inbox)

        added = bundle.run("profile", "add", "--name", name, "--inbox", str(inbox),
                           "--api-url", api_url)  # fmt: skip
        assert added.returncode == 0, added.stdout + added.stderr
        env = dict(os.environ, ACUBIZ_EXPORT_APP_SECRET_TOKEN=APP_SECRET_TOKEN)
        connected = bundle.run("connect", "--profile", name, stdin=f"{GRANT_TOKEN}\n", env=env)
        assert connected.returncode == 0, connected.stdout + connected.stderr
        assert "Demo Regnskab ApS" in connected.stdout

        shown = bundle.run("profile", "show", name, "--json")
        connection = json.loads(shown.stdout)["connection"]
        assert connection["connected"] is True
        assert connection["store"] == keyring.get_keyring().name
        assert connection["store"] not in ("fail Keyring", "null keyring")

        sent = bundle.run("transfer", "--profile", name, "--settle-seconds", "0", "--json")
        assert sent.returncode == 0, sent.stdout + sent.stderr
        [run] = json.loads(sent.stdout)["runs"]
        assert (run["status"], run["counts"]["sent"], run["problems"]) == ("ok", 6, [])
        assert sorted(path.name for path in (inbox / "sent").rglob("*.csv")) == [
            "EMS_EA-20261124-160000.csv", "EMS_EA-20261125-160000.csv"]  # fmt: skip

        again = bundle.run("transfer", "--profile", name, "--settle-seconds", "0", "--json")
        assert json.loads(again.stdout)["runs"][0]["status"] == "nothing-to-send"
        status = bundle.run("status", "--json")
        assert json.loads(status.stdout)["profiles"][0]["last_run"]["status"] == "nothing-to-send"
    finally:
        bundle.run("profile", "remove", name, "--yes")
        if api_url:
            from wizard.settings.secrets import delete_app_secret

            delete_app_secret(api_url)
        sandbox.send_signal(signal.SIGTERM)
        try:
            sandbox.wait(timeout=10)
        except subprocess.TimeoutExpired:
            sandbox.kill()
            sandbox.wait()


def test_tray_starts_from_the_bundle(bundle):
    """Autostart runs `<program> tray` when frozen; it must come up and stay up."""
    if not os.environ.get("DISPLAY"):
        pytest.skip("needs an X display with a tray host (run inside tools/desktop-session.sh)")
    tray = subprocess.Popen(
        [str(bundle.program), "tray"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    try:
        time.sleep(5)
        assert tray.poll() is None, tray.communicate()[0]
    finally:
        tray.terminate()
        try:
            output = tray.communicate(timeout=10)[0]
        except subprocess.TimeoutExpired:
            tray.kill()
            output = tray.communicate()[0]
    assert "Traceback" not in output, output


def test_install_script_installs_for_the_user_and_removes_again(bundle, tmp_path):
    prefix = tmp_path / "prefix"
    env = dict(os.environ, HOME=str(tmp_path / "home"), XDG_CONFIG_HOME=str(tmp_path / "config"))
    installed = subprocess.run(
        ["sh", str(bundle.folder / "install.sh"), "--prefix", str(prefix)],
        capture_output=True, text=True, env=env, timeout=300, check=False,
    )  # fmt: skip
    assert installed.returncode == 0, installed.stdout + installed.stderr
    program = prefix / "bin" / "acubiz-export"
    assert program.is_symlink()
    result = subprocess.run([str(program), "--version"], capture_output=True, text=True, env=env)
    assert result.stdout == f"acubiz-export {version('acubiz-export')}\n"
    # The copy still speaks Danish: the .qm stayed newer than its .ts (the wizard's rule).
    info = subprocess.run([str(program), "--bundle-info"], capture_output=True, text=True, env=env)
    assert json.loads(info.stdout)["translation_da_shipped"] is True
    desktop = (prefix / "share" / "applications" / "dk.acubiz.export.desktop").read_text()
    assert f'Exec="{program}" setup' in desktop
    assert f'Exec="{program}" tray' in desktop
    assert (prefix / "share" / "icons" / "hicolor" / "scalable" / "apps" / "acubiz-export.svg"
            ).is_file()  # fmt: skip
    metainfo = (prefix / "share" / "metainfo" / "dk.acubiz.export.metainfo.xml").read_text()
    assert f'<release version="{version("acubiz-export")}"' in metainfo

    removed = subprocess.run(
        ["sh", str(bundle.folder / "install.sh"), "--uninstall", "--prefix", str(prefix)],
        capture_output=True, text=True, env=env, timeout=120, check=False,
    )  # fmt: skip
    assert removed.returncode == 0, removed.stderr
    assert not program.exists() and not program.is_symlink()
    assert not (prefix / "lib" / "acubiz-export").exists()


def test_shipped_metainfo_and_menu_entry_validate(bundle):
    share = bundle.folder / "share"
    metainfo = share / "metainfo" / "dk.acubiz.export.metainfo.xml"
    assert f'<release version="{version("acubiz-export")}"' in metainfo.read_text()
    if shutil.which("appstreamcli"):
        result = subprocess.run(["appstreamcli", "validate", "--no-net", str(metainfo)],
                                capture_output=True, text=True)  # fmt: skip
        assert result.returncode == 0, result.stdout + result.stderr
    if shutil.which("desktop-file-validate"):
        desktop = share / "applications" / "dk.acubiz.export.desktop"
        result = subprocess.run(["desktop-file-validate", str(desktop)],
                                capture_output=True, text=True)  # fmt: skip
        assert result.returncode == 0 and result.stdout == "", result.stdout + result.stderr


# -- helpers ---------------------------------------------------------------------------------


def _needs_a_password_store() -> None:
    backend = keyring.get_keyring()
    module = type(backend).__module__
    if module.startswith(("keyring.backends.fail", "keyring.backends.null")):
        pytest.skip("no password store on this machine (run inside tools/desktop-session.sh)")


def _sandbox_api_url(sandbox: subprocess.Popen) -> str:
    """The sandbox prints its addresses first; read until the API base URL."""
    seen = []
    for line in sandbox.stdout:
        seen.append(line)
        if "API base URL:" in line:
            return line.split("API base URL:", 1)[1].strip()
    raise AssertionError("the bundled sandbox did not start:\n" + "".join(seen))


def _post_json(url: str, body: dict) -> dict:
    request = urllib.request.Request(
        url, data=json.dumps(body).encode(), headers={"Content-Type": "application/json"},
        method="POST",
    )  # fmt: skip
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.load(response)
