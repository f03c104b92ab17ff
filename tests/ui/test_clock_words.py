"""The one clock: every time the admin sees is in the export's zone and labelled."""

from __future__ import annotations

import datetime as dt

from wizard.ui.clock_words import moment_words, time_words, zone_of, zone_words

NOW = dt.datetime(2026, 7, 1, 10, 0, tzinfo=dt.UTC)


def test_the_default_zone_is_called_danish_time() -> None:
    assert zone_words("Europe/Copenhagen") == "Danish time"
    assert zone_words(None) == "Danish time"
    assert zone_words("America/New_York") == "New York time"


def test_a_moment_is_shown_in_the_export_zone_with_its_label_in_summer_and_winter() -> None:
    summer = dt.datetime(2026, 7, 1, 14, 0, tzinfo=dt.UTC)
    assert moment_words(summer, "Europe/Copenhagen", NOW) == "today 16:00 Danish time"
    winter = dt.datetime(2026, 12, 1, 15, 0, tzinfo=dt.UTC)
    assert moment_words(winter, "Europe/Copenhagen", winter) == "today 16:00 Danish time"


def test_a_daily_time_is_labelled() -> None:
    assert time_words(dt.time(16, 0), "Europe/Copenhagen") == "16:00 Danish time"


def test_an_unknown_zone_falls_back_to_danish_time_not_the_computer_zone() -> None:
    assert str(zone_of("Not/AZone")) == "Europe/Copenhagen"
