"""Acubiz e-conomic Export: expense postings into an e-conomic cash journal, exactly once.

`__version__` is read from the package metadata on first use (PEP 562): importlib.metadata
costs the always-running tray several megabytes it otherwise never needs, so the name of the
installed `.dist-info` folder (which carries the version) is looked for first.
"""

from __future__ import annotations

from typing import Any


def __getattr__(name: str) -> Any:
    if name != "__version__":
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = _version_from_dist_info()
    if value is None:
        from importlib.metadata import PackageNotFoundError, version

        try:
            value = version("acubiz-export")
        except PackageNotFoundError:  # running from a source tree that was never installed
            value = "0.0.0+source"
    globals()["__version__"] = value
    return value


def _version_from_dist_info() -> str | None:
    """`0.1.0` from `acubiz_export-0.1.0.dist-info` on the import path (a few directory
    listings, where importlib.metadata parses e-mail headers); None when there is none."""
    import os
    import sys

    prefix, suffix = "acubiz_export-", ".dist-info"
    for entry in sys.path:
        try:
            names = os.listdir(entry or ".")
        except OSError:  # a zip file or a folder that is gone
            continue
        for name in names:
            if name.startswith(prefix) and name.endswith(suffix):
                return name[len(prefix) : -len(suffix)]
    return None
