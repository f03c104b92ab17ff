"""Benchmark: the idle tray exporter against a bare PySide6 tray-icon program, same display.

First it times each start until ready (`--starts` alternating starts, one program at a time,
medians). Then it starts both as real processes side by side: `python -m wizard tray` with
one scheduled export (connected to a local sandbox, its daily time hours away, so it idles as
it would all day) and a minimal program with only a QSystemTrayIcon and a QMenu. After a
warm-up it measures, over `--seconds` (default 60), each process's CPU time (user + system,
from /proc) and its resident memory at the end, and prints both and the ratios. Goals: ready
≤ 1.5× and RSS ≤ 1.3× the bare program, idle CPU time close to zero.

Both run with compiled bytecode, as an installed program does (pip and PyInstaller compile
it): a cache folder of this run (`PYTHONPYCACHEPREFIX`), filled before the first start, even
where PYTHONDONTWRITEBYTECODE is set. Without it every start of the product would compile
its modules again and the bare program (one small file) would not.

Needs an X display with a tray host and a keyring; without DISPLAY it runs itself inside
`tools/desktop-session.sh` (Xvfb + trayer + D-Bus + gnome-keyring). Linux only (/proc).

Run: `.venv/bin/python bench/tray_idle.py [--seconds 60] [--warmup 5]`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CLOCK_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100

BARE_TRAY = """
import sys
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMenu, QSystemTrayIcon
app = QApplication(sys.argv)
app.setQuitOnLastWindowClosed(False)
menu = QMenu()
for text in ("Transfer now", "History...", "Settings...", "Quit"):
    menu.addAction(text)
tray = QSystemTrayIcon(QIcon(sys.argv[1]))
tray.setContextMenu(menu)
tray.setToolTip("bare tray")
tray.show()
print("ready", flush=True)
app.exec()
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60.0, help="idle time measured")
    parser.add_argument("--warmup", type=float, default=5.0, help="settle time after start")
    parser.add_argument("--starts", type=int, default=5, help="starts of each for time to ready")
    args = parser.parse_args()
    if not os.environ.get("DISPLAY"):
        session = ROOT / "tools" / "desktop-session.sh"
        print("No DISPLAY: running inside tools/desktop-session.sh", flush=True)
        return subprocess.call(["sh", str(session), sys.executable, *sys.argv])
    if not Path("/proc/self/stat").exists():
        print("This benchmark reads /proc: Linux only.", file=sys.stderr)
        return 2

    work = Path(tempfile.mkdtemp(prefix="tray-bench-"))
    env = isolated_env(work)
    os.environ.update({k: env[k] for k in env if k.startswith("XDG_")})
    sys.path.insert(0, str(ROOT))
    from wizard.sandbox.server import SandboxServer

    sandbox = SandboxServer(port=0).start()
    processes: list[subprocess.Popen] = []
    try:
        setup_profile(work, sandbox)
        bare_script = work / "bare_tray.py"
        bare_script.write_text(BARE_TRAY, encoding="utf-8")
        icon = ROOT / "resources" / "icons" / "tray-ok.svg"

        product_command = [sys.executable, "-m", "wizard", "tray"]
        bare_command = [sys.executable, str(bare_script), str(icon)]
        # Time to ready: alternating starts, one program at a time (a start that overlaps the
        # other's would measure the other too); the median of each.
        product_times, bare_times = [], []
        for _ in range(args.starts):
            bare_times.append(time_to_ready(bare_command, "ready", env))
            product_times.append(time_to_ready(product_command, "is running.", env))
        product_up, bare_up = statistics.median(product_times), statistics.median(bare_times)

        # The pair that idles side by side.
        product = spawn(product_command, env, processes)
        wait_for(product, "is running.")
        bare = spawn(bare_command, env, processes)
        wait_for(bare, "ready")

        time.sleep(args.warmup)
        cpu0 = {p.pid: cpu_seconds(p.pid) for p in (product, bare)}
        start_rss = {p.pid: rss_mb(p.pid) for p in (product, bare)}
        time.sleep(args.seconds)
        cpu = {p.pid: cpu_seconds(p.pid) - cpu0[p.pid] for p in (product, bare)}
        rss = {p.pid: rss_mb(p.pid) for p in (product, bare)}
        for process in (product, bare):
            if process.poll() is not None:
                print(f"process {process.args} died (exit {process.returncode})")
                return 1
    finally:
        for process in processes:
            process.kill()
            process.wait()
        sandbox.stop()
        shutil.rmtree(work, ignore_errors=True)

    p, b = product.pid, bare.pid
    print(f"idle {args.seconds:.0f} s after {args.warmup:.0f} s warm-up, same display")
    print(f"{'':28}{'tray exporter':>15}{'bare tray':>12}{'ratio':>8}")
    print(f"{'ready after (s, median)':28}{product_up:>15.2f}{bare_up:>12.2f}"
          f"{ratio(product_up, bare_up):>8}")
    print(f"{'RSS after warm-up (MB)':28}{start_rss[p]:>15.1f}{start_rss[b]:>12.1f}"
          f"{ratio(start_rss[p], start_rss[b]):>8}")
    print(f"{'RSS at the end (MB)':28}{rss[p]:>15.1f}{rss[b]:>12.1f}{ratio(rss[p], rss[b]):>8}")
    print(f"{'CPU while idle (ms)':28}{cpu[p] * 1000:>15.0f}{cpu[b] * 1000:>12.0f}"
          f"{ratio(cpu[p], cpu[b]):>8}")
    print(f"{'CPU while idle (% of a core)':28}{cpu[p] / args.seconds * 100:>15.3f}"
          f"{cpu[b] / args.seconds * 100:>12.3f}")
    return 0


def isolated_env(work: Path) -> dict[str, str]:
    env = dict(os.environ)
    for name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
        folder = work / name.lower()
        folder.mkdir(parents=True)
        env[name] = str(folder)
    env.pop("QT_QPA_PLATFORM", None)
    # Bytecode as installed: compiled once into this run's cache folder (see the docstring).
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(work / "pycache")
    subprocess.run([sys.executable, "-m", "compileall", "-q", "-j", "0", str(ROOT / "wizard"),
                    *site_packages()], env=env, check=False, stdout=subprocess.DEVNULL)
    return env


def site_packages() -> list[str]:
    import sysconfig

    return [sysconfig.get_paths()["purelib"]]


def setup_profile(work: Path, sandbox) -> None:
    """One scheduled export, connected, whose daily time is hours away (so nothing runs)."""
    from zoneinfo import ZoneInfo

    from wizard.sandbox.seed import APP_SECRET_TOKEN, GRANT_TOKEN
    from wizard.settings.profiles import ExportProfile
    from wizard.settings.secrets import store_app_secret, store_grant_token
    from wizard.settings.store import upsert_profile

    sandbox.admin.create_journal(name="ACUBIZ EMS")
    inbox = work / "inbox"
    inbox.mkdir()
    later = dt.datetime.now(ZoneInfo("Europe/Copenhagen")) + dt.timedelta(hours=12)
    profile = ExportProfile(name="Bench", inbox_folder=inbox, api_base_url=sandbox.base_url,
                            daily_time=later.strftime("%H:%M"))
    store_grant_token(profile.name, GRANT_TOKEN)
    store_app_secret(APP_SECRET_TOKEN, sandbox.base_url)
    upsert_profile(profile)


def time_to_ready(command: list[str], text: str, env: dict[str, str]) -> float:
    """Seconds from start until `command` prints `text`; the process is ended after."""
    started = time.monotonic()
    process = spawn(command, env, [])
    try:
        return wait_for(process, text) - started
    finally:
        process.kill()
        process.wait()
        time.sleep(0.3)  # let its tray icon go before the next start


def spawn(command: list[str], env: dict[str, str], into: list) -> subprocess.Popen:
    process = subprocess.Popen(command, env=env, cwd=ROOT, text=True, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT)
    into.append(process)
    return process


def wait_for(process: subprocess.Popen, text: str, timeout: float = 30.0) -> float:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if text in line:
            return time.monotonic()
        if not line and process.poll() is not None:
            break
    raise SystemExit(f"{process.args} did not print {text!r}")


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    utime, stime = int(fields[11]), int(fields[12])  # fields 14 and 15 of stat(5)
    return (utime + stime) / CLOCK_TICKS


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def ratio(a: float, b: float) -> str:
    return f"{a / b:.2f}×" if b > 0 else "—"


if __name__ == "__main__":
    sys.exit(main())
