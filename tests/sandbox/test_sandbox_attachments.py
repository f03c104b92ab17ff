"""Receipts on vouchers: what uploads e-conomic accepts, refuses, and how pages add up."""

from __future__ import annotations

import pytest
from sandbox_helpers import finance_voucher

JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 64
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
GIF = b"GIF89a" + b"\x00" * 64
PDF_2_PAGES = (b"%PDF-1.4\n1 0 obj << /Type /Pages /Kids [2 0 R 3 0 R] >> endobj\n"
               b"2 0 obj << /Type /Page >> endobj\n3 0 obj << /Type /Page >> endobj\n%%EOF\n")
HEIC = b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\x00" * 64


@pytest.fixture
def voucher(api):
    return api.post("/journals/1/vouchers", json=finance_voucher()).json()[0]


def upload(api, voucher, name, data, method="post", field="file", mime=None):
    files = {field: (name, data, mime) if mime else (name, data)}
    return getattr(api, method)(voucher["attachment"] + "/file", files=files)


def test_no_attachment_yet(api, voucher):
    meta = api.get(voucher["attachment"]).json()
    assert meta["pages"] == 0
    assert {"description", "file", "pages", "self"} <= set(meta)
    assert meta["file"] == voucher["attachment"] + "/file"
    assert api.get(meta["file"]).status_code == 404


@pytest.mark.parametrize(("name", "data"), [("kvittering.jpg", JPEG), ("kvittering.jpeg", JPEG),
                                            ("scan.png", PNG), ("anim.gif", GIF),
                                            ("faktura.pdf", PDF_2_PAGES)])
def test_supported_types_are_stored(api, voucher, name, data):
    response = upload(api, voucher, name, data)
    assert response.status_code == 201, response.text
    meta = api.get(voucher["attachment"]).json()
    assert meta["pages"] == (2 if name.endswith(".pdf") else 1)
    assert {"createdAt", "description", "file", "pages", "self"} == set(meta)
    assert api.get(meta["file"]).content == data


def test_any_field_name_works(api, voucher):
    assert upload(api, voucher, "receipt.jpg", JPEG, field="").status_code == 201


def test_type_comes_from_the_content_when_the_name_lies(api, voucher):
    assert upload(api, voucher, "receipt", PNG).status_code == 201


def test_heic_is_refused(api, voucher):
    response = upload(api, voucher, "IMG_0001.HEIC", HEIC)
    assert response.status_code == 415
    assert response.json()["httpStatusCode"] == 415
    assert upload(api, voucher, "disguised.jpg", HEIC).status_code == 415
    assert upload(api, voucher, "notes.txt", b"hello").status_code == 415
    assert api.get(voucher["attachment"]).json()["pages"] == 0


def test_more_than_9_mb_is_refused(api, voucher):
    too_big = JPEG + b"\x00" * (9 * 1024 * 1024)
    response = upload(api, voucher, "huge.jpg", too_big)
    assert response.status_code == 413
    assert "9.0 MB" in response.json()["message"]
    just_fits = JPEG + b"\x00" * (9 * 1024 * 1024 - len(JPEG))
    assert upload(api, voucher, "big.jpg", just_fits).status_code == 201


def test_json_content_type_is_refused(api, voucher):
    response = api.post(voucher["attachment"] + "/file", json={"file": "x"})
    assert response.status_code == 415


def test_second_post_says_voucher_already_has_attachment(api, voucher):
    assert upload(api, voucher, "a.jpg", JPEG).status_code == 201
    response = upload(api, voucher, "b.jpg", JPEG)
    assert response.status_code == 400
    assert "Voucher already has attachment" in response.json()["message"]


def test_patch_appends_pages_and_creates_when_missing(api, voucher):
    created = upload(api, voucher, "a.pdf", PDF_2_PAGES, method="patch")
    assert created.status_code == 201
    assert created.json()["pages"] == 2
    appended = upload(api, voucher, "b.jpg", JPEG, method="patch")
    assert appended.status_code == 200
    assert appended.json()["pages"] == 3
    assert api.get(voucher["attachment"]).json()["pages"] == 3


def test_attachment_of_unknown_voucher_is_404(api):
    response = api.post("/journals/1/vouchers/2026-42/attachment/file",
                        files={"file": ("a.jpg", JPEG)})
    assert response.status_code == 404


# -- what e-conomic checks, with real files --------------------------------------------------

EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 64


def real_pdf(pages: int) -> bytes:
    """A real PDF of `pages` blank A4 pages (pypdf)."""
    import io

    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(595, 842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.mark.parametrize("name", ["kvittering.pdf", "kvittering.jpg", "kvittering"])
def test_a_program_is_refused_whatever_its_name(api, voucher, name):
    response = upload(api, voucher, name, EXE)
    assert response.status_code == 415
    assert response.json()["errorCode"] == "UnsupportedFileType"
    assert api.get(voucher["attachment"]).json()["pages"] == 0


@pytest.mark.parametrize(
    "data",
    [b"\x00\x01\x02 not a picture", b"RIFF\x24\x00\x00\x00WEBPVP8 ", b"II*\x00\x08\x00\x00\x00",
     b"BM\x00\x00\x00\x00\x00\x00\x00\x00"],
)  # fmt: skip
def test_unrecognised_content_named_like_a_pdf_is_refused(api, voucher, data):
    assert upload(api, voucher, "scan.pdf", data).status_code == 415


def test_a_pdf_after_a_mail_header_is_still_a_pdf(api, voucher):
    data = b"\xef\xbb\xbf\r\n" + real_pdf(2)
    response = upload(api, voucher, "faktura.pdf", data)
    assert response.status_code == 201, response.text
    assert response.json()["pages"] == 2


def test_pages_are_counted_from_the_page_tree(api, voucher):
    data = real_pdf(5)
    assert upload(api, voucher, "scan (1 of 2).pdf", data).json()["pages"] == 5
    assert upload(api, voucher, "scan (2 of 2).pdf", real_pdf(3), method="patch").json()[
        "pages"] == 8  # fmt: skip
    assert upload(api, voucher, "side.png", PNG, method="patch").json()["pages"] == 9
    assert api.get(voucher["attachment"]).json()["pages"] == 9


def test_a_normalised_receipt_lands_whole_posted_then_patched(api, voucher):
    """A scan over the limit (here 1 MB, to stay quick), split by the product's normaliser,
    goes up part by part (POST, then PATCH) and the voucher ends with every page once."""
    import io
    import random

    from PIL import Image

    from wizard.export.receipt_normalise import normalise

    pages = [Image.frombytes("RGB", (900, 700), random.Random(seed).randbytes(900 * 700 * 3))
             for seed in range(6)]  # fmt: skip
    out = io.BytesIO()
    pages[0].save(out, "PDF", save_all=True, append_images=pages[1:], quality=90)
    result = normalise("scan.pdf", out.getvalue(), max_part_bytes=1024 * 1024)
    assert len(result.parts) >= 2
    for number, part in enumerate(result.parts):
        response = upload(api, voucher, part.name, part.content,
                          method="patch" if number else "post", mime=part.media_type)
        assert response.status_code == (200 if number else 201), response.text
    assert api.get(voucher["attachment"]).json()["pages"] == 6
