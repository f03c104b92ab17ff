"""`acubiz-export setup --settings`, the command the tray's "Settings…" starts, run whole: the
window it opens first, what the admin does there, and its exit code."""

from __future__ import annotations

import gc
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QWizard
from test_settings_dialog import OTHER, connected_export, second_export  # noqa: F401 (fixtures)
from wizard_helpers import click

from wizard.cli import main
from wizard.settings.store import load_profiles
from wizard.ui.setup.settings_dialog import SettingsChooser, SettingsDialog
from wizard.ui.setup.wizard import SetupWizard


def when_shown(qtbot, kind: type, act: Callable) -> list:
    """Run `act(window)` once a window of `kind` is shown (the command blocks in exec())."""
    seen: list = []

    def poll() -> None:
        window = next(
            (w for w in QApplication.topLevelWidgets() if isinstance(w, kind) and w.isVisible()),
            None,
        )
        if window is None:
            QTimer.singleShot(20, poll)
            return
        seen.append(window)
        act(window)

    QTimer.singleShot(0, poll)
    return seen


def live_qt_objects_in_garbage() -> list[str]:
    """Qt objects that still exist but that only Python's cyclic garbage collector can reach:
    it would delete them on whichever thread collects next (often a setup task's thread)."""
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        gc.collect()
        found = [
            type(obj).__name__
            for obj in gc.garbage
            if isinstance(obj, shiboken6.Shiboken.Object) and shiboken6.isValid(obj)
        ]
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
    return found


def test_settings_command_saves_a_new_time_and_exits_0(qtbot, connected_export):  # noqa: F811
    def change_time(dialog: SettingsDialog) -> None:
        dialog.open_tab(SettingsDialog.SCHEDULE)
        field = dialog.schedule_tab.time
        field.setFocus()
        field.selectAll()
        qtbot.keyClicks(field, "0744")
        click(qtbot, dialog.save_button)

    seen = when_shown(qtbot, SettingsDialog, change_time)
    assert main(["setup", "--settings", "--lang", "en"]) == 0
    assert seen
    assert load_profiles()[0].daily_time == "07:44"


def test_several_exports_go_through_the_chooser(qtbot, second_export):  # noqa: F811
    def choose_second(chooser: SettingsChooser) -> None:
        chooser.list.setCurrentRow(1)
        click(qtbot, chooser.open_button)

    names = []

    def cancel(dialog: SettingsDialog) -> None:
        names.append(dialog.profile.name)
        dialog.ask_discard = lambda: pytest.fail("asked although nothing changed")
        click(qtbot, dialog.cancel_button)

    chosen = when_shown(qtbot, SettingsChooser, choose_second)
    when_shown(qtbot, SettingsDialog, cancel)
    assert main(["setup", "--settings", "--lang", "en"]) == 1
    assert chosen and names == [OTHER]


def test_without_an_export_settings_opens_the_wizard(qtbot):
    def cancel(wizard: SetupWizard) -> None:
        click(qtbot, wizard.button(QWizard.WizardButton.CancelButton))

    seen = when_shown(qtbot, SetupWizard, cancel)
    assert main(["setup", "--settings", "--lang", "en"]) == 1
    assert seen


def test_unsaved_changes_can_be_saved_from_the_question(qtbot, connected_export):  # noqa: F811
    def edit_and_cancel(dialog: SettingsDialog) -> None:
        dialog.ask_discard = lambda: QMessageBox.StandardButton.Save
        dialog.open_tab(SettingsDialog.SCHEDULE)
        dialog.schedule_tab.time.setText("9")
        click(qtbot, dialog.cancel_button)

    assert when_shown(qtbot, SettingsDialog, edit_and_cancel) is not None
    assert main(["setup", "--settings", "--lang", "en"]) == 0
    assert load_profiles()[0].daily_time == "09:00"


def test_render_pages_writes_every_tab_and_exits_cleanly(tmp_path):
    """The screenshots' command in its own process: one PNG per tab, exit 0, no crash at exit."""
    root = Path(__file__).resolve().parents[2]
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    result = subprocess.run(
        [sys.executable, "-m", "wizard", "setup", "--settings", "--render-pages",
         str(tmp_path / "shots"), "--lang", "da"],
        cwd=root, env=env, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "Fatal Python error" not in result.stderr
    names = sorted(path.name for path in (tmp_path / "shots").iterdir())
    tabs = ("accounts", "chooser", "connection", "folders", "journal", "schedule")
    assert names == [f"settings-{tab}.png" for tab in tabs]


def test_set_up_a_new_export_from_the_dialog_opens_the_wizard(qtbot, connected_export):  # noqa: F811
    def new_export(dialog: SettingsDialog) -> None:
        click(qtbot, dialog.new_export)

    def cancel(wizard: SetupWizard) -> None:
        assert not wizard.welcome.edit_profile.isChecked()  # a new export, not this one
        click(qtbot, wizard.button(QWizard.WizardButton.CancelButton))

    when_shown(qtbot, SettingsDialog, new_export)
    wizards = when_shown(qtbot, SetupWizard, cancel)
    assert main(["setup", "--settings", "--lang", "en"]) == 1
    assert wizards


def test_no_window_is_left_for_a_task_thread_to_destroy(qtbot):
    """The segmentation fault of a CI run: `open_wizard` returned without deleting its window;
    the live SetupWizard, in reference cycles, was left to the garbage collector, which the
    next settings dialog's connection check could run on its daemon thread (tasks.py): a
    whole widget tree deleted off the GUI thread, and a crash in a later collection."""
    gc.collect()

    def cancel(wizard: SetupWizard) -> None:
        click(qtbot, wizard.button(QWizard.WizardButton.CancelButton))

    when_shown(qtbot, SetupWizard, cancel)
    assert main(["setup", "--settings", "--lang", "en"]) == 1
    assert live_qt_objects_in_garbage() == []
