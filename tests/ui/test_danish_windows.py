"""A Danish admin sees no English from Qt's own dialogs: not in the wizard's buttons, not in the
folder picker, not in the message boxes, not in History.

Qt draws part of every window itself (Back/Next/Cancel, the folder picker's "Look in:", the
message boxes' standard buttons); their Danish comes from Qt's `qtbase_da.qm` plus the few
texts it lacks, which our own catalogue carries (`wizard.ui.i18n.QT_OWN_TEXTS`). Every
window is opened in Danish and every text a person can see (labels, buttons, tooltips, window
titles, list items, column headers, menu entries) is searched for Qt's English words.

The folder picker (`QFileDialog.getExistingDirectory`, wizard/ui/setup/widgets.py) is Qt's own
dialog here, as on a Linux desktop without a native one (the bundle leaves out Qt's GTK theme,
so that is the usual case there); Windows and macOS draw their own, in the system's language.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

import pytest
from PySide6.QtCore import QCoreApplication, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QDialog,
    QFileDialog,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QWidget,
    QWizard,
)

from wizard.sandbox.seed import GRANT_TOKEN

WAIT_MS = 15000
# English texts of Qt's own dialogs (with "&" and "..." taken out) as whole words. Words that
# are the same in Danish ("OK", "Type", "Computer") are left out.
QT_ENGLISH = (
    "Look in", "Files of type", "File name", "Directory", "Directories", "Choose", "Open",
    "Save", "Save All", "Cancel", "Close", "Back", "Next", "Finish", "Forward", "Parent Directory",
    "Create New Folder", "New Folder", "Detail View", "List View", "Rename", "Delete",
    "Show hidden files", "Recent Places", "My Computer", "Sidebar", "Name", "Size", "Kind",
    "Date Modified", "Yes", "No", "Yes to All", "No to All", "Discard", "Apply", "Reset",
    "Restore Defaults", "Help", "Abort", "Retry", "Ignore", "Show Details", "Hide Details",
    "Undo", "Redo", "Cut", "Copy", "Paste", "Select All", "Commit", "Continue", "Done",
    "Go Back",
)  # fmt: skip
ENGLISH = re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, QT_ENGLISH)) + r")(?![\w-])")


@pytest.fixture
def danish(qapp):
    """Danish for the whole application (translators are application-wide), and Qt's own
    dialogs instead of a platform's native ones, as on a desktop that has none."""
    from wizard.ui.i18n import Translations

    translations = Translations(qapp)
    assert translations.apply("da"), "the Danish translation did not load"
    native = QCoreApplication.testAttribute(Qt.ApplicationAttribute.AA_DontUseNativeDialogs)
    QCoreApplication.setAttribute(Qt.ApplicationAttribute.AA_DontUseNativeDialogs, True)
    yield translations
    QCoreApplication.setAttribute(Qt.ApplicationAttribute.AA_DontUseNativeDialogs, native)
    translations.apply("en")


def test_qts_own_danish_is_found_where_the_program_looks_for_it(danish):
    from wizard.ui.i18n import qt_translation

    found = qt_translation("da")
    assert found is not None and found.name in ("qt_da.qm", "qtbase_da.qm")
    # qtbase_da lacks the folder picker's two labels: our catalogue carries them.
    assert QCoreApplication.translate("QFileDialog", "&Look in:") != "&Look in:"
    assert QCoreApplication.translate("QFileDialog", "Files of &type:") != "Files of &type:"


def test_every_wizard_page_and_the_folder_picker_are_danish(qtbot, danish, sandbox, tmp_path):
    from wizard.ui.setup.launch import build_context
    from wizard.ui.setup.wizard import SetupWizard

    sandbox.admin.create_journal(
        "ACUBIZ EMS", "financeVoucher", minimum_voucher_number=900000,
        maximum_voucher_number=999999,
    )  # fmt: skip
    inbox = tmp_path / "Indbakke"
    inbox.mkdir()
    (inbox / "EMS_EA-1.csv").write_bytes(_demo_file())
    context = build_context(sandbox_url=sandbox.base_url, language="da", inbox=inbox)
    context.app.preset = False  # the e-conomic app page too
    wizard = SetupWizard(context, danish)
    qtbot.addWidget(wizard)
    wizard.show()
    seen: dict[str, list[str]] = {}
    try:
        seen["welcome"] = visible_texts(wizard)
        wizard.next()
        seen["app"] = visible_texts(wizard)
        wizard.next()
        wizard.connect_page.token.setText(GRANT_TOKEN)
        wizard.connect_page.verify()
        qtbot.waitUntil(wizard.connect_page.isComplete, timeout=WAIT_MS)
        seen["connect"] = visible_texts(wizard)
        wizard.next()
        qtbot.waitUntil(wizard.journal_page.isComplete, timeout=WAIT_MS)
        seen["journal"] = visible_texts(wizard)
        wizard.next()
        assert wizard.currentId() == wizard.PROFILE
        seen["profile"] = visible_texts(wizard)
        browse = wizard.profile_page.inbox.browse
        picker = texts_of_modal(lambda: browse.click(), expected=QFileDialog)
        seen["folder picker"] = picker
        while wizard.currentId() != wizard.SUMMARY:
            qtbot.waitUntil(lambda: not wizard.tasks.busy() and wizard.currentPage().isComplete(),
                            timeout=WAIT_MS)  # fmt: skip
            wizard.next()
        seen["summary"] = visible_texts(wizard)
        # The wizard's own buttons on the last page: Back, Finish, Cancel.
        shown = (QWizard.WizardButton.BackButton, QWizard.WizardButton.FinishButton,
                 QWizard.WizardButton.CancelButton)  # fmt: skip
        buttons = {wizard.button(button).text() for button in shown}
        assert not [text for text in buttons if ENGLISH.search(text.replace("&", ""))], buttons
    finally:
        wizard.shutdown()
    assert english_in(seen) == {}
    assert "&Søg i:" in seen["folder picker"]  # the label qtbase_da lacks, from our catalogue


def test_the_message_boxes_are_danish(qtbot, danish):
    from wizard.ui.tray.history_window import confirm_send_again
    from wizard.ui.tray.status_window import ask_keep_running

    parent = QWidget()
    qtbot.addWidget(parent)
    seen = {
        "keep running?": texts_of_modal(lambda: ask_keep_running(parent), expected=QMessageBox),
        "send again?": texts_of_modal(
            lambda: confirm_send_again(parent, "Send igen", "Bilaget bogføres to gange."),
            expected=QMessageBox,
        ),
    }
    assert "Annuller" in seen["send again?"]
    assert english_in(seen) == {}


def test_the_history_window_is_danish(qtbot, danish):
    from wizard.ui.tray.history_window import HistoryWindow

    window = HistoryWindow(
        lambda profile, limit: [], lambda: ["1. Kørsel"],
        clock=lambda: dt.datetime(2026, 12, 3, 12, tzinfo=dt.UTC),
    )  # fmt: skip
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    assert english_in({"history": visible_texts(window)}) == {}


def test_the_settings_dialog_every_tab_and_the_chooser_are_danish(qtbot, danish, sandbox,
                                                                   tmp_path):
    """Settings of an existing export, as the tray opens it: each of its five tabs, with the
    folder picker of the Folders tab, and the chooser shown when there are several exports."""
    from wizard.settings.profiles import ExportProfile
    from wizard.settings.store import save_profiles
    from wizard.ui.setup.launch import build_context
    from wizard.ui.setup.settings_dialog import SettingsChooser, SettingsDialog

    inbox = tmp_path / "Indbakke"
    inbox.mkdir()
    (inbox / "EMS_EA-1.csv").write_bytes(_demo_file())
    export = ExportProfile(name="2. Omkostninger", inbox_folder=inbox,
                           journal_name="ACUBIZ EMS", api_base_url=sandbox.base_url)
    (tmp_path / "Kørsel").mkdir()
    other = ExportProfile(name="1. Kørsel", inbox_folder=tmp_path / "Kørsel",
                          api_base_url=sandbox.base_url)
    save_profiles([export, other])
    context = build_context(sandbox_url=sandbox.base_url, language="da", profile=export.name)
    dialog = SettingsDialog(context, export)
    qtbot.addWidget(dialog)
    dialog.show()
    seen: dict[str, list[str]] = {}
    try:
        for index in range(dialog.tabs.count()):
            dialog.tabs.setCurrentIndex(index)
            qtbot.waitUntil(lambda: not dialog.tasks.busy(), timeout=WAIT_MS)
            seen[f"tab {dialog.tabs.tabText(index)}"] = visible_texts(dialog)
            if dialog.tabs.currentWidget() is dialog.folders_tab:
                seen["folder picker"] = texts_of_modal(
                    dialog.folders_tab.inbox.browse.click, expected=QFileDialog)
        buttons = [dialog.save_button.text(), dialog.cancel_button.text()]
        assert not [text for text in buttons if ENGLISH.search(_plain(text))], buttons
    finally:
        dialog.shutdown()
    chooser = SettingsChooser([export, other], preselect=export.name)
    qtbot.addWidget(chooser)
    chooser.show()
    seen["chooser"] = visible_texts(chooser)
    assert english_in(seen) == {}
    assert len([name for name in seen if name.startswith("tab ")]) == 5
    assert "&Søg i:" in seen["folder picker"]


# -- helpers ---------------------------------------------------------------------------------


def english_in(seen: dict[str, list[str]]) -> dict[str, list[str]]:
    """Per window, the texts that hold one of Qt's English words."""
    found: dict[str, list[str]] = {}
    for window, texts in seen.items():
        bad = [text for text in texts if ENGLISH.search(_plain(text))]
        if bad:
            found[window] = bad
    return found


def _plain(text: str) -> str:
    """What a person reads: no mnemonic "&", no shortcut after a tab, no "..."."""
    text = text.split("\t", 1)[0].replace("&&", "\0").replace("&", "").replace("\0", "&")
    return text.replace("...", " ").replace("…", " ")


def visible_texts(window: QWidget) -> list[str]:
    """Every text a person can see in `window` (or reach by hovering or right-clicking)."""
    texts: list[str] = []
    for widget in [window, *window.findChildren(QWidget)]:
        if widget is not window and not widget.isVisibleTo(window):
            continue
        texts += [widget.windowTitle(), widget.toolTip(), widget.accessibleName()]
        if isinstance(widget, (QLabel, QAbstractButton)):
            texts.append(widget.text())
        if isinstance(widget, QLineEdit):
            texts.append(widget.placeholderText())
        if isinstance(widget, QComboBox):
            texts += [widget.itemText(index) for index in range(widget.count())]
        if isinstance(widget, QHeaderView) and widget.model() is not None:
            model = widget.model()
            orientation = widget.orientation()
            count = model.columnCount() if orientation == Qt.Orientation.Horizontal else 0
            texts += [str(model.headerData(i, orientation) or "") for i in range(count)]
        if isinstance(widget, QAbstractItemView) and widget.model() is not None:
            model = widget.model()
            rows = min(model.rowCount(widget.rootIndex()), 50)
            texts += [str(model.index(row, 0, widget.rootIndex()).data() or "")
                      for row in range(rows)]  # fmt: skip
        texts += [action.text() for action in widget.actions()]
    return [text for text in texts if text]


def texts_of_modal(open_it: Callable[[], object], *, expected: type[QDialog]) -> list[str]:
    """Open a modal dialog the way the program does (it blocks in exec()), read what it shows,
    and close it with Escape's meaning (reject)."""
    seen: list[str] = []
    found: list[QWidget] = []

    def inspect(tries: int = 0) -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, expected):
            if tries < 200:
                QTimer.singleShot(25, lambda: inspect(tries + 1))
            return
        found.append(dialog)
        if isinstance(dialog, QFileDialog):  # the right-click menu of the file list too
            dialog.setViewMode(QFileDialog.ViewMode.Detail)
            QApplication.processEvents()
        seen.extend(visible_texts(dialog))
        dialog.reject()

    QTimer.singleShot(0, inspect)
    open_it()
    assert found, f"no {expected.__name__} opened"
    return seen


def _demo_file() -> bytes:
    from wizard.ui.paths import demo_inbox_dir

    return next(iter(sorted(demo_inbox_dir().glob("*.csv")))).read_bytes()
