"""The house's floors, read from the code's own imports (issue 14).

Floors, bottom to top: `wizard` itself, `applog`, `redact` and `messages`; `economic` and
`settings` (talk to e-conomic, keep the admin's choices); `export` (the engine);
`export.engine` (the facade the CLI and the UI call); `commands`, `cli`, `ui`, `demo` (what
the admin touches). An import may only run down or sideways. The sandbox is a stand-in for
e-conomic: it imports nothing of the product, and only the demo and the command line start it.

Why a test: a back-arrow is how a Qt import or a settings→engine loop creeps in unnoticed.
`KNOWN_*` lists what the restructuring (issue 14) still has to take away; the test fails on
any new entry, and on a listed one that is gone (so the list only shrinks).
"""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1] / "wizard"

# (importer, imported) pairs that still run upward; each is a decision for issue 14.
KNOWN_UPWARD: set[tuple[str, str]] = set()
# Product modules outside the demo and the command line that reach into the sandbox.
KNOWN_SANDBOX_USERS: set[tuple[str, str]] = set()
KNOWN_CYCLES: set[frozenset[str]] = set()
# Modules of the bottom floor, beside `wizard` itself: Qt-free, importing nothing of the product.
BOTTOM = ("applog", "redact", "messages")
MAY_START_THE_SANDBOX = ("wizard.demo", "wizard.cli", "wizard.commands")


def _modules() -> dict[str, Path]:
    found = {}
    for path in ROOT.rglob("*.py"):
        parts = list(path.relative_to(ROOT.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found[".".join(parts)] = path
    return found


def _imports() -> dict[str, set[str]]:
    """Every import of a product module, wherever it stands (inside a function or under
    TYPE_CHECKING too: a deferred import is still a dependency)."""
    modules = _modules()

    def resolve(name: str) -> str | None:
        while name and name not in modules:
            name = name.rpartition(".")[0]
        return name or None

    edges: dict[str, set[str]] = defaultdict(set)
    for module, path in modules.items():
        package = module if path.name == "__init__.py" else module.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    parts = package.split(".")
                    base = ".".join(parts[: len(parts) - node.level + 1] + ([base] if base else []))
                names = [base] + [f"{base}.{alias.name}" for alias in node.names]
            else:
                continue
            for name in names:
                target = resolve(name) if name.startswith("wizard") else None
                if target and target != module:
                    edges[module].add(target)
    return edges


def _floor(module: str) -> int:
    parts = module.split(".")
    if len(parts) == 1 or parts[1] in BOTTOM:
        return 0
    if parts[1] in ("economic", "settings"):
        return 1
    if parts[1] == "export":
        return 3 if module == "wizard.export.engine" else 2
    return 4


def _is_sandbox(module: str) -> bool:
    return module.startswith("wizard.sandbox")


def test_no_import_runs_up_a_floor() -> None:
    upward = {
        (a, b)
        for a, targets in _imports().items()
        for b in targets
        if not _is_sandbox(a) and not _is_sandbox(b) and _floor(b) > _floor(a)
    }
    assert upward - KNOWN_UPWARD == set(), "new import from a lower floor to a higher one"
    assert KNOWN_UPWARD - upward == set(), "fixed: take it off KNOWN_UPWARD"


def test_the_sandbox_imports_nothing_of_the_product_and_only_the_cli_starts_it() -> None:
    edges = _imports()
    leaks = {(a, b) for a, targets in edges.items() if _is_sandbox(a)
             for b in targets if not _is_sandbox(b)}
    assert leaks == set()
    users = {(a, b) for a, targets in edges.items() if not _is_sandbox(a)
             for b in targets if _is_sandbox(b) and not a.startswith(MAY_START_THE_SANDBOX)}
    assert users - KNOWN_SANDBOX_USERS == set(), "product code reaching into the sandbox"
    assert KNOWN_SANDBOX_USERS - users == set(), "fixed: take it off KNOWN_SANDBOX_USERS"


def test_no_import_cycle() -> None:
    edges = _imports()
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: set[frozenset[str]] = set()

    def visit(node: str) -> None:  # Tarjan's strongly connected components
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for other in edges.get(node, ()):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            component = set()
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.add(member)
                if member == node:
                    break
            if len(component) > 1:
                cycles.add(frozenset(component))

    for module in _modules():
        if module not in index:
            visit(module)
    assert cycles - KNOWN_CYCLES == set(), "new import cycle"
    assert KNOWN_CYCLES - cycles == set(), "fixed: take it off KNOWN_CYCLES"
