"""The export profile: what one export reads, where it posts it, and when.

One frozen dataclass per export the admin set up, with the choices and limits it may hold and
the error the settings raise. What is wrong with a profile is `wizard.settings.validation`'s
job; reading and writing the profiles file is `wizard.settings.store`'s. No secret is ever
kept here: tokens live in the OS keyring (`wizard.settings.secrets`), and `ExportProfile` has
no field that could hold one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from wizard.messages import AdminError

APP_NAME = "acubiz-export"
FILE_NAME = "profiles.toml"
SCHEMA_VERSION = 1


# Known integrations: stored value → what the wizard shows. A new API gets a new key here.
INTEGRATION_TYPES: dict[str, str] = {"economic-rest-v3": "e-conomic REST (version 3)"}
EXPORT_TYPES = ("scheduled", "manual")
INPUT_FORMATS = ("auto", "acubiz", "simple")
VOUCHER_GROUPINGS = ("travel_id", "file", "employee_day")
MAX_NAME_LENGTH = 100
MAX_COLUMN_POSITION = 99
ExportType = Literal["scheduled", "manual"]
InputFormat = Literal["auto", "acubiz", "simple"]
VoucherGrouping = Literal["travel_id", "file", "employee_day"]


class SettingsError(AdminError):
    """A settings problem the user can act on: a short title and a message naming the fix.

    `title` and `message` are English; `title_da` and `message_da` their Danish twins (None:
    English is shown). `text(language)` picks one, like the other user-facing errors.
    """


@dataclass(frozen=True)
class CategoryMapping:
    """Where expenses of one category are booked (simple format's `category` column)."""

    account: int
    vat_code: str | None = None


@dataclass(frozen=True, kw_only=True)
class ExportProfile:
    """One export: an inbox folder, how to read it, and the e-conomic journal it goes to.

    Frozen so a running transfer cannot see a half-edited profile; change one with
    `dataclasses.replace`. (The dict fields are plain dicts for easy use; treat them as
    read-only.) `validate_profile` says what is wrong with one.
    """

    name: str
    inbox_folder: Path
    use_api_export: bool = True
    integration_type: str = "economic-rest-v3"
    journal_name: str = "ACUBIZ EMS"
    journal_number: int | None = None
    export_type: ExportType = "scheduled"
    daily_time: str = "16:00"
    time_zone: str = "Europe/Copenhagen"
    receipts_folder: Path | None = None
    import_file_folder: Path | None = None
    input_format: InputFormat = "auto"
    voucher_grouping: VoucherGrouping = "travel_id"
    category_map: dict[str, CategoryMapping] = field(default_factory=dict)
    default_contra_account: int | None = None
    department_dimension: int | None = None
    department_map: dict[str, int] = field(default_factory=dict)
    attach_receipts: bool = True
    api_base_url: str | None = None
    enabled: bool = True
    column_overrides: dict[str, int] = field(default_factory=dict)
    # The largest amount (in the booking currency, whole units) a single posting may have:
    # a guard against a mangled file (a date read as an amount), far above any real expense.
    max_amount: int = 10_000_000

    def __hash__(self) -> int:
        # Consistent with equality (equal profiles have equal names) despite the dict fields.
        return hash(self.name)

    @property
    def integration_display_name(self) -> str:
        return INTEGRATION_TYPES.get(self.integration_type, self.integration_type)
