"""Named points where a test can make the process die on the spot, as a power cut would.

The exactly-once promise is about what happens when the process is killed between any two
steps; tests prove it by running a transfer in a child process with
``ACUBIZ_EXPORT_CRASH_AT=<point>`` and then running again. In normal use the variable is
unset and each call is one dictionary lookup.
"""

from __future__ import annotations

import os

ENV = "ACUBIZ_EXPORT_CRASH_AT"
POINTS = (
    "batch-frozen",  # batch committed to the ledger, POST not sent
    "batch-posted",  # e-conomic created the vouchers, the ledger does not know yet
    "batch-settled",  # ledger says sent, receipts and file moves not done
    "receipt-frozen",  # page count committed, upload not sent
    "receipt-uploaded",  # upload done, ledger not updated
    "before-move",  # everything sent, files still in the inbox
)


def crashpoint(name: str) -> None:
    """Die here (exit status 137, like SIGKILL) when the test asked for this point."""
    if os.environ.get(ENV) == name:
        os._exit(137)
