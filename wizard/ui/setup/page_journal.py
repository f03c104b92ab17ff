"""Page 4: find the cash journal (kassekladde) the admin created in e-conomic for the export.

Nothing is created in e-conomic by the program: the page explains what to create, checks
that it is there (off the GUI thread), and otherwise lists the journals that do exist.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
)

from wizard.ui.setup.checks import JournalCheck, check_journal
from wizard.ui.setup.errors import error_texts
from wizard.ui.setup.journal_rules import JournalRisk, journal_warnings
from wizard.ui.setup.state import DEFAULT_JOURNAL_NAME
from wizard.ui.setup.widgets import ErrorPanel, SetupPage, StatusLine, wrap_label

if TYPE_CHECKING:
    from wizard.economic.models import Journal


class JournalPage(SetupPage):
    def __init__(self) -> None:
        super().__init__()
        layout = QVBoxLayout(self)
        layout.setSpacing(6)
        self.intro = wrap_label(rich=True)
        layout.addWidget(self.intro)
        row = QHBoxLayout()
        self.name_label = QLabel()
        self.name = QLineEdit(DEFAULT_JOURNAL_NAME)
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
        self.warnings.setStyleSheet("color: #8a5300;")
        layout.addWidget(self.warnings)
        self.pick_label = wrap_label()
        layout.addWidget(self.pick_label)
        self.journals = QListWidget()
        self.journals.setMaximumHeight(110)
        layout.addWidget(self.journals)
        self.error = ErrorPanel()
        layout.addWidget(self.error)
        layout.addStretch(1)
        layout.addWidget(self.next_reason)

        self.check_button.clicked.connect(self.check)
        self.name.textChanged.connect(self._name_edited)
        self.name.returnPressed.connect(self._return_pressed)
        self.journals.itemActivated.connect(self._picked)
        self.journals.itemClicked.connect(self._picked)

        self._task: int | None = None
        self._result: JournalCheck | None = None
        self._error: BaseException | None = None
        self._checked_for: tuple[str | None, str] | None = None
        self.retranslate()

    # -- life cycle ------------------------------------------------------------------------

    def initializePage(self) -> None:
        context = self.context()
        if context.existing is not None and not self._checked_for:
            self.name.setText(context.existing.journal_name)
        if self._task is None and self._checked_for != self._key():
            self._result = None
            self.check()
        self._render()

    def isComplete(self) -> bool:
        return (
            self._task is None
            and self._result is not None
            and self._result.usable
            and self._checked_for == self._key()
        )

    def validatePage(self) -> bool:
        if not self.isComplete():
            return False
        self.context().journal = self._result.journal
        return True

    def _key(self) -> tuple[str | None, str]:
        return (self.context().grant_token, self.name.text().strip())

    # -- checking --------------------------------------------------------------------------

    def check(self) -> None:
        name = self.name.text().strip()
        if not name:
            return
        context = self.context()
        key = self._key()
        self._error = None

        def work() -> JournalCheck:
            with context.client() as client:
                return check_journal(client, name)

        self._task = self.runner().run(
            work, lambda result, key=key: self._checked(key, result), self._failed
        )
        self._render()
        self.completeChanged.emit()

    def _checked(self, key: tuple[str | None, str], result: JournalCheck) -> None:
        self._task = None
        self._result = result
        self._checked_for = key
        self._render()
        self.completeChanged.emit()

    def _failed(self, error: BaseException) -> None:
        self._task = None
        self._result = None
        self._error = error
        self._render()
        self.completeChanged.emit()

    def _name_edited(self) -> None:
        self._render()
        self.completeChanged.emit()

    def _return_pressed(self) -> None:
        if not self.isComplete():
            self.check()

    def _picked(self, item: QListWidgetItem) -> None:
        name = item.data(Qt.ItemDataRole.UserRole)
        if name and name != self.name.text():
            self.name.setText(name)
            self.check()

    # -- showing ---------------------------------------------------------------------------

    def retranslate(self) -> None:
        self.setTitle(self.tr("Choose the journal"))
        self.setSubTitle(self.tr("The cash journal (kassekladde) in e-conomic the expenses go to."))
        self.intro.setText(
            self.tr(
                "In e-conomic, create a cash journal (kassekladde) for the expenses, if there "
                "is none yet:<ul>"
                "<li>name it <b>ACUBIZ EMS</b> (or the name you enter below),</li>"
                "<li>give it <b>its own voucher number series</b> that no other journal uses "
                "(for example 900000–999999),</li>"
                "<li>allow <b>finance entries</b> (finansbilag).</li></ul>"
                "This program never creates or changes anything in e-conomic on its own."
            )
        )
        self.name_label.setText(self.tr("&Journal name:"))
        self.name.setAccessibleName(self.tr("Journal name"))
        self.journals.setAccessibleName(self.tr("Journals in e-conomic"))
        self._render()

    def _render(self) -> None:
        if self.wizard() is None:
            return
        self.check_button.setEnabled(self._task is None and bool(self.name.text().strip()))
        self.check_button.setText(
            self.tr("C&heck again") if self._result or self._error else self.tr("C&heck")
        )
        warnings: list[str] = []
        show_list = False
        result = self._result
        stale = result is not None and self._checked_for != self._key()
        if self._task is not None:
            self.status.busy(self.tr("Looking for the journal in e-conomic…"))
        elif result is None or stale:
            self.status.clear()
        elif result.journal is not None:
            journal = result.journal
            guard_rails = self._guard_rail_texts(journal, result)
            kind = "error" if result.wrong_entry_type else "warning" if guard_rails else "ok"
            self.status.show_state(
                kind,
                self.tr("Found journal <b>{name}</b> (number {number}), vouchers {range}.").format(
                    name=escape(journal.name), number=journal.number,
                    range=self._range(journal),
                ),
            )  # fmt: skip
            if result.wrong_entry_type:
                warnings.append(
                    self.tr(
                        "This journal only accepts “{kind}” entries, so expenses cannot be "
                        "posted to it. In e-conomic, allow finance entries (finansbilag) in the "
                        "journal's settings, or choose another journal, then click Check again."
                    ).format(kind=escape(journal.entry_type_restricted_to or ""))
                )
            warnings += guard_rails
        else:
            show_list = True
            text = self.tr(
                "There is no journal called <b>{name}</b> in e-conomic. Create it in e-conomic "
                "and click Check again, or pick one of the journals below."
            ).format(name=escape(result.name))
            if result.similar is not None:
                text += " " + self.tr("Did you mean <b>{name}</b>?").format(
                    name=escape(result.similar.name)
                )
            self.status.show_state("warning", text)
        self.warnings.setText("<br>".join(warnings))
        self.warnings.setVisible(bool(warnings))
        self.pick_label.setText(self.tr("Journals in e-conomic (click one to use it):"))
        self.pick_label.setVisible(show_list)
        self.journals.setVisible(show_list)
        if show_list and result is not None:
            self._fill_list(result.journals)
        if self._error is not None:
            title, message, details = error_texts(self._error, self.context().language)
            self.error.show_error(title, message, details)
        else:
            self.error.clear()

    def _guard_rail_texts(self, journal: Journal, result: JournalCheck) -> list[str]:
        """The journal rule's warnings (`journal_rules`), each with its fix."""
        context = self.context()
        existing = context.existing
        texts = []
        for warning in journal_warnings(
            journal, result.journals, context.profiles,
            editing=existing.name if existing else None, api_base_url=context.app.api_base_url,
        ):  # fmt: skip
            if warning.risk is JournalRisk.MAIN_JOURNAL:
                texts.append(self.tr(
                    "<b>{journal}</b> looks like the company's main journal: the expenses would "
                    "mix with the daily bookkeeping. Create a journal of its own for them in "
                    "e-conomic (for example ACUBIZ EMS, vouchers 900000–999999) and choose it "
                    "here."
                ).format(journal=escape(journal.name)))  # fmt: skip
            elif warning.risk is JournalRisk.OVERLAP:
                by_name = {j.name: j for j in result.journals}
                others = ", ".join(
                    self.tr("<b>{name}</b> ({range})").format(
                        name=escape(name), range=self._range(by_name[name])
                    )
                    for name in warning.others
                )
                texts.append(self.tr(
                    "Its voucher numbers overlap with {others}. Give <b>{journal}</b> a number "
                    "series of its own in e-conomic (for example 900000–999999), so two "
                    "vouchers never get the same number."
                ).format(others=others, journal=escape(journal.name)))  # fmt: skip
            elif warning.risk is JournalRisk.SHARED_WITH_EXPORT:
                texts.append(self.tr(
                    "The export <b>{exports}</b> already sends to this journal. Give each export "
                    "a journal of its own, so you can tell their vouchers apart."
                ).format(exports=escape(", ".join(warning.others))))  # fmt: skip
        return texts

    def blocked_reason(self) -> str:
        result = self._result
        if not self.name.text().strip():
            return self.tr("To go on, enter the name of the journal.")
        if self._task is not None:
            return self.tr("Next is available when e-conomic has answered.")
        if result is None or self._checked_for != self._key():
            return self.tr("To go on, click Check.")
        if result.journal is None:
            return self.tr(
                "To go on, create the journal in e-conomic and click Check again, or pick one "
                "of the journals above."
            )
        if result.wrong_entry_type:
            return self.tr(
                "To go on, allow finance entries in this journal in e-conomic, or choose "
                "another journal."
            )
        return ""

    def _fill_list(self, journals: tuple[Journal, ...]) -> None:
        self.journals.clear()
        for journal in journals:
            item = QListWidgetItem(
                self.tr("{number} – {name} (vouchers {range})").format(
                    number=journal.number, name=journal.name, range=self._range(journal)
                )
            )
            item.setData(Qt.ItemDataRole.UserRole, journal.name)
            self.journals.addItem(item)

    def _range(self, journal: Journal) -> str:
        low = journal.minimum_voucher_number or 1
        if journal.maximum_voucher_number is None:
            return self.tr("from {low}, no upper limit").format(low=low)
        return f"{low}–{journal.maximum_voucher_number}"
