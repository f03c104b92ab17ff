"""The frozen app's entry point: `acubiz-export ARGS` behaves exactly like the CLI.

Started without arguments — from a desktop icon, the Start menu or Finder — it opens the setup
wizard instead of printing the command-line help nobody would see. The tray's autostart entry
runs `acubiz-export tray` (see `wizard.ui.autostart.tray_command`), which passes through as is.

`acubiz-export --bundle-info` (for support and the build's smoke test, not in `--help`) prints
what this build found inside itself as JSON: the version from the package metadata, the
password-store backend keyring picked, the translations it will load (ours, and Qt's own for
its dialogs), and the receipt libraries (Pillow, libheif, pypdf) with the picture formats
Pillow reads.

`acubiz-export --selftest-receipts FILE...` (same audience, not in `--help`) normalises each
receipt file the way a transfer does before upload and prints, as JSON, per file what would
be sent (names, media types, sizes, pages, SHA-256) and what was done, or why it cannot be
sent. It writes nothing: the smoke test uses it to prove that the frozen program converts a
HEIC photo with its own libheif.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

DEFAULT_COMMAND = "setup"
BUNDLE_INFO = "--bundle-info"
SELFTEST_RECEIPTS = "--selftest-receipts"


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
    from wizard.ui.i18n import compiled_translation, qt_translation
    from wizard.ui.paths import resources_dir

    bundle = Path(getattr(sys, "_MEIPASS", resources_dir().parent))
    chosen = keyring.get_keyring()
    translation = compiled_translation("da")
    qt_own = qt_translation("da")  # Qt's own dialogs: Back, Cancel, the folder picker
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
        "qt_translation_da": str(qt_own) if qt_own else None,
        "qt_translation_da_shipped": bool(qt_own) and bundle in Path(qt_own).parents,
        "receipts": receipt_libraries(),
    }


def receipt_libraries() -> dict[str, object]:
    """The libraries that convert receipts, their versions and the formats they read."""
    from importlib.metadata import version

    import pi_heif
    from PIL import Image, features

    Image.init()
    return {
        "pillow": version("pillow"),
        "pi_heif": version("pi-heif"),
        "libheif": pi_heif.libheif_info().get("libheif"),
        "heif_decoders": sorted(pi_heif.libheif_info().get("decoders", {})),
        "pypdf": version("pypdf"),
        "formats": sorted(name for name in ("JPEG", "PNG", "GIF", "TIFF", "WEBP", "BMP", "AVIF")
                          if name in Image.OPEN and (name != "AVIF" or features.check("avif"))),
    }


def selftest_receipts(paths: Sequence[str]) -> list[dict[str, object]]:
    """Each file normalised as before an upload: what would be sent, or why not."""
    from pathlib import Path

    from wizard.export.receipt_normalise import CannotNormalise, normalise

    results: list[dict[str, object]] = []
    for path in paths:
        content = Path(path).read_bytes()
        entry: dict[str, object] = {"file": path}
        try:
            result = normalise(Path(path).name, content)
        except CannotNormalise as error:
            entry["cannot"] = {"key": error.key, "reason": error.reason.en,
                               "reason_da": error.reason.da}  # fmt: skip
        else:
            entry["applied"] = list(result.applied)
            entry["original_sha256"] = result.original_sha256
            entry["parts"] = [
                {"name": part.name, "media_type": part.media_type, "bytes": len(part.content),
                 "pages": part.pages, "sha256": sha}
                for part, sha in zip(result.parts, result.sent_sha256, strict=True)
            ]  # fmt: skip
        results.append(entry)
    return results


def main() -> int:
    arguments = frozen_arguments(sys.argv[1:])
    if arguments == [BUNDLE_INFO]:
        import json

        print(json.dumps(bundle_info(), indent=2))
        return 0
    if arguments[0] == SELFTEST_RECEIPTS and len(arguments) > 1:
        import json

        print(json.dumps(selftest_receipts(arguments[1:]), indent=2, ensure_ascii=False))
        return 0
    from wizard.cli import main as cli_main

    return cli_main(arguments)


if __name__ == "__main__":
    sys.exit(main())
