"""Benchmark: one 100,000-line expense file, sent to the sandbox (no added latency).

Prints the transfer's wall time and the peak memory (max RSS) of the process that ran it, and
ratios against a baseline measured in the same run: a process that only reads the same file
with Python's csv module and converts every amount to Decimal (the least any exporter must
do). Both run in fresh child processes so their memory is their own.

Run: `.venv/bin/python bench/large_file.py [--lines 100000] [--per-voucher 1]`.
Times are wall-clock on this machine; compare ratios, not seconds.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from transfer import ACCOUNTS, SandboxProcess  # noqa: E402

ENGINE = """
import json, resource, sys, time
from pathlib import Path
from wizard.economic.client import EconomicClient
from wizard.export.engine import run_transfer
from wizard.export.ledger import Ledger
from wizard.sandbox.seed import APP_SECRET_TOKEN, GRANT_TOKEN
from wizard.settings.profiles import ExportProfile
base, folder = sys.argv[1], Path(sys.argv[2])
profile = ExportProfile(name="bench", inbox_folder=folder, journal_name="ACUBIZ EMS",
                        input_format="simple", attach_receipts=False)
with EconomicClient(APP_SECRET_TOKEN, GRANT_TOKEN, base_url=base) as client, \\
        Ledger(folder.parent / "ledger.sqlite3") as ledger:
    started = time.perf_counter()
    report = run_transfer(profile, client=client, ledger=ledger, settle_seconds=0)
    elapsed = time.perf_counter() - started
print(json.dumps({"seconds": elapsed, "status": report.status.value, "sent": report.sent,
                  "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""

BASELINE = """
import csv, json, resource, sys, time
from decimal import Decimal
started = time.perf_counter()
total = Decimal(0)
with open(sys.argv[1], encoding="utf-8", newline="") as stream:
    reader = csv.reader(stream, delimiter=";")
    next(reader)
    for row in reader:
        total += Decimal(row[4].replace(",", "."))
print(json.dumps({"seconds": time.perf_counter() - started,
                  "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def write_file(path: Path, lines: int, per_voucher: int) -> None:
    path.parent.mkdir(parents=True)
    with open(path, "w", encoding="utf-8", newline="\n") as stream:
        stream.write("id;report;date;text;amount;account;vat_code;contra_account\n")
        for index in range(lines):
            stream.write(
                f"L{index};R{index // per_voucher};2026-11-{1 + index % 25:02d};Udlæg {index};"
                f"{100 + index % 900},{index % 100:02d};{ACCOUNTS[index % 5]};I25;5900\n"
            )


def child(code: str, *args: str) -> dict:
    result = subprocess.run([sys.executable, "-c", code, *args], cwd=ROOT,
                            capture_output=True, text=True, check=True)
    return json.loads(result.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=100_000)
    parser.add_argument("--per-voucher", type=int, default=1)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="acubiz-large-"))
    try:
        path = work / "inbox" / "expenses.csv"
        write_file(path, args.lines, args.per_voucher)
        size = path.stat().st_size
        baseline = child(BASELINE, str(path))
        server = SandboxProcess(0)
        try:
            server.admin("POST", "journals", json={"name": "ACUBIZ EMS"})
            started = time.perf_counter()
            ours = child(ENGINE, server.base_url, str(path.parent))
            wall = time.perf_counter() - started
        finally:
            server.stop()
        if ours["status"] != "ok" or ours["sent"] != args.lines:
            raise SystemExit(f"the transfer did not send everything: {ours}")
        print(f"lines {args.lines}, vouchers {-(-args.lines // args.per_voucher)},"
              f" file {size / 1e6:.1f} MB")
        print(f"engine:   {ours['seconds']:8.1f} s  peak {ours['rss_mb']:6.0f} MB"
              f"  (child process {wall:.1f} s)")
        print(f"baseline: {baseline['seconds']:8.2f} s  peak {baseline['rss_mb']:6.0f} MB"
              "  (csv + Decimal only)")
        print(f"ratio time engine/baseline: {ours['seconds'] / baseline['seconds']:.0f}"
              f"   ratio memory engine/baseline: {ours['rss_mb'] / baseline['rss_mb']:.1f}")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
