"""Fixtures for the sandbox's own tests (the `sandbox` fixture itself is in tests/conftest.py)."""

from __future__ import annotations

from typing import Any

import pytest
import requests
from sandbox_helpers import Api


@pytest.fixture
def api(sandbox) -> Api:
    return Api(sandbox.base_url)


@pytest.fixture
def admin(sandbox):
    """POST/PUT/... to the admin endpoints: admin("post", "/grants", json=...)."""

    def call(method: str, path: str, **kwargs: Any) -> requests.Response:
        kwargs.setdefault("timeout", 10)
        return requests.request(method.upper(), sandbox.admin_url + path, **kwargs)

    return call
