"""The last check of a receipt file before upload: real files in a temporary folder."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from wizard.export.lines import Bilingual
from wizard.export.receipt_files import (
    ACCEPTED_TYPES,
    EXE,
    HEIC,
    KINDS,
    PDF,
    TEXT,
    TIFF,
    WEBP,
    ZIP,
    ReceiptFile,
    ReceiptIssue,
    ReceiptProblem,
    detect_kind,
    load_receipt,
)

JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 64
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
GIF = b"GIF89a" + b"\x00" * 64
PDF_BYTES = b"%PDF-1.4\n1 0 obj << /Type /Page >> endobj\n%%EOF\n"
EXE_BYTES = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 64
HEIC_BYTES = b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\x00" * 64
WEBP_BYTES = b"RIFF\x24\x00\x00\x00WEBPVP8 " + b"\x00" * 64
TIFF_BYTES = b"II*\x00\x08\x00\x00\x00" + b"\x00" * 64
DOCX_BYTES = b"PK\x03\x04\x14\x00\x06\x00" + b"\x00" * 64
MIB = 1024 * 1024

needs_symlinks = pytest.mark.skipif(sys.platform == "win32", reason="symlinks need privileges")


@pytest.fixture
def inbox(tmp_path: Path) -> Path:
    folder = tmp_path / "inbox"
    folder.mkdir()
    return folder


def write(folder: Path, name: str, data: bytes) -> Path:
    path = folder / name
    path.write_bytes(data)
    return path


def problem(result: ReceiptFile | ReceiptProblem) -> ReceiptProblem:
    assert isinstance(result, ReceiptProblem), result
    return result


def assert_bilingual(found: ReceiptProblem) -> None:
    for text in (found.message, found.fix):
        assert isinstance(text, Bilingual)
        assert text.en and text.da and text.en != text.da
        assert "{" not in text.en + text.da  # every placeholder filled


@pytest.mark.parametrize(
    ("name", "data", "media_type"),
    [("taxi.jpg", JPEG, "image/jpeg"), ("taxi.jpeg", JPEG, "image/jpeg"),
     ("scan.png", PNG, "image/png"), ("anim.gif", GIF, "image/gif"),
     ("faktura.pdf", PDF_BYTES, "application/pdf")],
)  # fmt: skip
def test_accepted_receipts_are_read_whole(inbox, name, data, media_type):
    path = write(inbox, name, data)
    loaded = load_receipt(path, inbox)
    assert loaded == ReceiptFile(path, name, data, media_type)
    assert loaded.upload_name == name


def test_a_png_named_jpg_is_uploaded_as_the_png_it_is(inbox):
    loaded = load_receipt(write(inbox, "taxi.jpg", PNG), inbox)
    assert isinstance(loaded, ReceiptFile)
    assert loaded.media_type == "image/png"
    assert loaded.name == "taxi.jpg"
    assert loaded.upload_name == "taxi.png"


def test_a_pdf_without_an_ending_gets_one_for_the_upload(inbox):
    loaded = load_receipt(write(inbox, "scan", PDF_BYTES), inbox)
    assert isinstance(loaded, ReceiptFile)
    assert (loaded.media_type, loaded.upload_name) == ("application/pdf", "scan.pdf")


def test_a_pdf_header_a_little_into_the_file_is_still_a_pdf(inbox):
    data = b"\xef\xbb\xbf\r\n" + b" " * 200 + PDF_BYTES
    loaded = load_receipt(write(inbox, "bom.pdf", data), inbox)
    assert isinstance(loaded, ReceiptFile)
    assert loaded.media_type == "application/pdf"


def test_a_pdf_header_far_into_the_file_is_not(inbox):
    data = b"x" * 2000 + PDF_BYTES
    found = problem(load_receipt(write(inbox, "late.pdf", data), inbox))
    assert found.issue is ReceiptIssue.WRONG_TYPE


def test_missing_waits(inbox):
    found = problem(load_receipt(inbox / "taxi.pdf", inbox))
    assert found.issue is ReceiptIssue.MISSING
    assert found.waits
    assert found.name == "taxi.pdf"
    assert "taxi.pdf" in found.message.en and str(inbox) in found.message.en
    assert "Kvitteringen 'taxi.pdf'" in found.message.da
    assert "bilaget" in found.fix.da
    assert_bilingual(found)


def test_empty_waits_and_says_so(inbox):
    found = problem(load_receipt(write(inbox, "taxi.pdf", b""), inbox))
    assert found.issue is ReceiptIssue.EMPTY
    assert found.waits
    assert "0 bytes" in found.message.en and "0 byte" in found.message.da
    assert_bilingual(found)


@pytest.mark.skipif(sys.platform == "win32" or os.geteuid() == 0,
                    reason="POSIX permissions; root reads everything")
def test_unreadable_waits(inbox):
    path = write(inbox, "taxi.pdf", PDF_BYTES)
    path.chmod(0)
    try:
        found = problem(load_receipt(path, inbox))
    finally:
        path.chmod(0o600)
    assert found.issue is ReceiptIssue.UNREADABLE
    assert found.waits
    assert "no permission" in found.message.en and "ingen adgang" in found.message.da
    assert_bilingual(found)
    assert isinstance(load_receipt(path, inbox), ReceiptFile)


def test_a_folder_with_a_receipt_name_is_refused(inbox):
    (inbox / "taxi.pdf").mkdir()
    found = problem(load_receipt(inbox / "taxi.pdf", inbox))
    assert found.issue is ReceiptIssue.WRONG_TYPE
    assert not found.waits
    assert "folder" in found.message.en and "mappe" in found.message.da


def test_an_exe_renamed_pdf_is_refused_and_named(inbox):
    found = problem(load_receipt(write(inbox, "faktura.pdf", EXE_BYTES), inbox))
    assert found.issue is ReceiptIssue.WRONG_TYPE
    assert not found.waits
    assert "Windows program (.exe)" in found.message.en
    assert "Windows-program (.exe)" in found.message.da
    assert "Do not open" in found.fix.en and "Åbn ikke" in found.fix.da
    assert_bilingual(found)


@pytest.mark.parametrize(
    ("data", "words_en", "words_da"),
    [(HEIC_BYTES, "HEIC photo", "HEIC-foto"), (WEBP_BYTES, "WebP image", "WebP-billede"),
     (TIFF_BYTES, "TIFF image", "TIFF-billede"), (DOCX_BYTES, "ZIP", "ZIP-arkiv"),
     (b"Just some notes\n", "plain text", "tekstfil"),
     (b"<!DOCTYPE html><html></html>", "web page", "webside"),
     (b"\x00\x01\x02\x03\x04\x05garbage", "kind this program does not know", "ikke kender")],
)  # fmt: skip
def test_other_contents_are_refused_and_named(inbox, data, words_en, words_da):
    found = problem(load_receipt(write(inbox, "kvittering.jpg", data), inbox))
    assert found.issue is ReceiptIssue.WRONG_TYPE
    assert words_en in found.message.en
    assert words_da in found.message.da
    assert "Do not open" not in found.fix.en
    assert_bilingual(found)


def test_just_9_mib_fits_and_one_byte_more_is_refused(inbox):
    fits = JPEG + b"\x00" * (9 * MIB - len(JPEG))
    loaded = load_receipt(write(inbox, "big.jpg", fits), inbox)
    assert isinstance(loaded, ReceiptFile)
    assert len(loaded.content) == 9 * MIB

    found = problem(load_receipt(write(inbox, "huge.jpg", fits + b"\x00"), inbox))
    assert found.issue is ReceiptIssue.TOO_LARGE
    assert not found.waits
    assert "9 MB" in found.message.en and "9 MB" in found.message.da
    assert_bilingual(found)


def test_no_more_than_the_limit_plus_one_byte_is_read(inbox, monkeypatch):
    path = inbox / "huge.pdf"
    with path.open("wb") as file:
        file.write(PDF_BYTES)
        file.truncate(50 * MIB)  # sparse: cheap to make, expensive to read whole
    read: list[int] = []
    real_fdopen = os.fdopen

    class Counting:
        def __init__(self, file):
            self.file = file

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.file.close()

        def fileno(self):
            return self.file.fileno()

        def read(self, size=-1):
            assert size >= 0, "never read a whole file of unknown size"
            chunk = self.file.read(size)
            read.append(len(chunk))
            return chunk

    monkeypatch.setattr(os, "fdopen", lambda fd, mode: Counting(real_fdopen(fd, mode)))
    found = problem(load_receipt(path, inbox, max_bytes=1000))
    assert found.issue is ReceiptIssue.TOO_LARGE
    assert sum(read) == 1001


@pytest.mark.parametrize(
    ("error", "words_en", "words_da"),
    [(PermissionError(13, "Permission denied"), "no permission", "ingen adgang"),
     (OSError(5, "Input/output error"), "Input/output error", "Input/output error")],
)  # fmt: skip
def test_a_file_that_cannot_be_opened_waits(inbox, monkeypatch, error, words_en, words_da):
    path = write(inbox, "taxi.pdf", PDF_BYTES)

    def refuse(*args, **kwargs):
        raise error

    monkeypatch.setattr(os, "open", refuse)
    found = problem(load_receipt(path, inbox))
    assert found.issue is ReceiptIssue.UNREADABLE
    assert found.waits
    assert words_en in found.message.en and words_da in found.message.da
    assert_bilingual(found)


def test_dot_dot_out_of_the_folder_is_refused(inbox):
    write(inbox.parent, "secret.pdf", PDF_BYTES)
    found = problem(load_receipt(inbox / ".." / "secret.pdf", inbox))
    assert found.issue is ReceiptIssue.OUTSIDE
    assert not found.waits
    assert_bilingual(found)


def test_dot_dot_that_stays_inside_is_fine(inbox):
    (inbox / "receipts").mkdir()
    path = write(inbox, "taxi.pdf", PDF_BYTES)
    assert load_receipt(inbox / "receipts" / ".." / "taxi.pdf", inbox) == ReceiptFile(
        inbox / "receipts" / ".." / "taxi.pdf", "taxi.pdf", PDF_BYTES, "application/pdf"
    )
    assert path.exists()


def test_a_sibling_folder_with_the_same_prefix_is_outside(tmp_path, inbox):
    sibling = tmp_path / "inbox-other"
    sibling.mkdir()
    path = write(sibling, "taxi.pdf", PDF_BYTES)
    assert problem(load_receipt(path, inbox)).issue is ReceiptIssue.OUTSIDE


@needs_symlinks
def test_a_symlink_to_a_file_outside_is_refused(tmp_path, inbox):
    outside = write(tmp_path, "private.pdf", PDF_BYTES)
    (inbox / "taxi.pdf").symlink_to(outside)
    found = problem(load_receipt(inbox / "taxi.pdf", inbox))
    assert found.issue is ReceiptIssue.OUTSIDE
    assert found.name == "taxi.pdf"
    assert str(outside.resolve()) in found.message.en


@needs_symlinks
def test_a_symlink_to_etc_passwd_is_refused(inbox):
    (inbox / "taxi.pdf").symlink_to("/etc/passwd")
    assert problem(load_receipt(inbox / "taxi.pdf", inbox)).issue is ReceiptIssue.OUTSIDE


@needs_symlinks
def test_a_dangling_symlink_outside_is_refused_not_waited_for(tmp_path, inbox):
    (inbox / "taxi.pdf").symlink_to(tmp_path / "not-yet.pdf")
    assert problem(load_receipt(inbox / "taxi.pdf", inbox)).issue is ReceiptIssue.OUTSIDE


@needs_symlinks
def test_a_symlink_that_stays_inside_is_fine(inbox):
    (inbox / "scans").mkdir()
    write(inbox / "scans", "0001.pdf", PDF_BYTES)
    (inbox / "taxi.pdf").symlink_to(inbox / "scans" / "0001.pdf")
    loaded = load_receipt(inbox / "taxi.pdf", inbox)
    assert loaded == ReceiptFile(inbox / "taxi.pdf", "taxi.pdf", PDF_BYTES, "application/pdf")


@needs_symlinks
def test_an_allowed_folder_reached_through_a_symlink_works(tmp_path, inbox):
    link = tmp_path / "inbox-link"
    link.symlink_to(inbox, target_is_directory=True)
    write(inbox, "taxi.pdf", PDF_BYTES)
    assert isinstance(load_receipt(link / "taxi.pdf", link), ReceiptFile)
    assert isinstance(load_receipt(inbox / "taxi.pdf", link), ReceiptFile)
    assert isinstance(load_receipt(link / "taxi.pdf", inbox), ReceiptFile)


@needs_symlinks
def test_a_folder_symlink_inside_leading_out_is_refused(tmp_path, inbox):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    write(elsewhere, "taxi.pdf", PDF_BYTES)
    (inbox / "receipts").symlink_to(elsewhere, target_is_directory=True)
    found = problem(load_receipt(inbox / "receipts" / "taxi.pdf", inbox))
    assert found.issue is ReceiptIssue.OUTSIDE


@needs_symlinks
def test_a_symlink_loop_is_not_uploaded(inbox):
    (inbox / "a.pdf").symlink_to(inbox / "b.pdf")
    (inbox / "b.pdf").symlink_to(inbox / "a.pdf")
    found = problem(load_receipt(inbox / "a.pdf", inbox))
    assert found.issue in (ReceiptIssue.UNREADABLE, ReceiptIssue.OUTSIDE)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes")
def test_a_named_pipe_does_not_hang(inbox):
    os.mkfifo(inbox / "taxi.pdf")
    assert problem(load_receipt(inbox / "taxi.pdf", inbox)).issue is ReceiptIssue.WRONG_TYPE


def test_waits_only_for_problems_that_go_away_by_themselves():
    waiting = {issue for issue in ReceiptIssue
               if ReceiptProblem(issue, "x", Bilingual("", ""), Bilingual("", "")).waits}
    assert waiting == {ReceiptIssue.MISSING, ReceiptIssue.EMPTY, ReceiptIssue.UNREADABLE}


def test_the_detection_table():
    assert {"image/jpeg", "image/png", "image/gif", "application/pdf"} == ACCEPTED_TYPES
    assert detect_kind(EXE_BYTES) is EXE
    assert detect_kind(HEIC_BYTES) is HEIC
    assert detect_kind(WEBP_BYTES) is WEBP
    assert detect_kind(TIFF_BYTES) is TIFF
    assert detect_kind(DOCX_BYTES) is ZIP
    assert detect_kind(b"  %PDF-1.7") is PDF
    assert detect_kind(b"") is TEXT  # (an empty file never gets here: it is EMPTY)
    assert detect_kind(b"\x00\x01") is None
    assert len({kind.key for kind in KINDS}) == len(KINDS)
    for kind in KINDS:
        assert kind.what.en and kind.what.da
