"""Acubiz e-conomic Export: expense postings into an e-conomic cash journal, exactly once.

`__version__` is read from the package metadata on first use (PEP 562): importlib.metadata
costs the always-running tray several megabytes it otherwise never needs.
"""

from __future__ import annotations

from typing import Any


def __getattr__(name: str) -> Any:
    if name != "__version__":
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from importlib.metadata import PackageNotFoundError, version

    try:
        value = version("acubiz-export")
    except PackageNotFoundError:  # running from a source tree that was never installed
        value = "0.0.0+source"
    globals()["__version__"] = value
    return value
