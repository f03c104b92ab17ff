"""The frozen app's entry point: `acubiz-export ARGS` behaves exactly like the CLI.

Started without arguments — from a desktop icon, the Start menu or Finder — it opens the setup
wizard instead of printing the command-line help nobody would see. The tray's autostart entry
runs `acubiz-export tray` (see `wizard.ui.autostart.tray_command`), which passes through as is.

`acubiz-export --bundle-info` (for support and the build's smoke test, not in `--help`) prints
what this build found inside itself as JSON: the version from the package metadata, the
password-store backend keyring picked, and the translation it will load.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

DEFAULT_COMMAND = "setup"
BUNDLE_INFO = "--bundle-info"


def frozen_arguments(argv: Sequence[str]) -> list[str]:
    """The CLI arguments for the frozen app: `argv` without launcher noise, or `setup`."""
    # Older macOS Finder launches add a process serial number argument (-psn_0_12345).
    arguments = [argument for argument in argv if not argument.startswith("-psn_")]
    return arguments or [DEFAULT_COMMAND]


def bundle_info() -> dict[str, object]:
    """What a support person (or the smoke test) needs to know about this build."""
    from importlib.metadata import version
    from pathlib import Path

    import keyring
    import keyring.backend

    import wizard
    from wizard.ui.setup.i18n import compiled_translation
    from wizard.ui.setup.paths import resources_dir

    bundle = Path(getattr(sys, "_MEIPASS", resources_dir().parent))
    chosen = keyring.get_keyring()
    translation = compiled_translation("da")
    return {
        "version": version("acubiz-export"),
        "wizard_version": wizard.__version__,
        "frozen": bool(getattr(sys, "frozen", False)),
        "executable": sys.executable,
        "resources": str(resources_dir()),
        "keyring": {
            "backend": f"{type(chosen).__module__}.{type(chosen).__qualname__}",
            "name": str(getattr(chosen, "name", "")),
            "available": sorted(
                f"{type(backend).__module__}.{type(backend).__qualname__}"
                for backend in keyring.backend.get_all_keyring()
            ),
        },
        "translation_da": str(translation) if translation else None,
        "translation_da_shipped": bool(translation) and bundle in Path(translation).parents,
    }


def main() -> int:
    arguments = frozen_arguments(sys.argv[1:])
    if arguments == [BUNDLE_INFO]:
        import json

        print(json.dumps(bundle_info(), indent=2))
        return 0
    from wizard.cli import main as cli_main

    return cli_main(arguments)


if __name__ == "__main__":
    sys.exit(main())
