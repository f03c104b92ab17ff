"""Work-arounds for bugs in the Qt bindings, each detected before it is applied.

The tray runs for weeks; a binding bug that needs a few thousand calls to show is fatal there.
"""

from __future__ import annotations

import ctypes
import logging
import sys

log = logging.getLogger("wizard.ui")

# How far None's reference count is raised when the bug below is present: 2**40 lost
# references take 35 years at a thousand Qt calls a second.
NONE_MARGIN = 1 << 40
_PROBE_CALLS = 16
_applied = False


def guard_none_refcount() -> bool:
    """PySide6 6.12.0's abi3 wheels, on CPython before 3.12, return None from every Qt method
    that returns nothing, and True from every `Signal.emit()`, without taking a new
    reference: the reference counts of None and True drop by one per call, and after a few
    thousand calls the process aborts ("Fatal Python error: none_dealloc" / "bool_dealloc").
    (6.11.2 does not do this; on 3.12+ None, True and False are immortal.)

    Detect it with a few harmless calls and, only then, give None, True and False a margin no
    run can use up. Returns True when the work-around is in place. Safe to call again."""
    global _applied
    if _applied:
        return True
    if sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return False
    from PySide6.QtCore import QObject, Signal

    class _Probe(QObject):
        poked = Signal()

    probe = _Probe()
    before = sys.getrefcount(None), sys.getrefcount(True)
    for _ in range(_PROBE_CALLS):
        probe.setObjectName("probe")
        probe.poked.emit()
    lost_none = before[0] - sys.getrefcount(None)
    lost_true = before[1] - sys.getrefcount(True)
    if lost_none < _PROBE_CALLS and lost_true < _PROBE_CALLS:
        return False
    for singleton in (None, True, False):
        # CPython keeps the reference count in an object's first field (Py_ssize_t ob_refcnt).
        ctypes.c_ssize_t.from_address(id(singleton)).value += NONE_MARGIN
    _applied = True
    log.warning("PySide6 loses references to None/True on this Python (PySide6 6.12.0 on"
                " 3.11); their reference counts were raised so the program does not abort")
    return True
