# ruff: noqa: E501 - the recorded bodies are kept verbatim
"""e-conomic's error envelope, parsed from the bodies recorded in the reference (§8.2, verbatim),
and each HTTP answer turned into the one typed error the product acts on."""

from __future__ import annotations

import pickle

import pytest

from wizard.economic import (
    AttachmentAlreadyExists,
    AttachmentRefused,
    EconomicError,
    Forbidden,
    IdempotencyConflict,
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
from wizard.economic.errors import RequestContext, error_from_response

# Documented annotated errors (object form), reference §8.2, verbatim.
OBJECT_FORM = """
{
  "message": "Validation error.",
  "developerHint": "Inspect validation errors and correct your request.",
  "logId": "c7ca5bc2-ad2d-4639-93f9-b22ba88c97d7",
  "httpStatusCode": 400,
  "errors": {
    "currency": { "errors": [ { "errorCode": "E06000", "message": "currency does not exist.",
        "value": "ZUL", "developerHint": "Find a list of currencies at https://restapi.e-conomic.com/currencies." } ] },
    "lines": [ { "arrayIndex": 0, "unitNetPrice": { "errors": [ { "errorCode": "E04740",
        "message": "unitNetPrice scale cannot be greater then two decimal places.", "value": 10.12345,
        "developerHint": "Please check the format of your data." } ] } } ]
  },
  "logTime": "2015-03-12T16:44:56"
}
"""

# Recorded on a voucher POST (array form, propertyName/errorMessage/inputValue), verbatim.
ARRAY_FORM = """
{
  "message": "Validation failed. 2 errors found.",
  "errorCode": "E04300",
  "developerHint": "Inspect validation errors and correct your request.",
  "logId": "5ab645d7a7708766-DUS",
  "httpStatusCode": 400,
  "errors": [ {
    "arrayIndex": 0,
    "account": { "errors": [ { "propertyName": "account",
        "errorMessage": "Account(s) is not found or barred.", "errorCode": "E04041",
        "inputValue": "9999", "developerHint": "You must provide an accessible account." } ] },
    "entries": { "items": [ { "arrayIndex": 10,
        "Account": { "errors": [ { "propertyName": "Account", "errorMessage": "Account '9999' not found.",
            "errorCode": "E07150", "inputValue": 9999,
            "developerHint": "Find a list of accounts at https://restapi.e-conomic.com/accounts ." } ] } } ] }
  } ],
  "logTime": "2020-06-30T09:46:19",
  "errorCount": 2
}
"""

# Recorded 404, verbatim.
NOT_FOUND_BODY = """
{ "message": "Resource not found.",
  "developerHint": "The API tries to provide all the resource urls you need. If you have hard coded urls yourself, then try to look at the enclosing collection for hypermedia information on where the resource you are looking for could be.",
  "logId": "8d79f54f226ebe44-CPH", "httpStatusCode": 404, "logTime": "2024-10-24T14:26:57" }
"""

# Other shapes the reference quotes (abridged there, so rebuilt around the quoted items).
CUSTOMER_BARRED = {
    "message": "Validation failed. 1 errors found.",
    "errorCode": "E04300",
    "httpStatusCode": 400,
    "errors": [
        {
            "arrayIndex": 0,
            "entries": {
                "items": [
                    {
                        "arrayIndex": 0,
                        "customer": {
                            "errors": [
                                {
                                    "propertyName": "customer",
                                    "errorMessage": "Customer '44142815' is barred.",
                                    "errorCode": "E06820",
                                }
                            ]
                        },
                    }
                ]
            },
        }
    ],
}
SINGLE_OBJECT_2023 = {
    "message": "Validation failed. 1 errors found.",
    "errorCode": "E04300",
    "errors": {
        "customerGroup": {
            "errors": [{"errorCode": "E07140", "errorMessage": "CustomerGroup '1' not found."}]
        }
    },
}
STRING_ERRORS = {
    "message": "Validation failed.",
    "errors": ["#/entries: expected type: JSONObject, found: String"],
    "schemaPath": "#/entries",
}


def test_object_form_gives_field_paths_and_array_indexes_of_lines():
    envelope = parse_error_envelope(OBJECT_FORM)
    assert envelope.message == "Validation error."
    assert envelope.log_id == "c7ca5bc2-ad2d-4639-93f9-b22ba88c97d7"
    assert envelope.http_status == 400
    assert envelope.details == (
        ValidationDetail(None, None, "currency", "E06000", "currency does not exist.", "ZUL"),
        ValidationDetail(
            None,
            None,
            "lines[0].unitNetPrice",
            "E04740",
            "unitNetPrice scale cannot be greater then two decimal places.",
            envelope.details[1].value,
        ),
    )
    assert float(envelope.details[1].value) == pytest.approx(10.12345)


def test_array_form_maps_voucher_and_entry_indexes():
    envelope = parse_error_envelope(ARRAY_FORM.encode())
    assert envelope.error_code == "E04300"
    assert envelope.log_id == "5ab645d7a7708766-DUS"
    assert envelope.details == (
        ValidationDetail(0, None, "account", "E04041", "Account(s) is not found or barred.", "9999"),
        ValidationDetail(0, 10, "Account", "E07150", "Account '9999' not found.", 9999),
    )
    assert envelope.codes() == {"E04300", "E04041", "E07150"}


def test_nested_entry_items_in_either_naming():
    details = parse_error_envelope(CUSTOMER_BARRED).details
    assert details == (
        ValidationDetail(0, 0, "customer", "E06820", "Customer '44142815' is barred.", None),
    )
    details = parse_error_envelope(SINGLE_OBJECT_2023).details
    assert details == (
        ValidationDetail(None, None, "customerGroup", "E07140", "CustomerGroup '1' not found."),
    )


def test_plain_string_errors_and_bodies_that_are_not_json():
    details = parse_error_envelope(STRING_ERRORS).details
    assert [d.message for d in details] == ["#/entries: expected type: JSONObject, found: String"]
    assert parse_error_envelope(b"<html>Bad gateway</html>").message == "<html>Bad gateway</html>"
    assert parse_error_envelope(b"").details == ()
    assert parse_error_envelope(None).message == ""


def test_per_type_entry_lists_count_as_entries_too():
    body = {"errors": {"entries": {"financeVouchers": [
        {"arrayIndex": 2, "vatAccount": {"errors": [{"errorCode": "E1", "message": "bad vat"}]}}
    ]}}}
    assert parse_error_envelope(body).details == (
        ValidationDetail(None, 2, "vatAccount", "E1", "bad vat"),
    )


def _error(status, body=None, **context):
    context.setdefault("method", "POST")
    context.setdefault("path", "/journals/1/vouchers")
    context.setdefault("is_write", context["method"] != "GET")
    return error_from_response(status, body, RequestContext(**context))


def test_validation_failed_carries_details_and_says_what_to_fix():
    error = _error(400, ARRAY_FORM)
    assert type(error) is ValidationFailed
    assert error.http_status == 400
    assert error.error_code == "E04300"
    assert error.log_id == "5ab645d7a7708766-DUS"
    assert [(d.voucher_index, d.entry_index, d.field) for d in error.details] == [
        (0, None, "account"),
        (0, 10, "Account"),
    ]
    assert "Voucher 1, line 11: Account '9999' not found." in error.message
    assert "momskoden" in error.message_da and "modkontoen" in error.message_da
    assert str(error) == error.message


def test_not_found_uses_the_recorded_body():
    error = _error(404, NOT_FOUND_BODY, method="GET", path="/journals/99", what=("journal 99",
                                                                                "kassekladde 99"))
    assert type(error) is NotFound
    assert error.log_id == "8d79f54f226ebe44-CPH"
    assert "journal 99" in error.message
    assert "kassekladde 99" in error.message_da


@pytest.mark.parametrize(
    ("status", "context", "cls"),
    [
        (401, {}, NotAuthorised),
        (403, {}, Forbidden),
        (429, {}, RateLimited),
        (500, {"method": "GET"}, ServerError),
        (503, {"method": "GET"}, ServerError),
        (500, {}, UnknownOutcome),
        (502, {}, UnknownOutcome),
        (504, {"method": "PATCH"}, UnknownOutcome),
        (405, {}, UnexpectedResponse),
        (302, {}, UnexpectedResponse),
    ],
)
def test_each_status_becomes_one_typed_error(status, context, cls):
    error = _error(status, None, **context)
    assert type(error) is cls
    assert isinstance(error, EconomicError)
    assert error.title and error.message and error.title_da and error.message_da


def test_not_authorised_names_the_fix_in_both_languages():
    error = _error(401, {"message": "Unauthorized", "httpStatusCode": 401}, method="GET")
    assert "Alle indstillinger → Udvidelser → Apps" in error.message_da
    assert error.message == (
        "The app was removed in e-conomic (All settings → Extensions → Apps), or the token is "
        "wrong. Connect again from Settings."
    )
    assert "Connect again" in error.message
    assert "Forbind igen" in error.message_da
    assert error.text("da-DK") == (error.title_da, error.message_da)
    assert error.text("en") == (error.title, error.message)


def test_demo_tokens_get_their_own_forbidden_message_on_writes():
    assert _error(403, None, demo=True).key == "forbidden_demo"
    assert _error(403, None, demo=True, method="GET").key == "forbidden"


def test_rate_limited_keeps_retry_after():
    error = error_from_response(429, None, RequestContext("GET", "/accounts"), retry_after=90)
    assert error.retry_after == 90
    assert "90 seconds" in error.message
    assert "90 sekunder" in error.message_da
    assert error.temporary


@pytest.mark.parametrize("code", ["URLChanged", "PayloadChanged"])
def test_idempotency_conflicts(code):
    error = _error(400, {"message": "Idempotency key reused.", "errorCode": code})
    assert type(error) is IdempotencyConflict
    assert error.error_code == code
    # The code is for support (its details line), not for the admin's sentence.
    assert code not in error.message and f"code {code}" in error.support_line()


def test_attachment_already_exists_and_refused_upload():
    body = {"message": "Voucher already has attachment", "httpStatusCode": 400}
    error = _error(400, body, path="/journals/1/vouchers/2025-5/attachment/file",
                   filename="r.pdf", voucher="2025-5")
    assert type(error) is AttachmentAlreadyExists
    assert "2025-5" in error.message and "Bilag 2025-5" in error.message_da
    refused = _error(400, {"message": "Unsupported file."}, filename="r.pdf")
    assert type(refused) is AttachmentRefused
    assert refused.reason == "server"
    assert "Unsupported file." in refused.message


def test_closed_periods_are_a_kind_of_validation_failure():
    error = _error(400, {"errorCode": "AccountingYearClosed", "message": "The year is closed."})
    assert isinstance(error, PeriodClosed)
    assert isinstance(error, ValidationFailed)
    by_text = _error(400, {"message": "Validation failed.", "errors": [{"arrayIndex": 0, "date": {
        "errors": [{"errorCode": "E9", "message": "Accounting year 2024 is closed."}]}}]})
    assert isinstance(by_text, PeriodClosed)
    assert "regnskabsår" in by_text.message_da.lower()


def test_errors_survive_pickling_and_show_no_secrets_in_repr():
    error = _error(400, ARRAY_FORM)
    copy = pickle.loads(pickle.dumps(error))
    assert type(copy) is ValidationFailed
    assert copy.message == error.message
    assert copy.details == error.details
    assert repr(error) == (
        "ValidationFailed(key='validation_failed', http_status=400, error_code='E04300', "
        "log_id='5ab645d7a7708766-DUS')"
    )
    assert "POST /journals/1/vouchers" in error.support_line()


def test_a_token_echoed_by_the_server_is_redacted_from_the_error():
    token = "k5CQGxBJTdPlTv4Cp1KWEOU39xEjQ3yWqJfxQgGbdTI1"
    error = _error(401, {"message": f"Token {token} is not valid", "developerHint": token})
    assert token not in error.server_message
    assert token not in error.developer_hint
    assert token not in str(error)
    assert "…dTI1" in error.server_message
