"""Small helpers the command-line tests share (fixtures are in conftest.py)."""

from __future__ import annotations

import uuid


def unique_name(prefix: str = "CLI test") -> str:
    """Profile names are keyring entry names, and the CI keyring outlives a test."""
    return f"{prefix} {uuid.uuid4().hex[:8]}"
