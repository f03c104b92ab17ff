"""The daily-time field: what a typed time means, and that typing over a time replaces it."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt

from wizard.ui.i18n import Translations
from wizard.ui.setup.time_field import TimeField, parse_daily_time

CASES = [
    # as the admin types it → what it means
    ("7:44", dt.time(7, 44)),
    ("07:44", dt.time(7, 44)),
    ("07.44", dt.time(7, 44)),
    ("7.44", dt.time(7, 44)),
    ("0744", dt.time(7, 44)),
    ("744", dt.time(7, 44)),
    ("16", dt.time(16, 0)),
    ("7", dt.time(7, 0)),
    ("0", dt.time(0, 0)),
    ("00:00", dt.time(0, 0)),
    ("23:59", dt.time(23, 59)),
    ("2359", dt.time(23, 59)),
    ("1600", dt.time(16, 0)),
    (" 16:00 ", dt.time(16, 0)),
    ("16 : 00", dt.time(16, 0)),
    # not a time of day → None (never a guess)
    ("24:00", None),
    ("24", None),
    ("2400", None),
    ("7:60", None),
    ("760", None),
    ("7:5", None),
    ("25", None),
    ("12345", None),
    ("", None),
    ("   ", None),
    ("16:00:00", None),
    ("-7:44", None),
    ("7:44 pm", None),
    ("kl. 16", None),
    ("seven", None),
    ("7,44", None),
    ("١٦", None),  # Arabic-Indic digits: not what anyone types here
    ("16:", None),
    (":30", None),
]


@pytest.mark.parametrize(("typed", "meant"), CASES)
def test_parse_daily_time(typed, meant):
    assert parse_daily_time(typed) == meant


def type_over(qtbot, field: TimeField, text: str) -> None:
    """Select what is there and type, as an admin who clicks into the field and retypes."""
    field.setFocus()
    field.selectAll()
    qtbot.keyClicks(field, text)


def test_typing_07_44_over_16_00_gives_07_44(qtbot):
    field = TimeField(zone="Europe/Copenhagen")
    qtbot.addWidget(field)
    field.set_time(dt.time(16, 0))
    type_over(qtbot, field, "07:44")
    assert field.time() == dt.time(7, 44)
    assert field.echo.text() == "= 07:44 Danish time"
    type_over(qtbot, field, "08:15")
    assert field.time() == dt.time(8, 15)


def test_a_short_time_is_written_back_in_full_when_leaving_the_field(qtbot):
    field = TimeField(zone="Europe/Copenhagen")
    qtbot.addWidget(field)
    field.set_time("16:00")
    type_over(qtbot, field, "744")
    qtbot.keyClick(field, Qt.Key.Key_Return)
    assert field.hhmm() == "07:44"
    assert field.hhmm() == "07:44"


def test_junk_says_how_to_write_a_time_and_keeps_the_text(qtbot):
    field = TimeField(zone="Europe/Copenhagen")
    qtbot.addWidget(field)
    field.set_time("16:00")
    type_over(qtbot, field, "7:60")
    assert field.time() is None and not field.is_valid()
    assert field.echo.text().startswith("Not a time of day")
    field.normalise()
    assert field.text() == "7:60"  # never replaced by a guess


def test_the_echo_names_the_export_zone(qtbot):
    field = TimeField(zone="Europe/Oslo")
    qtbot.addWidget(field)
    field.set_time("06:30")
    assert field.echo.text() == "= 06:30 Norwegian time"
    field.set_zone("Europe/Copenhagen")
    assert field.echo.text() == "= 06:30 Danish time"


def test_the_echo_in_danish(qtbot):
    translations = Translations()
    try:
        assert translations.apply("da")
        field = TimeField(zone="Europe/Copenhagen")
        qtbot.addWidget(field)
        field.set_time("7.44")
        assert field.echo.text() == "= 07:44 dansk tid"
        type_over(qtbot, field, "x")
        assert "16:00" in field.echo.text() and "Not" not in field.echo.text()
    finally:
        translations.apply("en")


def test_the_export_page_of_the_wizard_reads_the_typed_time(
    qtbot, make_wizard, journal, demo_inbox
):
    from wizard_helpers import WAIT_MS, connect_with, next_button, press_next

    from wizard.sandbox.seed import GRANT_TOKEN

    wizard = make_wizard(inbox=demo_inbox)
    press_next(qtbot, wizard)
    connect_with(qtbot, wizard, GRANT_TOKEN)
    press_next(qtbot, wizard)
    qtbot.waitUntil(wizard.journal_page.isComplete, timeout=WAIT_MS)
    press_next(qtbot, wizard)
    page = wizard.profile_page
    assert page.time.text() == "16:00" and next_button(wizard).isEnabled()
    type_over(qtbot, page.time, "07:44")
    assert page.fields()["daily_time"] == "07:44"
    assert page.time.echo.text() == "= 07:44 Danish time"
    type_over(qtbot, page.time, "24:00")
    assert not next_button(wizard).isEnabled()
    page.time_zone.setCurrentIndex(page.time_zone.findData("Europe/Oslo"))
    type_over(qtbot, page.time, "7.30")
    assert page.time.echo.text() == "= 07:30 Norwegian time"
    assert next_button(wizard).isEnabled()
    assert page.fields()["daily_time"] == "07:30"
