"""The five tabs of the Settings dialog: Connection, Journal, Schedule, Folders, Accounts.

Each tab edits one part of an existing export on its own and checks it on its own (the journal
against e-conomic, the folders on disk, the time by the parser). A tab answers three questions
the dialog asks: `fields()` (the profile fields it would change; {} keeps the saved ones),
`problem()` (why Save must wait, '' when it need not), and `changed` (something was edited).
Only a tab the admin edited can stop Save: an inbox on a drive that is offline today must not
keep the admin from changing the time.

The checks are the wizard's own (`checks.py`, `tasks.py`, `validate_profile`,
`inbox_conflicts`); the tabs only show their answers.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from html import escape
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import QEvent, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from wizard.economic.errors import InvalidGrantToken
from wizard.economic.grant import add_app_url, extract_grant_token
from wizard.economic.models import Agreement, Journal
from wizard.export.schedule import next_slot
from wizard.settings.profiles import CategoryMapping, ExportProfile
from wizard.settings.validation import inbox_conflict_message, inbox_conflicts
from wizard.ui.clock_words import moment_words, zone_words
from wizard.ui.setup.checks import (
    DIMENSIONS,
    InboxScan,
    JournalCheck,
    Lookups,
    check_journal,
    fetch_lookups,
    match_departments,
    scan_inbox,
)
from wizard.ui.setup.errors import error_texts
from wizard.ui.setup.time_field import TimeField
from wizard.ui.setup.widgets import (
    ErrorPanel,
    FolderField,
    SearchableCombo,
    SecretField,
    StatusLine,
    wrap_label,
)

# The zones offered for the daily time, each named the way people there say it.
TIME_ZONES = ("Europe/Copenhagen", "Europe/Oslo", "Europe/Stockholm", "Europe/Helsinki",
              "Europe/Berlin", "Europe/London", "UTC")  # fmt: skip
WARNING_STYLE = "color: #8a5300;"


class SettingsTab(QWidget):
    """One tab: loaded from the saved profile once, re-translated live."""

    changed = Signal()

    def __init__(self, dialog: Any) -> None:
        super().__init__()
        self.dialog = dialog
        self.profile: ExportProfile = dialog.profile
        self._opened = False

    def context(self):  # -> SetupContext
        return self.dialog.context

    def runner(self):
        return self.dialog.tasks

    def language(self) -> str:
        return self.dialog.context.language

    def opened(self) -> None:
        """The admin looks at the tab: start its check the first time."""
        if not self._opened:
            self._opened = True
            self.first_opened()

    def first_opened(self) -> None:
        pass

    def fields(self) -> dict[str, Any]:
        return {}

    def problem(self) -> str:
        return ""

    def busy(self) -> bool:
        return False

    def retranslate(self) -> None:
        raise NotImplementedError

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _edited(self) -> None:
        self.changed.emit()


# -- Connection ----------------------------------------------------------------------------


class ConnectionTab(SettingsTab):
    """Which e-conomic company the export sends to, checked with the saved token; Reconnect
    takes a new token from e-conomic's add-app page. The app's own tokens never show here."""

    def __init__(self, dialog: Any) -> None:
        super().__init__(dialog)
        layout = QVBoxLayout(self)
        layout.setSpacing(8)
        self.intro = wrap_label()
        layout.addWidget(self.intro)
        self.status = StatusLine()
        layout.addWidget(self.status)
        buttons = QHBoxLayout()
        self.check_button = QPushButton()
        self.reconnect_button = QPushButton()
        self.reconnect_button.setCheckable(True)
        for button in (self.check_button, self.reconnect_button):
            button.setAutoDefault(False)
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.error = ErrorPanel()
        layout.addWidget(self.error)

        self.reconnect_box = QGroupBox()
        box = QVBoxLayout(self.reconnect_box)
        self.steps = wrap_label(rich=True)
        box.addWidget(self.steps)
        links = QHBoxLayout()
        self.open_button = QPushButton()
        self.copy_button = QPushButton()
        for button in (self.open_button, self.copy_button):
            button.setAutoDefault(False)
            links.addWidget(button)
        links.addStretch(1)
        box.addLayout(links)
        row = QHBoxLayout()
        self.token_label = QLabel()
        self.token = SecretField()
        self.token_label.setBuddy(self.token)
        self.verify_button = QPushButton()
        self.verify_button.setAutoDefault(False)
        row.addWidget(self.token_label)
        row.addWidget(self.token, 1)
        row.addWidget(self.verify_button)
        box.addLayout(row)
        self.token_status = StatusLine()
        box.addWidget(self.token_status)
        self.token_error = ErrorPanel()
        box.addWidget(self.token_error)
        layout.addWidget(self.reconnect_box)
        layout.addStretch(1)

        self.check_button.clicked.connect(self.check)
        self.reconnect_button.toggled.connect(self._reconnect_toggled)
        self.open_button.clicked.connect(self.open_in_browser)
        self.copy_button.clicked.connect(self.copy_link)
        self.token.textChanged.connect(self._token_edited)
        self.token.returnPressed.connect(self.verify)
        self.verify_button.clicked.connect(self.verify)

        self.agreement: Agreement | None = None
        self.new_token: str | None = None  # verified, saved with the profile
        self.new_agreement: Agreement | None = None
        self._task: int | None = None
        self._token_task: int | None = None
        self._error: BaseException | None = None
        self._token_error: BaseException | None = None
        self.reconnect_box.setVisible(False)
        self.retranslate()

    def first_opened(self) -> None:
        self.check()

    def busy(self) -> bool:
        return self._task is not None or self._token_task is not None

    def check(self) -> None:
        """`GET /self` with the saved token: is the export still connected, and to whom?"""
        context = self.context()
        if not context.saved_grant_token or not context.app.app_secret_token:
            self._render()
            return
        token = context.saved_grant_token
        self._error = None

        def work() -> Agreement:
            with context.client(token) as client:
                return client.get_self()

        self._task = self.runner().run(work, self._checked, self._failed)
        self._render()

    def _checked(self, agreement: Agreement) -> None:
        self._task = None
        self.agreement = agreement
        self.context().agreement = agreement
        self._render()
        self.dialog.connection_checked.emit()

    def _failed(self, error: BaseException) -> None:
        self._task = None
        self._error = error
        self._render()
        self.dialog.connection_checked.emit()

    # -- reconnecting ----------------------------------------------------------------------

    def add_app_address(self) -> str:
        app = self.context().app
        return add_app_url(
            app.app_public_token,
            locale="da-DK" if self.language() == "da" else "en-GB",
            site=app.grant_site,
        )

    def open_in_browser(self) -> None:
        if not QDesktopServices.openUrl(QUrl(self.add_app_address())):
            self.token_status.show_state(
                "warning",
                self.tr(
                    "No browser opened. Click Copy link and paste the address into your browser."
                ),
            )

    def copy_link(self) -> None:
        QGuiApplication.clipboard().setText(self.add_app_address())
        self.token_status.show_state(
            "info", self.tr("The link is copied. Paste it into your browser's address field.")
        )

    def _reconnect_toggled(self, on: bool) -> None:
        self.reconnect_box.setVisible(on)
        if on:
            self.token.setFocus()
        else:
            self.token.clear()

    def _token_edited(self) -> None:
        self._token_task = None  # an answer about the previous text no longer matters
        replaced = self.new_token is not None
        self.new_token = None
        self.new_agreement = None
        self._token_error = None
        context = self.context()
        if replaced:  # back to the saved connection
            context.grant_token = context.saved_grant_token
            context.agreement = self.agreement
            self.dialog.connection_replaced()
        self._render()
        self._edited()

    def changes_company(self) -> bool:
        """The new token belongs to another agreement than the saved one (or the saved one
        could not be checked): the journal must be looked up again there."""
        new = self.new_agreement
        if new is None:
            return False
        return self.agreement is None or new.agreement_number != self.agreement.agreement_number

    def verify(self) -> None:
        text = self.token.text()
        try:
            token = extract_grant_token(text)
        except InvalidGrantToken as error:
            self._token_error = error
            self._render()
            return
        context = self.context()

        def work() -> Agreement:
            with context.client(token) as client:
                return client.get_self()

        task: dict[str, int] = {}
        task["id"] = self.runner().run(
            work,
            lambda agreement: self._verified(task["id"], token, agreement),
            lambda error: self._verify_failed(task["id"], error),
        )
        self._token_task = task["id"]
        self._token_error = None
        self._render()
        self._edited()

    def _verified(self, task_id: int, token: str, agreement: Agreement) -> None:
        if task_id != self._token_task:
            return
        self._token_task = None
        self.new_token = token
        self.new_agreement = agreement
        context = self.context()
        context.agreement = agreement
        context.grant_token = token  # the other tabs ask e-conomic with the new connection
        self._render()
        self.dialog.connection_replaced()
        self._edited()

    def _verify_failed(self, task_id: int, error: BaseException) -> None:
        if task_id != self._token_task:
            return
        self._token_task = None
        self._token_error = error
        self._render()
        self._edited()

    def problem(self) -> str:
        if self.token.text().strip() and self.new_token is None:
            return self.tr(
                "Connection: click Verify to check the new token, or clear the token field."
            )
        return ""

    # -- showing ---------------------------------------------------------------------------

    def retranslate(self) -> None:
        self.intro.setText(
            self.tr(
                "The export sends the expenses to this e-conomic company. Reconnect only when "
                "e-conomic no longer accepts the connection, or to send to another company."
            )
        )
        self.check_button.setText(self.tr("C&heck connection"))
        self.reconnect_button.setText(self.tr("&Reconnect…"))
        self.reconnect_box.setTitle(self.tr("Reconnect to e-conomic"))
        self.steps.setText(
            self.tr(
                "<b>1.</b> Open e-conomic, check that it is the right company, and click "
                "<i>ADD APP</i>. <b>2.</b> Paste the token e-conomic shows, and click Verify. "
                "The new connection is kept when you click Save."
            )
        )
        self.open_button.setText(self.tr("&Open e-conomic"))
        self.copy_button.setText(self.tr("Cop&y link"))
        self.token_label.setText(self.tr("&Token:"))
        self.token.setAccessibleName(self.tr("New e-conomic token"))
        self.token.setPlaceholderText(self.tr("Paste the token or the whole address"))
        self.verify_button.setText(self.tr("&Verify"))
        self._render()

    def _render(self) -> None:
        context = self.context()
        can_open = bool(context.app.app_public_token)
        self.open_button.setVisible(can_open)
        self.copy_button.setVisible(can_open)
        self.check_button.setEnabled(self._task is None and bool(context.saved_grant_token))
        if self._task is not None:
            self.status.busy(self.tr("Checking the connection with e-conomic…"))
        elif self.agreement is not None:
            self.status.show_state("ok", self._connected_text(self.agreement))
        elif context.saved_token_problem is not None:
            self.status.clear()
        elif not context.saved_grant_token:
            self.status.show_state(
                "warning", self.tr("This export is not connected to e-conomic. Click Reconnect.")
            )
        elif not context.app.app_secret_token:
            self.status.show_state(
                "warning",
                self.tr(
                    "The app's own token is not on this computer, so the connection cannot be "
                    "checked. Set up a new export once on this computer, or ask your IT "
                    "department."
                ),
            )
        else:
            self.status.clear()
        problem = self._error or context.saved_token_problem
        if problem is not None:
            title, message, details = error_texts(problem, self.language())
            self.error.show_error(title, message, details)
        else:
            self.error.clear()
        self.verify_button.setEnabled(self._token_task is None and bool(self.token.text().strip()))
        if self._token_task is not None:
            self.token_status.busy(self.tr("Checking the token with e-conomic…"))
        elif self.new_agreement is not None:
            self.token_status.show_state("ok", self._connected_text(self.new_agreement))
        elif self.token_status.kind in ("ok", "busy"):
            self.token_status.clear()
        if self._token_error is not None:
            title, message, details = error_texts(self._token_error, self.language())
            self.token_error.show_error(title, message, details)
        else:
            self.token_error.clear()

    def _connected_text(self, agreement: Agreement) -> str:
        return self.tr(
            "Connected to <b>{company}</b>, agreement number {number}, as user {user}."
        ).format(
            company=escape(agreement.company_name),
            number=agreement.agreement_number,
            user=escape(agreement.user_name),
        )


# -- Journal -------------------------------------------------------------------------------


class JournalTab(SettingsTab):
    """The cash journal (kassekladde), looked up by name in e-conomic."""

    def __init__(self, dialog: Any) -> None:
        super().__init__(dialog)
        layout = QVBoxLayout(self)
        layout.setSpacing(8)
        self.intro = wrap_label()
        layout.addWidget(self.intro)
        row = QHBoxLayout()
        self.name_label = QLabel()
        self.name = QLineEdit(self.profile.journal_name)
        self.name.setMaxLength(50)
        self.name_label.setBuddy(self.name)
        self.check_button = QPushButton()
        self.check_button.setAutoDefault(False)
        row.addWidget(self.name_label)
        row.addWidget(self.name, 1)
        row.addWidget(self.check_button)
        layout.addLayout(row)
        self.status = StatusLine()
        layout.addWidget(self.status)
        self.warnings = wrap_label(rich=True)
        self.warnings.setStyleSheet(WARNING_STYLE)
        layout.addWidget(self.warnings)
        self.pick_label = wrap_label()
        layout.addWidget(self.pick_label)
        self.journals = QListWidget()
        self.journals.setMaximumHeight(120)
        layout.addWidget(self.journals)
        self.error = ErrorPanel()
        layout.addWidget(self.error)
        layout.addStretch(1)

        self.check_button.clicked.connect(self.check)
        self.name.textChanged.connect(self._name_edited)
        self.name.returnPressed.connect(self.check)
        self.journals.itemActivated.connect(self._picked)
        self.journals.itemClicked.connect(self._picked)
        self._task: int | None = None
        self._result: JournalCheck | None = None
        self._error: BaseException | None = None
        self.retranslate()

    def first_opened(self) -> None:
        self.check()

    def busy(self) -> bool:
        return self._task is not None

    def check(self) -> None:
        name = self.name.text().strip()
        context = self.context()
        if not name or not context.grant_token or not context.app.app_secret_token:
            self._render()
            return
        self._error = None

        def work() -> JournalCheck:
            with context.client() as client:
                return check_journal(client, name)

        task: dict[str, int] = {}
        task["id"] = self.runner().run(
            work,
            lambda result: self._checked(task["id"], result),
            lambda error: self._failed(task["id"], error),
        )
        self._task = task["id"]
        self._render()
        self._edited()

    def _checked(self, task_id: int, result: JournalCheck) -> None:
        if task_id != self._task:
            return
        self._task = None
        self._result = result
        self._render()
        self._edited()

    def _failed(self, task_id: int, error: BaseException) -> None:
        if task_id != self._task:
            return
        self._task = None
        self._result = None
        self._error = error
        self._render()
        self._edited()

    def _name_edited(self) -> None:
        self._task = None
        self._render()
        self._edited()

    def _picked(self, item: QListWidgetItem) -> None:
        name = item.data(Qt.ItemDataRole.UserRole)
        if name and name != self.name.text():
            self.name.setText(name)
            self.check()

    def _current_result(self) -> JournalCheck | None:
        result = self._result
        if result is None or result.name != self.name.text().strip():
            return None
        return result

    def fields(self) -> dict[str, Any]:
        name = self.name.text().strip()
        result = self._current_result()
        if result is not None and result.usable:
            return {"journal_name": name, "journal_number": result.journal.number}
        if name != self.profile.journal_name:
            return {"journal_name": name, "journal_number": None}
        return {}

    def problem(self) -> str:
        name = self.name.text().strip()
        moved = self.dialog.connection_tab.changes_company()
        if name == self.profile.journal_name and not moved:
            return ""  # unchanged: a check that cannot reach e-conomic today stops nothing
        if not name:
            return self.tr("Journal: enter the name of the journal (kassekladde).")
        result = self._current_result()
        if self._task is not None or result is None:
            return self.tr("Journal: click Check to look the journal up in e-conomic.")
        if not result.usable:
            return self.tr(
                "Journal: choose a journal that e-conomic has and that takes finance entries."
            )
        return ""

    def retranslate(self) -> None:
        self.intro.setText(
            self.tr(
                "The cash journal (kassekladde) in e-conomic the expenses are posted to. It should "
                "have a voucher number series (bilagsnumre) of its own that no other journal "
                "uses."
            )
        )
        self.name_label.setText(self.tr("Journal na&me:"))
        self.name.setAccessibleName(self.tr("Journal name"))
        self.check_button.setText(self.tr("C&heck"))
        self.journals.setAccessibleName(self.tr("Journals in e-conomic"))
        self.pick_label.setText(self.tr("Journals in e-conomic (click one to use it):"))
        self._render()

    def _render(self) -> None:
        self.check_button.setEnabled(self._task is None and bool(self.name.text().strip()))
        result = self._current_result()
        warnings: list[str] = []
        show_list = False
        if self._task is not None:
            self.status.busy(self.tr("Looking for the journal in e-conomic…"))
        elif result is None and not self.context().grant_token:
            self.status.show_state(
                "warning",
                self.tr("Connect to e-conomic first (the Connection tab) to check the journal."),
            )
        elif result is None:
            self.status.clear()
        elif result.journal is not None:
            journal = result.journal
            self.status.show_state(
                "error" if result.wrong_entry_type else "ok",
                self.tr("Found journal <b>{name}</b> (number {number}), vouchers {range}.").format(
                    name=escape(journal.name), number=journal.number, range=self._range(journal)),
            )  # fmt: skip
            if result.wrong_entry_type:
                warnings.append(
                    self.tr(
                        "This journal does not take finance entries (finansbilag), so the "
                        "expenses cannot be posted to it. Allow them in the journal's settings in "
                        "e-conomic, or choose another journal."
                    )
                )
            for other in result.overlapping:
                warnings.append(
                    self.tr(
                        "Its voucher numbers overlap with journal <b>{name}</b> ({range}). Give it "
                        "a number series of its own in e-conomic."
                    ).format(name=escape(other.name), range=self._range(other))
                )
        else:
            show_list = True
            text = self.tr(
                "There is no journal called <b>{name}</b> in e-conomic. Pick one below, or "
                "create it in e-conomic and click Check."
            ).format(name=escape(result.name))
            if result.similar is not None:
                text += " " + self.tr("Did you mean <b>{name}</b>?").format(
                    name=escape(result.similar.name)
                )
            self.status.show_state("warning", text)
        self.warnings.setText("<br>".join(warnings))
        self.warnings.setVisible(bool(warnings))
        self.pick_label.setVisible(show_list)
        self.journals.setVisible(show_list)
        if show_list and result is not None:
            self.journals.clear()
            for journal in result.journals:
                item = QListWidgetItem(
                    self.tr("{number} – {name} (vouchers {range})").format(
                        number=journal.number, name=journal.name, range=self._range(journal)
                    )
                )
                item.setData(Qt.ItemDataRole.UserRole, journal.name)
                self.journals.addItem(item)
        if self._error is not None:
            title, message, details = error_texts(self._error, self.language())
            self.error.show_error(title, message, details)
        else:
            self.error.clear()

    def _range(self, journal: Journal) -> str:
        low = journal.minimum_voucher_number or 1
        if journal.maximum_voucher_number is None:
            return self.tr("from {low}, no upper limit").format(low=low)
        return f"{low}–{journal.maximum_voucher_number}"


# -- Schedule ------------------------------------------------------------------------------


class ScheduleTab(SettingsTab):
    """Automatic every day at a time (in the export's zone), or only by hand."""

    def __init__(self, dialog: Any, clock: Callable[[], dt.datetime] | None = None) -> None:
        super().__init__(dialog)
        self._clock = clock or (lambda: dt.datetime.now(dt.UTC))
        layout = QVBoxLayout(self)
        layout.setSpacing(8)
        self.intro = wrap_label()
        layout.addWidget(self.intro)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.export_type_label = QLabel()
        self.export_type = QComboBox()
        self.export_type.addItem("", "scheduled")
        self.export_type.addItem("", "manual")
        self.export_type_label.setBuddy(self.export_type)
        form.addRow(self.export_type_label, self.export_type)
        self.time_label = QLabel()
        self.time = TimeField(zone=self.profile.time_zone)
        self.time_label.setBuddy(self.time)
        form.addRow(self.time_label, self.time.with_echo())
        self.zone_label = QLabel()
        self.zone = QComboBox()
        zones = list(TIME_ZONES)
        if self.profile.time_zone not in zones:
            zones.append(self.profile.time_zone)
        for zone in zones:
            self.zone.addItem(zone, zone)
        self.zone_label.setBuddy(self.zone)
        form.addRow(self.zone_label, self.zone)
        layout.addLayout(form)
        self.next_run = StatusLine()
        layout.addWidget(self.next_run)
        layout.addStretch(1)

        self.export_type.setCurrentIndex(
            max(self.export_type.findData(self.profile.export_type), 0)
        )
        self.time.set_time(self.profile.daily_time)
        self.zone.setCurrentIndex(self.zone.findData(self.profile.time_zone))
        self.export_type.currentIndexChanged.connect(self._changed)
        self.time.changed.connect(self._changed)
        self.zone.currentIndexChanged.connect(self._changed)
        self.retranslate()

    def scheduled(self) -> bool:
        return self.export_type.currentData() == "scheduled"

    def fields(self) -> dict[str, Any]:
        result: dict[str, Any] = {
            "export_type": self.export_type.currentData(),
            "time_zone": self.zone.currentData(),
        }
        if self.time.is_valid():
            result["daily_time"] = self.time.hhmm()
        return result

    def problem(self) -> str:
        if self.scheduled() and not self.time.is_valid():
            return self.tr("Schedule: enter the daily time, for example 16:00.")
        return ""

    def _changed(self) -> None:
        self.time.set_zone(self.zone.currentData())
        self._render()
        self._edited()

    def retranslate(self) -> None:
        self.intro.setText(
            self.tr(
                "When the exporter in the system tray sends what is ready. If the computer is off "
                "or asleep at that time, it sends as soon as it is back."
            )
        )
        self.export_type_label.setText(self.tr("&Transfers:"))
        self.export_type.setItemText(0, self.tr("Automatic — every day"))
        self.export_type.setItemText(1, self.tr("Manual — only when I click Transfer now"))
        self.export_type.setAccessibleName(self.tr("Transfers"))
        self.time_label.setText(self.tr("&Daily at:"))
        self.time.setAccessibleName(self.tr("Daily time"))
        self.zone_label.setText(self.tr("Time &zone:"))
        self.zone.setAccessibleName(self.tr("Time zone"))
        for index in range(self.zone.count()):
            words = zone_words(self.zone.itemData(index))  # a list item: "Dansk tid"
            self.zone.setItemText(index, words[:1].upper() + words[1:])
        self._render()

    def _render(self) -> None:
        scheduled = self.scheduled()
        for widget in (self.time, self.time.echo, self.zone, self.time_label, self.zone_label):
            widget.setEnabled(scheduled)
        understood = self.time.time()
        zone_name = self.zone.currentData()
        if not scheduled:
            self.next_run.show_state(
                "info", self.tr("Nothing is sent by itself: use Transfer now in the tray menu.")
            )
        elif understood is None:
            self.next_run.clear()
        else:
            now = self._clock()
            slot = next_slot(now, understood, ZoneInfo(zone_name))
            self.next_run.show_state(
                "info",
                self.tr("Next transfer: {when}.").format(when=moment_words(slot, zone_name, now)),
            )


# -- Folders -------------------------------------------------------------------------------


class FoldersTab(SettingsTab):
    """Where Acubiz writes the files, where the receipts are, and whether to attach them."""

    def __init__(self, dialog: Any) -> None:
        super().__init__(dialog)
        layout = QVBoxLayout(self)
        layout.setSpacing(8)
        self.intro = wrap_label()
        layout.addWidget(self.intro)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.inbox_label = QLabel()
        self.inbox = FolderField()
        self.inbox_label.setBuddy(self.inbox.edit)
        form.addRow(self.inbox_label, self.inbox)
        self.receipts_label = QLabel()
        self.receipts = FolderField(optional=True)
        self.receipts_label.setBuddy(self.receipts.edit)
        form.addRow(self.receipts_label, self.receipts)
        self.attach = QCheckBox()
        form.addRow("", self.attach)
        self.import_label = QLabel()
        self.import_folder = FolderField()
        self.import_label.setBuddy(self.import_folder.edit)
        form.addRow(self.import_label, self.import_folder)
        layout.addLayout(form)
        self.problems = wrap_label()
        self.problems.setStyleSheet("color: #a33a2c;")
        layout.addWidget(self.problems)
        layout.addStretch(1)

        profile = self.profile
        self.inbox.set_path(profile.inbox_folder)
        self.receipts.set_path(profile.receipts_folder)
        self.attach.setChecked(profile.attach_receipts)
        self.import_folder.set_path(profile.import_file_folder)
        writes_file = not profile.use_api_export
        self.import_label.setVisible(writes_file)
        self.import_folder.setVisible(writes_file)
        for signal in (self.inbox.changed, self.receipts.changed, self.import_folder.changed,
                       self.attach.toggled):  # fmt: skip
            signal.connect(self._changed)
        self.retranslate()

    def fields(self) -> dict[str, Any]:
        result: dict[str, Any] = {
            "inbox_folder": self.inbox.path() or Path(),
            "receipts_folder": self.receipts.path(),
            "attach_receipts": self.attach.isChecked(),
        }
        if not self.profile.use_api_export:
            result["import_file_folder"] = self.import_folder.path()
        return result

    def problem(self) -> str:
        problems = self._problems()
        return problems[0] if problems else ""

    def _problems(self) -> list[str]:
        profile = self.profile
        problems = []
        fields = (
            (self.inbox, profile.inbox_folder, self.tr("Folders: choose an inbox folder that "
                                                       "exists.")),
            (self.receipts, profile.receipts_folder, self.tr("Folders: choose a receipts folder "
                                                             "that exists, or leave it empty.")),
            (self.import_folder, profile.import_file_folder, self.tr(
                "Folders: choose a folder for the import file that exists.")),
        )  # fmt: skip
        for field, saved, text in fields:
            if field.isHidden() or field.path() == saved:
                continue  # unchanged: a drive that is offline today stops nothing
            if not field.is_valid():
                problems.append(text)
        if self.inbox.path() != profile.inbox_folder and self.inbox.path() is not None:
            moved = dataclasses.replace(profile, inbox_folder=self.inbox.path())
            others = [p for p in self.context().profiles if p.name != profile.name]
            danish = self.language() == "da"
            for other in inbox_conflicts(moved, others):
                message = inbox_conflict_message(moved, other)
                problems.append(message.da if danish else message.en)
        return problems

    def _changed(self) -> None:
        problems = self._problems()
        self.problems.setText("\n".join(problems))
        self.problems.setVisible(bool(problems))
        self._edited()

    def retranslate(self) -> None:
        self.intro.setText(
            self.tr(
                "The inbox folder is where Acubiz writes the files. Files that were sent are moved "
                "to its “sent” folder; nothing is ever deleted."
            )
        )
        self.inbox_label.setText(self.tr("&Inbox folder:"))
        self.inbox.edit.setAccessibleName(self.tr("Inbox folder"))
        self.inbox.dialog_title = self.tr("Choose the folder Acubiz writes the files to")
        self.receipts_label.setText(self.tr("&Receipts folder:"))
        self.receipts.edit.setAccessibleName(self.tr("Receipts folder"))
        self.receipts.edit.setPlaceholderText(self.tr("Empty: the receipts are in the inbox"))
        self.receipts.dialog_title = self.tr("Choose the folder with the receipts")
        self.attach.setText(self.tr("A&ttach the receipts to the vouchers (bilag)"))
        self.import_label.setText(self.tr("Folder for the im&port file:"))
        self.import_folder.edit.setAccessibleName(self.tr("Folder for the import file"))
        self.import_folder.dialog_title = self.tr("Choose the folder for the import file")
        self._changed()


# -- Accounts ------------------------------------------------------------------------------


class AccountsTab(SettingsTab):
    """Categories → expense account and VAT code (momskode), the default contra account
    (modkonto), and departments. Loaded from e-conomic when the tab is first opened; until
    then (or when e-conomic cannot be reached) the saved choices are kept untouched."""

    def __init__(self, dialog: Any) -> None:
        super().__init__(dialog)
        layout = QVBoxLayout(self)
        layout.setSpacing(6)
        self.intro = wrap_label()
        layout.addWidget(self.intro)
        self.status = StatusLine()
        layout.addWidget(self.status)
        contra = QFormLayout()
        self.contra_label = QLabel()
        self.contra = SearchableCombo()
        self.contra_label.setBuddy(self.contra)
        contra.addRow(self.contra_label, self.contra)
        layout.addLayout(contra)

        self.table = QTableWidget(0, 3)
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.setColumnWidth(0, 140)
        self.table.setMinimumHeight(90)
        self.categories_box = QWidget()
        categories = QVBoxLayout(self.categories_box)
        categories.setContentsMargins(0, 0, 0, 0)
        categories.addWidget(self.table, 1)
        layout.addWidget(self.categories_box, 1)
        adding = QHBoxLayout()
        self.new_category = QLineEdit()
        self.add_button = QPushButton()
        self.remove_button = QPushButton()
        for button in (self.add_button, self.remove_button):
            button.setAutoDefault(False)
        adding.addWidget(self.new_category, 1)
        adding.addWidget(self.add_button)
        adding.addWidget(self.remove_button)
        categories.addLayout(adding)
        self.no_categories = wrap_label()
        self.no_categories.setStyleSheet("color: #4a5560;")
        layout.addWidget(self.no_categories)

        self.departments_box = QWidget()
        departments_column = QVBoxLayout(self.departments_box)
        departments_column.setContentsMargins(0, 0, 0, 0)
        departments = QFormLayout()
        self.dimension_label = QLabel()
        self.dimension = QComboBox()
        self.dimension.addItem("", None)
        for number in range(1, DIMENSIONS + 1):
            self.dimension.addItem(str(number), number)
        self.dimension_label.setBuddy(self.dimension)
        departments.addRow(self.dimension_label, self.dimension)
        departments_column.addLayout(departments)
        self.department_table = QTableWidget(0, 2)
        self.department_table.verticalHeader().setVisible(False)
        self.department_table.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.Stretch
        )
        self.department_table.setMinimumHeight(70)
        departments_column.addWidget(self.department_table, 1)
        layout.addWidget(self.departments_box, 1)
        layout.addStretch(0)
        self.missing = wrap_label()
        self.missing.setStyleSheet(WARNING_STYLE)
        layout.addWidget(self.missing)
        self.error = ErrorPanel()
        layout.addWidget(self.error)
        self.retry = QPushButton()
        self.retry.setAutoDefault(False)
        layout.addWidget(self.retry, 0, Qt.AlignmentFlag.AlignLeft)

        self.add_button.clicked.connect(self._add_typed_category)
        self.new_category.returnPressed.connect(self._add_typed_category)
        self.remove_button.clicked.connect(self._remove_category)
        self.contra.edited.connect(self._changed)
        self.dimension.currentIndexChanged.connect(self._dimension_changed)
        self.retry.clicked.connect(self.load)
        self.dialog.connection_checked.connect(self._connection_known)

        self._task: int | None = None
        self._lookups: Lookups | None = None
        self._scan: InboxScan | None = None
        self._error: BaseException | None = None
        self._waiting_for_connection = False
        self.retranslate()
        self._set_editable(False)
        self.no_categories.setVisible(False)

    # -- loading ---------------------------------------------------------------------------

    def first_opened(self) -> None:
        self.load()

    def busy(self) -> bool:
        return self._task is not None

    def loaded(self) -> bool:
        return self._lookups is not None

    def _connection_known(self) -> None:
        if self._waiting_for_connection:
            self._waiting_for_connection = False
            self.load()

    def load(self) -> None:
        context = self.context()
        if not context.grant_token or not context.app.app_secret_token:
            self._render()
            return
        if context.agreement is None and self.dialog.connection_tab.busy():
            self._waiting_for_connection = True  # departments depend on the agreement
            self._render()
            return
        agreement = context.agreement
        departments = bool(
            (agreement is not None and agreement.has_departments)
            or self.profile.department_dimension is not None
        )
        profile = self.profile
        self._error = None

        def work() -> tuple[Lookups, InboxScan]:
            with context.client() as client:
                lookups = fetch_lookups(client, departments=departments)
            return lookups, scan_inbox(profile)

        task: dict[str, int] = {}  # a newer load (another connection) makes this one moot
        task["id"] = self.runner().run(
            work,
            lambda answer: self._loaded(task["id"], answer),
            lambda error: self._failed(task["id"], error),
        )
        self._task = task["id"]
        self._render()

    def _loaded(self, task_id: int, answer: tuple[Lookups, InboxScan]) -> None:
        if task_id != self._task:
            return
        self._task = None
        self._lookups, self._scan = answer
        self._fill()
        self._set_editable(True)
        self._render()
        self._edited()

    def _failed(self, task_id: int, error: BaseException) -> None:
        if task_id != self._task:
            return
        self._task = None
        self._error = error
        self._render()

    def _set_editable(self, on: bool) -> None:
        for widget in (self.contra, self.table, self.new_category, self.add_button,
                       self.remove_button, self.dimension, self.department_table):  # fmt: skip
            widget.setEnabled(on)

    # -- filling ---------------------------------------------------------------------------

    def _fill(self) -> None:
        lookups = self._lookups
        profile = self.profile
        self.contra.set_choices(
            [(_account_label(a), a.number) for a in lookups.balance_accounts],
            blank=self.tr("(none — every line names its contra account)"),
        )
        self.contra.set_value(profile.default_contra_account)
        categories = list(profile.category_map)
        if self._scan is not None:
            categories += [c for c in self._scan.categories if c not in categories]
        self.categories_box.setVisible(self._categories_needed(categories))
        self.no_categories.setVisible(self.categories_box.isHidden())
        agreement = self.context().agreement
        self.departments_box.setVisible(
            profile.department_dimension is not None
            or (agreement is not None and agreement.has_departments)
        )
        self.table.setRowCount(0)
        for category in categories:
            self._add_row(category)
        self.dimension.blockSignals(True)
        self.dimension.setCurrentIndex(
            max(self.dimension.findData(profile.department_dimension), 0)
        )
        self.dimension.blockSignals(False)
        self._dimension_changed()

    def _categories_needed(self, categories: list[str]) -> bool:
        """Categories matter for simple files; Acubiz files name their own accounts, and an
        empty table there only puzzles the admin."""
        scan = self._scan
        if categories or self.profile.input_format == "simple":
            return True
        if self.profile.input_format == "acubiz":
            return False
        return scan is None or not (scan.acubiz or scan.carries_accounts)

    def _add_row(self, category: str) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        item = QTableWidgetItem(category)
        item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
        self.table.setItem(row, 0, item)
        account = SearchableCombo()
        account.lineEdit().setPlaceholderText(self.tr("Type a number or a name"))
        account.setAccessibleName(
            self.tr("Expense account for {category}").format(category=category)
        )
        account.set_choices([(_account_label(a), a.number) for a in self._lookups.expense_accounts])
        account.edited.connect(self._changed)
        vat = QComboBox()
        vat.setAccessibleName(self.tr("VAT code for {category}").format(category=category))
        vat.addItem(self.tr("(no VAT)"), None)
        for code in self._lookups.vat_accounts:
            vat.addItem(f"{code.vat_code} – {code.name}", code.vat_code)
        saved = self.profile.category_map.get(category)
        if saved is not None:
            account.set_value(saved.account)
            vat.setCurrentIndex(max(vat.findData(saved.vat_code), 0))
        else:
            account.setEditText("")
        vat.currentIndexChanged.connect(self._changed)
        self.table.setCellWidget(row, 1, account)
        self.table.setCellWidget(row, 2, vat)
        self.table.resizeRowsToContents()

    def _add_typed_category(self) -> None:
        category = self.new_category.text().strip()
        existing = [self.table.item(r, 0).text() for r in range(self.table.rowCount())]
        if category and category not in existing and self._lookups is not None:
            self._add_row(category)
            self._changed()
        self.new_category.clear()

    def _remove_category(self) -> None:
        row = self.table.currentRow()
        if row >= 0:
            self.table.removeRow(row)
            self._changed()

    def _dimension_changed(self) -> None:
        dimension = self.dimension.currentData()
        self.department_table.setRowCount(0)
        lookups = self._lookups
        if lookups is None or dimension is None:
            self.department_table.setVisible(False)
            self._changed()
            return
        values: list[str] = []
        if self._scan is not None and dimension <= len(self._scan.dimension_values):
            values += self._scan.dimension_values[dimension - 1]
        chosen = match_departments(values, lookups.distributions)
        if dimension == self.profile.department_dimension:
            values += [v for v in self.profile.department_map if v not in values]
            chosen.update(self.profile.department_map)
        for value in values:
            row = self.department_table.rowCount()
            self.department_table.insertRow(row)
            item = QTableWidgetItem(value)
            item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
            self.department_table.setItem(row, 0, item)
            combo = QComboBox()
            combo.addItem(self.tr("(no department)"), None)
            for distribution in lookups.distributions:
                combo.addItem(f"{distribution.number} – {distribution.name}", distribution.number)
            combo.setCurrentIndex(max(combo.findData(chosen.get(value)), 0))
            combo.setAccessibleName(self.tr("Department for {value}").format(value=value))
            combo.currentIndexChanged.connect(self._changed)
            self.department_table.setCellWidget(row, 1, combo)
        self.department_table.setVisible(bool(values))
        self.department_table.resizeRowsToContents()
        self._changed()

    # -- the answer ------------------------------------------------------------------------

    def fields(self) -> dict[str, Any]:
        if self._lookups is None:
            return {}  # never loaded: keep what is saved
        mapping = {}
        for row in range(self.table.rowCount()):
            account = self.table.cellWidget(row, 1).value()
            if account is not None:
                mapping[self.table.item(row, 0).text()] = CategoryMapping(
                    account=account, vat_code=self.table.cellWidget(row, 2).currentData()
                )
        dimension = self.dimension.currentData()
        departments = {}
        if dimension is not None:
            for row in range(self.department_table.rowCount()):
                number = self.department_table.cellWidget(row, 1).currentData()
                if number is not None:
                    departments[self.department_table.item(row, 0).text()] = number
        return {
            "category_map": mapping,
            "default_contra_account": self.contra.value(),
            "department_dimension": dimension,
            "department_map": departments,
        }

    def problem(self) -> str:
        if self._lookups is None:
            return ""
        if any(self.table.cellWidget(r, 1).value() is None for r in range(self.table.rowCount())):
            return self.tr(
                "Accounts: choose an account for every category, or remove the category."
            )
        if not self.contra.is_valid():
            return self.tr(
                "Accounts: choose the default contra account (modkonto) from the "
                "list, or leave it at “none”."
            )
        return ""

    def _changed(self) -> None:
        problem = self.problem()
        self.missing.setText(problem)
        self.missing.setVisible(bool(problem))
        self._edited()

    # -- texts -----------------------------------------------------------------------------

    def retranslate(self) -> None:
        self.intro.setText(
            self.tr(
                "Acubiz files name their own accounts. Simple CSV or JSON files name a category "
                "instead: choose the expense account and VAT code (momskode) for each. The default "
                "contra account (modkonto) is used for lines that name none."
            )
        )
        self.contra_label.setText(self.tr("Default c&ontra account:"))
        self.contra.setAccessibleName(self.tr("Default contra account"))
        self.table.setHorizontalHeaderLabels(
            [self.tr("Category"), self.tr("Expense account"), self.tr("VAT code")]
        )
        self.table.setAccessibleName(self.tr("Categories and their accounts"))
        self.new_category.setPlaceholderText(self.tr("Another category"))
        self.new_category.setAccessibleName(self.tr("New category"))
        self.add_button.setText(self.tr("A&dd"))
        self.remove_button.setText(self.tr("Re&move"))
        self.dimension_label.setText(self.tr("Department is in Acubiz d&imension:"))
        self.dimension.setItemText(0, self.tr("None (no departments)"))
        self.dimension.setAccessibleName(self.tr("Acubiz dimension with the department"))
        self.department_table.setHorizontalHeaderLabels(
            [self.tr("Value in the file"), self.tr("Department in e-conomic")]
        )
        self.retry.setText(self.tr("&Try again"))
        self.no_categories.setText(
            self.tr(
                "The files in the inbox name their own accounts, so no category needs an account."
            )
        )
        self._render()

    def _render(self) -> None:
        context = self.context()
        if self._task is not None or self._waiting_for_connection:
            self.status.busy(self.tr("Fetching accounts and VAT codes from e-conomic…"))
        elif self._lookups is None and self._error is None and not context.grant_token:
            self.status.show_state(
                "warning",
                self.tr("Connect to e-conomic first (the Connection tab) to change the accounts."),
            )
        else:
            self.status.clear()
        if self._error is not None:
            title, message, details = error_texts(self._error, self.language())
            self.error.show_error(title, message, details)
        else:
            self.error.clear()
        self.retry.setVisible(self._error is not None)


def _account_label(account) -> str:
    return f"{account.number} – {account.name}"
