"""`acubiz-export connect --profile NAME [--api-url URL]`: give a profile its e-conomic access.

Reads the grant token — or the whole address e-conomic showed after "Add app" — from standard
input when it is piped, else from a no-echo prompt; never from the command line, where other
users of the machine could read it. Checks it with `GET /self`, shows which company it opens,
and only then stores it in the password store. Nothing is stored when anything fails.

The app secret token (one per e-conomic address) comes from `$ACUBIZ_EXPORT_APP_SECRET_TOKEN`,
else the password store, else the second line of standard input (or a second prompt); one that
was read is stored too once the check succeeded.

Exit codes: 0 connected; 2 nothing usable pasted, unknown profile or bad address;
3 e-conomic refused the token (401/403) or the password store failed; 4 e-conomic could not be
reached or had a problem (try again); 1 anything unexpected.
"""

from __future__ import annotations

import argparse
import os

from wizard.commands.cli_words import command
from wizard.commands.common import (
    CommandError,
    ExitCode,
    SecretInput,
    forget_grant_check,
    guarded,
    quoted,
    require_profile,
)

APP_SECRET_ENV = "ACUBIZ_EXPORT_APP_SECRET_TOKEN"
GRANT_PROMPT = "Paste the token (or the whole address e-conomic showed after 'Add app'): "
APP_SECRET_PROMPT = "Paste the app secret token for {url}: "


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.description = (
        "Connect a profile to e-conomic: paste the grant token (or the whole address shown"
        " after 'Add app') on standard input or at the prompt. It is checked with e-conomic"
        " and then kept in the password store. The app secret token comes from"
        f" ${APP_SECRET_ENV}, the password store, or the second line of standard input."
    )
    parser.add_argument("--profile", required=True, metavar="NAME", help="the profile to connect")
    parser.add_argument(
        "--api-url", metavar="URL", default=None,
        help="e-conomic API address to use (saved in the profile); default: the profile's,"
        " else $ACUBIZ_EXPORT_API_URL, else https://restapi.e-conomic.com",
    )


@guarded
def run(args: argparse.Namespace) -> int:
    import dataclasses

    from wizard.economic.errors import EconomicError, InvalidGrantToken
    from wizard.economic.grant import extract_grant_token, token_problem
    from wizard.economic.http import resolve_base_url
    from wizard.economic.messages import phrase
    from wizard.redact import redact, remember_secret
    from wizard.settings.secrets import (
        backend_name,
        load_app_secret,
        store_app_secret,
        store_grant_token,
    )
    from wizard.settings.store import upsert_profile

    profile = require_profile(args.profile)
    api_url = _given_api_url(args) or profile.api_base_url
    try:
        base_url = resolve_base_url(api_url)
    except EconomicError as error:
        raise CommandError(ExitCode.USAGE, error.title, error.message) from None

    secrets = SecretInput()
    try:
        grant = extract_grant_token(secrets.read(GRANT_PROMPT))
    except InvalidGrantToken as error:
        raise CommandError(
            ExitCode.USAGE, error.title,
            f"{error.message} Nothing was stored.",
        ) from None
    remember_secret(grant)

    app_secret = os.environ.get(APP_SECRET_ENV, "").strip() or None
    app_secret_is_new = True
    if app_secret is None:
        app_secret = load_app_secret(base_url)
        app_secret_is_new = app_secret is None
    if app_secret is None:
        app_secret = secrets.read(APP_SECRET_PROMPT.format(url=base_url)).strip()
        if not app_secret:
            raise CommandError(
                ExitCode.USAGE, "No app secret token",
                f"No app secret token is stored for {base_url}. Give it on the second line of"
                f" standard input, at the prompt, or in ${APP_SECRET_ENV}. Nothing was stored.",
            )
    remember_secret(app_secret)
    problem = token_problem(app_secret)
    if problem is not None:
        reason, details = problem
        raise CommandError(
            ExitCode.USAGE, "That is not an app secret token",
            f"{phrase(reason, **details)[0]} Nothing was stored.",
        )

    agreement = _verify(app_secret, grant, base_url, app_secret_is_new)
    user = f" (user {agreement.user_name})" if agreement.user_name else ""
    print(
        f"Connected to e-conomic: {agreement.company_name}, agreement"
        f" {agreement.agreement_number}{user}."
    )
    if app_secret_is_new:
        store_app_secret(app_secret, base_url)
    store_grant_token(profile.name, grant, base_url)
    forget_grant_check(profile.name)  # `status` asks e-conomic again about the new token
    print(f"Token {redact(grant)} saved in {backend_name()} for profile '{profile.name}'.")
    if args.api_url and api_url != profile.api_base_url:
        upsert_profile(dataclasses.replace(profile, api_base_url=api_url))
        print(f"The profile now uses {api_url}.")
    print(f"Try it: {command()} transfer --profile {quoted(profile.name)} --dry-run")
    return ExitCode.OK


def _given_api_url(args: argparse.Namespace) -> str | None:
    """`--api-url`, checked by the same rules as a saved profile's address (it is saved in the
    profile once connected); None when not given."""
    from wizard.settings.validation import api_url_problem

    given = (args.api_url or "").strip() or None
    if given is not None:
        problem = api_url_problem(given)
        if problem is not None:
            raise CommandError(
                ExitCode.USAGE, "API address not accepted", f"{problem.en} Nothing was stored."
            )
    return given


def _verify(app_secret: str, grant: str, base_url: str, app_secret_is_new: bool):
    """The agreement the tokens open, or a CommandError that says what to do."""
    from wizard.economic.client import EconomicClient
    from wizard.economic.errors import (
        ConfigurationError,
        EconomicError,
        Forbidden,
        NotAuthorised,
    )

    try:
        with EconomicClient(app_secret, grant, base_url=base_url) as client:
            return client.get_self()
    except NotAuthorised as error:
        extra = (
            " If the app secret token was just entered, check it too: e-conomic answers the"
            " same when it is wrong." if app_secret_is_new else ""
        )
        raise CommandError(
            ExitCode.ATTENTION, error.title,
            f"{error.message}{extra} Nothing was stored.",
        ) from None
    except Forbidden as error:
        raise CommandError(
            ExitCode.ATTENTION, error.title, f"{error.message} Nothing was stored."
        ) from None
    except ConfigurationError as error:
        raise CommandError(ExitCode.USAGE, error.title, error.message) from None
    except EconomicError as error:
        code = ExitCode.TEMPORARY if error.temporary else ExitCode.UNEXPECTED
        raise CommandError(
            code, error.title, f"{error.message} Nothing was stored. ({error.support_line()})"
        ) from None
