"""The tray's words in the admin's language: Qt Linguist for the tray's own texts, the Danish
twins (`title_da`, `message_da`, `reason_da`) for what the engine wrote into a run report.

Every tray text is written `translate("Tray", "…")` (or `QT_TRANSLATE_NOOP("Tray", "…")` in a
table, translated where it is shown), so `pyside6-lupdate` collects it into the same
`resources/translations/acubiz_export_<lang>.ts` as the wizard's. Without a translator
installed (tests, English) `translate` returns the English text unchanged.

`set_language` is called once by the tray after it installed the translators; `local(data,
"title")` then picks the Danish twin of a report field when there is one.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

__all__ = ["QT_TRANSLATE_NOOP", "language", "local", "set_language", "translate"]

_language = "en"


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # Qt's name: lupdate knows it
    """Marks a text in a table for lupdate; it is translated where it is shown."""
    return text


def translate(context: str, text: str, disambiguation: str | None = None, n: int = -1) -> str:
    """`QCoreApplication.translate`. Qt is imported on first use, not with this module: the
    tray's child workers and `acubiz-export --help` import the tray's data types but never
    show a word, and must not load Qt for them."""
    from PySide6.QtCore import QCoreApplication

    return QCoreApplication.translate(context, text, disambiguation, n)


def set_language(value: str) -> None:
    global _language
    _language = value


def language() -> str:
    return _language


def local(data: Mapping[str, Any] | Any, key: str) -> str:
    """`data[key]` in the tray's language: its `<key>_da` twin when Danish and there is one.
    Works on report dicts and on objects with those attributes."""
    if isinstance(data, Mapping):
        english, danish = data.get(key), data.get(f"{key}_da")
    else:
        english, danish = getattr(data, key, None), getattr(data, f"{key}_da", None)
    if _language == "da" and danish:
        return str(danish)
    return str(english or "")
