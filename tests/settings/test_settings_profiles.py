"""Export profiles: saved in one versioned TOML file, atomically, and read back exactly."""

from __future__ import annotations

import dataclasses
import os
import re
import tomllib
from pathlib import Path

import pytest

from wizard.settings import atomic
from wizard.settings.profiles import SCHEMA_VERSION, CategoryMapping, ExportProfile, SettingsError
from wizard.settings.store import (
    get_profile,
    load_profiles,
    profiles_path,
    remove_profile,
    save_profiles,
    upsert_profile,
)
from wizard.settings.validation import inbox_conflicts, validate_profile


@pytest.fixture
def inbox(tmp_path):
    folder = tmp_path / "Costs"
    folder.mkdir()
    return folder


def full_profile(inbox: Path) -> ExportProfile:
    """Every field away from its default, so a round trip proves each one is stored."""
    return ExportProfile(
        name="2. Omkostninger",
        inbox_folder=inbox,
        use_api_export=False,
        integration_type="economic-rest-v3",
        journal_name="Udlæg Acubiz",
        journal_number=7,
        export_type="manual",
        daily_time="06:30",
        time_zone="Europe/Berlin",
        receipts_folder=inbox / "Files",
        import_file_folder=inbox / "import",
        input_format="acubiz",
        voucher_grouping="employee_day",
        category_map={
            "Taxi": CategoryMapping(account=3640, vat_code="I25"),
            "Gaver og blomster": CategoryMapping(account=3760),
        },
        default_contra_account=5900,
        department_dimension=2,
        department_map={"Salg": 2, "Udvikling": 3},
        attach_receipts=False,
        api_base_url="http://127.0.0.1:8765",
        enabled=False,
        column_overrides={"travel_id": 27, "receipts": 28},
    )


def test_profiles_live_in_the_user_config_folder():
    config_home = Path(os.environ["XDG_CONFIG_HOME"])
    assert profiles_path() == config_home / "acubiz-export" / "profiles.toml"


def test_no_file_means_no_profiles():
    assert load_profiles() == []
    assert get_profile("anything") is None


def test_every_field_survives_a_round_trip(inbox):
    profile = full_profile(inbox)
    save_profiles([profile])
    assert load_profiles() == [profile]
    text = profiles_path().read_text(encoding="utf-8")
    assert text.startswith(f"schema_version = {SCHEMA_VERSION}\n")


def test_defaults_are_the_documented_ones_and_none_is_left_out(inbox):
    profile = ExportProfile(name="Costs", inbox_folder=inbox)
    assert (profile.journal_name, profile.daily_time, profile.time_zone) == (
        "ACUBIZ EMS", "16:00", "Europe/Copenhagen",
    )
    assert profile.integration_display_name == "e-conomic REST (version 3)"
    save_profiles([profile])
    stored = tomllib.loads(profiles_path().read_text(encoding="utf-8"))["profiles"][0]
    assert "journal_number" not in stored  # TOML has no null
    assert load_profiles() == [profile]


def test_profiles_are_frozen(inbox):
    profile = ExportProfile(name="Costs", inbox_folder=inbox)
    with pytest.raises(dataclasses.FrozenInstanceError):
        profile.name = "Other"  # type: ignore[misc]
    assert dataclasses.replace(profile, name="Other").name == "Other"


def test_upsert_adds_then_replaces_in_place_and_remove_deletes(inbox):
    first = ExportProfile(name="A", inbox_folder=inbox)
    second = ExportProfile(name="B", inbox_folder=inbox.with_name("Other inbox"))
    upsert_profile(first)
    upsert_profile(second)
    upsert_profile(dataclasses.replace(first, journal_number=9))
    assert [(p.name, p.journal_number) for p in load_profiles()] == [("A", 9), ("B", None)]
    assert get_profile("B") == second
    assert remove_profile("A") is True
    assert remove_profile("A") is False
    assert [p.name for p in load_profiles()] == ["B"]


def test_a_save_leaves_no_temporary_files(inbox):
    save_profiles([ExportProfile(name="A", inbox_folder=inbox)])
    save_profiles([ExportProfile(name="B", inbox_folder=inbox)])
    assert sorted(p.name for p in profiles_path().parent.iterdir()) == ["profiles.toml"]


def test_a_write_that_fails_midway_keeps_the_old_file(tmp_path):
    folder = tmp_path / "config"
    folder.mkdir()
    path = folder / "profiles.toml"
    path.write_text("schema_version = 1\n", encoding="utf-8")
    document = {"schema_version": 1, "profiles": [{"name": "ok"}, {"name": object()}]}
    with pytest.raises(TypeError):
        atomic.write_toml_atomically(path, document)
    assert path.read_text(encoding="utf-8") == "schema_version = 1\n"
    assert [p.name for p in folder.iterdir()] == ["profiles.toml"]


def test_a_disk_error_while_saving_is_a_settings_error_and_keeps_the_old_file(
    inbox, monkeypatch
):
    save_profiles([ExportProfile(name="A", inbox_folder=inbox)])
    before = profiles_path().read_bytes()

    def disk_full(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(atomic.os, "fsync", disk_full)
    with pytest.raises(SettingsError) as caught:
        save_profiles([ExportProfile(name="B", inbox_folder=inbox)])
    assert caught.value.title == "Settings not saved"
    assert "No space left on device" in caught.value.message
    assert "previous settings are unchanged" in caught.value.message
    title_da, message_da = caught.value.text("da")
    assert title_da == "Indstillingerne blev ikke gemt"
    assert "tidligere indstillinger er uændrede" in message_da
    assert profiles_path().read_bytes() == before
    assert sorted(p.name for p in profiles_path().parent.iterdir()) == ["profiles.toml"]


def test_a_newer_settings_file_is_refused_and_left_alone():
    path = profiles_path()
    path.parent.mkdir(parents=True)
    path.write_text("schema_version = 2\n[[profiles]]\nname = 'x'\n", encoding="utf-8")
    with pytest.raises(SettingsError) as caught:
        load_profiles()
    assert caught.value.title == "Settings are from a newer version"
    assert "newer version" in caught.value.message and str(path) in caught.value.message
    assert caught.value.text("da")[0] == "Indstillingerne er fra en nyere version"
    assert str(path) in caught.value.text("da")[1]
    assert path.read_text(encoding="utf-8").startswith("schema_version = 2")


def test_a_corrupt_file_says_where_it_is_and_that_it_was_left_untouched(inbox):
    path = profiles_path()
    path.parent.mkdir(parents=True)
    path.write_bytes(b"schema_version = 1\n[[profiles]\nname = \n")
    with pytest.raises(SettingsError) as caught:
        load_profiles()
    assert caught.value.title == "Settings file is damaged"
    assert str(path) in caught.value.message
    assert "left untouched" in caught.value.message
    assert caught.value.text("da")[0] == "Indstillingsfilen er beskadiget"
    assert "Filen er ikke ændret" in caught.value.text("da")[1]
    assert caught.value.text("en") == (caught.value.title, caught.value.message)
    # Saving over a damaged file is refused too: nothing the user wrote by hand is lost.
    with pytest.raises(SettingsError):
        save_profiles([ExportProfile(name="A", inbox_folder=inbox)])
    assert path.read_bytes() == b"schema_version = 1\n[[profiles]\nname = \n"


@pytest.mark.parametrize(
    "table, complaint",
    [
        ("name = 'A'\ninbox_folder = 5", "'inbox_folder' must be a folder path"),
        ("name = 'A'\ninbox_folder = '/x'\njournal_number = 'seven'", "'journal_number'"),
        ("inbox_folder = '/x'", "has no 'name'"),
        ("name = 'A'\ninbox_folder = '/x'\ncategory_map = { Taxi = 3640 }", "category 'Taxi'"),
        ("name = 'A'\ninbox_folder = '/x'\ncolumn_overrides = { travel_id = 'x' }", "whole"),
    ],
)
def test_wrong_types_in_the_file_are_reported_with_the_profile(table, complaint):
    path = profiles_path()
    path.parent.mkdir(parents=True)
    path.write_text(f"schema_version = 1\n[[profiles]]\n{table}\n", encoding="utf-8")
    with pytest.raises(SettingsError) as caught:
        load_profiles()
    assert complaint in caught.value.message
    assert "profile 1" in caught.value.message
    _title_da, message_da = caught.value.text("da")
    assert "profil 1" in message_da and "profile 1" not in message_da
    assert not ENGLISH_WORDS.search(message_da.replace(str(path), "")), message_da


def test_keys_of_other_settings_are_kept_when_profiles_are_saved(inbox):
    path = profiles_path()
    path.parent.mkdir(parents=True)
    path.write_text("schema_version = 1\n[ui]\nlanguage = 'da'\n", encoding="utf-8")
    save_profiles([ExportProfile(name="A", inbox_folder=inbox)])
    document = tomllib.loads(path.read_text(encoding="utf-8"))
    assert document["ui"] == {"language": "da"}
    assert next(iter(document)) == "schema_version"


def test_a_complete_profile_has_no_problems(inbox):
    profile = full_profile(inbox)
    (inbox / "Files").mkdir()
    (inbox / "import").mkdir()
    assert validate_profile(profile) == []


@pytest.mark.parametrize(
    "change, expected",
    [
        ({"name": " "}, "has no name"),
        ({"integration_type": "dinero"}, "e-conomic REST (version 3)"),
        ({"journal_name": ""}, "journal name is empty"),
        ({"journal_number": 0}, "journal number"),
        ({"export_type": "hourly"}, "scheduled or manual"),
        ({"daily_time": "25:00"}, "between 00:00 and 23:59"),
        ({"daily_time": "4pm"}, "not a time like 16:00"),
        ({"time_zone": "Europe/Aarhus"}, "Europe/Copenhagen"),
        ({"inbox_folder": Path("relative/inbox")}, "not a full path"),
        ({"use_api_export": False}, "No import file folder is chosen"),
        ({"input_format": "xml"}, "auto, acubiz or simple"),
        ({"voucher_grouping": "week"}, "travel_id, file or employee_day"),
        ({"category_map": {"Taxi": CategoryMapping(account=0)}}, "category 'Taxi'"),
        ({"category_map": {"Taxi": CategoryMapping(3640, "TOOLONG")}}, "1–5 characters"),
        ({"default_contra_account": -5}, "default contra account"),
        ({"department_dimension": 10}, "from 1 to 9"),
        ({"department_map": {"Salg": "two"}}, "departmental distribution number"),
        ({"api_base_url": "http://economic.example.com"}, "plain http"),
        ({"api_base_url": "restapi.e-conomic.com"}, "not a web address"),
        ({"api_base_url": "https://admin:hunter2@restapi.e-conomic.com"}, "user name or password"),
        ({"api_base_url": "https://restapi.e-conomic.com/?demo=true"}, "'?' or '#' part"),
        ({"api_base_url": "https://restapi.e-conomic.com/#x"}, "'?' or '#' part"),
        ({"api_base_url": "https://restapi.e-conomic.com:port"}, "not a web address"),
        ({"column_overrides": {"travelid": 22}}, "not an Acubiz column"),
        ({"column_overrides": {"receipts": 0}}, "from 1 to 99"),
        ({"column_overrides": {"receipts": 22}}, "both use position 22"),
    ],
)
def test_each_mistake_is_named_with_the_fix(inbox, change, expected):
    profile = dataclasses.replace(ExportProfile(name="Costs", inbox_folder=inbox), **change)
    problems = validate_profile(profile)
    assert len(problems) == 1, problems
    assert expected in problems[0]
    assert validate_profile(profile, language="en") == problems
    danish = validate_profile(profile, language="da")
    assert len(danish) == 1 and danish[0] != problems[0], danish
    assert not ENGLISH_WORDS.search(danish[0]), danish[0]


# Words that would give away an English sentence in a Danish text.
ENGLISH_WORDS = re.compile(r"\b(the|is|not|and|has|must|or|choose|use|number)\b", re.I)


def test_a_folder_that_does_not_exist_is_named_in_danish(tmp_path):
    profile = ExportProfile(name="Costs", inbox_folder=tmp_path / "not-there")
    assert validate_profile(profile, language="da") == [
        f"Indbakkemappen {tmp_path / 'not-there'} findes ikke. Opret den, eller vælg en anden"
        " mappe."
    ]


def test_validation_lists_every_problem_at_once(inbox):
    profile = ExportProfile(
        name="", inbox_folder=inbox, daily_time="7", time_zone="Mars/Olympus", export_type="x"
    )
    assert len(validate_profile(profile)) == 4


def test_missing_folders_are_reported_only_when_asked(tmp_path):
    profile = ExportProfile(name="Costs", inbox_folder=tmp_path / "not-there")
    assert any("does not exist" in p for p in validate_profile(profile))
    assert validate_profile(profile, check_folders=False) == []


def test_https_and_the_local_sandbox_are_accepted_addresses(inbox):
    for url in ("https://restapi.e-conomic.com", "http://localhost:8765", "http://[::1]:1"):
        profile = ExportProfile(name="Costs", inbox_folder=inbox, api_base_url=url)
        assert validate_profile(profile) == [], url


def test_invalid_profiles_and_duplicate_names_are_not_saved(inbox):
    with pytest.raises(SettingsError) as caught:
        save_profiles([ExportProfile(name="A", inbox_folder=inbox, daily_time="99:99")])
    assert "A: The daily time '99:99'" in caught.value.message
    assert "A: Klokkeslættet '99:99'" in caught.value.text("da")[1]
    with pytest.raises(SettingsError) as caught:
        save_profiles([ExportProfile(name="A", inbox_folder=inbox)] * 2)
    assert "used by more than one profile" in caught.value.message
    assert "bruges af mere end én profil" in caught.value.text("da")[1]
    assert not profiles_path().exists()


# -- the API address ------------------------------------------------------------------------


@pytest.mark.parametrize("url", [
    "https://admin:hunter2@restapi.e-conomic.com",
    "https://admin:hunter2@127.0.0.1:8765/api",
    "http://admin:hunter2@localhost:8765",
    "https://:hunter2@restapi.e-conomic.com",
])
def test_an_address_with_a_password_is_refused_without_echoing_the_password(inbox, url):
    profile = ExportProfile(name="Costs", inbox_folder=inbox, api_base_url=url)
    for language in ("en", "da"):
        (problem,) = validate_profile(profile, language=language)
        assert "hunter2" not in problem and "admin" not in problem
        assert "…@" in problem
    with pytest.raises(SettingsError) as caught:
        save_profiles([profile])
    assert "hunter2" not in caught.value.message and "hunter2" not in caught.value.text("da")[1]
    assert "Remove it" in caught.value.message
    assert not profiles_path().exists()


def test_a_user_name_alone_is_refused_too(inbox):
    profile = ExportProfile(name="Costs", inbox_folder=inbox,
                            api_base_url="https://someone@restapi.e-conomic.com")
    (problem,) = validate_profile(profile)
    assert "user name or password" in problem and "someone" not in problem


# -- two profiles, one inbox ----------------------------------------------------------------


def test_two_profiles_on_one_inbox_are_found_whatever_the_spelling(tmp_path):
    inbox = tmp_path / "Costs"
    (inbox / "sent").mkdir(parents=True)
    (tmp_path / "Salary").mkdir()
    costs = ExportProfile(name="Costs", inbox_folder=inbox)
    spelled = ExportProfile(name="Spelled", inbox_folder=tmp_path / "x" / ".." / "COSTS")
    inside = ExportProfile(name="Inside", inbox_folder=inbox / "sent")
    around = ExportProfile(name="Around", inbox_folder=tmp_path)
    salary = ExportProfile(name="Salary", inbox_folder=tmp_path / "Salary")
    sibling = ExportProfile(name="Sibling", inbox_folder=tmp_path / "Costs2")
    others = [spelled, inside, around, salary, sibling, costs]
    assert inbox_conflicts(costs, others) == ["Spelled", "Inside", "Around"]
    assert inbox_conflicts(salary, others) == ["Around"]
    assert inbox_conflicts(sibling, [costs, salary]) == []


def test_an_inbox_reached_through_a_link_is_the_same_inbox(tmp_path):
    inbox = tmp_path / "Costs"
    inbox.mkdir()
    link = tmp_path / "shortcut"
    try:
        link.symlink_to(inbox, target_is_directory=True)
    except OSError:
        pytest.skip("this system cannot make symbolic links")
    costs = ExportProfile(name="Costs", inbox_folder=inbox)
    linked = ExportProfile(name="Linked", inbox_folder=link)
    assert inbox_conflicts(linked, [costs]) == ["Costs"]


def test_a_profile_never_conflicts_with_itself_or_a_relative_path(inbox):
    costs = ExportProfile(name="Costs", inbox_folder=inbox)
    edited = dataclasses.replace(costs, journal_name="Other")
    relative = ExportProfile(name="Relative", inbox_folder=Path("Costs"))
    assert inbox_conflicts(costs, [costs, edited, relative]) == []
    assert inbox_conflicts(relative, [costs]) == []


def test_two_profiles_on_one_inbox_are_not_saved(inbox):
    first = ExportProfile(name="Costs", inbox_folder=inbox)
    second = ExportProfile(name="Mileage", inbox_folder=inbox / "sent")
    with pytest.raises(SettingsError) as caught:
        save_profiles([first, second])
    message = caught.value.message
    assert "'Costs' and 'Mileage'" in message and "its own inbox folder" in message
    message_da = caught.value.text("da")[1]
    assert "'Costs' og 'Mileage'" in message_da and "sin egen indbakkemappe" in message_da
    assert not profiles_path().exists()
    save_profiles([first])
    with pytest.raises(SettingsError):
        upsert_profile(second)
    assert load_profiles() == [first]
