"""Tokens never show: not in reprs, not in error texts, not in log files."""

from __future__ import annotations

import logging

from economic_helpers import SECRET_APP, SECRET_GRANT

from wizard.economic import EconomicClient, TokenRedactingFilter, redact, redact_text


def test_redact_shows_at_most_the_last_four_characters():
    assert redact(SECRET_GRANT) == "…dTI1"
    assert redact("short") == "…"
    assert redact("demo") == "…"
    assert redact("") == ""
    assert redact(None) == ""


def test_redact_text_hides_token_looking_strings_and_known_secrets():
    text = f"grant={SECRET_GRANT} app {SECRET_APP}; logId 5ab645d7a7708766-DUS"
    out = redact_text(text)
    assert SECRET_GRANT not in out and SECRET_APP not in out
    assert "…dTI1" in out and "…BA81" in out
    assert "5ab645d7a7708766-DUS" in out  # a log id is not a token
    assert redact_text("my pin is s3cr3t-value", ["s3cr3t-value"]) == "my pin is …"


def test_client_repr_shows_only_the_tail_of_the_grant():
    with EconomicClient(SECRET_APP, SECRET_GRANT, base_url="http://127.0.0.1:9") as client:
        text = repr(client)
    assert SECRET_GRANT not in text and SECRET_APP not in text
    assert "…dTI1" in text
    assert repr(client._transport).count("…") == 2
    assert SECRET_APP not in repr(client._transport)


def _record(message, *args, exc_info=None):
    return logging.LogRecord("t", logging.INFO, __file__, 1, message, args, exc_info)


def test_logging_filter_rewrites_message_args_and_exception_text():
    filt = TokenRedactingFilter(secrets=["custom-secret-value"])
    record = _record("headers %s and %s", {"X-AgreementGrantToken": SECRET_GRANT},
                     "custom-secret-value")
    assert filt.filter(record) is True
    assert SECRET_GRANT not in record.getMessage()
    assert "custom-secret-value" not in record.getMessage()
    assert "…dTI1" in record.getMessage()

    try:
        raise RuntimeError(f"boom {SECRET_APP}")
    except RuntimeError:
        import sys

        record = _record("failed", exc_info=sys.exc_info())
    filt.filter(record)
    formatted = logging.Formatter().format(record)
    assert SECRET_APP not in formatted
    assert "…BA81" in formatted


def test_the_filter_on_a_handler_covers_every_logger(caplog):
    handler_output: list[str] = []

    class ListHandler(logging.Handler):
        def emit(self, record):
            handler_output.append(self.format(record))

    handler = ListHandler()
    handler.addFilter(TokenRedactingFilter())
    logger = logging.getLogger("urllib3.some.child")
    logger.addHandler(handler)
    try:
        logger.warning("sending %s", SECRET_GRANT)
    finally:
        logger.removeHandler(handler)
    assert handler_output == ["sending …dTI1"]


def test_known_secrets_of_any_shape_are_hidden_once_a_client_has_them():
    odd_secret = "short-but-secret!"  # not token-shaped, so only the registry can catch it
    with EconomicClient(odd_secret, SECRET_GRANT, base_url="http://127.0.0.1:9"):
        pass
    assert odd_secret not in redact_text(f"value {odd_secret} here")
