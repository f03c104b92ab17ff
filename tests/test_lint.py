"""The house rules that a reviewer would otherwise check by hand."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOMAIN_PACKAGES = ("economic", "settings", "export", "sandbox")
QT_MODULES = {"PySide6", "shiboken6", "PyQt5", "PyQt6"}


def test_ruff_is_clean():
    ruff = shutil.which("ruff") or str(Path(sys.executable).with_name("ruff"))
    if not Path(ruff).exists():
        pytest.skip("ruff is not installed in this environment")
    result = subprocess.run([ruff, "check", "."], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("package", DOMAIN_PACKAGES)
def test_domain_packages_never_import_qt(package):
    """The engine must run headless (CLI, CI, a server): Qt belongs to wizard/ui only."""
    offenders = []
    for path in (ROOT / "wizard" / package).rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            if any(name.split(".")[0] in QT_MODULES for name in names):
                offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []


def test_sandbox_imports_nothing_of_the_product():
    """The sandbox stands in for e-conomic; sharing product code would let both be wrong alike."""
    offenders = []
    for path in (ROOT / "wizard" / "sandbox").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            module = node.module if isinstance(node, ast.ImportFrom) else None
            if module and module.startswith("wizard.") and not module.startswith("wizard.sandbox"):
                offenders.append(f"{path.name}: {module}")
    assert offenders == []
