""""Use API export: No": the same run, but the vouchers go into an e-conomic journal-import
file (kassekladde import) in the profile's import folder instead of through the API.

Format (one line per expense, a header row, `;`-separated, Windows-1252 like Acubiz's own
files, Danish numbers): ``Dato;Bilag;Konto;Modkonto;Tekst;Beløb;Valuta;Momskode;Afdeling``.
``Dato`` is dd-mm-yyyy, ``Bilag`` numbers the vouchers 1, 2, 3… within the file (e-conomic's
import can renumber them), ``Beløb`` uses a decimal comma and no thousands separator,
``Afdeling`` is the departmental distribution number. In e-conomic: Kassekladde → Importer →
choose the file and map the columns in this order. (The import dialog's defaults are not
documented in our sources: UNCONFIRMED, hence the explicit header.)

Exactly once, as with the API: the vouchers are frozen in the ledger and put in a batch whose
key names the file *before* it is written; the file appears atomically (temp + rename); a
batch found open after a crash is settled by whether its file exists.
"""

from __future__ import annotations

import datetime as dt
import os
import uuid
from collections.abc import Sequence
from pathlib import Path

from wizard.export.lines import ExpenseLine
from wizard.export.vouchers import VoucherDraft, entry_text

IMPORT_KEY_PREFIX = "import-file:"
HEADER = ("Dato", "Bilag", "Konto", "Modkonto", "Tekst", "Beløb", "Valuta", "Momskode",
          "Afdeling")
ENCODING = "cp1252"


def import_file_name(moment: dt.datetime) -> str:
    """A new name each run: the time for people, a short random part so two runs in the same
    second (a crash and its re-run) never share a name, and so never a batch key."""
    return f"acubiz-kassekladde-{moment.strftime('%Y%m%d-%H%M%S')}-{uuid.uuid4().hex[:6]}.csv"


def batch_key_for(file_name: str) -> str:
    return IMPORT_KEY_PREFIX + file_name


def file_of_batch_key(key: str) -> str | None:
    return key[len(IMPORT_KEY_PREFIX):] if key.startswith(IMPORT_KEY_PREFIX) else None


def render_import_file(
    drafts: Sequence[VoucherDraft], base_currency: str, departments: dict[str, int] | None
) -> bytes:
    rows = [";".join(HEADER)]
    for number, draft in enumerate(drafts, start=1):
        for line in draft.lines:
            rows.append(";".join(_cells(line, number, base_currency, departments or {})))
    return ("\r\n".join(rows) + "\r\n").encode(ENCODING, errors="replace")


def write_atomically(folder: Path, name: str, content: bytes) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / name
    temporary = folder / f".{name}.tmp"
    with open(temporary, "wb") as stream:
        stream.write(content)
        stream.flush()
        os.fsync(stream.fileno())
    os.replace(temporary, target)
    return target


def _cells(
    line: ExpenseLine, number: int, base_currency: str, departments: dict[str, int]
) -> list[str]:
    department = departments.get(line.department or "")
    return [
        line.date.strftime("%d-%m-%Y"),
        str(number),
        str(line.account or ""),
        str(line.contra_account or ""),
        _clean(entry_text(line)),
        format(line.amount, "f").replace(".", ","),
        line.currency or base_currency,
        line.vat_code or "",
        str(department) if department is not None else "",
    ]


def _clean(text: str) -> str:
    # The separator and line breaks cannot appear inside a cell of this simple format.
    return " ".join(text.replace(";", ",").split())
