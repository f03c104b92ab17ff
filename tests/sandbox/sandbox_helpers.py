"""Helpers for the sandbox's own tests: an authenticated HTTP client and voucher bodies.

A plain module (not conftest) so test files can import it by a name no other folder uses."""

from __future__ import annotations

from typing import Any

import requests

from wizard.sandbox.seed import APP_SECRET_TOKEN, GRANT_TOKEN


class Api:
    """`requests` against one sandbox, with the app secret and a grant token set."""

    def __init__(self, base_url: str, grant: str = GRANT_TOKEN, secret: str = APP_SECRET_TOKEN):
        self.base_url = base_url
        self.session = requests.Session()
        self.session.headers.update({"X-AppSecretToken": secret, "X-AgreementGrantToken": grant})

    def url(self, path: str) -> str:
        return path if path.startswith("http") else self.base_url + path

    def get(self, path: str, **kwargs: Any) -> requests.Response:
        kwargs.setdefault("timeout", 10)
        return self.session.get(self.url(path), **kwargs)

    def post(self, path: str, **kwargs: Any) -> requests.Response:
        kwargs.setdefault("timeout", 10)
        return self.session.post(self.url(path), **kwargs)

    def patch(self, path: str, **kwargs: Any) -> requests.Response:
        kwargs.setdefault("timeout", 10)
        return self.session.patch(self.url(path), **kwargs)

    def delete(self, path: str, **kwargs: Any) -> requests.Response:
        kwargs.setdefault("timeout", 10)
        return self.session.delete(self.url(path), **kwargs)

    def all_items(self, path: str, **params: Any) -> list[dict[str, Any]]:
        """Every item of a collection, following pagination.nextPage."""
        response = self.get(path, params=params)
        assert response.status_code == 200, response.text
        page = response.json()
        items = list(page["collection"])
        while "nextPage" in page["pagination"]:
            page = self.get(page["pagination"]["nextPage"]).json()
            items.extend(page["collection"])
        return items


def finance_voucher(
    text: str = "Udlæg | Jane Doe | Telefon #a7c7bcab",
    amount: float = 250.00,
    date: str = "2026-05-16",
    year: str = "2026",
    account: int = 3585,
    contra: int | None = 5900,
    vat: str | None = "I25",
    **extra_entry: Any,
) -> dict[str, Any]:
    entry: dict[str, Any] = {"account": {"accountNumber": account}, "text": text,
                             "amount": amount, "date": date}
    if contra is not None:
        entry["contraAccount"] = {"accountNumber": contra}
    if vat is not None:
        entry["vatAccount"] = {"vatCode": vat}
    entry.update(extra_entry)
    return {"accountingYear": {"year": year}, "journal": {"journalNumber": 1},
            "entries": {"financeVouchers": [entry]}}
