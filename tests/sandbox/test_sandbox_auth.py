"""Tokens: who may call the API, and what `/self` tells them."""

from __future__ import annotations

import pytest
import requests
from sandbox_helpers import Api, finance_voucher

from wizard.sandbox.seed import APP_SECRET_TOKEN, GRANT_TOKEN

ENVELOPE_KEYS = {"message", "errorCode", "developerHint", "logId", "httpStatusCode", "logTime"}

# The recorded /self of e-conomic's demo agreement (reference §3), values abridged.
RECORDED_SELF = {
    "agreementNumber": 1118081,
    "agreementType": {"agreementTypeNumber": 1, "name": "denmark"},
    "userName": "Joh",
    "signupDate": "2016-02-17",
    "user": {"loginId": "Joh", "email": "api@e-conomic.com", "name": "John Doe",
             "language": {"languageNumber": 1, "name": "Danish", "culture": "da-DK",
                          "self": "https://restapi.e-conomic.com/languages/1"},
             "agreementNumber": 1118081},
    "company": {"addressLine1": "Langebrogade 1", "zip": "1411", "city": "Copenhagen",
                "name": "The Demo Company", "phoneNumber": "+4512345678",
                "faxNumber": "+4522334455", "attention": "API Team", "email": "api@e-conomic.com",
                "companyIdentificationNumber": "29403473"},
    "bankInformation": {"bankName": "Money Money", "swiftCode": "MOBADK11",
                        "ibanNumber": "DK5000400440116243", "bankSortCode": "1234",
                        "bankAccountNumber": "123456789", "pbsCustomerGroupNumber": "1",
                        "giro": "1234567"},
    "application": {"appNumber": 3162, "name": "REST Demo App",
                    "appPublicToken": "PeJLRlveDBRddwXjRwjvcsoxyHtuCYFRNfyC9w5Tn1M1",
                    "created": "2016-06-14",
                    "requiredRoles": [{"roleNumber": 2, "name": "SuperUser"}],
                    "self": "https://restapi.e-conomic.com/apps/3162"},
    "settings": {"baseCurrency": "DKK"},
    "companyAffiliation": "e-conomic",
    "canSendElectronicInvoice": True,
    "modules": [{"moduleNumber": 14, "name": "Dimension (afdeling/kvantum)",
                 "self": "https://restapi.e-conomic.com/modules/agreement/14"}],
    "self": "https://restapi.e-conomic.com/self",
}


def assert_same_keys(actual, recorded, path="$"):
    if isinstance(recorded, dict):
        assert isinstance(actual, dict), path
        assert set(actual) >= set(recorded), f"{path}: missing {set(recorded) - set(actual)}"
        for key, value in recorded.items():
            assert_same_keys(actual[key], value, f"{path}.{key}")
    elif isinstance(recorded, list) and recorded:
        assert isinstance(actual, list) and actual, path
        assert_same_keys(actual[0], recorded[0], f"{path}[0]")


def assert_401(response):
    assert response.status_code == 401
    body = response.json()
    assert set(body) >= ENVELOPE_KEYS
    assert body["httpStatusCode"] == 401


def test_self_has_the_recorded_shape(api):
    response = api.get("/self")
    assert response.status_code == 200
    me = response.json()
    assert_same_keys(me, RECORDED_SELF)
    assert set(me) == set(RECORDED_SELF)
    assert me["company"]["name"] == "Demo Regnskab ApS"
    assert me["agreementNumber"] == 1234567
    assert me["settings"]["baseCurrency"] == "DKK"
    assert {"moduleNumber": 14, "name": "Dimension (afdeling/kvantum)"}.items() <= (
        me["modules"][0].items()
    )
    assert me["self"] == api.base_url + "/self"


def test_header_names_are_case_insensitive(sandbox):
    response = requests.get(
        sandbox.base_url + "/self",
        headers={"x-appsecrettoken": APP_SECRET_TOKEN, "x-agreementgranttoken": GRANT_TOKEN},
        timeout=10,
    )
    assert response.status_code == 200


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"X-AppSecretToken": APP_SECRET_TOKEN},
        {"X-AgreementGrantToken": GRANT_TOKEN},
        {"X-AppSecretToken": APP_SECRET_TOKEN, "X-AgreementGrantToken": "x" * 43 + "1"},
        {"X-AppSecretToken": "y" * 43 + "1", "X-AgreementGrantToken": GRANT_TOKEN},
        {"X-AppSecretToken": "demo", "X-AgreementGrantToken": GRANT_TOKEN},
    ],
    ids=["none", "no-grant", "no-secret", "bad-grant", "bad-secret", "half-demo"],
)
def test_missing_or_wrong_tokens_get_401(sandbox, headers):
    assert_401(requests.get(sandbox.base_url + "/journals", headers=headers, timeout=10))


def test_revoked_grant_gets_401(sandbox, admin):
    token = admin("post", "/grants").json()["token"]
    api = Api(sandbox.base_url, grant=token)
    assert api.get("/self").status_code == 200

    assert admin("post", "/grants/revoke", json={"token": token}).status_code == 200

    assert_401(api.get("/self"))
    assert_401(api.post("/journals/1/vouchers", json=finance_voucher()))


def test_revoke_from_python(sandbox):
    token = sandbox.admin.create_grant()
    sandbox.admin.revoke_grant(token)
    assert_401(Api(sandbox.base_url, grant=token).get("/self"))


def test_demo_tokens_are_read_only(sandbox):
    demo = Api(sandbox.base_url, grant="demo", secret="demo")
    assert demo.get("/self").status_code == 200
    assert demo.get("/journals").status_code == 200
    response = demo.post("/journals/1/vouchers", json=finance_voucher())
    assert response.status_code == 403
    assert set(response.json()) >= ENVELOPE_KEYS
    assert Api(sandbox.base_url).get("/journals/1/vouchers").json()["collection"] == []
