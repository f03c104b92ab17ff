"""Connecting: whatever the admin pastes, the page says what is wrong or who they are now."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest
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
from wizard.settings.secrets import load_grant_token
from wizard.settings.store import profiles_path

ADD_APP = "/secure/api1/requestaccess.aspx"
PROFILE = "Expenses"  # the wizard's suggested name (English)


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
    assert page.next_reason.text() == (
        "To go on, paste the whole token (see above what is wrong)."
    )
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
    # A first connect: nothing was ever connected, so nothing was "removed" or is "again".
    assert page.error.title.text() == "e-conomic did not accept the token"
    message = page.error.message.text()
    assert "ADD APP" in message and "paste all of it" in message
    assert "removed" not in message and "again" not in message
    assert page.next_reason.text() == "To go on, solve the problem above, then click Verify."
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
    assert page.error.title.text() == "e-conomic godkendte ikke tokenet"
    assert "TILFØJ APP" in page.error.message.text()
    assert "fjernet" not in page.error.message.text()
    assert page.error.toggle.text() == "&Detaljer"


@pytest.mark.parametrize(
    ("language", "path"),
    [("en", "All settings → Extensions → Apps"), ("da", "Alle indstillinger → Udvidelser → Apps")],
)
def test_verify_with_an_empty_field_says_where_the_token_comes_from(
    qtbot, make_wizard, language, path
):
    _wizard, page = open_connect_page(qtbot, make_wizard, language)
    assert page.next_reason.isVisible()  # Next is greyed, and says why
    page.verify()
    assert page.error.is_shown()
    assert path in page.error.message.text()  # the menu path in the UI's language
    assert "again" not in page.error.message.text() and "igen" not in page.error.message.text()


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
    assert redirect.startswith("http://127.0.0.1:")
    assert re.fullmatch(r"/callback/[A-Za-z0-9_-]{22,}", urlsplit(redirect).path)
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
    from wizard.ui.i18n import Translations
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


# -- only the wizard's own redirect is caught -----------------------------------------------------


def start_catching(qtbot, page, browser):
    click(qtbot, page.open_button)
    redirect = parse_qs(urlsplit(browser.opened[-1]).query)["redirectUrl"][0]
    assert page.catcher.listening
    return redirect


def test_a_forged_callback_without_the_nonce_is_refused_and_changes_nothing(
    qtbot, make_wizard, browser, sandbox
):
    _wizard, page = open_connect_page(qtbot, make_wizard)
    redirect = start_catching(qtbot, page, browser)
    origin = redirect.rsplit("/callback/", 1)[0]
    nonce = urlsplit(redirect).path.rsplit("/", 1)[1]
    forged = sandbox.admin.create_grant()  # a working token of someone else's choosing
    for path in ("/callback", "/callback/", "/callback/wrong-nonce", f"/callback/{nonce}x",
                 f"/callback/{nonce[:-1]}", f"/{nonce}", f"/callback/{nonce}/more"):
        answer = requests.get(f"{origin}{path}?token={forged}", timeout=10)
        assert answer.status_code == 404, path
        assert forged not in answer.text
    qtbot.wait(200)  # a queued signal would have arrived by now
    assert page.token.text() == "" and page._task is None
    assert page.link_status.kind == "busy" and page.catcher.listening


def test_the_right_callback_is_taken_once_and_a_second_is_refused(
    qtbot, make_wizard, browser, sandbox, secret_store
):
    _wizard, page = open_connect_page(qtbot, make_wizard)
    redirect = start_catching(qtbot, page, browser)
    answer = requests.get(f"{redirect}?token={GRANT_TOKEN}", timeout=10)
    assert answer.status_code == 200 and "close this window" in answer.text
    second = sandbox.admin.create_grant()
    replay = requests.Session().get(f"{redirect}?token={second}", timeout=10)  # fresh connection
    assert replay.status_code == 404
    qtbot.waitUntil(page.isComplete, timeout=WAIT_MS)
    assert page.current_token() == GRANT_TOKEN  # the first, not the second
    assert "Demo Regnskab ApS" in page.verify_status.text()
    assert str(AGREEMENT_NUMBER) in page.verify_status.text()
    assert load_grant_token(PROFILE) is None  # shown and verified, but kept only at Finish
    assert not profiles_path().exists()


def test_nothing_is_caught_after_the_wizard_stopped_listening(qtbot, make_wizard, browser):
    _wizard, page = open_connect_page(qtbot, make_wizard)
    redirect = start_catching(qtbot, page, browser)
    page.shutdown()
    assert not page.catcher.listening
    try:
        answer = requests.get(f"{redirect}?token={GRANT_TOKEN}", timeout=5)
    except requests.ConnectionError:
        pass  # nobody listens any more
    else:
        assert answer.status_code == 404
    qtbot.wait(100)
    assert page.token.text() == ""


def test_every_listening_session_gets_a_new_nonce(qtbot, make_wizard, browser):
    _wizard, page = open_connect_page(qtbot, make_wizard)
    first = start_catching(qtbot, page, browser)
    page.catcher.stop()
    second = start_catching(qtbot, page, browser)
    assert urlsplit(first).path != urlsplit(second).path


def test_a_browser_back_without_a_token_keeps_waiting_for_the_real_one(
    qtbot, make_wizard, browser
):
    _wizard, page = open_connect_page(qtbot, make_wizard)
    redirect = start_catching(qtbot, page, browser)
    assert requests.get(redirect, timeout=10).status_code == 200
    qtbot.waitUntil(lambda: page.link_status.kind == "warning", timeout=WAIT_MS)
    assert "without a token" in page.link_status.text()
    assert requests.get(f"{redirect}?token={GRANT_TOKEN}", timeout=10).status_code == 200
    qtbot.waitUntil(page.isComplete, timeout=WAIT_MS)
