"""One clock for everything the admin sees: times in the export's time zone, always labelled.

Why: the wizard, the tray and History used to show three clocks (the export's zone, the
computer's zone unlabelled, and UTC). A finance admin thinks in the time the export runs at,
so every window asks this module for its words: `zone_words("Europe/Copenhagen")` is
"Danish time" / "dansk tid"; `moment_words(moment, zone, now)` is "today 16:00 Danish time";
`time_words(time(16, 0), zone)` is "16:00 Danish time". UTC is never shown unless the admin
chose it as the export's zone. Words go through Qt's `translate` (context "Clock"), imported on
first use so Qt-free callers that only import the module do not load Qt.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from wizard.ui.translate import QT_TRANSLATE_NOOP, translate

DEFAULT_ZONE = "Europe/Copenhagen"

WEEKDAYS = (
    QT_TRANSLATE_NOOP("Tray", "Mon"), QT_TRANSLATE_NOOP("Tray", "Tue"),
    QT_TRANSLATE_NOOP("Tray", "Wed"), QT_TRANSLATE_NOOP("Tray", "Thu"),
    QT_TRANSLATE_NOOP("Tray", "Fri"), QT_TRANSLATE_NOOP("Tray", "Sat"),
    QT_TRANSLATE_NOOP("Tray", "Sun"),
)
MONTHS = (
    QT_TRANSLATE_NOOP("Tray", "Jan"), QT_TRANSLATE_NOOP("Tray", "Feb"),
    QT_TRANSLATE_NOOP("Tray", "Mar"), QT_TRANSLATE_NOOP("Tray", "Apr"),
    QT_TRANSLATE_NOOP("Tray", "May"), QT_TRANSLATE_NOOP("Tray", "Jun"),
    QT_TRANSLATE_NOOP("Tray", "Jul"), QT_TRANSLATE_NOOP("Tray", "Aug"),
    QT_TRANSLATE_NOOP("Tray", "Sep"), QT_TRANSLATE_NOOP("Tray", "Oct"),
    QT_TRANSLATE_NOOP("Tray", "Nov"), QT_TRANSLATE_NOOP("Tray", "Dec"),
)

# Zones whose people have a name for their own clock; any other zone is "<city> time".
_NAMED_ZONES = {
    "Europe/Copenhagen": QT_TRANSLATE_NOOP("Clock", "Danish time"),
    "Europe/Oslo": QT_TRANSLATE_NOOP("Clock", "Norwegian time"),
    "Europe/Stockholm": QT_TRANSLATE_NOOP("Clock", "Swedish time"),
    "Europe/Berlin": QT_TRANSLATE_NOOP("Clock", "German time"),
    "Europe/London": QT_TRANSLATE_NOOP("Clock", "UK time"),
    "UTC": QT_TRANSLATE_NOOP("Clock", "UTC"),
}


def zone_of(name: str | None) -> dt.tzinfo:
    """The export's zone; an unknown or empty name falls back to Danish time (the default the
    wizard offers), never to the computer's zone."""
    try:
        return ZoneInfo(name or DEFAULT_ZONE)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo(DEFAULT_ZONE)


def zone_words(name: str | None) -> str:
    """'Danish time' for Europe/Copenhagen; 'Lisbon time' for a zone without a name of its own."""
    name = name or DEFAULT_ZONE
    if name in _NAMED_ZONES:
        return translate("Clock", _NAMED_ZONES[name])
    city = name.rsplit("/", 1)[-1].replace("_", " ")
    return translate("Clock", "{city} time").format(city=city)


def time_words(time: dt.time, zone_name: str | None) -> str:
    """'16:00 Danish time' (a daily time, the way the schedule is set)."""
    return translate("Clock", "{time} {zone}").format(
        time=time.strftime("%H:%M"), zone=zone_words(zone_name))


def day_and_time(moment: dt.datetime, now: dt.datetime, zone: dt.tzinfo | None = None) -> str:
    """'today 16:00', 'yesterday 16:00', 'tomorrow 16:00', 'Thu 16:00' (within a week),
    else '24 Nov 16:00' ('24 Nov 2025 16:00' in another year), in `zone` — unlabelled: callers
    that show it to the admin use `moment_words`."""
    local = moment.astimezone(zone)
    today = now.astimezone(zone).date()
    days = (local.date() - today).days
    clock = local.strftime("%H:%M")
    if days == 0:
        return translate("Tray", "today {time}").format(time=clock)
    if days == -1:
        return translate("Tray", "yesterday {time}").format(time=clock)
    if days == 1:
        return translate("Tray", "tomorrow {time}").format(time=clock)
    if -6 <= days <= 6:
        return f"{translate('Tray', WEEKDAYS[local.weekday()])} {clock}"
    month = translate("Tray", MONTHS[local.month - 1])
    if local.year != today.year:
        return translate("Tray", "{day} {month} {year} {time}").format(
            day=local.day, month=month, year=local.year, time=clock)
    return translate("Tray", "{day} {month} {time}").format(day=local.day, month=month, time=clock)


def moment_words(moment: dt.datetime, zone_name: str | None, now: dt.datetime) -> str:
    """'today 16:00 Danish time': a moment in the export's zone, labelled."""
    return translate("Clock", "{when} {zone}").format(
        when=day_and_time(moment, now, zone_of(zone_name)), zone=zone_words(zone_name))
