"""`acubiz-export profile add|edit|list|show|remove`: export profiles without the GUI.

For IT roll-outs and tests: every field the setup wizard sets has a flag, `add` and `edit`
refuse a profile `validate_profile` finds problems with (listing every problem at once), and
`show` says whether a token is stored without ever showing it.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from wizard.commands.cli_words import command
from wizard.commands.common import (
    CommandError,
    ExitCode,
    connection_of,
    guarded,
    print_json,
    profile_to_json,
    quoted,
    require_profile,
    yes_no,
)

if TYPE_CHECKING:
    from wizard.settings.profiles import ExportProfile


class _Clear:
    """An empty value on the command line (`--receipts ""`): set the field back to none."""

    def __repr__(self) -> str:
        return "CLEAR"


CLEAR: Any = _Clear()
_FOLDER_FIELDS = {
    "inbox_folder": "inbox folder",
    "receipts_folder": "receipts folder",
    "import_file_folder": "import file folder",
}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)

    add = actions.add_parser(
        "add", help="add a profile (checked before it is saved)",
        description="Add an export profile. Every problem is listed at once; nothing is saved"
        " until there are none. Unset flags take the defaults shown in `--help`.",
    )
    add.add_argument("--name", default=None, help="the profile's name, e.g. '2. Omkostninger'")
    _field_flags(add, editing=False)
    add.set_defaults(_action=_add)

    edit = actions.add_parser(
        "edit", help="change the given fields of a profile",
        description="Change only the fields given; everything else stays as it is. For the"
        " repeatable NAME=VALUE flags, `NAME=` (empty value) removes that entry.",
    )
    edit.add_argument("profile", metavar="NAME", help="the profile to change")
    edit.add_argument(
        "--rename", metavar="NEW", default=None,
        help="give the profile a new name (its e-conomic token moves along)",
    )
    _field_flags(edit, editing=True)
    edit.set_defaults(_action=_edit)

    listing = actions.add_parser(
        "list", help="one line per profile",
        description="List the export profiles, one line each: name, when it runs, journal and"
        " inbox folder.",
    )
    listing.add_argument("--json", action="store_true", help="print JSON instead")
    listing.set_defaults(_action=_list)

    show = actions.add_parser(
        "show", help="every field of one profile, and whether it is connected (never the token)",
        description="Show every field of one export profile, and whether it is connected to"
        " e-conomic (the token itself is never shown).",
    )
    show.add_argument("profile", metavar="NAME")
    show.add_argument("--json", action="store_true", help="print JSON instead")
    show.set_defaults(_action=_show)

    remove = actions.add_parser(
        "remove", help="remove a profile and its e-conomic token",
        description="Remove a profile and its e-conomic token. Files in the inbox and the"
        " history of earlier runs are kept. Asks for confirmation; without a terminal,"
        " --yes is required.",
    )
    remove.add_argument("profile", metavar="NAME")
    remove.add_argument("--yes", "-y", action="store_true", help="do not ask for confirmation")
    remove.set_defaults(_action=_remove)


@guarded
def run(args: argparse.Namespace) -> int:
    return args._action(args)


# -- flags ------------------------------------------------------------------------------------


def _field_flags(parser: argparse.ArgumentParser, *, editing: bool) -> None:
    """One flag per ExportProfile field. Defaults are None (= not given) so `edit` changes only
    what was given; `add` fills the rest from ExportProfile's defaults."""
    folder = "folder"
    clear = ' ("" for none)'
    flag = parser.add_argument
    flag("--inbox", dest="inbox_folder", metavar="DIR", type=_path, default=None,
         help="the folder the expense system writes its files to" + ("" if editing else
         " (required)"))
    flag("--receipts", dest="receipts_folder", metavar="DIR", type=_path, default=None,
         help=f"{folder} with the receipt files (default: the inbox){clear}")
    flag("--import-file-folder", dest="import_file_folder", metavar="DIR", type=_path,
         default=None, help=f"where import files go when --api-export is no{clear}")
    flag("--journal-name", dest="journal_name", metavar="TEXT", default=None,
         help="the e-conomic journal (kassekladde) to post to (default: ACUBIZ EMS)")
    flag("--journal-number", dest="journal_number", metavar="N", type=_optional_int,
         default=None, help=f"the journal's number, if known (found by name otherwise){clear}")
    flag("--export-type", dest="export_type", metavar="scheduled|manual", default=None,
         help="scheduled: every day at --time; manual: only when started (default: scheduled)")
    flag("--time", dest="daily_time", metavar="HH:MM", default=None,
         help="daily transfer time (default: 16:00)")
    flag("--time-zone", dest="time_zone", metavar="ZONE", default=None,
         help="time zone of --time, e.g. Europe/Copenhagen (the default)")
    flag("--api-export", dest="use_api_export", metavar="yes|no", type=yes_no, default=None,
         help="post through the e-conomic API (default: yes)")
    flag("--input-format", dest="input_format", metavar="auto|acubiz|simple", default=None,
         help="how to read the inbox files (default: auto)")
    flag("--grouping", dest="voucher_grouping", metavar="travel_id|file|employee_day",
         default=None, help="which lines form one voucher (default: travel_id)")
    flag("--map", dest="category_map", metavar="CATEGORY=ACCOUNT[:VAT]", action="append",
         type=_category_entry, default=None,
         help="account (and VAT code) for a category of the simple format; repeatable")
    flag("--contra-account", dest="default_contra_account", metavar="N", type=_optional_int,
         default=None, help=f"contra account for lines without one, e.g. 5900{clear}")
    flag("--department-dimension", dest="department_dimension", metavar="N",
         type=_optional_int, default=None,
         help=f"the Acubiz dimension (1-9) that holds the department{clear}")
    flag("--department-map", dest="department_map", metavar="VALUE=NUMBER", action="append",
         type=_int_entry, default=None,
         help="e-conomic departmental distribution for a department value; repeatable")
    flag("--attach-receipts", dest="attach_receipts", metavar="yes|no", type=yes_no,
         default=None, help="attach receipt files to the vouchers (default: yes)")
    flag("--api-url", dest="api_base_url", metavar="URL", type=_optional_text, default=None,
         help=f"e-conomic API address (default: https://restapi.e-conomic.com){clear}")
    flag("--enabled", dest="enabled", metavar="yes|no", type=yes_no, default=None,
         help="include the profile in scheduled and `transfer` runs (default: yes)")
    flag("--column", dest="column_overrides", metavar="NAME=POS", action="append",
         type=_int_entry, default=None,
         help="move a column of the Acubiz file, e.g. travel_id=22; repeatable")
    flag("--integration-type", dest="integration_type", metavar="TYPE", default=None,
         help="the e-conomic integration (default: economic-rest-v3)")
    flag("--no-folder-check", dest="no_folder_check", action="store_true",
         help="save even if a given folder does not exist yet (e.g. an offline network drive)")


def _path(text: str) -> Any:
    if not text.strip():
        return CLEAR
    return Path(text.strip()).expanduser().absolute()


def _optional_int(text: str) -> Any:
    if not text.strip() or text.strip().lower() == "none":
        return CLEAR
    try:
        return int(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number") from None


def _optional_text(text: str) -> Any:
    return text.strip() or CLEAR


def _category_entry(text: str) -> tuple[str, Any]:
    from wizard.settings.profiles import CategoryMapping

    category, equals, value = text.rpartition("=")
    if not equals or not category.strip():
        raise argparse.ArgumentTypeError(f"'{text}' is not CATEGORY=ACCOUNT[:VAT]")
    if not value.strip():
        return category.strip(), None
    account, _, vat_code = value.partition(":")
    try:
        number = int(account.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"'{text}': '{account}' is not an account number"
        ) from None
    return category.strip(), CategoryMapping(account=number, vat_code=vat_code.strip() or None)


def _int_entry(text: str) -> tuple[str, int | None]:
    name, equals, value = text.rpartition("=")
    if not equals or not name.strip():
        raise argparse.ArgumentTypeError(f"'{text}' is not NAME=NUMBER")
    if not value.strip():
        return name.strip(), None
    try:
        return name.strip(), int(value.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}': '{value}' is not a whole number") from None


_MAP_FIELDS = ("category_map", "department_map", "column_overrides")
_SCALAR_FIELDS = (
    "inbox_folder", "receipts_folder", "import_file_folder", "journal_name", "journal_number",
    "export_type", "daily_time", "time_zone", "use_api_export", "input_format",
    "voucher_grouping", "default_contra_account", "department_dimension", "attach_receipts",
    "api_base_url", "enabled", "integration_type",
)


def _apply(base: ExportProfile, args: argparse.Namespace) -> tuple[ExportProfile, set[str]]:
    """`base` with the given flags applied, and the names of the fields that were given."""
    import dataclasses

    changes: dict[str, Any] = {}
    for name in _SCALAR_FIELDS:
        value = getattr(args, name)
        if value is None:
            continue
        if value is CLEAR:
            value = Path("") if name == "inbox_folder" else None
        changes[name] = value
    for name in _MAP_FIELDS:
        entries = getattr(args, name)
        if entries is None:
            continue
        mapping = dict(getattr(base, name))
        for key, value in entries:
            if value is None:
                mapping.pop(key, None)
            else:
                mapping[key] = value
        changes[name] = mapping
    return dataclasses.replace(base, **changes), set(changes)


def _problems(
    profile: ExportProfile, given: set[str], args: argparse.Namespace,
    others: list[ExportProfile],
) -> list[str]:
    """validate_profile's problems, and any other profile (of `others`) on the same inbox;
    folders given on this command line must also exist."""
    from wizard.settings.validation import inbox_conflict_message, inbox_conflicts, validate_profile

    problems = [_in_flags(problem) for problem in validate_profile(profile, check_folders=False)]
    problems += [
        inbox_conflict_message(profile, other).en for other in inbox_conflicts(profile, others)
    ]
    if args.no_folder_check:
        return problems
    for name, label in _FOLDER_FIELDS.items():
        folder = getattr(profile, name)
        exists = not isinstance(folder, Path) or not folder.is_absolute() or folder.is_dir()
        if name in given and not exists:
            problems.append(
                f"The {label} {folder} does not exist. Create it or choose another folder"
                " (or add --no-folder-check)."
            )
    return problems


# The settings' own words name the wizard's fields; on the command line the fix is a flag.
_FLAG_OF_FOLDER = {
    "inbox folder": "--inbox DIR",
    "receipts folder": "--receipts DIR",
    "import file folder": "--import-file-folder DIR",
}


def _in_flags(problem: str) -> str:
    """A problem of `validate_profile` with the flag that fixes it."""
    import re

    if problem.startswith("The profile has no name."):
        return "The profile has no name. Give it one with --name, e.g. --name \"2. Omkostninger\"."
    found = re.fullmatch(r"No (.+?) is chosen(.*)\. Choose a folder\.", problem)
    if found and found.group(1) in _FLAG_OF_FOLDER:
        return f"No {found.group(1)} is chosen{found.group(2)}. Give one with" \
               f" {_FLAG_OF_FOLDER[found.group(1)]}."
    return problem


def _refuse(problems: list[str], what: str) -> CommandError:
    listed = "\n".join(f"  - {problem}" for problem in problems)
    return CommandError(ExitCode.USAGE, f"{what} not saved", f"\n{listed}")


# -- actions ----------------------------------------------------------------------------------


def _add(args: argparse.Namespace) -> int:
    from wizard.settings.profiles import ExportProfile
    from wizard.settings.store import load_profiles, upsert_profile

    base = ExportProfile(name=args.name or "", inbox_folder=Path(""))
    profile, given = _apply(base, args)
    given |= set(_FOLDER_FIELDS)  # add: every folder the profile has is "given"
    profiles = load_profiles()
    problems = _problems(profile, given, args, profiles)
    if profile.name and any(p.name == profile.name for p in profiles):
        problems.insert(0, f"A profile named '{profile.name}' already exists. Change it with"
                        f" `{command()} profile edit {quoted(profile.name)} ...`, or choose"
                        " another name.")
    if problems:
        raise _refuse(problems, "Profile")
    upsert_profile(profile)
    print(f"Profile '{profile.name}' added.")
    print(f"Next: connect it to e-conomic with"
          f" `{command()} connect --profile {quoted(profile.name)}`.")
    return ExitCode.OK


def _edit(args: argparse.Namespace) -> int:
    import dataclasses

    from wizard.settings.secrets import SecretStoreError, rename_grant_token
    from wizard.settings.store import load_profiles, save_profiles

    old = require_profile(args.profile)
    profile, given = _apply(old, args)
    new_name = args.rename
    if new_name is not None:
        profile = dataclasses.replace(profile, name=new_name)
        given.add("name")
    if not given:
        raise CommandError(
            ExitCode.USAGE, "Nothing to change",
            f"Give at least one flag to change; see `{command()} profile edit --help`.",
        )
    profiles = load_profiles()
    others = [p for p in profiles if p.name != old.name]
    problems = _problems(profile, given, args, others)
    if new_name is not None and new_name != old.name and any(
        p.name == new_name for p in profiles
    ):
        problems.insert(0, f"A profile named '{new_name}' already exists. Choose another name.")
    if problems:
        raise _refuse(problems, "Changes")
    save_profiles([profile if p.name == old.name else p for p in profiles])
    renamed = profile.name != old.name
    was = f" (renamed from '{old.name}')" if renamed else ""
    print(f"Profile '{profile.name}' saved{was}.")
    if renamed:
        try:
            rename_grant_token(old.name, profile.name)
        except SecretStoreError as error:
            raise CommandError(
                ExitCode.ATTENTION, error.title,
                f"{error.message} The profile was renamed, but its e-conomic token could not be"
                f" moved along. Connect again: `{command()} connect --profile"
                f" {quoted(profile.name)}`.",
            ) from None
    return ExitCode.OK


def _list(args: argparse.Namespace) -> int:
    from wizard.settings.store import load_profiles

    profiles = load_profiles()
    if args.json:
        print_json({"version": 1, "profiles": [profile_to_json(p) for p in profiles]})
        return ExitCode.OK
    if not profiles:
        print(f"No profiles yet. Add one with `{command()} profile add --name NAME --inbox DIR`.")
        return ExitCode.OK
    for profile in profiles:
        when = (
            f"daily {profile.daily_time} {profile.time_zone}"
            if profile.export_type == "scheduled" else profile.export_type
        )
        state = "" if profile.enabled else "  (disabled)"
        print(
            f"{profile.name}  |  {when}  |  journal '{profile.journal_name}'  |"
            f"  inbox {profile.inbox_folder}{state}"
        )
    return ExitCode.OK


def _show(args: argparse.Namespace) -> int:
    profile = require_profile(args.profile)
    connection = connection_of(profile.name)
    if args.json:
        print_json({
            "version": 1,
            "profile": profile_to_json(profile),
            "connection": connection.to_json(),
        })
        return ExitCode.OK
    for label, value in _fields_for_people(profile):
        print(f"{label + ':' if label else '':<24}{value}")
    print(f"{'e-conomic:':<24}{connection.describe(profile.name)}")
    return ExitCode.OK


def _remove(args: argparse.Namespace) -> int:
    from wizard.settings.secrets import SecretStoreError, delete_grant_token
    from wizard.settings.store import remove_profile

    profile = require_profile(args.profile)
    if not args.yes:
        if not sys.stdin or not sys.stdin.isatty():
            raise CommandError(
                ExitCode.USAGE, "Not removed",
                f"Removing a profile needs confirmation. Add --yes to remove '{profile.name}'"
                " without being asked.",
            )
        answer = input(f"Remove the profile '{profile.name}' and its e-conomic token? [y/N] ")
        if answer.strip().lower() not in {"y", "yes", "j", "ja"}:
            print("Nothing was removed.")
            return ExitCode.OK
    remove_profile(profile.name)
    print(f"Profile '{profile.name}' removed. Files in {profile.inbox_folder} were kept.")
    try:
        delete_grant_token(profile.name)
    except SecretStoreError as error:
        raise CommandError(
            ExitCode.ATTENTION, error.title,
            f"{error.message} The profile was removed, but its e-conomic token may still be in"
            " the password store (entry 'acubiz-export').",
        ) from None
    return ExitCode.OK


def _fields_for_people(profile: ExportProfile) -> list[tuple[str, str]]:
    from wizard.settings.validation import display_url

    def yes(value: bool) -> str:
        return "yes" if value else "no"

    def none(value: object, default: str = "(none)") -> str:
        return default if value is None else str(value)

    journal = profile.journal_name or "(none)"
    number = profile.journal_number
    rows = [
        ("Profile", profile.name),
        ("Enabled", yes(profile.enabled)),
        ("Integration", f"{profile.integration_display_name} ({profile.integration_type})"),
        ("Use API export", yes(profile.use_api_export)),
        ("Journal", journal + (f" (number {number})" if number is not None else "")),
        ("Export type", profile.export_type),
        ("Daily time", f"{profile.daily_time} ({profile.time_zone})"),
        ("Inbox folder", str(profile.inbox_folder)),
        ("Receipts folder", none(profile.receipts_folder, "(the inbox folder)")),
        ("Import file folder", none(profile.import_file_folder)),
        ("Input format", profile.input_format),
        ("Voucher grouping", profile.voucher_grouping),
    ]
    rows += _mapping_rows("Category mapping", {
        category: f"account {m.account}" + (f", VAT {m.vat_code}" if m.vat_code else ", no VAT")
        for category, m in profile.category_map.items()
    })
    rows += [
        ("Default contra account", none(profile.default_contra_account)),
        ("Department dimension", none(profile.department_dimension)),
    ]
    rows += _mapping_rows("Department mapping", {
        value: f"distribution {number}" for value, number in profile.department_map.items()
    })
    rows += [
        ("Attach receipts", yes(profile.attach_receipts)),
        ("API address", "https://restapi.e-conomic.com (default)" if profile.api_base_url is None
         else display_url(profile.api_base_url)),
    ]
    rows += _mapping_rows("Column overrides", {
        name: f"column {position}" for name, position in profile.column_overrides.items()
    })
    return rows


def _mapping_rows(label: str, mapping: dict[str, str]) -> list[tuple[str, str]]:
    if not mapping:
        return [(label, "(none)")]
    return [(label if index == 0 else "", f"{key} = {value}")
            for index, (key, value) in enumerate(mapping.items())]
