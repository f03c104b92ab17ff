"""History: every run the ledger recorded, newest first, down to each file and line.

Read from the ledger's run records (the report each run stored), so runs made by
`acubiz-export transfer` show up too. "Retry now" runs the selected run's export again now;
"Send again…" posts a sent line a second time, only after a warning that says so (e.g. the
accountant deleted the voucher in e-conomic by mistake); "Copy details" puts the selected
run's problems (with e-conomic's logId, never a token) on the clipboard for support.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from wizard.ui.tray_icons import app_icon, state_icon
from wizard.ui.tray_state import (
    APP_TITLE,
    IconState,
    LastRun,
    humanise,
    run_summary,
    status_words,
    trigger_words,
)
from wizard.ui.tray_text import QT_TRANSLATE_NOOP, local, translate

ROLE = Qt.ItemDataRole.UserRole
LINE_ROLE = Qt.ItemDataRole.UserRole + 1  # on line rows: (line id, state)
SENDABLE_AGAIN = ("sent", "already-sent")
Confirm = Callable[[QWidget, str, str], bool]
RUN_LIMIT = 100
ALL = ""

LINE_WORDS = {
    "sent": QT_TRANSLATE_NOOP("Tray", "Sent"),
    "already-sent": QT_TRANSLATE_NOOP("Tray", "Already sent earlier"),
    "waiting": QT_TRANSLATE_NOOP("Tray", "Waiting"),
    "rejected": QT_TRANSLATE_NOOP("Tray", "Not sent: file rejected"),
    "failed": QT_TRANSLATE_NOOP("Tray", "Refused by e-conomic"),
    "held": QT_TRANSLATE_NOOP("Tray", "Held: needs a fix"),
    "duplicate": QT_TRANSLATE_NOOP("Tray", "Same posting twice; sent once"),
    "set-aside": QT_TRANSLATE_NOOP("Tray", "Set aside (not sent)"),
    "replaced": QT_TRANSLATE_NOOP("Tray", "Replaced by a corrected version"),
}
RECEIPT_WORDS = {
    "sent": QT_TRANSLATE_NOOP("Tray", "Receipt attached"),
    "waiting": QT_TRANSLATE_NOOP("Tray", "Receipt waits for its file"),
    "by-hand": QT_TRANSLATE_NOOP("Tray", "Attach by hand"),
    "refused": QT_TRANSLATE_NOOP("Tray", "Receipt refused"),
}
FILE_WORDS = {
    "sent": QT_TRANSLATE_NOOP("Tray", "Sent"),
    "waiting": QT_TRANSLATE_NOOP("Tray", "Waiting in the inbox"),
    "rejected": QT_TRANSLATE_NOOP("Tray", "Rejected"),
    "empty": QT_TRANSLATE_NOOP("Tray", "No postings in it"),
}


def _words(table: Mapping[str, str], state: str) -> str:
    return translate("Tray", table[state]) if state in table else state
STATUS_ICONS = {
    "ok": IconState.OK,
    "nothing-to-send": IconState.OK,
    "attention": IconState.ATTENTION,
    "waiting": IconState.PAUSED,
    "error": IconState.ERROR,
    "dry-run": IconState.OK,
}


def confirm_send_again(parent: QWidget, title: str, text: str) -> bool:
    """The warning before a second posting; "Cancel" is the default button."""
    box = QMessageBox(QMessageBox.Icon.Warning, title, text, parent=parent)
    post = box.addButton(translate("Tray", "Post it again"), QMessageBox.ButtonRole.DestructiveRole)
    cancel = box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(cancel)
    box.setEscapeButton(cancel)
    box.exec()
    return box.clickedButton() is post


class HistoryWindow(QWidget):
    retry = Signal(str)  # profile name: "Retry now"
    send_again = Signal(str, str)  # profile name, line id: "Send again…", after the warning

    def __init__(
        self,
        load_runs: Callable[[str | None, int], list[Any]],
        profile_names: Callable[[], list[str]],
        *,
        clock: Callable[[], dt.datetime],
        display_zone: dt.tzinfo | None = None,
        confirm: Confirm | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._confirm = confirm
        self._load_runs = load_runs
        self._profile_names = profile_names
        self._clock = clock
        self._zone = display_zone
        self._records: dict[int, Any] = {}
        self.setWindowTitle(translate("Tray", "History – {app}").format(app=APP_TITLE))
        self.setWindowIcon(app_icon())
        self.resize(900, 560)

        self.profile_label = QLabel(translate("Tray", "Export:"))
        self.profiles = QComboBox()
        self.profiles.setObjectName("profiles")
        self.profiles.currentIndexChanged.connect(self.refresh)
        top = QHBoxLayout()
        top.addWidget(self.profile_label)
        top.addWidget(self.profiles)
        top.addStretch(1)

        self.tree = QTreeWidget()
        self.tree.setObjectName("runs")
        self.tree.setHeaderLabels([
            translate("Tray", "When / file / line"), translate("Tray", "How"),
            translate("Tray", "Result"), translate("Tray", "Details"),
        ])
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        header = self.tree.header()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        self.tree.setColumnWidth(0, 280)
        self.tree.setColumnWidth(1, 90)
        self.tree.setColumnWidth(2, 170)
        self.tree.currentItemChanged.connect(self._on_current)

        self.details = QPlainTextEdit()
        self.details.setObjectName("details")
        self.details.setReadOnly(True)
        self.details.setPlaceholderText(
            translate("Tray", "Select a run, a file or a line to read about it here."))

        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.tree)
        splitter.addWidget(self.details)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)

        self.retry_button = QPushButton(translate("Tray", "Retry now"))
        self.retry_button.setObjectName("retry")
        self.retry_button.setToolTip(
            translate("Tray", "Send what waits in this export's inbox now"))
        self.retry_button.clicked.connect(self._on_retry)
        self.send_again_button = QPushButton(translate("Tray", "Send again…"))
        self.send_again_button.setObjectName("send-again")
        self.send_again_button.setToolTip(translate(
            "Tray", "Post the selected sent line to e-conomic a second time (asks first)"))
        self.send_again_button.clicked.connect(self._on_send_again)
        self.copy_button = QPushButton(translate("Tray", "Copy details"))
        self.copy_button.setObjectName("copy-details")
        self.copy_button.setToolTip(
            translate("Tray", "Copy the selected run's problems for support (no tokens)"))
        self.copy_button.clicked.connect(self.copy_details)
        self.feedback = QLabel()
        self.feedback.setObjectName("feedback")
        self._feedback_timer = QTimer(self)
        self._feedback_timer.setSingleShot(True)
        self._feedback_timer.setInterval(4000)
        self._feedback_timer.timeout.connect(self.feedback.clear)
        close = QPushButton(translate("Tray", "Close"))
        close.clicked.connect(self.close)
        buttons = QHBoxLayout()
        buttons.addWidget(self.retry_button)
        buttons.addWidget(self.send_again_button)
        buttons.addWidget(self.copy_button)
        buttons.addWidget(self.feedback, 1)
        buttons.addWidget(close)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)
        layout.addLayout(buttons)
        self._update_buttons()

    # -- public --------------------------------------------------------------------------

    def show_for(self, profile: str | None = None) -> None:
        self._fill_profiles(profile)
        self.refresh()
        self.showNormal()
        self.raise_()
        self.activateWindow()

    def refresh(self, *_changed: object) -> None:
        """Read the ledger again, keeping the selected run selected."""
        selected = self.selected_run_id()
        profile = self.profile_filter()
        records = self._load_runs(profile, RUN_LIMIT)
        self._records = {record.run_id: record for record in records}
        self.tree.clear()
        now = self._clock()
        for record in records:
            item = self._run_item(record, now, show_profile=profile is None)
            self.tree.addTopLevelItem(item)
            if record.run_id == selected:
                self.tree.setCurrentItem(item)
        if self.tree.topLevelItemCount():
            first = self.tree.topLevelItem(0)
            first.setExpanded(True)
            if selected is None or selected not in self._records:
                self.tree.setCurrentItem(first)
        else:
            self.details.setPlainText(translate(
                "Tray", "No transfers yet. The first one runs at the export's daily time, or"
                " now with Transfer now."))
        self._update_buttons()

    def profile_filter(self) -> str | None:
        value = self.profiles.currentData()
        return value or None

    def selected_run_id(self) -> int | None:
        item = self.tree.currentItem()
        while item is not None and item.parent() is not None:
            item = item.parent()
        return item.data(0, ROLE) if item is not None else None

    def copy_details(self) -> str:
        """Copy the selected run's problems and support details; returns what was copied."""
        from wizard.economic.redact import redact_text  # loads the HTTP stack: on use only

        record = self._records.get(self.selected_run_id() or -1)
        if record is None:
            return ""
        text = redact_text(run_details(record, self._zone))
        QGuiApplication.clipboard().setText(text)
        self.feedback.setText(translate("Tray", "Copied to the clipboard."))
        self._feedback_timer.start()
        return text

    # -- building ------------------------------------------------------------------------

    def _fill_profiles(self, wanted: str | None) -> None:
        names = self._profile_names()
        self.profiles.blockSignals(True)
        self.profiles.clear()
        self.profiles.addItem(translate("Tray", "All exports"), ALL)
        for name in names:
            self.profiles.addItem(name, name)
        index = self.profiles.findData(wanted) if wanted else 0
        self.profiles.setCurrentIndex(max(index, 0))
        self.profiles.blockSignals(False)
        several = len(names) > 1
        self.profile_label.setVisible(several)
        self.profiles.setVisible(several)

    def _run_item(self, record: Any, now: dt.datetime, show_profile: bool) -> QTreeWidgetItem:
        run = LastRun.from_record(record)
        summary = record.summary if isinstance(record.summary, dict) else {}
        message = run_summary(run)
        if show_profile and len(self._profile_names()) > 1:
            message = f"{record.profile}: {message}"
        item = QTreeWidgetItem([
            humanise(run.started_at, now, self._zone),
            trigger_words(run.trigger),
            status_words(run.status),
            message,
        ])
        item.setData(0, ROLE, record.run_id)
        item.setToolTip(0, _exact(run.started_at, self._zone))
        item.setToolTip(3, message)
        icon = STATUS_ICONS.get(record.status or "", IconState.ERROR)
        item.setIcon(2, state_icon(icon))
        for problem in summary.get("problems") or []:
            if not isinstance(problem, Mapping):
                continue
            child = QTreeWidgetItem(item, [
                translate("Tray", "Problem"), "", _kind_words(problem.get("kind")),
                local(problem, "title"),
            ])
            child.setIcon(0, state_icon(IconState.ATTENTION))
            child.setToolTip(3, local(problem, "message"))
        for file in summary.get("files") or []:
            if isinstance(file, Mapping):
                self._file_item(item, file)
        for receipt in summary.get("receipts") or []:
            if isinstance(receipt, Mapping):
                self._receipt_item(item, receipt)
        return item

    def _receipt_item(self, parent: QTreeWidgetItem, receipt: Mapping[str, Any]) -> None:
        """A receipt attached in the run (and what was done to it), or one that waits or
        needs a hand (and why, and what to do)."""
        state = str(receipt.get("state") or "")
        details = local(receipt, "applied") if state == "sent" else " ".join(
            part for part in (local(receipt, "reason"), local(receipt, "fix")) if part)
        label = translate("Tray", "Receipt {name}").format(name=receipt.get("name") or "?")
        row = QTreeWidgetItem(parent, [label, "", _words(RECEIPT_WORDS, state), details])
        row.setToolTip(3, details)

    def _file_item(self, parent: QTreeWidgetItem, file: Mapping[str, Any]) -> None:
        state = str(file.get("state") or "")
        if state == "rejected" and file.get("reason"):
            where = local(file, "reason")  # why, first; the folder is in the Problem row
        else:
            where = file.get("moved_to") or local(file, "reason")
        lines = [line for line in file.get("lines") or [] if isinstance(line, Mapping)]
        # A rejected file lists one row per problem, not per posting: its reason counts them.
        counts = ""
        if lines and state != "rejected":  # a rejected file lists problems, not postings
            counts = (translate("Tray", "1 line") if len(lines) == 1
                      else translate("Tray", "{count} lines").format(count=len(lines)))
        item = QTreeWidgetItem(parent, [
            str(file.get("file") or "?"), "", _words(FILE_WORDS, state),
            "; ".join(str(part) for part in (counts, _short_path(where)) if part),
        ])
        item.setToolTip(3, str(where))
        for line in lines:
            state = str(line.get("state") or "")
            number = line.get("source_line")
            where = (translate("Tray", "Line {number}").format(number=number) if number
                     else translate("Tray", "Line"))
            label = " · ".join(str(part) for part in (where, line.get("line_id")) if part)
            row = QTreeWidgetItem(item, [
                label, "", _words(LINE_WORDS, state), _line_details(line),
            ])
            row.setToolTip(3, _line_details(line))
            if line.get("line_id"):
                row.setData(0, LINE_ROLE, (str(line["line_id"]), state))

    # -- reacting ------------------------------------------------------------------------

    def _on_current(self, current: QTreeWidgetItem | None, _previous: object = None) -> None:
        self._update_buttons()
        if current is None:
            return
        record = self._records.get(self.selected_run_id() or -1)
        if current.parent() is None and record is not None:
            self.details.setPlainText(run_details(record, self._zone))
        else:
            texts = [current.text(0), current.text(2), current.toolTip(3) or current.text(3)]
            self.details.setPlainText("\n".join(t for t in texts if t))

    def _on_retry(self) -> None:
        record = self._records.get(self.selected_run_id() or -1)
        profile = record.profile if record is not None else self.profile_filter()
        if profile is None and len(self._profile_names()) == 1:
            profile = self._profile_names()[0]
        if profile:
            self.retry.emit(profile)
            self.feedback.setText(
                translate("Tray", "Transfer of {profile} started.").format(profile=profile))

    def selected_line(self) -> tuple[str, str] | None:
        """(line id, state) of the selected line row, or None."""
        item = self.tree.currentItem()
        value = item.data(0, LINE_ROLE) if item is not None else None
        return tuple(value) if value else None  # type: ignore[return-value]

    def _on_send_again(self) -> None:
        line = self.selected_line()
        record = self._records.get(self.selected_run_id() or -1)
        if line is None or record is None or line[1] not in SENDABLE_AGAIN:
            return
        line_id, profile = line[0], record.profile
        text = translate(
            "Tray", "Line {line} was already sent to e-conomic. Sending it again posts it a"
            " second time, as a new voucher in the journal.\n\nDo this only when the first"
            " posting is gone from e-conomic (for example, deleted by mistake). Otherwise the"
            " expense is booked twice.").format(line=line_id)
        title = translate("Tray", "Post this line a second time?")
        if not (self._confirm or confirm_send_again)(self, title, text):
            self.feedback.setText(translate("Tray", "Not sent again."))
            self._feedback_timer.start()
            return
        self.send_again.emit(profile, line_id)
        self.feedback.setText(translate("Tray", "Sending line {line} again…").format(line=line_id))
        self._feedback_timer.start()

    def _update_buttons(self) -> None:
        has_run = self.selected_run_id() is not None
        line = self.selected_line()
        self.send_again_button.setEnabled(line is not None and line[1] in SENDABLE_AGAIN)
        self.copy_button.setEnabled(has_run)
        self.retry_button.setEnabled(has_run or bool(self._profile_names()))


def run_details(record: Any, zone: dt.tzinfo | None = None) -> str:
    """The text "Copy details" puts on the clipboard: what happened and what support needs
    (times in `zone`, default the computer's)."""
    from wizard import __version__

    run = LastRun.from_record(record)
    summary = record.summary if isinstance(record.summary, dict) else {}
    slot = (translate("Tray", ", for {slot} in the export's time zone").format(
        slot=record.slot.replace("T", " ")) if record.slot else "")
    lines = [
        translate("Tray", "{app} {version} – run {run} of \"{profile}\"").format(
            app=APP_TITLE, version=__version__, run=record.run_id, profile=record.profile),
        translate("Tray", "Started {when} ({trigger}{slot})").format(
            when=_exact(run.started_at, zone), trigger=trigger_words(run.trigger), slot=slot),
        translate("Tray", "Result: {status} – {summary}").format(
            status=status_words(run.status), summary=run_summary(run)),
        translate("Tray", "Sent {sent}, waiting {waiting}, rejected {rejected}, refused"
                  " {failed}").format(sent=run.sent, waiting=run.waiting,
                                      rejected=run.rejected, failed=run.failed),
    ]
    for problem in summary.get("problems") or []:
        if not isinstance(problem, Mapping):
            continue
        lines += ["", translate("Tray", "Problem: {title} ({kind})").format(
            title=local(problem, "title"), kind=problem.get("kind")), local(problem, "message")]
        if problem.get("details"):
            lines.append(translate("Tray", "Details: {details}").format(
                details=problem.get("details")))
    refused = [
        (file.get("file"), line)
        for file in summary.get("files") or [] if isinstance(file, Mapping)
        for line in file.get("lines") or [] if isinstance(line, Mapping)
        and line.get("state") == "failed"
    ]
    for name, line in refused:
        lines.append(translate("Tray", "Refused: {file} line {number} ({line}): {reason}").format(
            file=name, number=line.get("source_line"), line=line.get("line_id"),
            reason=local(line, "reason")))
    return "\n".join(lines)


def _line_details(line: Mapping[str, Any]) -> str:
    number = line.get("voucher_number")
    if number:
        year = f" ({line.get('accounting_year')})" if line.get("accounting_year") else ""
        return translate("Tray", "Voucher {number}").format(number=number) + year
    reason = local(line, "reason")
    fix = local(line, "fix")
    return f"{reason} {fix}".strip() if fix else reason


KIND_WORDS = {
    "not-connected": QT_TRANSLATE_NOOP("Tray", "Not connected"),
    "no-rights": QT_TRANSLATE_NOOP("Tray", "No rights"),
    "journal-missing": QT_TRANSLATE_NOOP("Tray", "Journal missing"),
    "journal-wrong-type": QT_TRANSLATE_NOOP("Tray", "Journal of the wrong type"),
    "accounting-year-missing": QT_TRANSLATE_NOOP("Tray", "Accounting year missing"),
    "accounting-year-closed": QT_TRANSLATE_NOOP("Tray", "Accounting year closed"),
    "account-problem": QT_TRANSLATE_NOOP("Tray", "Account problem"),
    "vat-code-problem": QT_TRANSLATE_NOOP("Tray", "VAT code problem"),
    "currency-problem": QT_TRANSLATE_NOOP("Tray", "Currency problem"),
    "files-rejected": QT_TRANSLATE_NOOP("Tray", "Files rejected"),
    "vouchers-refused": QT_TRANSLATE_NOOP("Tray", "Refused by e-conomic"),
    "network": QT_TRANSLATE_NOOP("Tray", "No network"),
    "economic-unavailable": QT_TRANSLATE_NOOP("Tray", "e-conomic unavailable"),
    "outcome-unknown": QT_TRANSLATE_NOOP("Tray", "Outcome unknown"),
    "settings": QT_TRANSLATE_NOOP("Tray", "Settings"),
    "busy": QT_TRANSLATE_NOOP("Tray", "Already running"),
    "unexpected": QT_TRANSLATE_NOOP("Tray", "Unexpected error"),
    "postings-held": QT_TRANSLATE_NOOP("Tray", "Postings held"),
    "receipts-waiting": QT_TRANSLATE_NOOP("Tray", "Receipts waiting"),
    "receipts-by-hand": QT_TRANSLATE_NOOP("Tray", "Receipts to attach by hand"),
    "ledger-recovered": QT_TRANSLATE_NOOP("Tray", "Ledger replaced"),
    "inbox-shared": QT_TRANSLATE_NOOP("Tray", "Inbox used by two exports"),
}


def _kind_words(kind: Any) -> str:
    return _words(KIND_WORDS, str(kind or ""))


def _short_path(text: Any) -> str:
    text = str(text or "")
    parts = text.replace("\\", "/").split("/")
    return "/".join(parts[-3:]) if len(parts) > 3 else text


def _exact(moment: dt.datetime, zone: dt.tzinfo | None) -> str:
    return moment.astimezone(zone).strftime("%Y-%m-%d %H:%M:%S %Z").strip()
