"""'Send again': a sent line posted a second time only on purpose, under its own marker."""

from __future__ import annotations

from wizard.export.engine import run_transfer, send_again
from wizard.export.report import LineState, RunStatus

from .test_engine_faults import markers_in_economic


def test_a_sent_line_can_be_sent_again_on_purpose_and_only_then(profile, client, ledger, sandbox,
                                                                journal):
    first = run_transfer(profile, client=client, ledger=ledger, settle_seconds=0)
    assert first.status is RunStatus.OK
    again = send_again(profile, "1000001-1", client=client, ledger=ledger)
    assert again.status is RunStatus.OK, again.problems
    (result,) = again.files
    (line,) = result.lines
    assert line.line_id == "1000001-1+2" and line.state is LineState.SENT
    counts = markers_in_economic(sandbox)
    assert counts["[EMS:1000001-1]"] == 1
    assert counts["[EMS:1000001-1+2]"] == 1
    # a normal run afterwards sends nothing more
    assert run_transfer(profile, client=client, ledger=ledger,
                        settle_seconds=0).status is RunStatus.NOTHING_TO_SEND
    third = send_again(profile, "1000001-1", client=client, ledger=ledger)
    assert third.files[0].lines[0].line_id == "1000001-1+3"


def test_a_line_that_was_never_sent_cannot_be_sent_again(profile, client, ledger, sandbox,
                                                         journal):
    report = send_again(profile, "1000001-1", client=client, ledger=ledger)
    assert report.status is RunStatus.ATTENTION
    assert "Only a sent line" in report.problems[0].title
    assert markers_in_economic(sandbox) == {}
