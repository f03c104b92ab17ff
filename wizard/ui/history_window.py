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

from wizard.export.report import counted
from wizard.ui.tray_icons import app_icon, state_icon
from wizard.ui.tray_state import (
    APP_TITLE,
    STATUS_WORDS,
    TRIGGER_WORDS,
    IconState,
    LastRun,
    humanise,
)

ROLE = Qt.ItemDataRole.UserRole
LINE_ROLE = Qt.ItemDataRole.UserRole + 1  # on line rows: (line id, state)
SENDABLE_AGAIN = ("sent", "already-sent")
Confirm = Callable[[QWidget, str, str], bool]
RUN_LIMIT = 100
ALL = ""

LINE_WORDS = {
    "sent": "Sent",
    "already-sent": "Already sent earlier",
    "waiting": "Waiting",
    "rejected": "Not sent: file rejected",
    "failed": "Refused by e-conomic",
}
FILE_WORDS = {
    "sent": "Sent",
    "waiting": "Waiting in the inbox",
    "rejected": "Rejected",
    "empty": "No postings in it",
}
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
    post = box.addButton("Post it again", QMessageBox.ButtonRole.DestructiveRole)
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
        self.setWindowTitle(f"History – {APP_TITLE}")
        self.setWindowIcon(app_icon())
        self.resize(900, 560)

        self.profile_label = QLabel("Export:")
        self.profiles = QComboBox()
        self.profiles.setObjectName("profiles")
        self.profiles.currentIndexChanged.connect(self.refresh)
        top = QHBoxLayout()
        top.addWidget(self.profile_label)
        top.addWidget(self.profiles)
        top.addStretch(1)

        self.tree = QTreeWidget()
        self.tree.setObjectName("runs")
        self.tree.setHeaderLabels(["When / file / line", "How", "Result", "Details"])
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
        self.details.setPlaceholderText("Select a run, a file or a line to read about it here.")

        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.tree)
        splitter.addWidget(self.details)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)

        self.retry_button = QPushButton("Retry now")
        self.retry_button.setObjectName("retry")
        self.retry_button.setToolTip("Send what waits in this export's inbox now")
        self.retry_button.clicked.connect(self._on_retry)
        self.send_again_button = QPushButton("Send again…")
        self.send_again_button.setObjectName("send-again")
        self.send_again_button.setToolTip(
            "Post the selected sent line to e-conomic a second time (asks first)")
        self.send_again_button.clicked.connect(self._on_send_again)
        self.copy_button = QPushButton("Copy details")
        self.copy_button.setObjectName("copy-details")
        self.copy_button.setToolTip("Copy the selected run's problems for support (no tokens)")
        self.copy_button.clicked.connect(self.copy_details)
        self.feedback = QLabel()
        self.feedback.setObjectName("feedback")
        self._feedback_timer = QTimer(self)
        self._feedback_timer.setSingleShot(True)
        self._feedback_timer.setInterval(4000)
        self._feedback_timer.timeout.connect(self.feedback.clear)
        close = QPushButton("Close")
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
            self.details.setPlainText(
                "No transfers yet. The first one runs at the export's daily time, or now with"
                " Transfer now."
            )
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
        self.feedback.setText("Copied to the clipboard.")
        self._feedback_timer.start()
        return text

    # -- building ------------------------------------------------------------------------

    def _fill_profiles(self, wanted: str | None) -> None:
        names = self._profile_names()
        self.profiles.blockSignals(True)
        self.profiles.clear()
        self.profiles.addItem("All exports", ALL)
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
        message = run.message or ("Still running, or stopped before it finished"
                                  if run.status is None else "")
        if show_profile and len(self._profile_names()) > 1:
            message = f"{record.profile}: {message}"
        item = QTreeWidgetItem([
            humanise(run.started_at, now, self._zone),
            TRIGGER_WORDS.get(run.trigger, run.trigger),
            STATUS_WORDS.get(run.status, "?"),
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
                "Problem", "", _kind_words(problem.get("kind")), str(problem.get("title") or ""),
            ])
            child.setIcon(0, state_icon(IconState.ATTENTION))
            child.setToolTip(3, str(problem.get("message") or ""))
        for file in summary.get("files") or []:
            if isinstance(file, Mapping):
                self._file_item(item, file)
        return item

    def _file_item(self, parent: QTreeWidgetItem, file: Mapping[str, Any]) -> None:
        state = str(file.get("state") or "")
        if state == "rejected" and file.get("reason"):
            where = file.get("reason") or ""  # why, first; the folder is in the Problem row
        else:
            where = file.get("moved_to") or file.get("reason") or ""
        lines = [line for line in file.get("lines") or [] if isinstance(line, Mapping)]
        # A rejected file lists one row per problem, not per posting: its reason counts them.
        counts = counted(len(lines), "line", "lines") if lines and state != "rejected" else ""
        item = QTreeWidgetItem(parent, [
            str(file.get("file") or "?"), "", FILE_WORDS.get(state, state),
            "; ".join(str(part) for part in (counts, _short_path(where)) if part),
        ])
        item.setToolTip(3, str(where))
        for line in lines:
            state = str(line.get("state") or "")
            number = line.get("source_line")
            label = " · ".join(str(part) for part in (
                f"Line {number}" if number else "Line", line.get("line_id")) if part)
            row = QTreeWidgetItem(item, [
                label, "", LINE_WORDS.get(state, state), _line_details(line),
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
            self.feedback.setText(f"Transfer of {profile} started.")

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
        text = (f"Line {line_id} was already sent to e-conomic. Sending it again posts it a"
                " second time, as a new voucher in the journal.\n\nDo this only when the first"
                " posting is gone from e-conomic (for example, deleted by mistake). Otherwise"
                " the expense is booked twice.")
        if not (self._confirm or confirm_send_again)(self, "Post this line a second time?", text):
            self.feedback.setText("Not sent again.")
            self._feedback_timer.start()
            return
        self.send_again.emit(profile, line_id)
        self.feedback.setText(f"Sending line {line_id} again…")
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
    lines = [
        f"{APP_TITLE} {__version__} – run {record.run_id} of \"{record.profile}\"",
        f"Started {_exact(run.started_at, zone)} ({TRIGGER_WORDS.get(run.trigger, run.trigger)}"
        + (f", for {record.slot.replace('T', ' ')} in the export's time zone"
           if record.slot else "") + ")",
        f"Result: {STATUS_WORDS.get(run.status, '?')}"
        + (f" – {run.message}" if run.message else ""),
        f"Sent {run.sent}, waiting {run.waiting}, rejected {run.rejected}, refused {run.failed}",
    ]
    for problem in summary.get("problems") or []:
        if not isinstance(problem, Mapping):
            continue
        lines += ["", f"Problem: {problem.get('title')} ({problem.get('kind')})",
                  str(problem.get("message") or "")]
        if problem.get("details"):
            lines.append(f"Details: {problem.get('details')}")
    refused = [
        (file.get("file"), line)
        for file in summary.get("files") or [] if isinstance(file, Mapping)
        for line in file.get("lines") or [] if isinstance(line, Mapping)
        and line.get("state") == "failed"
    ]
    for name, line in refused:
        lines.append(f"Refused: {name} line {line.get('source_line')} ({line.get('line_id')}):"
                     f" {line.get('reason')}")
    return "\n".join(lines)


def _line_details(line: Mapping[str, Any]) -> str:
    number = line.get("voucher_number")
    if number:
        year = f" ({line.get('accounting_year')})" if line.get("accounting_year") else ""
        return f"Voucher {number}{year}"
    return str(line.get("reason") or "")


def _kind_words(kind: Any) -> str:
    return str(kind or "").replace("-", " ").capitalize()


def _short_path(text: Any) -> str:
    text = str(text or "")
    parts = text.replace("\\", "/").split("/")
    return "/".join(parts[-3:]) if len(parts) > 3 else text


def _exact(moment: dt.datetime, zone: dt.tzinfo | None) -> str:
    return moment.astimezone(zone).strftime("%Y-%m-%d %H:%M:%S %Z").strip()
