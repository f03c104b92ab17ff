"""History: every run the ledger recorded, newest first, down to each file and line.

An accountant's view: each posting row shows its date, employee, text, amount and currency
(written as the admin writes it: 3.456,50 in Danish), account and contra account, voucher
number, and its state with the reason and what to do, in the admin's words (never an internal
code). Columns sort; "Only problems" hides what went well; the Details column wraps instead of
cutting text off. Every time is in the export's time zone and labelled ("today 16:00 Danish
time"), through `wizard.ui.clock_words`: never UTC, never the computer's zone unlabelled.

Read from the ledger's run records (the report each run stored), so runs made by
`acubiz-export transfer` show up too; reports stored before the posting details existed show
those columns blank. "Retry now" runs the export again now (only when its newest run left
something to send); "Send again…" posts a sent line a second time, only after a warning that
says so (e.g. the accountant deleted the voucher in e-conomic by mistake); "Copy details" puts
the selected run's problems (with e-conomic's logId, never a token) on the clipboard for
support; "Open folder" opens the folder that holds the file with the problem, and says where
it is when no program opens it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Mapping
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import QModelIndex, QRect, QSize, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from wizard.export.report import format_amount
from wizard.ui.clock_words import DEFAULT_ZONE, moment_words, zone_of, zone_words
from wizard.ui.translate import QT_TRANSLATE_NOOP, language, local, translate
from wizard.ui.tray.icons import app_icon, state_icon
from wizard.ui.tray.state import (
    APP_TITLE,
    NEVER_CONNECTED_DETAILS,
    IconState,
    LastRun,
    problem_message,
    run_summary,
    status_words,
    trigger_words,
)

ROLE = Qt.ItemDataRole.UserRole
LINE_ROLE = Qt.ItemDataRole.UserRole + 1  # on line rows: (line id, state)
HELD_NAME_ROLE = Qt.ItemDataRole.UserRole + 2  # on line rows: "<file>#<line>", one version
SENDABLE_AGAIN = ("sent", "already-sent")
# What "Don't send this" can set aside: a posting held for a fix or refused by e-conomic.
SETTABLE_ASIDE = ("held", "failed")
Confirm = Callable[[QWidget, str, str], bool]
OpenUrl = Callable[[QUrl], bool]
RUN_LIMIT = 100
ALL = ""

# Columns by their meaning. The first four keep their places (tests and habits know them);
# the posting's columns are shown between the first and "How" (see `VISUAL_ORDER`).
COL_WHEN, COL_HOW, COL_RESULT, COL_DETAILS = 0, 1, 2, 3
COL_DATE, COL_EMPLOYEE, COL_TEXT, COL_AMOUNT, COL_ACCOUNT, COL_VOUCHER = 4, 5, 6, 7, 8, 9
VISUAL_ORDER = (COL_WHEN, COL_DATE, COL_EMPLOYEE, COL_TEXT, COL_AMOUNT, COL_ACCOUNT,
                COL_VOUCHER, COL_HOW, COL_RESULT, COL_DETAILS)
HEADERS = {
    COL_WHEN: QT_TRANSLATE_NOOP("Tray", "When / file / line"),
    COL_HOW: QT_TRANSLATE_NOOP("Tray", "How"),
    COL_RESULT: QT_TRANSLATE_NOOP("Tray", "Result"),
    COL_DETAILS: QT_TRANSLATE_NOOP("Tray", "Details"),
    COL_DATE: QT_TRANSLATE_NOOP("Tray", "Date"),
    COL_EMPLOYEE: QT_TRANSLATE_NOOP("Tray", "Employee"),
    COL_TEXT: QT_TRANSLATE_NOOP("Tray", "Text"),
    COL_AMOUNT: QT_TRANSLATE_NOOP("Tray", "Amount"),
    COL_ACCOUNT: QT_TRANSLATE_NOOP("Tray", "Account / contra"),
    COL_VOUCHER: QT_TRANSLATE_NOOP("Tray", "Voucher"),
}
WIDTHS = {COL_WHEN: 250, COL_DATE: 84, COL_EMPLOYEE: 100, COL_TEXT: 160, COL_AMOUNT: 100,
          COL_ACCOUNT: 114, COL_VOUCHER: 60, COL_HOW: 76, COL_RESULT: 150}

LINE_WORDS = {
    "sent": QT_TRANSLATE_NOOP("Tray", "Sent"),
    "already-sent": QT_TRANSLATE_NOOP("Tray", "Already sent earlier"),
    "waiting": QT_TRANSLATE_NOOP("Tray", "Waiting"),
    "rejected": QT_TRANSLATE_NOOP("Tray", "Not sent: the file could not be read"),
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
    "rejected": QT_TRANSLATE_NOOP("Tray", "Could not be read"),
    "empty": QT_TRANSLATE_NOOP("Tray", "No postings in it"),
}
# What needs a person: shown by "Only problems", counted by "Retry now".
PROBLEM_LINE_STATES = frozenset({"held", "failed", "rejected", "waiting"})
PROBLEM_RECEIPT_STATES = frozenset({"waiting", "by-hand", "refused"})
RETRY_STATUSES = frozenset({"attention", "waiting", "error", None, ""})


OTHER = QT_TRANSLATE_NOOP("Tray", "Other")


def _words(table: Mapping[str, str], state: str) -> str:
    # An unknown state (a newer program wrote the report) is said plainly, not as its code.
    return translate("Tray", table.get(state) or OTHER)


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
    return _confirm(parent, title, text, translate("Tray", "Post it again"))


def confirm_set_aside(parent: QWidget, title: str, text: str) -> bool:
    """The question before "Don't send this"; "Cancel" is the default button."""
    return _confirm(parent, title, text, translate("Tray", "Don't send it"))


def _confirm(parent: QWidget, title: str, text: str, action: str) -> bool:
    box = QMessageBox(QMessageBox.Icon.Warning, title, text, parent=parent)
    post = box.addButton(action, QMessageBox.ButtonRole.DestructiveRole)
    cancel = box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(cancel)
    box.setEscapeButton(cancel)
    box.exec()
    return box.clickedButton() is post


class _Row(QTreeWidgetItem):
    """A row that knows what it is (run, problem, file, receipt, line), whether it needs a
    person, where its file lies, and how it sorts: postings by the clicked column's value;
    runs by their start (newest first), other rows in the order the run reported them."""

    def __init__(self, parent: Any, texts: list[str], kind: str, order: int) -> None:
        super().__init__(parent, texts + [""] * (len(HEADERS) - len(texts)))
        self.kind = kind
        self.order = order
        self.keys: dict[int, Any] = {}
        self.problem = False
        self.folder: str | None = None  # the folder that holds this row's file

    def __lt__(self, other: QTreeWidgetItem) -> bool:
        tree = self.treeWidget()
        column = tree.sortColumn() if tree is not None else COL_WHEN
        descending = (tree is not None and tree.header().sortIndicatorOrder()
                      is Qt.SortOrder.DescendingOrder)
        if isinstance(other, _Row) and other.kind == self.kind:
            mine, theirs = self.keys.get(column), other.keys.get(column)
            if mine is not None and theirs is not None and mine != theirs:
                return bool(mine < theirs)
        order = other.order if isinstance(other, _Row) else 0
        # Equal or not comparable: keep the reported order, whichever way the column sorts.
        return self.order > order if descending else self.order < order


class _WrapDelegate(QStyledItemDelegate):
    """Wraps long words onto more lines (Details, Danish results) instead of cutting them:
    the row's height is measured at the column's current width."""

    def __init__(self, tree: QTreeWidget) -> None:
        super().__init__(tree)
        self._tree = tree

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:
        base = super().sizeHint(option, index)
        text = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
        if not text:
            return base
        width = self._tree.header().sectionSize(index.column()) - 12
        if index.column() == COL_WHEN:
            depth, parent = 1, index.parent()
            while parent.isValid():
                depth, parent = depth + 1, parent.parent()
            width -= depth * self._tree.indentation()
        if index.data(Qt.ItemDataRole.DecorationRole) is not None:
            width -= self._tree.iconSize().width() + 8 if self._tree.iconSize().isValid() else 24
        bounds = option.fontMetrics.boundingRect(
            QRect(0, 0, max(width, 30), 100_000), Qt.TextFlag.TextWordWrap, text)
        return QSize(base.width(), max(base.height(), bounds.height() + 6))


class HistoryWindow(QWidget):
    retry = Signal(str)  # profile name: "Retry now"
    send_again = Signal(str, str)  # profile name, line id: "Send again…", after the warning
    # profile name, "<file>#<line>" (or the line id): "Don't send this…", after the question.
    # The tray sets the posting aside in the ledger (as `acubiz-export held --set-aside`)
    # and refreshes, so the icon and this window agree at once.
    set_aside = Signal(str, str)

    def __init__(
        self,
        load_runs: Callable[[str | None, int], list[Any]],
        profile_names: Callable[[], list[str]],
        *,
        clock: Callable[[], dt.datetime],
        display_zone: dt.tzinfo | None = None,
        profile_of: Callable[[str], Any] | None = None,
        confirm: Confirm | None = None,
        confirm_aside: Confirm | None = None,
        open_url: OpenUrl | None = None,
        set_aside_names: Callable[[str], Collection[str]] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        """`profile_of(name)` gives an export's settings (its time zone, inbox and receipts
        folders); without it, or for an export that is gone, times are in `display_zone`
        when that is a named zone, else in Danish time (the export's default), never in
        the computer's zone unlabelled. `set_aside_names(name)` says which held postings
        of an export the admin has set aside since ("<file>#<line>" and line ids, from the
        ledger): a run's held line shows as set aside once it is."""
        super().__init__(parent)
        self._set_aside_names = set_aside_names
        self._aside: dict[str, Collection[str]] = {}
        self._building = ""  # the export whose run is being turned into rows
        self._confirm = confirm
        self._confirm_aside = confirm_aside
        self._open_url = open_url or QDesktopServices.openUrl
        self._load_runs = load_runs
        self._profile_names = profile_names
        self._profile_of = profile_of
        self._clock = clock
        self._zone = display_zone
        self._records: dict[int, Any] = {}
        self._run_rows: dict[int, _Row] = {}
        self._retry_profiles: set[str] = set()
        self.setWindowTitle(translate("Tray", "History – {app}").format(app=APP_TITLE))
        self.setWindowIcon(app_icon())
        self.resize(1440, 680)

        self.profile_label = QLabel(translate("Tray", "Export:"))
        self.profiles = QComboBox()
        self.profiles.setObjectName("profiles")
        self.profiles.currentIndexChanged.connect(self.refresh)
        self.only_problems = QCheckBox(translate("Tray", "Only problems"))
        self.only_problems.setObjectName("only-problems")
        self.only_problems.setToolTip(translate(
            "Tray", "Show only what needs you: held, refused or waiting postings, receipts to"
            " attach and files that could not be read"))
        self.only_problems.toggled.connect(self._apply_filter)
        top = QHBoxLayout()
        top.addWidget(self.profile_label)
        top.addWidget(self.profiles)
        top.addSpacing(16)
        top.addWidget(self.only_problems)
        top.addStretch(1)

        self.tree = QTreeWidget()
        self.tree.setObjectName("runs")
        self.tree.setColumnCount(len(HEADERS))
        self.tree.setHeaderLabels([translate("Tray", HEADERS[c]) for c in range(len(HEADERS))])
        self.tree.setUniformRowHeights(False)
        self.tree.setWordWrap(True)
        self.tree.setItemDelegate(_WrapDelegate(self.tree))
        self.tree.setAlternatingRowColors(True)
        self.tree.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        header = self.tree.header()
        for visual, logical in enumerate(VISUAL_ORDER):
            header.moveSection(header.visualIndex(logical), visual)
        header.setStretchLastSection(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setMinimumSectionSize(40)
        for column, width in WIDTHS.items():
            self.tree.setColumnWidth(column, width)
        header.setSortIndicatorShown(True)
        self.tree.setSortingEnabled(True)
        self.tree.sortByColumn(COL_WHEN, Qt.SortOrder.DescendingOrder)
        self._relayout = QTimer(self)  # one re-wrap after a column is dragged wider
        self._relayout.setSingleShot(True)
        self._relayout.setInterval(50)
        self._relayout.timeout.connect(self.tree.doItemsLayout)
        header.sectionResized.connect(lambda *_: self._relayout.start())
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
        self.retry_button.clicked.connect(self._on_retry)
        self.send_again_button = QPushButton(translate("Tray", "Send again…"))
        self.send_again_button.setObjectName("send-again")
        self.send_again_button.setToolTip(translate(
            "Tray", "Post the selected sent line to e-conomic a second time (asks first)"))
        self.send_again_button.clicked.connect(self._on_send_again)
        self.set_aside_button = QPushButton(translate("Tray", "Don't send this…"))
        self.set_aside_button.setObjectName("set-aside")
        self.set_aside_button.clicked.connect(self._on_set_aside)
        self.copy_button = QPushButton(translate("Tray", "Copy details"))
        self.copy_button.setObjectName("copy-details")
        self.copy_button.setToolTip(
            translate("Tray", "Copy the selected run's problems for support (no tokens)"))
        self.copy_button.clicked.connect(self.copy_details)
        self.folder_button = QPushButton(translate("Tray", "Open folder"))
        self.folder_button.setObjectName("open-folder")
        self.folder_button.clicked.connect(self.open_folder)
        self.feedback = QLabel()
        self.feedback.setObjectName("feedback")
        self.feedback.setWordWrap(True)
        self.feedback.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._feedback_timer = QTimer(self)
        self._feedback_timer.setSingleShot(True)
        self._feedback_timer.setInterval(4000)
        self._feedback_timer.timeout.connect(self.feedback.clear)
        close = QPushButton(translate("Tray", "Close"))
        close.clicked.connect(self.close)
        buttons = QHBoxLayout()
        buttons.addWidget(self.retry_button)
        buttons.addWidget(self.send_again_button)
        buttons.addWidget(self.set_aside_button)
        buttons.addWidget(self.copy_button)
        buttons.addWidget(self.folder_button)
        buttons.addWidget(self.feedback, 1)
        buttons.addWidget(close)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)
        layout.addLayout(buttons)
        self._update_buttons()

    # -- public --------------------------------------------------------------------------

    def show_for(self, profile: str | None = None) -> None:
        """Open (or raise) History showing every run; what an earlier opening said in its
        status line, and an "Only problems" the tray turned on, are gone. (The tray opens
        History at a problem with `show_for` and then `focus_problems`.)"""
        self._feedback_timer.stop()
        self.feedback.clear()
        self.only_problems.blockSignals(True)
        self.only_problems.setChecked(False)
        self.only_problems.blockSignals(False)
        self._fill_profiles(profile)
        self.refresh()
        self.showNormal()
        self.raise_()
        self.activateWindow()

    def focus_problems(self) -> None:
        """Show what needs the admin: "Only problems" on, the newest run with a problem
        selected and opened down to its lines. With no problem anywhere, the newest run is
        selected and nothing is hidden."""
        newest = next((self._run_rows[run_id] for run_id in self._records
                       if self._run_rows[run_id].problem), None)
        if newest is None:
            self.only_problems.setChecked(False)
            if self.tree.topLevelItemCount():
                self.tree.setCurrentItem(self.tree.topLevelItem(0))
            return
        self.only_problems.setChecked(True)
        newest.setExpanded(True)
        for i in range(newest.childCount()):
            newest.child(i).setExpanded(True)
        self.tree.setCurrentItem(newest)
        self.tree.scrollToItem(newest, QAbstractItemView.ScrollHint.PositionAtTop)

    def refresh(self, *_changed: object) -> None:
        """Read the ledger again, keeping the selected row selected and the opened rows open
        (the tray refreshes an open History after every run)."""
        selected = self.selected_run_id()
        current = _row_key(self.tree.currentItem())
        opened = {_row_key(row) for row in _all_rows(self.tree.invisibleRootItem())
                  if row.isExpanded()}
        profile = self.profile_filter()
        records = self._load_runs(profile, RUN_LIMIT)
        self._aside = {}
        self._records = {record.run_id: record for record in records}
        self._run_rows = {}
        self._retry_profiles = set()
        seen: set[str] = set()
        self.tree.setSortingEnabled(False)
        self.tree.clear()
        now = self._clock()
        for order, record in enumerate(records):
            item = self._run_item(record, now, order, show_profile=profile is None)
            self.tree.addTopLevelItem(item)
            self._run_rows[record.run_id] = item
            if record.profile not in seen:  # the newest run of each export decides
                seen.add(record.profile)
                if _needs_retry(record):
                    self._retry_profiles.add(record.profile)
        self.tree.setSortingEnabled(True)
        for row in _all_rows(self.tree.invisibleRootItem()):
            key = _row_key(row)
            if key in opened:
                row.setExpanded(True)
            if key == current and current is not None:
                self.tree.setCurrentItem(row)
        self._apply_filter()
        if self.tree.currentItem() is None and selected in self._run_rows:
            self.tree.setCurrentItem(self._run_rows[selected])
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
        from wizard.redact import redact_text  # loads the HTTP stack: on use only

        record = self._records.get(self.selected_run_id() or -1)
        if record is None:
            return ""
        text = redact_text(run_details(record, self._zone_name(record.profile), self._clock()))
        QGuiApplication.clipboard().setText(text)
        self._say(translate("Tray", "Copied to the clipboard."))
        return text

    def open_folder(self) -> str | None:
        """Open the folder that holds the selected row's file (or the run's first file with
        a problem). When it is gone or no program opens it, say where it is, in words that
        can be selected and copied. Returns the folder."""
        folder = self._folder_of(self.tree.currentItem())
        if folder is None:
            return None
        if not Path(folder).is_dir():
            self._say(translate("Tray", "The folder {folder} is not there (any more). Is the"
                                " drive connected?").format(folder=folder), lasting=True)
        elif not self._open_url(QUrl.fromLocalFile(folder)):
            self._say(translate("Tray", "No program opened the folder. It is here: {folder}")
                      .format(folder=folder), lasting=True)
        return folder

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

    def _zone_name(self, profile: str) -> str:
        """The export's own time zone; the one clock every time in History is told in."""
        found = self._profile_of(profile) if self._profile_of is not None else None
        name = getattr(found, "time_zone", None)
        if name:
            return str(name)
        if isinstance(self._zone, ZoneInfo):
            return self._zone.key
        return DEFAULT_ZONE

    def _run_item(self, record: Any, now: dt.datetime, order: int,
                  show_profile: bool) -> _Row:
        run = LastRun.from_record(record)
        summary = record.summary if isinstance(record.summary, dict) else {}
        zone = self._zone_name(record.profile)
        self._building = record.profile
        message = run_summary(run)
        if show_profile and len(self._profile_names()) > 1:
            message = f"{record.profile}: {message}"
        item = _Row(None, [
            moment_words(run.started_at, zone, now),
            trigger_words(run.trigger),
            status_words(run.status),
            message,
        ], "run", order)
        item.keys[COL_WHEN] = -order  # the ledger's order (newest first), not clock readings
        item.setData(0, ROLE, record.run_id)
        item.setToolTip(0, _exact(run.started_at, zone))
        item.setToolTip(COL_DETAILS, message)
        totals = _totals_words(summary.get("sent_totals"))
        if totals:
            item.setText(COL_AMOUNT, totals)
            item.setToolTip(COL_AMOUNT, translate("Tray", "Sent in this transfer: {amount}")
                            .format(amount=totals))
        item.setTextAlignment(COL_AMOUNT, _RIGHT)
        icon = STATUS_ICONS.get(record.status or "", IconState.ERROR)
        item.setIcon(COL_RESULT, state_icon(icon))
        inbox = str(summary.get("inbox_folder") or self._profile_folder(record.profile, "inbox")
                    or "") or None
        receipts = str(summary.get("receipts_folder")
                       or self._profile_folder(record.profile, "receipts") or inbox or "") or None
        position = 0
        for problem in summary.get("problems") or []:
            if not isinstance(problem, Mapping):
                continue
            child = _Row(item, [
                translate("Tray", "Problem"), "", _kind_words(problem.get("kind")),
                local(problem, "title"),
            ], "problem", position)
            position += 1
            child.problem = True
            child.setIcon(0, state_icon(IconState.ATTENTION))
            child.setToolTip(COL_DETAILS, problem_message(problem))
        for file in summary.get("files") or []:
            if isinstance(file, Mapping):
                self._file_item(item, file, position, inbox)
                position += 1
        for receipt in summary.get("receipts") or []:
            if isinstance(receipt, Mapping):
                self._receipt_item(item, receipt, position, receipts)
                position += 1
        children = [item.child(i) for i in range(item.childCount())]
        item.problem = str(record.status or "") in RETRY_STATUSES or any(
            isinstance(c, _Row) and c.problem for c in children)
        item.folder = next((c.folder for c in children
                            if isinstance(c, _Row) and c.problem and c.folder), None)
        return item

    def _profile_folder(self, profile: str, which: str) -> str | None:
        """For reports written before they named their folders: the export's folder now."""
        found = self._profile_of(profile) if self._profile_of is not None else None
        if found is None:
            return None
        folder = getattr(found, "receipts_folder", None) if which == "receipts" else None
        folder = folder or getattr(found, "inbox_folder", None)
        return str(folder) if folder else None

    def _receipt_item(self, parent: _Row, receipt: Mapping[str, Any], order: int,
                      folder: str | None) -> None:
        """A receipt attached in the run (and what was done to it), or one that waits or
        needs a hand (and why, and what to do)."""
        state = str(receipt.get("state") or "")
        details = local(receipt, "applied") if state == "sent" else " ".join(
            part for part in (local(receipt, "reason"), local(receipt, "fix")) if part)
        label = translate("Tray", "Receipt {name}").format(name=receipt.get("name") or "?")
        row = _Row(parent, [label, "", _words(RECEIPT_WORDS, state), details], "receipt", order)
        row.problem = state in PROBLEM_RECEIPT_STATES
        row.folder = folder
        if receipt.get("voucher_number"):
            row.setText(COL_VOUCHER, str(receipt["voucher_number"]))
        row.setToolTip(COL_DETAILS, details)
        if row.problem:
            row.setIcon(COL_RESULT, state_icon(IconState.ATTENTION))

    def _file_item(self, parent: _Row, file: Mapping[str, Any], order: int,
                   inbox: str | None) -> None:
        state = str(file.get("state") or "")
        if state == "rejected" and file.get("reason"):
            where = local(file, "reason")  # why, first; the folder is in the Problem row
        else:
            where = file.get("moved_to") or local(file, "reason")
        lines = [line for line in file.get("lines") or [] if isinstance(line, Mapping)]
        counts = ""
        if lines and state != "rejected":  # a rejected file lists problems, not postings
            counts = (translate("Tray", "1 line") if len(lines) == 1
                      else translate("Tray", "{count} lines").format(count=len(lines)))
        item = _Row(parent, [
            str(file.get("file") or "?"), "", _words(FILE_WORDS, state),
            "; ".join(str(part) for part in (counts, _short_path(where)) if part),
        ], "file", order)
        item.setToolTip(COL_DETAILS, str(where))
        moved = file.get("moved_to")
        item.folder = str(Path(str(moved)).parent) if moved else inbox
        for position, line in enumerate(lines):
            self._line_item(item, line, position)
        item.problem = state == "rejected" or any(
            isinstance(item.child(i), _Row) and item.child(i).problem
            for i in range(item.childCount())) or (state == "waiting" and not lines)
        if item.problem:
            item.setIcon(COL_RESULT, state_icon(IconState.ATTENTION))

    def _line_item(self, parent: _Row, line: Mapping[str, Any], order: int) -> None:
        state = str(line.get("state") or "")
        number = line.get("source_line")
        # "<file>#<line>" names exactly this version (also of a conflict) for the ledger.
        held_name = (f"{parent.text(0)}#{number}" if number and parent.text(0) != "?"
                     else line.get("line_id"))
        if state in SETTABLE_ASIDE and held_name and held_name in self._aside_now():
            state = "set-aside"  # held in this run; the admin chose "Don't send this" since
        where = (translate("Tray", "Line {number}").format(number=number) if number
                 else translate("Tray", "Line"))
        label = " · ".join(str(part) for part in (where, line.get("line_id")) if part)
        details = _line_details(line)
        row = _Row(parent, [label, "", _words(LINE_WORDS, state), details], "line", order)
        row.problem = state in PROBLEM_LINE_STATES
        row.folder = parent.folder
        row.keys = {COL_RESULT: row.text(COL_RESULT).casefold(),
                    COL_DETAILS: details.casefold()}
        day = str(line.get("date") or "")
        if day:
            row.setText(COL_DATE, _date_words(day))
            row.keys[COL_DATE] = day
        for column, key in ((COL_EMPLOYEE, "employee"), (COL_TEXT, "text")):
            value = str(line.get(key) or "")
            row.setText(column, value)
            row.setToolTip(column, value)
            row.keys[column] = value.casefold() if value else None
        amount = _decimal(line.get("amount"))
        if amount is not None:
            currency = str(line.get("currency") or "")
            row.setText(COL_AMOUNT, f"{format_amount(amount, language())} {currency}".strip())
            row.keys[COL_AMOUNT] = amount
        row.setTextAlignment(COL_AMOUNT, _RIGHT)
        account, contra = line.get("account"), line.get("contra_account")
        if account is not None:
            row.setText(COL_ACCOUNT, f"{account} / {contra}" if contra is not None
                        else str(account))
            row.setToolTip(COL_ACCOUNT, _accounts_words(account, contra))
            row.keys[COL_ACCOUNT] = int(account) if str(account).isdigit() else None
        voucher = line.get("voucher_number")
        if voucher:
            row.setText(COL_VOUCHER, str(voucher))
            row.keys[COL_VOUCHER] = int(voucher) if str(voucher).isdigit() else None
            if line.get("accounting_year"):
                row.setToolTip(COL_VOUCHER, translate(
                    "Tray", "Voucher {number}, accounting year {year}").format(
                    number=voucher, year=line.get("accounting_year")))
        row.setToolTip(COL_DETAILS, details)
        if row.problem:
            row.setIcon(COL_RESULT, state_icon(IconState.ATTENTION))
        row.setData(COL_DETAILS, ROLE, line_description(line))
        if line.get("line_id"):
            row.setData(0, LINE_ROLE, (str(line["line_id"]), state))
        if state in SETTABLE_ASIDE and held_name:
            row.setData(0, HELD_NAME_ROLE, str(held_name))

    def _aside_now(self) -> Collection[str]:
        """What the admin has set aside in the export being drawn (read once a refresh)."""
        if self._set_aside_names is None:
            return ()
        if self._building not in self._aside:
            try:
                self._aside[self._building] = self._set_aside_names(self._building)
            except Exception:  # a busy ledger: the run's own words stand this time
                self._aside[self._building] = ()
        return self._aside[self._building]

    # -- reacting ------------------------------------------------------------------------

    def _apply_filter(self, *_toggled: object) -> None:
        """"Only problems": hide every row that needs nobody (and runs without a problem)."""
        only = self.only_problems.isChecked()
        for i in range(self.tree.topLevelItemCount()):
            _hide_unproblematic(self.tree.topLevelItem(i), only)
        current = self.tree.currentItem()
        if only and current is not None and current.isHidden():
            visible = next((self.tree.topLevelItem(i)
                            for i in range(self.tree.topLevelItemCount())
                            if not self.tree.topLevelItem(i).isHidden()), None)
            self.tree.setCurrentItem(visible)
        self._update_buttons()

    def _on_current(self, current: QTreeWidgetItem | None, _previous: object = None) -> None:
        self._update_buttons()
        if current is None:
            return
        record = self._records.get(self.selected_run_id() or -1)
        if current.parent() is None and record is not None:
            self.details.setPlainText(
                run_details(record, self._zone_name(record.profile), self._clock()))
        elif current.data(COL_DETAILS, ROLE):
            self.details.setPlainText(str(current.data(COL_DETAILS, ROLE)))
        else:
            texts = [current.text(0), current.text(COL_RESULT),
                     current.toolTip(COL_DETAILS) or current.text(COL_DETAILS)]
            self.details.setPlainText("\n".join(t for t in texts if t))

    def _on_retry(self) -> None:
        profile = self._retry_profile()
        if profile:
            self.retry.emit(profile)
            self._say(translate("Tray", "Transfer of {profile} started.").format(
                profile=profile))
            self._update_buttons()

    def _retry_profile(self) -> str | None:
        record = self._records.get(self.selected_run_id() or -1)
        profile = record.profile if record is not None else self.profile_filter()
        if profile is None and len(self._profile_names()) == 1:
            profile = self._profile_names()[0]
        return profile

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
            self._say(translate("Tray", "Not sent again."))
            return
        self.send_again.emit(profile, line_id)
        self._say(translate("Tray", "Sending line {line} again…").format(line=line_id))

    def _held_name(self) -> str | None:
        """How the ledger names the selected held line ("<file>#<line>": exactly this
        version, also of a conflict; else its line id); None when nothing can be set aside."""
        item = self.tree.currentItem()
        name = item.data(0, HELD_NAME_ROLE) if item is not None else None
        return str(name) if name else None

    def _on_set_aside(self) -> None:
        name = self._held_name()
        record = self._records.get(self.selected_run_id() or -1)
        if name is None or record is None:
            return
        item = self.tree.currentItem()
        posting = " · ".join(part for part in (
            item.text(COL_DATE), item.text(COL_EMPLOYEE), item.text(COL_TEXT),
            item.text(COL_AMOUNT)) if part)
        title = translate("Tray", "Don't send this posting?")
        text = translate(
            "Tray", "{posting} ({name}) will not be sent to e-conomic, now or later. It stays"
            " in History as set aside, with who chose it and when; its file can then move to"
            " the sent folder.\n\nDo this only when the posting must not be booked (for"
            " example, it was booked by hand in e-conomic).").format(
            posting=posting or name, name=name)
        if not (self._confirm_aside or confirm_set_aside)(self, title, text):
            self._say(translate("Tray", "Nothing was changed."))
            return
        self.set_aside.emit(record.profile, name)

    def set_aside_done(self, name: str, count: int) -> None:
        """What the tray says back after setting `name` aside (`count` versions of it)."""
        if count:
            self._say(translate("Tray", "{name} is set aside: it will not be sent.").format(
                name=name), lasting=True)
        else:
            self._say(translate("Tray", "{name} is no longer held: it was sent or set aside"
                                " already.").format(name=name), lasting=True)

    def _say(self, text: str, *, lasting: bool = False) -> None:
        """The status line beside the buttons; it fades after a moment unless it says
        something to read (where a folder is)."""
        self.feedback.setText(text)
        if lasting:
            self._feedback_timer.stop()
        else:
            self._feedback_timer.start()

    def _update_buttons(self) -> None:
        has_run = self.selected_run_id() is not None
        line = self.selected_line()
        self.send_again_button.setEnabled(line is not None and line[1] in SENDABLE_AGAIN)
        can_aside = self._held_name() is not None
        self.set_aside_button.setEnabled(can_aside)
        self.set_aside_button.setToolTip(
            translate("Tray", "Never send the selected held posting (asks first)") if can_aside
            else translate("Tray", "Select a posting that is held back for a fix."))
        self.copy_button.setEnabled(has_run)
        profile = self._retry_profile()
        can_retry = profile is not None and profile in self._retry_profiles
        self.retry_button.setEnabled(can_retry)
        self.retry_button.setToolTip(
            translate("Tray", "Send what waits in this export's inbox now") if can_retry
            else translate("Tray", "Nothing to retry: the newest transfer of this export left"
                           " nothing waiting."))
        folder = self._folder_of(self.tree.currentItem())
        self.folder_button.setEnabled(folder is not None)
        self.folder_button.setToolTip(
            translate("Tray", "Open {folder}").format(folder=folder) if folder
            else translate("Tray", "Select a file, a line or a receipt to open its folder."))

    def _folder_of(self, item: QTreeWidgetItem | None) -> str | None:
        return item.folder if isinstance(item, _Row) else None


_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


def _all_rows(item: QTreeWidgetItem) -> list[QTreeWidgetItem]:
    found: list[QTreeWidgetItem] = []
    for i in range(item.childCount()):
        found.append(item.child(i))
        found += _all_rows(item.child(i))
    return found


def _row_key(item: QTreeWidgetItem | None) -> tuple[Any, ...] | None:
    """A row's identity across a refresh: its run and its place in what the run reported."""
    path: list[Any] = []
    while isinstance(item, _Row):
        path.append(item.data(0, ROLE) if item.parent() is None else (item.kind, item.order))
        item = item.parent()
    return tuple(reversed(path)) or None


def _hide_unproblematic(item: QTreeWidgetItem, only: bool) -> None:
    item.setHidden(only and not (isinstance(item, _Row) and item.problem))
    for i in range(item.childCount()):
        _hide_unproblematic(item.child(i), only)


def _needs_retry(record: Any) -> bool:
    """The run left something a new transfer may send: a problem, a held or waiting
    posting, a receipt waiting for its file, or it never finished."""
    summary = record.summary if isinstance(record.summary, dict) else {}
    if str(record.status or "") in RETRY_STATUSES:
        return True
    counts = summary.get("counts") if isinstance(summary.get("counts"), dict) else {}
    receipts = (summary.get("receipt_counts")
                if isinstance(summary.get("receipt_counts"), dict) else {})
    return bool(counts.get("held-total") or counts.get("held") or counts.get("failed")
                or counts.get("waiting") or receipts.get("waiting"))


def run_details(record: Any, zone_name: str | None = None,
                now: dt.datetime | None = None) -> str:
    """The text "Copy details" puts on the clipboard: what happened and what support needs
    (times in the export's zone `zone_name`, labelled; no internal codes)."""
    from wizard import __version__

    run = LastRun.from_record(record)
    now = now or dt.datetime.now(dt.UTC)
    summary = record.summary if isinstance(record.summary, dict) else {}
    slot = ""
    if record.slot:
        try:
            planned = dt.datetime.fromisoformat(record.slot).replace(tzinfo=zone_of(zone_name))
            slot = translate("Tray", ", planned for {slot}").format(
                slot=moment_words(planned, zone_name, now))
        except ValueError:
            slot = ""
    lines = [
        translate("Tray", "{app} {version} – run {run} of \"{profile}\"").format(
            app=APP_TITLE, version=__version__, run=record.run_id, profile=record.profile),
        translate("Tray", "Started {when} ({trigger}{slot})").format(
            when=_exact(run.started_at, zone_name), trigger=trigger_words(run.trigger),
            slot=slot),
        translate("Tray", "Result: {status} – {summary}").format(
            status=status_words(run.status), summary=run_summary(run)),
    ]
    counted = count_words(summary)
    if counted:
        lines.append(counted)
    totals = _totals_words(summary.get("sent_totals"))
    if totals:
        lines.append(translate("Tray", "Amount sent: {amount}").format(amount=totals))
    for problem in summary.get("problems") or []:
        if not isinstance(problem, Mapping):
            continue
        lines += ["", translate("Tray", "Problem: {title}").format(
            title=local(problem, "title")), problem_message(problem)]
        if problem.get("details") and problem.get("details") not in NEVER_CONNECTED_DETAILS:
            lines.append(translate("Tray", "Details: {details}").format(
                details=problem.get("details")))
    waiting = [
        (file.get("file"), line)
        for file in summary.get("files") or [] if isinstance(file, Mapping)
        for line in file.get("lines") or [] if isinstance(line, Mapping)
        and line.get("state") in PROBLEM_LINE_STATES
    ]
    if waiting:
        lines.append("")
    for name, line in waiting:
        lines.append(translate("Tray", "{result}: {file} line {number} ({line}): {posting}"
                               " – {reason}").format(
            result=_words(LINE_WORDS, str(line.get("state") or "")), file=name,
            number=line.get("source_line") or "?", line=line.get("line_id") or "?",
            posting=_posting_words(line) or "", reason=_line_details(line))
            .replace(":  – ", ": "))  # a line of an unreadable file has no posting words
    return "\n".join(lines)


def count_words(summary: Mapping[str, Any]) -> str:
    """'3 sent · 1 held back for a fix · 2 in a file that could not be read': a run's counts
    in plain words, zero counts left out ("refused 0" reads like a problem). "Could not be
    read" (the file itself, now in the inbox's rejected folder) and "refused by e-conomic"
    (e-conomic said no to a voucher) are two different things and are said differently."""
    counts = summary.get("counts") if isinstance(summary.get("counts"), dict) else {}

    def count(key: str) -> int:
        value = counts.get(key, 0)
        return value if isinstance(value, int) else 0

    refused = count("failed")
    held = count("held")  # held by the file's own problem or by pre-flight, not yet sent
    parts = [
        (count("sent"), translate("Tray", "{count} sent")),
        (held, translate("Tray", "{count} held back for a fix")),
        (refused, translate("Tray", "{count} refused by e-conomic")),
        (count("waiting"), translate("Tray", "{count} waiting")),
        (count("rejected"), translate("Tray", "1 in a file that could not be read")
         if count("rejected") == 1
         else translate("Tray", "{count} in files that could not be read")),
        (count("set-aside"), translate("Tray", "{count} set aside")),
    ]
    return " · ".join(text.format(count=number) for number, text in parts if number)


def line_description(line: Mapping[str, Any]) -> str:
    """Everything about one posting, one fact a line, for the Details pane."""
    facts = [
        (translate("Tray", "Result"), _words(LINE_WORDS, str(line.get("state") or ""))),
        (translate("Tray", "Date"), _date_words(str(line.get("date") or ""))),
        (translate("Tray", "Employee"), str(line.get("employee") or "")),
        (translate("Tray", "Text"), str(line.get("text") or "")),
        (translate("Tray", "Amount"), _amount_words(line)),
        (translate("Tray", "Account"), str(line.get("account") or "")),
        (translate("Tray", "Contra account"), str(line.get("contra_account") or "")),
        (translate("Tray", "Voucher"), str(line.get("voucher_number") or "")),
        (translate("Tray", "Accounting year"), str(line.get("accounting_year") or "")),
        (translate("Tray", "Why"), local(line, "reason")),
        (translate("Tray", "What to do"), local(line, "fix")),
    ]
    number = line.get("source_line")
    head = " · ".join(str(part) for part in (
        translate("Tray", "Line {number}").format(number=number) if number else "",
        line.get("line_id")) if part)
    return "\n".join([head] * bool(head) + [f"{label}: {value}" for label, value in facts
                                             if value])


def _line_details(line: Mapping[str, Any]) -> str:
    """The Details column of a posting: why it is where it is and what to do (a sent line
    says nothing more: its voucher has its own column)."""
    reason = local(line, "reason")
    fix = local(line, "fix")
    return f"{reason} {fix}".strip() if fix else reason


def _posting_words(line: Mapping[str, Any]) -> str:
    """'23-11-2026, Mette Jensen, Hotel Aarhus, 1.245,00 DKK, account 2750' for Copy."""
    parts = [_date_words(str(line.get("date") or "")), str(line.get("employee") or ""),
             str(line.get("text") or ""), _amount_words(line)]
    if line.get("account") is not None:
        parts.append(translate("Tray", "account {account}").format(account=line["account"]))
    return ", ".join(part for part in parts if part)


def _amount_words(line: Mapping[str, Any]) -> str:
    amount = _decimal(line.get("amount"))
    if amount is None:
        return ""
    return f"{format_amount(amount, language())} {line.get('currency') or ''}".strip()


def _totals_words(totals: Any) -> str:
    """'2.231,45 DKK, 150,00 EUR': a run's sent_totals in the admin's language."""
    if not isinstance(totals, Mapping):
        return ""
    return ", ".join(f"{format_amount(amount, language())} {currency}".strip()
                     for currency, amount in totals.items() if _decimal(amount) is not None)


def _accounts_words(account: Any, contra: Any) -> str:
    if contra is None:
        return translate("Tray", "Account {account}").format(account=account)
    return translate("Tray", "Account {account}, contra account {contra}").format(
        account=account, contra=contra)


def _date_words(iso: str) -> str:
    """A posting's date the way the admin reads it: 23-11-2026 (as Acubiz and e-conomic
    write it) in Danish, 2026-11-23 in English."""
    try:
        day = dt.date.fromisoformat(iso)
    except ValueError:
        return iso
    return day.strftime("%d-%m-%Y") if language() == "da" else day.isoformat()


def _decimal(value: Any) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


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
    "files-rejected": QT_TRANSLATE_NOOP("Tray", "Files that could not be read"),
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
    "ledger-recovered": QT_TRANSLATE_NOOP("Tray", "Record of what was sent replaced"),
    "inbox-shared": QT_TRANSLATE_NOOP("Tray", "Inbox used by two exports"),
}


def _kind_words(kind: Any) -> str:
    return _words(KIND_WORDS, str(kind or ""))


def _short_path(text: Any) -> str:
    text = str(text or "")
    parts = text.replace("\\", "/").split("/")
    return "/".join(parts[-3:]) if len(parts) > 3 else text


def _exact(moment: dt.datetime, zone_name: str | None) -> str:
    """'2026-11-25 16:00:04 Danish time': to the second, in the export's zone, labelled."""
    local_moment = moment.astimezone(zone_of(zone_name))
    return f"{local_moment:%Y-%m-%d %H:%M:%S} {zone_words(zone_name)}"


__all__ = ["HistoryWindow", "confirm_send_again", "confirm_set_aside", "count_words",
           "line_description", "run_details"]
