"""The "add app" page: a customer grants our app access, we get a token that works."""

from __future__ import annotations

import html
import re
from urllib.parse import parse_qs, urlsplit

import requests
from sandbox_helpers import Api

from wizard.sandbox.seed import AGREEMENT_NUMBER, APP_NAME, APP_PUBLIC_TOKEN

PAGE = "/secure/api1/requestaccess.aspx"


def form_fields(page: str) -> dict[str, str]:
    fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', page))
    return {name: html.unescape(value) for name, value in fields.items()}


def test_danish_page_uses_e_conomics_wording(sandbox):
    response = requests.get(sandbox.add_app_url, params={"locale": "da-DK"}, timeout=10)
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/html")
    page = response.text
    assert "Vil du tilføje appen til din aftale?" in page
    assert APP_NAME in page
    assert "Kassekladder og bilag" in page
    assert "Appen bliver tilføjet for brugeren" in page
    assert f"på aftalenr. <strong>{AGREEMENT_NUMBER}</strong>" in page
    assert "Tilføj app" in page
    assert "Alle indstillinger -> Udvidelser -> Apps" in page


def test_english_is_the_default_locale(sandbox):
    page = requests.get(sandbox.add_app_url, timeout=10).text
    assert "Do you want to add the app to your agreement?" in page
    assert "Add app" in page
    assert "Journals and vouchers" in page
    assert "Tilføj app" not in page


def test_add_app_redirects_with_a_grant_that_works(sandbox):
    callback = "http://127.0.0.1:9/economic/callback"
    page = requests.get(
        sandbox.add_app_url, params={"redirectUrl": callback, "locale": "da-DK"}, timeout=10
    ).text
    fields = form_fields(page)
    assert fields == {"appPublicToken": APP_PUBLIC_TOKEN, "redirectUrl": callback,
                      "locale": "da-DK"}

    pressed = requests.post(sandbox.base_url + PAGE, data=fields, allow_redirects=False,
                            timeout=10)

    assert pressed.status_code == 303
    location = urlsplit(pressed.headers["Location"])
    assert f"{location.scheme}://{location.netloc}{location.path}" == callback
    token = parse_qs(location.query)["token"][0]
    assert re.fullmatch(r"[A-Za-z0-9_-]{43}1", token)
    me = Api(sandbox.base_url, grant=token).get("/self")
    assert me.status_code == 200
    assert me.json()["agreementNumber"] == AGREEMENT_NUMBER


def test_a_one_time_value_in_the_redirect_path_comes_back_unchanged(sandbox):
    """The wizard puts its nonce in the path (e-conomic echoes no `state`): the redirect must
    go to exactly that path, with only `?token=` added."""
    callback = "http://127.0.0.1:9/callback/q5-Ik_Zw3Xo0aYl9Vb2N1g"
    page = requests.get(sandbox.add_app_url, params={"redirectUrl": callback}, timeout=10).text
    pressed = requests.post(sandbox.base_url + PAGE, data=form_fields(page),
                            allow_redirects=False, timeout=10)
    assert pressed.status_code == 303
    assert re.fullmatch(re.escape(callback) + r"\?token=[A-Za-z0-9_-]{44}",
                        pressed.headers["Location"])


def test_redirect_keeps_an_existing_query(sandbox):
    fields = {"appPublicToken": APP_PUBLIC_TOKEN, "redirectUrl": "https://example.test/cb?x=1"}
    pressed = requests.post(sandbox.base_url + PAGE, data=fields, allow_redirects=False,
                            timeout=10)
    assert pressed.status_code == 303
    assert re.fullmatch(r"https://example\.test/cb\?x=1&token=[A-Za-z0-9_-]{44}",
                        pressed.headers["Location"])


def test_without_redirect_the_added_page_shows_the_token(sandbox):
    pressed = requests.post(sandbox.base_url + PAGE,
                            data={"appPublicToken": APP_PUBLIC_TOKEN, "locale": "da-DK"},
                            timeout=10)
    assert pressed.status_code == 200
    assert "Tilføjet" in pressed.text
    assert "Gå til e-conomic" in pressed.text
    match = re.search(r'<div class="token" id="token">([A-Za-z0-9_-]{44})</div>', pressed.text)
    assert match
    assert Api(sandbox.base_url, grant=match.group(1)).get("/self").status_code == 200
    # ...and it is listed like under Alle indstillinger -> Udvidelser -> Apps.
    apps = requests.get(sandbox.base_url + "/secure/settings/apps", timeout=10).text
    assert match.group(1) in apps


def test_legacy_app_id_parameter_is_accepted(sandbox):
    response = requests.get(sandbox.base_url + PAGE, params={"appId": APP_PUBLIC_TOKEN},
                            timeout=10)
    assert response.status_code == 200
    assert "Add app" in response.text


def test_unknown_app_gets_an_error_page(sandbox):
    response = requests.get(sandbox.base_url + PAGE,
                            params={"appPublicToken": "x" * 43 + "1", "locale": "da-DK"},
                            timeout=10)
    assert response.status_code == 404
    assert "Appen kunne ikke findes" in response.text
    missing = requests.get(sandbox.base_url + PAGE, timeout=10)
    assert missing.status_code == 400


def test_only_http_redirects_are_allowed(sandbox):
    response = requests.get(sandbox.add_app_url, params={"redirectUrl": "javascript:alert(1)"},
                            timeout=10)
    assert response.status_code == 400
    pressed = requests.post(
        sandbox.base_url + PAGE,
        data={"appPublicToken": APP_PUBLIC_TOKEN, "redirectUrl": "file:///etc/passwd"},
        allow_redirects=False, timeout=10,
    )
    assert pressed.status_code == 400
    assert "Location" not in pressed.headers
