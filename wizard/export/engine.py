"""The one facade the CLI, the tray and the wizard drive: run a profile's transfer, ask its
status. Everything below it (source, vouchers, ledger, client) stays behind this door.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import datetime

from wizard.economic.client import EconomicClient
from wizard.export.ledger import Ledger
from wizard.export.report import RunReport
from wizard.settings.profiles import ExportProfile


def run_transfer(
    profile: ExportProfile,
    *,
    trigger: str = "manual",
    slot: str | None = None,
    dry_run: bool = False,
    ledger: Ledger | None = None,
    client: EconomicClient | None = None,
    now: Callable[[], datetime] | None = None,
    settle_seconds: float = 30.0,
    cancel: threading.Event | None = None,
) -> RunReport:
    """Send everything ready in the profile's inbox to e-conomic, exactly once.

    Never raises for anything a user can cause (bad files, revoked grant, closed year, dead
    network): the answer is in the report's status, problems and per-file/per-line results.
    ``dry_run`` validates and runs the pre-flight checks against e-conomic but posts nothing,
    moves nothing and records nothing. ``client`` defaults to one built from the profile and
    the keyring; ``ledger`` to the user's ledger file. ``cancel`` stops between vouchers (the
    request in flight finishes and is recorded).
    """
    raise NotImplementedError("the transfer engine is being built")
