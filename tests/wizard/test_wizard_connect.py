"""Connecting: whatever the admin pastes, the page says what is wrong or who they are now."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import requests
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from wizard_helpers import (
    WAIT_MS,
    click,
    click_checkbox,
    connect_with,
    form_fields,
    next_button,
    press_next,
)

from wizard.economic.errors import Forbidden
from wizard.sandbox.seed import AGREEMENT_NUMBER, APP_PUBLIC_TOKEN, GRANT_TOKEN

ADD_APP = "/secure/api1/requestaccess.aspx"


def open_connect_page(qtbot, make_wizard, language="en"):
    wizard = make_wizard(language)
    press_next(qtbot, wizard)
    assert wizard.currentId() == wizard.CONNECT
    return wizard, wizard.connect_page


def verify(qtbot, page) -> None:
    click(qtbot, page.verify_button)
    qtbot.waitUntil(lambda: page._task is None, timeout=WAIT_MS)


def test_a_bare_token_connects_and_shows_the_company(qtbot, make_wizard):
    wizard, page = open_connect_page(qtbot, make_wizard)
    assert not next_button(wizard).isEnabled()
    page.token.setText(GRANT_TOKEN)
    assert not next_button(wizard).isEnabled()  # format is fine, but not verified yet
    verify(qtbot, page)
    assert page.isComplete() and next_button(wizard).isEnabled()
    status = page.verify_status.text()
    assert "Demo Regnskab ApS" in status and str(AGREEMENT_NUMBER) in status and "MJ" in status
    assert not page.error.is_shown()


def test_the_whole_address_is_accepted_and_the_token_taken_from_it(qtbot, make_wizard):
    wizard, page = open_connect_page(qtbot, make_wizard)
    page.token.setText(f"  http://127.0.0.1:51234/callback?token={GRANT_TOKEN}\n")
    assert "found in the address" in page.hint.text()
    verify(qtbot, page)
    assert page.isComplete()
    press_next(qtbot, wizard)
    assert wizard.context.grant_token == GRANT_TOKEN


def test_garbage_is_explained_while_typing_and_never_sent(qtbot, make_wizard, sandbox):
    wizard, page = open_connect_page(qtbot, make_wizard)
    sandbox.admin.clear_requests()
    qtbot.keyClicks(page.token, "hello world")
    assert "too short" in page.hint.text()
    page.token.setText(f"https://secure.e-conomic.com{ADD_APP}?appPublicToken={APP_PUBLIC_TOKEN}")
    assert "address of the 'Add app' page" in page.hint.text()
    click(qtbot, page.verify_button)
    assert page.error.is_shown()
    assert page.error.title.text() == "That is not an e-conomic token"
    assert not next_button(wizard).isEnabled()
    assert sandbox.admin.requests() == []  # nothing left this computer


def test_the_demo_token_passes_the_format_check(qtbot, make_wizard):
    _wizard, page = open_connect_page(qtbot, make_wizard)
    page.token.setText("demo")
    assert "looks like a token" in page.hint.text()


def test_a_revoked_token_says_so_with_details_for_support_and_no_token(qtbot, make_wizard, sandbox):
    wizard, page = open_connect_page(qtbot, make_wizard)
    revoked = sandbox.admin.create_grant()
    sandbox.admin.revoke_grant(revoked)
    page.token.setText(revoked)
    verify(qtbot, page)
    assert not page.isComplete() and not next_button(wizard).isEnabled()
    assert page.error.is_shown()
    assert page.error.title.text() == "Not connected to e-conomic"
    assert "Udvidelser → Apps" in page.error.message.text()
    assert page.error.details.isHidden()
    page.error.toggle.click()
    details = page.error.details.text()
    assert not page.error.details.isHidden()
    assert "logId" in details and "HTTP 401" in details
    assert revoked not in details and GRANT_TOKEN not in details


def test_a_revoked_token_in_danish(qtbot, make_wizard, sandbox):
    _wizard, page = open_connect_page(qtbot, make_wizard, "da")
    revoked = sandbox.admin.create_grant()
    sandbox.admin.revoke_grant(revoked)
    page.token.setText(revoked)
    verify(qtbot, page)
    assert page.error.title.text() == "Ikke forbundet til e-conomic"
    assert page.error.toggle.text() == "&Detaljer"


def test_no_network_gets_its_own_message(qtbot, make_wizard):
    wizard, page = open_connect_page(qtbot, make_wizard)
    wizard.context.app.api_base_url = "http://127.0.0.1:9"  # nothing listens there
    page.token.setText(GRANT_TOKEN)
    verify(qtbot, page)
    assert page.error.title.text() == "Cannot reach e-conomic"
    assert "internet connection" in page.error.message.text()


def test_missing_rights_get_their_own_message(qtbot, make_wizard):
    _wizard, page = open_connect_page(qtbot, make_wizard)
    page.token.setText(GRANT_TOKEN)
    page._task = 99
    page._verify_failed(
        99, Forbidden(http_status=403, log_id="abc-123", server_message="No access")
    )
    assert page.error.title.text() == "Not allowed in e-conomic"
    assert "abc-123" in page.error.details.text()


def test_editing_the_token_after_verifying_disables_next(qtbot, make_wizard):
    wizard, page = open_connect_page(qtbot, make_wizard)
    page.token.setText(GRANT_TOKEN)
    verify(qtbot, page)
    assert next_button(wizard).isEnabled()
    page.token.setText(GRANT_TOKEN[:-1] + "2")
    assert not next_button(wizard).isEnabled()


def test_enter_verifies_then_goes_next(qtbot, make_wizard):
    wizard, page = open_connect_page(qtbot, make_wizard)
    page.token.setText(GRANT_TOKEN)
    qtbot.keyClick(page.token, Qt.Key.Key_Return)
    qtbot.waitUntil(page.isComplete, timeout=WAIT_MS)
    assert wizard.currentId() == wizard.CONNECT
    qtbot.keyClick(page.token, Qt.Key.Key_Return)
    assert wizard.currentId() == wizard.JOURNAL


def test_the_token_field_hides_the_token_until_the_eye_is_clicked(qtbot, make_wizard):
    _wizard, page = open_connect_page(qtbot, make_wizard)
    assert not page.token.revealed()
    page.token.eye.trigger()
    assert page.token.revealed()
    assert page.token.eye.toolTip() == "Hide the token"


def test_open_e_conomic_uses_the_language_and_catches_the_token(
    qtbot, make_wizard, browser, sandbox
):
    """The browser part is played by `requests`: it follows e-conomic's redirect to us."""
    wizard, page = open_connect_page(qtbot, make_wizard, "da")
    click(qtbot, page.open_button)
    address = browser.opened[-1]
    query = parse_qs(urlsplit(address).query)
    assert query["locale"] == ["da-DK"] and query["appPublicToken"] == [APP_PUBLIC_TOKEN]
    redirect = query["redirectUrl"][0]
    assert redirect.startswith("http://127.0.0.1:") and redirect.endswith("/callback")
    assert page.link_status.kind == "busy"

    question = requests.get(address, timeout=10).text
    assert "Tilføj app" in question
    answer = requests.post(
        sandbox.base_url + ADD_APP, data=form_fields(question), allow_redirects=True, timeout=10
    )
    assert answer.status_code == 200
    assert answer.url.startswith(redirect + "?token=")
    assert "du kan lukke dette vindue" in answer.text

    qtbot.waitUntil(page.isComplete, timeout=WAIT_MS)
    assert page.link_status.kind == "ok"
    assert not page.catcher.listening
    assert next_button(wizard).isEnabled()
    assert "Demo Regnskab ApS" in page.verify_status.text()


def test_without_catching_the_address_has_no_redirect(qtbot, make_wizard, browser):
    _wizard, page = open_connect_page(qtbot, make_wizard)
    click_checkbox(qtbot, page.catch)
    assert not page.catch.isChecked()
    click(qtbot, page.open_button)
    query = parse_qs(urlsplit(browser.opened[-1]).query)
    assert "redirectUrl" not in query and query["locale"] == ["en-GB"]
    assert "paste the token" in page.link_status.text()


def test_waiting_for_the_browser_times_out_and_says_so(qtbot, make_wizard, browser):
    _wizard, page = open_connect_page(qtbot, make_wizard)
    page.catcher.timeout_seconds = 0.2
    click(qtbot, page.open_button)
    qtbot.waitUntil(lambda: page.link_status.kind == "warning", timeout=WAIT_MS)
    assert "No token arrived" in page.link_status.text()
    assert not page.catcher.listening


def test_when_no_browser_opens_the_page_offers_the_link(qtbot, make_wizard, browser):
    _wizard, page = open_connect_page(qtbot, make_wizard)
    browser.works = False
    click(qtbot, page.open_button)
    assert "No browser opened" in page.link_status.text()
    click(qtbot, page.copy_button)
    copied = QGuiApplication.clipboard().text()
    assert copied.startswith(f"{_wizard.context.app.grant_site}{ADD_APP}?appPublicToken=")
    assert "copied" in page.link_status.text()


def test_the_app_page_is_shown_when_not_preset_and_prefilled_from_the_environment(
    qtbot, monkeypatch, sandbox
):
    from wizard.sandbox.seed import APP_SECRET_TOKEN
    from wizard.ui.setup.i18n import Translations
    from wizard.ui.setup.launch import build_context
    from wizard.ui.setup.wizard import SetupWizard

    monkeypatch.setenv("ACUBIZ_EXPORT_APP_PUBLIC_TOKEN", APP_PUBLIC_TOKEN)
    monkeypatch.setenv("ACUBIZ_EXPORT_APP_SECRET_TOKEN", "too-short")
    monkeypatch.setenv("ACUBIZ_EXPORT_API_URL", sandbox.base_url)
    wizard = SetupWizard(build_context(), Translations())
    qtbot.addWidget(wizard)
    wizard.show()
    assert not wizard.context.app.preset
    press_next(qtbot, wizard)
    assert wizard.currentId() == wizard.APP
    page = wizard.app_page
    assert page.public.text() == APP_PUBLIC_TOKEN
    assert "does not look like an e-conomic token" in page.secret_hint.text()
    assert not next_button(wizard).isEnabled()
    page.secret.setText(APP_SECRET_TOKEN)
    press_next(qtbot, wizard)
    assert wizard.currentId() == wizard.CONNECT
    assert wizard.context.app.grant_site == sandbox.base_url  # not e-conomic's login site
    connect_with(qtbot, wizard, GRANT_TOKEN)
    wizard.shutdown()
