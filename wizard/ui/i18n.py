"""The wizard's languages: English (the source text) and Danish (Qt Linguist), switched live.

Translator workflow (the .ts file is committed, the .qm never is):

    # collect new and changed texts into the .ts (keeps existing translations):
    .venv/bin/pyside6-lupdate wizard/ui/*.py wizard/ui/setup/*.py wizard/ui/tray/*.py \\
        -ts resources/translations/acubiz_export_da.ts -no-obsolete -locations none
    # translate them (or edit the <translation> elements by hand):
    .venv/bin/pyside6-linguist resources/translations/acubiz_export_da.ts
    # compile, by hand only for checking - the program does it by itself:
    .venv/bin/pyside6-lrelease resources/translations/acubiz_export_da.ts -qm /tmp/da.qm

At run time `compiled_translation("da")` uses a `.qm` shipped beside the `.ts` (a packaged
build), else compiles the `.ts` with `lrelease` into the user cache folder once per version of
the file. If neither works the wizard stays in English and says nothing: English is complete.

Qt's own Danish (`qtbase_da.qm`: Back, Next, Cancel, the file dialog, the message boxes) comes
with PySide6 and is installed together with ours; the packaged bundle ships it too (see
`packaging/acubiz-export.spec`). `qt_da.qm` is only a list of catalogues (qtbase, qtmultimedia)
and does not load from the PySide6 wheels (there is no `qtmultimedia_da.qm`), so `qtbase_da`
is loaded when `qt_da` is not. A few of Qt's own texts are missing from `qtbase_da` (the
folder picker's "&Look in:" and "Files of &type:"): `QT_OWN_TEXTS` below keeps them in our
catalogue, under Qt's own context, so the folder picker is Danish all the way through.
"""

from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path

import platformdirs
from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QLibraryInfo,
    QLocale,
    QTranslator,
)

from wizard.ui.paths import resources_dir

LANGUAGES = {"en": "English", "da": "Dansk"}
CATALOGUE = "acubiz_export"
_built: dict[str, Path] = {}  # .ts digest → compiled .qm, for this process
# Qt's own catalogues for its dialogs, the first that loads wins (see the module docstring).
QT_CATALOGUES = ("qt", "qtbase")
# Texts of Qt's own dialogs that `qtbase_da.qm` (PySide6 6.12) lacks; listed here so lupdate
# keeps them in our .ts under Qt's context, where our translator answers for Qt. Found by
# tests/ui/test_danish_windows.py, which fails on any English text from Qt in a Danish window.
QT_OWN_TEXTS = (
    QT_TRANSLATE_NOOP("QFileDialog", "&Look in:"),
    QT_TRANSLATE_NOOP("QFileDialog", "Files of &type:"),
)


def default_language() -> str:
    """The language the admin last finished the wizard in; else Danish on a Danish desktop,
    English elsewhere. The tray speaks the same language as the wizard that set it up."""
    try:
        remembered = language_file().read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError):
        remembered = ""
    if remembered in LANGUAGES:
        return remembered
    return "da" if QLocale.system().language() == QLocale.Language.Danish else "en"


def language_file() -> Path:
    return platformdirs.user_config_path("acubiz-export") / "language"


def remember_language(language: str) -> None:
    """Keep the wizard's language for the tray and the next wizard (a convenience: a failure
    to write it changes nothing else)."""
    from wizard.settings.atomic import write_bytes_atomically

    if language not in LANGUAGES:
        return
    with contextlib.suppress(OSError):
        write_bytes_atomically(language_file(), language.encode("utf-8"))


def translation_source(language: str) -> Path:
    return resources_dir() / "translations" / f"{CATALOGUE}_{language}.ts"


def compiled_translation(language: str) -> Path | None:
    """A `.qm` for `language` that matches the committed `.ts`, building it if needed."""
    source = translation_source(language)
    try:
        data = source.read_bytes()
    except OSError:
        return None
    shipped = source.with_suffix(".qm")
    # A frozen app ships the .qm built from its own .ts (and may have no lrelease): trust it
    # even when an installer's copy reset the file times. In a source tree the times tell
    # whether the .ts was edited after the .qm was built.
    frozen = bool(getattr(sys, "frozen", False))
    if shipped.exists() and (frozen or shipped.stat().st_mtime >= source.stat().st_mtime):
        return shipped
    # The cache key only tells versions of our own file apart (no attacker here): CRC-32 and
    # the length, from zlib, which is loaded already. hashlib would load OpenSSL on every
    # start from a source tree (5-20 ms of the wizard's first page, 3.5 MB of the tray).
    import zlib

    digest = f"{zlib.crc32(data):08x}{len(data):08x}"
    known = _built.get(digest)
    if known is not None and known.exists():
        return known
    target = (
        platformdirs.user_cache_path("acubiz-export")
        / "translations"
        / (f"{CATALOGUE}_{language}-{digest}.qm")
    )
    if not target.exists() and not _lrelease(source, target):
        return None
    _built[digest] = target
    return target


def _lrelease(source: Path, target: Path) -> bool:
    import subprocess  # only to build a .qm (once per .ts): not on the wizard's way up
    import tempfile

    command = _lrelease_command()
    if command is None:
        return False
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(suffix=".qm", dir=target.parent)
    os.close(handle)
    try:
        result = subprocess.run(
            [*command, "-silent", str(source), "-qm", temporary],
            capture_output=True, timeout=60, check=False,
        )  # fmt: skip
        if result.returncode != 0 or os.path.getsize(temporary) == 0:
            return False
        os.replace(temporary, target)  # atomic: a second wizard never reads half a file
        return True
    except (OSError, subprocess.SubprocessError):
        return False
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)


def _lrelease_command() -> list[str] | None:
    try:
        import PySide6

        folder = Path(PySide6.__file__).parent
    except ImportError:
        return None
    for name in ("lrelease", "lrelease.exe"):
        if (folder / name).exists():
            return [str(folder / name)]
    script = Path(sys.executable).with_name("pyside6-lrelease")
    if script.exists():
        return [str(script)]
    import shutil

    found = shutil.which("pyside6-lrelease")
    return [found] if found else None


def qt_translation(language: str, translator: QTranslator | None = None) -> Path | None:
    """The file of Qt's own texts for `language` (`qt_da.qm` or `qtbase_da.qm` in Qt's
    translations folder, which a packaged build ships too), loaded into `translator` when one
    is given; None when there is none."""
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    probe = translator or QTranslator()
    for catalogue in QT_CATALOGUES:
        if probe.load(f"{catalogue}_{language}", folder):
            return Path(probe.filePath())
    return None


class Translations:
    """Installs the translators for one language on the application; switch at any time.

    Installing sends every widget a LanguageChange event: the pages re-translate themselves.
    """

    def __init__(self, app: QCoreApplication | None = None) -> None:
        self._app = app or QCoreApplication.instance()
        self._installed: list[QTranslator] = []
        self.language = "en"

    def apply(self, language: str) -> bool:
        """Switch to `language`; False (and English) when its translation cannot be loaded."""
        for translator in self._installed:
            self._app.removeTranslator(translator)
        self._installed = []
        self.language = "en"
        if language == "en":
            return True
        path = compiled_translation(language)
        ours = QTranslator(self._app)
        if path is None or not ours.load(str(path)):
            return False
        qt = QTranslator(self._app)
        if qt_translation(language, qt) is not None:
            self._app.installTranslator(qt)
            self._installed.append(qt)
        # Installed last, so asked first: it also answers the few Qt texts qtbase lacks.
        self._app.installTranslator(ours)
        self._installed.append(ours)
        self.language = language
        return True


def use_language(app: object, wanted: str | None) -> str:
    """Install the tray's translators: `--lang`, else the wizard's last language, else the
    desktop's. English when the translation cannot be loaded. Returns the language in use."""
    from wizard.ui.translate import set_language

    # One Translations per application: applying again replaces what it installed before.
    translations = getattr(app, "_acubiz_translations", None)
    if translations is None:
        translations = Translations(app)  # type: ignore[arg-type]
        app._acubiz_translations = translations  # type: ignore[attr-defined]
    translations.apply(wanted or default_language())
    set_language(translations.language)
    return translations.language
