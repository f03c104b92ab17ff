"""Benchmark: 5,000 expense lines in 1,000 vouchers with 1,000 receipts, sent to the sandbox
with 30 ms latency per request.

Prints wall time and requests made, and two ratios measured in the same run:
- against a naive exporter (one POST per line, receipts one after another, no concurrency),
  measured on a sample and scaled to the full size (it would take minutes otherwise);
- against the request floor: the requests our engine needs × latency, the POSTs and lookups
  one after another, the uploads `ECONOMIC_CONCURRENCY` at a time (what e-conomic tolerates,
  not the engine's setting: a faster engine must not lower its own bar).

The engine uploads a batch's receipts while the next batch is posted, so it can beat that
floor; a second, stricter floor is printed for information: the lookups, then the first
POST, then the longer of the other POSTs (one after another) and the uploads
(`ECONOMIC_CONCURRENCY` at a time).

It also prints the engine's own CPU time and the sandbox's (the sandbox shares the two cores
with the engine here; e-conomic would not), each per request. `--rate-limit N` makes the
sandbox answer 429 (with Retry-After) above N requests per second, to see the engine back off.

Run: `.venv/bin/python bench/transfer.py [--lines 5000] [--per-voucher 5] [--latency-ms 30]`.
Times are wall-clock on this machine; compare ratios, not seconds.
"""

from __future__ import annotations

import argparse
import base64
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from wizard.economic.client import EconomicClient  # noqa: E402
from wizard.export.engine import run_transfer  # noqa: E402
from wizard.export.ledger import Ledger  # noqa: E402
from wizard.export.transfer import DEFAULT_BATCH_SIZE, DEFAULT_RECEIPT_WORKERS  # noqa: E402
from wizard.sandbox.seed import APP_SECRET_TOKEN, GRANT_TOKEN  # noqa: E402
from wizard.settings.profiles import ExportProfile  # noqa: E402

PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5E"
    "rkJggg=="
)
ACCOUNTS = (2750, 3585, 3600, 3620, 3640)
# Parallel requests e-conomic tolerates from one agreement: it documents none (a cost-based
# token bucket since Dec 2025, size unconfirmed; reference §9.1), integrators run a handful.
# 4 is the engine's default, chosen by measurement: 8 workers were not faster on two cores.
ECONOMIC_CONCURRENCY = 4


def write_inbox(folder: Path, lines: int, per_voucher: int) -> None:
    folder.mkdir(parents=True)
    rows = ["id;report;date;text;amount;account;vat_code;contra_account;receipt"]
    for index in range(lines):
        report = index // per_voucher
        receipt = f"r{report}.png" if index % per_voucher == 0 else ""
        if receipt:
            (folder / receipt).write_bytes(PNG)
        rows.append(
            f"L{index};R{report};2026-11-{1 + index % 25:02d};Udlæg {index};"
            f"{100 + index % 900},{index % 100:02d};{ACCOUNTS[index % 5]};I25;5900;{receipt}"
        )
    (folder / "expenses.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")


class SandboxProcess:
    """The sandbox in its own process, so its CPU time does not compete with the engine's
    for this process's GIL (e-conomic does not run on the customer's PC either)."""

    def __init__(self, latency_ms: int, rate_limit: float | None = None) -> None:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.process = subprocess.Popen(
            [sys.executable, "-m", "wizard", "sandbox", "--port", str(self.port),
             "--latency-ms", str(latency_ms), "--quiet",
             *(["--rate-limit", str(rate_limit)] if rate_limit else [])],
            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        self.base_url = f"http://127.0.0.1:{self.port}"
        for _ in range(100):
            try:
                requests.get(f"{self.base_url}/__sandbox__", timeout=1)
                break
            except requests.ConnectionError:
                time.sleep(0.1)

    def admin(self, method: str, path: str, **kwargs):
        response = requests.request(method, f"{self.base_url}/__sandbox__/{path}", timeout=30,
                                    **kwargs)
        response.raise_for_status()
        return response.json() if response.content else None

    def cpu_seconds(self) -> float:
        """The sandbox process's CPU time so far (user + system; Linux /proc, else NaN)."""
        try:
            fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            return float("nan")
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)


def engine_run(server: SandboxProcess, folder: Path, batch_size: int, workers: int
               ) -> tuple[float, float]:
    """(wall seconds, engine CPU seconds) of one run; the CPU time is this process's, which
    runs nothing but the engine meanwhile (the sandbox is another process)."""
    profile = ExportProfile(name="bench", inbox_folder=folder, receipts_folder=folder,
                            journal_name="ACUBIZ EMS", input_format="simple",
                            voucher_grouping="travel_id")
    with EconomicClient(APP_SECRET_TOKEN, GRANT_TOKEN, base_url=server.base_url) as client, \
            Ledger(folder.parent / f"ledger-{uuid.uuid4().hex}.sqlite3") as ledger:
        started, cpu = time.perf_counter(), time.process_time()
        report = run_transfer(profile, client=client, ledger=ledger, settle_seconds=0,
                              batch_size=batch_size, receipt_workers=workers)
        elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    if report.status.value != "ok":
        raise SystemExit(f"engine run failed: {report.message} {report.problems}")
    return elapsed, cpu


def naive_run(server: SandboxProcess, lines: int, per_voucher: int, journal: int) -> float:
    """One POST per line, then one upload per receipt, strictly one after another."""
    with EconomicClient(APP_SECRET_TOKEN, GRANT_TOKEN, base_url=server.base_url) as client:
        started = time.perf_counter()
        for index in range(lines):
            voucher = {
                "accountingYear": {"year": "2026"}, "journal": {"journalNumber": journal},
                "entries": {"financeVouchers": [{
                    "account": {"accountNumber": ACCOUNTS[index % 5]},
                    "contraAccount": {"accountNumber": 5900}, "amount": 100.0,
                    "currency": {"code": "DKK"}, "date": "2026-11-02",
                    "text": f"naive {index}", "vatAccount": {"vatCode": "I25"},
                }]},
            }
            created = client.post_vouchers(journal, [voucher], f"naive-{uuid.uuid4().hex}")
            if index % per_voucher == 0:
                client.upload_attachment(journal, "2026", created[0].voucher_number, "r.png",
                                         PNG, f"naive-{uuid.uuid4().hex}")
        return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=5000)
    parser.add_argument("--per-voucher", type=int, default=5)
    parser.add_argument("--latency-ms", type=int, default=30)
    parser.add_argument("--batch-size", type=int, default=DEFAULT_BATCH_SIZE)
    parser.add_argument("--workers", type=int, default=DEFAULT_RECEIPT_WORKERS)
    parser.add_argument("--rate-limit", type=float, default=None,
                        help="sandbox answers 429 above this many requests per second")
    parser.add_argument("--naive-sample", type=int, default=250,
                        help="lines the naive exporter sends; its time is scaled up")
    args = parser.parse_args()

    vouchers = -(-args.lines // args.per_voucher)
    work = Path(tempfile.mkdtemp(prefix="acubiz-bench-"))
    try:
        server = SandboxProcess(args.latency_ms, args.rate_limit)
        try:
            journal = server.admin("POST", "journals", json={"name": "ACUBIZ EMS"})
            journal = journal["journalNumber"]
            write_inbox(work / "inbox", args.lines, args.per_voucher)
            server.admin("DELETE", "requests")
            sandbox_cpu = server.cpu_seconds()
            ours, engine_cpu = engine_run(server, work / "inbox", args.batch_size, args.workers)
            sandbox_cpu = server.cpu_seconds() - sandbox_cpu
            log = server.admin("GET", "requests")
            requests_made = len(log)
            throttled = sum(1 for entry in log if entry.get("status") == 429)

            sample = min(args.naive_sample, args.lines)
            naive = naive_run(server, sample, args.per_voucher, journal) * args.lines / sample
            naive_requests = args.lines + vouchers
        finally:
            server.stop()

        latency = args.latency_ms / 1000
        posts = -(-vouchers // args.batch_size)
        lookups = requests_made - posts - vouchers
        lookups -= throttled  # a 429 answered is not a request the engine needs
        floor = (posts + lookups) * latency + vouchers * latency / ECONOMIC_CONCURRENCY
        overlapped = (lookups + min(posts, 1)) * latency + max(
            (posts - 1) * latency, vouchers * latency / ECONOMIC_CONCURRENCY)
        print(f"lines {args.lines}, vouchers {vouchers}, receipts {vouchers}, "
              f"latency {args.latency_ms} ms, batch {args.batch_size}, workers {args.workers}")
        print(f"engine:        {ours:7.2f} s   {requests_made} requests"
              f"{f' ({throttled} answered 429)' if throttled else ''}")
        print(f"CPU:           engine {engine_cpu:5.2f} s ({engine_cpu / requests_made * 1000:.1f}"
              f" ms per request), sandbox {sandbox_cpu:5.2f} s"
              f" ({sandbox_cpu / requests_made * 1000:.1f} ms per request), 2 cores shared")
        print(f"naive (scaled): {naive:7.2f} s   {naive_requests} requests "
              f"(measured on {sample} lines)")
        print(f"request floor: {floor:7.2f} s   ({posts} POSTs + {lookups} lookups sequential, "
              f"{vouchers} uploads / {ECONOMIC_CONCURRENCY} at a time)")
        print(f"overlapped floor: {overlapped:5.2f} s   (uploads beside the POSTs;"
              f" ratio {ours / overlapped:.2f}, for information)")
        print(f"ratio engine/naive: {ours / naive:.3f}   ratio engine/floor: {ours / floor:.2f}")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
