"""Voucher attachments: what e-conomic accepts as a receipt upload (reference §6).

`POST …/attachment/file` takes multipart/form-data with one file part of any field name; jpg,
jpeg, png, gif and pdf are accepted (HEIC/HEIF and everything else refused), at most 9.0 MB per
request; a voucher that already has a file refuses POST with "Voucher already has attachment";
`PATCH` appends pages (and creates the file when there is none).

The type is what the content's first bytes say, never the file name: an `.exe` renamed
`.pdf` is refused (UNCONFIRMED whether e-conomic looks at the content or the name; refusing by
content is the stricter of the two, and what the product must cope with). A PDF counts the
pages of its page tree (read with pypdf); a picture is one page.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

from werkzeug.wrappers import Request

from wizard.sandbox.errors import ApiError
from wizard.sandbox.multipart import files_of

# UNCONFIRMED which megabyte "9.0 MB" means; we take the binary one, 9 * 1024 * 1024 bytes
# (the same guard Trustworks uses client-side, reference §6).
MAX_BYTES = 9 * 1024 * 1024
# Bodies much larger than the limit are refused before parsing, so nobody buffers gigabytes.
MAX_REQUEST_BYTES = MAX_BYTES + 1024 * 1024

ALLOWED_EXTENSIONS = {"jpg": "image/jpeg", "jpeg": "image/jpeg", "png": "image/png",
                      "gif": "image/gif", "pdf": "application/pdf"}
REFUSED_HINT = "Supported formats are: .jpg, .jpeg, .pdf, .gif and .png."
# PDF readers accept the "%PDF" header anywhere in the first 1024 bytes (after a BOM,
# whitespace or a mail header); UNCONFIRMED that e-conomic does, we do as the readers do.
PDF_SEARCH_BYTES = 1024


@dataclass(frozen=True)
class Upload:
    filename: str | None
    content_type: str
    pages: int
    data: bytes


def read_upload(request: Request) -> Upload:
    """The single uploaded file of a request, or an ApiError saying what is wrong."""
    if request.content_length is not None and request.content_length > MAX_REQUEST_BYTES:
        raise _too_large()
    if request.mimetype != "multipart/form-data":
        raise ApiError(
            415,
            f"'{request.mimetype or 'no content type'}' is not a valid content-type for the "
            "file upload.",
            "Upload of binary data requires the content-type header to be 'multipart/form-data'.",
            "UnsupportedMediaType",
        )
    parts = files_of(request)
    if len(parts) != 1:
        # UNCONFIRMED: e-conomic's answer to zero or several file parts.
        raise ApiError(
            400,
            f"Expected exactly one file in the request, got {len(parts)}.",
            "Send one multipart/form-data part with a filename.",
            "FileMissing" if not parts else "TooManyFiles",
        )
    data = parts[0].data
    if len(data) > MAX_BYTES:
        raise _too_large()
    if not data:
        raise ApiError(400, "The uploaded file is empty.", REFUSED_HINT, "FileEmpty")
    filename = parts[0].filename or None
    content_type = _accepted_type(filename, data)
    return Upload(filename, content_type, _page_count(content_type, data), data)


def _too_large() -> ApiError:
    # UNCONFIRMED: status and code for an oversized upload; 413 with our own errorCode.
    return ApiError(
        413,
        "The file is too large. Maximum file size is 9.0 MB per request.",
        "Reduce the file (e.g. re-encode images as JPEG) and try again.",
        "FileTooLarge",
    )


def sniff(data: bytes) -> str | None:
    """The media type the first bytes announce, for the formats that matter here."""
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data[:6] in (b"GIF87a", b"GIF89a"):
        return "image/gif"
    if b"%PDF" in data[:PDF_SEARCH_BYTES]:
        return "application/pdf"
    if data[4:8] == b"ftyp":
        brand = data[8:12]
        if brand in (b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"mif1", b"msf1"):
            return "image/heic"
        if brand in (b"avif", b"avis"):
            return "image/avif"
        return "video/mp4"
    if data.startswith((b"II*\x00", b"MM\x00*")):
        return "image/tiff"
    if data.startswith(b"RIFF") and data[8:12] == b"WEBP":
        return "image/webp"
    if data.startswith(b"BM"):
        return "image/bmp"
    if data.startswith(b"PK\x03\x04"):
        return "application/zip"
    if data.startswith(b"MZ"):
        return "application/vnd.microsoft.portable-executable"
    return None


def _accepted_type(filename: str | None, data: bytes) -> str:
    """The media type of the content when it is JPEG, PNG, GIF or PDF; refused otherwise,
    whatever the file name says."""
    sniffed = sniff(data)
    if sniffed in ALLOWED_EXTENSIONS.values():
        return sniffed
    extension = filename.rsplit(".", 1)[-1].lower() if filename and "." in filename else ""
    kind = sniffed or (f"unrecognised content named .{extension}" if extension else "unknown")
    # UNCONFIRMED: status and code for a refused type (HEIC is refused in practice, §6); 415.
    raise ApiError(
        415,
        f"The file type is not supported ({kind}).",
        REFUSED_HINT,
        "UnsupportedFileType",
    )


def _page_count(content_type: str, data: bytes) -> int:
    if content_type != "application/pdf":
        return 1
    try:
        from pypdf import PdfReader

        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            reader.decrypt("")  # UNCONFIRMED what e-conomic makes of a protected PDF
        return max(1, len(reader.pages))
    except Exception:
        # Not a PDF pypdf can read: its /Type /Page objects (not /Pages, the tree nodes).
        return max(1, len(re.findall(rb"/Type\s*/Page(?![s\w])", data)))
