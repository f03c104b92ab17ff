"""The settings tests never see the demo's token file unless a test switches it on."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _no_demo_token_file(monkeypatch):
    from wizard.settings.demo_tokens import DEMO_TOKEN_FILE_ENV

    monkeypatch.delenv(DEMO_TOKEN_FILE_ENV, raising=False)
