"""Receipts e-conomic would refuse become what it takes: real files made here (HEIC through
pillow-heif, WebP, TIFF, BMP, PNG, PDF through Pillow and pypdf), converted, shrunk or split,
and every result checked the way e-conomic checks it: type by content, size per part, pages."""

from __future__ import annotations

import hashlib
import io
import random
import struct
import zlib

import pillow_heif
import pytest
from PIL import Image, ImageCms, ImageDraw, ImageFile
from pypdf import PdfReader, PdfWriter

from wizard.export.fields import MAX_RECEIPT_BYTES
from wizard.export.lines import Bilingual
from wizard.export.receipt_files import ACCEPTED_TYPES, detect_kind
from wizard.export.receipt_normalise import (
    MAX_PART_BYTES,
    TARGET_EDGE,
    CannotNormalise,
    Normalised,
    describe_applied,
    normalise,
)

MIB = 1024 * 1024
EXE_BYTES = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 400


# -- files made here --------------------------------------------------------------------------


def photo(width: int, height: int, seed: int = 0) -> Image.Image:
    """A photo-like picture: smooth colour, a gradient, a receipt's lines of text."""
    small = Image.effect_noise((max(1, width // 40), max(1, height // 40)), 60 + seed)
    base = small.resize((width, height), Image.Resampling.BICUBIC)
    gradient = Image.linear_gradient("L").resize((width, height))
    picture = Image.merge("RGB", (base, gradient, base.transpose(Image.Transpose.FLIP_LEFT_RIGHT)))
    draw = ImageDraw.Draw(picture)
    for y in range(20, height, 40):
        draw.text((20, y), f"KVITTERING {seed} 123,45 DKK moms 25%", fill=(0, 0, 0))
    return picture


def noise(width: int, height: int, seed: int = 0, mode: str = "RGB") -> Image.Image:
    """Random pixels: compresses about as badly as anything can."""
    channels = len(mode)
    return Image.frombytes(mode, (width, height),
                           random.Random(seed).randbytes(width * height * channels))  # fmt: skip


def encoded(picture: Image.Image, file_format: str, **options) -> bytes:
    out = io.BytesIO()
    picture.save(out, file_format, **options)
    return out.getvalue()


def heic(picture: Image.Image, **options) -> bytes:
    """A HEIC file written by libheif/x265 (pillow-heif, a dev dependency)."""
    out = io.BytesIO()
    pillow_heif.from_pillow(picture).save(out, quality=60, enc_params={"preset": "ultrafast"},
                                          **options)  # fmt: skip
    return out.getvalue()


def pdf_of(pages: list[Image.Image], **options) -> bytes:
    out = io.BytesIO()
    pages[0].save(out, "PDF", save_all=True, append_images=pages[1:], **options)
    return out.getvalue()


def exif_orientation(value: int) -> bytes:
    exif = Image.Exif()
    exif[0x0112] = value
    return exif.tobytes()


def png_header_only(width: int, height: int) -> bytes:
    """A PNG that announces `width` × `height` and holds a few bytes of picture."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = struct.pack(">I", zlib.crc32(kind + data))
        return struct.pack(">I", len(data)) + kind + data + crc

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(bytes(100))) + chunk(b"IEND", b""))  # fmt: skip


# -- what e-conomic checks ---------------------------------------------------------------------


def assert_acceptable(result: Normalised, pages: int, limit: int = MAX_PART_BYTES) -> None:
    """Every part is JPEG/PNG/GIF/PDF by its content, under the limit, with the pages it says;
    the parts add up to `pages`; the hashes are those of what is sent."""
    assert result.parts
    for part in result.parts:
        kind = detect_kind(part.content[:1024])
        assert kind is not None and kind.accepted, part.name
        assert part.media_type == kind.media_type in ACCEPTED_TYPES
        assert len(part.content) <= limit, (part.name, len(part.content))
        if kind.media_type == "application/pdf":
            assert len(PdfReader(io.BytesIO(part.content)).pages) == part.pages
        else:
            assert part.pages == 1
            Image.open(io.BytesIO(part.content)).load()  # a whole, readable picture
    assert result.pages == sum(part.pages for part in result.parts) == pages
    assert result.sent_sha256 == tuple(hashlib.sha256(p.content).hexdigest()
                                       for p in result.parts)  # fmt: skip


def run(name: str, content: bytes, **options) -> Normalised:
    """normalise, checking that the original bytes are untouched and hashed as they are."""
    before = bytes(content)
    result = normalise(name, content, **options)
    assert content == before
    assert result.original_sha256 == hashlib.sha256(before).hexdigest()
    return result


def picture_of(part) -> Image.Image:
    picture = Image.open(io.BytesIO(part.content))
    picture.load()
    return picture


# -- accepted files go as they are -----------------------------------------------------------


def test_the_limit_is_the_one_load_receipt_uses():
    assert MAX_PART_BYTES == MAX_RECEIPT_BYTES == 9 * MIB


@pytest.mark.parametrize(
    ("name", "file_format", "sent_name"),
    [("taxi.jpg", "JPEG", "taxi.jpg"), ("Taxi.JPEG", "JPEG", "Taxi.JPEG"),
     ("skærm.png", "PNG", "skærm.png"), ("anim.gif", "GIF", "anim.gif"),
     ("faktura.pdf", "PDF", "faktura.pdf"), ("taxi.jpg", "PNG", "taxi.png"),
     ("scan", "PDF", "scan.pdf")],
)  # fmt: skip
def test_accepted_receipts_under_the_limit_go_unchanged(name, file_format, sent_name):
    content = encoded(photo(800, 600), file_format)
    result = run(name, content)
    [part] = result.parts
    assert part.content is content
    assert (part.name, result.applied, result.changed) == (sent_name, (), False)
    assert result.sent_sha256 == (result.original_sha256,)
    assert_acceptable(result, pages=1)


def test_the_unchanged_path_decodes_no_picture(monkeypatch):
    """Only headers are read: a phone JPEG under the limit costs no decoding."""
    content = encoded(photo(4032, 3024), "JPEG", quality=90)

    def no_decoding(self):
        raise AssertionError("decoded")

    monkeypatch.setattr(ImageFile.ImageFile, "load", no_decoding)
    [part] = run("IMG_0001.jpg", content).parts
    assert part.content is content


def test_a_pdf_under_the_limit_goes_unchanged_with_its_page_count():
    content = pdf_of([photo(600, 800, seed) for seed in range(3)])
    result = run("bilag.pdf", content)
    assert result.parts[0].content is content and result.applied == ()
    assert_acceptable(result, pages=3)


# -- conversions ---------------------------------------------------------------------------------


def test_heic_from_an_iphone_becomes_jpeg():
    original = photo(1200, 900)
    result = run("IMG_0001.HEIC", heic(original))
    [part] = result.parts
    assert part.name == "IMG_0001.jpg"
    assert result.applied == ("converted from HEIC",)
    assert_acceptable(result, pages=1)
    converted = picture_of(part)
    assert converted.size == (1200, 900) and converted.mode == "RGB"
    # Colour kept: the same picture, give or take two lossy encodings.
    difference = [abs(a - b) for a, b in zip(converted.resize((12, 9)).tobytes(),
                                             original.resize((12, 9)).tobytes(), strict=True)]
    assert sum(difference) / len(difference) < 12


def test_a_large_heic_is_scaled_to_the_target_edge_never_up():
    result = run("IMG_0002.heic", heic(photo(3000, 1200, seed=2)))
    assert result.applied == ("converted from HEIC", f"scaled to {TARGET_EDGE} px")
    assert picture_of(result.parts[0]).size == (TARGET_EDGE, 1000)
    small = run("IMG_0003.heic", heic(photo(640, 480)))
    assert picture_of(small.parts[0]).size == (640, 480)


def test_a_heic_rotated_on_the_phone_comes_out_upright():
    picture = Image.new("RGB", (400, 200), (200, 30, 30))
    picture.paste((0, 0, 255), (0, 0, 100, 100))  # a blue corner, top left as taken
    result = run("IMG_0004.heic", heic(picture, exif=exif_orientation(6)))
    converted = picture_of(result.parts[0])
    assert converted.size == (200, 400)  # orientation 6: turned 90° clockwise to be upright
    assert "turned upright" in result.applied
    red, _, blue = converted.getpixel((150, 20))  # blue corner now top right
    assert blue > 150 and red < 100


def test_webp_with_exif_orientation_is_turned_upright():
    picture = Image.new("RGB", (300, 100), (250, 250, 250))
    picture.paste((0, 0, 0), (0, 0, 50, 100))  # black band on the left as stored
    content = encoded(picture, "WEBP", quality=90, exif=exif_orientation(6))
    result = run("receipt.webp", content)
    assert result.applied == ("converted from WebP", "turned upright")
    [part] = result.parts
    assert part.name == "receipt.jpg"
    converted = picture_of(part)
    assert converted.size == (100, 300)
    assert converted.getpixel((50, 10))[0] < 60  # the band is now on top
    assert_acceptable(result, pages=1)


def test_bmp_becomes_jpeg():
    result = run("scan.bmp", encoded(photo(500, 700), "BMP"))
    assert (result.parts[0].name, result.applied) == ("scan.jpg", ("converted from BMP",))
    assert_acceptable(result, pages=1)


def test_a_transparent_png_over_the_limit_lies_on_white():
    picture = noise(2100, 1500, mode="RGBA")
    content = encoded(picture, "PNG", compress_level=1)
    assert len(content) > 9 * MIB
    result = run("skærmbillede.png", content)
    assert result.applied == ("converted from PNG",)
    assert result.parts[0].name == "skærmbillede.jpg"
    assert_acceptable(result, pages=1)


def test_an_absurdly_large_png_under_the_limit_is_scaled_down():
    content = encoded(Image.new("L", (13_000, 300), 255), "PNG")
    assert len(content) < MIB
    result = run("strimmel.png", content)
    assert result.applied == ("converted from PNG", f"scaled to {TARGET_EDGE} px")
    assert picture_of(result.parts[0]).size == (TARGET_EDGE, 58)


def test_a_photo_jpeg_over_the_limit_is_scaled_and_recompressed():
    content = encoded(noise(3400, 2500, seed=5), "JPEG", quality=97)
    assert len(content) > 9 * MIB
    result = run("kvittering.jpg", content)
    assert result.applied[0] == f"scaled to {TARGET_EDGE} px"
    assert result.applied[1].startswith("recompressed (JPEG quality ")
    assert len(result.parts[0].content) <= 0.75 * MAX_PART_BYTES
    assert_acceptable(result, pages=1)


def test_the_colour_profile_is_kept():
    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    content = encoded(photo(300, 200), "TIFF", icc_profile=srgb)
    [part] = run("farve.tif", content).parts
    assert picture_of(part).info.get("icc_profile") == srgb


def test_cmyk_and_16_bit_grey_tiffs_become_ordinary_jpegs():
    cmyk = run("cmyk.tif", encoded(photo(300, 200).convert("CMYK"), "TIFF"))
    assert picture_of(cmyk.parts[0]).mode == "RGB"
    grey16 = Image.linear_gradient("L").resize((256, 256)).convert("I").point(lambda v: v * 256)
    grey = run("grey16.tif", encoded(grey16.convert("I;16"), "TIFF"))
    converted = picture_of(grey.parts[0])
    assert converted.mode == "L"
    assert converted.getpixel((0, 0)) < 10 and converted.getpixel((0, 255)) > 240  # not clipped


def test_every_page_of_a_multi_page_tiff_ends_in_one_pdf():
    pages = [photo(1240, 1754, seed=1), noise(600, 800, seed=2).convert("L"),
             Image.new("1", (2480, 3508), 1)]  # a 300 dpi black-and-white A4 page
    content = encoded(pages[0], "TIFF", save_all=True, append_images=pages[1:],
                      compression="tiff_lzw", dpi=(150, 150))  # fmt: skip
    result = run("scan.tiff", content)
    assert result.applied == ("converted from TIFF", "3 pages in one PDF")
    [part] = result.parts
    assert part.name == "scan.pdf"
    assert_acceptable(result, pages=3)


# -- PDFs over the limit -----------------------------------------------------------------------


def test_a_30_mb_scanned_pdf_is_shrunk_and_split_into_parts_under_the_limit():
    pages = [noise(3000, 2000, seed) for seed in range(6)]
    content = pdf_of(pages, quality=90, resolution=250)
    assert len(content) > 30 * MIB
    result = run("scan.pdf", content)
    assert result.applied[0].startswith("shrunk from ")
    assert result.applied[-1] == f"split into {len(result.parts)} parts"
    assert len(result.parts) >= 2
    assert [p.name for p in result.parts] == [
        f"scan ({n} of {len(result.parts)}).pdf" for n in range(1, len(result.parts) + 1)]
    assert_acceptable(result, pages=6)
    # The pages keep their order: page 1 opens the first part, the last closes the last.
    first = PdfReader(io.BytesIO(result.parts[0].content)).pages[0]
    assert float(first.mediabox.width) == pytest.approx(3000 * 72 / 250, abs=1)


def test_a_pdf_of_oversized_photos_is_rewritten_smaller_in_one_part():
    content = pdf_of([photo(3600, 2700, seed) for seed in range(3)], quality=100)
    assert len(content) > 9 * MIB
    result = run("rejse.pdf", content)
    assert len(result.parts) == 1 and result.parts[0].name == "rejse.pdf"
    assert [step.split(" ")[0] for step in result.applied] == ["shrunk"]
    assert_acceptable(result, pages=3)
    image = PdfReader(io.BytesIO(result.parts[0].content)).pages[0].images[0].image
    assert max(image.size) == TARGET_EDGE


def test_a_split_respects_a_smaller_limit_and_keeps_every_page():
    content = pdf_of([noise(900, 700, seed) for seed in range(7)], quality=90)
    limit = 2 * MIB
    assert len(content) > limit
    result = run("bilag.pdf", content, max_part_bytes=limit)
    assert len(result.parts) >= 2
    assert_acceptable(result, pages=7, limit=limit)
    # The same input makes the same parts: a rerun after a crash sends the very same bytes.
    assert normalise("bilag.pdf", content, max_part_bytes=limit).parts == result.parts


def test_pages_that_share_one_list_of_every_image_are_split_by_what_they_draw():
    """Some scanners give every page the same resources, naming every image of the document:
    a part carries only the images its pages draw, or every part would hold them all."""
    from pypdf.generic import DictionaryObject, NameObject

    writer = PdfWriter(clone_from=io.BytesIO(pdf_of([noise(500, 400, s) for s in range(6)],
                                                    quality=95)))  # fmt: skip
    shared = DictionaryObject()
    for number, page in enumerate(writer.pages):
        resources = page["/Resources"].get_object()
        [(name, image)] = resources["/XObject"].get_object().items()
        shared[NameObject(f"/Im{number}")] = image
        contents = page.get_contents()
        contents.set_data(contents.get_data().replace(name.encode(), f"/Im{number}".encode()))
        page[NameObject("/Contents")] = writer._add_object(contents)
    for page in writer.pages:
        page["/Resources"].get_object()[NameObject("/XObject")] = shared
    out = io.BytesIO()
    writer.write(out)
    content = out.getvalue()
    limit = 300 * 1024  # two pages' pictures fit in a part, all six would not
    assert len(content) > 4 * limit
    result = run("samlet.pdf", content, max_part_bytes=limit)
    assert len(result.parts) == 3
    assert_acceptable(result, pages=6, limit=limit)
    first = PdfReader(io.BytesIO(result.parts[0].content))
    assert len(first.pages[0]["/Resources"]["/XObject"]) == 1


def test_a_page_that_alone_is_over_the_limit_is_attached_by_hand():
    # A transparent picture (an image with a soft mask) is left as it is by the shrinking.
    writer = PdfWriter(clone_from=io.BytesIO(pdf_of([photo(300, 400, s) for s in range(3)])))
    big = PdfReader(io.BytesIO(pdf_of([noise(700, 500, seed=9, mode="RGBA")])))
    writer.insert_page(big.pages[0], 1)
    out = io.BytesIO()
    writer.write(out)
    content = out.getvalue()
    limit = MIB // 2
    assert len(content) > limit
    with pytest.raises(CannotNormalise) as caught:
        run("kontoudtog.pdf", content, max_part_bytes=limit)
    error = caught.value
    assert error.key == "page-too-large"
    assert "Page 2 of the receipt 'kontoudtog.pdf'" in error.reason.en
    assert "Side 2 af kvitteringen 'kontoudtog.pdf'" in error.reason.da
    assert "by hand in e-conomic" in error.fix.en and "bilaget i hånden" in error.fix.da


def encrypted_pdf(user_password: str, algorithm: str, pages: int = 2) -> bytes:
    writer = PdfWriter(clone_from=io.BytesIO(pdf_of([photo(300, 400, s) for s in range(pages)])))
    writer.encrypt(user_password=user_password, owner_password="ejer", algorithm=algorithm)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.mark.parametrize("algorithm", ["RC4-128", "AES-256"])
def test_a_password_protected_pdf_is_attached_by_hand(algorithm):
    with pytest.raises(CannotNormalise) as caught:
        run("lønseddel.pdf", encrypted_pdf("hemmelig", algorithm))
    error = caught.value
    assert error.key == "encrypted"
    assert "protected by a password" in error.reason.en
    assert "beskyttet med en adgangskode" in error.reason.da


def test_a_pdf_that_only_restricts_printing_goes_as_it_is():
    content = encrypted_pdf("", "AES-128", pages=3)
    result = run("kontoudtog.pdf", content)
    assert result.parts[0].content is content and result.applied == ()
    assert result.pages == 3


def test_a_protected_pdf_over_the_limit_is_not_stripped_of_its_protection():
    writer = PdfWriter(clone_from=io.BytesIO(pdf_of([noise(900, 700, s) for s in range(3)],
                                                    quality=95)))  # fmt: skip
    writer.encrypt(user_password="", owner_password="ejer", algorithm="AES-128")
    out = io.BytesIO()
    writer.write(out)
    with pytest.raises(CannotNormalise) as caught:
        run("stor.pdf", out.getvalue(), max_part_bytes=MIB)
    assert caught.value.key == "encrypted-too-large"


# -- what is not a receipt, or is damaged --------------------------------------------------------


def test_a_program_renamed_pdf_is_refused_with_a_plain_reason():
    with pytest.raises(CannotNormalise) as caught:
        run("kvittering.pdf", EXE_BYTES)
    error = caught.value
    assert error.key == "not-a-receipt"
    assert "it is a Windows program (.exe), not a receipt" in error.reason.en
    assert "den er et Windows-program (.exe), ikke en kvittering" in error.reason.da
    assert error.fix.en.startswith("Do not open this file")
    assert str(error) == error.reason.en


@pytest.mark.parametrize(
    ("content", "what"),
    [(b"PK\x03\x04" + b"\x00" * 100, "a ZIP archive"),
     (b"Hej, her er min kvittering", "a plain text"),
     (b"\x00\x01\x02\x03" * 50, "of a kind this program does not know")],
)  # fmt: skip
def test_other_files_are_no_receipts(content, what):
    with pytest.raises(CannotNormalise) as caught:
        run("kvittering.jpg", content)
    assert caught.value.key == "not-a-receipt" and what in caught.value.reason.en


def test_a_corrupt_heic_is_attached_by_hand():
    good = heic(photo(320, 240))
    damaged = good[:200] + bytes(len(good) - 200)
    with pytest.raises(CannotNormalise) as caught:
        run("IMG_0005.heic", damaged)
    error = caught.value
    assert error.key == "damaged"
    assert "The receipt 'IMG_0005.heic' is a HEIC photo" in error.reason.en
    assert "damaged or cut off" in error.reason.en
    assert "beskadiget" in error.reason.da
    cut = run_error("IMG_0006.heic", good[: len(good) // 2])
    assert cut.key == "damaged"


def run_error(name: str, content: bytes) -> CannotNormalise:
    with pytest.raises(CannotNormalise) as caught:
        run(name, content)
    return caught.value


def test_a_damaged_pdf_over_the_limit_and_an_empty_file():
    assert run_error("scan.pdf", b"%PDF-1.7\n" + bytes(10 * MIB)).key == "damaged"
    assert run_error("tom.pdf", b"").key == "empty"


def test_a_picture_of_absurdly_many_pixels_is_refused_before_decoding():
    error = run_error("bombe.png", png_header_only(30_000, 30_000))
    assert error.key == "too-many-pixels"
    assert "900 million pixels" in error.reason.en


def test_a_cut_off_png_that_needs_scaling_is_damaged():
    assert run_error("halv.png", png_header_only(13_000, 100)).key == "damaged"


# -- words -----------------------------------------------------------------------------------


def test_what_was_done_in_english_and_danish():
    applied = ("converted from HEIC", "turned upright", "scaled to 2500 px",
               "shrunk from 31.2 MB to 11.5 MB", "split into 3 parts", "4 pages in one PDF",
               "recompressed (JPEG quality 75)")  # fmt: skip
    assert describe_applied(applied) == Bilingual(
        ", ".join(applied),
        "konverteret fra HEIC, vendt rigtigt, skaleret til 2500 px, gjort mindre fra 31,2 MB"
        " til 11,5 MB, delt i 3 dele, 4 sider samlet i én PDF, komprimeret igen"
        " (JPEG-kvalitet 75)",
    )
    assert describe_applied(()) == Bilingual("", "")
