"""e-conomic's JSON error envelope, so the product's error handling meets the real shapes.

Every REST error the sandbox returns goes through `error_response` (or `ApiError`, which the
REST layer turns into one): `message`, `errorCode` (when there is one), `developerHint`, `logId`,
`httpStatusCode`, `logTime`, plus `errors`/`errorCount` for validation failures (reference §8.2).
"""

from __future__ import annotations

import json
import secrets
from datetime import datetime
from typing import Any

from werkzeug.wrappers import Response

JSON_TYPE = "application/json; charset=utf-8"

# Verbatim from the recorded 404 body (reference §8.2).
NOT_FOUND_MESSAGE = "Resource not found."
NOT_FOUND_HINT = (
    "The API tries to provide all the resource urls you need. If you have hard coded urls "
    "yourself, then try to look at the enclosing collection for hypermedia information on where "
    "the resource you are looking for could be."
)
VALIDATION_HINT = "Inspect validation errors and correct your request."


def log_id() -> str:
    """A log id in the form seen since 2020: 16 hex digits and a site code."""
    return f"{secrets.token_hex(8)}-SBX"


def envelope(
    status: int,
    message: str,
    developer_hint: str,
    error_code: str | None = None,
    errors: Any = None,
    error_count: int | None = None,
) -> dict[str, Any]:
    body: dict[str, Any] = {"message": message}
    if error_code is not None:
        body["errorCode"] = error_code
    body["developerHint"] = developer_hint
    body["logId"] = log_id()
    body["httpStatusCode"] = status
    if errors is not None:
        body["errors"] = errors
    body["logTime"] = datetime.now().strftime("%Y-%m-%dT%H:%M:%S")
    if error_count is not None:
        body["errorCount"] = error_count
    return body


def json_response(data: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    # Compact: with `indent` the json module falls back to its pure-Python encoder, which
    # made a page of 1,000 journal entries cost the sandbox half a second of CPU.
    return Response(
        json.dumps(data, ensure_ascii=False),
        status=status,
        headers=headers,
        content_type=JSON_TYPE,
    )


def error_response(
    status: int,
    message: str,
    developer_hint: str,
    error_code: str | None = None,
    errors: Any = None,
    error_count: int | None = None,
    headers: dict[str, str] | None = None,
) -> Response:
    body = envelope(status, message, developer_hint, error_code, errors, error_count)
    return json_response(body, status, headers)


def not_found() -> Response:
    # The recorded 404 has no errorCode; keep the shape exactly.
    return error_response(404, NOT_FOUND_MESSAGE, NOT_FOUND_HINT)


class ApiError(Exception):
    """Raised anywhere below the REST layer; becomes an error envelope response."""

    def __init__(
        self,
        status: int,
        message: str,
        developer_hint: str = "",
        error_code: str | None = None,
        errors: Any = None,
        error_count: int | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.developer_hint = developer_hint
        self.error_code = error_code
        self.errors = errors
        self.error_count = error_count
        self.headers = headers

    def response(self) -> Response:
        if self.status == 404 and self.error_code is None and not self.developer_hint:
            return not_found()
        return error_response(
            self.status,
            self.message,
            self.developer_hint,
            self.error_code,
            self.errors,
            self.error_count,
            self.headers,
        )


class NotFound(ApiError):
    def __init__(self) -> None:
        super().__init__(404, NOT_FOUND_MESSAGE)


def bad_request(
    message: str, code: str, hint: str = "Correct your request and try again."
) -> ApiError:
    return ApiError(400, message, hint, code)
