"""The Acubiz posting file's column layout: the names a profile's `column_overrides` may move.

Why in settings: the layout is the vocabulary of a profile option, and the settings check that
option when a profile is saved or loaded (unknown name, position out of range, two columns on
one position). The Acubiz reader (`wizard.export.formats.acubiz`) imports it from here, so
settings never import the engine (the format imports settings, never the reverse).
"""

from __future__ import annotations

# name → 1-based column. 1–19 are documented; 20–26 are the working layout (UNCONFIRMED).
COLUMNS: dict[str, int] = {
    "line_number": 1,
    "date": 2,
    "transaction_type": 3,  # f / d / k: finance, debtor, creditor
    "account": 4,
    "vat_code": 5,  # expense line only
    "amount": 6,  # booking currency
    "currency": 7,  # booking currency (ISO)
    "amount_used": 8,  # in the currency the employee paid in
    "currency_used": 9,
    "text": 10,
    **{f"dimension_{n}": 10 + n for n in range(1, 10)},  # 11–19, expense line only
    "initials": 20,
    "user_name": 21,
    "travel_id": 22,
    "auto_clearing_key": 23,
    "card_invoice_number": 24,
    "enclosure_number": 25,
    "receipts": 26,  # file names joined by "*"
}
