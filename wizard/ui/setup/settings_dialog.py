"""Settings of an existing export: one dialog with tabs, each part editable on its own.

Why not the wizard: changing the daily time meant walking six pages, and editing asked for the
app's own tokens, which a finance admin never had (issue 13, point 2). The wizard stays for a
new export; this dialog opens the export that exists, checks only what the admin touches, and
never shows the app token page. Save writes the profile through the settings store
(`upsert_profile`, atomic) — with a new token through the wizard's `save_setup`, keyring first.

`SettingsChooser` comes first when there are several exports ("Set up a new export" is its own
button); `settings_for` decides which of the two a tray's "Settings…" opens.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from html import escape as _html

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
)

from wizard.economic.http import resolve_base_url
from wizard.settings.profiles import ExportProfile, SettingsError
from wizard.settings.secrets import SecretStoreError, load_app_secret, load_grant_token
from wizard.settings.store import upsert_profile
from wizard.settings.validation import validate_profile
from wizard.ui import icons
from wizard.ui.clock_words import time_words
from wizard.ui.qt_workarounds import guard_none_refcount
from wizard.ui.setup.errors import error_texts
from wizard.ui.setup.save import save_setup
from wizard.ui.setup.settings_tabs import (
    AccountsTab,
    ConnectionTab,
    FoldersTab,
    JournalTab,
    ScheduleTab,
)
from wizard.ui.setup.state import SetupContext, grant_site_for
from wizard.ui.setup.tasks import TaskRunner
from wizard.ui.setup.time_field import parse_daily_time
from wizard.ui.setup.widgets import ErrorPanel, wrap_label

WIDTH, HEIGHT = 720, 500  # fits a 1366×768 screen with the task bar


def prepare_context(context: SetupContext, profile: ExportProfile) -> SetupContext:
    """Point `context` at the saved export: its e-conomic address, its saved token, and the
    app secret from the keyring where the wizard filed it (never asked for again here)."""
    context.existing = profile
    app = context.app
    if profile.api_base_url and not app.preset:
        app.api_base_url = profile.api_base_url
        app.grant_site = grant_site_for(profile.api_base_url)
    try:
        if not app.app_secret_token:
            app.app_secret_token = load_app_secret(resolve_base_url(app.api_base_url)) or ""
        context.saved_grant_token = load_grant_token(profile.name)
        context.saved_token_problem = None
    except SecretStoreError as error:
        context.saved_token_problem = error
    context.grant_token = context.saved_grant_token
    return context


class SettingsDialog(QDialog):
    """The Settings of one export. `saved` holds the profile once Save wrote it;
    `wants_new_export` is True when the admin chose to set up another export instead."""

    connection_checked = Signal()  # the Connection tab has its answer (the Accounts tab waits)
    CONNECTION, JOURNAL, SCHEDULE, FOLDERS, ACCOUNTS = range(5)

    def __init__(
        self,
        context: SetupContext,
        profile: ExportProfile,
        *,
        clock: Callable[[], dt.datetime] | None = None,
    ) -> None:
        # PySide6 6.12.0 on CPython 3.11 loses a reference to None/True on every call (as in
        # SetupWizard): before any other Qt call of the dialog's, whoever opens it.
        guard_none_refcount()
        super().__init__()
        self.setObjectName("settingsDialog")
        self.context = context
        self.profile = profile
        self.tasks = TaskRunner(self)
        self.saved: ExportProfile | None = None
        self.wants_new_export = False
        self.ask_discard: Callable[[], QMessageBox.StandardButton] = self._ask_discard
        self.setWindowIcon(icons.app_icon())
        self.resize(WIDTH, HEIGHT)
        self.setMinimumSize(600, 460)

        layout = QVBoxLayout(self)
        self.heading = wrap_label(rich=True)
        layout.addWidget(self.heading)
        self.tabs = QTabWidget()
        self.connection_tab = ConnectionTab(self)
        self.journal_tab = JournalTab(self)
        self.schedule_tab = ScheduleTab(self, clock=clock)
        self.folders_tab = FoldersTab(self)
        self.accounts_tab = AccountsTab(self)
        for tab in self.all_tabs():
            self.tabs.addTab(tab, "")
            tab.changed.connect(self._update)
        layout.addWidget(self.tabs, 1)
        self.error = ErrorPanel()
        layout.addWidget(self.error)

        bottom = QHBoxLayout()
        self.new_export = QPushButton()
        self.new_export.setAutoDefault(False)
        bottom.addWidget(self.new_export)
        self.reason = wrap_label()
        self.reason.setStyleSheet("color: #6b4a00;")
        bottom.addWidget(self.reason, 1)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        bottom.addWidget(self.buttons)
        layout.addLayout(bottom)
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.cancel_button = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)

        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.new_export.clicked.connect(self._new_export)
        self.tabs.currentChanged.connect(self._tab_opened)
        self.retranslate()
        self._update()

    def all_tabs(self):
        return (self.connection_tab, self.journal_tab, self.schedule_tab, self.folders_tab,
                self.accounts_tab)  # fmt: skip

    def open_tab(self, index: int) -> None:
        self.tabs.setCurrentIndex(index)
        self._tab_opened(index)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        # The connection is checked at once: the other tabs' checks need its answer, and the
        # admin sees at a glance which company the export sends to.
        self.connection_tab.opened()
        self._tab_opened(self.tabs.currentIndex())

    def connection_replaced(self) -> None:
        """Another token was verified (or dropped): what the Journal and Accounts tabs found
        belongs to the connection before; look again."""
        self.journal_tab.check()
        if self.accounts_tab.loaded() or self.accounts_tab.busy():
            self.accounts_tab.load()

    def _tab_opened(self, index: int) -> None:
        tab = self.tabs.widget(index)
        if tab is not None and self.isVisible():
            tab.opened()

    # -- the profile -----------------------------------------------------------------------

    def build_profile(self) -> ExportProfile:
        """The saved profile with what the tabs changed (fields no tab shows are kept)."""
        fields: dict = {}
        for tab in self.all_tabs():
            fields.update(tab.fields())
        return dataclasses.replace(self.profile, **fields)

    def has_changes(self) -> bool:
        return self.build_profile() != self.profile or bool(self.connection_tab.new_token)

    def problems(self) -> list[str]:
        return [problem for tab in self.all_tabs() if (problem := tab.problem())]

    def save(self) -> bool:
        """Write the profile (and a new token); True when saved. Errors show in the dialog."""
        if self.problems() or not self.has_changes():
            return False
        profile = self.build_profile()
        language = self.context.language
        problems = validate_profile(profile, check_folders=False, language=language)
        if problems:
            self.reason.setText("\n".join(problems))
            return False
        new_token = self.connection_tab.new_token
        try:
            if new_token:
                save_setup(
                    profile,
                    grant_token=new_token,
                    app_secret_token=self.context.app.app_secret_token,
                    previous_name=self.profile.name,
                )
            else:
                upsert_profile(profile)
        except (SecretStoreError, SettingsError) as error:
            title, message, details = error_texts(error, language)
            self.error.show_error(title, message, details)
            return False
        self.saved = profile
        self.accept()
        return True

    # -- closing ---------------------------------------------------------------------------

    def reject(self) -> None:
        """Cancel (or Esc, or the window's close button): ask first when something changed."""
        if self.has_changes() and self.saved is None:
            answer = self.ask_discard()
            if answer == QMessageBox.StandardButton.Save:
                self.save()
                return
            if answer != QMessageBox.StandardButton.Discard:
                return  # keep editing
        super().reject()

    def closeEvent(self, event) -> None:
        if self.saved is None and self.has_changes():
            event.ignore()
            self.reject()
            return
        super().closeEvent(event)

    def _ask_discard(self) -> QMessageBox.StandardButton:
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(self.tr("Unsaved changes"))
        box.setText(self.tr("Save the changes to “{name}”?").format(name=self.profile.name))
        box.setInformativeText(self.tr("If you do not save them, the export stays as it was."))
        box.setStandardButtons(
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel
        )  # fmt: skip
        box.setDefaultButton(QMessageBox.StandardButton.Save)
        return QMessageBox.StandardButton(box.exec())

    def _new_export(self) -> None:
        self.wants_new_export = True
        self.reject()
        if self.isVisible():
            self.wants_new_export = False  # asked about unsaved changes, chose to stay

    def done(self, result: int) -> None:
        self.tasks.forget_all()  # never keep a closed window waiting for e-conomic
        super().done(result)

    def shutdown(self, wait_ms: int = 10000) -> None:
        """Let background checks end (tests, before their sandbox stops)."""
        self.tasks.forget_all()
        self.tasks.wait(wait_ms)

    # -- showing ---------------------------------------------------------------------------

    def _update(self) -> None:
        problems = self.problems()
        changed = self.has_changes()
        self.save_button.setEnabled(changed and not problems)
        if problems:
            text = problems[0]
        elif not changed:
            text = self.tr("No changes yet.")
        else:
            text = ""
        self.reason.setText(text)
        self.reason.setVisible(bool(text))
        for index, tab in enumerate(self.all_tabs()):
            self.tabs.setTabIcon(index, icons.icon("warning") if tab.problem() else QIcon())

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        name = self.profile.name
        self.setWindowTitle(self.tr("Settings – {name}").format(name=name))
        when = (
            self.tr("every day at {time}").format(
                time=time_words(_daily(self.profile.daily_time), self.profile.time_zone)
            )
            if self.profile.export_type == "scheduled"
            else self.tr("only when you click Transfer now")
        )
        self.heading.setText(
            self.tr("<b>{name}</b> sends to the journal {journal}, {when}.").format(
                name=_html(name), journal=_html(self.profile.journal_name), when=when
            )
        )
        for index, text in enumerate((
            self.tr("&Connection"), self.tr("&Journal"), self.tr("Sch&edule"),
            self.tr("&Folders"), self.tr("&Accounts"),
        )):  # fmt: skip
            self.tabs.setTabText(index, text)
        self.new_export.setText(self.tr("Set up a &new export…"))
        self.save_button.setText(self.tr("&Save"))
        self._update()


class SettingsChooser(QDialog):
    """Which export to change, when there are several; or set up a new one.

    After `exec()`: `chosen` is the profile to open (None: none), `new_export` True when the
    admin asked for the wizard."""

    def __init__(self, profiles: list[ExportProfile], preselect: str | None = None) -> None:
        guard_none_refcount()  # see SettingsDialog
        super().__init__()
        self.setObjectName("settingsChooser")
        self.profiles = profiles
        self.chosen: ExportProfile | None = None
        self.new_export = False
        self.setWindowIcon(icons.app_icon())
        layout = QVBoxLayout(self)
        self.question = QLabel()
        layout.addWidget(self.question)
        self.list = QListWidget()
        for profile in profiles:
            item = QListWidgetItem(profile.name)
            item.setData(Qt.ItemDataRole.UserRole, profile.name)
            self.list.addItem(item)
        self.question.setBuddy(self.list)
        names = [p.name for p in profiles]
        self.list.setCurrentRow(names.index(preselect) if preselect in names else 0)
        layout.addWidget(self.list)
        row = QHBoxLayout()
        self.new_button = QPushButton()
        self.new_button.setAutoDefault(False)
        row.addWidget(self.new_button)
        row.addStretch(1)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Open | QDialogButtonBox.StandardButton.Cancel
        )
        row.addWidget(self.buttons)
        layout.addLayout(row)
        self.open_button = self.buttons.button(QDialogButtonBox.StandardButton.Open)
        self.cancel_button = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        self.open_button.setDefault(True)
        self.buttons.accepted.connect(self.open_chosen)
        self.buttons.rejected.connect(self.reject)
        self.list.itemActivated.connect(lambda _item: self.open_chosen())
        self.new_button.clicked.connect(self.choose_new)
        self.list.setFocus()
        self.retranslate()
        self.resize(420, 300)

    def open_chosen(self) -> None:
        item = self.list.currentItem()
        if item is None:
            return
        self.chosen = next(
            p for p in self.profiles if p.name == item.data(Qt.ItemDataRole.UserRole)
        )
        self.accept()

    def choose_new(self) -> None:
        self.new_export = True
        self.accept()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Settings"))
        self.question.setText(self.tr("Which &export do you want to change?"))
        self.list.setAccessibleName(self.tr("Exports"))
        self.open_button.setText(self.tr("&Open settings"))
        self.new_button.setText(self.tr("Set up a &new export…"))


def settings_for(
    context: SetupContext, wanted: str | None = None
) -> SettingsDialog | SettingsChooser | None:
    """What the tray's "Settings…" opens: the named export's dialog; with no name the only
    export's dialog, or the chooser when there are several. None: no export yet (or the
    settings file cannot be read) — the wizard opens instead, and says why."""
    if context.profiles_problem is not None or not context.profiles:
        return None
    profiles = context.profiles
    found = next((p for p in profiles if p.name == wanted), None) if wanted else None
    if found is None and len(profiles) == 1:
        found = profiles[0]
    if found is None:
        return SettingsChooser(profiles, preselect=wanted)
    return SettingsDialog(prepare_context(context, found), found)


def _daily(text: str) -> dt.time:
    return parse_daily_time(text) or dt.time(16, 0)
