"""Real-life input end to end: refunds, broken quotes, cut-off lines, huge fields, other
encodings, control characters, absurd amounts. Each ends as a posting sent once with the right
amount, a held posting with its reason, or a rejected file — never a traceback, never a
guess, and never holding back another posting or file."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest

from wizard.export.report import FileState, LineState, RunStatus

from .test_engine_exactly_once import (
    SIMPLE_HEADER,
    acubiz_file,
    entries_in_economic,
    transfer,
    write_simple,
)


@pytest.fixture
def simple_profile(profile, tmp_path):
    folder = tmp_path / "simple"
    folder.mkdir()
    return replace(profile, inbox_folder=folder, receipts_folder=folder, input_format="simple",
                   department_dimension=None, department_map={})


@pytest.fixture
def acubiz_profile(profile, tmp_path):
    folder = tmp_path / "acubiz"
    folder.mkdir()
    return replace(profile, inbox_folder=folder, receipts_folder=folder)


def texts_in_economic(sandbox) -> list[str]:
    import requests

    from wizard.export.markers import find_marker

    from .test_engine_exactly_once import HEADERS

    journals = requests.get(f"{sandbox.base_url}/journals?pagesize=1000", headers=HEADERS,
                            timeout=10).json()["collection"]
    texts = []
    for journal in journals:
        url = f"{sandbox.base_url}/journals/{journal['journalNumber']}/entries?pagesize=1000"
        for entry in requests.get(url, headers=HEADERS, timeout=10).json()["collection"]:
            if find_marker(entry.get("text", "")):
                texts.append(entry["text"])
    return texts


# -- refunds ---------------------------------------------------------------------------------


def test_a_refund_is_sent_with_the_rest_of_its_file_and_a_re_export_is_already_sent(
        acubiz_profile, client, ledger, sandbox, journal):
    inbox = acubiz_profile.inbox_folder
    postings = [(f"1000{n:03}-1", "07-03-2026", f"{100 + n},00") for n in range(19)]
    postings.insert(10, ("1000999-9", "07-03-2026", "-373,16"))  # money back from the hotel
    content = acubiz_file(inbox / "EMS_EA-20260308-160000.csv", postings).read_bytes()
    first = transfer(acubiz_profile, client, ledger)
    assert first.status is RunStatus.OK, first.problems
    assert first.sent == 20
    booked = entries_in_economic(sandbox)
    assert booked["[EMS:1000999-9]"] == [Decimal("-373.16")]
    assert len(booked) == 20 and all(len(amounts) == 1 for amounts in booked.values())

    (inbox / "EMS_EA-20260309-160000.csv").write_bytes(content)  # Acubiz exports it again
    again = transfer(acubiz_profile, client, ledger)
    assert again.status is RunStatus.OK, again.problems
    assert {line.state for f in again.files for line in f.lines} == {LineState.ALREADY_SENT}
    assert entries_in_economic(sandbox) == booked


@pytest.mark.parametrize("contra_first", [False, True])
def test_a_refund_in_either_line_order_posts_a_negative_expense(acubiz_profile, client, ledger,
                                                                sandbox, journal, contra_first):
    inbox = acubiz_profile.inbox_folder
    path = acubiz_file(inbox / "EMS_EA-20260310-160000.csv",
                       [("1000002-9", "07-03-2026", "-373,16")])
    if contra_first:  # the contra line first, then the expense line with VAT and TravelID
        first, second = path.read_bytes().split(b"\r\n")[:2]
        path.write_bytes(second.replace(b"1;", b"2;", 1) + b"\r\n"
                         + first.replace(b"2;", b"1;", 1) + b"\r\n")
    report = transfer(acubiz_profile, client, ledger)
    assert report.status is RunStatus.OK, report.problems
    assert entries_in_economic(sandbox) == {"[EMS:1000002-9]": [Decimal("-373.16")]}


def test_a_refund_in_the_simple_format_is_a_negative_amount(simple_profile, client, ledger,
                                                            sandbox, journal):
    write_simple(simple_profile.inbox_folder, "a.csv", [
        "EXP-1;2026-11-20;Hotel;1245,00;2750;I25;5900",
        "EXP-2;2026-11-21;Refusion fra hotel;-373,16;2750;I25;5900",
    ])
    report = transfer(simple_profile, client, ledger)
    assert report.status is RunStatus.OK, report.problems
    assert entries_in_economic(sandbox) == {"[EMS:EXP-1]": [Decimal("1245.00")],
                                            "[EMS:EXP-2]": [Decimal("-373.16")]}


# -- broken files hold their lines, never the rest ---------------------------------------------


def test_an_unclosed_quote_never_swallows_the_next_lines(simple_profile, client, ledger, sandbox,
                                                         journal):
    inbox = simple_profile.inbox_folder
    (inbox / "a.csv").write_text(
        SIMPLE_HEADER + "\n"
        '"EXP-1;2026-11-20;Taxi;100,00;3640;;5900\n'
        "EXP-2;2026-11-20;Tog;200,00;3640;;5900\n"
        "EXP-3;2026-11-20;Bus;300,00;3640;;5900\n", encoding="utf-8")
    report = transfer(simple_profile, client, ledger)
    assert report.status is not RunStatus.ERROR, report.problems
    for text in texts_in_economic(sandbox):
        assert "Tog" not in text or "Taxi" not in text  # no line swallowed into another
    booked = entries_in_economic(sandbox)
    assert booked.get("[EMS:EXP-2]", [Decimal("200.00")]) == [Decimal("200.00")]
    assert booked.get("[EMS:EXP-3]", [Decimal("300.00")]) == [Decimal("300.00")]
    states = {line.line_id: line.state for f in report.files for line in f.lines}
    assert any(state is LineState.HELD for state in states.values())
    for marker in ("[EMS:EXP-2]", "[EMS:EXP-3]"):
        assert marker in booked or any(state is LineState.HELD for state in states.values())


def test_a_cut_off_last_line_is_held_not_posted_short(simple_profile, client, ledger, sandbox,
                                                      journal):
    inbox = simple_profile.inbox_folder
    (inbox / "a.csv").write_bytes((
        SIMPLE_HEADER + "\n"
        "EXP-1;2026-11-20;Taxi;100,00;3640;;5900\n"
        "EXP-2;2026-11-20;Tog;12").encode("utf-8"))  # the writer stopped mid-amount
    report = transfer(simple_profile, client, ledger)
    booked = entries_in_economic(sandbox)
    assert "[EMS:EXP-2]" not in booked
    assert booked == {"[EMS:EXP-1]": [Decimal("100.00")]}
    held = [line for f in report.files for line in f.lines if line.state is LineState.HELD]
    assert len(held) == 1 and "line break" in held[0].reason


@pytest.mark.parametrize("form", ["simple", "acubiz"])
def test_a_huge_field_holds_its_line_and_the_good_file_beside_it_goes(
        simple_profile, acubiz_profile, client, ledger, sandbox, journal, form):
    huge = "x" * 140_000
    if form == "simple":
        profile = simple_profile
        write_simple(profile.inbox_folder, "a.csv", [
            f"EXP-1;2026-11-20;{huge};100,00;3640;;5900",
            "EXP-2;2026-11-20;Tog;200,00;3640;;5900",
        ])
        write_simple(profile.inbox_folder, "b.csv", ["EXP-3;2026-11-20;Bus;300,00;3640;;5900"])
        good = {"[EMS:EXP-2]", "[EMS:EXP-3]"}
    else:
        profile = acubiz_profile
        path = acubiz_file(profile.inbox_folder / "EMS_EA-20261120-160000.csv",
                           [("1000001-1", "20-11-2026", "100,00"),
                            ("1000002-1", "20-11-2026", "200,00")])
        path.write_bytes(path.read_bytes().replace(b";Taxa;", f";{huge};".encode(), 1))
        acubiz_file(profile.inbox_folder / "EMS_EA-20261121-160000.csv",
                    [("1000003-1", "21-11-2026", "300,00")])
        good = {"[EMS:1000002-1]", "[EMS:1000003-1]"}
    report = transfer(profile, client, ledger)
    assert report.status is not RunStatus.ERROR, report.problems
    assert set(entries_in_economic(sandbox)) == good
    assert report.count(LineState.HELD) == 1


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-32"])
def test_a_utf16_or_utf32_file_is_read_not_misread(simple_profile, client, ledger, sandbox,
                                                   journal, encoding):
    text = SIMPLE_HEADER + "\n" + "EXP-1;2026-11-20;Kørsel Århus;100,00;3640;;5900\n"
    (simple_profile.inbox_folder / "a.csv").write_bytes(text.encode(encoding))
    report = transfer(simple_profile, client, ledger)
    booked = entries_in_economic(sandbox)
    if booked:
        assert booked == {"[EMS:EXP-1]": [Decimal("100.00")]}
        assert any("Kørsel Århus" in text for text in texts_in_economic(sandbox))
    else:  # refused: then the encoding is named
        file = report.files[0]
        assert file.state is FileState.REJECTED
        assert "UTF" in " ".join(line.reason or "" for line in file.lines)


def test_mixed_encodings_never_post_garbled_text(simple_profile, client, ledger, sandbox,
                                                 journal):
    rows = [
        "EXP-1;2026-11-20;Kørsel Århus;100,00;3640;;5900".encode(),
        "EXP-2;2026-11-20;Kørsel Vejle;200,00;3640;;5900".encode("cp1252"),
        b"EXP-3;2026-11-20;Taxi;300,00;3640;;5900",
    ]
    (simple_profile.inbox_folder / "a.csv").write_bytes(
        SIMPLE_HEADER.encode() + b"\n" + b"\n".join(rows) + b"\n")
    report = transfer(simple_profile, client, ledger)
    assert report.status is not RunStatus.ERROR
    for text in texts_in_economic(sandbox):
        assert "Ã" not in text and "\ufffd" not in text
    assert "[EMS:EXP-3]" in entries_in_economic(sandbox)


def test_control_characters_are_never_sent(simple_profile, client, ledger, sandbox, journal):
    write_simple(simple_profile.inbox_folder, "a.csv", [
        "EXP-1;2026-11-20;Taxi\x00 til\x07 kunde\x1b[31m \u202eevil \U0001F695;100,00;3640;;5900",
    ])
    report = transfer(simple_profile, client, ledger)
    assert report.status is not RunStatus.ERROR
    for text in texts_in_economic(sandbox):
        assert not any(ord(c) < 32 or c in "\u202e\x7f" for c in text), repr(text)


def test_an_absurd_amount_is_held_and_never_sent_as_a_float(simple_profile, client, ledger,
                                                            sandbox, journal):
    write_simple(simple_profile.inbox_folder, "a.csv", [
        "EXP-1;2026-11-20;Taxi;123456789012345678,91;3640;;5900",
        "EXP-2;2026-11-20;Tog;200,00;3640;;5900",
    ])
    report = transfer(simple_profile, client, ledger)
    assert entries_in_economic(sandbox) == {"[EMS:EXP-2]": [Decimal("200.00")]}
    held = [line for f in report.files for line in f.lines if line.state is LineState.HELD]
    assert [line.line_id for line in held] == ["EXP-1"]
    assert "e+" not in (held[0].reason or "")


def test_a_text_one_character_too_long_names_the_limit(simple_profile, client, ledger, sandbox,
                                                       journal):
    write_simple(simple_profile.inbox_folder, "a.csv", [
        "EXP-1;2026-11-20;" + "x" * 251 + ";100,00;3640;;5900"])
    report = transfer(simple_profile, client, ledger)
    held = report.files[0].lines[0]
    assert held.state is LineState.HELD
    assert "250" in held.reason


def test_a_line_held_by_its_file_goes_once_acubiz_exports_it_corrected(
        acubiz_profile, client, ledger, sandbox, journal):
    inbox = acubiz_profile.inbox_folder
    old = acubiz_file(inbox / "EMS_EA-20261120-160000.csv",
                      [("1000001-1", "20-11-2026", "100,00"),
                       ("1000002-1", "31-11-2026", "200,00")])  # no 31 November
    first = transfer(acubiz_profile, client, ledger)
    assert first.sent == 1 and first.count(LineState.HELD) == 1
    assert (inbox / (old.name + ".errors.txt")).exists()
    acubiz_file(inbox / "EMS_EA-20261121-160000.csv",
                [("1000001-1", "20-11-2026", "100,00"),
                 ("1000002-1", "30-11-2026", "200,00")])
    second = transfer(acubiz_profile, client, ledger)
    assert second.status is RunStatus.OK, second.problems
    states = {(f.file, line.line_id): line.state for f in second.files for line in f.lines}
    assert states[(old.name, "1000002-1")] is LineState.REPLACED
    assert states[("EMS_EA-20261121-160000.csv", "1000002-1")] is LineState.SENT
    assert states[("EMS_EA-20261121-160000.csv", "1000001-1")] is LineState.ALREADY_SENT
    assert entries_in_economic(sandbox) == {"[EMS:1000001-1]": [Decimal("100.00")],
                                            "[EMS:1000002-1]": [Decimal("200.00")]}
    assert not list(inbox.glob("*.csv")) and not list(inbox.glob("*.errors.txt"))
