"""Property: whatever sequence of faults e-conomic throws at a run, and however long the
program waits before the next run, every expense ends up there exactly once."""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wizard.export.engine import run_transfer
from wizard.export.ledger import Ledger
from wizard.settings.profiles import ExportProfile

from .conftest import DEMO_INBOX
from .test_engine_faults import assert_exactly_once

FAULT = st.tuples(
    st.sampled_from(["drop", "500", "502", "503", "504", "429"]),
    st.integers(min_value=1, max_value=4),  # the client tries 3 times: 3+ means "unknown"
    st.sampled_from(["/journals/", "/journals/2/vouchers", "/accounts"]),  # posts, lookups
)


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    faults=st.lists(FAULT, min_size=1, max_size=4),
    hours_between_runs=st.lists(st.sampled_from([0, 0, 2]), min_size=3, max_size=3),
    batch_size=st.sampled_from([1, 2, 50]),
)
def test_no_expense_is_lost_or_doubled_whatever_the_faults(sandbox, client, faults,
                                                           hours_between_runs, batch_size):
    sandbox.admin.reset()
    sandbox.admin.create_journal(name="ACUBIZ EMS")
    workdir = Path(tempfile.mkdtemp(prefix="acubiz-property-"))
    try:
        inbox = workdir / "inbox"
        shutil.copytree(DEMO_INBOX, inbox)
        profile = ExportProfile(
            name="P", inbox_folder=inbox, receipts_folder=inbox, journal_name="ACUBIZ EMS",
            department_dimension=1,
            department_map={"Administration": 1, "Salg": 2, "Udvikling": 3},
        )
        for kind, count, path in faults:
            sandbox.admin.queue_fault(kind=kind, count=count, method=None, path=path,
                                      retry_after=0)
        offset = dt.timedelta()
        with Ledger(workdir / "ledger.sqlite3") as ledger:
            # the faulty run, then calm runs (some after e-conomic forgot the keys)
            for hours in [0, *hours_between_runs]:
                offset += dt.timedelta(hours=hours)
                run_transfer(profile, client=client, ledger=ledger, settle_seconds=0,
                             batch_size=batch_size,
                             now=lambda o=offset: dt.datetime.now(dt.UTC) + o)
                sandbox.admin.clear_fault_queue()
        assert_exactly_once(sandbox, inbox)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
