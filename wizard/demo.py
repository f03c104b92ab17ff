"""`acubiz-export demo`: try the whole flow offline against the built-in e-conomic sandbox.

Starts the sandbox in the background (state kept in the user's data folder, so what a newcomer
does survives a restart), puts a copy of the demo Acubiz files into a "Acubiz demo inbox"
folder in the user's Documents, and opens the setup wizard pointed at both. The sandbox plays
the accountant's part too: it already has the "ACUBIZ EMS" journal the admin would create in
e-conomic. Without a display the addresses are printed and the sandbox keeps running.

On a machine without a usable password store (a fresh Linux box, a container) the demo keeps
the SANDBOX's tokens in its own file, `wizard.settings.demo_tokens`, which refuses every token
for an address that is not on this computer; real tokens still go only to the OS keyring.

Ctrl+C ends the demo at any moment: while the wizard is open, a SIGINT handler ends Qt's event
loops (a timer wakes the interpreter so the handler runs at once, not at the next Qt event);
the sandbox then stops with the `with` block.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import socket
import sys
import time
from pathlib import Path
from typing import Any

import platformdirs

DEFAULT_PORT = 8765
DEMO_INBOX_NAME = "Acubiz demo inbox"
DEMO_JOURNAL = "ACUBIZ EMS"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--port", type=int, default=DEFAULT_PORT,
        help=f"port for the sandbox on 127.0.0.1 (default {DEFAULT_PORT}; a free one if taken)",
    )  # fmt: skip


def run(args: argparse.Namespace) -> int:
    from wizard.commands.cli_words import command
    from wizard.sandbox.seed import APP_SECRET_TOKEN
    from wizard.sandbox.server import SandboxServer
    from wizard.ui.setup.command import display_available

    data_dir = platformdirs.user_data_path("acubiz-export") / "demo-sandbox"
    data_dir.mkdir(parents=True, exist_ok=True)
    port = args.port if _port_is_free(args.port) else 0
    with SandboxServer(port=port, data_dir=data_dir).start() as server:
        _ensure_demo_journal(server)
        inbox = prepare_demo_inbox()
        token_store = choose_token_store(data_dir)
        wizard_command = f"{command()} setup --sandbox {server.base_url}"
        print("The e-conomic sandbox is running (a local stand-in for e-conomic).")
        print(f"  API base URL:      {server.base_url}")
        print(f"  Add-app page:      {server.add_app_url}")
        print(f"  App secret token:  {APP_SECRET_TOKEN}")
        print(f"  Sandbox data:      {data_dir}")
        print(f"  Demo inbox:        {inbox}")
        print(f"  Tokens kept in:    {token_store}")
        print(f"  Setup wizard:      {wizard_command}", flush=True)
        if display_available():
            print("Opening the setup wizard… (Ctrl+C closes it and stops the demo)", flush=True)
            outcome = _run_wizard(sandbox_url=server.base_url, inbox=inbox)
            if outcome == "interrupted":
                print("Stopped: the wizard was closed and the sandbox stopped.")
                return 130
            if outcome == "finished":
                print("Setup finished. The sandbox keeps running, so the exporter can reach it.")
            else:
                print(
                    "Setup was cancelled, so no exporter was set up. The sandbox keeps running;"
                    f" open the wizard again with: {wizard_command}"
                )
        else:
            print(
                "No display is available, so the setup wizard cannot open here. Open the "
                "add-app page in a browser, click 'Add app' and copy the token it shows."
            )
        print("Press Ctrl+C to stop the sandbox.", flush=True)
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            print("Sandbox stopped.")
    return 0


def choose_token_store(data_dir: Path) -> str:
    """Where the demo's tokens will go, said for the admin: the OS password store when one
    works here; otherwise the demo's own sandbox-only file, switched on for this process and
    the processes it starts (the wizard's tray) through its environment variable."""
    from wizard.settings.demo_tokens import DEMO_TOKEN_FILE_ENV, FILE_NAME
    from wizard.settings.secrets import backend_name, os_store_problem

    problem = os_store_problem()
    if problem is None:
        return f"the password store ({backend_name()})"
    path = data_dir / FILE_NAME
    os.environ[DEMO_TOKEN_FILE_ENV] = str(path)
    return (
        f"{path}\n                     DEMO ONLY, because this machine has no usable password"
        f" store ({problem.title}): the sandbox's tokens go to this file, which refuses every"
        " address that is not on this computer. Real e-conomic tokens are kept only in a"
        " password store."
    )


def _run_wizard(*, sandbox_url: str, inbox: Path) -> str:
    """"finished", "cancelled" or "interrupted" (Ctrl+C while the wizard was open)."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from wizard.ui.setup.command import open_wizard

    app = QApplication.instance() or QApplication(sys.argv[:1])
    interrupted: list[int] = []

    def on_ctrl_c(_signum: int, _frame: Any) -> None:
        interrupted.append(_signum)
        app.exit(130)  # leaves every running event loop, the wizard's exec() included

    previous = signal.signal(signal.SIGINT, on_ctrl_c)
    # Python runs a signal handler only between bytecodes: while Qt waits in C++ for events
    # that would be never (the "13 s nothing"). A short timer gives it those moments.
    wake = QTimer(app)
    wake.timeout.connect(lambda: None)
    wake.start(200)
    try:
        finished = open_wizard(sandbox_url=sandbox_url, inbox=inbox) == 0
    finally:
        wake.stop()
        signal.signal(signal.SIGINT, previous)
    if interrupted:
        return "interrupted"
    return "finished" if finished else "cancelled"


def prepare_demo_inbox() -> Path:
    """A copy of the demo Acubiz files the admin may play with; an existing copy is kept."""
    from wizard.ui.paths import demo_inbox_dir

    try:
        target = platformdirs.user_documents_path() / DEMO_INBOX_NAME
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError:
        target = platformdirs.user_data_path("acubiz-export") / DEMO_INBOX_NAME
    if not target.exists():
        shutil.copytree(demo_inbox_dir(), target)
    return target


def _ensure_demo_journal(server) -> None:
    """The journal an admin creates in e-conomic before setting up; here the demo does it."""
    if any(row["name"] == DEMO_JOURNAL for row in server.store.journals()):
        return
    server.admin.create_journal(
        DEMO_JOURNAL, "financeVoucher", minimum_voucher_number=900000,
        maximum_voucher_number=999999,
    )  # fmt: skip


def _port_is_free(port: int) -> bool:
    with socket.socket() as probe:
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True
