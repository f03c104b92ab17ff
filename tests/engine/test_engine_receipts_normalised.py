"""Every receipt arrives: a phone's HEIC photo and a 30 MB scan reach e-conomic (the sandbox,
over HTTP) as types it takes, under its 9 MB per request, with every page once — also when the
program is killed between the parts of a split PDF. What cannot be made acceptable is attached
by hand with its reason, and its posting is booked anyway. The originals are never touched."""

from __future__ import annotations

import hashlib
import io
import os
import random
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pillow_heif
import pytest
from PIL import Image

from wizard.export.crashpoints import ENV
from wizard.export.ledger import Ledger
from wizard.export.report import RunStatus

from .test_engine_exactly_once import entries_in_economic, transfer, vouchers_with_pages

HEADER = "id;date;text;amount;account;vat_code;contra_account;receipt"


def noise(width: int, height: int, seed: int) -> Image.Image:
    return Image.frombytes("RGB", (width, height),
                           random.Random(seed).randbytes(width * height * 3))


def heic_photo() -> bytes:
    out = io.BytesIO()
    picture = Image.linear_gradient("L").resize((1200, 900)).convert("RGB")
    pillow_heif.from_pillow(picture).save(out, quality=60, enc_params={"preset": "ultrafast"})
    return out.getvalue()


def big_scan(pages: int = 6) -> bytes:
    images = [noise(3000, 2000, seed) for seed in range(pages)]
    out = io.BytesIO()
    images[0].save(out, "PDF", save_all=True, append_images=images[1:], quality=90,
                   resolution=250)
    return out.getvalue()


def write_inbox(folder: Path, receipts: dict[str, bytes]) -> dict[str, str]:
    rows = [HEADER]
    for number, (name, content) in enumerate(receipts.items(), start=1):
        (folder / name).write_bytes(content)
        rows.append(f"EXP-{number};2026-11-20;Udlæg {number};{100 + number},00;3640;;5900;{name}")
    (folder / "expenses.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    return {name: hashlib.sha256(content).hexdigest() for name, content in receipts.items()}


@pytest.fixture
def simple_profile(profile, tmp_path):
    folder = tmp_path / "receipts-inbox"
    folder.mkdir()
    return replace(profile, inbox_folder=folder, receipts_folder=folder, input_format="simple",
                   department_dimension=None, department_map={})


def test_a_heic_photo_and_a_30_mb_scan_arrive_and_the_originals_are_untouched(
        simple_profile, client, ledger, sandbox, journal):
    folder = simple_profile.inbox_folder
    before = write_inbox(folder, {"IMG_0001.heic": heic_photo(), "scan.pdf": big_scan()})
    report = transfer(simple_profile, client, ledger)
    assert report.status is RunStatus.OK, report.problems
    pages = {frozenset(markers): count for markers, count in vouchers_with_pages(sandbox)}
    assert pages[frozenset({"[EMS:EXP-1]"})] == 1
    assert pages[frozenset({"[EMS:EXP-2]"})] == 6  # every page of the scan, once
    applied = {r.name: r.applied for r in report.receipts}
    assert "converted from HEIC" in applied["IMG_0001.heic"]
    assert "split into" in applied["scan.pdf"]
    after = {name: hashlib.sha256((folder / name).read_bytes()).hexdigest() for name in before}
    assert after == before


def test_killed_between_the_parts_of_a_split_pdf_every_page_arrives_once(
        simple_profile, sandbox, journal, tmp_path):
    folder = simple_profile.inbox_folder
    write_inbox(folder, {"scan.pdf": big_scan()})
    ledger_path = tmp_path / "ledger.sqlite3"
    child = [sys.executable, str(Path(__file__).with_name("child_transfer.py")),
             sandbox.base_url, str(folder), str(ledger_path)]
    # Dies right after the first part is up, before the ledger knows it.
    crashed = subprocess.run(child, env=dict(os.environ, **{ENV: "receipt-uploaded"}),
                             capture_output=True, text=True, timeout=120)
    assert crashed.returncode == 137, crashed.stderr
    rerun = subprocess.run(child, capture_output=True, text=True, timeout=120)
    assert rerun.returncode == 0, rerun.stderr
    assert rerun.stdout.strip() == "ok", rerun.stdout
    pages = {frozenset(markers): count for markers, count in vouchers_with_pages(sandbox)}
    assert pages == {frozenset({"[EMS:EXP-1]"}): 6}
    assert set(entries_in_economic(sandbox)) == {"[EMS:EXP-1]"}
    with Ledger(ledger_path) as ledger:
        voucher = ledger.vouchers("2. Omkostninger")[0]
        receipt = ledger.receipts(voucher.key)[0]
        assert receipt.parts_sent == receipt.parts_total >= 2


def test_a_corrupt_heic_and_a_renamed_program_are_attached_by_hand_and_the_postings_booked(
        simple_profile, client, ledger, sandbox, journal):
    write_inbox(simple_profile.inbox_folder, {
        "IMG_0002.heic": heic_photo()[:200],  # cut off
        "kvittering.pdf": b"MZ\x90\x00" + bytes(400),  # a Windows program named .pdf
    })
    report = transfer(simple_profile, client, ledger)
    assert report.sent == 2
    states = {r.name: (r.state.value, r.reason) for r in report.receipts}
    assert states["IMG_0002.heic"][0] == "by-hand" and states["IMG_0002.heic"][1]
    assert states["kvittering.pdf"][0] in ("by-hand", "refused")
    assert "program" in states["kvittering.pdf"][1].lower()
    assert all(count == 0 for _, count in vouchers_with_pages(sandbox))
