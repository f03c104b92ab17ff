"""Reading e-conomic's side back in tests: which `[EMS:<id>]` markers the sandbox holds, and
how often (each must be there exactly once)."""

from __future__ import annotations

from collections import Counter

import requests

from wizard.export.markers import find_marker
from wizard.sandbox.seed import APP_SECRET_TOKEN, GRANT_TOKEN

HEADERS = {"X-AppSecretToken": APP_SECRET_TOKEN, "X-AgreementGrantToken": GRANT_TOKEN}


def markers_in_economic(base_url: str, grant: str = GRANT_TOKEN) -> Counter:
    """Every marker in every journal's drafts and every year's booked entries, counted."""
    found: Counter = Counter()
    headers = {**HEADERS, "X-AgreementGrantToken": grant}
    journals = requests.get(f"{base_url}/journals?pagesize=1000", headers=headers,
                            timeout=10).json()["collection"]
    urls = [f"{base_url}/journals/{j['journalNumber']}/entries" for j in journals]
    urls += [f"{base_url}/accounting-years/{year}/entries" for year in ("2025", "2026")]
    for url in urls:
        items = requests.get(f"{url}?pagesize=1000", headers=headers, timeout=10).json()
        for entry in items["collection"]:
            marker = find_marker(entry.get("text", ""))
            if marker and entry.get("entryType", "financeVoucher") == "financeVoucher":
                found[marker] += 1
    return found
