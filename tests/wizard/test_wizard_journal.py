"""Finding the journal: found, missing (pick another), or set up so expenses cannot go in."""

from __future__ import annotations

from wizard_helpers import WAIT_MS, click, connect_with, next_button, press_next

from wizard.sandbox.seed import GRANT_TOKEN
from wizard.settings.profiles import ExportProfile
from wizard.settings.store import save_profiles


def open_journal_page(qtbot, make_wizard, language="en"):
    wizard = make_wizard(language)
    press_next(qtbot, wizard)
    connect_with(qtbot, wizard, GRANT_TOKEN)
    press_next(qtbot, wizard)
    page = wizard.journal_page
    assert wizard.currentId() == wizard.JOURNAL
    qtbot.waitUntil(lambda: page._task is None, timeout=WAIT_MS)
    return wizard, page


def test_the_journal_is_found_with_its_number_and_voucher_range(qtbot, make_wizard, journal):
    wizard, page = open_journal_page(qtbot, make_wizard)
    assert page.name.text() == "ACUBIZ EMS"
    assert page.status.kind == "ok"
    assert f"number {journal['journalNumber']}" in page.status.text()
    assert "900000–999999" in page.status.text()
    assert page.warnings.isHidden() and page.journals.isHidden()
    press_next(qtbot, wizard)
    assert wizard.context.journal.number == journal["journalNumber"]


def test_a_missing_journal_lists_the_others_and_check_again_finds_it(qtbot, make_wizard, sandbox):
    wizard, page = open_journal_page(qtbot, make_wizard)
    assert page.status.kind == "warning"
    assert "There is no journal called <b>ACUBIZ EMS</b>" in page.status.text()
    assert not next_button(wizard).isEnabled()
    assert not page.journals.isHidden()
    assert page.journals.item(0).text() == "1 – Kassekladde (vouchers 1–99999)"
    assert page.check_button.text() == "C&heck again"

    sandbox.admin.create_journal("ACUBIZ EMS", minimum_voucher_number=900000)
    click(qtbot, page.check_button)
    qtbot.waitUntil(page.isComplete, timeout=WAIT_MS)
    assert next_button(wizard).isEnabled()


def test_picking_an_existing_journal_from_the_list_uses_it(qtbot, make_wizard):
    _wizard, page = open_journal_page(qtbot, make_wizard)
    page.journals.itemClicked.emit(page.journals.item(0))
    qtbot.waitUntil(page.isComplete, timeout=WAIT_MS)
    assert page.name.text() == "Kassekladde"
    # The company's main journal: allowed, but not without a word and the fix.
    assert not page.warnings.isHidden()
    assert "looks like the company's main journal" in page.warnings.text()
    assert "Create a journal of its own" in page.warnings.text()


def test_a_journal_another_export_uses_is_warned_about(
    qtbot, make_wizard, sandbox, journal, tmp_path
):
    save_profiles([ExportProfile(name="1. Kørsel", inbox_folder=tmp_path,
                                 journal_number=journal["journalNumber"],
                                 api_base_url=sandbox.base_url)])  # fmt: skip
    wizard, page = open_journal_page(qtbot, make_wizard)
    assert "The export <b>1. Kørsel</b> already sends to this journal" in page.warnings.text()
    assert next_button(wizard).isEnabled()  # a warning, not a stop


def test_a_journal_restricted_to_other_entries_cannot_be_chosen(qtbot, make_wizard, sandbox):
    sandbox.admin.create_journal("ACUBIZ EMS", "supplierInvoice", minimum_voucher_number=90000)
    wizard, page = open_journal_page(qtbot, make_wizard)
    assert page.status.kind == "error"
    assert "only accepts “supplierInvoice” entries" in page.warnings.text()
    assert not page.isComplete() and not next_button(wizard).isEnabled()


def test_a_shared_voucher_number_series_is_warned_about(qtbot, make_wizard, sandbox):
    sandbox.admin.create_journal("ACUBIZ EMS", "financeVoucher")  # starts at 1, like Kassekladde
    wizard, page = open_journal_page(qtbot, make_wizard)
    assert page.status.kind == "warning"  # found, but not without a word
    assert "overlap with <b>Kassekladde</b> (1–99999)" in page.warnings.text()
    assert next_button(wizard).isEnabled()  # a warning, not a stop


def test_a_different_case_is_offered_as_did_you_mean(qtbot, make_wizard, sandbox):
    sandbox.admin.create_journal("Acubiz EMS", minimum_voucher_number=90000)
    _wizard, page = open_journal_page(qtbot, make_wizard, "da")
    assert "Mente du <b>Acubiz EMS</b>?" in page.status.text()
    assert "Der er ingen kassekladde, der hedder" in page.status.text()
