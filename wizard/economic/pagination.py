"""Reading a whole e-conomic collection, page by page.

e-conomic returns at most `pagesize` items per page (default 20, max 1000) inside
`{collection, pagination, self}` and puts a `pagination.nextPage` link on every page but the
last. Reading only the first page is the classic bug that works in a test company and loses
accounts in a real one, so every list call goes through `iter_collection`. Next-page links are
followed only on the same origin (the transport checks), and a link that repeats or an endless
series of pages stops with `UnexpectedResponse` instead of looping for ever.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from wizard.economic.errors import UnexpectedResponse
from wizard.economic.http import Transport, expect_json

DEFAULT_PAGE_SIZE = 1000
MAX_PAGE_SIZE = 1000
MAX_PAGES = 10_000


def iter_collection(
    transport: Transport,
    path: str,
    *,
    query: str | None = None,
    page_size: int = DEFAULT_PAGE_SIZE,
    what: tuple[str, str] | None = None,
) -> Iterator[Mapping[str, Any]]:
    """Yield every item of the collection at `path` (plus an encoded `query`), across all pages."""
    if not 1 <= page_size <= MAX_PAGE_SIZE:
        raise ValueError(f"page_size must be between 1 and {MAX_PAGE_SIZE}")
    target = path
    page_query: str | None = f"pagesize={page_size}" + (f"&{query}" if query else "")
    seen: set[str] = set()
    for _page in range(MAX_PAGES):
        response = transport.request("GET", target, query=page_query, what=what)
        data = expect_json(response)
        items = data.get("collection") if isinstance(data, Mapping) else None
        if not isinstance(items, list):
            raise UnexpectedResponse(http_status=response.status_code, method="GET", path=path)
        for item in items:
            if isinstance(item, Mapping):
                yield item
        seen.add(response.url)
        pagination = data.get("pagination")
        next_page = pagination.get("nextPage") if isinstance(pagination, Mapping) else None
        if not next_page:
            return
        next_url = transport.url_for(str(next_page))
        if next_url in seen:
            raise UnexpectedResponse(http_status=response.status_code, method="GET", path=path)
        target, page_query = next_url, None
    raise UnexpectedResponse(method="GET", path=path)
