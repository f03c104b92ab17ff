"""Finish: keep the tokens in the keyring and the profile in the settings file, all or nothing.

Order matters. The keyring comes first, because without a token the saved profile could not
run; the profile file is written last, atomically (`wizard.settings`). If writing the profile
fails, the keyring is put back as it was, so a failed Finish leaves things as before. Nothing
here runs before Finish: Cancel never reaches this module.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass

from wizard.settings.profiles import ExportProfile
from wizard.settings.secrets import (
    delete_app_secret,
    delete_grant_token,
    load_app_secret,
    load_grant_token,
    store_app_secret,
    store_grant_token,
)
from wizard.settings.store import load_profiles, save_profiles


@dataclass(frozen=True)
class SetupResult:
    """What Finish saved (no tokens in here: they are in the keyring)."""

    profile: ExportProfile
    renamed_from: str | None = None
    token_replaced: bool = False


def save_setup(
    profile: ExportProfile,
    *,
    grant_token: str,
    app_secret_token: str,
    previous_name: str | None = None,
) -> SetupResult:
    """Store the app secret and the grant token, then write `profile` (replacing the profile
    called `previous_name` when editing, even if it was renamed).

    Raises `SecretStoreError` (nothing changed) or `SettingsError` (keyring put back).
    """
    base_url = profile.api_base_url
    old_secret = load_app_secret(base_url)
    old_grant = load_grant_token(profile.name)
    if app_secret_token and app_secret_token != old_secret:
        store_app_secret(app_secret_token, base_url)
    if grant_token != old_grant:
        store_grant_token(profile.name, grant_token, base_url)
    try:
        names = {profile.name, previous_name}
        kept: list[ExportProfile] = []
        placed = False
        for existing in load_profiles():
            if existing.name not in names:
                kept.append(existing)
            elif not placed:  # the edited profile keeps its place in the list
                kept.append(profile)
                placed = True
        if not placed:
            kept.append(profile)
        save_profiles(kept)
    except Exception:
        _restore(profile, base_url, old_grant, old_secret)
        raise
    renamed = previous_name if previous_name and previous_name != profile.name else None
    if renamed:
        # The old name's token is not needed any more; failing to remove it harms nothing.
        with contextlib.suppress(Exception):
            delete_grant_token(renamed)
    return SetupResult(profile, renamed, token_replaced=grant_token != old_grant)


def _restore(
    profile: ExportProfile, base_url: str | None, old_grant: str | None, old_secret: str | None
) -> None:
    with contextlib.suppress(Exception):
        if old_grant:
            store_grant_token(profile.name, old_grant, base_url)
        else:
            delete_grant_token(profile.name)
    with contextlib.suppress(Exception):
        if old_secret:
            store_app_secret(old_secret, base_url)
        else:
            delete_app_secret(base_url)
