"""Turn any failure a page meets into (title, message, details) in the admin's language.

e-conomic errors carry their own English and Danish texts, and so do the keyring and settings
errors (a title and a message each, `text(language)`); anything else gets a plain "unexpected"
text. Details are for support (e-conomic's own message, error code and logId) and never contain
a token.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from wizard.economic.errors import EconomicError
from wizard.redact import redact_text


def error_texts(error: BaseException, language: str) -> tuple[str, str, str]:
    if isinstance(error, EconomicError):
        title, message = error.text(language)
        return title, message, economic_details(error)
    title = getattr(error, "title", None)
    message = getattr(error, "message", None)
    if isinstance(title, str) and isinstance(message, str):
        text = getattr(error, "text", None)
        if callable(text):  # SettingsError, SecretStoreError: Danish where they have it
            title, message = text(language)
        backend = getattr(error, "backend", "")
        details = f"{type(error).__name__}" + (f" · {backend}" if backend else "")
        return title, message, details
    return (
        QCoreApplication.translate("ErrorTexts", "Something unexpected went wrong"),
        QCoreApplication.translate(
            "ErrorTexts", "Try again. If it happens again, send the details below to support."
        ),
        redact_text(f"{type(error).__name__}: {error}"),
    )


def economic_details(error: EconomicError) -> str:
    lines = []
    if error.server_message:
        lines.append(
            QCoreApplication.translate("ErrorTexts", "e-conomic said: {text}").format(
                text=error.server_message
            )
        )
    if error.error_code:
        lines.append(
            QCoreApplication.translate("ErrorTexts", "Error code: {code}").format(
                code=error.error_code
            )
        )
    if error.log_id:
        lines.append(
            QCoreApplication.translate("ErrorTexts", "logId: {log_id}").format(log_id=error.log_id)
        )
    if error.developer_hint:
        lines.append(
            QCoreApplication.translate("ErrorTexts", "Hint: {hint}").format(
                hint=error.developer_hint
            )
        )
    where = [type(error).__name__]
    if error.method and error.path:
        where.append(f"{error.method} {error.path}")
    if error.http_status is not None:
        where.append(f"HTTP {error.http_status}")
    lines.append(" · ".join(where))
    return "\n".join(lines)
