"""Write the demo inbox: two Acubiz posting files and two small receipts.

Run once (`python resources/demo/make_demo.py`) and commit the output; it is deterministic, so
running it again gives the same bytes. The postings use the sandbox's seeded chart of accounts
(`wizard/sandbox/seed.py`): expense accounts 2750, 3585, 3600, 3620, 3640, contra 5900
Medarbejderudlæg, VAT code I25 or none, DKK and one EUR posting, November 2026. Dimension 1
carries the department (Administration, Salg, Udvikling, as in the sandbox).
"""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

INBOX = Path(__file__).resolve().parent / "inbox"
CONTRA = 5900
HOTEL_PDF = "kvittering-hotel-aarhus.pdf"
LUNCH_PNG = "kvittering-frokost.png"

# (date, account, vat, amount, currency, amount used, currency used, text, department,
#  initials, user name, TravelID, enclosure, receipts)
FILES = {
    "EMS_EA-20261124-160000.csv": [
        ("23-11-2026", 2750, "I25", "1245,00", "DKK", "1245,00", "DKK",
         "Hotel Aarhus, kursus i årsafslutning", "Administration", "MJ", "Mette Jensen",
         "1000001-1", "1", HOTEL_PDF),
        ("23-11-2026", 3620, "", "385,50", "DKK", "385,50", "DKK",
         "Frokost med kunde, smørrebrød på Café Øst", "Salg", "PH", "Peter Høj",
         "1000002-1", "1", LUNCH_PNG),
        ("24-11-2026", 3640, "I25", "212,00", "DKK", "212,00", "DKK",
         "Taxa til Kastrup lufthavn", "Salg", "PH", "Peter Høj", "1000002-2", "2", ""),
    ],
    "EMS_EA-20261125-160000.csv": [
        ("24-11-2026", 3585, "I25", "299,00", "DKK", "299,00", "DKK",
         "Mobilabonnement november", "Udvikling", "SL", "Søren Lærke", "1000003-1", "1", ""),
        ("24-11-2026", 2750, "", "150,00", "EUR", "150,00", "EUR",
         "Hotel Berlin, messe (udenlandsk moms)", "Salg", "PH", "Peter Høj", "1000004-1", "1",
         ""),
        ("25-11-2026", 3600, "I25", "89,95", "DKK", "89,95", "DKK",
         "Kuglepenne og blokke til mødelokalet", "Administration", "MJ", "Mette Jensen",
         "1000005-1", "1", ""),
    ],
}


def main() -> None:
    INBOX.mkdir(parents=True, exist_ok=True)
    for name, postings in FILES.items():
        (INBOX / name).write_bytes(posting_file(postings))
    (INBOX / HOTEL_PDF).write_bytes(tiny_pdf("Hotel Aarhus - 1.245,00 DKK"))
    (INBOX / LUNCH_PNG).write_bytes(tiny_png())
    print(f"Demo inbox written to {INBOX}")


def posting_file(postings: list[tuple]) -> bytes:
    """Debit line + credit line per posting, 31 `;`-separated fields, Windows-1252, CRLF."""
    rows = []
    for (date, account, vat, amount, currency, used, used_currency, text, department,
         initials, user, travel_id, enclosure, receipts) in postings:
        debit = [
            "", date, "f", str(account), vat, amount, currency, used, used_currency, text,
            department, *[""] * 8, initials, user, travel_id, "", "", enclosure, receipts,
            *[""] * 5,
        ]
        credit = [
            "", date, "f", str(CONTRA), "", "-" + amount, currency, "-" + used, used_currency,
            text, *[""] * 9, *[""] * 7, *[""] * 5,
        ]
        rows += [debit, credit]
    lines = []
    for number, row in enumerate(rows, 1):
        row[0] = str(number)
        assert len(row) == 31, len(row)
        lines.append(";".join(row))
    return ("\r\n".join(lines) + "\r\n").encode("cp1252")


def tiny_png(width: int = 8, height: int = 8) -> bytes:
    """A valid, white `width`×`height` RGB PNG."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    raw = b"".join(b"\x00" + b"\xff\xff\xff" * width for _ in range(height))
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw, 9))
        + chunk(b"IEND", b"")
    )


def tiny_pdf(text: str) -> bytes:
    """A valid one-page PDF showing `text` (ASCII), with a correct cross-reference table."""
    stream = f"BT /F1 18 Tf 40 100 Td ({text}) Tj ET".encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 400 200] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    trailer = f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n"
    out += trailer.encode()
    return bytes(out)


if __name__ == "__main__":
    main()
