"""`acubiz-export demo`: try the whole flow offline against the built-in e-conomic sandbox.

Until the setup wizard exists this starts the sandbox (state kept in the user's data folder, so
what a newcomer does survives a restart) and prints where to go next.
"""

from __future__ import annotations

import argparse
import socket
import time

import platformdirs

DEFAULT_PORT = 8765


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--port", type=int, default=DEFAULT_PORT,
        help=f"port for the sandbox on 127.0.0.1 (default {DEFAULT_PORT}; a free one if taken)",
    )


def run(args: argparse.Namespace) -> int:
    from wizard.sandbox.seed import APP_SECRET_TOKEN
    from wizard.sandbox.server import SandboxServer

    data_dir = platformdirs.user_data_path("acubiz-export") / "demo-sandbox"
    data_dir.mkdir(parents=True, exist_ok=True)
    port = args.port if _port_is_free(args.port) else 0
    with SandboxServer(port=port, data_dir=data_dir).start() as server:
        print("The e-conomic sandbox is running (a local stand-in for e-conomic).")
        print(f"  API base URL:      {server.base_url}")
        print(f"  Add-app page:      {server.add_app_url}")
        print(f"  App secret token:  {APP_SECRET_TOKEN}")
        print(f"  Sandbox data:      {data_dir}")
        print("Open the add-app page in a browser, click 'Add app' and copy the token it shows.")
        print("Press Ctrl+C to stop.")
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            print("Sandbox stopped.")
    return 0


def _port_is_free(port: int) -> bool:
    with socket.socket() as probe:
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True
