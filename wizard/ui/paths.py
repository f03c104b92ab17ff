"""Where the packaged resources (icons, translations, demo data) are, in a source tree and in a
PyInstaller bundle."""

from __future__ import annotations

import sys
from pathlib import Path


def resources_dir() -> Path:
    """The `resources/` folder: beside the package in a source tree, in `_MEIPASS` when frozen."""
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle) / "resources"
    return Path(__file__).resolve().parents[2] / "resources"


def icon_path(name: str) -> Path:
    return resources_dir() / "icons" / name


def demo_inbox_dir() -> Path:
    return resources_dir() / "demo" / "inbox"
