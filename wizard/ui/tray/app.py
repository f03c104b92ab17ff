"""The tray exporter: wires the parts together and answers the menu's actions.

The parts do not know each other; this module connects their signals:

    ProfileFileWatch.changed ─→ reload profiles ─→ TransferScheduler.tick, ConnectionChecker
    TransferScheduler.due ───→ TransferRunner.submit (one queued run per profile)
    TransferRunner.finished ─→ notifications.decide ─→ the view speaks up (or stays quiet);
                               after "Transfer now" it always answers (`transfer_feedback`)
    language file changed ───→ the tray's translators switch; windows say it in the new words
    anything changed ────────→ a fresh TraySnapshot ─→ icon, tooltip, status window

The snapshot reads what is held or waiting from the ledger each time it is made
(`read_outstanding`), so the icon stays orange for as long as a held posting or a receipt
needs the admin, whatever later runs of other files did. (That read lives here, not in the
engine: importing the engine would load the HTTP client into the idle tray.)

What to draw and when to notify are pure functions (`state`, `notifications`); the
schedule is `wizard.export.schedule`; the work is `wizard.export.engine.run_transfer`. The view
is a tray icon with a menu rebuilt on every opening, or, without a tray, a status window.
"""

from __future__ import annotations

import datetime as dt
import logging
import subprocess
import sys
from collections.abc import Callable, Collection
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import QObject, QPoint, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QCursor, QDesktopServices, QGuiApplication
from PySide6.QtWidgets import QApplication, QMenu, QMessageBox, QSystemTrayIcon, QWidget

from wizard.commands.worker import worker_command
from wizard.export.report import ProblemKind, RunStatus
from wizard.export.schedule import next_slot, parse_daily_time
from wizard.settings.profiles import ExportProfile, SettingsError
from wizard.settings.store import load_profiles, profiles_path
from wizard.ui import autostart
from wizard.ui.clock_words import zone_of
from wizard.ui.translate import language, translate
from wizard.ui.tray.connection_check import ConnectionChecker
from wizard.ui.tray.icons import app_icon, state_icon
from wizard.ui.tray.menu import fill_menu
from wizard.ui.tray.notifications import (
    Notification,
    Severity,
    daily_summary,
    decide,
    remembered_from,
    transfer_feedback,
)
from wizard.ui.tray.profile_watch import ProfileFileWatch
from wizard.ui.tray.runner import RunRequest, Submitted, Summary, TransferRunner
from wizard.ui.tray.scheduler import ScheduledRun, TransferScheduler, interrupted_slot
from wizard.ui.tray.state import (
    APP_TITLE,
    Connection,
    ConnectionState,
    IconState,
    LastRun,
    Outstanding,
    PauseChoice,
    ProfileState,
    TraySnapshot,
    help_text,
    pause_end,
)
from wizard.ui.tray.store import TrayStore

log = logging.getLogger("wizard.ui.tray")

Clock = Callable[[], dt.datetime]
NOTIFY_MS = 15000
TRAY_POLL_MS = 500


def settings_command(profile: str | None = None) -> list[str]:
    """How "Settings…" opens the export's Settings dialog (the frozen app itself, or this
    Python), in the tray's language; the setup process opens the wizard when there is none."""
    base = [sys.executable, "setup"] if getattr(sys, "frozen", False) else [
        sys.executable, "-m", "wizard", "setup"]
    return base + ["--settings"] + (["--profile", profile] if profile else []) + [
        "--lang", language()]


def launch_detached(command: list[str]) -> None:
    options: dict[str, Any] = {"close_fds": True}
    if sys.platform == "win32":
        options["creationflags"] = subprocess.DETACHED_PROCESS | subprocess.CREATE_NEW_PROCESS_GROUP
    else:
        options["start_new_session"] = True
    subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                     stderr=subprocess.DEVNULL, **options)


class TrayApp(QObject):
    notified = Signal(object)  # Notification: every time the tray speaks up
    refreshed = Signal(object)  # TraySnapshot: every time the views were redrawn

    def __init__(
        self,
        *,
        clock: Clock | None = None,
        display_zone: dt.tzinfo | None = None,
        use_tray: bool | None = None,
        tray_wait_s: float = 10.0,
        worker: Callable[[list[str]], list[str]] = worker_command,
        settle_seconds: float = 30.0,
        start_delay_s: float = 20.0,
        launch: Callable[[list[str]], None] = launch_detached,
        quit_application: Callable[[], None] | None = None,
        ask_on_close: Callable[[QWidget], Any] | None = None,
        quit_wait_s: float = 30.0,
        confirm_quit: Callable[[], bool] | None = None,
        store: TrayStore | None = None,
        ledger: Any = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.clock: Clock = clock or (lambda: dt.datetime.now(dt.UTC))
        self.display_zone = display_zone
        self._use_tray = use_tray
        self._tray_wait_s = tray_wait_s
        self._start_delay_s = start_delay_s
        self._launch = launch
        self._quit_application = quit_application or QApplication.quit
        self._ask_on_close = ask_on_close
        self._quit_wait_s = quit_wait_s
        self._confirm_quit = confirm_quit or ask_quit
        self.store = store or TrayStore()
        if ledger is None:
            from wizard.export.ledger import Ledger

            ledger = Ledger()
        self.ledger = ledger

        self.profiles: list[ExportProfile] = []
        self.settings_problem: str | None = None
        self.connections: dict[str, Connection] = {}
        self.notes: dict[str, str] = {}
        self._busy: set[str] = set()  # profiles whose note says another run was going
        self._remembered: dict[str, frozenset[str]] = {}
        self.quitting = False
        self._quit_done = False
        self._closed = False
        self.tray: QSystemTrayIcon | None = None
        self.menu: QMenu | None = None
        self.window: Any = None  # StatusWindow, made only when there is no tray
        self.history: Any = None
        self._box: QMessageBox | None = None
        self._path_box: QMessageBox | None = None
        # "Transfer all now": the exports still to finish, and what each one said, so the
        # admin gets one answer for one click (a tray shows one message at a time).
        self._answer_after: set[str] = set()
        self._answers: list[tuple[str, Notification]] = []
        self.last_message: tuple[str, str] | None = None
        self._last_notification: Notification | None = None
        self._tray_polls = 0

        self.runner = TransferRunner(
            self.profile, command=worker, clock=self.clock, settle_seconds=settle_seconds,
            parent=self,
        )  # fmt: skip
        self.runner.started.connect(self._on_run_started)
        self.runner.finished.connect(self._on_run_finished)
        self.runner.idle.connect(self._on_runner_idle)
        self.scheduler = TransferScheduler(
            clock=self.clock,
            profiles=lambda: self.profiles,
            slot_was_run=self.ledger.slot_was_run,
            not_before=self.store.first_seen,
            paused_until=lambda: self.store.paused_until,
            parent=self,
        )
        self.scheduler.due.connect(self._on_due)
        self.scheduler.ticked.connect(self.refresh)
        self.checker = ConnectionChecker(self.clock, worker, parent=self)
        self.checker.checked.connect(self._on_checked)
        self.watch: ProfileFileWatch | None = None
        self.language_watch: ProfileFileWatch | None = None

    # -- life ------------------------------------------------------------------------------

    def start(self) -> None:
        self._load_profiles()
        for profile in self.profiles:
            self._remembered[profile.name] = remembered_from(self._last_run(profile.name))
        self.watch = ProfileFileWatch(profiles_path(), self)
        self.watch.changed.connect(self.settings_changed)
        from wizard.ui.i18n import language_file

        self.language_watch = ProfileFileWatch(language_file(), self)
        self.language_watch.changed.connect(self.language_changed)
        self._choose_view()
        self.checker.check(self.profiles)
        self._resume_interrupted()
        self.scheduler.start(self._start_delay_s)
        log.info("tray started with %d export profile(s)", len(self.profiles))

    def shutdown(self, wait_s: float = 0.0) -> bool:
        """After the event loop: stop everything; True when no transfer is left running.
        Answers that arrive later (a connection check, a run) are ignored."""
        self.scheduler.stop()
        self.runner.stop()
        finished = self.runner.wait(wait_s)
        if not finished:
            log.warning("a transfer was still running at exit; stopped it (the next run"
                        " checks e-conomic for what was on its way)")
            self.runner.kill()
        self.checker.stop()
        self._closed = True
        for part in (self.scheduler, self.runner, self.checker, self.watch,
                     self.language_watch):
            if part is not None:
                part.blockSignals(True)
        if self.tray is not None:
            self.tray.hide()
        return finished

    # -- the live state --------------------------------------------------------------------

    def profile(self, name: str) -> ExportProfile | None:
        return next((p for p in self.profiles if p.name == name), None)

    def snapshot(self) -> TraySnapshot:
        now = self.clock()
        paused_until = self.store.paused_until
        if paused_until is not None and paused_until <= now:
            paused_until = None
        current = self.runner.current
        queued = {r.profile for r in self.runner.queued}
        states = tuple(
            ProfileState(
                name=p.name,
                scheduled=p.export_type == "scheduled",
                enabled=p.enabled,
                daily_time=p.daily_time,
                last=self._last_run(p.name),
                next_run=_next_run(p, now),
                running=current is not None and current.profile == p.name,
                queued=p.name in queued,
                connection=self.connections.get(p.name, Connection()),
                note=self.notes.get(p.name),
                time_zone=p.time_zone,
                outstanding=self._outstanding(p.name),
            )
            for p in self.profiles
        )
        return TraySnapshot(
            now=now, profiles=states, paused_until=paused_until,
            settings_problem=self.settings_problem, quitting=self.quitting,
        )  # fmt: skip

    def refresh(self) -> TraySnapshot | None:
        if self._closed:
            return None
        snapshot = self.snapshot()
        if self.tray is not None:
            self.tray.setIcon(state_icon(snapshot.icon_state()))
            self.tray.setToolTip(snapshot.tooltip())
        if self.window is not None:
            self.window.show_snapshot(snapshot)
        if self.history is not None and self.history.isVisible():
            self.history.refresh()
        self.refreshed.emit(snapshot)
        return snapshot

    def fill_menu(self, menu: QMenu, include_quit: bool = True) -> None:
        fill_menu(menu, self.snapshot(), self, start_at_login=autostart.is_enabled(),
                  daily_summary=self.store.daily_summary, include_quit=include_quit)

    # -- actions (the menu, the status window, History) ------------------------------------

    def transfer_now(self, profile: str | None = None) -> None:
        names = [profile] if profile else [p.name for p in self.profiles if p.enabled]
        if not names:
            self._tell(translate("Tray", "Nothing to transfer"), translate(
                "Tray", "No export is switched on. Open Settings… to set one up or switch it"
                " on."))
            return
        queued = []
        for name in names:
            result = self.runner.submit(RunRequest(name, "manual"))
            log.info("%s: transfer now (%s)", name, result)
            if result is Submitted.QUEUED:
                queued.append(name)
        if len(queued) > 1:  # "Transfer all now": one answer when the last one is done
            self._answer_after = set(queued)
            self._answers = []
        self.refresh()

    def send_again(self, profile: str, line_id: str) -> None:
        """History's "Send again…", after its warning: the engine posts that one line again."""
        result = self.runner.submit(RunRequest(profile, "send-again", send_again=line_id))
        log.info("%s: send line %s again (%s)", profile, line_id, result)
        if result is not Submitted.QUEUED:
            self._tell(translate("Tray", "Not sent again yet"), translate(
                "Tray", "A transfer of {profile} is running or waiting. Try Send again when it"
                " has finished.").format(profile=profile))
        self.refresh()

    def set_aside(self, profile: str, name: str) -> int:
        """History's "Don't send this…", after its question: the same ledger call as
        `acubiz-export held --set-aside` (kept with who and when), then the icon, menu and
        History are read again. Returns how many versions were set aside."""
        import getpass

        try:
            who = getpass.getuser()
        except Exception:  # no user name on this system: still record that someone chose
            who = "unknown user"
        done = self.ledger.set_aside(profile, name, by=who)
        log.info("%s: %s set aside in History (%d)", profile, name, len(done))
        self.refresh()
        if self.history is not None:
            self.history.set_aside_done(name, len(done))
        return len(done)

    def cancel_transfer(self) -> None:
        self.runner.cancel_current()
        current = self.runner.current
        if current is not None:
            self.notes[current.profile] = translate("Tray", "Stopping after the current step…")
        self.refresh()

    def pause(self, choice: PauseChoice) -> None:
        # "Until tomorrow" means the export's tomorrow: the pause ends by the same clock
        # the menu says it in.
        until = pause_end(choice, self.clock(), zone_of(self.snapshot().zone_name))
        self.store.set_paused_until(until)
        log.info("transfers paused (%s)", choice)
        self.scheduler.tick()
        self.refresh()

    def resume(self) -> None:
        self.store.set_paused_until(None)
        log.info("transfers resumed")
        self.scheduler.tick()  # a slot missed during the pause is caught up once, now
        self.refresh()

    def show_history(self, profile: str | None = None) -> None:
        if self.history is None:
            from wizard.ui.tray.history_window import HistoryWindow

            self.history = HistoryWindow(
                lambda name, limit: self.ledger.runs(name, limit),
                lambda: [p.name for p in self.profiles],
                clock=self.clock, display_zone=self.display_zone, profile_of=self.profile,
                set_aside_names=lambda name: set_aside_names(self.ledger, name),
            )  # fmt: skip
            self.history.retry.connect(self.transfer_now)
            self.history.send_again.connect(self.send_again)
            self.history.set_aside.connect(self.set_aside)
        self.history.show_for(profile)

    def show_problems(self, profile: str | None = None) -> None:
        """A warning was clicked: History at the problem (the newest run with a problem,
        only what needs the admin), when the History window offers that view."""
        self.show_history(profile)
        focus = getattr(self.history, "focus_problems", None)
        if callable(focus):
            focus()

    def acknowledge_receipts(self, profile: str) -> None:
        """The admin dealt with the receipts that wait (attached them by hand in e-conomic,
        or they will not come): stop waiting for exactly those."""
        state = self.snapshot_profile(profile)
        if state is None or state.outstanding is None:
            return
        self.store.acknowledge_receipts(profile, state.outstanding.receipt_keys)
        log.info("%s: %d receipt(s) marked as dealt with", profile,
                 len(state.outstanding.receipt_keys))
        self.refresh()

    def open_inbox(self, profile: str) -> None:
        found = self.profile(profile)
        if found is None:
            return
        folder = found.inbox_folder
        if not folder.is_dir():
            self._tell(translate("Tray", "Inbox folder not found"), translate(
                "Tray", "The folder {folder} cannot be reached. Reconnect the drive, or choose"
                " the folder again in Settings.").format(folder=folder))
            return
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder))):
            self._tell_path(translate("Tray", "The inbox folder could not be opened"),
                            translate("Tray", "No program on this computer opened the folder."
                                      " It is here:"), folder)

    def open_log(self) -> None:
        from wizard.applog import log_path

        path = log_path()
        path.parent.mkdir(parents=True, exist_ok=True)
        path.touch(exist_ok=True)
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))):
            self._tell_path(translate("Tray", "The log could not be opened"),
                            translate("Tray", "No program on this computer opened the log"
                                      " file. It is here:"), path)

    def open_settings(self, profile: str | None = None) -> None:
        command = settings_command(profile)
        try:
            self._launch(command)
        except OSError as error:
            self._tell(translate("Tray", "Settings could not open"), translate(
                "Tray", "The setup wizard did not start: {error}").format(error=error))

    def set_start_at_login(self, on: bool) -> None:
        try:
            autostart.set_enabled(on)
        except OSError as error:
            self._tell(translate("Tray", "Start at login not changed"), translate(
                "Tray", "The setting could not be saved: {error}").format(error=error))
        log.info("start at login %s", "on" if autostart.is_enabled() else "off")

    def set_daily_summary(self, on: bool) -> None:
        self.store.set_daily_summary(on)
        log.info("daily summary %s", "on" if on else "off")

    def show_help(self) -> None:
        """Help and About in one box: what the icon says, what to do, where things are."""
        from wizard import __version__
        from wizard.applog import log_path

        self._tell(
            translate("Tray", "Help – {app}").format(app=APP_TITLE),
            help_text(__version__, str(profiles_path()), str(log_path())),
            QMessageBox.Icon.Information,
        )

    def quit(self, ask: bool = True) -> None:
        """Quit, after the admin confirmed it (transfers stop until the program is started
        again), when the running transfer has stopped between batches (at most
        `quit_wait_s`), so the ledger ends consistent. `ask=False`: the admin already chose
        Quit in another question (the status window's close)."""
        if self.quitting:
            return
        if ask and not self._confirm_quit():
            return
        self.quitting = True
        self.scheduler.stop()
        self.runner.stop()
        if self.runner.current is None:
            self._finish_quit()
            return
        log.info("quitting after the running transfer stops")
        self.refresh()
        QTimer.singleShot(int(self._quit_wait_s * 1000), self._finish_quit)

    def show_status(self) -> None:
        """A second start asked to be shown: open the menu, or bring the window forward."""
        log.info("asked to show itself (the program was started again)")
        if self.window is not None:
            self.window.present()
            return
        if self.tray is not None and self.menu is not None:
            geometry = self.tray.geometry()
            point = geometry.center() if geometry.isValid() else QCursor.pos()
            self.menu.popup(QPoint(point))

    def language_changed(self) -> None:
        """The wizard or Settings saved a language: speak it from now on, without a restart.
        The menu is rebuilt at each opening anyway; the windows get the new words."""
        from wizard.ui.i18n import use_language

        app = QApplication.instance()
        if app is None or self._closed:
            return
        before = language()
        if use_language(app, None) == before:
            return
        log.info("language changed to %s", language())
        if self.window is not None:
            self.window.retranslate()
        if self.history is not None and not self.history.isVisible():
            self.history.deleteLater()  # made again, in the new words, when next opened
            self.history = None
        if self.menu is not None:
            self.fill_menu(self.menu)
        self.refresh()

    def settings_changed(self) -> None:
        self._load_profiles()
        log.info("settings changed: %d export profile(s)", len(self.profiles))
        self.checker.check(self.profiles)
        self.scheduler.tick()
        self.refresh()

    # -- reacting --------------------------------------------------------------------------

    def _on_due(self, due: ScheduledRun) -> None:
        self.runner.submit(RunRequest(due.profile, due.trigger.value, due.slot_key))

    def _on_run_started(self, request: RunRequest) -> None:
        if request.profile in self._busy:
            self._busy.discard(request.profile)
            self.notes.pop(request.profile, None)
        self.refresh()

    def _on_run_finished(self, request: RunRequest, summary: Summary) -> None:
        name = request.profile
        run = LastRun.from_summary(summary, request.slot)
        for problem in run.problems:
            details = f" [{problem.details}]" if problem.details else ""
            log.warning("%s: %s: %s%s", name, problem.kind, problem.title, details)
        kinds = run.kinds
        self.notes.pop(name, None)
        self._busy.discard(name)
        if ProblemKind.BUSY in kinds:
            self._busy.add(name)
            self.notes[name] = translate(
                "Tray", "Another transfer of this export was running; it was not started twice.")
            if request.slot:
                self.notes[name] += " " + translate("Tray", "The tray tries again shortly.")
        if ProblemKind.NOT_CONNECTED in kinds:
            self.connections[name] = Connection(ConnectionState.NOT_CONNECTED,
                                                checked_at=self.clock())
        elif run.status in (RunStatus.OK, RunStatus.NOTHING_TO_SEND, RunStatus.ATTENTION):
            known = self.connections.get(name, Connection())
            if known.state is not ConnectionState.CONNECTED and run.run_id is not None:
                profile = self.profile(name)
                if profile is not None:
                    self.checker.check([profile])
        several = len(self.profiles) > 1
        state = self.snapshot_profile(name)
        decision = decide(self._remembered.get(name, frozenset()), run,
                          name if several else None, state.waiting() if state else ())
        self._remembered[name] = decision.remembered
        self.refresh()
        notification = decision.notification
        if request.trigger == "manual" and name in self._answer_after:
            self._answer_after.discard(name)
            feedback = transfer_feedback(
                run, state.waiting() if state else [],
                state.admin_problems if state else run.admin_problems)
            if feedback is not None:
                self._answers.append((name, feedback))
            if not self._answer_after and self._answers:
                self._notify(combined_feedback(self._answers))
                self._answers = []
            return
        if notification is None and request.trigger == "manual":
            # The admin asked for this transfer: answer it, with what was sent and what
            # still needs them (the problems they were told about before included).
            notification = transfer_feedback(
                run, state.waiting() if state else [],
                state.admin_problems if state else run.admin_problems,
                name if several else None)
        if notification is None and self.store.daily_summary:
            notification = daily_summary(run, request.trigger, name if several else None)
        if notification is not None:
            self._notify(notification)

    def _on_runner_idle(self) -> None:
        if self._answer_after:  # a run of the batch never came (its export was removed)
            self._answer_after = set()
            if self._answers:
                self._notify(combined_feedback(self._answers))
            self._answers = []
        if self.quitting:
            self._finish_quit()
        else:
            self.refresh()

    def _on_checked(self, name: str, connection: Connection) -> None:
        if self._closed:
            return
        self.connections[name] = connection
        self.refresh()

    # -- helpers ---------------------------------------------------------------------------

    def _load_profiles(self) -> None:
        try:
            self.profiles = load_profiles()
            self.settings_problem = None
        except SettingsError as error:  # keep running with what we had; say why
            log.warning("settings cannot be read: %s", error.message)
            self.settings_problem = error.title
        self.store.note_profiles(self.profiles, self.clock())

    def snapshot_profile(self, name: str) -> ProfileState | None:
        return next((p for p in self.snapshot().profiles if p.name == name), None)

    def _outstanding(self, name: str) -> Outstanding | None:
        try:
            return read_outstanding(self.ledger, name, self.store.acknowledged_receipts(name))
        except Exception:  # a ledger busy or damaged: the last run's word stands meanwhile
            log.warning("%s: could not read what is held from the ledger", name, exc_info=True)
            return None

    def _last_run(self, name: str) -> LastRun | None:
        records = self.ledger.runs(name, limit=1)
        return LastRun.from_record(records[0]) if records else None

    def _resume_interrupted(self) -> None:
        for profile in self.profiles:
            if not (profile.enabled and profile.export_type == "scheduled"):
                continue
            records = self.ledger.runs(profile.name, limit=1)
            resume = interrupted_slot(records[0] if records else None)
            if resume is not None:
                trigger, slot = resume
                log.info("%s: the run for %s did not finish; running it again", profile.name,
                         slot)
                self.runner.submit(RunRequest(profile.name, trigger.value, slot))

    def _choose_view(self) -> None:
        if self._use_tray is None:
            if QSystemTrayIcon.isSystemTrayAvailable():
                self._use_tray = True
            elif self._tray_polls * TRAY_POLL_MS < self._tray_wait_s * 1000:
                # At login the panel may come up after us: give it a moment.
                self._tray_polls += 1
                QTimer.singleShot(TRAY_POLL_MS, self._choose_view)
                return
            else:
                self._use_tray = False
        if self._use_tray:
            self._make_tray()
        else:
            self._make_window()
        self.refresh()

    def _make_tray(self) -> None:
        self.menu = QMenu()
        self.menu.aboutToShow.connect(self._on_menu_about_to_show)
        self.fill_menu(self.menu)
        self.tray = QSystemTrayIcon(state_icon(IconState.OK), self)
        self.tray.setContextMenu(self.menu)
        self.tray.activated.connect(self._on_activated)
        self.tray.messageClicked.connect(self._on_message_clicked)
        self.tray.show()

    def _make_window(self) -> None:
        from wizard.ui.tray.status_window import StatusWindow

        self.window = StatusWindow(
            self, self.fill_menu,  # Quit… lives in "More", away from "Transfer now"
            ask_on_close=self._ask_on_close,
        )  # fmt: skip
        first_time = not self.store.no_tray_hint_shown
        self.window.show_hint(first_time)
        if first_time:
            self.store.set_no_tray_hint_shown()
            log.info("no system tray: showing the status window instead")
        self.window.show()

    def _on_menu_about_to_show(self) -> None:
        if self.menu is not None:
            self.fill_menu(self.menu)
            self.refresh()  # the icon agrees with the menu (a set-aside since the last tick)

    def _on_activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason is QSystemTrayIcon.ActivationReason.DoubleClick:
            self.show_history()

    def _on_message_clicked(self) -> None:
        """A click on the message: to what it was about (History at the problem)."""
        said = self._last_notification
        if said is not None and said.severity is Severity.ATTENTION:
            self.show_problems(None)
        else:
            self.show_history(None)

    def _notify(self, notification: Notification) -> None:
        self._last_notification = notification
        log.info("notified: %s: %s", notification.title, notification.message)
        if self.tray is not None:
            icon = (QSystemTrayIcon.MessageIcon.Warning
                    if notification.severity is Severity.ATTENTION
                    else QSystemTrayIcon.MessageIcon.Information)
            self.tray.showMessage(notification.title, notification.message, icon, NOTIFY_MS)
        elif self.window is not None:
            self.window.show_notice(notification)
        self.notified.emit(notification)

    def _tell(self, title: str, text: str,
              icon: QMessageBox.Icon = QMessageBox.Icon.Warning) -> None:  # fmt: skip
        """A message that does not block the tray (no nested event loop)."""
        self.last_message = (title, text)
        if self._box is None:  # one box, reused: the tray has no window to parent it to
            self._box = QMessageBox()
            self._box.setWindowIcon(app_icon())
            self._box.setModal(False)
            self._box.setStandardButtons(QMessageBox.StandardButton.Ok)
        self._box.setIcon(icon)
        self._box.setWindowTitle(title)
        self._box.setText(text)
        self._box.show()
        self._box.raise_()

    def _tell_path(self, title: str, text: str, path: Path) -> None:
        """No program opened a file or folder: say where it is, with a Copy path button, so
        the admin can open it another way (or send it to support)."""
        self.last_message = (title, f"{text}\n{path}")
        box = self._path_box
        if box is None:
            box = self._path_box = QMessageBox()
            box.setWindowIcon(app_icon())
            box.setModal(False)
            box.setIcon(QMessageBox.Icon.Information)
            box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            box.setStandardButtons(QMessageBox.StandardButton.Ok)
            copy = box.addButton(translate("Tray", "Copy path"),
                                 QMessageBox.ButtonRole.ActionRole)
            copy.setObjectName("copy-path")
            copy.clicked.connect(
                lambda: QGuiApplication.clipboard().setText(box.property("path") or ""))
        box.setProperty("path", str(path))
        box.setWindowTitle(title)
        box.setText(f"{text}\n{path}")
        box.show()
        box.raise_()

    def _finish_quit(self) -> None:
        if self._quit_done:
            return
        self._quit_done = True
        if self.runner.current is not None:
            log.warning("quitting while a transfer still runs; the next run reconciles it")
        if self.tray is not None:
            self.tray.hide()
        if self.window is not None:
            self.window.hide()
        self._quit_application()


def set_aside_names(ledger: Any, profile: str) -> set[str]:
    """The held postings of `profile` the admin set aside, as History names them
    ("<file>#<line>", and the line id for a line without a number)."""
    from wizard.export.ledger import held_name

    names: set[str] = set()
    for record in ledger.held(profile, set_aside=True):
        names.add(held_name(record))
        if record.line_id and record.source_line is None:
            names.add(record.line_id)
    return names


def read_outstanding(ledger: Any, profile: str, acknowledged: Collection[str] = ()) -> Outstanding:
    """What is held or waiting for this export now (not what the last run said): a held
    posting counts until it is sent or set aside, a receipt until it is attached or the admin
    acknowledged it (`acknowledged`: keys as in `Outstanding.receipt_keys`)."""
    from wizard.export.ledger import ReceiptState

    held = {record.marker for record in ledger.held(profile)}
    waiting = by_hand = 0
    keys = set()
    for voucher, receipt in ledger.receipt_problems(profile):
        key = f"{voucher.key}#{receipt.position}"
        if key in acknowledged:
            continue
        keys.add(key)
        if receipt.state is ReceiptState.WAITING:
            waiting += 1
        else:
            by_hand += 1
    return Outstanding(held=len(held), receipts_waiting=waiting, receipts_by_hand=by_hand,
                       receipt_keys=frozenset(keys))


def combined_feedback(answers: list[tuple[str, Notification]]) -> Notification:
    """One answer for "Transfer all now": a line per export."""
    attention = any(n.severity is Severity.ATTENTION for _name, n in answers)
    title = (translate("Tray", "Transfer finished – something needs you") if attention
             else translate("Tray", "Transfer finished"))
    lines = [f"{name}: {n.message.replace(chr(10), ' ')}" for name, n in answers]
    return Notification(Severity.ATTENTION if attention else Severity.FEEDBACK, title,
                        "\n".join(lines))


def ask_quit() -> bool:
    """Quit only when the admin means it: the daily transfers stop with the program."""
    box = QMessageBox()
    box.setWindowIcon(app_icon())
    box.setWindowTitle(APP_TITLE)
    box.setIcon(QMessageBox.Icon.Question)
    box.setText(translate("Tray", "Quit {app}?").format(app=APP_TITLE))
    box.setInformativeText(translate(
        "Tray", "Transfers stop until you start the program again. Expenses that arrive"
        " meanwhile wait in the inbox folder."))
    quit_button = box.addButton(translate("Tray", "Quit"), QMessageBox.ButtonRole.AcceptRole)
    stay = box.addButton(translate("Tray", "Keep running"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(stay)
    box.exec()
    return box.clickedButton() is quit_button


def _next_run(profile: ExportProfile, now: dt.datetime) -> dt.datetime | None:
    if not (profile.enabled and profile.export_type == "scheduled"):
        return None
    try:
        return next_slot(now, parse_daily_time(profile.daily_time), ZoneInfo(profile.time_zone))
    except (ValueError, KeyError, OSError):
        return None
