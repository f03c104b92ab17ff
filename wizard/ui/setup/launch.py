"""Build the wizard's starting point from the command line and the saved settings (no Qt)."""

from __future__ import annotations

from pathlib import Path

from wizard.settings.profiles import SettingsError
from wizard.settings.store import load_profiles
from wizard.ui.setup.state import SetupContext, connection_from_environment, sandbox_connection


def build_context(
    *,
    sandbox_url: str | None = None,
    profile: str | None = None,
    language: str = "en",
    inbox: Path | None = None,
) -> SetupContext:
    """`sandbox_url` presets the sandbox's address and app tokens; `profile` preselects the
    profile to edit; `inbox` prefills the inbox folder of a new profile (the demo's)."""
    if sandbox_url:
        from wizard.commands.local_sandbox import sandbox_app_tokens

        app = sandbox_connection(sandbox_url, *sandbox_app_tokens())
    else:
        app = connection_from_environment()
    context = SetupContext(
        app=app,
        language=language,
        wanted_profile=profile,
        inbox_default=inbox,
    )
    try:
        context.profiles = load_profiles()
    except SettingsError as error:
        context.profiles_problem = error
    return context
