"""History as an accountant reads it: each posting's date, employee, text, amount, account and
voucher; sortable columns; "Only problems"; Details that wrap; buttons that only act when they
can; "Open folder"; the export's own clock, labelled; no internal codes; in Danish too.

The runs are real: the engine sends the demo inbox to the sandbox (account 2750 barred, one
receipt file missing, one file with a mistyped amount) and History reads the ledger. Reports
from before the posting details existed are built by hand."""

from __future__ import annotations

import datetime as dt
import os
import time

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from tray_helpers import CPH, DEMO_INBOX, PROFILE, cph

from wizard.economic.client import EconomicClient
from wizard.export.engine import run_transfer
from wizard.export.ledger import Ledger, RunRecord
from wizard.export.report import ProblemKind
from wizard.sandbox.seed import APP_SECRET_TOKEN, GRANT_TOKEN
from wizard.settings.profiles import ExportProfile
from wizard.ui.i18n import use_language
from wizard.ui.tray.history_window import (
    COL_ACCOUNT,
    COL_AMOUNT,
    COL_DATE,
    COL_DETAILS,
    COL_EMPLOYEE,
    COL_RESULT,
    COL_TEXT,
    COL_VOUCHER,
    COL_WHEN,
    HistoryWindow,
    count_words,
)

RAN_AT = cph(2026, 11, 25, 7, 47, 1)  # 06:47:01 UTC
SHOWN_AT = cph(2026, 11, 25, 9, 30)
TYPO_FILE = (  # a mistyped amount (letter O for zero): held by the reader, the rest goes
    "1;24-11-2026;f;7220;;1O4,00;DKK;1O4,00;DKK;Kørsel Vejle;Salg;;;;;;;;;MJ;Mette Jensen;"
    "1000012-1;;;2;;;;;;\n"
    "2;24-11-2026;f;5900;;-104,00;DKK;-104,00;DKK;Kørsel Vejle;;;;;;;;;;;;;;;;;;;;;\n"
)
CODES = [kind.value for kind in ProblemKind] + ["already-sent", "set-aside", "by-hand"]


@pytest.fixture
def danish(qtbot):
    app = QApplication.instance()
    assert use_language(app, "da") == "da"
    yield
    assert use_language(app, "en") == "en"


@pytest.fixture
def profile(tmp_path, sandbox):
    sandbox.admin.create_journal(name="ACUBIZ EMS")
    inbox = tmp_path / "inbox"
    import shutil

    shutil.copytree(DEMO_INBOX, inbox)
    return ExportProfile(
        name=PROFILE, inbox_folder=inbox, receipts_folder=inbox, journal_name="ACUBIZ EMS",
        department_dimension=1, department_map={"Administration": 1, "Salg": 2, "Udvikling": 3},
        api_base_url=sandbox.base_url,
    )


@pytest.fixture
def ledger(tmp_path):
    with Ledger(tmp_path / "ledger.sqlite3") as opened:
        yield opened


def transfer(profile, ledger, sandbox, at=RAN_AT, **options):
    with EconomicClient(APP_SECRET_TOKEN, GRANT_TOKEN, base_url=sandbox.base_url) as client:
        return run_transfer(profile, client=client, ledger=ledger, settle_seconds=0,
                            now=lambda: at.astimezone(dt.UTC), **options)


@pytest.fixture
def bad_day(profile, ledger, sandbox):
    """One scheduled run that sent some postings and held others (a barred account, a
    mistyped amount) and whose lunch receipt waits for its file."""
    sandbox.admin.bar_account(2750)
    inbox = profile.inbox_folder
    (inbox / "kvittering-frokost.png").unlink()
    (inbox / "EMS_EA-20261125-161500.csv").write_text(TYPO_FILE, encoding="cp1252")
    old = time.time() - 3600
    for path in inbox.iterdir():
        os.utime(path, (old, old))
    return transfer(profile, ledger, sandbox, trigger="scheduled", slot="2026-11-25T07:47")


@pytest.fixture
def make_history(qtbot, ledger, profile):
    opened: list[str] = []

    def make(*, open_url=None, profile_of=None, names=(PROFILE,)):
        def record(url):
            opened.append(url.toLocalFile())
            return True

        window = HistoryWindow(
            lambda name, limit: ledger.runs(name, limit), lambda: list(names),
            clock=lambda: SHOWN_AT.astimezone(dt.UTC),
            profile_of=profile_of or (lambda name: profile if name == PROFILE else None),
            open_url=open_url or record,
        )
        qtbot.addWidget(window)
        window.opened = opened
        window.show_for(PROFILE)
        return window

    return make


def rows(item):
    """Every row under `item` (depth first), with its children."""
    found = []
    for i in range(item.childCount()):
        found.append(item.child(i))
        found += rows(item.child(i))
    return found


def line_row(history, line_id):
    return next(row for row in rows(history.tree.invisibleRootItem())
                if row.text(COL_WHEN).endswith(f"· {line_id}"))


def visible_text(history):
    texts = [history.tree.headerItem().text(c) for c in range(history.tree.columnCount())]
    for row in rows(history.tree.invisibleRootItem()):
        texts += [row.text(c) for c in range(history.tree.columnCount())]
        texts += [row.toolTip(c) for c in range(history.tree.columnCount())]
    return "\n".join([*texts, history.details.toPlainText(), history.feedback.text()])


def test_each_posting_shows_date_employee_text_amount_account_and_voucher(bad_day, make_history):
    history = make_history()
    hotel = line_row(history, "1000001-1")  # held: account 2750 is barred
    assert [hotel.text(c) for c in (COL_DATE, COL_EMPLOYEE, COL_TEXT, COL_AMOUNT,
                                    COL_ACCOUNT, COL_VOUCHER)] == [
        "2026-11-23", "Mette Jensen", "Hotel Aarhus, kursus i årsafslutning", "1,245.00 DKK",
        "2750 / 5900", ""]
    assert hotel.text(COL_RESULT) == "Held: needs a fix"
    assert "2750" in hotel.text(COL_DETAILS) and "barred" in hotel.text(COL_DETAILS)
    assert hotel.toolTip(COL_ACCOUNT) == "Account 2750, contra account 5900"
    taxi = line_row(history, "1000002-2")
    assert taxi.text(COL_RESULT) == "Sent" and taxi.text(COL_VOUCHER).isdigit()
    assert taxi.text(COL_AMOUNT) == "212.00 DKK" and taxi.text(COL_EMPLOYEE) == "Peter Høj"
    berlin = line_row(history, "1000004-1")
    assert berlin.text(COL_AMOUNT) == "150.00 EUR"
    run = history.tree.topLevelItem(0)
    assert run.text(COL_AMOUNT) == "986.45 DKK"  # what this run sent

    history.tree.setCurrentItem(hotel)
    details = history.details.toPlainText()
    assert "Employee: Mette Jensen" in details and "Amount: 1,245.00 DKK" in details
    assert "Contra account: 5900" in details and "What to do: Open the account" in details
    receipt = next(row for row in rows(run) if row.text(COL_WHEN).startswith("Receipt "))
    assert receipt.text(COL_RESULT) == "Receipt waits for its file"


def test_danish_amounts_dates_and_words(danish, bad_day, make_history):
    history = make_history()
    hotel = line_row(history, "1000001-1")
    assert hotel.text(COL_DATE) == "23-11-2026"
    assert hotel.text(COL_AMOUNT) == "1.245,00 DKK"
    assert hotel.text(COL_RESULT) == "Holdt tilbage: skal rettes"
    assert hotel.toolTip(COL_ACCOUNT) == "Konto 2750, modkonto 5900"
    assert history.tree.topLevelItem(0).text(COL_AMOUNT) == "986,45 DKK"
    assert history.tree.topLevelItem(0).text(COL_WHEN) == "i dag 07:47 dansk tid"
    header = [history.tree.headerItem().text(c) for c in range(history.tree.columnCount())]
    assert {"Dato", "Medarbejder", "Tekst", "Beløb", "Konto / modkonto", "Bilag"} <= set(header)
    assert history.only_problems.text() == "Kun problemer"
    assert history.folder_button.text() == "Åbn mappe"
    history.tree.setCurrentItem(hotel)
    assert "Modkonto: 5900" in history.details.toPlainText()
    assert "Beløb: 1.245,00 DKK" in history.details.toPlainText()
    assert "Started" not in history.copy_details()


def test_columns_sort_the_postings_and_the_runs_stay_newest_first(bad_day, profile, ledger,
                                                                  sandbox, make_history):
    transfer(profile, ledger, sandbox, at=RAN_AT + dt.timedelta(minutes=30))  # a later run
    history = make_history()
    tree = history.tree
    first_file = next(row for row in rows(tree.topLevelItem(1))
                      if row.text(COL_WHEN) == "EMS_EA-20261124-160000.csv")
    in_file = [first_file.child(i).text(COL_WHEN) for i in range(first_file.childCount())]
    assert in_file == ["Line 1 · 1000001-1", "Line 3 · 1000002-1", "Line 5 · 1000002-2"]

    tree.sortByColumn(COL_AMOUNT, Qt.SortOrder.AscendingOrder)
    amounts = [first_file.child(i).text(COL_AMOUNT) for i in range(first_file.childCount())]
    assert amounts == ["212.00 DKK", "385.50 DKK", "1,245.00 DKK"]
    tree.sortByColumn(COL_EMPLOYEE, Qt.SortOrder.DescendingOrder)
    people = [first_file.child(i).text(COL_EMPLOYEE) for i in range(first_file.childCount())]
    assert people == ["Peter Høj", "Peter Høj", "Mette Jensen"]
    # Runs have no amount or employee: they keep their order, newest first.
    starts = [tree.topLevelItem(i).text(COL_WHEN) for i in range(tree.topLevelItemCount())]
    assert starts == ["today 08:17 Danish time", "today 07:47 Danish time"]
    tree.sortByColumn(COL_WHEN, Qt.SortOrder.AscendingOrder)
    assert tree.topLevelItem(0).text(COL_WHEN) == "today 07:47 Danish time"


def test_only_problems_and_focus_problems_show_what_needs_the_admin(bad_day, profile, ledger,
                                                                    sandbox, make_history):
    sandbox.admin.bar_account(2750, barred=False)
    (profile.inbox_folder / "EMS_EA-20261125-161500.csv").unlink()  # the typo file removed
    (profile.inbox_folder / "EMS_EA-20261125-161500.csv.errors.txt").unlink()
    (profile.inbox_folder / "kvittering-frokost.png").write_bytes(
        (DEMO_INBOX / "kvittering-frokost.png").read_bytes())
    later = transfer(profile, ledger, sandbox, at=RAN_AT + dt.timedelta(hours=1))
    assert later.sent == 2 and later.status.value == "ok", later.problems
    history = make_history()
    tree = history.tree
    assert not history.only_problems.isChecked()

    history.focus_problems()
    assert history.only_problems.isChecked()
    problem_run = tree.currentItem()
    assert problem_run is tree.topLevelItem(1) and problem_run.isExpanded()
    shown = [row for row in rows(problem_run) if not row.isHidden()]
    held = {row.text(COL_WHEN) for row in shown if row.text(COL_RESULT) == "Held: needs a fix"}
    assert held == {"Line 1 · 1000001-1", "Line 3 · 1000004-1", "Line 1 · 1000012-1"}
    assert not any(row.text(COL_RESULT) == "Sent" for row in shown)
    assert any(row.text(COL_RESULT) == "Receipt waits for its file" for row in shown)

    history.only_problems.setChecked(False)
    assert not any(row.isHidden() for row in rows(tree.invisibleRootItem()))


def test_the_details_column_wraps_instead_of_cutting_text_off(bad_day, make_history, qtbot):
    history = make_history()
    history.resize(1440, 680)
    qtbot.waitExposed(history)
    hotel, taxi = line_row(history, "1000001-1"), line_row(history, "1000002-2")
    history.tree.scrollToItem(hotel)
    QApplication.processEvents()
    tall = history.tree.visualItemRect(hotel).height()
    plain = history.tree.visualItemRect(taxi).height()
    assert tall >= 3 * plain  # the reason and the fix take several lines, all of them shown
    assert not history.tree.isColumnHidden(COL_DETAILS)


def test_danish_results_are_not_cut(danish, bad_day, make_history, qtbot):
    history = make_history()
    qtbot.waitExposed(history)
    tree = history.tree
    metrics = tree.fontMetrics()
    width = tree.columnWidth(COL_RESULT)
    for row in rows(tree.invisibleRootItem()):
        text = row.text(COL_RESULT)
        if not text or row.isHidden() or not tree.visualItemRect(row).isValid():
            continue
        needed = metrics.horizontalAdvance(text) + (24 if not row.icon(COL_RESULT).isNull()
                                                    else 0)
        lines = max(1, -(-needed // (width - 12)))
        assert tree.visualItemRect(row).height() >= lines * metrics.height(), text


def test_buttons_act_only_when_they_can(bad_day, profile, ledger, sandbox, make_history,
                                        qtbot):
    history = make_history()
    assert history.retry_button.isEnabled()  # postings are held: a transfer may send them
    line = line_row(history, "1000002-2")
    history.tree.setCurrentItem(line)
    assert history.send_again_button.isEnabled() and history.folder_button.isEnabled()
    history.tree.setCurrentItem(line_row(history, "1000001-1"))
    assert not history.send_again_button.isEnabled()  # held: nothing to send again
    with qtbot.waitSignal(history.retry) as asked:
        history.retry_button.click()
    assert asked.args == [PROFILE]

    # Once everything is sent, the newest run leaves nothing to retry.
    sandbox.admin.bar_account(2750, barred=False)
    (profile.inbox_folder / "EMS_EA-20261125-161500.csv").unlink()
    (profile.inbox_folder / "EMS_EA-20261125-161500.csv.errors.txt").unlink()
    (profile.inbox_folder / "kvittering-frokost.png").write_bytes(
        (DEMO_INBOX / "kvittering-frokost.png").read_bytes())
    done = transfer(profile, ledger, sandbox, at=RAN_AT + dt.timedelta(hours=1))
    assert done.status.value == "ok", done.problems
    history.refresh()
    history.tree.setCurrentItem(history.tree.topLevelItem(1))  # even on the old, bad run
    assert not history.retry_button.isEnabled()
    assert "Nothing to retry" in history.retry_button.toolTip()


def test_open_folder_opens_where_the_problem_file_is_or_says_where(bad_day, profile,
                                                                   make_history):
    history = make_history()
    typo = line_row(history, "1000012-1")
    history.tree.setCurrentItem(typo)
    assert history.open_folder() == str(profile.inbox_folder)
    assert history.opened == [str(profile.inbox_folder)]
    history.tree.setCurrentItem(history.tree.topLevelItem(0))  # the run: its first problem file
    assert history.open_folder() == str(profile.inbox_folder)

    nobody = make_history(open_url=lambda _url: False)
    nobody.tree.setCurrentItem(line_row(nobody, "1000012-1"))
    nobody.open_folder()
    assert nobody.feedback.text() == (
        f"No program opened the folder. It is here: {profile.inbox_folder}")


def test_a_rejected_file_opens_the_rejected_folder(profile, ledger, sandbox, make_history):
    inbox = profile.inbox_folder
    (inbox / "EMS_EA-20261126-090000.csv").write_text("not;an;acubiz;file\n", encoding="cp1252")
    old = time.time() - 3600
    os.utime(inbox / "EMS_EA-20261126-090000.csv", (old, old))
    transfer(profile, ledger, sandbox)
    history = make_history()
    rejected = next(row for row in rows(history.tree.topLevelItem(0))
                    if row.text(COL_WHEN) == "EMS_EA-20261126-090000.csv")
    history.tree.setCurrentItem(rejected)
    assert history.open_folder() == str(inbox / "rejected")
    history.only_problems.setChecked(True)
    assert not rejected.isHidden()


def test_no_internal_codes_and_no_utc_anywhere(bad_day, make_history):
    history = make_history()
    for row in rows(history.tree.invisibleRootItem()):
        history.tree.setCurrentItem(row)
        text = visible_text(history)
        assert not [code for code in CODES if code in text], row.text(COL_WHEN)
    copied = history.copy_details()
    assert not [code for code in CODES if code in copied]
    assert "UTC" not in copied and "UTC" not in visible_text(history)


def test_one_clock_the_exports_zone_labelled(bad_day, make_history, profile):
    history = make_history()
    run = history.tree.topLevelItem(0)
    assert run.text(COL_WHEN) == "today 07:47 Danish time"  # started 06:47:01 UTC
    assert run.toolTip(COL_WHEN) == "2026-11-25 07:47:01 Danish time"
    copied = history.copy_details()
    assert ("Started 2026-11-25 07:47:01 Danish time (Scheduled, planned for today 07:47"
            " Danish time)") in copied

    london = ExportProfile(**{**profile.__dict__, "time_zone": "Europe/London"})
    other = make_history(profile_of=lambda _name: london)
    assert other.tree.topLevelItem(0).text(COL_WHEN) == "today 06:47 UK time"


def test_the_status_line_of_an_earlier_opening_is_gone(bad_day, make_history):
    history = make_history(open_url=lambda _url: False)
    history.tree.setCurrentItem(line_row(history, "1000012-1"))
    history.open_folder()
    assert history.feedback.text().startswith("No program opened the folder")
    history.focus_problems()
    history.hide()
    history.show_for(PROFILE)
    assert history.feedback.text() == ""
    assert not history.only_problems.isChecked()
    assert not any(row.isHidden() for row in rows(history.tree.invisibleRootItem()))


def test_an_old_report_without_posting_details_shows_blanks(qtbot):
    summary = {
        "status": "attention", "problems": [{"kind": "files-rejected",
                                             "title": "1 file could not be read",
                                             "message": "It is in rejected/."}],
        "files": [{"file": "EMS_EA-1.csv", "state": "sent", "moved_to": None, "lines": [
            {"line_id": "1000001-1", "source_line": 1, "state": "sent", "voucher_number": 7,
             "accounting_year": "2026"}]}],
        "counts": {"sent": 1},
    }
    record = RunRecord(1, PROFILE, "manual", None, "2026-11-25T06:47:01+00:00",
                       "2026-11-25T06:47:09+00:00", "attention", "", summary)
    history = HistoryWindow(lambda _name, _limit: [record], lambda: [PROFILE],
                            clock=lambda: SHOWN_AT.astimezone(dt.UTC), display_zone=CPH)
    qtbot.addWidget(history)
    history.show_for()
    run = history.tree.topLevelItem(0)
    assert run.text(COL_WHEN) == "today 07:47 Danish time"
    line = run.child(1).child(0)
    assert line.text(COL_VOUCHER) == "7" and line.text(COL_AMOUNT) == ""
    assert line.text(COL_DATE) == line.text(COL_EMPLOYEE) == ""
    assert run.child(0).text(COL_RESULT) == "Files that could not be read"
    assert "files-rejected" not in history.copy_details()


def test_a_refresh_keeps_what_the_admin_opened_and_selected(bad_day, make_history):
    """The tray refreshes an open History after every run: it must not fold it up."""
    history = make_history()
    hotel = line_row(history, "1000001-1")
    hotel.parent().setExpanded(True)
    history.tree.setCurrentItem(hotel)
    history.refresh()
    again = history.tree.currentItem()
    assert again is not hotel and again.text(COL_WHEN) == "Line 1 · 1000001-1"
    assert again.parent().isExpanded()
    assert "Employee: Mette Jensen" in history.details.toPlainText()


def test_counts_leave_out_zeros_and_say_read_and_refused_plainly(qtbot):
    assert count_words({"counts": {"sent": 3, "held": 0, "failed": 0, "waiting": 0,
                                   "rejected": 0}}) == "3 sent"
    words = count_words({"counts": {"sent": 0, "held": 1, "failed": 2, "rejected": 4,
                                    "set-aside": 1}})
    assert words == ("1 held back for a fix · 2 refused by e-conomic · 4 in files that could"
                     " not be read · 1 set aside")
    assert count_words({}) == ""
    assert count_words({"counts": {"rejected": 1}}) == "1 in a file that could not be read"


def test_copy_details_counts_in_danish_without_zeros(danish, bad_day, make_history):
    history = make_history()
    copied = history.copy_details()
    assert "afvist 0" not in copied and ": 0" not in copied
    assert "holdt tilbage til rettelse" in copied
    assert "Oversigten" not in copied  # no ledger trouble in this run


def test_dont_send_this_asks_then_sets_the_held_line_aside(bad_day, ledger, make_history,
                                                           qtbot):
    """History's "Don't send this…": only for a held posting, after a question whose
    default is Cancel; the tray then sets it aside in the ledger as the CLI does."""
    history = make_history()
    sent = line_row(history, "1000002-2")
    history.tree.setCurrentItem(sent)
    assert not history.set_aside_button.isEnabled()  # sent: nothing to set aside
    held = line_row(history, "1000001-1")
    history.tree.setCurrentItem(held)
    assert history.set_aside_button.isEnabled()

    asked = []
    history._confirm_aside = lambda _parent, title, text: asked.append(text) or False
    with qtbot.assertNotEmitted(history.set_aside):
        history.set_aside_button.click()
    assert "will not be sent to e-conomic" in asked[0] and "Mette Jensen" in asked[0]
    assert history.feedback.text() == "Nothing was changed."

    history._confirm_aside = lambda *_args: True
    with qtbot.waitSignal(history.set_aside) as chosen:
        history.set_aside_button.click()
    profile, name = chosen.args
    assert profile == PROFILE and name.startswith("EMS_EA-") and "#" in name
    done = ledger.set_aside(profile, name, by="test")  # what the tray does with it
    assert [record.line_id for record in done] == ["1000001-1"]
    history.set_aside_done(name, len(done))
    assert history.feedback.text() == f"{name} is set aside: it will not be sent."
    history.set_aside_done(name, 0)
    assert "no longer held" in history.feedback.text()
