"""Benchmark: `acubiz-export setup` against a bare PySide6 QWizard with the same page count.

Both start as real processes on the same X display, one after the other, `--runs` times each
(alternating, so a busy moment hurts both alike). Two times are taken from process start:
- **mapped**: the program's first top-level window is mapped (an X `MapNotify` on the root
  window, read by this process as it arrives; the window is ours by its `_NET_WM_PID`);
- **interactive**: the window answers a `_NET_WM_PING` sent right after it was mapped. Qt
  answers the ping from its event loop, so the answer comes only once the first page is built,
  shown and the program is ready for the admin's first click.
It prints the median of each and the ratio product / bare. Goal: ≤ 1.3×. It also prints the
processor time each program used until it answered (user + system, from the kernel when the
process ends): on a shared machine the wall-clock times swing with the other work, the
processor time much less, so it tells a real change from a busy moment.

Both run with compiled bytecode, as an installed program does (pip and PyInstaller compile
it): a cache folder of this run (`PYTHONPYCACHEPREFIX`), filled before the first start, even
where PYTHONDONTWRITEBYTECODE is set. Without it every start of the product would compile its
modules again and the bare program (one small file) would not.

The product runs with fresh XDG folders (no export yet: the first page is Welcome), so it
does what a first start on an admin's PC does. `--lang da` measures the Danish wizard.

Needs an X display; without DISPLAY it runs itself inside `tools/desktop-session.sh` (Xvfb +
tray host + D-Bus + gnome-keyring). Linux/X11 only (libX11 through ctypes).

Run: `.venv/bin/python bench/wizard_start.py [--runs 7] [--lang en|da]`.
"""

from __future__ import annotations

import argparse
import ctypes
import ctypes.util
import os
import shutil
import statistics
import subprocess
import sys
import sysconfig
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAGES = 7  # SetupWizard: Welcome, App, Connect, Journal, Profile, Accounts, Summary

BARE_WIZARD = f"""
import sys
from PySide6.QtWidgets import QApplication, QLabel, QVBoxLayout, QWizard, QWizardPage
app = QApplication(sys.argv)
wizard = QWizard()
wizard.setWindowTitle("bare wizard")
for number in range({PAGES}):
    page = QWizardPage()
    page.setTitle(f"Page {{number + 1}}")
    layout = QVBoxLayout(page)
    layout.addWidget(QLabel("Some text on this page."))
    wizard.addPage(page)
wizard.resize(760, 580)
wizard.show()
sys.exit(app.exec())
"""

# Xlib constants (X.h)
STRUCTURE_NOTIFY_MASK = 1 << 17  # Qt sends its ping answers to the root with this mask
SUBSTRUCTURE_NOTIFY_MASK = 1 << 19
MAP_NOTIFY = 19
CLIENT_MESSAGE = 33
NO_EVENT_MASK = 0


class XClientMessageEvent(ctypes.Structure):
    _fields_ = [
        ("type", ctypes.c_int),
        ("serial", ctypes.c_ulong),
        ("send_event", ctypes.c_int),
        ("display", ctypes.c_void_p),
        ("window", ctypes.c_ulong),
        ("message_type", ctypes.c_ulong),
        ("format", ctypes.c_int),
        ("data", ctypes.c_long * 5),
    ]


class XMapEvent(ctypes.Structure):
    _fields_ = [
        ("type", ctypes.c_int),
        ("serial", ctypes.c_ulong),
        ("send_event", ctypes.c_int),
        ("display", ctypes.c_void_p),
        ("event", ctypes.c_ulong),
        ("window", ctypes.c_ulong),
        ("override_redirect", ctypes.c_int),
    ]


class XEvent(ctypes.Union):
    _fields_ = [
        ("type", ctypes.c_int),
        ("xclient", XClientMessageEvent),
        ("xmap", XMapEvent),
        ("pad", ctypes.c_long * 24),
    ]


class X11Watch:
    """Watches the root window for map events and pings windows, through plain libX11."""

    def __init__(self) -> None:
        self.x = ctypes.cdll.LoadLibrary(ctypes.util.find_library("X11") or "libX11.so.6")
        self.x.XOpenDisplay.restype = ctypes.c_void_p
        self.x.XOpenDisplay.argtypes = [ctypes.c_char_p]
        self.x.XDefaultRootWindow.restype = ctypes.c_ulong
        self.x.XDefaultRootWindow.argtypes = [ctypes.c_void_p]
        self.x.XInternAtom.restype = ctypes.c_ulong
        self.x.XInternAtom.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int]
        self.x.XSelectInput.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.c_long]
        self.x.XPending.argtypes = [ctypes.c_void_p]
        self.x.XNextEvent.argtypes = [ctypes.c_void_p, ctypes.POINTER(XEvent)]
        self.x.XSendEvent.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.c_int,
                                      ctypes.c_long, ctypes.POINTER(XEvent)]
        self.x.XFlush.argtypes = [ctypes.c_void_p]
        self.x.XGetWindowProperty.argtypes = [
            ctypes.c_void_p, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_long, ctypes.c_long,
            ctypes.c_int, ctypes.c_ulong, ctypes.POINTER(ctypes.c_ulong),
            ctypes.POINTER(ctypes.c_int), ctypes.POINTER(ctypes.c_ulong),
            ctypes.POINTER(ctypes.c_ulong), ctypes.POINTER(ctypes.c_void_p),
        ]
        self.x.XFree.argtypes = [ctypes.c_void_p]
        self.display = self.x.XOpenDisplay(None)
        if not self.display:
            raise SystemExit("cannot open the X display")
        self.root = self.x.XDefaultRootWindow(self.display)
        self.wm_protocols = self.x.XInternAtom(self.display, b"WM_PROTOCOLS", 0)
        self.ping = self.x.XInternAtom(self.display, b"_NET_WM_PING", 0)
        self.pid_atom = self.x.XInternAtom(self.display, b"_NET_WM_PID", 0)
        self.x.XSelectInput(self.display, self.root,
                           SUBSTRUCTURE_NOTIFY_MASK | STRUCTURE_NOTIFY_MASK)
        self.x.XFlush(self.display)

    def drain(self) -> None:
        event = XEvent()
        while self.x.XPending(self.display):
            self.x.XNextEvent(self.display, ctypes.byref(event))

    def next_event(self, deadline: float) -> XEvent | None:
        event = XEvent()
        while time.monotonic() < deadline:
            if self.x.XPending(self.display):
                self.x.XNextEvent(self.display, ctypes.byref(event))
                return event
            time.sleep(0.001)
        return None

    def window_pid(self, window: int) -> int | None:
        actual_type, actual_format = ctypes.c_ulong(), ctypes.c_int()
        items, after, data = ctypes.c_ulong(), ctypes.c_ulong(), ctypes.c_void_p()
        status = self.x.XGetWindowProperty(
            self.display, window, self.pid_atom, 0, 1, 0, 0, ctypes.byref(actual_type),
            ctypes.byref(actual_format), ctypes.byref(items), ctypes.byref(after),
            ctypes.byref(data),
        )
        if status != 0 or not data.value:
            return None
        try:
            return ctypes.cast(data, ctypes.POINTER(ctypes.c_ulong))[0] if items.value else None
        finally:
            self.x.XFree(data)

    def send_ping(self, window: int, stamp: int) -> None:
        event = XEvent()
        event.xclient.type = CLIENT_MESSAGE
        event.xclient.window = window
        event.xclient.message_type = self.wm_protocols
        event.xclient.format = 32
        event.xclient.data[0] = self.ping
        event.xclient.data[1] = stamp
        event.xclient.data[2] = window
        self.x.XSendEvent(self.display, window, 0, NO_EVENT_MASK, ctypes.byref(event))
        self.x.XFlush(self.display)

    def measure(self, command: list[str], env: dict[str, str], timeout: float = 60.0
                ) -> tuple[float, float, float]:
        """(seconds to mapped, seconds to interactive, processor seconds used by then) of one
        start of `command`."""
        self.drain()
        started = time.monotonic()
        process = subprocess.Popen(command, env=env, cwd=ROOT, stdout=subprocess.DEVNULL,
                                   stderr=subprocess.PIPE)
        deadline = started + timeout
        try:
            window, mapped = 0, 0.0
            while not window:
                event = self.next_event(deadline)
                if event is None:
                    raise SystemExit(f"{command} mapped no window: {self._stderr(process)}")
                if (event.type == MAP_NOTIFY and not event.xmap.override_redirect
                        and self.window_pid(event.xmap.window) == process.pid):
                    window, mapped = event.xmap.window, time.monotonic()
            stamp = int(time.monotonic() * 1000) & 0xFFFFFFFF
            self.send_ping(window, stamp)
            while True:
                event = self.next_event(deadline)
                if event is None:
                    raise SystemExit(f"{command} never answered a ping")
                client = event.xclient
                if (event.type == CLIENT_MESSAGE and client.message_type == self.wm_protocols
                        and client.data[0] == self.ping and client.data[2] == window):
                    answered = time.monotonic() - started
                    return mapped - started, answered, self._processor_time(process)
        finally:
            process.kill()
            process.wait()

    @staticmethod
    def _processor_time(process: subprocess.Popen) -> float:
        """Kill `process` at once and return the processor time it used (user + system)."""
        process.kill()
        _, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)  # reaped: Popen must not wait
        return usage.ru_utime + usage.ru_stime

    @staticmethod
    def _stderr(process: subprocess.Popen) -> str:
        process.kill()
        return (process.communicate()[1] or b"").decode(errors="replace")[-2000:]


def isolated_env(work: Path) -> dict[str, str]:
    """Fresh config/data/cache folders: the wizard starts as on a PC that has no export yet."""
    env = dict(os.environ)
    for name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
        folder = work / name.lower()
        folder.mkdir(parents=True, exist_ok=True)
        env[name] = str(folder)
    env.pop("QT_QPA_PLATFORM", None)
    # Bytecode as installed: compiled once into this run's cache folder (see the docstring).
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(work / "pycache")
    purelib = sysconfig.get_paths()["purelib"]
    subprocess.run([sys.executable, "-m", "compileall", "-q", "-j", "0", str(ROOT / "wizard"),
                    purelib], env=env, check=False, stdout=subprocess.DEVNULL)
    return env


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="starts of each program")
    parser.add_argument("--lang", choices=("en", "da"), help="the wizard's language")
    args = parser.parse_args()
    if not os.environ.get("DISPLAY"):
        session = ROOT / "tools" / "desktop-session.sh"
        print("No DISPLAY: running inside tools/desktop-session.sh", flush=True)
        return subprocess.call(["sh", str(session), sys.executable, *sys.argv])

    work = Path(tempfile.mkdtemp(prefix="wizard-bench-"))
    try:
        env = isolated_env(work)
        bare_script = work / "bare_wizard.py"
        bare_script.write_text(BARE_WIZARD, encoding="utf-8")
        product = [sys.executable, "-m", "wizard", "setup"]
        if args.lang:
            product += ["--lang", args.lang]
        bare = [sys.executable, str(bare_script)]
        watch = X11Watch()
        # One unmeasured start of each fills the file cache and builds the Danish .qm once.
        watch.measure(product, env)
        watch.measure(bare, env)
        times: dict[str, list[tuple[float, float, float]]] = {"product": [], "bare": []}
        for _ in range(args.runs):
            times["product"].append(watch.measure(product, env))
            times["bare"].append(watch.measure(bare, env))
    finally:
        shutil.rmtree(work, ignore_errors=True)

    def median(name: str, index: int) -> float:
        return statistics.median(run[index] for run in times[name])

    print(f"wizard start, {args.runs} runs each (median), same display, "
          f"language {args.lang or 'default'}")
    print(f"{'':26}{'setup':>10}{'bare QWizard':>14}{'ratio':>8}")
    for label, index in (("window mapped (s)", 0), ("first page interactive (s)", 1),
                         ("processor time (s)", 2)):
        ours, theirs = median("product", index), median("bare", index)
        print(f"{label:26}{ours:>10.3f}{theirs:>14.3f}{ours / theirs:>7.2f}×")
    spread = [f"{run[0]:.2f}" for run in times["product"]]
    print(f"setup mapped, each run (s): {' '.join(spread)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
