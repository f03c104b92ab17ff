"""The local e-conomic sandbox as the setup screens meet it: the app tokens it is seeded with
(for `setup --sandbox URL`) and an in-process sandbox dressed for screenshots (for
`setup --render-pages`).

Why here and not in `wizard/ui`: the sandbox is a stand-in for e-conomic, and only the command
line and the demo may start it or know its seed (tests/test_layers.py). The setup screens get
what they need from here as plain values, so the product's UI never reaches into the sandbox
and a packaged build can still render its own pages.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any


def sandbox_app_tokens() -> tuple[str, str]:
    """(app public token, app secret token) of the app the sandbox is seeded with."""
    from wizard.sandbox.seed import APP_PUBLIC_TOKEN, APP_SECRET_TOKEN

    return APP_PUBLIC_TOKEN, APP_SECRET_TOKEN


class ScreenshotSandbox:
    """An in-process sandbox with the demo company, as the screenshot renderers use it
    (`wizard.ui.setup.render.StagedSandbox`)."""

    def __init__(self, server: Any) -> None:
        from wizard.sandbox.seed import GRANT_TOKEN

        self._server = server
        self.base_url: str = server.base_url
        self.app_public_token, self.app_secret_token = sandbox_app_tokens()
        self.grant_token: str = GRANT_TOKEN

    def add_journal(self, name: str) -> int:
        """A finance-voucher journal with its own number series (as the README asks the admin
        to create it); returns its number."""
        journal = self._server.admin.create_journal(
            name, "financeVoucher", minimum_voucher_number=900000,
            maximum_voucher_number=999999,
        )  # fmt: skip
        return int(journal["journalNumber"])

    def revoked_grant_token(self) -> str:
        """A grant token that existed and was revoked (the Connect page's error state)."""
        token = self._server.admin.create_grant()
        self._server.admin.revoke_grant(token)
        return token


@contextmanager
def screenshot_sandbox() -> Iterator[ScreenshotSandbox]:
    """A sandbox on a free loopback port, in memory, stopped when the block ends."""
    from wizard.sandbox.server import SandboxServer

    server = SandboxServer(port=0).start()
    try:
        yield ScreenshotSandbox(server)
    finally:
        server.stop()
