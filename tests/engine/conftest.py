"""Fixtures for end-to-end transfers: a sandbox journal, a demo inbox, a profile, a ledger."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from wizard.economic.client import EconomicClient
from wizard.economic.http import RetryPolicy
from wizard.export.ledger import Ledger
from wizard.sandbox.seed import APP_SECRET_TOKEN, GRANT_TOKEN
from wizard.settings.profiles import ExportProfile

DEMO_INBOX = Path(__file__).resolve().parents[2] / "resources" / "demo" / "inbox"


@pytest.fixture
def journal(sandbox):
    return sandbox.admin.create_journal(name="ACUBIZ EMS")


@pytest.fixture
def inbox(tmp_path):
    folder = tmp_path / "inbox"
    shutil.copytree(DEMO_INBOX, folder)
    return folder


@pytest.fixture
def profile(inbox, journal):
    return ExportProfile(
        name="2. Omkostninger",
        inbox_folder=inbox,
        receipts_folder=inbox,
        journal_name="ACUBIZ EMS",
        department_dimension=1,
        department_map={"Administration": 1, "Salg": 2, "Udvikling": 3},
    )


@pytest.fixture
def client(sandbox):
    fast = RetryPolicy(max_attempts=3, backoff_factor=0.01, backoff_jitter=0.0, backoff_max=0.05)
    with EconomicClient(APP_SECRET_TOKEN, GRANT_TOKEN, base_url=sandbox.base_url,
                        retry=fast) as opened:
        yield opened


@pytest.fixture
def ledger(tmp_path):
    with Ledger(tmp_path / "ledger.sqlite3") as opened:
        yield opened
