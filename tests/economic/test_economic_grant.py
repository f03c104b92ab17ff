"""The admin pastes whatever e-conomic showed them; we find the grant token in it or say why not."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from wizard.economic import InvalidGrantToken, add_app_url, extract_grant_token, token_problem

TOKEN = "k5CQGxBJTdPlTv4Cp1KWEOU39xEjQ3yWqJfxQgGbdTI1"  # 44 chars, from the reference
TOKEN_WITH_UNDERSCORE = "LS4emZLGHCD_itL9OvgLbp1CvGCeeh0kE7f_v3L7fdU1"


@pytest.mark.parametrize(
    "pasted",
    [
        TOKEN,
        f"  {TOKEN}\n",
        f'"{TOKEN}"',
        f"'{TOKEN}'",
        f"“{TOKEN}”",
        f"{TOKEN[:20]}\n{TOKEN[20:]}",  # wrapped across two lines when copied
    ],
)
def test_a_bare_token_is_accepted_with_stray_whitespace_and_quotes(pasted):
    assert extract_grant_token(pasted) == TOKEN


@pytest.mark.parametrize(
    "pasted",
    [
        f"http://127.0.0.1:3333/economic/grant/callback?token={TOKEN}",
        f"https://example.com/cb?token={TOKEN}&locale=da-DK",
        f"https://example.com/cb?locale=da-DK&token={TOKEN}",
        f"https://example.com/cb?agreementGrantToken={TOKEN}",
        f"  <https://example.com/cb?token={TOKEN}>  ",
        f"example.com/cb#token={TOKEN}",
    ],
)
def test_the_whole_redirect_address_is_accepted(pasted):
    assert extract_grant_token(pasted) == TOKEN


def test_a_token_with_underscore_and_the_demo_token_are_accepted():
    assert extract_grant_token(TOKEN_WITH_UNDERSCORE) == TOKEN_WITH_UNDERSCORE
    assert extract_grant_token("demo") == "demo"
    assert extract_grant_token(" demo ") == "demo"


def test_the_app_public_token_in_the_add_app_address_is_not_mistaken_for_the_grant():
    url = add_app_url(TOKEN_WITH_UNDERSCORE)
    with pytest.raises(InvalidGrantToken) as caught:
        extract_grant_token(url)
    assert caught.value.reason == "add_app_address"
    assert "Add app" in caught.value.message
    assert "Tilføj app" in caught.value.message_da


@pytest.mark.parametrize(
    ("pasted", "reason"),
    [
        ("", "empty"),
        ("   \n", "empty"),
        ('""', "empty"),
        ("abc123", "too_short"),
        ("A" * 39, "too_short"),
        ("A" * 65, "too_long"),
        ("hello world! this is not a token at all, sorry", "bad_characters"),
        (TOKEN[:-1] + "=", "bad_characters"),
        ("https://example.com/callback?state=1", "address_without_token"),
        ("https://example.com/cb?token=", "empty"),
        ("https://example.com/cb?token=short", "too_short"),
    ],
)
def test_garbage_is_refused_with_a_plain_reason(pasted, reason):
    with pytest.raises(InvalidGrantToken) as caught:
        extract_grant_token(pasted)
    error = caught.value
    assert error.reason == reason
    assert error.title and error.message and error.title_da and error.message_da
    assert "Adgangs-ID" in error.message_da  # where to find it, in e-conomic's Danish words
    assert str(error) == error.message


def test_reasons_say_how_long_the_token_was():
    with pytest.raises(InvalidGrantToken) as caught:
        extract_grant_token("A" * 12)
    assert "12 characters" in caught.value.message
    assert "12 tegn" in caught.value.message_da


def test_token_problem_is_the_plain_format_check():
    assert token_problem(TOKEN) is None
    assert token_problem("demo") is None
    assert token_problem("A" * 40) is None
    assert token_problem("A" * 64) is None
    assert token_problem("A" * 39)[0] == "too_short"
    assert token_problem("A" * 65)[0] == "too_long"
    assert token_problem("Demo")[0] == "too_short"  # only the literal lower-case demo
    assert token_problem("æ" * 44)[0] == "bad_characters"


def test_add_app_url_carries_public_token_redirect_and_locale():
    url = add_app_url(
        TOKEN_WITH_UNDERSCORE,
        redirect_url="http://127.0.0.1:8765/grant/callback",
        locale="da-DK",
    )
    parts = urlsplit(url)
    assert parts.scheme == "https"
    assert parts.netloc == "secure.e-conomic.com"
    assert parts.path == "/secure/api1/requestaccess.aspx"
    query = parse_qs(parts.query)
    assert query == {
        "appPublicToken": [TOKEN_WITH_UNDERSCORE],
        "redirectUrl": ["http://127.0.0.1:8765/grant/callback"],
        "locale": ["da-DK"],
    }
    assert "redirectUrl=http%3A%2F%2F127.0.0.1%3A8765%2Fgrant%2Fcallback" in url


def test_add_app_url_can_point_at_the_sandbox():
    url = add_app_url("PUBLIC", site="http://127.0.0.1:9999/")
    assert url == "http://127.0.0.1:9999/secure/api1/requestaccess.aspx?appPublicToken=PUBLIC"
