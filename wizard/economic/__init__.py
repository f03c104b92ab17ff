"""e-conomic REST client. Never imports Qt: the CLI, the engine and the UI all share it.

Start with `EconomicClient`; every failure is an `EconomicError` subclass with an English and a
Danish message that says what to do. Grant tokens come from `extract_grant_token`.

The names below load on first use (PEP 562): a program that only needs `redact` (the log,
the tray) must not pay for the HTTP stack the client brings in.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

# Eager, and light: redaction lives at the bottom of the house (`wizard.redact`), so the log
# can use it without the client.
from wizard.redact import TokenRedactingFilter, redact, redact_text

if TYPE_CHECKING:
    from wizard.economic.client import (
        ATTACHMENT_TYPES,
        MAX_ATTACHMENT_BYTES,
        EconomicClient,
        check_attachment,
        encode_json,
    )
    from wizard.economic.endpoint import (
        BASE_URL_ENV,
        DEFAULT_BASE_URL,
        DEFAULT_TIMEOUT,
        RetryPolicy,
        resolve_base_url,
    )
    from wizard.economic.errors import (
        AttachmentAlreadyExists,
        AttachmentRefused,
        ConfigurationError,
        EconomicError,
        ErrorEnvelope,
        Forbidden,
        IdempotencyConflict,
        InsecureURL,
        InvalidGrantToken,
        NetworkError,
        NoAccountingYear,
        NotAuthorised,
        NotFound,
        PeriodClosed,
        RateLimited,
        ServerError,
        UnexpectedResponse,
        UnknownOutcome,
        ValidationDetail,
        ValidationFailed,
        parse_error_envelope,
    )
    from wizard.economic.filters import escape_filter_value, has_marker
    from wizard.economic.grant import add_app_url, extract_grant_token, token_problem
    from wizard.economic.models import (
        Account,
        AccountingYear,
        Agreement,
        AttachmentInfo,
        CreatedVoucher,
        Currency,
        Department,
        DepartmentalDistribution,
        Entry,
        Journal,
        VatAccount,
    )
    from wizard.economic.years import pick_year, year_from_url, year_to_url

_WHERE: dict[str, str] = {
    "ATTACHMENT_TYPES": "wizard.economic.client",
    "BASE_URL_ENV": "wizard.economic.endpoint",
    "DEFAULT_BASE_URL": "wizard.economic.endpoint",
    "DEFAULT_TIMEOUT": "wizard.economic.endpoint",
    "MAX_ATTACHMENT_BYTES": "wizard.economic.client",
    "Account": "wizard.economic.models",
    "AccountingYear": "wizard.economic.models",
    "Agreement": "wizard.economic.models",
    "AttachmentAlreadyExists": "wizard.economic.errors",
    "AttachmentInfo": "wizard.economic.models",
    "AttachmentRefused": "wizard.economic.errors",
    "ConfigurationError": "wizard.economic.errors",
    "CreatedVoucher": "wizard.economic.models",
    "Currency": "wizard.economic.models",
    "Department": "wizard.economic.models",
    "DepartmentalDistribution": "wizard.economic.models",
    "EconomicClient": "wizard.economic.client",
    "EconomicError": "wizard.economic.errors",
    "Entry": "wizard.economic.models",
    "ErrorEnvelope": "wizard.economic.errors",
    "Forbidden": "wizard.economic.errors",
    "IdempotencyConflict": "wizard.economic.errors",
    "InsecureURL": "wizard.economic.errors",
    "InvalidGrantToken": "wizard.economic.errors",
    "Journal": "wizard.economic.models",
    "NetworkError": "wizard.economic.errors",
    "NoAccountingYear": "wizard.economic.errors",
    "NotAuthorised": "wizard.economic.errors",
    "NotFound": "wizard.economic.errors",
    "PeriodClosed": "wizard.economic.errors",
    "RateLimited": "wizard.economic.errors",
    "RetryPolicy": "wizard.economic.endpoint",
    "ServerError": "wizard.economic.errors",
    "UnexpectedResponse": "wizard.economic.errors",
    "UnknownOutcome": "wizard.economic.errors",
    "ValidationDetail": "wizard.economic.errors",
    "ValidationFailed": "wizard.economic.errors",
    "VatAccount": "wizard.economic.models",
    "add_app_url": "wizard.economic.grant",
    "check_attachment": "wizard.economic.client",
    "encode_json": "wizard.economic.client",
    "escape_filter_value": "wizard.economic.filters",
    "extract_grant_token": "wizard.economic.grant",
    "has_marker": "wizard.economic.filters",
    "parse_error_envelope": "wizard.economic.errors",
    "pick_year": "wizard.economic.years",
    "resolve_base_url": "wizard.economic.endpoint",
    "token_problem": "wizard.economic.grant",
    "year_from_url": "wizard.economic.years",
    "year_to_url": "wizard.economic.years",
}

__all__ = [
    "ATTACHMENT_TYPES",
    "BASE_URL_ENV",
    "DEFAULT_BASE_URL",
    "DEFAULT_TIMEOUT",
    "MAX_ATTACHMENT_BYTES",
    "Account",
    "AccountingYear",
    "Agreement",
    "AttachmentAlreadyExists",
    "AttachmentInfo",
    "AttachmentRefused",
    "ConfigurationError",
    "CreatedVoucher",
    "Currency",
    "Department",
    "DepartmentalDistribution",
    "EconomicClient",
    "EconomicError",
    "Entry",
    "ErrorEnvelope",
    "Forbidden",
    "IdempotencyConflict",
    "InsecureURL",
    "InvalidGrantToken",
    "Journal",
    "NetworkError",
    "NoAccountingYear",
    "NotAuthorised",
    "NotFound",
    "PeriodClosed",
    "RateLimited",
    "RetryPolicy",
    "ServerError",
    "TokenRedactingFilter",
    "UnexpectedResponse",
    "UnknownOutcome",
    "ValidationDetail",
    "ValidationFailed",
    "VatAccount",
    "add_app_url",
    "check_attachment",
    "encode_json",
    "escape_filter_value",
    "extract_grant_token",
    "has_marker",
    "parse_error_envelope",
    "pick_year",
    "redact",
    "redact_text",
    "resolve_base_url",
    "token_problem",
    "year_from_url",
    "year_to_url",
]


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
