"""The daily-time field: type the time as people write it, and see what the program understood.

Why not `QTimeEdit`: it edits hours and minutes as separate sections, so typing `07:44` over
`16:00` gave `16:44` and `08:15` over `07:44` gave `07:15` (issue 13, point 4). This field is a
plain line edit read by one pure parser, `parse_daily_time`, and a label beside it says what it
understood, in the export's time zone ("= 07:44 Danish time"), or how to write it.
"""

from __future__ import annotations

import datetime as dt
import re

from PySide6.QtCore import QCoreApplication, QEvent, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QWidget

from wizard.ui.clock_words import time_words

# H:MM or HH:MM with a colon or a full stop (Danish writes 07.44); or only digits: H, HH
# (whole hours), HMM, HHMM. ASCII digits only: `\d` would accept Arabic-Indic digits.
_WITH_SEPARATOR = re.compile(r"([0-9]{1,2})\s*[:.]\s*([0-9]{2})")
_DIGITS = re.compile(r"[0-9]{1,4}")


def parse_daily_time(text: str) -> dt.time | None:
    """The time of day `text` means, or None when it means none.

    Accepts `7:44`, `07:44`, `07.44`, `0744`, `744` (all 07:44) and `16` (16:00); spaces around
    it are ignored. Refuses what is not a time of day (`24:00`, `7:60`, `7:5`, `12345`, words):
    a daily time is 00:00 to 23:59, and a guess at a typo would silently schedule the wrong
    time — the very fault this field replaces.
    """
    text = text.strip()
    match = _WITH_SEPARATOR.fullmatch(text)
    if match:
        hours, minutes = int(match.group(1)), int(match.group(2))
    elif _DIGITS.fullmatch(text):
        if len(text) <= 2:
            hours, minutes = int(text), 0
        else:
            hours, minutes = int(text[:-2]), int(text[-2:])
    else:
        return None
    if not (0 <= hours <= 23 and 0 <= minutes <= 59):
        return None
    return dt.time(hours, minutes)


class TimeField(QLineEdit):
    """A daily time typed as text, with what it understood in `echo`, a label the form puts
    beside the field.

    `time()` is the understood time (None while the text means none); `changed` fires on every
    edit. Leaving the field (or Enter) writes the understood time back as `HH:MM`. The field is
    a `QLineEdit` itself, so it takes part in tab order and label buddies like any other field.
    """

    changed = Signal()

    def __init__(self, parent: QWidget | None = None, *, zone: str | None = None) -> None:
        super().__init__(parent)
        self.setMaxLength(8)
        # Room for "00:00" and a little more, not the whole row: the understood time beside it
        # is what the admin reads.
        self.setFixedWidth(self.fontMetrics().horizontalAdvance("000:000") + 24)
        self.echo = QLabel()
        self.echo.setObjectName("timeEcho")
        self._zone = zone
        self.textChanged.connect(self._edited)
        self.editingFinished.connect(self.normalise)
        self._retranslate()

    def with_echo(self) -> QWidget:
        """The field and its echo in one row, for a form that has no row of its own for it."""
        row = QWidget()
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self)
        layout.addWidget(self.echo, 1)
        row.setFocusProxy(self)
        return row

    # -- value -----------------------------------------------------------------------------

    def time(self) -> dt.time | None:
        return parse_daily_time(self.text())

    def hhmm(self) -> str:
        """The understood time as the settings file keeps it (`HH:MM`), or '' when none."""
        understood = self.time()
        return understood.strftime("%H:%M") if understood else ""

    def set_time(self, value: dt.time | str) -> None:
        if isinstance(value, str):
            value = parse_daily_time(value) or dt.time(16, 0)
        self.setText(value.strftime("%H:%M"))

    def is_valid(self) -> bool:
        return self.time() is not None

    def set_zone(self, zone: str | None) -> None:
        """The export's time zone, named in the echo ("Danish time")."""
        self._zone = zone
        self._update()

    def normalise(self) -> None:
        """Show the understood time the way it will be kept (`744` → `07:44`)."""
        understood = self.hhmm()
        if understood and understood != self.text():
            self.setText(understood)

    # -- showing ---------------------------------------------------------------------------

    def _edited(self) -> None:
        self._update()
        self.changed.emit()

    def _update(self) -> None:
        understood = self.time()
        if understood is not None:
            text = QCoreApplication.translate("TimeField", "= {time}").format(
                time=time_words(understood, self._zone)
            )
            self.echo.setStyleSheet("color: #2f6b3a;")
        elif not self.text().strip():
            text = QCoreApplication.translate("TimeField", "Enter a time, for example 16:00")
            self.echo.setStyleSheet("color: #a33a2c;")
        else:
            text = QCoreApplication.translate(
                "TimeField", "Not a time of day. Write it like 16:00 or 7.30"
            )
            self.echo.setStyleSheet("color: #a33a2c;")
        self.echo.setText(text)
        self.setAccessibleDescription(text)

    def _retranslate(self) -> None:
        self.setPlaceholderText("16:00")
        self.setToolTip(
            QCoreApplication.translate(
                "TimeField", "Hours and minutes, for example 16:00, 7:44, 07.44 or 0744"
            )
        )
        self._update()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)
