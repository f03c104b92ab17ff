"""The export profile and the accounts pages: Next only when valid, the mapping when needed."""

from __future__ import annotations

from wizard_helpers import (
    WAIT_MS,
    click,
    click_checkbox,
    close_done_page,
    connect_with,
    next_button,
    press_finish,
    press_next,
)

from wizard.sandbox.seed import GRANT_TOKEN
from wizard.settings.profiles import ExportProfile
from wizard.settings.store import get_profile, save_profiles

SIMPLE_FILE = """id,report,date,text,amount,category
r1-1,R1,2026-11-20,Taxa til kunde,212.00,Taxi
r1-2,R1,2026-11-20,Hotel Aarhus,1245.00,Hotel
"""


def open_profile_page(qtbot, make_wizard, **options):
    wizard = make_wizard(**options)
    press_next(qtbot, wizard)
    connect_with(qtbot, wizard, GRANT_TOKEN)
    press_next(qtbot, wizard)
    qtbot.waitUntil(wizard.journal_page.isComplete, timeout=WAIT_MS)
    press_next(qtbot, wizard)
    assert wizard.currentId() == wizard.PROFILE
    return wizard, wizard.profile_page


def test_next_waits_for_an_inbox_folder_that_exists(qtbot, make_wizard, journal, tmp_path):
    wizard, page = open_profile_page(qtbot, make_wizard)
    assert page.name.text() == "Expenses"  # in the UI's language
    assert page.time.hhmm() == "16:00"
    assert page.time_zone.currentText() == "Danish time"
    assert page.journal.text() == f"ACUBIZ EMS (number {journal['journalNumber']})"
    assert not next_button(wizard).isEnabled()  # no inbox yet
    assert page.next_reason.text() == "To go on, choose the inbox folder."
    assert page.next_reason.isVisible()

    inbox = tmp_path / "Acubiz" / "Costs"
    page.inbox.set_path(inbox)
    assert not next_button(wizard).isEnabled()
    assert "does not exist yet" in page.inbox.missing_label.text()
    assert "must be an existing folder" in page.next_reason.text()
    click(qtbot, page.inbox.create)
    assert inbox.is_dir()
    assert next_button(wizard).isEnabled()
    assert not page.next_reason.isVisible()

    page.name.setText("")
    assert not next_button(wizard).isEnabled()
    assert "Give the export a name" in page.name_problem.text()
    page.name.setText("Omkostninger")
    assert next_button(wizard).isEnabled()


def test_no_api_export_asks_for_the_import_folder(qtbot, make_wizard, journal, demo_inbox):
    wizard, page = open_profile_page(qtbot, make_wizard, inbox=demo_inbox)
    assert page.import_folder.isHidden()
    page.use_api.setCurrentIndex(page.use_api.findData(False))
    assert not page.import_folder.isHidden()
    assert not next_button(wizard).isEnabled()
    assert page.next_reason.text() == "To go on, choose the folder for the import file."
    page.import_folder.set_path(demo_inbox.parent)
    assert next_button(wizard).isEnabled()


def test_a_name_already_taken_by_another_export_is_refused(
    qtbot, make_wizard, journal, demo_inbox, tmp_path
):
    save_profiles([ExportProfile(name="Expenses", inbox_folder=tmp_path)])
    wizard, page = open_profile_page(qtbot, make_wizard, inbox=demo_inbox)
    assert page.name.text() == "Expenses 2"  # the suggestion is a name not in use
    assert not page.name_problem.isVisible() and next_button(wizard).isEnabled()
    page.name.setText("Expenses")
    assert "exists already" in page.name_problem.text()
    assert not next_button(wizard).isEnabled()
    page.name.setText("3. Kørsel")
    assert next_button(wizard).isEnabled()


def test_files_with_categories_ask_for_accounts_and_vat(
    qtbot, make_wizard, journal, tmp_path, secret_store
):
    inbox = tmp_path / "simple"
    inbox.mkdir()
    (inbox / "expenses.csv").write_text(SIMPLE_FILE, encoding="utf-8")
    wizard, _page = open_profile_page(qtbot, make_wizard, inbox=inbox)
    press_next(qtbot, wizard)
    assert wizard.currentId() == wizard.ACCOUNTS
    page = wizard.accounts_page
    qtbot.waitUntil(lambda: page._lookups is not None, timeout=WAIT_MS)
    assert not page.accounts_box.isHidden()
    categories = [page.table.item(row, 0).text() for row in range(page.table.rowCount())]
    assert categories == ["Hotel", "Taxi"]
    assert not next_button(wizard).isEnabled()
    assert "Choose an account for every category" in page.missing.text()

    hotel, taxi = page.table.cellWidget(0, 1), page.table.cellWidget(1, 1)
    labels = [hotel.itemText(i) for i in range(hotel.count())]
    assert "2750 – Rejseudgifter" in labels
    assert not any(label.startswith("3900 ") for label in labels)  # barred
    assert not any(label.startswith("5900 ") for label in labels)  # a balance account
    hotel.setEditText("2750 – Rejseudgifter")
    taxi.set_value(3640)
    vat = page.table.cellWidget(0, 2)
    vat.setCurrentIndex(vat.findData("I25"))
    assert vat.currentText() == "I25 – Indgående moms 25% (25 %)"
    assert next_button(wizard).isEnabled()
    page.contra.set_value(5900)
    page.new_category.setText("Parking")
    click(qtbot, page.add_button)
    assert not next_button(wizard).isEnabled()
    page.table.cellWidget(2, 1).set_value(3780)
    press_next(qtbot, wizard)
    assert wizard.currentId() == wizard.SUMMARY
    assert "3 categories mapped to accounts" in wizard.summary_page.summary.text()

    click_checkbox(qtbot, wizard.summary_page.start_now)
    press_finish(qtbot, wizard)
    close_done_page(qtbot, wizard)
    profile = get_profile("Expenses")
    assert {name: (m.account, m.vat_code) for name, m in profile.category_map.items()} == {
        "Hotel": (2750, "I25"), "Taxi": (3640, None), "Parking": (3780, None),
    }  # fmt: skip
    assert profile.default_contra_account == 5900


def test_acubiz_files_skip_the_accounts_page_without_departments(
    qtbot, make_wizard, journal, demo_inbox
):
    for path in demo_inbox.glob("*.csv"):  # the same files, with no department in them
        text = path.read_bytes()
        for value in (b"Administration", b"Salg", b"Udvikling"):
            text = text.replace(value, b"")
        path.write_bytes(text)
    wizard, _page = open_profile_page(qtbot, make_wizard, inbox=demo_inbox)
    press_next(qtbot, wizard)
    assert wizard.currentId() == wizard.SUMMARY
    assert "As given in the files" in wizard.summary_page.summary.text()


def test_an_empty_inbox_offers_categories_but_does_not_require_them(
    qtbot, make_wizard, journal, tmp_path
):
    inbox = tmp_path / "empty"
    inbox.mkdir()
    wizard, _page = open_profile_page(qtbot, make_wizard, inbox=inbox)
    press_next(qtbot, wizard)
    assert wizard.currentId() == wizard.ACCOUNTS
    page = wizard.accounts_page
    qtbot.waitUntil(page.isComplete, timeout=WAIT_MS)
    assert "no files in the inbox yet" in page.intro.text()
    assert page.table.rowCount() == 0
    press_next(qtbot, wizard)
    assert wizard.currentId() == wizard.SUMMARY


def test_a_problem_only_the_profile_check_finds_is_shown_in_danish(
    qtbot, make_wizard, journal, demo_inbox
):
    wizard, page = open_profile_page(qtbot, make_wizard, language="da", inbox=demo_inbox)
    page.name.setText("2. Omkost\u200bninger")  # a zero-width space: not printable
    assert next_button(wizard).isEnabled()
    click(qtbot, next_button(wizard))
    assert wizard.currentId() == wizard.PROFILE
    assert page.problems.isVisible()
    assert page.problems.text().startswith("Eksportens navn '2. Omkost\u200bninger' må højst have")
    assert "must be" not in page.problems.text()


def test_an_inbox_another_export_already_reads_is_refused(
    qtbot, make_wizard, journal, demo_inbox, tmp_path
):
    save_profiles([ExportProfile(name="1. Kørsel", inbox_folder=demo_inbox / "sent")])
    wizard, page = open_profile_page(qtbot, make_wizard, inbox=demo_inbox)
    assert next_button(wizard).isEnabled()  # nothing wrong with the fields themselves
    click(qtbot, next_button(wizard))
    assert wizard.currentId() == wizard.PROFILE
    assert page.problems.isVisible()
    text = page.problems.text()
    assert "'Expenses' and '1. Kørsel'" in text and "its own inbox folder" in text

    own = tmp_path / "Costs"
    own.mkdir()
    page.inbox.set_path(own)
    press_next(qtbot, wizard)
    assert wizard.currentId() != wizard.PROFILE


def test_the_shared_inbox_is_explained_in_danish(qtbot, make_wizard, journal, demo_inbox):
    save_profiles([ExportProfile(name="1. Kørsel", inbox_folder=demo_inbox)])
    wizard, page = open_profile_page(qtbot, make_wizard, language="da", inbox=demo_inbox)
    click(qtbot, next_button(wizard))
    assert wizard.currentId() == wizard.PROFILE
    assert "sin egen indbakkemappe" in page.problems.text()
    assert "'Udlæg' og '1. Kørsel'" in page.problems.text()


def test_editing_an_export_keeps_its_own_inbox(qtbot, make_wizard, journal, demo_inbox):
    save_profiles([ExportProfile(name="2. Omkostninger", inbox_folder=demo_inbox)])
    wizard, page = open_profile_page(qtbot, make_wizard, profile="2. Omkostninger")
    assert page.inbox.path() == demo_inbox
    press_next(qtbot, wizard)
    assert wizard.currentId() != wizard.PROFILE
