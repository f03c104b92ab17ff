"""`acubiz-export setup`: open the setup wizard (or render its pages to PNG files), or, with
`--settings`, the Settings of an existing export (what the tray's "Settings…" opens).

    acubiz-export setup                          set up a new export, or pick one to edit
    acubiz-export setup --profile "2. Omkostninger"
    acubiz-export setup --settings               the export's settings (a chooser when several)
    acubiz-export setup --settings --profile "2. Omkostninger"
    acubiz-export setup --sandbox http://127.0.0.1:8765     against the local sandbox
    acubiz-export setup --render-pages out/pages --lang da  one PNG per page, no window
    acubiz-export setup --settings --render-pages out/settings --lang da   one PNG per tab

Qt is imported inside `run`, so `acubiz-export --help` and the other commands stay fast.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--profile", metavar="NAME", help="edit the export profile NAME")
    parser.add_argument(
        "--sandbox", metavar="URL",
        help="use the local e-conomic sandbox at URL (its app tokens are filled in)",
    )  # fmt: skip
    parser.add_argument(
        "--render-pages", metavar="DIR", type=Path,
        help="write one PNG per page, filled with demo data, without showing a window",
    )  # fmt: skip
    parser.add_argument(
        "--lang", choices=("en", "da"), help="language of the wizard (default: the desktop's)"
    )
    parser.add_argument(
        "--settings", action="store_true",
        help="change an existing export in the Settings dialog instead of the wizard (the"
        " wizard opens when there is no export yet)",
    )  # fmt: skip
    parser.add_argument("--inbox", metavar="DIR", type=Path, help=argparse.SUPPRESS)


def run(args: argparse.Namespace) -> int:
    if args.render_pages is not None:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"  # never show a window for screenshots
        from wizard.commands.local_sandbox import screenshot_sandbox

        with screenshot_sandbox() as sandbox:
            if args.settings:
                from wizard.ui.setup.settings_render import render_settings

                written = render_settings(args.render_pages, sandbox, language=args.lang or "en")
            else:
                from wizard.ui.setup.render import render_pages

                written = render_pages(args.render_pages, sandbox, language=args.lang or "en")
        for path in written:
            print(path)
        return 0
    if not display_available():
        from wizard.commands.cli_words import runnable  # the command this person has

        print(
            runnable(
                "No display is available, so the setup wizard cannot open. Run it on the desktop, "
                "or use `acubiz-export profile add` and `acubiz-export connect` instead."
            ),
            file=sys.stderr,
        )
        return 2
    if args.settings:
        return open_settings(sandbox_url=args.sandbox, profile=args.profile, language=args.lang)
    return open_wizard(
        sandbox_url=args.sandbox, profile=args.profile, language=args.lang, inbox=args.inbox
    )


def display_available() -> bool:
    """Whether a window can be shown (Qt aborts the process when it cannot)."""
    if os.environ.get("QT_QPA_PLATFORM"):
        return True
    if sys.platform.startswith(("linux", "freebsd", "openbsd", "netbsd")):
        return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    return True


def open_wizard(
    *,
    sandbox_url: str | None = None,
    profile: str | None = None,
    language: str | None = None,
    inbox: Path | None = None,
) -> int:
    """Show the wizard and wait for it; 0 when the admin finished, 1 when they cancelled."""
    from wizard.ui.i18n import Translations, default_language
    from wizard.ui.setup.launch import build_context
    from wizard.ui.setup.wizard import SetupWizard

    app = _application()
    context = build_context(
        sandbox_url=sandbox_url,
        profile=profile,
        language=language or default_language(),
        inbox=inbox,
    )
    wizard = SetupWizard(context, Translations(app))
    wizard.show()
    accepted = wizard.exec()
    wizard.shutdown(wait_ms=0)
    _dispose(wizard)
    return 0 if accepted else 1


def open_settings(
    *, sandbox_url: str | None = None, profile: str | None = None, language: str | None = None
) -> int:
    """The tray's "Settings…": the export's Settings dialog (after a chooser when there are
    several), or the wizard when there is no export yet or a new one is asked for. 0 when
    something was saved, 1 when the admin cancelled."""
    from wizard.ui.i18n import Translations, default_language
    from wizard.ui.setup.settings_dialog import SettingsChooser, SettingsDialog, prepare_context

    app = _application()
    language = language or default_language()
    translations = Translations(app)
    if not translations.apply(language):
        language = "en"
    window, context = settings_window(sandbox_url=sandbox_url, profile=profile, language=language)
    if window is None:
        return open_wizard(sandbox_url=sandbox_url, language=language)
    if isinstance(window, SettingsChooser):
        window.show()
        accepted = window.exec()
        new_export, chosen = window.new_export, window.chosen
        _dispose(window)
        if not accepted:
            return 1
        if new_export or chosen is None:
            return open_wizard(sandbox_url=sandbox_url, language=language)
        window = SettingsDialog(prepare_context(context, chosen), chosen)
    window.show()
    accepted = window.exec()
    new_export = window.wants_new_export
    window.shutdown(wait_ms=0)
    _dispose(window)
    if new_export:
        return open_wizard(sandbox_url=sandbox_url, language=language)
    return 0 if accepted else 1


def _dispose(window) -> None:
    """Delete a closed window now, on the GUI thread, while the application still exists.

    A window's Python wrappers sit in reference cycles (its pages and tabs point back at it),
    so dropping the last name of a window that still exists leaves a live, Python-owned Qt
    widget tree to Python's cyclic garbage collector. That collector runs on whichever thread
    happens to allocate next, often a setup task's daemon thread in the middle of an HTTP
    call (tasks.py): the whole tree was then deleted off the GUI thread while the GUI thread
    drew the next window, and the process died later in a garbage collection with a
    segmentation fault. (At the interpreter's exit the same leftovers are destroyed in no
    defined order: a crash on exit.) Deleted here, the wrappers left in those cycles are empty
    shells; collecting them now keeps even those off the worker threads."""
    import gc

    from PySide6.QtCore import QCoreApplication, QEvent

    window.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    gc.collect()


def settings_window(
    *, sandbox_url: str | None = None, profile: str | None = None, language: str = "en"
):
    """(the window `open_settings` shows first, not shown yet; its context). The window is
    None when the wizard must open instead. Tests open Settings through here, as the tray."""
    from wizard.ui.setup.launch import build_context
    from wizard.ui.setup.settings_dialog import settings_for

    context = build_context(sandbox_url=sandbox_url, profile=profile, language=language)
    return settings_for(context, profile), context


def _application():
    from PySide6.QtWidgets import QApplication

    from wizard.ui.icons import app_icon
    from wizard.ui.qt_workarounds import guard_none_refcount

    # Before the first thousands of Qt calls. Only the wizard applied it, so a long session in
    # `setup --settings` could end in "Fatal Python error: none_dealloc".
    guard_none_refcount()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("Acubiz e-conomic Export")
    app.setOrganizationName("Acubiz")
    app.setWindowIcon(app_icon())
    return app
