"""The journal guard rail as a table of cases: which choices get a warning, and why."""

from __future__ import annotations

from pathlib import Path

import pytest

from wizard.economic.models import Journal
from wizard.settings.profiles import ExportProfile
from wizard.ui.setup.journal_rules import JournalRisk, JournalWarning, journal_warnings

SITE = "http://127.0.0.1:8765"
MAIN = Journal(number=1, name="Kassekladde", minimum_voucher_number=1,
               maximum_voucher_number=99999)  # fmt: skip
OWN = Journal(number=2, name="ACUBIZ EMS", minimum_voucher_number=900000,
              maximum_voucher_number=999999)  # fmt: skip
FROM_ONE = Journal(number=3, name="Udlæg", minimum_voucher_number=1)  # no upper limit
OPEN_TOP = Journal(number=4, name="Rejser", minimum_voucher_number=950000)  # overlaps OWN
DAILY = Journal(number=5, name=" cash journal ", minimum_voucher_number=500000,
                maximum_voucher_number=599999)  # fmt: skip


def export(name: str, number: int | None, site: str | None = SITE, journal_name: str = "x"):
    return ExportProfile(name=name, inbox_folder=Path("/in") / name, journal_number=number,
                         journal_name=journal_name, api_base_url=site)  # fmt: skip


CASES = [
    # (chosen, journals, exports, editing) -> warnings
    ("own series, alone", OWN, [MAIN, OWN], [], None, ()),
    ("the company's main journal", MAIN, [MAIN, OWN], [], None,
     (JournalWarning(JournalRisk.MAIN_JOURNAL),)),
    ("named like the main journal", DAILY, [MAIN, DAILY], [], None,
     (JournalWarning(JournalRisk.MAIN_JOURNAL),)),
    ("a series from 1 overlaps the main journal", FROM_ONE, [MAIN, OWN, FROM_ONE], [], None,
     (JournalWarning(JournalRisk.OVERLAP, ("Kassekladde", "ACUBIZ EMS")),)),
    ("no upper limit overlaps a later series", OPEN_TOP, [MAIN, OWN, OPEN_TOP], [], None,
     (JournalWarning(JournalRisk.OVERLAP, ("ACUBIZ EMS",)),)),
    ("another export on the same journal", OWN, [MAIN, OWN], [export("1. Kørsel", 2)], None,
     (JournalWarning(JournalRisk.SHARED_WITH_EXPORT, ("1. Kørsel",)),)),
    ("the export being edited does not count", OWN, [OWN], [export("Udlæg", 2)], "Udlæg", ()),
    ("an export on another e-conomic does not count", OWN, [OWN],
     [export("Other", 2, site="https://restapi.e-conomic.com")], None, ()),
    ("an export known by the journal's name only", OWN, [OWN],
     [export("Old", None, journal_name="ACUBIZ EMS")], None,
     (JournalWarning(JournalRisk.SHARED_WITH_EXPORT, ("Old",)),)),
    ("another journal of another export is fine", OWN, [OWN], [export("1. Kørsel", 7)], None,
     ()),
    ("everything at once, in the page's order", MAIN, [MAIN, FROM_ONE],
     [export("A", 1), export("B", 1)], None,
     (JournalWarning(JournalRisk.MAIN_JOURNAL),
      JournalWarning(JournalRisk.OVERLAP, ("Udlæg",)),
      JournalWarning(JournalRisk.SHARED_WITH_EXPORT, ("A", "B")))),
]  # fmt: skip


@pytest.mark.parametrize(
    ("chosen", "journals", "exports", "editing", "expected"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_journal_warnings(chosen, journals, exports, editing, expected):
    assert journal_warnings(chosen, journals, exports, editing=editing,
                            api_base_url=SITE + "/") == expected  # fmt: skip
