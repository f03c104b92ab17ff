"""Property: whatever inbox real life produces — the same id in several files, the same file
twice, a later file that changes a posting, runs before and after, a ledger that is lost in
between — e-conomic gets at most one posting per marker, and no distinct posting is lost: a
posting whose every copy says the same thing is booked once, with that amount; one whose
copies disagree is held (never booked on a guess) and named to the admin."""

from __future__ import annotations

import shutil
import tempfile
from decimal import Decimal
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wizard.export.engine import run_transfer
from wizard.export.identity import Copy, Known, Outcome, decide
from wizard.export.ledger import Ledger
from wizard.export.report import LineState
from wizard.settings.profiles import ExportProfile

from .test_engine_exactly_once import SIMPLE_HEADER, entries_in_economic

IDS = [f"EXP-{n}" for n in range(1, 7)]
AMOUNTS = [Decimal("11.00"), Decimal("22.00"), Decimal("-5.50")]

# A file: a few (id, amount) rows; an inbox: a few files, possibly repeated under new names.
ROW = st.tuples(st.sampled_from(IDS), st.sampled_from(AMOUNTS))
FILE = st.lists(ROW, min_size=1, max_size=4, unique_by=lambda row: row[0])


@settings(max_examples=30, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    runs=st.lists(st.lists(FILE, min_size=1, max_size=3), min_size=1, max_size=3),
    repeat_first=st.booleans(),
    lose_ledger=st.booleans(),
)
def test_at_most_one_posting_per_marker_and_no_lost_distinct_posting(
        sandbox, client, runs, repeat_first, lose_ledger):
    sandbox.admin.reset()
    sandbox.admin.create_journal(name="ACUBIZ EMS")
    workdir = Path(tempfile.mkdtemp(prefix="acubiz-identity-"))
    try:
        inbox = workdir / "inbox"
        inbox.mkdir()
        profile = ExportProfile(name="P", inbox_folder=inbox, input_format="simple",
                                journal_name="ACUBIZ EMS", attach_receipts=False)
        versions: dict[str, set[Decimal]] = {}
        written = 0
        ledger_path = workdir / "ledger.sqlite3"
        for number, files in enumerate(runs):
            for rows in files + ([files[0]] if repeat_first and number == 0 else []):
                written += 1
                (inbox / f"f{written:03}.csv").write_text(
                    "\n".join([SIMPLE_HEADER] + [
                        f"{line_id};2026-11-20;Udlæg;{str(amount).replace('.', ',')};3640;;5900"
                        for line_id, amount in rows
                    ]) + "\n", encoding="utf-8")
                for line_id, amount in rows:
                    versions.setdefault(line_id, set()).add(amount)
            if lose_ledger and number == len(runs) - 1 and ledger_path.exists():
                ledger_path.unlink()
                for side in workdir.glob("ledger.sqlite3-*"):
                    side.unlink()
            with Ledger(ledger_path) as ledger:
                report = run_transfer(profile, client=client, ledger=ledger, settle_seconds=0)
            assert report.status.value != "error", report.problems

        booked = entries_in_economic(sandbox)
        assert all(len(amounts) == 1 for amounts in booked.values()), booked
        for line_id, amounts in versions.items():
            marker = f"[EMS:{line_id}]"
            if marker in booked:
                # What was booked is one of the versions the admin's files said.
                assert booked[marker][0] in amounts
        # Every id that never had two versions at once is booked (nothing silently forgotten).
        conflicted = _conflicting_ids(runs, repeat_first)
        for line_id, amounts in versions.items():
            if line_id not in conflicted:
                assert f"[EMS:{line_id}]" in booked, (line_id, amounts, booked)
        # And whatever is not booked is visibly held in the last report.
        held = {line.line_id for f in report.files for line in f.lines
                if line.state is LineState.HELD}
        for line_id in versions:
            if f"[EMS:{line_id}]" not in booked:
                assert line_id in held or _still_in_inbox(inbox, line_id)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def _conflicting_ids(runs, repeat_first) -> set[str]:
    """Ids whose first run with them already showed two amounts (then nothing is booked on a
    guess); ids that only change after being booked are conflicts too, but already booked."""
    booked_once: set[str] = set()
    conflicted: set[str] = set()
    for files in runs:
        seen: dict[str, set[Decimal]] = {}
        for rows in files:
            for line_id, amount in rows:
                seen.setdefault(line_id, set()).add(amount)
        for line_id, amounts in seen.items():
            if line_id in booked_once:
                continue
            if len(amounts) > 1 or line_id in conflicted:
                conflicted.add(line_id)
            else:
                booked_once.add(line_id)
    return conflicted


def _still_in_inbox(inbox: Path, line_id: str) -> bool:
    return any(f"{line_id};" in path.read_text(encoding="utf-8")
               for path in inbox.glob("*.csv"))


# -- the rules themselves, without e-conomic ---------------------------------------------------


COPY = st.builds(
    lambda marker, fingerprint, order: Copy(marker=marker, order=order, file=f"f{order}",
                                            line=1, fingerprint=fingerprint),
    st.sampled_from(["[EMS:A]", "[EMS:B]"]), st.sampled_from(["x", "y", None]),
    st.integers(min_value=0, max_value=10**6),
)


@settings(max_examples=300)
@given(copies=st.lists(COPY, max_size=8, unique_by=lambda copy: copy.order),
       in_economic=st.booleans(), held_before=st.sampled_from([frozenset(), frozenset({"x"})]))
def test_decide_sends_at_most_one_copy_per_marker(copies, in_economic, held_before):
    known = {"[EMS:A]": Known(in_economic=in_economic, sent_fingerprint="x" if in_economic
                              else None, held_before=held_before)}
    decisions = decide(copies, known)
    assert len(decisions) == len(copies)
    for marker in ("[EMS:A]", "[EMS:B]"):
        sends = [d for d in decisions if d.copy.marker == marker and d.outcome is Outcome.SEND]
        assert len(sends) <= 1
        if marker == "[EMS:A]" and in_economic:
            assert not sends
        mine = [d for d in decisions if d.copy.marker == marker]
        readable = {d.copy.fingerprint for d in mine if d.copy.fingerprint is not None}
        if len(readable) == 1 and not (marker == "[EMS:A]" and in_economic):
            assert len(sends) == 1  # one content: nothing is forgotten
