"""Building blocks the pages share: the status line with a busy bar, the inline error with a
"Details" expander, the token field with a show/hide eye, a folder picker and a searchable
account list. Each re-translates itself when the language changes.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QStringListModel, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
    QWizardPage,
)

from wizard.ui import icons


class _QtOnFirstUse:
    """`Qt`, looked up when first used: importing the name builds the Python enums of the
    whole Qt namespace (~100, tens of ms), which the wizard's first page does without."""

    def __getattr__(self, name: str) -> Any:
        from PySide6.QtCore import Qt as qt

        return getattr(qt, name)


Qt = _QtOnFirstUse()


def wrap_label(text: str = "", *, rich: bool = False, selectable: bool = False) -> QLabel:
    """A label that wraps instead of being cut off (Danish runs about 20 % longer)."""
    label = QLabel(text)
    label.setWordWrap(True)
    # Qt's enum properties set by name: the first use of any `Qt.…` enum builds the Python
    # enums of the whole Qt namespace (~100, tens of ms), which the wizard's first page skips.
    label.setProperty("textFormat", "RichText" if rich else "PlainText")
    label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
    if selectable:
        label.setProperty("textInteractionFlags", "TextSelectableByMouse")
    return label


class SetupPage(QWizardPage):
    """A wizard page that re-translates itself live and keeps its inputs when the admin goes
    Back (QWizard's default would reset registered fields).

    A page whose Next can be greyed out places `next_reason` at its bottom and says why in
    `blocked_reason()`; the wizard refreshes it whenever the page's completeness changes, so
    Next is never greyed without a word beside it.
    """

    def __init__(self) -> None:
        super().__init__()
        self.next_reason = wrap_label()
        self.next_reason.setObjectName("nextReason")
        self.next_reason.setProperty("alignment", "AlignRight")  # by name: see wrap_label
        self.next_reason.setStyleSheet("color: #4a5560;")
        self.next_reason.setVisible(False)

    def blocked_reason(self) -> str:
        """Why Next is greyed out now, in the admin's words ("" while it may be clicked)."""
        return ""

    def show_next_reason(self) -> None:
        reason = "" if self.wizard() is None or self.isComplete() else self.blocked_reason()
        self.next_reason.setText(reason)
        self.next_reason.setVisible(bool(reason))

    def context(self):  # -> SetupContext; typed loosely to avoid an import cycle
        return self.wizard().context

    def runner(self):
        return self.wizard().tasks

    def retranslate(self) -> None:
        raise NotImplementedError

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
            self.show_next_reason()
        super().changeEvent(event)

    def cleanupPage(self) -> None:
        pass


class StatusLine(QWidget):
    """One line that says what is going on: a busy bar while waiting, then a mark and a text."""

    KINDS = ("ok", "warning", "error", "info")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.bar = QProgressBar()
        self.bar.setRange(0, 0)  # indeterminate: "working"
        self.bar.setTextVisible(False)
        self.bar.setFixedWidth(60)
        self.bar.setMaximumHeight(14)
        self.mark = QLabel()
        self.mark.setFixedWidth(22)
        self.mark.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignHCenter)
        self.label = wrap_label(rich=True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.bar, 0, Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self.mark, 0, Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self.label, 1)
        self.kind = ""
        self.clear()

    def busy(self, text: str) -> None:
        self._set("busy", text)

    def show_state(self, kind: str, text: str) -> None:
        self._set(kind, text)

    def clear(self) -> None:
        self._set("", "")

    def text(self) -> str:
        return self.label.text()

    def _set(self, kind: str, text: str) -> None:
        self.kind = kind
        self.bar.setVisible(kind == "busy")
        self.mark.setVisible(kind in self.KINDS)
        if kind in self.KINDS:
            self.mark.setPixmap(icons.pixmap(kind, 18))
        self.label.setText(text)
        self.label.setAccessibleName(text)
        self.setVisible(bool(kind))


class ErrorPanel(QFrame):
    """An error shown where it happened: a title, what to do, and "Details" for support
    (e-conomic's own message and its logId; never a token)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("errorPanel")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet(
            "#errorPanel { background: #fdf0ef; border: 1px solid #e3b4ae; border-radius: 4px; }"
        )
        outer = QHBoxLayout(self)
        outer.setContentsMargins(8, 6, 8, 6)
        mark = QLabel()
        mark.setPixmap(icons.pixmap("error", 20))
        mark.setAlignment(Qt.AlignmentFlag.AlignTop)
        outer.addWidget(mark, 0, Qt.AlignmentFlag.AlignTop)
        column = QVBoxLayout()
        column.setSpacing(2)
        self.title = wrap_label()
        font = self.title.font()
        font.setBold(True)
        self.title.setFont(font)
        self.message = wrap_label(selectable=True)
        self.toggle = QToolButton()
        self.toggle.setCheckable(True)
        self.toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.toggle.setArrowType(Qt.ArrowType.RightArrow)
        self.toggle.setAutoRaise(True)
        self.toggle.toggled.connect(self._toggled)
        self.details = wrap_label(selectable=True)
        self.details.setStyleSheet("color: #444;")
        column.addWidget(self.title)
        column.addWidget(self.message)
        column.addWidget(self.toggle, 0, Qt.AlignmentFlag.AlignLeft)
        column.addWidget(self.details)
        outer.addLayout(column, 1)
        self._retranslate()
        self.clear()

    def show_error(self, title: str, message: str, details: str = "") -> None:
        self.title.setText(title)
        self.message.setText(message)
        self.details.setText(details)
        self.toggle.setVisible(bool(details))
        self.toggle.setChecked(False)
        self.details.setVisible(False)
        self.setAccessibleName(title)
        self.setAccessibleDescription(message)
        self.setVisible(True)

    def clear(self) -> None:
        self.title.clear()
        self.message.clear()
        self.details.clear()
        self.setVisible(False)

    def is_shown(self) -> bool:
        return not self.isHidden()

    def _toggled(self, on: bool) -> None:
        self.details.setVisible(on)
        self.toggle.setArrowType(Qt.ArrowType.DownArrow if on else Qt.ArrowType.RightArrow)

    def _retranslate(self) -> None:
        self.toggle.setText(QCoreApplication.translate("ErrorPanel", "&Details"))
        self.toggle.setAccessibleName(
            QCoreApplication.translate("ErrorPanel", "Details for support")
        )

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)


class SecretField(QLineEdit):
    """A token field whose text is hidden until the eye is clicked."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setEchoMode(QLineEdit.EchoMode.Password)
        self.eye = self.addAction(icons.icon("eye"), QLineEdit.ActionPosition.TrailingPosition)
        self.eye.triggered.connect(self.toggle_visible)
        self.setInputMethodHints(
            Qt.InputMethodHint.ImhHiddenText | Qt.InputMethodHint.ImhNoPredictiveText
        )
        self._retranslate()

    def revealed(self) -> bool:
        return self.echoMode() == QLineEdit.EchoMode.Normal

    def toggle_visible(self) -> None:
        show = not self.revealed()
        self.setEchoMode(QLineEdit.EchoMode.Normal if show else QLineEdit.EchoMode.Password)
        self.eye.setIcon(icons.icon("eye-off" if show else "eye"))
        self._retranslate()

    def _retranslate(self) -> None:
        text = (
            QCoreApplication.translate("SecretField", "Hide the token")
            if self.revealed()
            else QCoreApplication.translate("SecretField", "Show the token")
        )
        self.eye.setText(text)
        self.eye.setToolTip(text)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)


class FolderField(QWidget):
    """A folder: typed or picked with Browse…, and if it does not exist, a button to create it.

    `changed` fires on every edit; `path()` is None while empty.
    """

    changed = Signal()

    def __init__(self, parent: QWidget | None = None, *, optional: bool = False) -> None:
        super().__init__(parent)
        self.optional = optional
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        row = QHBoxLayout()
        self.edit = QLineEdit()
        self.edit.setClearButtonEnabled(True)
        self.browse = QPushButton()
        self.browse.setAutoDefault(False)
        row.addWidget(self.edit, 1)
        row.addWidget(self.browse)
        column.addLayout(row)
        missing = QHBoxLayout()
        self.missing_label = wrap_label()
        self.missing_label.setStyleSheet("color: #8a5300;")
        self.create = QPushButton()
        self.create.setAutoDefault(False)
        missing.addWidget(self.missing_label, 1)
        missing.addWidget(self.create, 0, Qt.AlignmentFlag.AlignTop)
        self.missing_row = QWidget()
        self.missing_row.setLayout(missing)
        missing.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.missing_row)
        self.edit.textChanged.connect(self._edited)
        self.browse.clicked.connect(self._browse)
        self.create.clicked.connect(self.create_folder)
        self.dialog_title = ""
        self.problem = ""
        self._retranslate()
        self._update()

    def path(self) -> Path | None:
        text = self.edit.text().strip()
        return Path(text).expanduser() if text else None

    def set_path(self, path: Path | str | None) -> None:
        self.edit.setText(str(path) if path else "")

    def exists(self) -> bool:
        path = self.path()
        return path is not None and path.is_dir()

    def is_valid(self) -> bool:
        path = self.path()
        if path is None:
            return self.optional
        return path.is_absolute() and path.is_dir()

    def create_folder(self) -> None:
        path = self.path()
        if path is None:
            return
        try:
            path.mkdir(parents=True, exist_ok=True)
            self.problem = ""
        except OSError as error:
            self.problem = QCoreApplication.translate(
                "FolderField", "The folder could not be created: {reason}. Choose another place."
            ).format(reason=error.strerror or error)
        self._update()
        self.changed.emit()

    def _browse(self) -> None:
        start = str(self.path() or Path.home())
        chosen = QFileDialog.getExistingDirectory(self, self.dialog_title, start)
        if chosen:
            self.set_path(chosen)

    def _edited(self) -> None:
        self.problem = ""
        self._update()
        self.changed.emit()

    def _update(self) -> None:
        path = self.path()
        text = ""
        can_create = False
        if self.problem:
            text = self.problem
        elif path is not None and not path.is_absolute():
            text = QCoreApplication.translate(
                "FolderField", "Enter the full path of the folder, or choose it with Browse."
            )
        elif path is not None and not path.exists():
            text = QCoreApplication.translate("FolderField", "This folder does not exist yet.")
            can_create = True
        elif path is not None and not path.is_dir():
            text = QCoreApplication.translate(
                "FolderField", "This is a file, not a folder. Choose a folder."
            )
        self.missing_label.setText(text)
        self.create.setVisible(can_create)
        self.missing_row.setVisible(bool(text))

    def _retranslate(self) -> None:
        self.browse.setText(QCoreApplication.translate("FolderField", "Browse…"))
        self.create.setText(QCoreApplication.translate("FolderField", "Create folder"))
        self._update()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)


class SearchableCombo(QComboBox):
    """A list you can type in: "36" or "transp" finds "3640 – Transport".

    `edited` fires whenever the text changes, typed or picked.
    """

    edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setEditable(True)
        self.editTextChanged.connect(self.edited)
        self.currentIndexChanged.connect(self.edited)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.setMaxVisibleItems(15)
        self._model = QStringListModel(self)
        completer = QCompleter(self._model, self)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.setCompleter(completer)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(18)

    def set_choices(self, choices: Sequence[tuple[str, Any]], *, blank: str | None = None) -> None:
        """`(label, value)` pairs; `blank` adds a first "no choice" entry with value None."""
        current = self.value()
        self.blockSignals(True)
        self.clear()
        if blank is not None:
            self.addItem(blank, None)
        for label, value in choices:
            self.addItem(label, value)
        self._model.setStringList([label for label, _ in choices])
        self.blockSignals(False)
        self.set_value(current)

    def is_valid(self) -> bool:
        """The text is empty or one of the entries (typed text that matches none is not)."""
        text = self.currentText().strip()
        return not text or any(self.itemText(i) == text for i in range(self.count()))

    def value(self) -> Any:
        """The chosen value, or None when the text matches no entry."""
        text = self.currentText().strip()
        for index in range(self.count()):
            if self.itemText(index) == text:
                return self.itemData(index)
        return None

    def set_value(self, value: Any) -> None:
        for index in range(self.count()):
            if self.itemData(index) == value and value is not None:
                self.setCurrentIndex(index)
                return
        self.setCurrentIndex(0 if self.count() and self.itemData(0) is None else -1)
        if self.currentIndex() == -1:
            self.setEditText("")
