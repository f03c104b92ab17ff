"""`acubiz-export demo`: try the whole flow offline against the built-in e-conomic sandbox.

Starts the sandbox in the background (state kept in the user's data folder, so what a newcomer
does survives a restart), puts a copy of the demo Acubiz files into a "Acubiz demo inbox"
folder in the user's Documents, and opens the setup wizard pointed at both. The sandbox plays
the accountant's part too: it already has the "ACUBIZ EMS" journal the admin would create in
e-conomic. Without a display the addresses are printed and the sandbox keeps running.
"""

from __future__ import annotations

import argparse
import shutil
import socket
import time
from pathlib import Path

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
    from wizard.sandbox.seed import APP_SECRET_TOKEN
    from wizard.sandbox.server import SandboxServer
    from wizard.ui.setup_command import display_available

    data_dir = platformdirs.user_data_path("acubiz-export") / "demo-sandbox"
    data_dir.mkdir(parents=True, exist_ok=True)
    port = args.port if _port_is_free(args.port) else 0
    with SandboxServer(port=port, data_dir=data_dir).start() as server:
        _ensure_demo_journal(server)
        inbox = prepare_demo_inbox()
        print("The e-conomic sandbox is running (a local stand-in for e-conomic).")
        print(f"  API base URL:      {server.base_url}")
        print(f"  Add-app page:      {server.add_app_url}")
        print(f"  App secret token:  {APP_SECRET_TOKEN}")
        print(f"  Sandbox data:      {data_dir}")
        print(f"  Demo inbox:        {inbox}")
        print(f"  Setup wizard:      acubiz-export setup --sandbox {server.base_url}", flush=True)
        if display_available():
            from wizard.ui.setup_command import open_wizard

            print("Opening the setup wizard…", flush=True)
            open_wizard(sandbox_url=server.base_url, inbox=inbox)
            print("The sandbox keeps running, so the exporter can reach it.")
        else:
            print(
                "No display is available, so the setup wizard cannot open here. Open the "
                "add-app page in a browser, click 'Add app' and copy the token it shows."
            )
        print("Press Ctrl+C to stop.", flush=True)
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            print("Sandbox stopped.")
    return 0


def prepare_demo_inbox() -> Path:
    """A copy of the demo Acubiz files the admin may play with; an existing copy is kept."""
    from wizard.ui.setup.paths import demo_inbox_dir

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
