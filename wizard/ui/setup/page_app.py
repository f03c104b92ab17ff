"""Page 2: the app registration's two tokens (skipped when they are preset, e.g. the sandbox)."""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QVBoxLayout

from wizard.economic.grant import token_problem
from wizard.settings.secrets import SecretStoreError, load_app_secret
from wizard.ui.setup.widgets import SecretField, SetupPage, wrap_label


class AppPage(SetupPage):
    def __init__(self) -> None:
        super().__init__()
        layout = QVBoxLayout(self)
        self.intro = wrap_label(rich=True)
        layout.addWidget(self.intro)
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.public_label = QLabel()
        self.public = QLineEdit()
        self.public_hint = wrap_label()
        self.secret_label = QLabel()
        self.secret = SecretField()
        self.secret_hint = wrap_label()
        for hint in (self.public_hint, self.secret_hint):
            hint.setStyleSheet("color: #8a5300;")
        self.public_label.setBuddy(self.public)
        self.secret_label.setBuddy(self.secret)
        form.addRow(self.public_label, self.public)
        form.addRow("", self.public_hint)
        form.addRow(self.secret_label, self.secret)
        form.addRow("", self.secret_hint)
        layout.addLayout(form)
        self.keyring_note = wrap_label()
        self.keyring_note.setStyleSheet("color: #4a5560;")
        layout.addWidget(self.keyring_note)
        layout.addStretch(1)
        layout.addWidget(self.next_reason)
        self.public.textChanged.connect(self._changed)
        self.secret.textChanged.connect(self._changed)
        self.retranslate()

    def initializePage(self) -> None:
        app = self.context().app
        if not self.public.text():
            self.public.setText(app.app_public_token)
        if not self.secret.text():
            secret = app.app_secret_token
            if not secret:
                try:  # set up before on this computer: the keyring has it
                    secret = load_app_secret(app.api_base_url) or ""
                except SecretStoreError:
                    secret = ""
            self.secret.setText(secret)

    def isComplete(self) -> bool:
        return _problem(self.public.text()) is None and _problem(self.secret.text()) is None

    def blocked_reason(self) -> str:
        if not self.public.text().strip() or not self.secret.text().strip():
            return self.tr("To go on, enter both tokens of the app.")
        return self.tr("To go on, correct the token marked above.")

    def validatePage(self) -> bool:
        app = self.context().app
        app.app_public_token = self.public.text().strip()
        app.app_secret_token = self.secret.text().strip()
        return self.isComplete()

    def retranslate(self) -> None:
        self.setTitle(self.tr("The e-conomic app"))
        self.setSubTitle(
            self.tr("Which app registration in e-conomic this program uses to connect.")
        )
        self.intro.setText(
            self.tr(
                "The program talks to e-conomic as an <i>app</i>. Enter the app's two tokens. "
                "They come from the supplier of this program or from your IT department, not "
                "from your own e-conomic login."
            )
        )
        self.public_label.setText(self.tr("App &public token:"))
        self.secret_label.setText(self.tr("App &secret token:"))
        self.public.setAccessibleName(self.tr("App public token"))
        self.secret.setAccessibleName(self.tr("App secret token"))
        self.keyring_note.setText(
            self.tr(
                "The secret token is kept in this computer's password store (never in a file), "
                "and only when you click Finish."
            )
        )
        self._changed()

    def _changed(self) -> None:
        self.public_hint.setText(self._hint(self.public.text()))
        self.secret_hint.setText(self._hint(self.secret.text()))
        self.public_hint.setVisible(bool(self.public_hint.text()))
        self.secret_hint.setVisible(bool(self.secret_hint.text()))
        self.completeChanged.emit()

    def _hint(self, text: str) -> str:
        problem = _problem(text)
        if problem is None or problem == "empty":
            return ""
        return self.tr(
            "This does not look like an e-conomic token: tokens are about 44 letters, digits, "
            "- and _."
        )


def _problem(text: str) -> str | None:
    problem = token_problem(text.strip())  # `demo` passes: e-conomic's read-only demo
    return None if problem is None else problem[0]
