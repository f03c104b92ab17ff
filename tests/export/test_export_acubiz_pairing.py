"""Acubiz postings are paired by position, not by sign: refunds in either order, a missing line
that holds only its own posting, and never a pair made up by guessing."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wizard.export.formats.acubiz import COLUMNS, FIELD_COUNT
from wizard.export.source import read_file
from wizard.settings.profiles import ExportProfile

NAME = "EMS_EA-20260307-160000.csv"


@pytest.fixture
def inbox(tmp_path):
    folder = tmp_path / "Costs"
    folder.mkdir()
    return folder


@pytest.fixture
def profile(inbox):
    return ExportProfile(name="Omkostninger", inbox_folder=inbox, department_dimension=1)


def expense_line(**values: str) -> list[str]:
    row = [""] * FIELD_COUNT
    defaults = {"date": "07-03-2026", "transaction_type": "f", "currency": "DKK",
                "currency_used": "DKK"}
    for name, value in {**defaults, **values}.items():
        row[COLUMNS[name] - 1] = value
    return row


def contra_line(**values: str) -> list[str]:
    return expense_line(**values)


def write(inbox: Path, rows: list[list[str]], name: str = NAME) -> Path:
    lines = [";".join([str(number), *row[1:]]) for number, row in enumerate(rows, 1)]
    path = inbox / name
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("cp1252"))
    return path


def refund_rows() -> tuple[list[str], list[str]]:
    """The refund of the brief: the expense line negative, its contra line positive."""
    expense = expense_line(
        account="2760", amount="-373,16", amount_used="-50,00", currency_used="EUR",
        text="Refusion fra hotel", vat_code="I25", dimension_1="Salg", initials="MJ",
        travel_id="1000002-9", receipts="R1000002-9.pdf",
    )
    contra = contra_line(
        account="7000", amount="373,16", amount_used="50,00", currency_used="EUR",
        text="Refusion fra hotel",
    )
    return expense, contra


@pytest.mark.parametrize("order", ["expense line first", "contra line first"])
def test_a_refund_is_one_line_with_a_negative_amount_in_either_order(inbox, profile, order):
    expense, contra = refund_rows()
    ordinary = [
        expense_line(account="3640", amount="212,00", text="Taxa", travel_id="1000001-1",
                     vat_code="I25"),
        contra_line(account="5900", amount="-212,00", text="Taxa"),
    ]
    rows = ordinary + ([expense, contra] if order == "expense line first" else [contra, expense])
    parsed = read_file(write(inbox, rows), profile)
    assert (parsed.problems, parsed.held) == ([], [])
    taxi, refund = parsed.lines
    assert (taxi.amount, taxi.account, taxi.contra_account) == (Decimal("212.00"), 3640, 5900)
    assert refund.line_id == "1000002-9"
    assert refund.amount == Decimal("-373.16")  # the expense line's amount, with its sign
    assert (refund.account, refund.contra_account) == (2760, 7000)
    assert (refund.vat_code, refund.department, refund.employee) == ("I25", "Salg", "MJ")
    assert refund.receipts == (inbox / "R1000002-9.pdf",)
    assert (refund.amount_used, refund.currency_used) == (Decimal("-50.00"), "EUR")
    assert refund.source_line == (3 if order == "expense line first" else 4)


def test_when_the_columns_cannot_tell_the_first_line_is_the_expense_line(inbox, profile):
    rows = [
        expense_line(account="3640", amount="-100,00", text="Retur"),
        contra_line(account="5900", amount="100,00", text="Retur"),
    ]
    (line,) = read_file(write(inbox, rows), profile).lines
    assert (line.account, line.contra_account, line.amount) == (3640, 5900, Decimal("-100.00"))


def test_a_missing_contra_line_holds_only_its_posting(inbox, profile):
    rows = [
        expense_line(account="3640", amount="100,00", text="A", travel_id="1"),
        contra_line(account="5900", amount="-100,00", text="A"),
        expense_line(account="3640", amount="50,00", text="B", travel_id="2"),  # alone
        expense_line(account="3640", amount="70,00", text="C", travel_id="3"),
        contra_line(account="5900", amount="-70,00", text="C"),
        expense_line(account="3640", amount="30,00", text="D", travel_id="4"),
        contra_line(account="5900", amount="-30,00", text="D"),
    ]
    parsed = read_file(write(inbox, rows), profile)
    assert [line.line_id for line in parsed.lines] == ["1", "3", "4"]
    (held,) = parsed.held
    assert (held.line_id, held.source_line) == ("2", 3)
    assert "has no partner line" in held.problems[0].message


def test_a_missing_expense_line_holds_only_its_contra_line(inbox, profile):
    rows = [
        expense_line(account="3640", amount="100,00", text="A", travel_id="1"),
        contra_line(account="5900", amount="-100,00", text="A"),
        contra_line(account="5900", amount="-70,00", text="B"),  # its expense line is missing
        expense_line(account="3640", amount="70,00", text="C", travel_id="3"),
        contra_line(account="5910", amount="-70,00", text="C"),
    ]
    parsed = read_file(write(inbox, rows), profile)
    assert [(line.line_id, line.contra_account) for line in parsed.lines] == [
        ("1", 5900), ("3", 5910)  # not paired with the stray contra line before it
    ]
    (held,) = parsed.held
    assert held.source_line == 3 and held.line_id == f"{Path(NAME).stem}-L3"


def test_a_missing_line_that_cannot_be_placed_holds_both_candidates_not_a_guess(
    inbox, profile
):
    """Line 3 + 4 and line 4 + 5 both balance and the texts cannot tell: nothing is sent
    rather than a posting with the wrong contra account."""
    rows = [
        contra_line(account="5900", amount="-70,00", text="Taxa"),  # expense line missing
        expense_line(account="3640", amount="70,00", text="Taxa", travel_id="3"),
        contra_line(account="5910", amount="-70,00", text="Taxa"),
    ]
    parsed = read_file(write(inbox, rows), profile)
    assert parsed.lines == []
    assert [held.source_line for held in parsed.held] == [1, 3]
    assert "it cannot be told which two lines form the posting" in (
        parsed.held[0].problems[0].message
    )


def test_two_lines_with_different_travel_ids_are_never_one_posting(inbox, profile):
    rows = [
        expense_line(account="3640", amount="100,00", text="A", travel_id="1"),  # alone
        expense_line(account="2760", amount="-100,00", text="B", travel_id="2"),
        contra_line(account="7000", amount="100,00", text="B"),
    ]
    parsed = read_file(write(inbox, rows), profile)
    assert [(line.line_id, line.amount) for line in parsed.lines] == [("2", Decimal("-100.00"))]
    assert [(held.line_id, held.source_line) for held in parsed.held] == [("1", 1)]


def test_a_pair_that_does_not_balance_is_held_together(inbox, profile):
    rows = [
        expense_line(account="3640", amount="100,00", text="A", travel_id="1"),
        contra_line(account="5900", amount="-90,00", text="A"),
        expense_line(account="3640", amount="90,00", text="B", travel_id="2"),
        contra_line(account="5910", amount="-90,00", text="B"),
    ]
    parsed = read_file(write(inbox, rows), profile)
    assert [(line.line_id, line.contra_account) for line in parsed.lines] == [("2", 5910)]
    (held,) = parsed.held
    assert (held.line_id, held.source_line) == ("1", 1)
    assert "do not balance: line 1 has 100,00 and line 2 has -90,00" in (
        held.problems[0].message
    )
    assert "stemmer ikke: linje 1 har 100,00, og linje 2 har -90,00" in (
        held.problems[0].message_da
    )


# -- properties ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Posting:
    travel_id: str
    account: int
    contra: int
    cents: int  # the expense line's amount; negative for a refund
    text: str
    contra_first: bool

    def rows(self) -> list[list[str]]:
        amount = _danish(self.cents)
        expense = expense_line(
            account=str(self.account), amount=amount, text=self.text, travel_id=self.travel_id,
            vat_code="I25" if self.cents % 2 else "",
        )
        contra = contra_line(account=str(self.contra), amount=_danish(-self.cents), text=self.text)
        return [contra, expense] if self.contra_first else [expense, contra]


def _danish(cents: int) -> str:
    sign = "-" if cents < 0 else ""
    return f"{sign}{abs(cents) // 100},{abs(cents) % 100:02d}"


def postings(*, texts: st.SearchStrategy[str] | None, orders: st.SearchStrategy[bool],
             cents: st.SearchStrategy[int]) -> st.SearchStrategy[list[Posting]]:
    def build(draws: list[tuple[int, int, int, str, bool]]) -> list[Posting]:
        return [
            Posting(f"{1000000 + n}-1", account, contra, amount,
                    text if texts is not None else f"Udgift {n}", contra_first)
            for n, (account, contra, amount, text, contra_first) in enumerate(draws)
        ]

    one = st.tuples(
        st.sampled_from([2750, 2760, 3620, 3640]), st.sampled_from([5900, 5910, 7000]), cents,
        texts if texts is not None else st.just(""), orders,
    )
    return st.lists(one, min_size=1, max_size=12).map(build)


NONZERO_CENTS = st.integers(-99_999, 99_999).filter(bool)
FEW_CENTS = st.sampled_from([-7000, -5000, 5000, 7000])  # many equal amounts: coincidences


def assert_sent_exactly(parsed, expected: dict[str, Posting]) -> None:
    for line in parsed.lines:
        posting = expected[line.line_id]
        assert line.amount == Decimal(posting.cents) / 100, line
        assert (line.account, line.contra_account) == (posting.account, posting.contra), line
        assert line.text == posting.text


SETTINGS = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@SETTINGS
@given(postings(texts=None, orders=st.booleans(), cents=NONZERO_CENTS))
def test_every_pair_becomes_exactly_one_line_with_its_sign_and_accounts(inbox, profile, file):
    rows = [row for posting in file for row in posting.rows()]
    parsed = read_file(write(inbox, rows), profile)
    assert (parsed.problems, parsed.held) == ([], [])
    assert [line.line_id for line in parsed.lines] == [posting.travel_id for posting in file]
    assert_sent_exactly(parsed, {posting.travel_id: posting for posting in file})


@SETTINGS
@given(postings(texts=None, orders=st.just(False), cents=NONZERO_CENTS), st.data())
def test_one_missing_line_holds_exactly_its_own_posting(inbox, profile, file, data):
    rows = [row for posting in file for row in posting.rows()]
    gone = data.draw(st.integers(0, len(rows) - 1), label="missing line")
    broken = file[gone // 2]
    del rows[gone]
    parsed = read_file(write(inbox, rows), profile)
    assert parsed.problems == []
    assert [line.line_id for line in parsed.lines] == [
        posting.travel_id for posting in file if posting is not broken
    ]
    assert_sent_exactly(parsed, {posting.travel_id: posting for posting in file})
    assert len(parsed.held) == 1


@SETTINGS
@given(
    postings(texts=st.sampled_from(["Taxa", "Hotel"]), orders=st.just(False), cents=FEW_CENTS),
    st.data(),
)
def test_a_missing_line_never_sends_a_posting_with_the_wrong_accounts(
    inbox, profile, file, data
):
    """Equal texts and amounts everywhere: pairing cannot always tell which lines belong
    together, and then it holds them; it never sends a mix of two postings."""
    rows = [row for posting in file for row in posting.rows()]
    gone = data.draw(st.integers(0, len(rows) - 1), label="missing line")
    broken = file[gone // 2]
    del rows[gone]
    parsed = read_file(write(inbox, rows), profile)
    assert parsed.problems == []
    assert broken.travel_id not in {line.line_id for line in parsed.lines}
    assert_sent_exactly(parsed, {posting.travel_id: posting for posting in file})
    assert len(parsed.lines) + len(parsed.held) >= len(file) - 1
