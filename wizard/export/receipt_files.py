"""The last look at a receipt file right before it is uploaded to its e-conomic voucher.

A receipt never holds back its posting: the voucher is posted first, and the receipt is
checked here and attached afterwards. `load_receipt` either hands back the bytes to upload
(`ReceiptFile`) or says why not (`ReceiptProblem`): some problems go away by themselves (the
file is not there yet, is still being written or is locked), so the engine waits and tries on
a later run; the others need the finance admin (a link that leads out of the receipts folder,
a file that is no receipt whatever its name says, a file bigger than e-conomic takes).

The type comes from the first bytes of the content, never from the name: an `.exe` renamed
`.pdf` is refused and a PNG called `.jpg` is uploaded as the PNG it is. `KINDS` is the one
table of recognised contents (also the ones e-conomic refuses, so that the admin is told what
the file really is, and so that a later converter for HEIC/WebP/TIFF finds them here).
"""

from __future__ import annotations

import os
import stat
from collections.abc import Collection
from dataclasses import dataclass, replace
from enum import StrEnum
from pathlib import Path

from wizard.export.fields import MAX_RECEIPT_BYTES
from wizard.export.lines import Bilingual

# How far into the file a PDF header may start ("%PDF-" within the first 1024 bytes is what
# PDF readers accept: some writers put a byte-order mark, whitespace or a mail header first).
PDF_SEARCH_BYTES = 1024


@dataclass(frozen=True)
class FileKind:
    """One recognised file content: what it is, in words for the admin, and its media type.

    `accepted` is True for the four types e-conomic takes on a voucher (reference §6);
    `extension` is the usual file name ending, with the dot.
    """

    key: str
    what: Bilingual
    media_type: str
    extension: str
    accepted: bool = False


def _kind(key: str, en: str, da: str, media_type: str, extension: str,
          accepted: bool = False) -> FileKind:  # fmt: skip
    return FileKind(key, Bilingual(en, da), media_type, extension, accepted)


JPEG = _kind("jpeg", "a JPEG image", "et JPEG-billede", "image/jpeg", ".jpg", True)
PNG = _kind("png", "a PNG image", "et PNG-billede", "image/png", ".png", True)
GIF = _kind("gif", "a GIF image", "et GIF-billede", "image/gif", ".gif", True)
PDF = _kind("pdf", "a PDF document", "et PDF-dokument", "application/pdf", ".pdf", True)
HEIC = _kind("heic", "a HEIC photo (the iPhone's photo format)",
             "et HEIC-foto (iPhonens billedformat)", "image/heic", ".heic")
AVIF = _kind("avif", "an AVIF image", "et AVIF-billede", "image/avif", ".avif")
WEBP = _kind("webp", "a WebP image", "et WebP-billede", "image/webp", ".webp")
TIFF = _kind("tiff", "a TIFF image", "et TIFF-billede", "image/tiff", ".tif")
BMP = _kind("bmp", "a BMP image", "et BMP-billede", "image/bmp", ".bmp")
VIDEO = _kind("video", "a video (MP4/MOV)", "en video (MP4/MOV)", "video/mp4", ".mp4")
ZIP = _kind("zip", "a ZIP archive or Office document (.zip, .docx, .xlsx)",
            "et ZIP-arkiv eller Office-dokument (.zip, .docx, .xlsx)", "application/zip", ".zip")
OLE = _kind("ole", "an old Office document or Outlook message (.doc, .xls, .msg)",
            "et ældre Office-dokument eller en Outlook-besked (.doc, .xls, .msg)",
            "application/x-ole-storage", ".doc")
EXE = _kind("exe", "a Windows program (.exe)", "et Windows-program (.exe)",
            "application/vnd.microsoft.portable-executable", ".exe")
ELF = _kind("elf", "a Linux program", "et Linux-program", "application/x-executable", "")
RTF = _kind("rtf", "an RTF text document", "et RTF-tekstdokument", "application/rtf", ".rtf")
HTML = _kind("html", "a web page (HTML)", "en webside (HTML)", "text/html", ".html")
XML = _kind("xml", "an XML file", "en XML-fil", "application/xml", ".xml")
TEXT = _kind("text", "a plain text file", "en almindelig tekstfil", "text/plain", ".txt")

# ISO base media "ftyp" brands: HEIF/HEIC stills and sequences, AVIF; the rest are videos.
_HEIC_BRANDS = {b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"mif1", b"msf1"}
_AVIF_BRANDS = {b"avif", b"avis"}
# (first bytes, kind), tried in order; the special cases follow in `detect_kind`.
_PREFIXES: tuple[tuple[bytes, FileKind], ...] = (
    (b"\xff\xd8\xff", JPEG),
    (b"\x89PNG\r\n\x1a\n", PNG),
    (b"GIF87a", GIF),
    (b"GIF89a", GIF),
    (b"II*\x00", TIFF),
    (b"MM\x00*", TIFF),
    (b"PK\x03\x04", ZIP),
    (b"PK\x05\x06", ZIP),  # an empty ZIP archive
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", OLE),
    (b"MZ", EXE),
    (b"\x7fELF", ELF),
    (b"{\\rtf", RTF),
)
KINDS: tuple[FileKind, ...] = (JPEG, PNG, GIF, PDF, HEIC, AVIF, WEBP, TIFF, BMP, VIDEO, ZIP, OLE,
                               EXE, ELF, RTF, HTML, XML, TEXT)
ACCEPTED_TYPES = frozenset(kind.media_type for kind in KINDS if kind.accepted)


def detect_kind(head: bytes) -> FileKind | None:
    """What the first bytes of a file (at least `PDF_SEARCH_BYTES` of them) say it is; None
    when it is nothing recognised. Content only: the file name plays no part."""
    for prefix, kind in _PREFIXES:
        if head.startswith(prefix):
            return kind
    if head[4:8] == b"ftyp":
        brand = head[8:12]
        return HEIC if brand in _HEIC_BRANDS else AVIF if brand in _AVIF_BRANDS else VIDEO
    if head.startswith(b"RIFF") and head[8:12] == b"WEBP":
        return WEBP
    if head.startswith(b"BM") and len(head) >= 14 and head[6:10] == b"\x00\x00\x00\x00":
        return BMP  # "BM", file size, four reserved zero bytes
    if b"%PDF-" in head[:PDF_SEARCH_BYTES]:
        return PDF
    text = _as_text(head[:PDF_SEARCH_BYTES])
    if text is not None:
        start = text.lstrip("\ufeff \t\r\n").lower()
        if start.startswith(("<!doctype html", "<html")):
            return HTML
        if start.startswith("<?xml"):
            return XML
        return TEXT
    return None


def _as_text(head: bytes) -> str | None:
    """The bytes as text when they look like text (UTF-8, no control characters but
    whitespace); a multi-byte character cut at the end of `head` does not count against it."""
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError as error:
        if error.start < len(head) - 3:
            return None
        text = head[: error.start].decode("utf-8")
    if any(ord(c) < 32 and c not in "\t\r\n\f" for c in text):
        return None
    return text


@dataclass(frozen=True)
class ReceiptFile:
    """A receipt ready to upload: `content` is the whole file, `media_type` one of
    `ACCEPTED_TYPES` (from the content). `path` is the path as given and `name` its file name,
    the name the admin knows; `upload_name` is the name to send to e-conomic."""

    path: Path
    name: str
    content: bytes
    media_type: str

    @property
    def upload_name(self) -> str:
        """`name` with a file ending that matches the content (e-conomic names the formats it
        takes by ending): taxi.jpg holding a PNG is sent as taxi.png, "scan" as scan.pdf."""
        kind = next(k for k in KINDS if k.accepted and k.media_type == self.media_type)
        endings = {".jpg", ".jpeg"} if kind is JPEG else {kind.extension}
        suffix = Path(self.name).suffix.lower()
        if suffix in endings:
            return self.name
        if suffix in {".jpg", ".jpeg", ".png", ".gif", ".pdf"}:
            return self.name[: -len(suffix)] + kind.extension
        return self.name + kind.extension


class ReceiptIssue(StrEnum):
    """Why a receipt cannot be uploaded now. The first three wait (retried on a later run by
    themselves); the others are refused until the admin does something."""

    MISSING = "missing"
    EMPTY = "empty"
    UNREADABLE = "unreadable"
    OUTSIDE = "outside"
    WRONG_TYPE = "wrong-type"
    TOO_LARGE = "too-large"


_WAITING = frozenset({ReceiptIssue.MISSING, ReceiptIssue.EMPTY, ReceiptIssue.UNREADABLE})


@dataclass(frozen=True)
class ReceiptProblem:
    """A receipt that is not uploaded (yet): the issue, the receipt's file name, and what is
    wrong and what to do, in English and Danish."""

    issue: ReceiptIssue
    name: str
    message: Bilingual
    fix: Bilingual

    @property
    def waits(self) -> bool:
        """True when the problem may go away by itself (try again on a later run); False when
        the finance admin has to act."""
        return self.issue in _WAITING


# Every text of this module, English and Danish side by side.
_TEXTS: dict[str, Bilingual] = {
    "missing": Bilingual(
        "The receipt '{name}' is not in {folder} (yet).",
        "Kvitteringen '{name}' ligger ikke (endnu) i {folder}.",
    ),
    "missing_fix": Bilingual(
        "Nothing to do if it is on its way: it is attached to the voucher by itself on a later"
        " run once it is there. Otherwise put the receipt file there, or attach it to the"
        " voucher by hand in e-conomic.",
        "Intet at gøre, hvis den er på vej: den vedhæftes bilaget af sig selv ved en senere"
        " kørsel, når den ligger der. Ellers læg kvitteringsfilen dér, eller vedhæft den"
        " bilaget i hånden i e-conomic.",
    ),
    "empty": Bilingual(
        "The receipt '{name}' is empty (0 bytes); it may still be being written.",
        "Kvitteringen '{name}' er tom (0 byte); den er måske ved at blive skrevet.",
    ),
    "empty_fix": Bilingual(
        "Nothing to do if it is still being copied: it is attached to the voucher on a later"
        " run. If it stays empty, export the receipt again from the expense system.",
        "Intet at gøre, hvis den stadig bliver kopieret: den vedhæftes bilaget ved en senere"
        " kørsel. Hvis den bliver ved med at være tom, så eksportér kvitteringen igen fra"
        " udlægssystemet.",
    ),
    "unreadable": Bilingual(
        "The receipt '{name}' could not be read ({reason}).",
        "Kvitteringen '{name}' kunne ikke læses ({reason}).",
    ),
    "unreadable_fix": Bilingual(
        "Another program may have it open: it is tried again on a later run. If this stays,"
        " give this program permission to read the file (or close the program that locks it).",
        "Et andet program har den måske åben: der prøves igen ved en senere kørsel. Hvis det"
        " bliver ved, så giv dette program lov til at læse filen (eller luk det program, der"
        " låser den).",
    ),
    "outside": Bilingual(
        "The receipt '{name}' leads outside {folder} (to {target}), through a link, shortcut"
        " or '..' in its path; for safety it is not uploaded.",
        "Kvitteringen '{name}' fører uden for {folder} (til {target}) via et link, en genvej"
        " eller '..' i stien; af sikkerhedshensyn uploades den ikke.",
    ),
    "outside_fix": Bilingual(
        "Put a copy of the real receipt file in {folder} (not a link to it) and run the"
        " transfer again, or attach the receipt to the voucher by hand in e-conomic.",
        "Læg en kopi af den rigtige kvitteringsfil i {folder} (ikke et link til den), og kør"
        " overførslen igen, eller vedhæft kvitteringen bilaget i hånden i e-conomic.",
    ),
    "not_a_file": Bilingual("a folder or something else that is not a file",
                            "en mappe eller noget andet, der ikke er en fil"),
    "unknown_kind": Bilingual("of a kind this program does not know",
                              "af en slags, dette program ikke kender"),
    "wrong_type": Bilingual(
        "The receipt '{name}' cannot go to e-conomic: it is {what}, whatever its name says"
        " (e-conomic takes JPEG, PNG, GIF and PDF).",
        "Kvitteringen '{name}' kan ikke sendes til e-conomic: den er {what}, uanset hvad"
        " navnet siger (e-conomic tager imod JPEG, PNG, GIF og PDF).",
    ),
    "wrong_type_fix": Bilingual(
        "Save the receipt as PDF or JPG, put it in place of this file, and run the transfer"
        " again, or attach it to the voucher by hand in e-conomic.",
        "Gem kvitteringen som PDF eller JPG, læg den i stedet for denne fil, og kør"
        " overførslen igen, eller vedhæft den bilaget i hånden i e-conomic.",
    ),
    "program_caution": Bilingual(
        "Do not open this file: a program posing as a receipt may be harmful.",
        "Åbn ikke filen: et program, der udgiver sig for at være en kvittering, kan være"
        " skadeligt.",
    ),
    "too_large": Bilingual(
        "The receipt '{name}' is larger than {limit} MB, the most e-conomic takes per file.",
        "Kvitteringen '{name}' fylder mere end {limit} MB, som er det meste, e-conomic tager"
        " imod pr. fil.",
    ),
    "too_large_fix": Bilingual(
        "Scan or save it with a lower resolution, put it in place of this file, and run the"
        " transfer again, or attach it to the voucher by hand in e-conomic.",
        "Scan eller gem den med en lavere opløsning, læg den i stedet for denne fil, og kør"
        " overførslen igen, eller vedhæft den bilaget i hånden i e-conomic.",
    ),
    "no_permission": Bilingual("no permission", "ingen adgang"),
    "in_use": Bilingual("in use by another program", "i brug af et andet program"),
}


def _say(key: str, **values: object) -> Bilingual:
    return _TEXTS[key].format(**values)


def _problem(issue: ReceiptIssue, path: Path, key: str, **values: object) -> ReceiptProblem:
    values.setdefault("name", path.name)
    return ReceiptProblem(issue, path.name, _say(key, **values), _say(f"{key}_fix", **values))


def load_receipt(
    path: Path, allowed_folder: Path, *, max_bytes: int = MAX_RECEIPT_BYTES,
    also_accept: Collection[FileKind] = (),
) -> ReceiptFile | ReceiptProblem:
    """The receipt at `path`, read and checked, or why it cannot be uploaded (now).

    Refused whatever the file is: a path whose real location (symlinks, `..`, junctions
    resolved) is not inside the real `allowed_folder`. Waiting: a missing, empty or unreadable
    file. Refused: content that is not JPEG/PNG/GIF/PDF (or one of `also_accept`, the kinds
    the caller converts), or more than `max_bytes` bytes. At most `max_bytes + 1` bytes are
    read.
    """
    folder = Path(allowed_folder)
    shown_folder = str(folder)
    try:
        real_folder = folder.resolve(strict=False)
        real = Path(path).resolve(strict=False)
    except (OSError, RuntimeError) as error:  # a symlink loop, an unreadable folder
        return _problem(ReceiptIssue.UNREADABLE, path, "unreadable", reason=_reason(error))
    if not real.is_relative_to(real_folder):
        return _problem(ReceiptIssue.OUTSIDE, path, "outside", folder=shown_folder,
                        target=str(real))
    try:
        content = _read(real, max_bytes)
    except FileNotFoundError:
        return _problem(ReceiptIssue.MISSING, path, "missing", folder=shown_folder)
    except _NotAFile:
        return _problem(ReceiptIssue.WRONG_TYPE, path, "wrong_type", what=_say("not_a_file"))
    except OSError as error:
        return _problem(ReceiptIssue.UNREADABLE, path, "unreadable", reason=_reason(error))
    if not content:
        return _problem(ReceiptIssue.EMPTY, path, "empty")
    kind = detect_kind(content[:PDF_SEARCH_BYTES])
    if kind is None or not (kind.accepted or kind in also_accept):
        what = kind.what if kind is not None else _say("unknown_kind")
        problem = _problem(ReceiptIssue.WRONG_TYPE, path, "wrong_type", what=what)
        if kind in (EXE, ELF):
            problem = replace(problem, fix=_say("program_caution").join(problem.fix))
        return problem
    if len(content) > max_bytes:
        return _problem(ReceiptIssue.TOO_LARGE, path, "too_large", limit=_megabytes(max_bytes))
    return ReceiptFile(Path(path), Path(path).name, content, kind.media_type)


class _NotAFile(Exception):
    """The path is a folder, a pipe or a device: nothing to read a receipt from."""


def _read(real: Path, max_bytes: int) -> bytes:
    """At most `max_bytes + 1` bytes of the regular file at `real` (no symlinks left in it).

    Opened without following a symlink put there since it was resolved, and without waiting
    on a pipe; checked again on the open file, so what is read is what was checked.
    """
    if not stat.S_ISREG(os.stat(real).st_mode):
        raise _NotAFile
    flags = os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_NOFOLLOW", 0)
    flags |= getattr(os, "O_NONBLOCK", 0)
    # A link put in its place since it was resolved fails here (ELOOP): unreadable this time,
    # and the next run resolves it again.
    descriptor = os.open(real, flags)
    with os.fdopen(descriptor, "rb") as file:
        if not stat.S_ISREG(os.fstat(file.fileno()).st_mode):
            raise _NotAFile
        chunks: list[bytes] = []
        left = max_bytes + 1
        while left > 0:
            chunk = file.read(min(left, 1024 * 1024))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
        return b"".join(chunks)


def _reason(error: BaseException) -> Bilingual:
    """Why a file could not be read, short, for the admin."""
    if getattr(error, "winerror", None) in (32, 33):  # sharing / lock violation (Windows)
        return _TEXTS["in_use"]
    if isinstance(error, PermissionError):
        return _TEXTS["no_permission"]
    text = getattr(error, "strerror", None) or str(error) or type(error).__name__
    return Bilingual(text, text)


def _megabytes(size: int) -> Bilingual:
    """A byte count as megabytes (binary, like the 9 MB limit), 9.5 and 9,5."""
    value = f"{size / (1024 * 1024):.1f}".removesuffix(".0")
    return Bilingual(value, value.replace(".", ","))
