"""What is wrong with an export profile, said in English and Danish with the fix.

`validate_profile` is what the wizard, Settings and `acubiz-export profile` ask before they
save; the store (`wizard.settings.store`) refuses a profile with problems, so the file always
reads back. `inbox_conflicts` finds two exports on one inbox folder (refused when saving and
at run time); `api_url_problem` refuses plain http except to this computer.
"""

from __future__ import annotations

import ipaddress
import os
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from wizard.messages import Bilingual
from wizard.settings.acubiz_columns import COLUMNS as ACUBIZ_COLUMNS
from wizard.settings.profiles import (
    EXPORT_TYPES,
    INPUT_FORMATS,
    INTEGRATION_TYPES,
    MAX_COLUMN_POSITION,
    MAX_NAME_LENGTH,
    VOUCHER_GROUPINGS,
    CategoryMapping,
    ExportProfile,
)

_TIME = re.compile(r"([01]\d|2[0-3]):[0-5]\d")


def validate_profile(
    profile: ExportProfile, *, check_folders: bool = True, language: str = "en"
) -> list[str]:
    """Every problem with `profile`, each a plain sentence that says what to change, in
    `language` ("da…" for Danish, anything else English).

    `check_folders` also checks that the folders exist now; saving skips that, because a
    network drive that is offline today must not make the settings unsaveable.
    """
    danish = language.lower().startswith("da")
    return [problem.da if danish else problem.en
            for problem in _profile_problems(profile, check_folders)]


def inbox_conflicts(profile: ExportProfile, others: Iterable[ExportProfile]) -> list[str]:
    """The names of the profiles in `others` that read `profile`'s inbox folder too, or a
    folder inside it, or one it lies inside (e.g. another profile's `sent/`), in their order.

    Two profiles on one inbox would each send every file there (or one would pick up the
    other's `sent/` files again), so this is refused when saving and at run time. Folders are
    compared made absolute, with `..` and symbolic links resolved, and case-insensitively on
    every system: Windows and macOS folders ignore case, and refusing two Linux folders that
    differ only in case is a small price for never sending a file twice. A profile with the
    same name as `profile` (itself, or its older version) and profiles without a usable
    inbox are skipped. No side effects; it only reads the file system to resolve links.
    """
    mine = _inbox_key(profile.inbox_folder)
    if mine is None:
        return []
    names: list[str] = []
    for other in others:
        if other.name == profile.name or other.name in names:
            continue
        theirs = _inbox_key(other.inbox_folder)
        if theirs is not None and _nested(mine, theirs):
            names.append(other.name)
    return names


def inbox_conflict_message(profile: ExportProfile, other_name: str) -> Bilingual:
    """The problem, in English and Danish, of `profile` sharing its inbox with `other_name`."""
    folder = profile.inbox_folder
    return Bilingual(
        f"The exports '{profile.name}' and '{other_name}' use the same inbox folder {folder}"
        " (or one lies inside the other), so both would send the same files. Give each export"
        " its own inbox folder.",
        f"Eksporterne '{profile.name}' og '{other_name}' bruger samme indbakkemappe {folder}"
        " (eller den ene ligger inde i den anden), så de ville begge sende de samme filer. Giv"
        " hver eksport sin egen indbakkemappe.",
    )


def _inbox_key(folder: object) -> tuple[str, ...] | None:
    """The inbox folder as comparable parts, or None when it is not a full path."""
    if isinstance(folder, str):
        folder = Path(folder) if folder else None
    if not isinstance(folder, Path) or not folder.is_absolute():
        return None
    try:
        resolved = folder.resolve(strict=False)
    except (OSError, RuntimeError):  # a link loop or an unreadable drive: compare as written
        resolved = Path(os.path.normpath(folder))
    return tuple(part.casefold() for part in resolved.parts)


def _nested(first: tuple[str, ...], second: tuple[str, ...]) -> bool:
    """The same folder, or one inside the other."""
    shorter = min(len(first), len(second))
    return first[:shorter] == second[:shorter]


def _profile_problems(profile: ExportProfile, check_folders: bool) -> list[Bilingual]:
    """`validate_profile`'s problems in both languages, English and Danish side by side."""
    problems: list[Bilingual] = []

    def add(english: str, danish: str) -> None:
        problems.append(Bilingual(english, danish))

    name = profile.name if isinstance(profile.name, str) else ""
    if not name.strip():
        add(
            "The profile has no name. Give it a name, e.g. '2. Omkostninger'.",
            "Eksporten har intet navn. Giv den et navn, f.eks. '2. Omkostninger'.",
        )
    elif name != name.strip() or len(name) > MAX_NAME_LENGTH or not name.isprintable():
        add(
            f"The profile name '{name}' must be at most {MAX_NAME_LENGTH} printable characters"
            " without spaces at the ends. Shorten or correct it.",
            f"Eksportens navn '{name}' må højst have {MAX_NAME_LENGTH} tegn, der kan vises, og"
            " ingen mellemrum i starten eller slutningen. Forkort eller ret det.",
        )
    if profile.integration_type not in INTEGRATION_TYPES:
        known = ", ".join(INTEGRATION_TYPES.values())
        add(
            f"The integration '{profile.integration_type}' is unknown. Choose {known}.",
            f"Integrationen '{profile.integration_type}' er ukendt. Vælg {known}.",
        )
    if profile.use_api_export and not _text(profile.journal_name):
        add(
            "The journal name is empty. Enter the name of the e-conomic journal, e.g."
            " ACUBIZ EMS.",
            "Navnet på kassekladden er tomt. Skriv navnet på kassekladden i e-conomic, f.eks."
            " ACUBIZ EMS.",
        )
    if profile.journal_number is not None and not _positive_int(profile.journal_number):
        add(
            f"The journal number '{profile.journal_number}' is not a positive whole number.",
            f"Kassekladdens nummer '{profile.journal_number}' er ikke et positivt heltal.",
        )
    if profile.export_type not in EXPORT_TYPES:
        add(
            f"The export type '{profile.export_type}' is unknown. Choose Automatic — every"
            " day, or Manual, in Settings (in the settings file: scheduled or manual).",
            f"Eksporttypen '{profile.export_type}' er ukendt. Vælg Automatisk — hver dag eller"
            " Manuel under Indstillinger (i indstillingsfilen: scheduled eller manual).",
        )
    if not isinstance(profile.daily_time, str) or not _TIME.fullmatch(profile.daily_time):
        add(
            f"The daily time '{profile.daily_time}' is not a time like 16:00. Enter hours and"
            " minutes between 00:00 and 23:59.",
            f"Klokkeslættet '{profile.daily_time}' er ikke et tidspunkt som 16:00. Angiv timer"
            " og minutter mellem 00:00 og 23:59.",
        )
    if not _is_time_zone(profile.time_zone):
        add(
            f"The time zone '{profile.time_zone}' is unknown. Use a name like"
            " Europe/Copenhagen.",
            f"Tidszonen '{profile.time_zone}' er ukendt. Brug et navn som Europe/Copenhagen.",
        )
    problems += _folder_problems(profile, check_folders)
    if profile.input_format not in INPUT_FORMATS:
        add(
            f"The file format ('{profile.input_format}' in the settings file) is unknown."
            " Choose Automatic, Acubiz posting file, or Simple CSV or JSON file in Settings"
            " (in the settings file: auto, acubiz or simple).",
            f"Filformatet ('{profile.input_format}' i indstillingsfilen) er ukendt. Vælg"
            " Automatisk, Acubiz-posteringsfil eller Enkel CSV- eller JSON-fil under"
            " Indstillinger (i indstillingsfilen: auto, acubiz eller simple).",
        )
    if profile.voucher_grouping not in VOUCHER_GROUPINGS:
        add(
            f"The voucher grouping ('{profile.voucher_grouping}' in the settings file) is"
            " unknown. Choose one voucher per expense report, per file, or per employee and"
            " day in Settings (in the settings file: travel_id, file or employee_day).",
            f"Bilagsopdelingen ('{profile.voucher_grouping}' i indstillingsfilen) er ukendt."
            " Vælg ét bilag pr. udlægsrapport, pr. fil eller pr. medarbejder og dag under"
            " Indstillinger (i indstillingsfilen: travel_id, file eller employee_day).",
        )
    problems += _mapping_problems(profile)
    if profile.api_base_url is not None:
        problem = api_url_problem(profile.api_base_url)
        if problem:
            problems.append(problem)
    for flag in ("use_api_export", "attach_receipts", "enabled"):
        if not isinstance(getattr(profile, flag), bool):
            add(
                f"'{flag}' must be yes or no (true/false).",
                f"'{flag}' skal være ja eller nej (true/false).",
            )
    problems += _column_problems(profile.column_overrides)
    if not _positive_int(profile.max_amount):
        add(
            f"The largest amount per posting '{profile.max_amount}' is not a positive whole"
            " number. Leave it out to use the default (10000000).",
            f"Det største beløb pr. postering '{profile.max_amount}' er ikke et positivt"
            " heltal. Udelad det for at bruge standarden (10000000).",
        )
    return problems


def _folder_problems(profile: ExportProfile, check_folders: bool) -> list[Bilingual]:
    problems = []
    # English label, Danish "a …" and "the …" (Danish puts the article on the noun).
    folders: list[tuple[str, str, str, Path | None, bool]] = [
        ("inbox folder", "indbakkemappe", "Indbakkemappen", profile.inbox_folder, True),
        ("receipts folder", "kvitteringsmappe", "Kvitteringsmappen", profile.receipts_folder,
         False),
        ("import file folder", "mappe til importfilen", "Mappen til importfilen",
         profile.import_file_folder, not profile.use_api_export),
    ]
    for label, label_da, the_label_da, folder, required in folders:
        if isinstance(folder, str):
            folder = Path(folder) if folder else None
        if folder is None or str(folder) in ("", "."):
            if required:
                imports = label.startswith("import")
                why = " (needed when the expenses go as an import file)" if imports else ""
                why_da = " (den skal bruges, når udlæggene sendes som importfil)" if imports else ""
                problems.append(Bilingual(
                    f"No {label} is chosen{why}. Choose a folder.",
                    f"Der er ikke valgt nogen {label_da}{why_da}. Vælg en mappe.",
                ))
            continue
        if not isinstance(folder, Path) or not folder.is_absolute():
            problems.append(Bilingual(
                f"The {label} '{folder}' is not a full path. Choose the folder with Browse, e.g."
                " C:\\Acubiz\\Costs.",
                f"{the_label_da} '{folder}' er ikke en fuld sti. Vælg mappen med Gennemse, f.eks."
                " C:\\Acubiz\\Costs.",
            ))
        elif check_folders and not folder.is_dir():
            problems.append(Bilingual(
                f"The {label} {folder} does not exist. Create it or choose another folder.",
                f"{the_label_da} {folder} findes ikke. Opret den, eller vælg en anden mappe.",
            ))
    return problems


def _mapping_problems(profile: ExportProfile) -> list[Bilingual]:
    problems = []
    for category, mapping in profile.category_map.items():
        if not _text(category):
            problems.append(Bilingual(
                "A category in the category mapping has no name. Name it or remove it.",
                "En af kategorierne har intet navn. Giv den et navn, eller fjern den.",
            ))
        if not isinstance(mapping, CategoryMapping) or not _positive_int(mapping.account):
            account = getattr(mapping, "account", mapping)
            problems.append(Bilingual(
                f"The category '{category}' maps to '{account}', which is not an account number."
                " Choose an expense account.",
                f"Kategorien '{category}' er knyttet til '{account}', som ikke er et kontonummer."
                " Vælg en driftskonto.",
            ))
        elif mapping.vat_code is not None and not _is_vat_code(mapping.vat_code):
            problems.append(Bilingual(
                f"The VAT code '{mapping.vat_code}' of category '{category}' must be 1–5"
                " characters (e.g. I25), or empty for no VAT.",
                f"Momskoden '{mapping.vat_code}' for kategorien '{category}' skal være på 1–5"
                " tegn (f.eks. I25) eller tom for ingen moms.",
            ))
    if profile.default_contra_account is not None and not _positive_int(
        profile.default_contra_account
    ):
        problems.append(Bilingual(
            f"The default contra account '{profile.default_contra_account}' is not an account"
            " number. Choose a balance account such as 5900 Medarbejderudlæg.",
            f"Standardmodkontoen '{profile.default_contra_account}' er ikke et kontonummer."
            " Vælg en statuskonto som 5900 Medarbejderudlæg.",
        ))
    dimension = profile.department_dimension
    if dimension is not None and (not _positive_int(dimension) or not 1 <= dimension <= 9):
        problems.append(Bilingual(
            f"The department dimension '{dimension}' must be a number from 1 to 9 (the Acubiz"
            " dimension column that holds the department).",
            f"Afdelingsdimensionen '{dimension}' skal være et tal fra 1 til 9 (den"
            " Acubiz-dimension, der indeholder afdelingen).",
        ))
    for value, number in profile.department_map.items():
        if not _text(value) or not _positive_int(number):
            problems.append(Bilingual(
                f"The department '{value}' maps to '{number}', which is not a departmental"
                " distribution number. Choose one from e-conomic.",
                f"Afdelingen '{value}' er knyttet til '{number}', som ikke er nummeret på en"
                " afdelingsfordeling. Vælg en fra e-conomic.",
            ))
    return problems


def _column_problems(overrides: Mapping[str, int]) -> list[Bilingual]:
    if not overrides:  # the usual case: nothing to check
        return []
    problems = []
    layout = dict(ACUBIZ_COLUMNS)
    for name, position in overrides.items():
        if name not in ACUBIZ_COLUMNS:
            problems.append(Bilingual(
                f"In the settings file's column positions, '{name}' is not an Acubiz column."
                f" Ask IT to correct it; the columns are: {', '.join(ACUBIZ_COLUMNS)}.",
                f"I indstillingsfilens kolonneplaceringer er '{name}' ikke en Acubiz-kolonne."
                f" Bed IT om at rette det; kolonnerne er: {', '.join(ACUBIZ_COLUMNS)}.",
            ))
        elif not _positive_int(position) or position > MAX_COLUMN_POSITION:
            problems.append(Bilingual(
                f"The column position {position!r} for '{name}' in the settings file must be a"
                f" number from 1 to {MAX_COLUMN_POSITION}. Ask IT to correct it.",
                f"Kolonneplaceringen {position!r} for '{name}' i indstillingsfilen skal være et"
                f" tal fra 1 til {MAX_COLUMN_POSITION}. Bed IT om at rette den.",
            ))
        else:
            layout[name] = position
    taken: dict[int, str] = {}
    for name, position in layout.items():
        if position in taken and name in overrides:
            problems.append(Bilingual(
                f"The columns '{taken[position]}' and '{name}' both use position {position} in"
                " the settings file. Ask IT to move one of them.",
                f"Kolonnerne '{taken[position]}' og '{name}' bruger begge placering {position}"
                " i indstillingsfilen. Bed IT om at flytte en af dem.",
            ))
        taken.setdefault(position, name)
    return problems


def api_url_problem(url: str) -> Bilingual | None:
    """What is wrong with `url` as an e-conomic API address, or None when it may be used.

    https anywhere; plain http only to this computer (the sandbox), never over a network; no
    user name or password (`user:password@`: e-conomic's tokens are the only credentials, and a
    password in the settings file is readable by anyone who can read the file); no `?query` or
    `#fragment` (paths are joined onto it). The message shows the address with any user info
    replaced by `…`, so a password typed into it is never echoed back.
    """
    shown = display_url(url)
    fix = "Use https://restapi.e-conomic.com or leave it empty."
    fix_da = "Brug https://restapi.e-conomic.com, eller lad feltet være tomt."
    not_web = Bilingual(
        f"The API address '{shown}' is not a web address. {fix}",
        f"API-adressen '{shown}' er ikke en webadresse. {fix_da}",
    )
    if not isinstance(url, str) or not url.strip():
        return not_web
    url = url.strip()  # as the client reads it
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError:
        return not_web
    if parts.scheme not in ("http", "https") or not host:
        return not_web
    if "@" in parts.netloc:
        return Bilingual(
            f"The API address '{shown}' contains a user name or password (the part before"
            " @). Remove it: e-conomic needs none in the address, and the settings file must"
            f" not hold a password. {fix}",
            f"API-adressen '{shown}' indeholder et brugernavn eller en adgangskode (delen før"
            " @). Fjern det: e-conomic skal ikke have nogen i adressen, og"
            f" indstillingsfilen må ikke indeholde en adgangskode. {fix_da}",
        )
    if parts.query or parts.fragment or url.endswith(("?", "#")):
        return Bilingual(
            f"The API address '{shown}' has a '?' or '#' part. Remove it and everything after"
            f" it. {fix}",
            f"API-adressen '{shown}' har en '?'- eller '#'-del. Fjern den og alt efter den."
            f" {fix_da}",
        )
    if parts.scheme == "http" and not (host == "localhost" or _is_loopback(host)):
        return Bilingual(
            f"The API address '{shown}' uses plain http, which is only allowed on this"
            f" computer. {fix}",
            f"API-adressen '{shown}' bruger almindelig http, som kun er tilladt på denne"
            f" computer. {fix_da}",
        )
    return None


def display_url(url: object) -> str:
    """`url` safe to show or log: a user name and password (`user:pw@`) become `…@`."""
    text = str(url)
    scheme, separator, rest = text.partition("://")
    if not separator:
        return text
    authority_end = len(rest)
    for mark in "/?#":
        index = rest.find(mark)
        if index != -1:
            authority_end = min(authority_end, index)
    authority = rest[:authority_end]
    if "@" not in authority:
        return text
    host = authority.rpartition("@")[2]
    return f"{scheme}://…@{host}{rest[authority_end:]}"


def _is_loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _is_time_zone(name: object) -> bool:
    if not isinstance(name, str) or not name:
        return False
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


def _is_vat_code(code: object) -> bool:
    return isinstance(code, str) and 1 <= len(code) <= 5 and code.strip() == code


def _positive_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value > 0


def _text(value: object) -> bool:
    return isinstance(value, str) and bool(value.strip())
