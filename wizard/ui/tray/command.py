"""`acubiz-export tray`: the exporter that lives in the tray and sends at the daily time.

One per user session: a second start asks the running one to show its menu (or window),
prints a line and exits 0. Qt and the rest are imported inside `run`, so `--help` and the
other commands stay fast.
"""

from __future__ import annotations

import argparse
import logging
import signal
import sys

ALREADY_RUNNING = (
    "Acubiz e-conomic Export is already running; its menu (or window) is shown there."
)
NO_DISPLAY = (
    "No display is available, so the tray cannot start. Start it from the desktop session,"
    " or send now with `acubiz-export transfer`."
)
# After the event loop: how long a transfer still running may take to reach a safe stop
# before its process is ended (the ledger reconciles whatever was on its way).
FINAL_WAIT_S = 10.0
START_DELAY_S = 20.0


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.description = (
        "Run the exporter in the system tray: it sends each export at its daily time (a time"
        " missed while the computer was off or asleep is caught up once), and speaks up only"
        " when someone must act. Without a tray it shows a small status window."
    )
    # For tests and support: how long after start the first schedule check waits (a short
    # grace after login lets the network come up before a catch-up run).
    parser.add_argument("--start-delay", type=float, default=START_DELAY_S,
                        help=argparse.SUPPRESS)
    parser.add_argument("--lang", choices=("en", "da"), default=None,
                        help="language of the menu and windows (default: the wizard's last)")
    from wizard.commands.worker import add_worker_arguments

    add_worker_arguments(parser)  # the tray's own child processes (hidden)


def run(args: argparse.Namespace) -> int:
    if getattr(args, "worker", None):  # a transfer or check the tray started: no Qt
        from wizard.commands.worker import run_worker

        return run_worker(args)
    from wizard.applog import setup_logging

    setup_logging()
    log = logging.getLogger("wizard.ui.tray")
    from wizard.ui.setup.command import display_available

    if not display_available():
        from wizard.commands.cli_words import runnable  # the command this person has

        print(runnable(NO_DISPLAY), file=sys.stderr)
        return 2
    # Ctrl+C in a terminal ends the tray at once (the ledger is safe against any stop).
    signal.signal(signal.SIGINT, signal.SIG_DFL)

    from PySide6.QtWidgets import QApplication

    from wizard.ui.i18n import use_language
    from wizard.ui.qt_workarounds import guard_none_refcount
    from wizard.ui.tray.icons import app_icon
    from wizard.ui.tray.single_instance import SHOW, SingleInstance
    from wizard.ui.tray.state import APP_TITLE

    app = QApplication.instance() or QApplication([sys.argv[0]])
    app.setApplicationName(APP_TITLE)
    app.setDesktopFileName("acubiz-export")
    app.setWindowIcon(app_icon())
    app.setQuitOnLastWindowClosed(False)  # closing History must not end the exporter
    guard_none_refcount()  # before the first thousands of Qt calls

    instance = SingleInstance()
    if not instance.acquire():
        print(ALREADY_RUNNING)
        return 0
    use_language(app, args.lang)

    from wizard.ui.tray.app import TrayApp

    try:
        tray = TrayApp(start_delay_s=max(0.0, args.start_delay))
    except Exception:
        log.exception("the tray could not start")
        instance.release()
        raise
    instance.command.connect(lambda command: tray.show_status() if command == SHOW else None)
    tray.start()
    print(f"{APP_TITLE} is running.", flush=True)
    try:
        app.exec()
    finally:
        tray.shutdown(wait_s=FINAL_WAIT_S)  # a transfer still running gets a last chance
        instance.release()
        log.info("tray stopped")
    return 0
