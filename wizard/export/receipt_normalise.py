"""Every receipt arrives: what e-conomic would refuse is converted, shrunk or split first.

e-conomic takes JPEG, PNG, GIF and PDF on a voucher, at most 9 MB per request (reference §6).
Receipts come from phones (HEIC, WebP, 12–48 MP photos) and scanners (TIFF, 20–40 MB
multi-page PDFs). `normalise` turns the bytes of one receipt into the parts to upload: the
first with POST, the rest with PATCH (e-conomic appends their pages), and says what it did.

- JPEG, PNG, GIF and PDF under the limit go as they are (only image headers are read, to check
  that the picture is not absurdly large): the usual case costs next to nothing.
- HEIC/HEIF, WebP, TIFF, BMP (and AVIF where Pillow reads it) become one JPEG — a TIFF with
  several pages one PDF — turned upright by its EXIF orientation, with its colour profile
  (CMYK through its profile to sRGB), scaled to at most `TARGET_EDGE` pixels on the long edge
  (never up) and at a JPEG quality that leaves it well under the limit.
- A PDF over the limit is rewritten smaller (large images scaled to `TARGET_EDGE` and
  recompressed, content streams compressed); if that is not enough it is split into page
  ranges, each measured under the limit.
- What cannot go — not an image or PDF at all (by content, never by name), a damaged file, a
  password-protected PDF, a single page still over the limit — raises `CannotNormalise` with
  the reason and the fix in English and Danish: the receipt is attached by hand.

Pure functions on bytes: the input is never changed, nothing is written to disk, no Qt. The
output depends only on the input (no dates or random ids in what is written), so a run that
is repeated after a crash makes the very same parts, with the same SHA-256.

Libraries: Pillow (decoding, EXIF orientation, colour management, JPEG/PDF writing), pi-heif
(HEIC decoding; pillow-heif is used instead when only that is installed), pypdf (reading,
rewriting and splitting PDFs; with `cryptography` for AES-encrypted ones).
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import re
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import PurePath

from wizard.export.fields import MAX_RECEIPT_BYTES
from wizard.export.lines import Bilingual
from wizard.export.receipt_files import (
    AVIF,
    BMP,
    ELF,
    EXE,
    GIF,
    HEIC,
    JPEG,
    KINDS,
    PDF,
    PDF_SEARCH_BYTES,
    PNG,
    TIFF,
    WEBP,
    FileKind,
    detect_kind,
)

# e-conomic's limit per request (reference §6), the same bytes `load_receipt` allows.
MAX_PART_BYTES = MAX_RECEIPT_BYTES
# The long edge a receipt is scaled to: an A4 page at about 210 dpi, a till slip far sharper
# than needed to read. Pictures are never scaled up.
TARGET_EDGE = 2500
# An accepted picture (JPEG, PNG, GIF) under the limit still gets scaled when it is absurdly
# large in pixels: e-conomic makes PDF pages of pictures (UNCONFIRMED what it does with a
# 100-megapixel PNG); a 48 MP phone photo is well within this.
ABSURD_PIXELS = 50_000_000
ABSURD_EDGE = 12_000
# Converted pictures aim at this share of the limit ("well under", leaving room for the
# request's own bytes, which the limit may count: UNCONFIRMED).
IMAGE_BUDGET = 0.75
# Split PDF parts are grouped up to this share of the limit by their pages' measured sizes,
# then each part is measured again as written.
PART_BUDGET = 0.95
# JPEG qualities tried in turn for a converted picture; then it is scaled down further.
QUALITIES = (85, 75, 65, 50)
SMALLEST_EDGE = 1000
# PDF images: recompressed when larger than this (bytes) or than the target edge; levels of
# shrinking tried before a PDF is split (long edge, JPEG quality).
PDF_IMAGE_MIN_BYTES = 150_000
PDF_LEVELS = ((TARGET_EDGE, 75), (1600, 55))

CONVERTED_KINDS = (HEIC, WEBP, TIFF, BMP, AVIF)


@dataclass(frozen=True)
class Part:
    """One upload: the file name to send, the bytes, their media type (JPEG, PNG, GIF or PDF)
    and the pages e-conomic will count for it (a picture is one page)."""

    name: str
    content: bytes
    media_type: str
    pages: int


@dataclass(frozen=True)
class Normalised:
    """The parts of one receipt, in upload order (the first with POST, the rest with PATCH),
    what was done to get them (empty when the file goes as it is), and the SHA-256 (hex) of
    the original and of each part as sent."""

    parts: tuple[Part, ...]
    applied: tuple[str, ...]
    original_sha256: str
    sent_sha256: tuple[str, ...]

    @property
    def pages(self) -> int:
        """Pages the voucher gains once every part is uploaded."""
        return sum(part.pages for part in self.parts)

    @property
    def changed(self) -> bool:
        """True when what is sent is not the original file byte for byte."""
        return bool(self.applied)


class CannotNormalise(Exception):
    """The receipt cannot be made into something e-conomic takes: it is attached by hand.

    `reason` says what is wrong and `fix` what the admin can do, in English and Danish; `key`
    names the case for the ledger and tests: not-a-receipt, empty, damaged, too-many-pixels,
    encrypted, encrypted-too-large, page-too-large, too-large.
    """

    def __init__(self, key: str, reason: Bilingual, fix: Bilingual) -> None:
        super().__init__(reason.en)
        self.key = key
        self.reason = reason
        self.fix = fix


def normalise(name: str, content: bytes, *, max_part_bytes: int = MAX_PART_BYTES) -> Normalised:
    """The parts to upload for the receipt `name` with `content` (its whole file), or
    `CannotNormalise`. `name` is the receipt's file name (a path is reduced to its name);
    `content` is only read."""
    name = PurePath(name.replace("\\", "/")).name or "receipt"
    if not content:
        raise _cannot("empty", name)
    kind = detect_kind(content[:PDF_SEARCH_BYTES])
    if kind is PDF:
        parts, applied = _pdf(name, content, max_part_bytes)
    elif kind is not None and (kind.accepted or kind in CONVERTED_KINDS):
        parts, applied = _picture(name, content, kind, max_part_bytes)
    else:
        raise _not_a_receipt(name, kind)
    return Normalised(
        parts=tuple(parts),
        applied=tuple(applied),
        original_sha256=_sha256(content),
        sent_sha256=tuple(_sha256(part.content) for part in parts),
    )


def describe_applied(applied: Sequence[str]) -> Bilingual:
    """What was done to a receipt, for History and the tray, in English and Danish: e.g.
    "converted from HEIC, scaled to 2500 px" / "konverteret fra HEIC, skaleret til 2500 px"."""
    english = ", ".join(applied)
    danish = ", ".join(_danish_step(step) for step in applied)
    return Bilingual(english, danish)


# -- pictures -------------------------------------------------------------------------------


def _picture(name: str, content: bytes, kind: FileKind, limit: int) -> tuple[list[Part], list[str]]:
    with _open_image(name, content, kind) as image:
        width, height = image.size
        absurd = width * height > ABSURD_PIXELS or max(width, height) > ABSURD_EDGE
        if kind.accepted and len(content) <= limit and not absurd:
            return [Part(_named(name, kind.extension), content, kind.media_type, 1)], []
        frames = getattr(image, "n_frames", 1) if kind is TIFF else 1
        applied = [] if kind is JPEG else [f"converted from {_label(kind)}"]
        if frames > 1:
            return _pages_to_pdf(name, image, frames, limit, applied)
        if kind is JPEG:
            # Let libjpeg decode at 1/2, 1/4 or 1/8 scale when that still covers the target.
            scale = TARGET_EDGE / max(width, height)
            if scale < 1:
                image.draft(image.mode, (int(width * scale) + 1, int(height * scale) + 1))
        picture, icc, upright = _prepared(name, image)
        if upright:
            applied.append("turned upright")
        dpi = image.info.get("dpi")
    content_out, edge, quality = _encode_jpeg(name, picture, icc, limit, dpi, (width, height))
    if edge < max(width, height):
        applied.append(f"scaled to {edge} px")
    if kind is JPEG:
        applied.append(f"recompressed (JPEG quality {quality})")
    return [Part(_named(name, JPEG.extension), content_out, JPEG.media_type, 1)], applied


def _open_image(name: str, content: bytes, kind: FileKind):
    """The picture with only its header read; `CannotNormalise` when it cannot be opened."""
    from PIL import Image

    if kind is HEIC:
        _register_heif()
    try:
        image = Image.open(io.BytesIO(content))
        image.size  # noqa: B018 - the header is read by now
    except Image.DecompressionBombError as error:
        raise _too_many_pixels(name, error) from None
    except Exception as error:
        raise _cannot("damaged", name, what=kind.what, detail=_detail(error)) from None
    return image


def _prepared(name: str, image) -> tuple[object, bytes | None, bool]:
    """The decoded picture upright, as RGB or L (8 bits), with the ICC profile that still fits
    it (None when there was none or it was used to convert); True when EXIF turned it."""
    from PIL import ImageOps

    try:
        image.load()
        orientation = image.getexif().get(0x0112, 1)
        turned = ImageOps.exif_transpose(image)
    except Exception as error:
        raise _cannot("damaged", name, what=_what(image), detail=_detail(error)) from None
    upright = orientation not in (None, 1) or image.info.get("original_orientation") not in (
        None, 1)  # fmt: skip
    return (*_as_rgb_or_grey(turned, image.info.get("icc_profile"), name), upright)


_RGB_FAMILY = {"RGB", "RGBA", "RGBX", "RGBa", "P", "PA"}
_GREY_FAMILY = {"L", "LA", "La", "1", "I", "I;16", "I;16L", "I;16B", "I;16N", "F"}


def _as_rgb_or_grey(image, icc: bytes | None, name: str = ""):
    """RGB or L at 8 bits: alpha laid on white, 16-bit grey scaled (not clipped), CMYK through
    its own profile to sRGB; the ICC profile is kept when it still describes the result."""
    from PIL import Image, ImageCms

    mode = image.mode
    if mode in ("RGB", "L"):
        return image, icc
    if mode == "CMYK":
        if icc:
            try:
                source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
                srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))
                converted = ImageCms.profileToProfile(image, source, srgb, outputMode="RGB")
                return converted, srgb.tobytes()
            except Exception:  # a broken profile: the plain conversion below
                pass
        return image.convert("RGB"), None
    if mode in ("I;16", "I;16L", "I;16B", "I;16N", "I", "F"):
        grey = image.convert("I") if mode.startswith("I;16") else image
        low, high = grey.getextrema()
        if mode.startswith("I;16"):
            low, high = 0, 65535
        span = max(float(high) - float(low), 1.0)
        grey = grey.point(lambda value: (value - low) * (255.0 / span)).convert("L")
        return grey, icc if icc and _profile_space(icc) == "GRAY" else None
    space = "RGB" if mode in _RGB_FAMILY else "GRAY"
    keep = icc if icc and _profile_space(icc) == space else None
    if mode == "1":
        return image.convert("L"), keep
    has_alpha = mode in ("RGBA", "RGBa", "LA", "La", "PA") or (
        mode == "P" and "transparency" in image.info)  # fmt: skip
    if has_alpha:
        grey = mode in ("LA", "La")
        rgba = image.convert("LA" if grey else "RGBA")
        background = Image.new("L" if grey else "RGB", image.size, 255 if grey else (255,) * 3)
        background.paste(rgba.convert("L" if grey else "RGB"), mask=rgba.getchannel("A"))
        return background, keep
    try:
        return image.convert("RGB"), keep if mode in _RGB_FAMILY else None
    except ValueError as error:
        raise _cannot("damaged", name, what=_what(image), detail=_detail(error)) from None


def _profile_space(icc: bytes) -> str:
    """The colour space an ICC profile describes ('RGB', 'GRAY', 'CMYK', ...): bytes 16–19."""
    return icc[16:20].decode("ascii", "replace").strip() if len(icc) >= 20 else ""


def _encode_jpeg(name, picture, icc, limit, dpi, original_size) -> tuple[bytes, int, int]:
    """The picture as JPEG under `IMAGE_BUDGET` of the limit: scaled to `TARGET_EDGE`, then
    lower qualities, then smaller; (bytes, long edge, quality)."""
    budget = int(limit * IMAGE_BUDGET)
    edge = min(max(picture.size), TARGET_EDGE)
    while True:
        scaled = _fit(picture, edge)
        resolution = _scaled_dpi(dpi, max(original_size), max(scaled.size))
        for quality in QUALITIES:
            encoded = _jpeg(scaled, quality, icc, resolution)
            if len(encoded) <= budget:
                return encoded, max(scaled.size), quality
        if edge <= SMALLEST_EDGE:
            raise _cannot("too-large", name, limit=_megabytes(limit))
        edge = max(SMALLEST_EDGE, int(edge * 0.75))


def _fit(picture, edge: int):
    """The picture with its long edge at most `edge` pixels (never larger than it was)."""
    from PIL import Image

    width, height = picture.size
    if max(width, height) <= edge:
        return picture
    scale = edge / max(width, height)
    size = (max(1, round(width * scale)), max(1, round(height * scale)))
    return picture.resize(size, Image.Resampling.LANCZOS, reducing_gap=3.0)


def _jpeg(picture, quality: int, icc: bytes | None, dpi) -> bytes:
    out = io.BytesIO()
    options: dict[str, object] = {"quality": quality}
    if icc:
        options["icc_profile"] = icc
    if dpi:
        options["dpi"] = dpi
    picture.save(out, "JPEG", **options)
    return out.getvalue()


def _scaled_dpi(dpi, original_edge: int, edge: int):
    """The picture's resolution after scaling, so that its printed size stays the same."""
    try:
        x, y = (float(value) for value in dpi)
    except (TypeError, ValueError):
        return None
    if x <= 1 or y <= 1:
        return None
    factor = edge / original_edge if original_edge else 1
    return (round(x * factor), round(y * factor))


def _pages_to_pdf(name, image, frames, limit, applied) -> tuple[list[Part], list[str]]:
    """Every page of a multi-page TIFF as one PDF page (JPEG; black-and-white pages stay
    black and white, CCITT G4), one page decoded at a time; then as any PDF over the limit."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    upright = False
    for index in range(frames):
        try:
            image.seek(index)
        except Exception as error:
            raise _cannot("damaged", name, what=TIFF.what, detail=_detail(error)) from None
        dpi = image.info.get("dpi")
        if image.mode == "1":
            try:
                image.load()
            except Exception as error:
                raise _cannot("damaged", name, what=TIFF.what, detail=_detail(error)) from None
            page, resolution = image.copy(), _page_resolution(dpi, image.size)
        else:
            # Pillow's PDF pages carry no ICC profile: device RGB / grey.
            picture, _profile, turned = _prepared(name, image)
            upright = upright or turned
            page = _fit(picture, TARGET_EDGE)
            scaled = _scaled_dpi(dpi, max(picture.size), max(page.size))
            resolution = _page_resolution(scaled, page.size)
        single = io.BytesIO()
        # No dates or title: the same TIFF makes the same PDF, byte for byte.
        options = {"creationDate": None, "modDate": None, "title": None}
        if page.mode != "1":
            options["quality"] = QUALITIES[0]
        page.save(single, "PDF", resolution=resolution, **options)
        writer.append(PdfReader(single))
    if upright:
        applied.append("turned upright")
    applied.append(f"{frames} pages in one PDF")
    out = io.BytesIO()
    writer.write(out)
    pdf = out.getvalue()
    pdf_name = _named(name, PDF.extension)
    if len(pdf) <= limit:
        return [Part(pdf_name, pdf, PDF.media_type, frames)], applied
    parts, more = _smaller_pdf(pdf_name, pdf, limit)
    return parts, applied + more


def _page_resolution(dpi, size) -> float:
    """Dots per inch for a PDF page: the picture's own, or as if its long edge were an A4
    page's (11.7 inches) when it has none."""
    try:
        x = float(dpi[0])
    except (TypeError, ValueError, IndexError):
        x = 0.0
    return x if x > 1 else max(size) / 11.69


_heif_lock = threading.Lock()
_heif_registered = False


def _register_heif() -> None:
    """Teach Pillow HEIC/HEIF (once per process): pi-heif (decoding only: libheif and
    libde265, LGPL), or pillow-heif where only that is installed."""
    global _heif_registered
    with _heif_lock:
        if _heif_registered:
            return
        options = {"thumbnails": False, "depth_images": False, "aux_images": False}
        try:
            import pi_heif as heif
        except ImportError:  # pragma: no cover - the product depends on pi-heif
            import pillow_heif as heif
        heif.register_heif_opener(**options)
        _heif_registered = True


# -- PDFs -------------------------------------------------------------------------------------


def _pdf(name: str, content: bytes, limit: int) -> tuple[list[Part], list[str]]:
    pdf_name = _named(name, PDF.extension)
    protected = b"/Encrypt" in content
    if len(content) <= limit and not protected:
        return [Part(pdf_name, content, PDF.media_type, count_pdf_pages(content))], []
    reader = _read_pdf(name, content)
    if reader.is_encrypted:
        if not _opens_without_password(reader):
            raise _cannot("encrypted", name)
        if len(content) > limit:
            # Rewriting would drop the author's protection: not ours to remove.
            raise _cannot("encrypted-too-large", name, size=_megabytes(len(content)),
                          limit=_megabytes(limit))  # fmt: skip
    pages = _page_count(name, reader)
    if len(content) <= limit:
        return [Part(pdf_name, content, PDF.media_type, pages)], []
    return _smaller_pdf(pdf_name, content, limit, reader)


def count_pdf_pages(content: bytes) -> int:
    """The pages of a PDF (its page tree, read with pypdf); for a PDF pypdf cannot read, the
    /Type /Page objects it holds, at least 1."""
    try:
        from pypdf import PdfReader

        reader = PdfReader(io.BytesIO(content))
        if reader.is_encrypted and not _opens_without_password(reader):
            raise ValueError("encrypted")
        return max(1, len(reader.pages))
    except Exception:
        return max(1, len(re.findall(rb"/Type\s*/Page(?![s\w])", content)))


def _read_pdf(name: str, content: bytes):
    from pypdf import PdfReader

    try:
        reader = PdfReader(io.BytesIO(content))
        reader.is_encrypted  # noqa: B018 - reads the trailer
    except Exception as error:
        raise _cannot("damaged", name, what=PDF.what, detail=_detail(error)) from None
    return reader


def _opens_without_password(reader) -> bool:
    """True for an encrypted PDF that any viewer opens (only an owner password, restricting
    printing or copying): the empty user password decrypts it."""
    from pypdf import PasswordType

    try:
        return reader.decrypt("") != PasswordType.NOT_DECRYPTED
    except Exception:  # an unknown or broken security handler
        return False


def _page_count(name: str, reader) -> int:
    try:
        return len(reader.pages)
    except Exception as error:
        raise _cannot("damaged", name, what=PDF.what, detail=_detail(error)) from None


def _smaller_pdf(pdf_name: str, content: bytes, limit: int,
                 reader=None) -> tuple[list[Part], list[str]]:  # fmt: skip
    """A PDF over the limit: rewritten smaller, then split into parts under the limit."""
    reader = reader or _read_pdf(pdf_name, content)
    pages = _page_count(pdf_name, reader)
    applied: list[str] = []
    too_large: _PageTooLarge | None = None
    for edge, quality in PDF_LEVELS:
        try:
            smaller = _rewritten(reader, edge, quality)
        except Exception as error:
            raise _cannot("damaged", pdf_name, what=PDF.what, detail=_detail(error)) from None
        if len(smaller) < len(content):
            step = f"shrunk from {_mb(len(content))} to {_mb(len(smaller))}"
        else:
            smaller, step = content, None
        if len(smaller) <= limit:
            return [Part(pdf_name, smaller, PDF.media_type, pages)], [step] if step else []
        try:
            chunks = _split(smaller, limit)
        except _PageTooLarge as error:
            too_large = error
            continue
        applied = [step] if step else []
        applied.append(f"split into {len(chunks)} parts")
        stem = pdf_name[: -len(PDF.extension)]
        parts = [
            Part(f"{stem} ({number} of {len(chunks)}){PDF.extension}", data, PDF.media_type,
                 count)
            for number, (data, count) in enumerate(chunks, start=1)
        ]  # fmt: skip
        return parts, applied
    assert too_large is not None
    raise _cannot("page-too-large", pdf_name, page=too_large.page, size=_megabytes(too_large.size),
                  limit=_megabytes(limit))  # fmt: skip


def _rewritten(reader, edge: int, quality: int) -> bytes:
    """The PDF with its large images scaled to `edge` and recompressed as JPEG at `quality`
    (only where that is smaller), content streams compressed, identical objects merged."""
    from pypdf import PdfWriter

    writer = PdfWriter(clone_from=reader)
    done: set[int] = set()
    for page in writer.pages:
        for key, stream in _image_xobjects(page):
            reference = stream.indirect_reference
            if reference is None or reference.idnum in done:
                continue
            done.add(reference.idnum)
            _recompress(page, key, stream, edge, quality)
        # A content stream pypdf cannot re-encode stays as it is.
        with contextlib.suppress(Exception):
            page.compress_content_streams(level=9)
    writer.compress_identical_objects()
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _image_xobjects(page) -> Iterator[tuple[str | tuple[str, ...], object]]:
    """(key for `page.images`, stream) of every image XObject of the page, including those in
    form XObjects (keyed by their path)."""

    def walk(resources, path: tuple[str, ...], seen: set[int]):
        try:
            xobjects = resources.get_object().get("/XObject")
            items = list(xobjects.get_object().items()) if xobjects is not None else []
        except Exception:
            return
        for name, value in items:
            try:
                stream = value.get_object()
                subtype = stream.get("/Subtype")
            except Exception:
                continue
            if subtype == "/Image":
                yield (name if not path else (*path, name)), stream
            elif subtype == "/Form" and "/Resources" in stream:
                marker = id(stream)
                if marker not in seen:
                    seen.add(marker)
                    yield from walk(stream["/Resources"], (*path, name), seen)

    if "/Resources" in page:
        yield from walk(page["/Resources"], (), set())


def _recompress(page, key, stream, edge: int, quality: int) -> None:
    """One image XObject scaled to `edge` and stored as JPEG at `quality`, in place, when it
    is large and that makes it clearly smaller; anything unusual stays as it is."""
    from pypdf.generic import StreamObject

    try:
        if stream.get("/ImageMask") or any(
                k in stream for k in ("/SMask", "/Mask", "/SMaskInData")):  # fmt: skip
            return  # stencils and pictures with transparency stay as they are
        # [] resolves an indirect value (.get would not).
        bits = stream["/BitsPerComponent"] if "/BitsPerComponent" in stream else 8  # noqa: SIM401
        if int(bits) < 8:
            return  # black-and-white scans (CCITT, JBIG2) are already small
        raw = StreamObject.get_data(stream)  # the stored bytes, still encoded
        width, height = int(stream["/Width"]), int(stream["/Height"])
        if len(raw) < PDF_IMAGE_MIN_BYTES and max(width, height) <= edge:
            return
        picture, _ = _as_rgb_or_grey(_pdf_picture(page, key, stream, raw, edge), None)
        picture = _fit(picture, edge)
        jpeg = _jpeg(picture, quality, None, None)
    except Exception:  # an image pypdf or Pillow cannot decode stays as it is
        return
    if len(jpeg) >= len(raw) * 0.9:
        return
    from pypdf.generic import NameObject, NumberObject

    for name in ("/DecodeParms", "/Decode", "/Alternates"):
        stream.pop(name, None)
    stream[NameObject("/Filter")] = NameObject("/DCTDecode")
    stream[NameObject("/Width")] = NumberObject(picture.size[0])
    stream[NameObject("/Height")] = NumberObject(picture.size[1])
    stream[NameObject("/BitsPerComponent")] = NumberObject(8)
    space = "/DeviceGray" if picture.mode == "L" else "/DeviceRGB"
    stream[NameObject("/ColorSpace")] = NameObject(space)
    StreamObject.set_data(stream, jpeg)  # store these bytes as they are (no re-encoding)
    stream.decoded_self = None


def _pdf_picture(page, key, stream, raw: bytes, edge: int):
    """The pixels of an image XObject: a plain JPEG straight through Pillow (decoded at a
    reduced scale where that still covers `edge`), anything else through pypdf."""
    from PIL import Image

    plain_space = stream.get("/ColorSpace") in ("/DeviceRGB", "/DeviceGray")
    if stream.get("/Filter") == "/DCTDecode" and plain_space and "/Decode" not in stream:
        picture = Image.open(io.BytesIO(raw))
        width, height = picture.size
        scale = edge / max(width, height)
        if scale < 1:
            picture.draft(picture.mode, (int(width * scale) + 1, int(height * scale) + 1))
        picture.load()
        return picture
    return page.images[key].image


class _PageTooLarge(Exception):
    def __init__(self, page: int, size: int) -> None:
        super().__init__(page, size)
        self.page = page
        self.size = size


def _split(content: bytes, limit: int) -> list[tuple[bytes, int]]:
    """The PDF as consecutive page ranges, each written under `limit`: pages are grouped by
    their sizes alone (which overstate a group's: shared fonts count once in it), then each
    group is written and measured, and halved while it is too large."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(content))
    count = len(reader.pages)
    sizes = []
    for index in range(count):
        size = len(_write_pages(reader, [index]))
        if size > limit:
            raise _PageTooLarge(index + 1, size)
        sizes.append(size)
    groups: list[list[int]] = []
    budget = int(limit * PART_BUDGET)
    total = 0
    for index, size in enumerate(sizes):
        if groups and total + size <= budget:
            groups[-1].append(index)
            total += size
        else:
            groups.append([index])
            total = size
    chunks: list[tuple[bytes, int]] = []

    def add(group: list[int]) -> None:
        data = _write_pages(reader, group)
        if len(data) <= limit or len(group) == 1:
            chunks.append((data, len(group)))
            return
        half = len(group) // 2
        add(group[:half])
        add(group[half:])

    for group in groups:
        add(group)
    return chunks


def _write_pages(reader, indexes: Sequence[int]) -> bytes:
    """The pages `indexes` of `reader` as a PDF of their own, each page keeping only the
    pictures and forms its content draws (some scanners give every page one shared list of
    all the document's images, which would put every image into every part)."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    for index in indexes:
        _keep_drawn_xobjects(writer.add_page(reader.pages[index]))
    writer.compress_identical_objects()  # also drops what no page refers to any more
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


_DRAWN = re.compile(rb"/([^\s/\[\]()<>{}%]+)\s+Do\b")


def _keep_drawn_xobjects(page) -> None:
    """Give `page` its own /XObject list with only the names its content stream draws (`Do`);
    anything unusual leaves the page as it is."""
    from pypdf.generic import DictionaryObject, NameObject

    try:
        resources = page["/Resources"].get_object()
        xobjects = resources["/XObject"].get_object()
        contents = page.get_contents()
        if contents is None:
            return
        drawn = {"/" + name.decode("latin-1") for name in _DRAWN.findall(contents.get_data())}
        if set(xobjects) <= drawn:
            return
        kept = DictionaryObject({NameObject(k): v for k, v in xobjects.items() if k in drawn})
        own = DictionaryObject(resources.items())
        own[NameObject("/XObject")] = kept
        page[NameObject("/Resources")] = own
    except Exception:
        return


# -- names and words --------------------------------------------------------------------------

_KNOWN_ENDINGS = {kind.extension for kind in KINDS if kind.extension} | {
    ".jpeg", ".jpe", ".tiff", ".heif", ".hif", ".dib"}  # fmt: skip


def _named(name: str, extension: str) -> str:
    """`name` with the ending `extension`: IMG_0001.heic → IMG_0001.jpg, scan → scan.pdf;
    a matching ending (photo.JPEG for a JPEG) stays as it is."""
    suffix = PurePath(name).suffix
    endings = {".jpg", ".jpeg"} if extension == JPEG.extension else {extension}
    if suffix.lower() in endings:
        return name
    if suffix.lower() in _KNOWN_ENDINGS:
        return name[: -len(suffix)] + extension
    return name + extension


def _label(kind: FileKind) -> str:
    return {HEIC: "HEIC", WEBP: "WebP", TIFF: "TIFF", BMP: "BMP", AVIF: "AVIF", PNG: "PNG",
            GIF: "GIF", JPEG: "JPEG"}.get(kind, kind.key.upper())  # fmt: skip


def _what(image) -> Bilingual:
    format_name = (getattr(image, "format", None) or "").upper()
    for kind in KINDS:
        if kind.key.upper() == format_name or (format_name == "HEIF" and kind is HEIC):
            return kind.what
    return Bilingual("a picture", "et billede")


def _sha256(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def _mb(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"


def _megabytes(size: int) -> Bilingual:
    """A byte count as megabytes (binary, like the 9 MB limit), 9.5 and 9,5."""
    value = f"{size / (1024 * 1024):.1f}".removesuffix(".0")
    return Bilingual(value, value.replace(".", ","))


def _detail(error: BaseException) -> str:
    text = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    return text[:200]


_DANISH_STEPS: tuple[tuple[str, str], ...] = (
    (r"converted from (\S+)", r"konverteret fra \1"),
    (r"scaled to (\d+) px", r"skaleret til \1 px"),
    (r"turned upright", "vendt rigtigt"),
    (r"recompressed \(JPEG quality (\d+)\)", r"komprimeret igen (JPEG-kvalitet \1)"),
    (r"(\d+) pages in one PDF", r"\1 sider samlet i én PDF"),
    (r"shrunk from ([\d.]+) MB to ([\d.]+) MB", r"gjort mindre fra \1 MB til \2 MB"),
    (r"split into (\d+) parts", r"delt i \1 dele"),
)


def _danish_step(step: str) -> str:
    for pattern, danish in _DANISH_STEPS:
        match = re.fullmatch(pattern, step)
        if match:
            text = match.expand(danish)
            return re.sub(r"(\d)\.(\d)", r"\1,\2", text)  # 12.5 MB → 12,5 MB
    return step


# Every text of this module, English and Danish side by side.
_ATTACH_BY_HAND = Bilingual(
    "or attach it to the voucher by hand in e-conomic.",
    "eller vedhæft den bilaget i hånden i e-conomic.",
)
_TEXTS: dict[str, Bilingual] = {
    "not-a-receipt": Bilingual(
        "The receipt '{name}' cannot go to e-conomic: it is {what}, not a receipt (a photo,"
        " a scan or a PDF), whatever its name says.",
        "Kvitteringen '{name}' kan ikke sendes til e-conomic: den er {what}, ikke en"
        " kvittering (et foto, en scanning eller en PDF), uanset hvad navnet siger.",
    ),
    "not-a-receipt_fix": Bilingual(
        "Put the real receipt (PDF or JPG) in place of this file and run the transfer again,",
        "Læg den rigtige kvittering (PDF eller JPG) i stedet for denne fil, og kør"
        " overførslen igen,",
    ),
    "unknown": Bilingual("a file of a kind this program does not know",
                         "en fil af en slags, dette program ikke kender"),
    "program_caution": Bilingual(
        "Do not open this file: a program posing as a receipt may be harmful.",
        "Åbn ikke filen: et program, der udgiver sig for at være en kvittering, kan være"
        " skadeligt.",
    ),
    "empty": Bilingual(
        "The receipt '{name}' is empty (0 bytes).",
        "Kvitteringen '{name}' er tom (0 byte).",
    ),
    "empty_fix": Bilingual(
        "Export the receipt again from the expense system and run the transfer again,",
        "Eksportér kvitteringen igen fra udlægssystemet, og kør overførslen igen,",
    ),
    "damaged": Bilingual(
        "The receipt '{name}' is {what} that could not be read: the file is damaged or cut"
        " off ({detail}).",
        "Kvitteringen '{name}' er {what}, som ikke kunne læses: filen er beskadiget eller"
        " afbrudt ({detail}).",
    ),
    "damaged_fix": Bilingual(
        "Open it where it came from (the phone, the scanner, the mail), save or export it again"
        " as PDF or JPG, put it in place of this file and run the transfer again,",
        "Åbn den der, hvor den kom fra (telefonen, scanneren, mailen), gem eller eksportér den"
        " igen som PDF eller JPG, læg den i stedet for denne fil, og kør overførslen igen,",
    ),
    "too-many-pixels": Bilingual(
        "The receipt '{name}' is a picture of {megapixels} million pixels, more than this"
        " program opens safely.",
        "Kvitteringen '{name}' er et billede på {megapixels} millioner pixels, mere end dette"
        " program åbner sikkert.",
    ),
    "too-many-pixels_fix": Bilingual(
        "Save it again with a lower resolution (about 2,500 pixels on the long edge is"
        " plenty), put it in place of this file and run the transfer again,",
        "Gem den igen med en lavere opløsning (omkring 2.500 pixels på den lange led er rigeligt),"
        " læg den i stedet for denne fil, og kør overførslen igen,",
    ),
    "encrypted": Bilingual(
        "The receipt '{name}' is a PDF protected by a password: e-conomic cannot show it"
        " without the password.",
        "Kvitteringen '{name}' er en PDF, der er beskyttet med en adgangskode: e-conomic kan"
        " ikke vise den uden adgangskoden.",
    ),
    "encrypted_fix": Bilingual(
        "Open it with its password and save (or print) it as a PDF without one, put it in"
        " place of this file and run the transfer again,",
        "Åbn den med adgangskoden, og gem (eller udskriv) den som PDF uden adgangskode, læg"
        " den i stedet for denne fil, og kør overførslen igen,",
    ),
    "encrypted-too-large": Bilingual(
        "The receipt '{name}' is a protected PDF of {size} MB: e-conomic takes at most {limit}"
        " MB per file, and a protected PDF cannot be made smaller or split without removing"
        " its protection.",
        "Kvitteringen '{name}' er en beskyttet PDF på {size} MB: e-conomic tager imod højst"
        " {limit} MB pr. fil, og en beskyttet PDF kan ikke gøres mindre eller deles uden at"
        " fjerne beskyttelsen.",
    ),
    "encrypted-too-large_fix": Bilingual(
        "Save (or print) it as a PDF without protection, or scan it with a lower resolution,"
        " put it in place of this file and run the transfer again,",
        "Gem (eller udskriv) den som PDF uden beskyttelse, eller scan den med en lavere"
        " opløsning, læg den i stedet for denne fil, og kør overførslen igen,",
    ),
    "page-too-large": Bilingual(
        "Page {page} of the receipt '{name}' alone is {size} MB even after it was made"
        " smaller, more than the {limit} MB e-conomic takes per file.",
        "Side {page} af kvitteringen '{name}' fylder alene {size} MB, selv efter at den er"
        " gjort mindre, mere end de {limit} MB, e-conomic tager imod pr. fil.",
    ),
    "page-too-large_fix": Bilingual(
        "Scan or save that page with a lower resolution, put the receipt in place of this file"
        " and run the transfer again,",
        "Scan eller gem den side med en lavere opløsning, læg kvitteringen i stedet for denne"
        " fil, og kør overførslen igen,",
    ),
    "too-large": Bilingual(
        "The receipt '{name}' could not be made smaller than {limit} MB, the most e-conomic"
        " takes per file.",
        "Kvitteringen '{name}' kunne ikke gøres mindre end {limit} MB, som er det meste,"
        " e-conomic tager imod pr. fil.",
    ),
    "too-large_fix": Bilingual(
        "Scan or save it with a lower resolution, put it in place of this file and run the"
        " transfer again,",
        "Scan eller gem den med en lavere opløsning, læg den i stedet for denne fil, og kør"
        " overførslen igen,",
    ),
}


def _cannot(key: str, name: str, **values: object) -> CannotNormalise:
    values["name"] = name
    reason = _TEXTS[key].format(**values)
    fix = _TEXTS[f"{key}_fix"].format(**values).join(_ATTACH_BY_HAND)
    return CannotNormalise(key, reason, fix)


def _not_a_receipt(name: str, kind: FileKind | None) -> CannotNormalise:
    what = kind.what if kind is not None else _TEXTS["unknown"]
    error = _cannot("not-a-receipt", name, what=what)
    if kind in (EXE, ELF):
        error.fix = _TEXTS["program_caution"].join(error.fix)
    return error


def _too_many_pixels(name: str, error: BaseException) -> CannotNormalise:
    numbers = [int(n) for n in re.findall(r"\d+", str(error))]
    megapixels = f"{numbers[0] / 1e6:.0f}" if numbers else "?"
    return _cannot("too-many-pixels", name, megapixels=megapixels)
