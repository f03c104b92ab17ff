"""The tray menu, rebuilt from a fresh `TraySnapshot` each time it is about to show.

Nothing in it is remembered between openings (no label compared to decide what an action
does): `fill_menu` clears the menu and adds what the live state calls for, each action wired
to one method of a `TrayActions`. Every action has an object name, so tests find it by what it
is for rather than by its words.

The lines on top say what needs the admin first ("2 expenses wait for a fix — Show"); those
are real actions (History at the problem, or Settings for a lost connection), not grey text:
a warning that looks inactive is a warning that is not read.
"""

from __future__ import annotations

from typing import Protocol

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu

from wizard.ui.translate import QT_TRANSLATE_NOOP, translate
from wizard.ui.tray.icons import state_icon
from wizard.ui.tray.state import (
    IconState,
    LineTarget,
    PauseChoice,
    ProfileState,
    StatusLine,
    TraySnapshot,
)


class TrayActions(Protocol):
    def transfer_now(self, profile: str | None) -> None: ...
    def cancel_transfer(self) -> None: ...
    def pause(self, choice: PauseChoice) -> None: ...
    def resume(self) -> None: ...
    def show_history(self, profile: str | None = None) -> None: ...
    def show_problems(self, profile: str | None = None) -> None: ...
    def acknowledge_receipts(self, profile: str) -> None: ...
    def open_inbox(self, profile: str) -> None: ...
    def open_log(self) -> None: ...
    def open_settings(self, profile: str | None = None) -> None: ...
    def set_start_at_login(self, on: bool) -> None: ...
    def set_daily_summary(self, on: bool) -> None: ...
    def show_help(self) -> None: ...
    def quit(self, ask: bool = True) -> None: ...


PAUSE_WORDS = {
    PauseChoice.HOUR: QT_TRANSLATE_NOOP("Tray", "For 1 hour"),
    PauseChoice.TOMORROW: QT_TRANSLATE_NOOP("Tray", "Until tomorrow"),
    PauseChoice.UNTIL_RESUMED: QT_TRANSLATE_NOOP("Tray", "Until I resume"),
}


def fill_menu(
    menu: QMenu, snapshot: TraySnapshot, actions: TrayActions, *, start_at_login: bool,
    daily_summary: bool = False, include_quit: bool = True,
) -> None:  # fmt: skip
    """Replace the menu's contents with what `snapshot` calls for."""
    clear_menu(menu)
    for line in snapshot.lines():
        _line(menu, line, actions)
    several = len(snapshot.profiles) > 1
    if not snapshot.quitting and not snapshot.settings_problem:
        for profile in snapshot.profiles:
            _acknowledge(menu, profile, actions, named=several)
    menu.addSeparator()

    if several:
        for profile in snapshot.profiles:
            _profile_menu(menu, snapshot, profile, actions)
        menu.addSeparator()

    if snapshot.quitting:
        pass
    elif snapshot.running is not None:
        _action(menu, "cancel-transfer", translate("Tray", "Cancel transfer"),
                actions.cancel_transfer)
    elif snapshot.profiles:
        words = (translate("Tray", "Transfer all now") if several
                 else translate("Tray", "Transfer now"))
        _action(menu, "transfer-now", words, lambda: actions.transfer_now(None))

    if snapshot.paused:
        _action(menu, "resume", translate("Tray", "Resume transfers"), actions.resume)
    elif snapshot.profiles:
        pause = menu.addMenu(translate("Tray", "Pause transfers"))
        pause.setObjectName("pause-menu")
        for choice, words in PAUSE_WORDS.items():
            _action(pause, f"pause-{choice.value}", translate("Tray", words),
                    lambda checked=False, c=choice: actions.pause(c))
    menu.addSeparator()

    _action(menu, "history", translate("Tray", "History…"), lambda: actions.show_history(None))
    if len(snapshot.profiles) == 1:
        name = snapshot.profiles[0].name
        _action(menu, "open-inbox", translate("Tray", "Open inbox folder"),
                lambda: actions.open_inbox(name))
    _action(menu, "open-log", translate("Tray", "Open log"), actions.open_log)
    _action(menu, "settings", translate("Tray", "Settings…"), lambda: actions.open_settings(None))
    menu.addSeparator()

    login = _action(menu, "start-at-login", translate("Tray", "Start at login"), None)
    login.setCheckable(True)
    login.setChecked(start_at_login)
    login.toggled.connect(actions.set_start_at_login)
    summary = _action(menu, "daily-summary", translate("Tray", "Daily summary message"), None)
    summary.setCheckable(True)
    summary.setChecked(daily_summary)
    summary.setToolTip(translate(
        "Tray", "A short message after each day's transfer, also when all went well"))
    summary.toggled.connect(actions.set_daily_summary)
    _action(menu, "help", translate("Tray", "Help and About…"), actions.show_help)
    if include_quit:
        _action(menu, "quit", translate("Tray", "Quit…"), actions.quit)


def clear_menu(menu: QMenu) -> None:
    """Empty the menu, sub-menus included (clear() alone would keep them as children)."""
    for action in menu.actions():
        sub = action.menu()
        if sub is not None and sub.parent() is menu:
            sub.deleteLater()
    menu.clear()


def _profile_menu(
    menu: QMenu, snapshot: TraySnapshot, profile: ProfileState, actions: TrayActions
) -> None:
    sub = menu.addMenu(state_icon(profile.icon_state(snapshot.paused)), profile.name)
    sub.setObjectName(f"profile:{profile.name}")
    for line in profile.attention():
        _line(sub, line, actions)
    _acknowledge(sub, profile, actions)
    for text in snapshot.profile_lines(profile):
        _info(sub, text)
    if profile.note:
        _info(sub, profile.note)
    sub.addSeparator()
    name = profile.name
    now = _action(sub, "transfer-now", translate("Tray", "Transfer now"),
                  lambda: actions.transfer_now(name))
    if profile.running or profile.queued:
        now.setEnabled(False)
        now.setText(translate("Tray", "Transferring…") if profile.running
                    else translate("Tray", "Transfer now (queued)"))
    elif not profile.enabled:
        now.setEnabled(False)
        now.setText(translate("Tray", "Transfer now (switched off in Settings)"))
    _action(sub, "history", translate("Tray", "History…"), lambda: actions.show_history(name))
    _action(sub, "open-inbox", translate("Tray", "Open inbox folder"),
            lambda: actions.open_inbox(name))
    _action(sub, "settings", translate("Tray", "Settings…"), lambda: actions.open_settings(name))


def _line(menu: QMenu, line: StatusLine, actions: TrayActions) -> QAction:
    """A status line: information, or a click to where the problem is shown or fixed."""
    if line.target is LineTarget.HISTORY:
        action = _action(menu, "problem", line.menu_text(),
                         lambda: actions.show_problems(line.profile))
    elif line.target is LineTarget.SETTINGS:
        action = _action(menu, "problem", line.menu_text(),
                         lambda: actions.open_settings(line.profile))
    else:
        return _info(menu, line.text)
    # The warning sign as the action's icon (where the menu has its icon column), so the
    # line that needs the admin stands out from the grey ones below it.
    action.setIcon(state_icon(IconState.ATTENTION))
    action.setText(action.text().replace("⚠ ", "", 1))
    action.setToolTip(line.text)
    return action


def _acknowledge(
    menu: QMenu, profile: ProfileState, actions: TrayActions, named: bool = False
) -> None:
    """"Receipts dealt with — stop reminding": a receipt attached by hand in e-conomic (or
    one that will never come) would otherwise keep the icon orange for good."""
    if profile.outstanding is None or not profile.outstanding.receipt_keys:
        return
    words = translate("Tray", "Receipts dealt with — stop reminding")
    name = profile.name
    action = _action(menu, "acknowledge-receipts", f"{name}: {words}" if named else words,
                     lambda: actions.acknowledge_receipts(name))
    action.setToolTip(translate(
        "Tray", "Say this when you have attached the receipts by hand in e-conomic, or know"
        " they will not come. A receipt that needs you later is shown again."))


def _info(menu: QMenu, text: str) -> QAction:
    action = menu.addAction(text)
    action.setEnabled(False)
    action.setObjectName("status")
    return action


def _action(menu: QMenu, name: str, text: str, slot) -> QAction:
    action = menu.addAction(text)
    action.setObjectName(name)
    if slot is not None:
        action.triggered.connect(lambda checked=False: slot())
    return action


def find_action(menu: QMenu, name: str) -> QAction | None:
    """The action with this object name, searching sub-menus too (for tests and `show`)."""
    for action in menu.actions():
        if action.objectName() == name:
            return action
        sub = action.menu()
        if sub is not None:
            found = find_action(sub, name)
            if found is not None:
                return found
    return None
