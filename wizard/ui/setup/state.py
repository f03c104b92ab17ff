"""What the wizard knows while it runs, kept apart from the widgets (no Qt in here).

Pages read and write one `SetupContext`; nothing in it is saved until Finish (`save.py`), so
Cancel at any point leaves no file and no keyring entry behind.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from wizard.economic.endpoint import BASE_URL_ENV, RetryPolicy
from wizard.economic.grant import DEFAULT_GRANT_SITE
from wizard.settings.profiles import ExportProfile, SettingsError
from wizard.settings.secrets import SecretStoreError

if TYPE_CHECKING:  # the HTTP stack loads when a page first talks to e-conomic
    from wizard.economic import EconomicClient
    from wizard.economic.models import Agreement, Journal

APP_PUBLIC_TOKEN_ENV = "ACUBIZ_EXPORT_APP_PUBLIC_TOKEN"
APP_SECRET_TOKEN_ENV = "ACUBIZ_EXPORT_APP_SECRET_TOKEN"
REAL_API_HOST = "restapi.e-conomic.com"

# The app registration a packaged build ships with (filled in by the release build; empty in a
# source tree, where the admin or IT enters the tokens on the "e-conomic app" page).
PACKAGED_APP_PUBLIC_TOKEN = ""
PACKAGED_APP_SECRET_TOKEN = ""

DEFAULT_PROFILE_NAME = "2. Omkostninger"  # Acubiz's own name for its expense export
# The name a new export is offered, in the wizard's language ("udlæg": what a Danish finance
# admin calls an employee's expenses).
SUGGESTED_PROFILE_NAMES = {"en": "Expenses", "da": "Udlæg"}
DEFAULT_JOURNAL_NAME = "ACUBIZ EMS"

# The wizard asks once, quickly: a verify button must not spin for the ~10 s of backoff the
# unattended engine allows itself.
INTERACTIVE_RETRY = RetryPolicy(max_attempts=2, backoff_factor=0.2, backoff_jitter=0.1)
INTERACTIVE_TIMEOUT = (5.0, 20.0)


@dataclass
class AppConnection:
    """Which e-conomic (real or sandbox) and which app registration the wizard talks to.

    `api_base_url` None means e-conomic itself (or `$ACUBIZ_EXPORT_API_URL`); `grant_site` is
    where the "add app" page lives. `preset` says the tokens are fixed (sandbox, packaged build)
    so the "e-conomic app" page is skipped.
    """

    app_public_token: str = ""
    app_secret_token: str = ""
    api_base_url: str | None = None
    grant_site: str = DEFAULT_GRANT_SITE
    preset: bool = False


@dataclass
class SetupContext:
    """Everything the pages share. `existing` is the profile being edited (None: a new one)."""

    app: AppConnection = field(default_factory=AppConnection)
    language: str = "en"
    profiles: list[ExportProfile] = field(default_factory=list)
    profiles_problem: SettingsError | None = None  # when the file is broken (`.text(language)`)
    existing: ExportProfile | None = None
    wanted_profile: str | None = None  # `setup --profile NAME`
    saved_grant_token: str | None = None  # the edited profile's token, kept unless replaced
    saved_token_problem: SecretStoreError | None = None  # reading the saved token failed
    grant_token: str | None = None  # verified on the Connect page
    agreement: Agreement | None = None
    journal: Journal | None = None
    inbox_default: Path | None = None  # prefilled inbox (the demo's)

    def client(self, grant_token: str | None = None) -> EconomicClient:
        """A client for one background task (each task opens and closes its own)."""
        from wizard.economic import EconomicClient

        return EconomicClient(
            self.app.app_secret_token,
            grant_token or self.grant_token or "",
            base_url=self.app.api_base_url,
            retry=INTERACTIVE_RETRY,
            timeout=INTERACTIVE_TIMEOUT,
        )


def suggested_profile_name(language: str, taken: set[str] | frozenset[str]) -> str:
    """'Expenses' ('Udlæg' in Danish), or 'Expenses 2', 'Expenses 3', … when an export of
    that name exists already, so a second export never starts with a name in use."""
    base = SUGGESTED_PROFILE_NAMES.get(language, SUGGESTED_PROFILE_NAMES["en"])
    name, number = base, 1
    while name in taken:
        number += 1
        name = f"{base} {number}"
    return name


def connection_from_environment() -> AppConnection:
    """The app tokens from the environment, else the packaged defaults (page 2 is prefilled).

    A packaged build that carries both tokens is a preset: the admin never sees them.
    """
    public = os.environ.get(APP_PUBLIC_TOKEN_ENV, "").strip()
    secret = os.environ.get(APP_SECRET_TOKEN_ENV, "").strip()
    base_url = os.environ.get(BASE_URL_ENV, "").strip() or None
    preset = False
    if not public and not secret and PACKAGED_APP_PUBLIC_TOKEN and PACKAGED_APP_SECRET_TOKEN:
        public, secret, preset = PACKAGED_APP_PUBLIC_TOKEN, PACKAGED_APP_SECRET_TOKEN, True
    return AppConnection(
        app_public_token=public,
        app_secret_token=secret,
        api_base_url=base_url,
        grant_site=grant_site_for(base_url),
        preset=preset,
    )


def sandbox_connection(
    base_url: str, app_public_token: str, app_secret_token: str
) -> AppConnection:
    """The local sandbox: its address, and the app tokens it is seeded with (handed in by the
    caller, `wizard.commands.local_sandbox`: the UI does not read the sandbox's seed)."""
    base_url = base_url.rstrip("/")
    return AppConnection(
        app_public_token=app_public_token,
        app_secret_token=app_secret_token,
        api_base_url=base_url,
        grant_site=base_url,
        preset=True,
    )


def grant_site_for(api_base_url: str | None) -> str:
    """e-conomic's add-app page lives on secure.e-conomic.com; a stand-in serves its own."""
    if not api_base_url:
        return DEFAULT_GRANT_SITE
    host = (urlsplit(api_base_url).hostname or "").lower()
    return DEFAULT_GRANT_SITE if host == REAL_API_HOST else api_base_url.rstrip("/")
