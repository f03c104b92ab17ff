"""The tray's icons: one SVG per `IconState`, plus the app icon (resources/icons)."""

from __future__ import annotations

import sys
from functools import cache
from pathlib import Path

from PySide6.QtGui import QIcon

from wizard.ui.tray.state import IconState


def resources_dir() -> Path:
    """`resources/` beside the package in a source tree, in `_MEIPASS` when frozen."""
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle) / "resources"
    return Path(__file__).resolve().parents[3] / "resources"


def icon_path(name: str) -> Path:
    return resources_dir() / "icons" / name


@cache
def state_icon(state: IconState) -> QIcon:
    return QIcon(str(icon_path(f"tray-{state.value}.svg")))


@cache
def app_icon() -> QIcon:
    return QIcon(str(icon_path("app.svg")))
