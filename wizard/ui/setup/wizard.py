"""`SetupWizard`: the pages in order, the language switch, Finish and the last page.

Pages: Welcome → e-conomic app (only when the app tokens are not preset) → Connect → Journal
→ Export profile → Accounts and VAT (only when the files need it) → Summary → Done. Each page
says when it is complete (`isComplete`/`completeChanged`), so Next is enabled only when it may
be, and says why not beside it (`SetupPage.blocked_reason`). Finish on the Summary saves; the
Done page then shows where the exporter lives (the icon by the clock) and when it runs next.
Cancel after the first page asks before it throws the half-done setup away.

Only the Welcome page is built when the wizard opens: each other page (and what its module
imports: the e-conomic client's errors and models, the inbox checks, the clock words) is built
the first time the wizard is about to show it (`validateCurrentPage`, which QWizard calls on
Next before it asks `nextId()` and switches), or when code asks for it by name
(`wizard.journal_page`). So the first page is up about as fast as a bare QWizard's.
`build_all_pages()` builds the rest at once (tests that look at every page).
"""

from __future__ import annotations

import dataclasses
import sys
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import QWizard

from wizard.ui.i18n import Translations, remember_language
from wizard.ui.icons import app_icon
from wizard.ui.qt_workarounds import guard_none_refcount
from wizard.ui.setup.page_welcome import WelcomePage
from wizard.ui.setup.state import SetupContext, grant_site_for
from wizard.ui.setup.tasks import TaskRunner

if TYPE_CHECKING:  # the other pages load when first shown (see the module docstring)
    import subprocess

    from PySide6.QtWidgets import QMessageBox

    from wizard.settings.profiles import ExportProfile
    from wizard.ui.setup.checks import InboxScan
    from wizard.ui.setup.page_accounts import AccountsPage
    from wizard.ui.setup.page_app import AppPage
    from wizard.ui.setup.page_connect import ConnectPage
    from wizard.ui.setup.page_done import DonePage
    from wizard.ui.setup.page_journal import JournalPage
    from wizard.ui.setup.page_profile import ProfilePage
    from wizard.ui.setup.page_summary import SummaryPage
    from wizard.ui.setup.save import SetupResult
    from wizard.ui.setup.widgets import SetupPage

WIDTH, HEIGHT = 760, 580  # fits a 1366×768 screen with the task bar


class SetupWizard(QWizard):
    WELCOME, APP, CONNECT, JOURNAL, PROFILE, ACCOUNTS, SUMMARY, DONE = range(8)

    def __init__(self, context: SetupContext, translations: Translations | None = None) -> None:
        # PySide6 6.12.0 on CPython 3.11 loses a reference to None/True on every call; without
        # this the standalone `setup` process aborted on exit ("Fatal Python error:
        # bool_dealloc") after a long session. Before any other Qt call of the wizard's.
        guard_none_refcount()
        super().__init__()
        self.context = context
        self.translations = translations or Translations()
        self.tasks = TaskRunner(self)
        self.inbox_scan: InboxScan | None = None
        self.saved_setup: SetupResult | None = None
        self.setObjectName("setupWizard")
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage, True)
        self.setWindowIcon(app_icon())
        self.setPixmap(QWizard.WizardPixmap.LogoPixmap, app_icon().pixmap(48, 48))
        self.resize(WIDTH, HEIGHT)
        self.setMinimumSize(640, 520)

        self.welcome = WelcomePage()
        self._add_page(self.WELCOME, self.welcome)
        self.currentIdChanged.connect(self._page_shown)
        self._asking: QMessageBox | None = None
        self.welcome.language_chosen.connect(self.set_language)
        if context.wanted_profile:
            wanted = next((p for p in context.profiles if p.name == context.wanted_profile), None)
            if wanted is not None:
                self.choose_profile(wanted)
        self.set_language(context.language)

    # -- flow ------------------------------------------------------------------------------

    def nextId(self) -> int:
        # Every step is named here: QWizard's own default walks the pages built so far, and
        # most are not built until they are about to be shown.
        current = self.currentId()
        if current == self.WELCOME:
            return self.CONNECT if self.context.app.preset else self.APP
        if current == self.PROFILE:
            return self.ACCOUNTS if self.accounts_page_needed() else self.SUMMARY
        follows = {
            self.APP: self.CONNECT, self.CONNECT: self.JOURNAL, self.JOURNAL: self.PROFILE,
            self.ACCOUNTS: self.SUMMARY, self.SUMMARY: self.DONE,
        }  # fmt: skip
        return follows.get(current, -1)

    def validateCurrentPage(self) -> bool:
        """QWizard's Next and Finish ask this first, then `nextId()`, then switch: the page
        that comes next is built here, after the current page accepted its input."""
        if not super().validateCurrentPage():
            return False
        following = self.nextId()
        if following != -1:
            self._built_page(following)
        return True

    def build_all_pages(self) -> list[int]:
        """Build every page not built yet (tests and tools that look at all of them); returns
        the page ids in order."""
        for page_id in range(self.WELCOME, self.DONE + 1):
            self._built_page(page_id)
        return self.pageIds()

    def _built_page(self, page_id: int) -> SetupPage:
        page = self.page(page_id)
        if page is None:
            page = _new_page(page_id)
            self._add_page(page_id, page)
        return page  # type: ignore[return-value]

    def _add_page(self, page_id: int, page: SetupPage) -> None:
        self.setPage(page_id, page)
        page.completeChanged.connect(page.show_next_reason)

    # The pages by name, each built on first use.
    @property
    def app_page(self) -> AppPage:
        return self._built_page(self.APP)  # type: ignore[return-value]

    @property
    def connect_page(self) -> ConnectPage:
        return self._built_page(self.CONNECT)  # type: ignore[return-value]

    @property
    def journal_page(self) -> JournalPage:
        return self._built_page(self.JOURNAL)  # type: ignore[return-value]

    @property
    def profile_page(self) -> ProfilePage:
        return self._built_page(self.PROFILE)  # type: ignore[return-value]

    @property
    def accounts_page(self) -> AccountsPage:
        return self._built_page(self.ACCOUNTS)  # type: ignore[return-value]

    @property
    def summary_page(self) -> SummaryPage:
        return self._built_page(self.SUMMARY)  # type: ignore[return-value]

    @property
    def done_page(self) -> DonePage:
        return self._built_page(self.DONE)  # type: ignore[return-value]

    def _page_shown(self, page_id: int) -> None:
        page = self.page(page_id)
        if page is not None:
            page.show_next_reason()
        if page_id == self.DONE:  # saved (no way back from here): only Close is left to do
            button = QWizard.WizardButton
            self.setButtonLayout([button.Stretch, button.FinishButton])

    def accounts_page_needed(self) -> bool:
        from wizard.ui.setup.page_accounts import AccountsPage

        fields = self.profile_page.fields()
        return AccountsPage.mapping_needed(
            self.inbox_scan, fields["input_format"]
        ) or AccountsPage.departments_possible(self.inbox_scan, self.context.agreement)

    def choose_profile(self, profile: ExportProfile | None) -> None:
        """Edit `profile` (None: set up a new one); the saved token is looked up again."""
        context = self.context
        context.existing = profile
        context.saved_grant_token = None
        context.saved_token_problem = None
        app = context.app
        if profile is not None and profile.api_base_url and not app.preset:
            # The export talks to the e-conomic it was set up with (e.g. a sandbox).
            app.api_base_url = profile.api_base_url
            app.grant_site = grant_site_for(profile.api_base_url)

    # -- language --------------------------------------------------------------------------

    def set_language(self, language: str) -> None:
        if not self.translations.apply(language):
            language = "en"
        self.context.language = language
        # Deliver the LanguageChange Qt posted for the new translators now, so every page is
        # re-translated before this returns (not at some later turn of the event loop).
        QCoreApplication.sendPostedEvents(None, QEvent.Type.LanguageChange)
        self.retranslate()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Acubiz e-conomic Export – setup"))
        # QWizard sets its standard button texts only when the page changes: set them now,
        # from Qt's own translations (qtbase), so the switch is visible at once.
        for button, text in (
            (QWizard.WizardButton.BackButton, "< &Back"),
            (QWizard.WizardButton.NextButton, "&Next >"),
            (QWizard.WizardButton.CancelButton, "Cancel"),
        ):  # fmt: skip
            self.setButtonText(button, QCoreApplication.translate("QWizard", text))
        # Finish on the Summary saves (a commit page: no way Back after it); the last page
        # only closes the window.
        self.setButtonText(QWizard.WizardButton.CommitButton, self.tr("&Finish"))
        self.setButtonText(QWizard.WizardButton.FinishButton, self.tr("&Close"))

    # -- the profile -----------------------------------------------------------------------

    def build_profile(self) -> ExportProfile:
        """The profile as the pages describe it now (edits keep fields no page shows)."""
        context = self.context
        fields: dict[str, Any] = self.profile_page.fields()
        if self.ACCOUNTS in self.visitedIds() and self.accounts_page_needed():
            fields.update(self.accounts_page.fields())
        if context.journal is not None:
            fields["journal_name"] = context.journal.name
            fields["journal_number"] = context.journal.number
        fields["api_base_url"] = context.app.api_base_url
        if context.existing is not None:
            return dataclasses.replace(context.existing, **fields)
        from wizard.settings.profiles import ExportProfile

        return ExportProfile(**fields)

    def save(self) -> BaseException | None:
        """Finish: token and profile, all or nothing. Returns the error to show, or None."""
        from wizard.settings.profiles import SettingsError

        context = self.context
        if not context.grant_token:
            return SettingsError(
                "Not connected", "Connect to e-conomic first.",
                title_da="Ikke forbundet", message_da="Forbind til e-conomic først.",
            )
        from wizard.settings.profiles import SettingsError
        from wizard.settings.secrets import SecretStoreError
        from wizard.ui.setup.save import save_setup

        try:
            self.saved_setup = save_setup(
                self.build_profile(),
                grant_token=context.grant_token,
                app_secret_token=context.app.app_secret_token,
                previous_name=context.existing.name if context.existing else None,
            )
        except (SecretStoreError, SettingsError) as error:
            return error
        remember_language(context.language)  # the tray will speak it too
        return None

    def start_exporter(self) -> subprocess.Popen:
        """Start the tray exporter as its own process, detached from this one."""
        import subprocess

        from wizard.ui import autostart

        options: dict[str, Any] = {"close_fds": True}
        if sys.platform == "win32":
            options["creationflags"] = (
                subprocess.DETACHED_PROCESS | subprocess.CREATE_NEW_PROCESS_GROUP
            )
        else:
            options["start_new_session"] = True
        return subprocess.Popen(
            autostart.tray_command(),
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            **options,
        )  # fmt: skip

    # -- closing ---------------------------------------------------------------------------

    def has_unsaved_work(self) -> bool:
        """Something was entered past the first page and Finish has not saved it. Editing an
        export counts only what differs from the saved one (a new token, another journal,
        changed fields), so looking through an export and cancelling does not ask."""
        if self.saved_setup is not None or self.currentId() in (-1, self.WELCOME):
            return False
        existing = self.context.existing
        if existing is None:
            return True  # a new export: everything past the first page is the admin's work
        connect = self.page(self.CONNECT)  # not built: nothing typed into it
        if connect is not None and connect.token.text().strip():
            return True
        visited = self.visitedIds()
        if self.JOURNAL in visited and self.journal_page.name.text().strip() != (
            existing.journal_name
        ):
            return True
        if self.PROFILE not in visited:
            return False
        try:
            profile = self.build_profile()
        except Exception:  # fields that do not even make a profile: surely changed
            return True
        # The journal's number may only now be known; that is no change of the admin's.
        return dataclasses.replace(profile, journal_number=existing.journal_number) != existing

    def reject(self) -> None:
        """Cancel, Esc or the window's close box: after Finish it is the same as Close; with
        a half-done setup it asks first (the answer comes back through `_discard_answered`)."""
        if self.saved_setup is not None:
            self.accept()  # saved: closing the last page is not a cancel
            return
        if not self.has_unsaved_work():
            super().reject()
            return
        if self._asking is not None:
            self._asking.raise_()
            return
        from PySide6.QtWidgets import QMessageBox

        box = QMessageBox(
            QMessageBox.Icon.Question,
            self.tr("Cancel the setup?"),
            self.tr("Cancel the setup?"),
            QMessageBox.StandardButton.NoButton,
            self,
        )
        box.setInformativeText(
            self.tr("What you entered is not saved, and the export is not set up.")
        )
        box.addButton(self.tr("&Cancel the setup"), QMessageBox.ButtonRole.DestructiveRole)
        keep = box.addButton(self.tr("&Keep setting up"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(keep)
        box.setEscapeButton(keep)
        box.finished.connect(self._discard_answered)
        self._asking = box
        box.open()

    def _discard_answered(self) -> None:
        box, self._asking = self._asking, None
        if box is None:
            return
        from PySide6.QtWidgets import QMessageBox

        clicked = box.clickedButton()
        discard = clicked is not None and box.buttonRole(clicked) == (
            QMessageBox.ButtonRole.DestructiveRole
        )
        box.deleteLater()
        if discard:
            super().reject()

    def done(self, result: int) -> None:
        self.shutdown(wait_ms=0)  # never keep a closed window waiting for e-conomic
        super().done(result)

    def shutdown(self, wait_ms: int = 10000) -> None:
        """Stop listening for the browser and let background checks end (results dropped)."""
        connect = self.page(self.CONNECT)
        if connect is not None:
            connect.shutdown()
        self.tasks.forget_all()
        self.tasks.wait(wait_ms)


def _new_page(page_id: int) -> SetupPage:
    """A new page for `page_id`, its module imported only now (static imports, so a
    packaging tool still finds them)."""
    if page_id == SetupWizard.WELCOME:
        return WelcomePage()
    if page_id == SetupWizard.APP:
        from wizard.ui.setup.page_app import AppPage

        return AppPage()
    if page_id == SetupWizard.CONNECT:
        from wizard.ui.setup.page_connect import ConnectPage

        return ConnectPage()
    if page_id == SetupWizard.JOURNAL:
        from wizard.ui.setup.page_journal import JournalPage

        return JournalPage()
    if page_id == SetupWizard.PROFILE:
        from wizard.ui.setup.page_profile import ProfilePage

        return ProfilePage()
    if page_id == SetupWizard.ACCOUNTS:
        from wizard.ui.setup.page_accounts import AccountsPage

        return AccountsPage()
    if page_id == SetupWizard.SUMMARY:
        from wizard.ui.setup.page_summary import SummaryPage

        return SummaryPage()
    if page_id == SetupWizard.DONE:
        from wizard.ui.setup.page_done import DonePage

        return DonePage()
    raise ValueError(f"no page {page_id}")
