"""Page 7: everything in plain words, a test transfer that sends nothing, and Finish.

The test transfer is the engine's own dry run (`run_transfer(profile, dry_run=True)`) with the
verified token, so what it shows is exactly what the exporter would do. Finish stores the
token and the profile (all or nothing, `save.py`), then sets start at login and starts the
exporter if asked.
"""

from __future__ import annotations

import tempfile
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
)

from wizard.settings.profiles import ExportProfile
from wizard.ui import autostart
from wizard.ui.clock_words import time_words
from wizard.ui.setup.errors import error_texts
from wizard.ui.setup.widgets import ErrorPanel, SetupPage, StatusLine, wrap_label

if TYPE_CHECKING:  # the ledger (SQLite) and the report load with the first test transfer
    from wizard.export.report import RunReport

# A rejected line's reason that starts like this names its line already (`Problem.describe`).
_SAYS_WHERE = ("line ", "item ", "linje ", "element ")


class SummaryPage(SetupPage):
    def __init__(self) -> None:
        super().__init__()
        layout = QVBoxLayout(self)
        layout.setSpacing(6)
        self.summary = wrap_label(rich=True, selectable=True)
        layout.addWidget(self.summary)
        row = QHBoxLayout()
        self.test_button = QPushButton()
        self.test_button.setAutoDefault(False)
        self.test_note = wrap_label()
        self.test_note.setStyleSheet("color: #4a5560;")
        row.addWidget(self.test_button)
        row.addWidget(self.test_note, 1)
        layout.addLayout(row)
        self.test_status = StatusLine()
        layout.addWidget(self.test_status)
        self.report = QTextBrowser()
        self.report.setOpenLinks(False)
        self.report.setMinimumHeight(70)
        layout.addWidget(self.report, 1)
        self.start_now = QCheckBox()
        self.start_now.setChecked(True)
        self.start_at_login = QCheckBox()
        self.start_at_login.setChecked(True)
        layout.addWidget(self.start_now)
        layout.addWidget(self.start_at_login)
        self.error = ErrorPanel()
        layout.addWidget(self.error)

        self.test_button.clicked.connect(self.test_transfer)
        self.setCommitPage(True)  # Finish saves here; the Done page follows, no way back
        self._task: int | None = None
        self._report: RunReport | None = None
        self._test_error: BaseException | None = None
        self._finish_error: BaseException | None = None
        self._after_save_error: BaseException | None = None
        self._saved = False
        self._defaults_set = False
        self.retranslate()

    def initializePage(self) -> None:
        if not self._defaults_set:  # once: going Back and Next keeps the admin's choice
            self._defaults_set = True
            editing = self.context().existing is not None
            self.start_at_login.setChecked(autostart.is_enabled() or not editing)
        self._report = None
        self._test_error = None
        self._finish_error = None
        self._render()

    # -- test transfer ---------------------------------------------------------------------

    def test_transfer(self) -> None:
        profile = self.wizard().build_profile()
        context = self.context()
        self._report = None
        self._test_error = None

        def work() -> RunReport:
            from wizard.export.engine import run_transfer
            from wizard.export.ledger import Ledger, default_ledger_path

            with context.client() as client:
                if default_ledger_path().exists():
                    return run_transfer(profile, dry_run=True, client=client, settle_seconds=0)
                # Not set up before: a throw-away ledger, so Cancel leaves no file behind.
                with tempfile.TemporaryDirectory() as folder:
                    ledger = Ledger(Path(folder) / "ledger.sqlite3")
                    try:
                        return run_transfer(
                            profile, dry_run=True, client=client, ledger=ledger,
                            settle_seconds=0,
                        )  # fmt: skip
                    finally:
                        ledger.close()

        self._task = self.runner().run(work, self._tested, self._test_failed)
        self._render()

    def _tested(self, report: RunReport) -> None:
        self._task = None
        self._report = report
        self._render()

    def _test_failed(self, error: BaseException) -> None:
        self._task = None
        self._test_error = error
        self._render()

    # -- finish ----------------------------------------------------------------------------

    def validatePage(self) -> bool:
        if self._saved:
            return True  # saved already; only the extras failed and were shown
        wizard = self.wizard()
        error = wizard.save()
        if error is not None:
            self._finish_error = error
            self._render()
            return False
        self._saved = True
        self._finish_error = None
        try:
            autostart.set_enabled(self.start_at_login.isChecked())
            if self.start_now.isChecked():
                wizard.start_exporter()
        except Exception as problem:  # the settings are saved; say what did not work
            self._after_save_error = problem
            self._render()
            return False
        return True

    # -- texts -----------------------------------------------------------------------------

    def retranslate(self) -> None:
        self.setTitle(self.tr("Check and finish"))
        self.setSubTitle(self.tr("Nothing is saved until you click Finish."))
        self.test_button.setText(self.tr("&Test transfer"))
        self.test_note.setText(
            self.tr("Reads the inbox and checks everything with e-conomic, but sends nothing.")
        )
        self.report.setAccessibleName(self.tr("Result of the test transfer"))
        self.start_now.setText(self.tr("&Start the exporter now"))
        self.start_at_login.setText(self.tr("Start the exporter when I &log in"))
        self._render()

    def _render(self) -> None:
        if self.wizard() is None:
            return
        self.summary.setText(self._summary_html())
        self.test_button.setEnabled(self._task is None)
        language = self.context().language
        self.report.setVisible(self._report is not None)
        if self._task is not None:
            self.test_status.busy(self.tr("Test transfer running — nothing is sent…"))
        elif self._report is not None:
            kind, text = self._report_headline(self._report)
            self.test_status.show_state(kind, text)
            self.report.setHtml(self._report_html(self._report, language))
        elif isinstance(self._test_error, NotImplementedError):
            self.test_status.show_state(
                "info",
                self.tr(
                    "The test transfer is not available in this version yet. You can save the "
                    "settings anyway."
                ),
            )
        elif self._test_error is not None:
            title, message, _details = error_texts(self._test_error, language)
            self.test_status.show_state("error", f"<b>{escape(title)}</b> {escape(message)}")
        else:
            self.test_status.clear()
        problem = self._finish_error or self._after_save_error
        if problem is not None:
            title, message, details = error_texts(problem, language)
            if self._after_save_error is not None:
                message = self.tr(
                    "The settings are saved, but this did not work: {message} Click Finish to "
                    "close the wizard."
                ).format(message=message)
            self.error.show_error(title, message, details)
        else:
            self.error.clear()

    def _summary_html(self) -> str:
        wizard = self.wizard()
        context = self.context()
        profile: ExportProfile = wizard.build_profile()
        rows: list[tuple[str, str]] = []
        agreement = context.agreement
        if agreement is not None:
            rows.append(
                (
                    self.tr("Company"),
                    self.tr("{company}, agreement number {number}").format(
                        company=escape(agreement.company_name), number=agreement.agreement_number
                    ),
                )
            )
        journal = context.journal
        if journal is not None:
            rows.append(
                (
                    self.tr("Journal"),
                    self.tr("{name} (number {number})").format(
                        name=escape(journal.name), number=journal.number
                    ),
                )
            )
        rows.append((self.tr("Export profile"), escape(profile.name)))
        if profile.export_type == "scheduled":
            from wizard.export.schedule import parse_daily_time

            try:
                daily = time_words(parse_daily_time(profile.daily_time), profile.time_zone)
            except ValueError:
                daily = profile.daily_time
            when = self.tr("Every day at {time}").format(time=escape(daily))
        else:
            when = self.tr("Only when you click Transfer now")
        rows.append((self.tr("When"), when))
        if profile.use_api_export:
            rows.append((self.tr("How"), self.tr("Straight into the journal in e-conomic")))
        else:
            rows.append(
                (
                    self.tr("How"),
                    self.tr("An import file in {folder}").format(
                        folder=escape(str(profile.import_file_folder))
                    ),
                )
            )
        rows.append((self.tr("Inbox"), escape(str(profile.inbox_folder))))
        if profile.attach_receipts:
            folder = profile.receipts_folder or profile.inbox_folder
            receipts = self.tr("Attached to the vouchers, from {folder}").format(
                folder=escape(str(folder))
            )
        else:
            receipts = self.tr("Not attached")
        rows.append((self.tr("Receipts"), receipts))
        if profile.category_map:
            count = len(profile.category_map)
            accounts = (
                self.tr("1 category mapped to an account")
                if count == 1
                else self.tr("{count} categories mapped to accounts").format(count=count)
            )
        else:
            accounts = self.tr("As given in the files")
        rows.append((self.tr("Accounts"), accounts))
        if profile.department_dimension and profile.department_map:
            departments = self.tr("From Acubiz dimension {number}: {pairs}").format(
                number=profile.department_dimension,
                pairs=", ".join(f"{escape(k)} → {v}" for k, v in profile.department_map.items()),
            )
            rows.append((self.tr("Departments"), departments))
        cells = "".join(
            f"<tr><td style='padding-right:12px; color:#4a5560'>{label}</td><td>{value}</td></tr>"
            for label, value in rows
        )  # fmt: skip
        return f"<table cellspacing='0' cellpadding='1'>{cells}</table>"

    def _report_headline(self, report: RunReport) -> tuple[str, str]:
        from wizard.export.report import LineState

        would_send = sum(
            1 for file in report.files for line in file.lines
            if line.state in (LineState.WAITING, LineState.SENT)
        )  # fmt: skip
        rejected = report.rejected + report.failed
        held = report.count(LineState.HELD)
        already = report.count(LineState.ALREADY_SENT)
        if not report.files:
            return "info", self.tr("The inbox is empty: there is nothing to send right now.")
        text = (
            self.tr("1 line would be sent.")
            if would_send == 1
            else self.tr("{count} lines would be sent.").format(count=would_send)
        )
        if already:
            text += " " + (
                self.tr("1 line was sent before and is skipped.")
                if already == 1
                else self.tr("{count} lines were sent before and are skipped.").format(
                    count=already
                )
            )
        if held:
            text += " " + (
                self.tr("1 line would be held back until it is fixed — see why below.")
                if held == 1
                else self.tr("{count} lines would be held back until they are fixed — see why"
                             " below.").format(count=held)
            )
        if rejected or held or report.problems:
            if rejected:
                text += " " + (
                    self.tr("1 line would be rejected — see why below.")
                    if rejected == 1
                    else self.tr("{count} lines would be rejected — see why below.").format(
                        count=rejected
                    )
                )
            else:
                text += " " + self.tr("See the problems below.")
            return "warning", text
        return "ok", text

    def _report_html(self, report: RunReport, language: str) -> str:
        from wizard.export.report import FileState, LineState

        parts = []
        for problem in report.problems:
            title, message = problem.text(language)
            parts.append(f"<p><b>{escape(title)}</b><br>{escape(message)}</p>")
        for file in report.files:
            sent = sum(
                1 for line in file.lines if line.state in (LineState.WAITING, LineState.SENT)
            )
            if file.state is FileState.REJECTED:
                state = self.tr("would be rejected")
            elif file.state is FileState.EMPTY:
                state = self.tr("holds no postings")
            else:
                state = (
                    self.tr("1 line would be sent")
                    if sent == 1
                    else self.tr("{count} lines would be sent").format(count=sent)
                )
            parts.append(f"<p><b>{escape(file.file)}</b>: {state}")
            file_reason = file.reason_text(language)  # the reasons in the UI's language
            if file_reason:
                parts.append(f"<br>{escape(file_reason)}")
            for line in file.lines:
                reason = line.reason_text(language)
                if line.state in (LineState.REJECTED, LineState.FAILED, LineState.HELD) and reason:
                    if reason.lower().startswith(_SAYS_WHERE):
                        parts.append(f"<br>• {escape(reason)}")  # says where already
                        continue
                    where = (
                        self.tr("line {number}").format(number=line.source_line)
                        if line.source_line
                        else escape(line.line_id)
                    )
                    fix = line.fix_text(language) if line.state is LineState.HELD else None
                    shown = f"{reason} {fix}" if fix else reason
                    parts.append(f"<br>• {where}: {escape(shown)}")
            parts.append("</p>")
        return "".join(parts)
