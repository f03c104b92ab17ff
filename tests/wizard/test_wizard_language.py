"""English and Danish: complete, switched live, nothing cut off, and English without a .qm."""

from __future__ import annotations

import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QLabel, QToolButton, QWizard
from wizard_helpers import WAIT_MS, connect_with, press_next

from wizard.sandbox.seed import GRANT_TOKEN
from wizard.ui import i18n

ROOT = Path(__file__).resolve().parents[2]
TS = ROOT / "resources" / "translations" / "acubiz_export_da.ts"
PLACEHOLDER = re.compile(r"\{[a-z_]+\}")


def messages(path: Path) -> dict[tuple[str, str], ET.Element]:
    found = {}
    for context in ET.parse(path).getroot().iter("context"):
        name = context.find("name").text
        for message in context.findall("message"):
            found[(name, message.find("source").text)] = message.find("translation")
    return found


def test_every_text_has_a_finished_danish_translation_with_the_same_placeholders():
    problems = []
    for (context, source), translation in messages(TS).items():
        text = translation.text or ""
        if translation.get("type") in ("unfinished", "vanished", "obsolete") or not text:
            problems.append(f"{context}: untranslated: {source}")
        elif sorted(PLACEHOLDER.findall(source)) != sorted(PLACEHOLDER.findall(text)):
            problems.append(f"{context}: placeholders differ: {source} → {text}")
        elif ("&" in source.replace("&amp;", "")) != ("&" in text.replace("&amp;", "")):
            problems.append(f"{context}: keyboard shortcut (&) lost: {source} → {text}")
    assert problems == []


def test_the_committed_ts_holds_every_text_in_the_code(tmp_path):
    """A string added to the code without running lupdate would stay English in Danish."""
    fresh = tmp_path / "fresh.ts"
    sources = sorted(str(p) for folder in ("wizard/ui", "wizard/ui/setup", "wizard/ui/tray")
                     for p in (ROOT / folder).glob("*.py"))
    lupdate = Path(sys.executable).with_name("pyside6-lupdate")
    subprocess.run(
        [str(lupdate), *sources, "-ts", str(fresh),
         "-no-obsolete", "-locations", "none", "-silent"],
        check=True, capture_output=True, timeout=60,
    )  # fmt: skip
    assert set(messages(fresh)) == set(messages(TS))


def test_switching_language_retranslates_every_page_and_the_buttons(qtbot, make_wizard):
    wizard = make_wizard()
    english = {page_id: wizard.page(page_id).title() for page_id in wizard.build_all_pages()}
    wizard.welcome.language.setCurrentIndex(wizard.welcome.language.findData("da"))
    danish = {page_id: wizard.page(page_id).title() for page_id in wizard.pageIds()}
    assert danish[wizard.CONNECT] == "Forbind til e-conomic"
    assert danish[wizard.JOURNAL] == "Vælg kassekladden"
    assert all(danish[i] != english[i] for i in english), danish
    assert wizard.button(QWizard.WizardButton.NextButton).text() == "&Næste >"
    assert wizard.button(QWizard.WizardButton.CancelButton).text() == "Annuller"
    assert wizard.buttonText(QWizard.WizardButton.CommitButton) == "&Afslut"  # saves
    assert wizard.buttonText(QWizard.WizardButton.FinishButton) == "&Luk"  # the Done page
    assert wizard.windowTitle() == "Acubiz e-conomic Export – opsætning"
    wizard.welcome.language.setCurrentIndex(wizard.welcome.language.findData("en"))
    assert wizard.page(wizard.CONNECT).title() == "Connect to e-conomic"
    assert wizard.button(QWizard.WizardButton.NextButton).text() == "&Next >"


def test_a_page_built_after_the_switch_speaks_the_chosen_language(qtbot, make_wizard):
    """Later pages are built on first visit: one built after a switch to Danish is Danish,
    and Back and Next through it keep the same page."""
    wizard = make_wizard()
    assert wizard.pageIds() == [wizard.WELCOME]  # the first page alone is built at start
    wizard.welcome.language.setCurrentIndex(wizard.welcome.language.findData("da"))
    press_next(qtbot, wizard)
    assert wizard.currentId() == wizard.CONNECT
    connect = wizard.currentPage()
    assert connect.title() == "Forbind til e-conomic"
    assert wizard.button(QWizard.WizardButton.NextButton).text() == "&Næste >"
    wizard.back()
    wizard.welcome.language.setCurrentIndex(wizard.welcome.language.findData("en"))
    press_next(qtbot, wizard)
    assert wizard.currentPage() is connect and connect.title() == "Connect to e-conomic"


def test_without_a_compiled_translation_the_wizard_stays_in_english(
    qtbot, make_wizard, monkeypatch
):
    monkeypatch.setattr(i18n, "compiled_translation", lambda language: None)
    wizard = make_wizard()
    wizard.welcome.language.setCurrentIndex(wizard.welcome.language.findData("da"))
    assert wizard.context.language == "en"
    assert wizard.welcome.title() == "Set up the export to e-conomic"


def test_the_translation_is_compiled_once_into_the_cache(monkeypatch, tmp_path):
    monkeypatch.setattr(i18n, "_built", {})
    first = i18n.compiled_translation("da")
    assert first is not None and first.suffix == ".qm" and first.stat().st_size > 0
    assert "acubiz-export" in str(first) and str(tmp_path) in str(first)
    assert i18n.compiled_translation("da") == first


def clipped(page) -> list[str]:
    """Texts on the page that do not fit their widget (labels that do not wrap, buttons)."""
    found = []
    for widget in page.findChildren(QLabel) + page.findChildren(QAbstractButton):
        if not widget.isVisible() or not widget.text():
            continue
        if isinstance(widget, QToolButton) and (
            widget.toolButtonStyle() == Qt.ToolButtonStyle.ToolButtonIconOnly
        ):
            continue  # the eye in the token field shows an icon, its text is a tooltip
        if isinstance(widget, QLabel) and widget.wordWrap():
            if widget.height() < widget.heightForWidth(widget.width()) - 1:
                found.append(widget.text())
        elif widget.width() < widget.minimumSizeHint().width():
            found.append(widget.text())
    return found


def test_no_danish_text_is_cut_off_at_the_default_size(qtbot, make_wizard, journal, demo_inbox):
    wizard = make_wizard("da", inbox=demo_inbox)
    assert (wizard.width(), wizard.height()) == (760, 580)
    seen = []
    while True:
        page = wizard.currentPage()
        qtbot.waitUntil(lambda page=page: not wizard.tasks.busy(), timeout=WAIT_MS)
        qtbot.wait(20)
        assert clipped(page) == [], f"page {wizard.currentId()}"
        seen.append(wizard.currentId())
        if wizard.currentId() == wizard.SUMMARY:
            break
        if wizard.currentId() == wizard.CONNECT:
            connect_with(qtbot, wizard, GRANT_TOKEN)
            assert clipped(page) == []
        qtbot.waitUntil(page.isComplete, timeout=WAIT_MS)
        press_next(qtbot, wizard)
    assert seen == [wizard.WELCOME, wizard.CONNECT, wizard.JOURNAL, wizard.PROFILE,
                    wizard.ACCOUNTS, wizard.SUMMARY]  # fmt: skip


def test_render_pages_writes_one_png_per_page_in_danish(tmp_path, monkeypatch, qapp):
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")
    from wizard.cli import main

    assert main(["setup", "--render-pages", str(tmp_path), "--lang", "da"]) == 0
    names = sorted(p.name for p in tmp_path.glob("*.png"))
    for expected in ("01-welcome", "02-app", "03-connect", "04-journal", "05-profile",
                     "06-departments", "06b-accounts", "07-summary"):  # fmt: skip
        assert f"{expected}.png" in names
    assert all((tmp_path / name).stat().st_size > 10_000 for name in names)
