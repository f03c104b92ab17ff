"""The last page, after Finish saved: where the exporter lives now and what happens next.

Why a page and not just closing: a wizard that vanishes after Finish leaves a new admin
wondering whether anything happened. This page shows the icon to look for by the clock and,
in the export's own clock (`clock_words`), when the next transfer runs.
"""

from __future__ import annotations

import datetime as dt
from html import escape

from PySide6.QtCore import Qt
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout

from wizard.export.schedule import next_slot, parse_daily_time
from wizard.settings.profiles import ExportProfile
from wizard.ui.clock_words import moment_words, zone_of
from wizard.ui.paths import icon_path
from wizard.ui.setup.widgets import SetupPage, wrap_label

TRAY_ICON = "tray-ok.svg"  # what the exporter shows by the clock while all is well
ICON_SIZE = 48


class DonePage(SetupPage):
    def __init__(self) -> None:
        super().__init__()
        self.setFinalPage(True)
        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        row = QHBoxLayout()
        self.icon = QLabel()
        self.icon.setObjectName("trayIcon")
        self.icon.setPixmap(QIcon(str(icon_path(TRAY_ICON))).pixmap(ICON_SIZE, ICON_SIZE))
        self.icon.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.where = wrap_label(rich=True)
        row.addWidget(self.icon, 0, Qt.AlignmentFlag.AlignTop)
        row.addWidget(self.where, 1)
        layout.addLayout(row)
        self.next_run = wrap_label(rich=True)
        layout.addWidget(self.next_run)
        self.running = wrap_label()
        layout.addWidget(self.running)
        layout.addStretch(1)
        self.now: dt.datetime | None = None  # tests fix the clock; None: the real one
        self.retranslate()

    def initializePage(self) -> None:
        self._render()

    def retranslate(self) -> None:
        self.setTitle(self.tr("Done — look for this icon by the clock"))
        self.setSubTitle(self.tr("The export is set up and saved."))
        self.icon.setAccessibleName(self.tr("The exporter's icon"))
        self.where.setText(
            self.tr(
                "The exporter lives in the notification area by the clock (on Windows it may "
                "hide under the small arrow ^). Click the icon for <b>Transfer now</b>, "
                "<b>History</b> and <b>Settings</b>."
            )
        )
        self._render()

    def _render(self) -> None:
        wizard = self.wizard()
        if wizard is None or wizard.saved_setup is None:
            self.next_run.clear()
            self.running.clear()
            return
        profile: ExportProfile = wizard.saved_setup.profile
        summary = wizard.summary_page
        self.next_run.setText(self._next_run_text(profile))
        if summary.start_now.isChecked():
            running = self.tr("The exporter is running now.")
        else:
            running = self.tr("The exporter is not running yet: start Acubiz e-conomic Export "
                              "from your programs.")  # fmt: skip
        if summary.start_at_login.isChecked():
            running += " " + self.tr("It starts by itself each time you log in.")
        self.running.setText(running)

    def _next_run_text(self, profile: ExportProfile) -> str:
        if profile.export_type != "scheduled":
            return self.tr(
                "Nothing is sent by itself: click the icon and choose <b>Transfer now</b> when "
                "you want to send the expenses to e-conomic."
            )
        now = self.now or dt.datetime.now(dt.UTC)
        try:
            when = next_slot(now, parse_daily_time(profile.daily_time), zone_of(profile.time_zone))
        except ValueError:
            return ""
        return self.tr(
            "The next transfer is <b>{when}</b>. Then every day at that time, the exporter "
            "sends what is in the inbox to e-conomic by itself."
        ).format(when=escape(moment_words(when, profile.time_zone, now)))
