"""`acubiz-export profile …`: an IT admin sets up, changes and removes exports without the GUI."""

from __future__ import annotations

import json
import tomllib

import pytest
import tomli_w
from cli_helpers import unique_name

from wizard.commands.common import ExitCode
from wizard.settings.profiles import CategoryMapping
from wizard.settings.store import get_profile, load_profiles, profiles_path

TOKEN = "SgTD30mY355XWrFkgnJRP8pPMly6H13vvzAFrMBKvBU1"


@pytest.fixture
def inbox(tmp_path):
    folder = tmp_path / "Costs"
    folder.mkdir()
    return folder


def test_add_show_edit_remove_round_trip(cli, inbox, tmp_path, memory_keyring):
    receipts = tmp_path / "Files"
    receipts.mkdir()
    added = cli(
        "profile", "add", "--name", "2. Omkostninger", "--inbox", str(inbox),
        "--receipts", str(receipts), "--journal-name", "ACUBIZ EMS", "--journal-number", "7",
        "--export-type", "manual", "--time", "15:30", "--time-zone", "Europe/Oslo",
        "--api-export", "yes", "--input-format", "simple", "--grouping", "file",
        "--map", "Taxi=3640:I25", "--map", "Porto=3600", "--contra-account", "5900",
        "--department-dimension", "2", "--department-map", "Salg=2",
        "--attach-receipts", "no", "--api-url", "http://127.0.0.1:9", "--enabled", "no",
        "--column", "travel_id=27", "--integration-type", "economic-rest-v3",
    )
    assert added.code == ExitCode.OK, added.text
    assert "added" in added.out

    profile = get_profile("2. Omkostninger")
    assert profile is not None
    assert profile.inbox_folder == inbox
    assert profile.receipts_folder == receipts
    assert profile.journal_number == 7
    assert (profile.export_type, profile.daily_time, profile.time_zone) == (
        "manual", "15:30", "Europe/Oslo"
    )
    assert profile.input_format == "simple" and profile.voucher_grouping == "file"
    assert profile.category_map == {
        "Taxi": CategoryMapping(3640, "I25"), "Porto": CategoryMapping(3600, None)
    }
    assert profile.default_contra_account == 5900
    assert profile.department_dimension == 2 and profile.department_map == {"Salg": 2}
    assert profile.attach_receipts is False and profile.enabled is False
    assert profile.api_base_url == "http://127.0.0.1:9"
    assert profile.column_overrides == {"travel_id": 27}

    shown = cli("profile", "show", "2. Omkostninger")
    assert shown.code == ExitCode.OK
    for expected in ("2. Omkostninger", "ACUBIZ EMS (number 7)", "Taxi = account 3640, VAT I25",
                     "Porto = account 3600, no VAT", "Salg = distribution 2", "travel_id",
                     "15:30 (Europe/Oslo)", "not connected"):
        assert expected in shown.out

    edited = cli("profile", "edit", "2. Omkostninger", "--time", "16:45", "--map", "Porto=",
                 "--map", "Hotel=2750:I25", "--receipts", "", "--enabled", "yes")
    assert edited.code == ExitCode.OK, edited.text
    after = get_profile("2. Omkostninger")
    assert after.daily_time == "16:45"
    assert after.category_map == {
        "Taxi": CategoryMapping(3640, "I25"), "Hotel": CategoryMapping(2750, "I25")
    }
    assert after.receipts_folder is None and after.enabled is True
    # Everything not given stays as it was.
    assert (after.time_zone, after.journal_number, after.department_map) == (
        "Europe/Oslo", 7, {"Salg": 2}
    )

    as_json = cli("profile", "show", "2. Omkostninger", "--json")
    data = json.loads(as_json.out)
    assert data["version"] == 1
    assert data["profile"]["daily_time"] == "16:45"
    assert data["profile"]["category_map"]["Hotel"] == {"account": 2750, "vat_code": "I25"}
    assert data["profile"]["receipts_folder"] is None
    assert data["connection"] == {
        "connected": False, "token": None, "store": None, "problem": None, "grant": None,
        "company": None, "agreement_number": None,
    }

    listed = cli("profile", "list")
    assert listed.out.count("\n") == 1 and "2. Omkostninger" in listed.out

    removed = cli("profile", "remove", "2. Omkostninger", "--yes")
    assert removed.code == ExitCode.OK, removed.text
    assert load_profiles() == []
    assert inbox.is_dir()  # the inbox and its files are never touched


def test_add_refuses_with_every_problem_listed(cli, memory_keyring):
    result = cli(
        "profile", "add", "--name", " padded ", "--inbox", "/no/such/folder", "--time", "25:00",
        "--time-zone", "Mars/Olympus", "--export-type", "weekly", "--map", "Taxi=0:TOOLONGVAT",
        "--department-dimension", "12", "--column", "nonsense=3",
        "--api-url", "http://example.com", "--integration-type", "soap",
    )
    assert result.code == ExitCode.USAGE
    assert result.out == ""
    for expected in (
        "profile name ' padded '", "daily time '25:00'", "time zone 'Mars/Olympus'",
        "export type 'weekly'", "category 'Taxi'", "department dimension '12'",
        "'nonsense' is not an Acubiz column", "plain http", "integration 'soap'",
        "/no/such/folder does not exist",
    ):
        assert expected in result.err
    assert not profiles_path().exists()


def test_add_without_name_and_inbox_says_both(cli, memory_keyring):
    result = cli("profile", "add")
    assert result.code == ExitCode.USAGE
    assert "no name" in result.err and "No inbox folder" in result.err


def test_a_folder_that_does_not_exist_yet_can_be_saved_on_purpose(cli, memory_keyring, tmp_path):
    offline = tmp_path / "network-drive" / "Costs"
    refused = cli("profile", "add", "--name", "Later", "--inbox", str(offline))
    assert refused.code == ExitCode.USAGE and "does not exist" in refused.err
    saved = cli("profile", "add", "--name", "Later", "--inbox", str(offline), "--no-folder-check")
    assert saved.code == ExitCode.OK, saved.text


def test_a_relative_inbox_is_taken_from_the_current_folder(cli, memory_keyring, tmp_path,
                                                           monkeypatch):
    (tmp_path / "here").mkdir()
    monkeypatch.chdir(tmp_path)
    assert cli("profile", "add", "--name", "Rel", "--inbox", "here").code == ExitCode.OK
    assert get_profile("Rel").inbox_folder == tmp_path / "here"


def test_malformed_flag_values_are_usage_errors(cli, inbox, memory_keyring):
    for flag, value in (("--map", "Taxi"), ("--map", "Taxi=abc"), ("--department-map", "Salg=x"),
                        ("--journal-number", "seven"), ("--enabled", "maybe")):
        result = cli("profile", "add", "--name", "X", "--inbox", str(inbox), flag, value)
        assert result.code == ExitCode.USAGE, (flag, value)
        assert flag in result.err
    assert not profiles_path().exists()


def test_add_refuses_a_name_that_is_taken(cli, inbox, memory_keyring):
    assert cli("profile", "add", "--name", "Costs", "--inbox", str(inbox)).code == 0
    again = cli("profile", "add", "--name", "Costs", "--inbox", str(inbox), "--time", "09:00")
    assert again.code == ExitCode.USAGE
    assert "already exists" in again.err and "profile edit Costs" in again.err
    assert get_profile("Costs").daily_time == "16:00"


def test_edit_refuses_bad_values_and_keeps_the_profile(cli, inbox, memory_keyring):
    assert cli("profile", "add", "--name", "Costs", "--inbox", str(inbox)).code == 0
    result = cli("profile", "edit", "Costs", "--time", "7 o'clock", "--contra-account", "-5")
    assert result.code == ExitCode.USAGE
    assert "daily time" in result.err and "contra account" in result.err
    assert get_profile("Costs").daily_time == "16:00"


def test_edit_without_flags_and_unknown_profiles_are_usage_errors(cli, inbox, memory_keyring):
    assert cli("profile", "add", "--name", "Costs", "--inbox", str(inbox)).code == 0
    nothing = cli("profile", "edit", "Costs")
    assert nothing.code == ExitCode.USAGE and "Nothing to change" in nothing.err
    unknown = cli("profile", "show", "Travel")
    assert unknown.code == ExitCode.USAGE
    assert "no profile 'Travel'" in unknown.err and "'Costs'" in unknown.err


def own_inbox(tmp_path, name: str) -> str:
    """Each profile needs its own inbox folder."""
    folder = tmp_path / f"inbox {name}"
    folder.mkdir()
    return str(folder)


def test_edit_rename_refuses_a_taken_name(cli, tmp_path, memory_keyring):
    for name in ("A", "B"):
        assert cli("profile", "add", "--name", name, "--inbox", own_inbox(tmp_path, name)).code == 0
    result = cli("profile", "edit", "A", "--rename", "B")
    assert result.code == ExitCode.USAGE and "already exists" in result.err
    assert [p.name for p in load_profiles()] == ["A", "B"]


def test_rename_keeps_the_position_in_the_file(cli, tmp_path, memory_keyring):
    for name in ("A", "B", "C"):
        assert cli("profile", "add", "--name", name, "--inbox", own_inbox(tmp_path, name)).code == 0
    assert cli("profile", "edit", "B", "--rename", "Bee").code == ExitCode.OK
    assert [p.name for p in load_profiles()] == ["A", "Bee", "C"]


def test_list_with_no_profiles_says_how_to_add_one(cli):
    result = cli("profile", "list")
    assert result.code == ExitCode.OK and "profile add" in result.out
    assert json.loads(cli("profile", "list", "--json").out) == {"version": 1, "profiles": []}


def test_remove_needs_yes_when_nobody_can_answer(cli, inbox, memory_keyring):
    assert cli("profile", "add", "--name", "Costs", "--inbox", str(inbox)).code == 0
    refused = cli("profile", "remove", "Costs")  # standard input is a pipe, not a person
    assert refused.code == ExitCode.USAGE and "--yes" in refused.err
    assert get_profile("Costs") is not None


def test_remove_asks_at_a_terminal(cli, inbox, memory_keyring):
    assert cli("profile", "add", "--name", "Costs", "--inbox", str(inbox)).code == 0
    kept = cli("profile", "remove", "Costs", stdin="n\n", tty=True)
    assert kept.code == ExitCode.OK and "Nothing was removed" in kept.out
    assert get_profile("Costs") is not None
    gone = cli("profile", "remove", "Costs", stdin="y\n", tty=True)
    assert gone.code == ExitCode.OK and "removed" in gone.out
    assert get_profile("Costs") is None


def test_without_a_password_store_show_says_so_and_remove_warns(cli, inbox, no_keyring):
    assert cli("profile", "add", "--name", "Costs", "--inbox", str(inbox)).code == 0
    shown = cli("profile", "show", "Costs")
    assert shown.code == ExitCode.OK
    assert "unknown: No secure password store" in shown.out
    removed = cli("profile", "remove", "Costs", "--yes")
    assert removed.code == ExitCode.ATTENTION
    assert "No secure password store" in removed.err
    assert get_profile("Costs") is None  # the profile itself is gone


def test_a_damaged_settings_file_is_a_usage_error(cli):
    profiles_path().parent.mkdir(parents=True, exist_ok=True)
    profiles_path().write_text("[[profiles]\nname = ", encoding="utf-8")
    result = cli("profile", "list")
    assert result.code == ExitCode.USAGE
    assert "Settings file is damaged" in result.err


@pytest.mark.desktop
def test_show_says_connected_without_showing_the_token(cli, inbox, real_keyring):
    from wizard.settings.secrets import store_grant_token

    name = unique_name()
    real_keyring.profiles.add(name)
    assert cli("profile", "add", "--name", name, "--inbox", str(inbox)).code == 0
    store_grant_token(name, TOKEN)
    shown = cli("profile", "show", name)
    assert f"connected (token …{TOKEN[-4:]} in " in shown.out
    as_json = json.loads(cli("profile", "show", name, "--json").out)
    assert as_json["connection"]["connected"] is True
    assert as_json["connection"]["token"] == "…" + TOKEN[-4:]
    for result in (shown.text, json.dumps(as_json, ensure_ascii=False)):
        assert TOKEN not in result and TOKEN[:20] not in result


@pytest.mark.desktop
def test_rename_moves_the_token_and_remove_deletes_it(cli, inbox, real_keyring):
    from wizard.settings.secrets import load_grant_token, store_grant_token

    old, new = unique_name(), unique_name()
    real_keyring.profiles.update({old, new})
    assert cli("profile", "add", "--name", old, "--inbox", str(inbox)).code == 0
    store_grant_token(old, TOKEN)

    renamed = cli("profile", "edit", old, "--rename", new)
    assert renamed.code == ExitCode.OK, renamed.text
    assert load_grant_token(old) is None
    assert load_grant_token(new) == TOKEN

    removed = cli("profile", "remove", new, "--yes")
    assert removed.code == ExitCode.OK, removed.text
    assert load_grant_token(new) is None


# -- what is refused before anything is saved ------------------------------------------------


def test_two_profiles_on_one_inbox_are_refused(cli, inbox, memory_keyring):
    assert cli("profile", "add", "--name", "Costs", "--inbox", str(inbox)).code == 0
    (inbox / "sent").mkdir()
    for folder in (inbox, inbox / "sent", inbox.parent):
        result = cli("profile", "add", "--name", "Mileage", "--inbox", str(folder))
        assert result.code == ExitCode.USAGE, folder
        assert "'Mileage' and 'Costs'" in result.err and "its own inbox folder" in result.err
    assert [p.name for p in load_profiles()] == ["Costs"]


def test_editing_a_profile_onto_another_ones_inbox_is_refused(cli, inbox, tmp_path, memory_keyring):
    mileage = tmp_path / "Mileage"
    mileage.mkdir()
    assert cli("profile", "add", "--name", "Costs", "--inbox", str(inbox)).code == 0
    assert cli("profile", "add", "--name", "Mileage", "--inbox", str(mileage)).code == 0
    moved = cli("profile", "edit", "Mileage", "--inbox", str(inbox))
    assert moved.code == ExitCode.USAGE
    assert "'Mileage' and 'Costs'" in moved.err
    assert get_profile("Mileage").inbox_folder == mileage
    # A profile may keep (or be saved again with) its own inbox.
    assert cli("profile", "edit", "Costs", "--inbox", str(inbox), "--time", "09:00").code == 0


def test_an_api_address_with_a_password_is_refused_and_not_echoed(cli, inbox, memory_keyring):
    url = "https://admin:hunter2@restapi.e-conomic.com"
    added = cli("profile", "add", "--name", "Costs", "--inbox", str(inbox), "--api-url", url)
    assert added.code == ExitCode.USAGE
    assert "user name or password" in added.err and "hunter2" not in added.text
    assert not profiles_path().exists()
    assert cli("profile", "add", "--name", "Costs", "--inbox", str(inbox)).code == 0
    for bad in (url, "https://restapi.e-conomic.com/?demo=true", "http://economic.example.com"):
        edited = cli("profile", "edit", "Costs", "--api-url", bad)
        assert edited.code == ExitCode.USAGE, bad
        assert "hunter2" not in edited.text
    assert get_profile("Costs").api_base_url is None
    assert b"hunter2" not in profiles_path().read_bytes()


def test_connect_refuses_an_api_address_with_a_password_before_reading_a_token(
    cli, inbox, memory_keyring
):
    assert cli("profile", "add", "--name", "Costs", "--inbox", str(inbox)).code == 0
    result = cli("connect", "--profile", "Costs", "--api-url",
                 "https://admin:hunter2@127.0.0.1:1", stdin=f"{TOKEN}\n{TOKEN}\n")
    assert result.code == ExitCode.USAGE
    assert "user name or password" in result.err and "Nothing was stored" in result.err
    assert "hunter2" not in result.text
    assert memory_keyring.store == {}
    assert get_profile("Costs").api_base_url is None


def test_the_api_address_from_the_environment_is_checked_without_echoing_it(
    cli, inbox, memory_keyring, monkeypatch
):
    assert cli("profile", "add", "--name", "Costs", "--inbox", str(inbox)).code == 0
    monkeypatch.setenv("ACUBIZ_EXPORT_API_URL", "https://admin:hunter2@restapi.e-conomic.com")
    result = cli("connect", "--profile", "Costs", stdin=f"{TOKEN}\n{TOKEN}\n")
    assert result.code == ExitCode.USAGE
    assert "user name and password" in result.err and "hunter2" not in result.text
    assert memory_keyring.store == {}


def test_a_password_written_into_the_file_by_hand_is_not_shown(cli, inbox, memory_keyring):
    assert cli("profile", "add", "--name", "Costs", "--inbox", str(inbox)).code == 0
    path = profiles_path()
    document = tomllib.loads(path.read_text(encoding="utf-8"))
    document["profiles"][0]["api_base_url"] = "https://admin:hunter2@example.com"
    path.write_text(tomli_w.dumps(document), encoding="utf-8")
    shown = cli("profile", "show", "Costs")
    assert "https://…@example.com" in shown.out and "hunter2" not in shown.text
    as_json = cli("profile", "show", "Costs", "--json")
    assert json.loads(as_json.out)["profile"]["api_base_url"] == "https://…@example.com"
