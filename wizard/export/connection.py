"""What a connection check found out about one export's link to e-conomic (no Qt, no I/O).

Why its own small module: the child worker that checks (`wizard.commands.worker check`)
writes it as JSON and the tray reads it back and shows it; both import it from here, below
them, so the worker needs nothing of the UI and the tray loads no HTTP stack to know the type.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum


class ConnectionState(StrEnum):
    UNKNOWN = "unknown"  # not checked yet
    CONNECTED = "connected"
    NOT_CONNECTED = "not-connected"  # no token stored, or e-conomic said 401
    UNREACHABLE = "unreachable"  # the check could not reach e-conomic (says nothing)


@dataclass(frozen=True)
class Connection:
    state: ConnectionState = ConnectionState.UNKNOWN
    company: str = ""
    agreement_number: int | None = None
    checked_at: dt.datetime | None = None
    # Whether a grant token is stored (then e-conomic refused it: "connect again"), or none
    # is (never connected here: "connect it"); None when the check did not say.
    had_token: bool | None = None
