"""Benchmark: normalising 100 phone photos (HEIC, 12 MP, 4032 × 3024) against just reading them.

Writes the photos to a temporary folder (a few distinct ones, made with pillow-heif and
repeated: encoding HEIC takes seconds per photo), then measures in the same run:
- read: every file read into memory (what uploading a JPEG as it is costs before the network);
- decode: every file read and decoded to pixels (the floor for any conversion of HEIC);
- normalise: every file read and `normalise`d (decode, upright, scale to 2,500 px, JPEG),
  one after another, and with the engine's receipt workers in parallel.

Run: `.venv/bin/python bench/receipts.py [--photos 100] [--distinct 4] [--workers 4]`.
Times are wall-clock on this machine; compare ratios, not seconds.
"""

from __future__ import annotations

import argparse
import io
import shutil
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import pillow_heif  # noqa: E402
from PIL import Image, ImageDraw  # noqa: E402

from wizard.export.receipt_normalise import _register_heif, normalise  # noqa: E402
from wizard.export.transfer import DEFAULT_RECEIPT_WORKERS  # noqa: E402

WIDTH, HEIGHT = 4032, 3024


def phone_photo(seed: int) -> bytes:
    """A 12 MP HEIC like an iPhone's: smooth colour, a gradient, lines of receipt text, a
    little sensor noise, EXIF orientation 6 (held upright, stored sideways)."""
    small = Image.effect_noise((WIDTH // 32, HEIGHT // 32), 50 + seed * 7)
    base = small.resize((WIDTH, HEIGHT), Image.Resampling.BICUBIC)
    grain = Image.effect_noise((WIDTH, HEIGHT), 6)
    gradient = Image.linear_gradient("L").resize((WIDTH, HEIGHT))
    picture = Image.merge("RGB", (base, gradient, Image.blend(base, grain, 0.3)))
    draw = ImageDraw.Draw(picture)
    for y in range(400, HEIGHT - 400, 48):
        draw.text((900, y), f"KVITTERING {seed:03d}  Taxa  123,45 DKK  moms 24,69", fill=0)
    exif = Image.Exif()
    exif[0x0112] = 6
    out = io.BytesIO()
    pillow_heif.from_pillow(picture).save(out, quality=80, exif=exif.tobytes(),
                                          enc_params={"preset": "ultrafast"})  # fmt: skip
    return out.getvalue()


def timed(function, paths: list[Path], workers: int = 1) -> tuple[float, int]:
    """Seconds to run `function` on every path, and the bytes it returned in total."""
    started = time.perf_counter()
    if workers == 1:
        sizes = [function(path) for path in paths]
    else:
        with ThreadPoolExecutor(workers) as pool:
            sizes = list(pool.map(function, paths))
    return time.perf_counter() - started, sum(sizes)


def read(path: Path) -> int:
    return len(path.read_bytes())


def decode(path: Path) -> int:
    with Image.open(io.BytesIO(path.read_bytes())) as picture:
        picture.load()
        return picture.width * picture.height


def convert(path: Path) -> int:
    result = normalise(path.name, path.read_bytes())
    return sum(len(part.content) for part in result.parts)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--photos", type=int, default=100)
    parser.add_argument("--distinct", type=int, default=4,
                        help="different photos made (then repeated up to --photos)")
    parser.add_argument("--workers", type=int, default=DEFAULT_RECEIPT_WORKERS)
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="acubiz-bench-receipts-"))
    try:
        started = time.perf_counter()
        photos = [phone_photo(seed) for seed in range(args.distinct)]
        paths = []
        for index in range(args.photos):
            path = work / f"IMG_{index:04d}.HEIC"
            path.write_bytes(photos[index % len(photos)])
            paths.append(path)
        made = time.perf_counter() - started
        _register_heif()  # what normalise does once per process; decode below needs it too
        convert(paths[0])  # warm up: imports, codec set-up

        read_s, read_bytes = timed(read, paths)
        decode_s, _ = timed(decode, paths)
        normalise_s, sent_bytes = timed(convert, paths)
        parallel_s, _ = timed(convert, paths, args.workers)

        print(f"photos {args.photos} ({args.distinct} distinct, made in {made:.0f} s), "
              f"HEIC {WIDTH} x {HEIGHT}, {read_bytes / len(paths) / 1e6:.1f} MB each on average")
        print(f"read:              {read_s:7.2f} s")
        print(f"read + decode:     {decode_s:7.2f} s")
        print(f"read + normalise:  {normalise_s:7.2f} s   "
              f"({normalise_s / len(paths) * 1000:.0f} ms per photo, JPEG "
              f"{sent_bytes / len(paths) / 1e6:.1f} MB each)")
        print(f"  with {args.workers} workers: {parallel_s:7.2f} s")
        print(f"ratio normalise/read: {normalise_s / read_s:.0f}   "
              f"ratio normalise/decode: {normalise_s / decode_s:.2f}   "
              f"ratio parallel/read: {parallel_s / read_s:.0f}")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
