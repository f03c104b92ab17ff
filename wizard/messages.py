"""How the program speaks to the admin, in English and Danish, at the bottom of the house.

Why here: every floor has texts for the admin — the e-conomic client, the settings, the engine,
the command line — and all of them speak in both languages. Keeping the two-language text
types below everything (no import of the product, no Qt) lets settings carry its own Danish
without importing the engine, and gives every error the same shape.

- `Bilingual`: one text in English and Danish, side by side where it is written.
- `UserMessage`: what the admin reads about one problem — title, message and fix — in both
  languages; `text(language)` picks one.
- `AdminError`: the base of the errors that carry such a message (settings, password store).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple


def is_danish(language: str | None) -> bool:
    """True for "da", "da_DK", "da-DK"...: the one other language the admin texts come in."""
    return bool(language) and language.lower().startswith("da")


class Bilingual(NamedTuple):
    """One text for the admin in English and Danish, side by side where it is written.

    Danish follows e-conomic's own words (bilag, kassekladde, konto, modkonto, momskode,
    valuta, regnskabsår, kvittering), so the admin recognises them from the e-conomic screens.
    `format` fills `str.format` placeholders in both; a value that is itself `Bilingual`
    gives each language its own word.
    """

    en: str
    da: str

    def format(self, **values: object) -> Bilingual:
        english = {k: v.en if isinstance(v, Bilingual) else v for k, v in values.items()}
        danish = {k: v.da if isinstance(v, Bilingual) else v for k, v in values.items()}
        return Bilingual(self.en.format(**english), self.da.format(**danish))

    def join(self, other: Bilingual, separator: str = " ") -> Bilingual:
        """Both texts one after the other (a tuple's `+` would make a 4-tuple)."""
        return Bilingual(self.en + separator + other.en, self.da + separator + other.da)


@dataclass(frozen=True)
class UserMessage:
    """One problem as the admin reads it: a short title, what happened, and what to do
    (`fix`, None when the message already says it). Qt-free, so the core can build it and
    any front end (tray, wizard, command line) can show it."""

    title: Bilingual
    message: Bilingual
    fix: Bilingual | None = None

    def text(self, language: str | None = "en") -> tuple[str, str]:
        """(title, message with the fix after it) in `language`, English where no Danish
        exists."""
        message = _pick(self.message, language)
        if self.fix is not None:
            message = f"{message} {_pick(self.fix, language)}"
        return _pick(self.title, language), message


def _pick(text: Bilingual, language: str | None) -> str:
    return text.da if is_danish(language) and text.da else text.en


class AdminError(Exception):
    """An error the admin can act on: `title` and `message` in English, `title_da` and
    `message_da` their Danish twins (None: English is shown). `text(language)` picks one;
    `user_message()` gives both as a `UserMessage`."""

    def __init__(
        self, title: str, message: str, *, title_da: str | None = None,
        message_da: str | None = None,
    ) -> None:  # fmt: skip
        super().__init__(message)
        self.title = title
        self.message = message
        self.title_da = title_da
        self.message_da = message_da

    def text(self, language: str = "en") -> tuple[str, str]:
        """(title, message) in `language` ("da…" for Danish), English where no Danish exists."""
        if is_danish(language):
            return self.title_da or self.title, self.message_da or self.message
        return self.title, self.message

    def user_message(self) -> UserMessage:
        return UserMessage(
            Bilingual(self.title, self.title_da or ""),
            Bilingual(self.message, self.message_da or ""),
        )
