"""Run one transfer in a child process (so a test can kill it at a crash point).

Usage: python child_transfer.py BASE_URL INBOX LEDGER [IMPORT_FOLDER]
With IMPORT_FOLDER the profile writes import files there instead of using the API.
"""

from __future__ import annotations

import sys
from pathlib import Path

from wizard.economic.client import EconomicClient
from wizard.export.engine import run_transfer
from wizard.export.ledger import Ledger
from wizard.sandbox.seed import APP_SECRET_TOKEN, GRANT_TOKEN
from wizard.settings.profiles import ExportProfile


def main() -> int:
    base_url, inbox, ledger_path = sys.argv[1:4]
    import_folder = Path(sys.argv[4]) if len(sys.argv) > 4 else None
    profile = ExportProfile(
        use_api_export=import_folder is None, import_file_folder=import_folder,
        name="2. Omkostninger", inbox_folder=Path(inbox), receipts_folder=Path(inbox),
        journal_name="ACUBIZ EMS", department_dimension=1,
        department_map={"Administration": 1, "Salg": 2, "Udvikling": 3},
    )
    with EconomicClient(APP_SECRET_TOKEN, GRANT_TOKEN, base_url=base_url) as client, \
            Ledger(Path(ledger_path)) as ledger:
        report = run_transfer(profile, client=client, ledger=ledger, settle_seconds=0,
                              batch_size=2)
    print(report.status.value)
    return 0


if __name__ == "__main__":
    sys.exit(main())
