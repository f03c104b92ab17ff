"""A small window that stands in for the tray icon where the desktop has no tray (GNOME
without the AppIndicator extension, some Wayland sessions, offscreen).

It shows the same status lines as the menu and offers the same actions (the "More" button
opens the very same menu, Quit… included); a line about a problem is a link to History at the
problem. "Hide window" puts it away while the schedule goes on (starting the program again
shows it); there is no Quit button beside "Transfer now", where it read like "close this
window". Closing asks whether to keep running in the background or to quit.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from enum import StrEnum

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent, QResizeEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QMenu,
    QMessageBox,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from wizard.ui.translate import QT_TRANSLATE_NOOP, translate
from wizard.ui.tray.icons import app_icon, state_icon
from wizard.ui.tray.menu import TrayActions
from wizard.ui.tray.notifications import Notification, Severity
from wizard.ui.tray.state import APP_TITLE, IconState, LineTarget, StatusLine, TraySnapshot

NO_TRAY_HINT = QT_TRANSLATE_NOOP(
    "Tray",
    "This desktop has no area for tray icons, so the exporter shows this window instead."
    " It keeps sending on schedule while the window is minimised or closed to the"
    " background.\nOn GNOME, install the ‘AppIndicator and KStatusNotifierItem Support’"
    " extension and log in again to get the tray icon."
)


BANNER_WIDTH = 500  # what a banner gets in the window at its minimum width


class CloseChoice(StrEnum):
    KEEP_RUNNING = "keep-running"
    QUIT = "quit"
    CANCEL = "cancel"


class StatusWindow(QWidget):
    def __init__(
        self,
        actions: TrayActions,
        fill_more_menu: Callable[[QMenu], None],
        *,
        ask_on_close: Callable[[QWidget], CloseChoice] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._actions = actions
        self._ask_on_close = ask_on_close or ask_keep_running
        self.setWindowTitle(APP_TITLE)
        self.setWindowIcon(app_icon())
        self.setMinimumWidth(520)

        self.icon = QLabel()
        self.icon.setFixedSize(40, 40)
        self.headline = QLabel()
        self.headline.setObjectName("headline")
        font = self.headline.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.headline.setFont(font)
        self.status = QLabel()
        self.status.setObjectName("status")
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.RichText)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        self.status.setOpenExternalLinks(False)
        self.status.linkActivated.connect(self._on_link)
        self._lines: list[StatusLine] = []

        top = QHBoxLayout()
        top.addWidget(self.icon, 0, Qt.AlignmentFlag.AlignTop)
        text = QVBoxLayout()
        text.addWidget(self.headline)
        text.addWidget(self.status)
        top.addLayout(text, 1)

        self.notice = _Banner("notice")
        self.hint = _Banner("hint")

        self.transfer = QPushButton()
        self.transfer.setObjectName("transfer-now")
        self.transfer.clicked.connect(self._on_transfer)
        self.history = QPushButton()
        self.history.setObjectName("history")
        self.history.clicked.connect(lambda: actions.show_history(None))
        self.settings = QPushButton()
        self.settings.setObjectName("settings")
        self.settings.clicked.connect(lambda: actions.open_settings(None))
        self.more = QToolButton()
        self.more.setObjectName("more")
        self.more.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.more_menu = QMenu(self.more)
        self._fill_more_menu = fill_more_menu
        self.more_menu.aboutToShow.connect(self._on_more)
        self.more.setMenu(self.more_menu)
        self.hide_button = QPushButton()
        self.hide_button.setObjectName("hide-window")
        self.hide_button.clicked.connect(self.hide)

        buttons = QHBoxLayout()
        for widget in (self.transfer, self.history, self.settings, self.more):
            buttons.addWidget(widget)
        buttons.addStretch(1)
        buttons.addWidget(self.hide_button)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.notice)
        layout.addWidget(self.hint)
        layout.addStretch(1)
        layout.addLayout(buttons)
        self._running = False
        self.retranslate()

    def retranslate(self) -> None:
        """Say the fixed words in the tray's language (again, after it changed)."""
        self.hint.set_text(translate("Tray", NO_TRAY_HINT), "#eef3fb", "#1f5fbf", show=None)
        self.transfer.setText(translate("Tray", "Cancel transfer") if self._running
                              else translate("Tray", "Transfer now"))
        self.history.setText(translate("Tray", "History…"))
        self.settings.setText(translate("Tray", "Settings…"))
        self.more.setText(translate("Tray", "More"))
        self.hide_button.setText(translate("Tray", "Hide window"))
        self.hide_button.setToolTip(translate(
            "Tray", "Transfers go on while the window is hidden. Start the program again to"
            " show it."))

    def status_text(self) -> str:
        """The status lines as plain text (what the label shows, without the links)."""
        return "\n".join(line.text for line in self._lines)

    def show_snapshot(self, snapshot: TraySnapshot) -> None:
        state = snapshot.icon_state()
        self.icon.setPixmap(state_icon(state).pixmap(40, 40))
        self.headline.setText(f"{APP_TITLE}: {snapshot.headline()}")
        self._lines = snapshot.lines()
        self.status.setText("<br>".join(
            f'<a href="line:{index}">{html.escape(line.menu_text())}</a>' if line.clickable
            else html.escape(line.text)
            for index, line in enumerate(self._lines)))
        self._running = snapshot.running is not None
        self.transfer.setText(translate("Tray", "Cancel transfer") if self._running
                              else translate("Tray", "Transfer now"))
        self.transfer.setEnabled(bool(snapshot.profiles) and not snapshot.quitting)
        solved = state in (IconState.OK, IconState.TRANSFERRING)
        if solved and self.notice.severity is Severity.ATTENTION:
            self.notice.hide()
            self.notice.severity = None

    def show_notice(self, notification: Notification) -> None:
        """Speak up without a tray: a banner, and the window comes forward when the admin
        has to act."""
        if notification.severity is Severity.ATTENTION:
            self.notice.set_text(f"⚠ {notification.title}\n{notification.message}",
                                 "#fff4e0", "#8a5a00")
            self.present()
        else:
            self.notice.set_text(f"✓ {notification.title}\n{notification.message}",
                                 "#e8f5ec", "#1e7d45")
        self.notice.severity = notification.severity

    def show_hint(self, visible: bool = True) -> None:
        self.hint.setVisible(visible)

    def present(self) -> None:
        self.showNormal()
        self.raise_()
        self.activateWindow()

    def closeEvent(self, event: QCloseEvent) -> None:
        choice = self._ask_on_close(self)
        if choice is CloseChoice.KEEP_RUNNING:
            event.ignore()
            self.hide()
        elif choice is CloseChoice.QUIT:
            event.ignore()  # the tray quits when the running transfer allows
            self._actions.quit(ask=False)  # the admin just answered that question
        else:
            event.ignore()

    def _on_more(self) -> None:
        self._fill_more_menu(self.more_menu)

    def _on_link(self, link: str) -> None:
        """A problem line was clicked: where the menu's line would have taken the admin."""
        try:
            line = self._lines[int(link.removeprefix("line:"))]
        except (ValueError, IndexError):
            return
        if line.target is LineTarget.HISTORY:
            self._actions.show_problems(line.profile)
        elif line.target is LineTarget.SETTINGS:
            self._actions.open_settings(line.profile)

    def _on_transfer(self) -> None:
        if self._running:
            self._actions.cancel_transfer()
        else:
            self._actions.transfer_now(None)


class _Banner(QFrame):
    def __init__(self, name: str) -> None:
        super().__init__()
        self.setObjectName(name)
        self.severity: Severity | None = None
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 8)
        layout.addWidget(self.label)
        self.hide()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        """A window does not ask wrapped labels how tall they get at its width (a Qt
        limitation for top-level widgets): tell it, or the banner's last lines are cut off."""
        margins = self.layout().contentsMargins()
        outer = self.width() if self.isVisible() else BANNER_WIDTH  # not laid out yet
        width = outer - margins.left() - margins.right()
        height = self.label.heightForWidth(width) if width > 0 else -1
        if height > 0:
            self.label.setMinimumHeight(height)

    def set_text(self, text: str, background: str, border: str,
                 show: bool | None = True) -> None:  # fmt: skip
        """`show=None` keeps the banner as visible as it was (new words, same place)."""
        self.label.setText(text)
        self._fit()
        self.setStyleSheet(
            f"QFrame#{self.objectName()} {{ background: {background};"
            f" border: 1px solid {border}; border-radius: 4px; }}"
        )
        if show is not None:
            self.setVisible(show)


def ask_keep_running(parent: QWidget) -> CloseChoice:
    box = QMessageBox(parent)
    box.setWindowTitle(APP_TITLE)
    box.setIcon(QMessageBox.Icon.Question)
    box.setText(translate("Tray", "Keep sending expenses in the background?"))
    box.setInformativeText(translate(
        "Tray", "The daily transfer only happens while the program runs. If you quit,"
        " transfers stop until you start the program again. Start {app} again to show this"
        " window.").format(app=APP_TITLE))
    keep = box.addButton(translate("Tray", "Keep running"), QMessageBox.ButtonRole.AcceptRole)
    quit_button = box.addButton(translate("Tray", "Quit"), QMessageBox.ButtonRole.DestructiveRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(keep)
    box.exec()
    clicked = box.clickedButton()
    if clicked is keep:
        return CloseChoice.KEEP_RUNNING
    if clicked is quit_button:
        return CloseChoice.QUIT
    return CloseChoice.CANCEL
