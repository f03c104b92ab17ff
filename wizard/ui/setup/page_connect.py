"""Page 3: add the app in e-conomic, get the grant token back, verify it with `GET /self`.

Two ways to the token: the browser comes back to a loopback listener with `?token=` (caught
automatically), or the admin pastes it — bare, or the whole address. Next is enabled only
after e-conomic accepted the token; nothing is stored before Finish.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout

from wizard.economic.errors import InvalidGrantToken, NotAuthorised
from wizard.economic.grant import add_app_url, extract_grant_token
from wizard.ui.setup.callback import LoopbackCatcher
from wizard.ui.setup.errors import error_texts
from wizard.ui.setup.widgets import ErrorPanel, SecretField, SetupPage, StatusLine, wrap_label

if TYPE_CHECKING:
    from wizard.economic.models import Agreement


class ConnectPage(SetupPage):
    def __init__(self) -> None:
        super().__init__()
        layout = QVBoxLayout(self)
        layout.setSpacing(6)
        self.intro = wrap_label(rich=True)
        layout.addWidget(self.intro)

        self.step1 = wrap_label(rich=True)
        layout.addSpacing(6)
        layout.addWidget(self.step1)
        buttons = QHBoxLayout()
        self.open_button = QPushButton()
        self.copy_button = QPushButton()
        for button in (self.open_button, self.copy_button):
            button.setAutoDefault(False)
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.copy_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.catch = QCheckBox()
        self.catch.setChecked(True)
        layout.addWidget(self.catch)
        self.link_status = StatusLine()
        layout.addWidget(self.link_status)

        self.step2 = wrap_label(rich=True)
        layout.addSpacing(6)
        layout.addWidget(self.step2)
        row = QHBoxLayout()
        self.token_label = QLabel()
        self.token = SecretField()
        self.token_label.setBuddy(self.token)
        self.verify_button = QPushButton()
        self.verify_button.setAutoDefault(False)
        row.addWidget(self.token_label)
        row.addWidget(self.token, 1)
        row.addWidget(self.verify_button)
        layout.addLayout(row)
        self.hint = wrap_label()
        layout.addWidget(self.hint)
        self.verify_status = StatusLine()
        layout.addWidget(self.verify_status)
        self.error = ErrorPanel()
        layout.addWidget(self.error)
        layout.addStretch(1)
        layout.addWidget(self.next_reason)

        self.catcher = LoopbackCatcher(self)
        self.catcher.token_arrived.connect(self._token_arrived)
        self.catcher.arrived_without_token.connect(lambda: self._set_link_state("no_token"))
        self.catcher.timed_out.connect(lambda: self._set_link_state("timeout"))
        self.open_button.clicked.connect(self.open_in_browser)
        self.copy_button.clicked.connect(self.copy_link)
        self.token.textChanged.connect(self._token_edited)
        self.token.returnPressed.connect(self._return_pressed)
        self.verify_button.clicked.connect(self.verify)

        self._link_state = ""
        self._task: int | None = None
        self._checking_saved = False
        self._verified: tuple[tuple[str, str, str | None], Agreement] | None = None
        self._error: BaseException | None = None
        self.retranslate()

    # -- life cycle ------------------------------------------------------------------------

    def initializePage(self) -> None:
        context = self.context()
        if context.saved_token_problem is not None and not self.token.text():
            title, message = context.saved_token_problem.text(context.language)
            self.error.show_error(title, message)
        if (
            not self.isComplete()
            and self._task is None
            and not self.token.text().strip()
            and context.saved_grant_token
        ):
            self.verify()  # editing: check that the saved connection still works
        self._render()

    def isComplete(self) -> bool:
        token = self.current_token()
        return (
            self._verified is not None
            and token is not None
            and self._verified[0] == self._key(token)
        )

    def validatePage(self) -> bool:
        if not self.isComplete():
            return False
        context = self.context()
        context.grant_token = self.current_token()
        context.agreement = self._verified[1]
        self.catcher.stop()
        return True

    def shutdown(self) -> None:
        self.catcher.stop()

    # -- getting the token -----------------------------------------------------------------

    def add_app_address(self) -> str:
        """e-conomic's add-app page in the UI language, with our listener as redirect."""
        context = self.context()
        redirect = None
        if self.catch.isChecked():
            redirect = self.catcher.redirect_url if self.catcher.listening else None
            if redirect is None:
                try:
                    redirect = self.catcher.start(
                        self.tr("Connected — you can close this window"),
                        self.tr(
                            "Acubiz e-conomic Export received the token from e-conomic. Close "
                            "this window and go back to the setup."
                        ),
                        context.language,
                    )
                except OSError:
                    self._set_link_state("listen_failed")
        return add_app_url(
            context.app.app_public_token,
            redirect_url=redirect,
            locale="da-DK" if context.language == "da" else "en-GB",
            site=context.app.grant_site,
        )

    def open_in_browser(self) -> None:
        address = self.add_app_address()
        opened = QDesktopServices.openUrl(QUrl(address))
        if not opened:
            self._set_link_state("no_browser")
        elif self.catcher.listening:
            self._set_link_state("waiting")
        elif self._link_state != "listen_failed":
            self._set_link_state("opened")

    def copy_link(self) -> None:
        QGuiApplication.clipboard().setText(self.add_app_address())
        self._set_link_state("copied_waiting" if self.catcher.listening else "copied")

    def _token_arrived(self, token: str) -> None:
        self.catcher.stop()
        self._set_link_state("caught")
        self.token.setText(token)
        self.verify()

    # -- the token field -------------------------------------------------------------------

    def current_token(self) -> str | None:
        """The token that Next would use: the typed one, or the saved one while the field is
        empty (editing a profile keeps its token unless a new one is pasted)."""
        text = self.token.text()
        if not text.strip():
            return self.context().saved_grant_token if self.wizard() else None
        try:
            return extract_grant_token(text)
        except InvalidGrantToken:
            return None

    def _token_edited(self) -> None:
        self._task = None  # an answer about the previous text no longer matters
        self._error = None
        self.error.clear()
        self._render()
        self.completeChanged.emit()

    def _return_pressed(self) -> None:
        if not self.isComplete():
            self.verify()

    # -- verifying -------------------------------------------------------------------------

    def verify(self) -> None:
        text = self.token.text()
        token = self.current_token()
        if token is None:
            try:
                extract_grant_token(text)
            except InvalidGrantToken as error:
                self._error = error
            self._render()
            return
        context = self.context()
        key = self._key(token)
        self._error = None
        self._checking_saved = not text.strip()

        def work() -> Agreement:
            with context.client(token) as client:
                return client.get_self()

        task: dict[str, int] = {}  # a newer check (or an edit) makes this one's answer moot
        task["id"] = self.runner().run(
            work,
            lambda agreement: self._verified_ok(task["id"], key, agreement),
            lambda error: self._verify_failed(task["id"], error),
        )
        self._task = task["id"]
        self._render()
        self.completeChanged.emit()

    def _verified_ok(
        self, task_id: int, key: tuple[str, str, str | None], agreement: Agreement
    ) -> None:
        if task_id != self._task:
            return
        self._task = None
        self._verified = (key, agreement)
        self._error = None
        self._render()
        self.completeChanged.emit()

    def _verify_failed(self, task_id: int, error: BaseException) -> None:
        if task_id != self._task:
            return
        self._task = None
        self._verified = None
        self._error = error
        self._render()
        self.completeChanged.emit()

    def _key(self, token: str) -> tuple[str, str, str | None]:
        app = self.context().app
        return (token, app.app_secret_token, app.api_base_url)

    # -- showing ---------------------------------------------------------------------------

    def _set_link_state(self, state: str) -> None:
        self._link_state = state
        self._render()

    def retranslate(self) -> None:
        self.setTitle(self.tr("Connect to e-conomic"))
        self.setSubTitle(
            self.tr("Add this program as an app to your e-conomic agreement, then check it.")
        )
        self.intro.setText(
            self.tr(
                "Keep this window open while you are in the browser. Log in to e-conomic when "
                "asked, and check that it is the right company."
            )
        )
        self.step1.setText(self.tr("<b>1. Open e-conomic and click <i>ADD APP</i>.</b>"))
        self.open_button.setText(self.tr("&Open e-conomic"))
        self.open_button.setToolTip(self.tr("Opens e-conomic's page for adding the app"))
        self.copy_button.setText(self.tr("&Copy link"))
        self.copy_button.setToolTip(
            self.tr("Copies the address, for when no browser opens by itself")
        )
        self.catch.setText(self.tr("C&atch the token automatically when e-conomic sends you back"))
        self.step2.setText(
            self.tr(
                "<b>2. Paste the token.</b> e-conomic shows it on the <i>Added</i> page. If "
                "the browser came back here, it is the text after <b>=</b> in the browser's "
                "address field; you can also paste the whole address."
            )
        )
        self.token_label.setText(self.tr("&Token:"))
        self.token.setAccessibleName(self.tr("e-conomic token"))
        self.token.setPlaceholderText(self.tr("Paste the token or the whole address"))
        self.verify_button.setText(self.tr("&Verify"))
        self._render()

    def _render(self) -> None:
        if self.wizard() is None:
            return
        self._render_link_state()
        self._render_hint()
        self._render_result()

    def _error_texts(self, error: BaseException) -> tuple[str, str, str]:
        """The error in the admin's words. On a first connect nothing was ever connected, so
        a refused token is "not accepted" (never "removed", never "connect again"), and the
        fix is where the token comes from: the page e-conomic shows after ADD APP."""
        title, message, details = error_texts(error, self.context().language)
        first_connect = not self.context().saved_grant_token
        if isinstance(error, InvalidGrantToken) and error.reason == "empty":
            return (
                self.tr("No token yet"),
                self.tr(
                    "Click Open e-conomic, then ADD APP, and paste the token e-conomic shows "
                    "here. If you added the app before, copy its token in e-conomic under All "
                    "settings → Extensions → Apps."
                ),
                details,
            )
        if isinstance(error, NotAuthorised) and first_connect:
            return (
                self.tr("e-conomic did not accept the token"),
                self.tr(
                    "Copy the token from the page e-conomic showed after you clicked ADD APP, "
                    "and paste all of it here. Or click Open e-conomic and ADD APP once more "
                    "for a new token."
                ),
                details,
            )
        return title, message, details

    def blocked_reason(self) -> str:
        if self._task is not None:
            return self.tr("Next is available when e-conomic has answered.")
        if not self.token.text().strip() and not self.context().saved_grant_token:
            return self.tr("To go on, paste the token from e-conomic and click Verify.")
        if self.token.text().strip() and self.current_token() is None:
            return self.tr("To go on, paste the whole token (see above what is wrong).")
        if self._error is not None:
            return self.tr("To go on, solve the problem above, then click Verify.")
        return self.tr("To go on, click Verify: e-conomic must accept the token first.")

    def _render_link_state(self) -> None:
        minutes = max(2, round(self.catcher.timeout_seconds / 60))
        texts = {
            "waiting": ("busy", self.tr(
                "Waiting for e-conomic… After you click ADD APP, the token appears below by "
                "itself (this page waits up to {minutes} minutes).").format(minutes=minutes)),
            "opened": ("info", self.tr(
                "e-conomic is open in your browser. Click ADD APP there, then paste the token "
                "below.")),
            "caught": ("ok", self.tr("e-conomic sent the token back to this program.")),
            "timeout": ("warning", self.tr(
                "No token arrived within {minutes} minutes. Paste it below, or click Open "
                "e-conomic again.").format(minutes=minutes)),
            "no_token": ("warning", self.tr(
                "The browser came back without a token. Copy the token from e-conomic's Added "
                "page and paste it below.")),
            "no_browser": ("warning", self.tr(
                "No browser opened. Click Copy link and paste the address into your browser.")),
            "copied": ("info", self.tr(
                "The link is copied. Paste it into your browser's address field.")),
            "copied_waiting": ("busy", self.tr(
                "The link is copied. Paste it into your browser's address field; the token "
                "appears below by itself after you click ADD APP.")),
            "listen_failed": ("warning", self.tr(
                "The token cannot be caught automatically on this computer. Paste it below "
                "instead.")),
        }  # fmt: skip
        if self._link_state in texts:
            kind, text = texts[self._link_state]
            if kind == "busy":
                self.link_status.busy(text)
            else:
                self.link_status.show_state(kind, text)
        else:
            self.link_status.clear()

    def _render_hint(self) -> None:
        text = self.token.text()
        language = self.context().language
        self.hint.setStyleSheet("color: #4a5560;")
        if not text.strip():
            hint = ""
            if self.context().saved_grant_token:
                hint = self.tr(
                    "The saved connection is used. Paste a new token only to connect again."
                )
        else:
            try:
                extract_grant_token(text)
                hint = self.tr("This looks like a token. Click Verify to check it with e-conomic.")
                if "=" in text:
                    hint = self.tr("The token was found in the address. Click Verify.")
                if self.isComplete() or self._error is not None or self._task is not None:
                    hint = ""  # the answer below says more
            except InvalidGrantToken as error:
                hint = error.params.get("reason_da" if language == "da" else "reason", "")
                self.hint.setStyleSheet("color: #a33a2c;")
        self.hint.setText(hint)
        self.hint.setVisible(bool(hint))

    def _render_result(self) -> None:
        busy = self._task is not None
        self.verify_button.setEnabled(not busy)
        if busy:
            self.verify_status.busy(
                self.tr("Checking the saved connection with e-conomic…")
                if self._checking_saved
                else self.tr("Checking the token with e-conomic…")
            )
        elif self.isComplete():
            agreement = self._verified[1]
            self.verify_status.show_state(
                "ok",
                self.tr(
                    "Connected to <b>{company}</b>, agreement number {number}, as user {user}."
                ).format(
                    company=escape(agreement.company_name),
                    number=agreement.agreement_number,
                    user=escape(agreement.user_name),
                ),
            )
        else:
            self.verify_status.clear()
        if self._error is not None:
            title, message, details = self._error_texts(self._error)
            self.error.show_error(title, message, details)
        elif self.context().saved_token_problem is None or self.token.text():
            self.error.clear()
