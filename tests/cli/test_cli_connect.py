"""`acubiz-export connect`: the admin pastes what e-conomic showed; the token is checked, kept in
the password store, and never shown, logged or accepted on the command line."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from cli_helpers import unique_name

from wizard.commands.common import ExitCode
from wizard.sandbox.seed import AGREEMENT_NUMBER, APP_SECRET_TOKEN, COMPANY, GRANT_TOKEN
from wizard.settings.secrets import load_app_secret, load_grant_token, store_app_secret
from wizard.settings.store import get_profile

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.desktop  # every test here stores (or must not store) a real token


@pytest.fixture
def profile(cli, sandbox, tmp_path, real_keyring):
    """A profile pointed at the sandbox, not connected yet."""
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    name = unique_name()
    real_keyring.profiles.add(name)
    real_keyring.api_urls.add(sandbox.base_url)
    result = cli("profile", "add", "--name", name, "--inbox", str(inbox),
                 "--api-url", sandbox.base_url)
    assert result.code == ExitCode.OK, result.text
    return name


def assert_no_secret(text: str, *secrets: str) -> None:
    for secret in secrets:
        assert secret not in text
        assert secret[:-4] not in text  # not even most of it


def test_a_bare_token_connects_and_is_stored(cli, sandbox, profile):
    result = cli("connect", "--profile", profile, stdin=f"{GRANT_TOKEN}\n{APP_SECRET_TOKEN}\n")
    assert result.code == ExitCode.OK, result.text
    assert COMPANY["name"] in result.out and str(AGREEMENT_NUMBER) in result.out
    assert f"…{GRANT_TOKEN[-4:]}" in result.out
    assert load_grant_token(profile) == GRANT_TOKEN
    assert load_app_secret(sandbox.base_url) == APP_SECRET_TOKEN
    assert_no_secret(result.text, GRANT_TOKEN, APP_SECRET_TOKEN)


def test_the_whole_pasted_address_works_too(cli, sandbox, profile):
    store_app_secret(APP_SECRET_TOKEN, sandbox.base_url)  # stored earlier: not asked again
    grant = sandbox.admin.create_grant()
    pasted = f'  "http://localhost:8080/acubiz/connected?token={grant}&state=x"  \n'
    result = cli("connect", "--profile", profile, stdin=pasted)
    assert result.code == ExitCode.OK, result.text
    assert load_grant_token(profile) == grant
    assert_no_secret(result.text, grant, APP_SECRET_TOKEN)


@pytest.mark.parametrize(
    ("pasted", "says"),
    [
        ("", "Nothing was pasted"),
        ("hello world!", "characters that e-conomic tokens never have"),
        ("abc123", "too short"),
        ("https://secure.e-conomic.com/secure/api1/requestaccess.aspx?appPublicToken=x",
         "address of the 'Add app' page"),
    ],
)
def test_garbage_is_refused_plainly_and_nothing_is_stored(cli, sandbox, profile, pasted, says):
    result = cli("connect", "--profile", profile, stdin=pasted + "\n" + APP_SECRET_TOKEN)
    assert result.code == ExitCode.USAGE
    assert says in result.err and "Nothing was stored" in result.err
    assert result.out == ""
    assert load_grant_token(profile) is None
    assert load_app_secret(sandbox.base_url) is None


def test_a_revoked_token_says_connect_again_and_stores_nothing(cli, sandbox, profile):
    grant = sandbox.admin.create_grant()
    sandbox.admin.revoke_grant(grant)
    result = cli("connect", "--profile", profile, stdin=f"{grant}\n{APP_SECRET_TOKEN}\n")
    assert result.code == ExitCode.ATTENTION
    assert "Not connected to e-conomic" in result.err
    assert "removed in e-conomic" in result.err and "Nothing was stored" in result.err
    assert load_grant_token(profile) is None
    assert load_app_secret(sandbox.base_url) is None
    assert_no_secret(result.text, grant, APP_SECRET_TOKEN)


def test_no_rights_is_its_own_message(cli, sandbox, profile, monkeypatch):
    from wizard.economic.client import EconomicClient
    from wizard.economic.errors import Forbidden

    def forbidden(self):
        raise Forbidden(http_status=403, method="GET", path="/self")

    monkeypatch.setattr(EconomicClient, "get_self", forbidden)
    result = cli("connect", "--profile", profile, stdin=f"{GRANT_TOKEN}\n{APP_SECRET_TOKEN}\n")
    assert result.code == ExitCode.ATTENTION
    assert "Not allowed in e-conomic" in result.err
    assert load_grant_token(profile) is None


def test_no_network_is_temporary_and_stores_nothing(cli, profile, monkeypatch):
    from wizard.economic import http

    real_build_retry = http.build_retry
    monkeypatch.setattr(http, "build_retry", lambda policy, sleeper=None, throttle=None: (
        real_build_retry(policy, lambda seconds: None, throttle)))  # no backoff waits in a test
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        dead_url = f"http://127.0.0.1:{probe.getsockname()[1]}"
    result = cli("connect", "--profile", profile, "--api-url", dead_url,
                 stdin=f"{GRANT_TOKEN}\n{APP_SECRET_TOKEN}\n")
    assert result.code == ExitCode.TEMPORARY
    assert "Cannot reach e-conomic" in result.err
    assert load_grant_token(profile) is None
    assert get_profile(profile).api_base_url != dead_url  # only a working address is saved
    assert_no_secret(result.text, GRANT_TOKEN, APP_SECRET_TOKEN)


def test_the_app_secret_can_come_from_the_environment(cli, sandbox, profile, monkeypatch):
    monkeypatch.setenv("ACUBIZ_EXPORT_APP_SECRET_TOKEN", APP_SECRET_TOKEN)
    result = cli("connect", "--profile", profile, stdin=GRANT_TOKEN)
    assert result.code == ExitCode.OK, result.text
    assert load_app_secret(sandbox.base_url) == APP_SECRET_TOKEN
    assert_no_secret(result.text, GRANT_TOKEN, APP_SECRET_TOKEN)


def test_a_missing_app_secret_is_asked_for_by_name(cli, sandbox, profile):
    result = cli("connect", "--profile", profile, stdin=GRANT_TOKEN)
    assert result.code == ExitCode.USAGE
    assert "No app secret token" in result.err and "ACUBIZ_EXPORT_APP_SECRET_TOKEN" in result.err
    assert load_grant_token(profile) is None


def test_a_wrong_app_secret_is_mentioned_when_it_was_just_entered(cli, sandbox, profile):
    wrong = "x" * 44
    result = cli("connect", "--profile", profile, stdin=f"{GRANT_TOKEN}\n{wrong}\n")
    assert result.code == ExitCode.ATTENTION
    assert "app secret token" in result.err
    assert load_app_secret(sandbox.base_url) is None
    assert_no_secret(result.text, GRANT_TOKEN, wrong)


def test_api_url_given_to_connect_is_saved_in_the_profile(cli, sandbox, tmp_path, real_keyring):
    name = unique_name()
    real_keyring.profiles.add(name)
    real_keyring.api_urls.add(sandbox.base_url)
    inbox = tmp_path / "in"
    inbox.mkdir()
    assert cli("profile", "add", "--name", name, "--inbox", str(inbox)).code == 0
    result = cli("connect", "--profile", name, "--api-url", sandbox.base_url,
                 stdin=f"{GRANT_TOKEN}\n{APP_SECRET_TOKEN}\n")
    assert result.code == ExitCode.OK, result.text
    assert get_profile(name).api_base_url == sandbox.base_url


def test_an_unknown_profile_is_a_usage_error(cli):
    result = cli("connect", "--profile", "Nobody", stdin=GRANT_TOKEN)
    assert result.code == ExitCode.USAGE and "no profile 'Nobody'" in result.err


def test_the_token_is_never_accepted_as_an_argument(cli, profile):
    result = cli("connect", "--profile", profile, "--token", GRANT_TOKEN)
    assert result.code == ExitCode.USAGE
    assert load_grant_token(profile) is None


def test_connect_through_a_real_process_with_piped_stdin(cli, sandbox, profile):
    """End to end: `python -m wizard connect`, token and app secret piped in, over HTTP."""
    grant = sandbox.admin.create_grant()
    done = subprocess.run(
        [sys.executable, "-m", "wizard", "connect", "--profile", profile],
        input=f"http://localhost/return?token={grant}\n{APP_SECRET_TOKEN}\n",
        capture_output=True, text=True, encoding="utf-8", cwd=ROOT, env=dict(os.environ),
        timeout=60,
    )
    assert done.returncode == ExitCode.OK, done.stdout + done.stderr
    assert COMPANY["name"] in done.stdout
    assert_no_secret(done.stdout + done.stderr, grant, APP_SECRET_TOKEN)
    assert load_grant_token(profile) == grant

    shown = subprocess.run(
        [sys.executable, "-m", "wizard", "status"], capture_output=True, text=True,
        encoding="utf-8", cwd=ROOT, env=dict(os.environ), timeout=60,
    )
    assert shown.returncode == ExitCode.OK, shown.stderr
    assert (  # status asked e-conomic, which still accepts the grant
        f"connected to {COMPANY['name']}, agreement {AGREEMENT_NUMBER} (token …{grant[-4:]}"
    ) in shown.stdout
    assert_no_secret(shown.stdout + shown.stderr, grant, APP_SECRET_TOKEN)
