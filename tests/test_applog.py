"""The log file never holds a token, even when one is logged by mistake."""

from __future__ import annotations

import logging

from wizard.applog import log_path, setup_logging

TOKEN = "k5CQGxBJTdPlTv4Cp1KWEOU39xEjQ3yWqJfxQgGbdTI1"


def test_a_token_logged_by_mistake_is_redacted_in_the_file():
    path = setup_logging()
    try:
        logging.getLogger("wizard.test").warning("grant token is %s", TOKEN)
        for handler in logging.getLogger().handlers:
            handler.flush()
        text = path.read_text(encoding="utf-8")
        assert TOKEN not in text
        assert "dTI1" in text
        assert path == log_path()
    finally:
        root = logging.getLogger()
        for handler in [h for h in root.handlers if getattr(h, "_acubiz", False)]:
            root.removeHandler(handler)
            handler.close()
