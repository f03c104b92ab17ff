"""Fixtures for the setup wizard: a wizard against the sandbox, a recorded system browser,
the demo inbox, and a keyring that works (the OS one when there is one)."""

from __future__ import annotations

import keyring
import pytest
from PySide6.QtGui import QDesktopServices
from wizard_helpers import MemoryKeyring, copy_demo_inbox, real_keyring_problem

from wizard.settings.secrets import delete_app_secret, delete_grant_token

JOURNAL = "ACUBIZ EMS"
PROFILE = "Expenses"  # the name the wizard suggests in English


@pytest.fixture
def secret_store(sandbox):
    """The OS keyring when it works here (desktop session), else an in-memory stand-in, so
    Finish can save. Entries the wizard made are removed afterwards."""
    problem = real_keyring_problem()
    real = problem is None
    backend = keyring.get_keyring() if real else MemoryKeyring(why_not=problem)
    if not real:
        keyring.set_keyring(backend)
    yield backend
    if real:
        for name in (PROFILE, "Udlæg", "2. Omkostninger", "Omkostninger", "Kørsel", "1. Kørsel",
                     "Renamed"):  # fmt: skip
            delete_grant_token(name)
        delete_app_secret(sandbox.base_url)


class Browser:
    """Records what the wizard asks the system browser to open (the only thing mocked)."""

    def __init__(self) -> None:
        self.opened: list[str] = []
        self.works = True

    def open(self, url) -> bool:
        self.opened.append(url.toString())
        return self.works


@pytest.fixture
def browser(monkeypatch):
    recorder = Browser()
    monkeypatch.setattr(QDesktopServices, "openUrl", recorder.open)
    return recorder


@pytest.fixture
def demo_inbox(tmp_path):
    return copy_demo_inbox(tmp_path / "Acubiz demo inbox")


@pytest.fixture
def journal(sandbox):
    """The journal the admin created in e-conomic: own number series, finance vouchers."""
    return sandbox.admin.create_journal(
        JOURNAL, "financeVoucher", minimum_voucher_number=900000, maximum_voucher_number=999999
    )


@pytest.fixture
def make_wizard(qtbot, sandbox):
    """A shown wizard preset for the sandbox (like `setup --sandbox URL`)."""
    from wizard.ui.i18n import Translations
    from wizard.ui.setup.launch import build_context
    from wizard.ui.setup.wizard import SetupWizard

    made = []

    def make(language="en", *, inbox=None, profile=None, preset=True):
        context = build_context(
            sandbox_url=sandbox.base_url, language=language, inbox=inbox, profile=profile
        )
        context.app.preset = preset
        wizard = SetupWizard(context, Translations())
        qtbot.addWidget(wizard)
        wizard.show()
        made.append(wizard)
        return wizard

    yield make
    for wizard in made:
        wizard.shutdown()
        wizard.translations.apply("en")  # translators are application-wide
