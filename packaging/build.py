"""Build the program folder for this OS with PyInstaller, and what goes around it.

    uv run python packaging/build.py [--dist DIR] [--tarball] [--installer]

Steps: compile the translations (.ts → .qm with pyside6-lrelease, which the frozen program
cannot do for itself); on Windows and macOS render the icon; run PyInstaller with
`packaging/acubiz-export.spec`; check that the result starts and reports the version from the
package metadata; then per OS:

- Linux: add `share/` (menu entry, AppStream metainfo with this version, icon) and
  `install.sh` to the folder; `--tarball` also packs `acubiz-export-<version>-linux-<arch>.tar.gz`.
- macOS: the spec makes `Acubiz e-conomic Export.app` from `packaging/macos/Info.plist`.
- Windows: `--installer` runs Inno Setup's `iscc` on `packaging/windows/acubiz-export.iss`.

On Linux, `sh packaging/build_linux.sh` installs uv and the locked dependencies first and then
runs this. Prints the folder's size and the build time.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import shutil
import subprocess
import sys
import tarfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGING = ROOT / "packaging"
BUILD = ROOT / "build"
NAME = "acubiz-export"
APP_BUNDLE = "Acubiz e-conomic Export.app"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dist", type=Path, default=ROOT / "dist", help="output folder")
    parser.add_argument("--tarball", action="store_true", help="Linux: also pack a .tar.gz")
    parser.add_argument("--installer", action="store_true", help="Windows: also run iscc")
    args = parser.parse_args(argv)
    started = time.monotonic()
    dist = args.dist.resolve()

    translations = compile_translations(BUILD / "translations")
    if sys.platform in ("win32", "darwin"):
        render_icons(BUILD / "icons")
    run_pyinstaller(dist, translations)
    folder = dist / NAME
    version = built_version(program(dist))
    if sys.platform.startswith("linux"):
        add_linux_integration(folder, version)
        if args.tarball:
            archive = pack_tarball(dist, version)
            print(f"Archive: {archive} ({megabytes(archive.stat().st_size)})")
    if sys.platform == "win32" and args.installer:
        run_inno_setup(dist, version)
    print(f"Built {NAME} {version} in {folder}")
    print(f"Size: {megabytes(folder_size(folder))}, build time: {time.monotonic() - started:.0f} s")
    print(f"Run it: {program(dist)}")
    return 0


def compile_translations(target: Path) -> Path:
    """Every `resources/translations/*.ts` → `target/*.qm`; returns `target`."""
    target.mkdir(parents=True, exist_ok=True)
    lrelease = tool("pyside6-lrelease")
    for source in sorted((ROOT / "resources" / "translations").glob("*.ts")):
        compiled = target / source.with_suffix(".qm").name
        subprocess.run([lrelease, "-silent", str(source), "-qm", str(compiled)], check=True)
        if not compiled.is_file() or compiled.stat().st_size == 0:
            raise SystemExit(f"pyside6-lrelease did not write {compiled}")
    return target


def render_icons(target: Path) -> None:
    """`resources/icons/app.svg` as the Windows .ico and the macOS .icns."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    QGuiApplication.instance() or QGuiApplication([])
    renderer = QSvgRenderer(str(ROOT / "resources" / "icons" / "app.svg"))
    target.mkdir(parents=True, exist_ok=True)

    def image(size: int) -> QImage:
        picture = QImage(size, size, QImage.Format.Format_ARGB32)
        picture.fill(Qt.GlobalColor.transparent)
        painter = QPainter(picture)
        renderer.render(painter)
        painter.end()
        return picture

    if sys.platform == "win32":
        image(256).save(str(target / f"{NAME}.ico"))
    else:
        iconset = target / f"{NAME}.iconset"
        iconset.mkdir(exist_ok=True)
        for size in (16, 32, 128, 256, 512):
            image(size).save(str(iconset / f"icon_{size}x{size}.png"))
            image(size * 2).save(str(iconset / f"icon_{size}x{size}@2x.png"))
        subprocess.run(
            ["iconutil", "-c", "icns", str(iconset), "-o", str(target / f"{NAME}.icns")],
            check=True,
        )


def run_pyinstaller(dist: Path, translations: Path) -> None:
    environment = dict(os.environ, ACUBIZ_TRANSLATIONS_DIR=str(translations))
    command = [
        sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
        "--distpath", str(dist), "--workpath", str(BUILD / "pyinstaller"),
        str(PACKAGING / f"{NAME}.spec"),
    ]  # fmt: skip
    subprocess.run(command, check=True, env=environment, cwd=ROOT)


def program(dist: Path) -> Path:
    if sys.platform == "win32":
        return dist / NAME / f"{NAME}.exe"
    if sys.platform == "darwin":
        return dist / APP_BUNDLE / "Contents" / "MacOS" / NAME
    return dist / NAME / NAME


def built_version(executable: Path) -> str:
    """The version the built program reports (`acubiz-export 0.1.0` → `0.1.0`)."""
    result = subprocess.run(
        [str(executable), "--version"], capture_output=True, text=True, timeout=120, check=False
    )
    match = re.fullmatch(rf"{NAME} (\S+)\s*", result.stdout)
    if result.returncode != 0 or match is None or match.group(1).startswith("0.0.0"):
        raise SystemExit(
            f"The built program does not start or knows no version (exit {result.returncode}):"
            f"\n{result.stdout}{result.stderr}"
        )
    return match.group(1)


def add_linux_integration(folder: Path, version: str) -> None:
    """Menu entry, AppStream metainfo (with this version) and icon under `share/`, the
    per-user installer beside the program."""
    share = folder / "share"
    linux = PACKAGING / "linux"
    for relative in ("applications", "metainfo", "icons/hicolor/scalable/apps"):
        (share / relative).mkdir(parents=True, exist_ok=True)
    shutil.copyfile(linux / "dk.acubiz.export.desktop",
                    share / "applications" / "dk.acubiz.export.desktop")
    metainfo = (linux / "dk.acubiz.export.metainfo.xml").read_text(encoding="utf-8")
    metainfo = metainfo.replace("@VERSION@", version).replace("@DATE@", release_date())
    (share / "metainfo" / "dk.acubiz.export.metainfo.xml").write_text(metainfo, encoding="utf-8")
    shutil.copyfile(ROOT / "resources" / "icons" / "app.svg",
                    share / "icons" / "hicolor" / "scalable" / "apps" / f"{NAME}.svg")
    installer = folder / "install.sh"
    shutil.copyfile(linux / "install.sh", installer)
    installer.chmod(0o755)


def release_date() -> str:
    """Today, or the reproducible-build date when SOURCE_DATE_EPOCH is set."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = datetime.fromtimestamp(int(epoch), UTC) if epoch else datetime.now(UTC)
    return moment.strftime("%Y-%m-%d")


def pack_tarball(dist: Path, version: str) -> Path:
    archive = dist / f"{NAME}-{version}-linux-{platform.machine()}.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        tar.add(dist / NAME, arcname=NAME)
    return archive


def run_inno_setup(dist: Path, version: str) -> None:
    iscc = shutil.which("iscc") or r"C:\Program Files (x86)\Inno Setup 6\ISCC.exe"
    subprocess.run(
        [iscc, f"/DAppVersion={version}", f"/DSourceDir={dist / NAME}", f"/O{dist}",
         str(PACKAGING / "windows" / f"{NAME}.iss")],
        check=True,
    )  # fmt: skip


def tool(name: str) -> str:
    """A console script of this environment (beside its Python), else one on PATH."""
    folder = Path(sys.executable).parent
    for candidate in (folder / name, folder / f"{name}.exe"):
        if candidate.exists():
            return str(candidate)
    found = shutil.which(name)
    if found is None:
        raise SystemExit(f"{name} was not found; run `uv sync` first")
    return found


def folder_size(folder: Path) -> int:
    return sum(path.stat().st_size for path in folder.rglob("*")
               if path.is_file() and not path.is_symlink())


def megabytes(size: int) -> str:
    return f"{size / 1_000_000:.0f} MB"


if __name__ == "__main__":
    sys.exit(main())
