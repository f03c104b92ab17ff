"""Export profiles: what to read, where to post it, and when, for each export the admin set up.

All profiles live in ONE TOML file, `profiles.toml` in the user's config folder
(`platformdirs.user_config_dir("acubiz-export")`), with `schema_version` at the top:

    schema_version = 1

    [[profiles]]
    name = "2. Omkostninger"
    inbox_folder = "C:/Acubiz/Costs"
    ...
    [profiles.category_map.Taxi]
    account = 3640
    vat_code = "I25"

Why this shape: one human-readable file that IT can roll out and a support person can read; a
schema version so a later release can migrate it step by step (`_MIGRATIONS`), and so an older
release refuses a newer file instead of silently dropping what it does not know. The file is
written atomically, and top-level keys this module does not own are kept as they were.

No secret is ever written here: tokens live in the OS keyring (`wizard.settings.secrets`), and
`ExportProfile` has no field that could hold one.
"""

from __future__ import annotations

import dataclasses
import tomllib
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import platformdirs

from wizard.messages import Bilingual
from wizard.settings.atomic import write_toml_atomically
from wizard.settings.profiles import (
    APP_NAME,
    FILE_NAME,
    SCHEMA_VERSION,
    CategoryMapping,
    ExportProfile,
    SettingsError,
)
from wizard.settings.validation import (
    _profile_problems,
    inbox_conflict_message,
    inbox_conflicts,
)

_NOT_SAVED_DA = "Indstillingerne blev ikke gemt"


# from_version → function turning a document of that version into one of the next version.
_MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {}


def profiles_path() -> Path:
    """Where the profiles file lives for this user (it may not exist yet)."""
    return Path(platformdirs.user_config_dir(APP_NAME)) / FILE_NAME


def load_profiles(path: Path | None = None) -> list[ExportProfile]:
    """Every profile in the file, in file order; [] when there is no file yet."""
    path = path or profiles_path()
    document = _read_document(path)
    tables = document.get("profiles", [])
    if not isinstance(tables, list) or not all(isinstance(t, dict) for t in tables):
        raise _broken(path, Bilingual(
            "'profiles' is not a list of profile tables.",
            "'profiles' er ikke en liste af profiltabeller.",
        ))
    profiles = [_profile_from_table(path, index, table) for index, table in enumerate(tables)]
    names = [profile.name for profile in profiles]
    duplicates = sorted({name for name in names if names.count(name) > 1})
    if duplicates:
        raise _broken(path, Bilingual(
            f"the profile name '{duplicates[0]}' is used more than once.",
            f"profilnavnet '{duplicates[0]}' bruges mere end én gang.",
        ))
    return profiles


def save_profiles(profiles: Iterable[ExportProfile], path: Path | None = None) -> None:
    """Replace all profiles in the file, atomically. Refuses (SettingsError) profiles that
    `validate_profile` finds problems with, so the file always reads back."""
    path = path or profiles_path()
    profiles = list(profiles)
    problems: list[Bilingual] = []
    for profile in profiles:
        problems += [
            Bilingual(
                f"{profile.name or '(no name)'}: {problem.en}",
                f"{profile.name or '(intet navn)'}: {problem.da}",
            )
            for problem in _profile_problems(profile, check_folders=False)
        ]
    names = [profile.name for profile in profiles]
    for name in sorted({name for name in names if names.count(name) > 1}):
        problems.append(Bilingual(
            f"The name '{name}' is used by more than one profile. Rename one.",
            f"Navnet '{name}' bruges af mere end én profil. Omdøb den ene.",
        ))
    for index, profile in enumerate(profiles):
        problems += [
            inbox_conflict_message(profile, other)
            for other in inbox_conflicts(profile, profiles[index + 1:])
        ]
    if problems:
        raise SettingsError(
            "Settings not saved", "\n".join(problem.en for problem in problems),
            title_da=_NOT_SAVED_DA, message_da="\n".join(problem.da for problem in problems),
        )
    document = _read_document(path) if path.exists() else {}
    # Keep keys this module does not own (later settings), with schema_version always first.
    rest = {k: v for k, v in document.items() if k not in ("schema_version", "profiles")}
    new_document: dict[str, Any] = {"schema_version": SCHEMA_VERSION, **rest}
    new_document["profiles"] = [_profile_to_table(profile) for profile in profiles]
    try:
        write_toml_atomically(path, new_document)
    except OSError as error:
        raise SettingsError(
            "Settings not saved",
            f"The settings file {path} could not be written ({error.strerror or error}). Check"
            " that the disk is not full and that you may write to that folder. The previous"
            " settings are unchanged.",
            title_da=_NOT_SAVED_DA,
            message_da=f"Indstillingsfilen {path} kunne ikke skrives"
            f" ({error.strerror or error}). Tjek, at disken ikke er fuld, og at du må skrive i"
            " mappen. De tidligere indstillinger er uændrede.",
        ) from error


def get_profile(name: str, path: Path | None = None) -> ExportProfile | None:
    """The profile called `name` (exact match), or None."""
    return next((p for p in load_profiles(path) if p.name == name), None)


def upsert_profile(profile: ExportProfile, path: Path | None = None) -> None:
    """Add `profile`, or replace the profile with the same name in place."""
    profiles = load_profiles(path)
    for index, existing in enumerate(profiles):
        if existing.name == profile.name:
            profiles[index] = profile
            break
    else:
        profiles.append(profile)
    save_profiles(profiles, path)


def remove_profile(name: str, path: Path | None = None) -> bool:
    """Remove the profile called `name`; False when there was none (nothing is written)."""
    profiles = load_profiles(path)
    kept = [profile for profile in profiles if profile.name != name]
    if len(kept) == len(profiles):
        return False
    save_profiles(kept, path)
    return True


def _read_document(path: Path) -> dict[str, Any]:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return {}
    except OSError as error:
        raise SettingsError(
            "Settings could not be read",
            f"The settings file {path} could not be opened ({error.strerror or error}). Check"
            " that you may read it.",
            title_da="Indstillingerne kunne ikke læses",
            message_da=f"Indstillingsfilen {path} kunne ikke åbnes ({error.strerror or error})."
            " Tjek, at du må læse den.",
        ) from error
    try:
        document = tomllib.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise _broken(path, Bilingual(
            f"it is not valid TOML ({error}).", f"den er ikke gyldig TOML ({error})."
        )) from error
    version = document.get("schema_version", SCHEMA_VERSION)
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise _broken(path, Bilingual(
            f"schema_version {version!r} is not a version number.",
            f"schema_version {version!r} er ikke et versionsnummer.",
        ))
    if version > SCHEMA_VERSION:
        raise SettingsError(
            "Settings are from a newer version",
            f"The settings file {path} was written by a newer version of Acubiz e-conomic"
            f" Export (settings version {version}; this one understands {SCHEMA_VERSION})."
            " Install the newer version again. The file was left untouched.",
            title_da="Indstillingerne er fra en nyere version",
            message_da=f"Indstillingsfilen {path} er skrevet af en nyere version af Acubiz"
            f" e-conomic Export (indstillingsversion {version}; denne version forstår"
            f" {SCHEMA_VERSION}). Installér den nyere version igen. Filen er ikke ændret.",
        )
    while version < SCHEMA_VERSION:
        document = _MIGRATIONS[version](document)
        version += 1
        document["schema_version"] = version
    return document


def _broken(path: Path, what: Bilingual) -> SettingsError:
    return SettingsError(
        "Settings file is damaged",
        f"The settings file {path} cannot be read: {what.en} The file was left untouched."
        " Correct it in a text editor, or move it away and set up the export again.",
        title_da="Indstillingsfilen er beskadiget",
        message_da=f"Indstillingsfilen {path} kan ikke læses: {what.da} Filen er ikke ændret."
        " Ret den i en teksteditor, eller flyt den væk, og opsæt eksporten igen.",
    )


def _profile_to_table(profile: ExportProfile) -> dict[str, Any]:
    """TOML has no null: None fields are left out and read back as their default."""
    table: dict[str, Any] = {}
    for item in dataclasses.fields(profile):
        value = getattr(profile, item.name)
        if value is None:
            continue
        if isinstance(value, Path):
            value = str(value)
        elif item.name == "category_map":
            value = {
                category: {"account": m.account}
                | ({"vat_code": m.vat_code} if m.vat_code is not None else {})
                for category, m in value.items()
            }
        elif isinstance(value, dict):
            value = dict(value)
        table[item.name] = value
    return table


_PATH_FIELDS = {"inbox_folder", "receipts_folder", "import_file_folder"}
_KINDS: dict[str, tuple[type, ...]] = {
    "name": (str,), "use_api_export": (bool,), "integration_type": (str,),
    "journal_name": (str,), "journal_number": (int,), "export_type": (str,),
    "daily_time": (str,), "time_zone": (str,), "input_format": (str,),
    "voucher_grouping": (str,), "default_contra_account": (int,),
    "department_dimension": (int,), "attach_receipts": (bool,), "api_base_url": (str,),
    "enabled": (bool,), "category_map": (dict,), "department_map": (dict,),
    "column_overrides": (dict,), "max_amount": (int,),
}


def _profile_from_table(path: Path, index: int, table: dict[str, Any]) -> ExportProfile:
    """Type-check one `[[profiles]]` table; unknown keys are ignored (and dropped on save)."""
    label = Bilingual(
        f"profile {index + 1} ('{table.get('name', '?')}')",
        f"profil {index + 1} ('{table.get('name', '?')}')",
    )
    values: dict[str, Any] = {}
    for item in dataclasses.fields(ExportProfile):
        if item.name not in table:
            continue
        value = table[item.name]
        if item.name in _PATH_FIELDS:
            if not isinstance(value, str):
                raise _broken(path, Bilingual(
                    f"{label.en}: '{item.name}' must be a folder path in quotes.",
                    f"{label.da}: '{item.name}' skal være en mappesti i anførselstegn.",
                ))
            value = Path(value)
        elif not isinstance(value, _KINDS[item.name]) or (
            int in _KINDS[item.name] and isinstance(value, bool)
        ):
            kind = _KINDS[item.name][0].__name__
            raise _broken(path, Bilingual(
                f"{label.en}: '{item.name}' must be of type {kind}.",
                f"{label.da}: '{item.name}' skal være af typen {kind}.",
            ))
        values[item.name] = value
    for required in ("name", "inbox_folder"):
        if required not in values:
            raise _broken(path, Bilingual(
                f"{label.en} has no '{required}'.", f"{label.da} har intet '{required}'."
            ))
    values["category_map"] = _category_map(path, label, values.get("category_map", {}))
    for name in ("department_map", "column_overrides"):
        mapping = values.get(name, {})
        if not all(isinstance(v, int) and not isinstance(v, bool) for v in mapping.values()):
            raise _broken(path, Bilingual(
                f"{label.en}: every value in '{name}' must be a whole number.",
                f"{label.da}: alle værdier i '{name}' skal være heltal.",
            ))
    return ExportProfile(**values)


def _category_map(
    path: Path, label: Bilingual, raw: dict[str, Any]
) -> dict[str, CategoryMapping]:
    mapping = {}
    for category, entry in raw.items():
        account = entry.get("account") if isinstance(entry, dict) else None
        vat_code = entry.get("vat_code") if isinstance(entry, dict) else None
        if not isinstance(account, int) or isinstance(account, bool) or not (
            vat_code is None or isinstance(vat_code, str)
        ):
            raise _broken(path, Bilingual(
                f"{label.en}: category '{category}' needs 'account' (a number) and optionally"
                " 'vat_code' (text).",
                f"{label.da}: kategorien '{category}' skal have 'account' (et tal) og eventuelt"
                " 'vat_code' (tekst).",
            ))
        mapping[category] = CategoryMapping(account=account, vat_code=vat_code or None)
    return mapping
