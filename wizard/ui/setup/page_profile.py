"""Page 5: the export profile — name, schedule, folders and how files are read."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from wizard.settings.profiles import INTEGRATION_TYPES, ExportProfile
from wizard.settings.validation import inbox_conflict_message, inbox_conflicts, validate_profile
from wizard.ui.clock_words import zone_words
from wizard.ui.setup.checks import attachments_module_missing, scan_inbox
from wizard.ui.setup.state import suggested_profile_name
from wizard.ui.setup.time_field import TimeField
from wizard.ui.setup.widgets import FolderField, SetupPage, wrap_label

DANISH_TIME = "Europe/Copenhagen"
TIME_ZONES = (DANISH_TIME, "Europe/Oslo", "Europe/Stockholm", "Europe/Helsinki",
              "Europe/Berlin", "Europe/London", "UTC")  # fmt: skip
MAX_NAME_LENGTH = 100
_NOT_YET = object()


class ProfilePage(SetupPage):
    def __init__(self) -> None:
        super().__init__()
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        body = QWidget()
        scroll.setWidget(body)
        outer.addWidget(scroll)
        form = QFormLayout(body)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setVerticalSpacing(7)
        self.labels: dict[str, QLabel] = {}

        def row(key: str, field: QWidget) -> None:
            label = QLabel()
            label.setWordWrap(True)
            label.setMinimumWidth(150)
            label.setBuddy(field.edit if isinstance(field, FolderField) else field)
            self.labels[key] = label
            form.addRow(label, field)

        self.name = QLineEdit()
        self._suggested_name = ""  # the name this page proposed, replaced until edited
        self.name.setMaxLength(MAX_NAME_LENGTH)
        row("name", self.name)
        self.name_problem = wrap_label()
        self.name_problem.setStyleSheet("color: #a33a2c;")
        form.addRow("", self.name_problem)

        self.use_api = QComboBox()
        self.use_api.addItem("", True)
        self.use_api.addItem("", False)
        row("use_api", self.use_api)
        self.import_folder = FolderField()
        row("import_folder", self.import_folder)

        self.journal = QLabel()
        self.journal.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        row("journal", self.journal)
        self.integration = QComboBox()
        for key, name in INTEGRATION_TYPES.items():
            self.integration.addItem(name, key)
        row("integration", self.integration)
        # One way to talk to e-conomic is no choice: a list with one entry only puzzles.
        single = self.integration.count() <= 1
        self.integration.setVisible(not single)
        self.labels["integration"].setVisible(not single)

        self.export_type = QComboBox()
        self.export_type.addItem("", "scheduled")
        self.export_type.addItem("", "manual")
        row("export_type", self.export_type)
        when = QWidget()
        when_row = QHBoxLayout(when)
        when_row.setContentsMargins(0, 0, 0, 0)
        self.time = TimeField(zone=DANISH_TIME)
        self.time.set_time("16:00")
        self.time_zone = QComboBox()
        for zone in TIME_ZONES:
            self.time_zone.addItem(zone, zone)
        when_row.addWidget(self.time)
        when_row.addWidget(self.time.echo)
        when_row.addWidget(self.time_zone, 1)
        self.time_zone.currentIndexChanged.connect(
            lambda: self.time.set_zone(self.time_zone.currentData())
        )
        row("time", when)
        self.labels["time"].setBuddy(self.time)

        self.inbox = FolderField()
        row("inbox", self.inbox)
        self.receipts = FolderField(optional=True)
        row("receipts", self.receipts)
        self.input_format = QComboBox()
        for value in ("auto", "acubiz", "simple"):
            self.input_format.addItem("", value)
        row("input_format", self.input_format)
        self.grouping = QComboBox()
        for value in ("travel_id", "file", "employee_day"):
            self.grouping.addItem("", value)
        row("grouping", self.grouping)
        self.attach = QCheckBox()
        self.attach.setChecked(True)
        row("attach", self.attach)
        self.attach_warning = wrap_label()
        self.attach_warning.setStyleSheet("color: #8a5300;")
        form.addRow("", self.attach_warning)
        self.problems = wrap_label()
        self.problems.setStyleSheet("color: #a33a2c;")
        form.addRow(self.problems)
        outer.addWidget(self.next_reason)

        for signal in (
            self.name.textChanged, self.inbox.changed, self.receipts.changed,
            self.import_folder.changed, self.use_api.currentIndexChanged,
            self.export_type.currentIndexChanged, self.attach.toggled, self.time.changed,
        ):  # fmt: skip
            signal.connect(self._changed)
        self._loaded_for: object = _NOT_YET
        self.retranslate()

    # -- life cycle ------------------------------------------------------------------------

    def initializePage(self) -> None:
        context = self.context()
        existing = context.existing
        if self._loaded_for is not existing:  # fill once per chosen profile
            self._loaded_for = existing
            if existing is not None:
                self._load(existing)
            elif context.inbox_default and not self.inbox.path():
                self.inbox.set_path(context.inbox_default)
        if existing is None:
            self._suggest_name()
        journal = context.journal
        if journal is not None:
            self.journal.setText(
                self.tr("{name} (number {number})").format(name=journal.name, number=journal.number)
            )
        self._changed()

    def _suggest_name(self) -> None:
        """A new export starts with a name in the UI language that no export has yet, so no
        red "exists already" greets the admin; a name they typed is left alone."""
        if self.wizard() is None or self.context().existing is not None:
            return
        if self.name.text() and self.name.text() != self._suggested_name:
            return
        context = self.context()
        taken = {p.name for p in context.profiles}
        self._suggested_name = suggested_profile_name(context.language, taken)
        self.name.setText(self._suggested_name)

    def _load(self, profile) -> None:
        self.name.setText(profile.name)
        self.use_api.setCurrentIndex(self.use_api.findData(profile.use_api_export))
        self.import_folder.set_path(profile.import_file_folder)
        index = self.integration.findData(profile.integration_type)
        self.integration.setCurrentIndex(max(index, 0))
        self.export_type.setCurrentIndex(max(self.export_type.findData(profile.export_type), 0))
        self.time.set_time(profile.daily_time)
        if self.time_zone.findData(profile.time_zone) < 0:
            self.time_zone.addItem(profile.time_zone, profile.time_zone)
        self.time_zone.setCurrentIndex(self.time_zone.findData(profile.time_zone))
        self.inbox.set_path(profile.inbox_folder)
        self.receipts.set_path(profile.receipts_folder)
        self.input_format.setCurrentIndex(max(self.input_format.findData(profile.input_format), 0))
        self.grouping.setCurrentIndex(max(self.grouping.findData(profile.voucher_grouping), 0))
        self.attach.setChecked(profile.attach_receipts)

    def fields(self) -> dict[str, Any]:
        """The profile fields this page owns, as `ExportProfile` keywords."""
        use_api = bool(self.use_api.currentData())
        return {
            "name": self.name.text().strip(),
            "use_api_export": use_api,
            "import_file_folder": None if use_api else self.import_folder.path(),
            "integration_type": self.integration.currentData(),
            "export_type": self.export_type.currentData(),
            "daily_time": self.time.hhmm(),
            "time_zone": self.time_zone.currentData(),
            "inbox_folder": self.inbox.path() or Path(),
            "receipts_folder": self.receipts.path(),
            "input_format": self.input_format.currentData(),
            "voucher_grouping": self.grouping.currentData(),
            "attach_receipts": self.attach.isChecked(),
        }

    def isComplete(self) -> bool:
        if self._name_problem():
            return False
        if not self.inbox.is_valid() or not self.receipts.is_valid():
            return False
        if self.export_type.currentData() == "scheduled" and not self.time.is_valid():
            return False
        return bool(self.use_api.currentData()) or self.import_folder.is_valid()

    def validatePage(self) -> bool:
        if not self.isComplete():
            return False
        wizard = self.wizard()
        profile = wizard.build_profile()
        problems = validate_profile(
            profile, check_folders=True, language=self.context().language
        ) + self._inbox_problems(profile)
        if problems:
            self.problems.setText("\n".join(problems))
            self.problems.setVisible(True)
            return False
        self.problems.setVisible(False)
        wizard.inbox_scan = scan_inbox(profile)
        return True

    def _inbox_problems(self, profile: ExportProfile) -> list[str]:
        """Another saved export on the same inbox folder (or one inside the other): both would
        send the same files, so the settings file refuses it; say so here, before Finish."""
        context = self.context()
        existing = context.existing
        others = [p for p in context.profiles if existing is None or p.name != existing.name]
        danish = context.language == "da"
        return [
            getattr(inbox_conflict_message(profile, other), "da" if danish else "en")
            for other in inbox_conflicts(profile, others)
        ]

    # -- showing ---------------------------------------------------------------------------

    def _name_problem(self) -> str:
        name = self.name.text()
        if not name.strip():
            return self.tr("Give the export a name, for example “Expenses”.")
        if name != name.strip():
            return self.tr("Remove the spaces at the start and end of the name.")
        existing = self.context().existing if self.wizard() else None
        taken = [p.name for p in self.context().profiles] if self.wizard() else []
        if name in taken and (existing is None or existing.name != name):
            return self.tr(
                "An export called “{name}” exists already. Choose another name, or go back to "
                "the first page and choose it to edit it."
            ).format(name=name)
        return ""

    def _changed(self) -> None:
        problem = self._name_problem() if self.wizard() else ""
        self.name_problem.setText(problem)
        self.name_problem.setVisible(bool(problem))
        use_api = bool(self.use_api.currentData())
        self.import_folder.setVisible(not use_api)
        self.labels["import_folder"].setVisible(not use_api)
        scheduled = self.export_type.currentData() == "scheduled"
        self.time.setEnabled(scheduled)
        self.time.echo.setVisible(scheduled)
        self.time_zone.setEnabled(scheduled)
        agreement = self.context().agreement if self.wizard() else None
        warn = self.attach.isChecked() and attachments_module_missing(agreement)
        self.attach_warning.setText(
            self.tr(
                "Your e-conomic agreement does not seem to include receipt scanning, so "
                "e-conomic may refuse the receipts. Ask e-conomic, or untick this."
            )
            if warn
            else ""
        )
        self.attach_warning.setVisible(warn)
        self.problems.setVisible(False)
        self.completeChanged.emit()

    def blocked_reason(self) -> str:
        if self._name_problem():
            return self.tr("To go on, correct the name (see above).")
        for field, what in (
            (self.inbox, self.tr("the inbox folder")),
            (self.import_folder, self.tr("the folder for the import file")),
            (self.receipts, self.tr("the receipts folder")),
        ):  # fmt: skip
            if field is self.import_folder and bool(self.use_api.currentData()):
                continue
            if field.path() is None and not field.optional:
                return self.tr("To go on, choose {what}.").format(what=what)
            if not field.is_valid():
                return self.tr(
                    "To go on, {what} must be an existing folder: click Create folder, or "
                    "choose another one."
                ).format(what=what)
        return ""

    def retranslate(self) -> None:
        self.setTitle(self.tr("Set up the export"))
        self.setSubTitle(self.tr("What to send, when, and where the files from Acubiz arrive."))
        texts = {
            "name": self.tr("Profile na&me:"),
            "use_api": self.tr("&Send:"),
            "import_folder": self.tr("Folder for the im&port file:"),
            "journal": self.tr("Journal:"),
            "integration": self.tr("Integration type:"),
            "export_type": self.tr("E&xport type:"),
            "time": self.tr("&Daily at:"),
            "inbox": self.tr("&Inbox folder:"),
            "receipts": self.tr("&Receipts folder:"),
            "input_format": self.tr("&File format:"),
            "grouping": self.tr("&Vouchers:"),
            "attach": self.tr("Receip&ts:"),
        }
        for key, text in texts.items():
            self.labels[key].setText(text)
        accessible = {
            self.name: self.tr("Profile name"),
            self.use_api: self.tr("How the expenses are sent"),
            self.import_folder.edit: self.tr("Folder for the import file"),
            self.journal: self.tr("Journal"),
            self.integration: self.tr("Integration type"),
            self.export_type: self.tr("Export type"),
            self.time: self.tr("Daily time"),
            self.time_zone: self.tr("Time zone"),
            self.inbox.edit: self.tr("Inbox folder"),
            self.receipts.edit: self.tr("Receipts folder"),
            self.input_format: self.tr("File format"),
            self.grouping: self.tr("Vouchers"),
            self.attach: self.tr("Attach receipts"),
        }
        for widget, name in accessible.items():
            widget.setAccessibleName(name)
        self.use_api.setItemText(0, self.tr("Straight into the journal in e-conomic"))
        self.use_api.setItemText(1, self.tr("As an import file in a folder"))
        self.export_type.setItemText(0, self.tr("Automatic — every day"))
        self.export_type.setItemText(1, self.tr("Manual — only when I click Transfer now"))
        for index in range(self.time_zone.count()):  # "Danish time", never "CET/CEST"
            words = zone_words(self.time_zone.itemData(index))
            self.time_zone.setItemText(index, words[:1].upper() + words[1:])  # a list item
        self.input_format.setItemText(0, self.tr("Automatic (recognise the file)"))
        self.input_format.setItemText(1, self.tr("Acubiz posting file"))
        self.input_format.setItemText(2, self.tr("Simple CSV or JSON file"))
        self.grouping.setItemText(0, self.tr("One voucher per expense report"))
        self.grouping.setItemText(1, self.tr("One voucher per file"))
        self.grouping.setItemText(2, self.tr("One voucher per employee and day"))
        self.attach.setText(self.tr("Attach the receipts to the vouchers"))
        self.receipts.edit.setPlaceholderText(self.tr("Empty: the receipts are in the inbox"))
        self.inbox.dialog_title = self.tr("Choose the folder Acubiz writes the files to")
        self.receipts.dialog_title = self.tr("Choose the folder with the receipts")
        self.import_folder.dialog_title = self.tr("Choose the folder for the import file")
        self._suggest_name()
        self._changed()
