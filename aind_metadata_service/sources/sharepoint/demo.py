"""The SharePoint demo: Graph's token and list-item endpoints served from the demo's list files."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import requests

from aind_metadata_service.cache import Cache
from aind_metadata_service.demo.transport import Demo, DemoAdapter
from aind_metadata_service.sources.azure import demo_sign_in
from aind_metadata_service.sources.base import http_session
from aind_metadata_service.sources.sharepoint.client import (
    PREFER,
    SharePointClient,
    SharePointSettings,
)

_TOKENS = re.compile(r"\s*(?:('(?:[^']|'')*')|([(),])|([\w/.]+))")


class ODataFilter:
    """The OData $filter subset this client sends (eq, and, or, parentheses, startswith, substringof), for the demo."""

    def __init__(self, text: str) -> None:
        self.tokens: list[str] = []
        end = 0
        for match in _TOKENS.finditer(text):
            if match.start() != end:  # text no token matched
                raise ValueError("unsupported filter syntax")
            self.tokens.append(next(g for g in match.groups() if g))
            end = match.end()
        if text[end:].strip():
            raise ValueError("unsupported filter syntax")
        self.at = 0
        self.test = self._any()
        if self.at != len(self.tokens):
            raise ValueError("unexpected text after the filter")

    def __call__(self, row: dict[str, Any]) -> bool:
        """Whether the row passes."""
        return self.test(row)

    def _take(self, expected: str | None = None) -> str:
        """The next token, which must be `expected` when given."""
        token = self.tokens[self.at] if self.at < len(self.tokens) else ""
        if not token or (expected is not None and token.lower() != expected):
            raise ValueError(f"expected {expected or 'more'} in the filter")
        self.at += 1
        return token

    def _peek(self) -> str:
        """The next token, lower-cased, without taking it."""
        return self.tokens[self.at].lower() if self.at < len(self.tokens) else ""

    def _any(self) -> Callable[[dict[str, Any]], bool]:
        """Terms joined by 'or'."""
        return self._joined("or", self._all, any)

    def _all(self) -> Callable[[dict[str, Any]], bool]:
        """Atoms joined by 'and'."""
        return self._joined("and", self._atom, all)

    def _joined(
        self, word: str, part: Callable[[], Callable[[dict[str, Any]], bool]], combine: Callable[[Any], bool]
    ) -> Callable[[dict[str, Any]], bool]:
        """Parts joined by one operator word, true of a row as `combine` (any, all) of theirs."""
        parts = [part()]
        while self._peek() == word:
            self._take(word)
            parts.append(part())
        return lambda row: combine(p(row) for p in parts)

    def _atom(self) -> Callable[[dict[str, Any]], bool]:
        """A parenthesised filter, a startswith/substringof call, or 'column eq literal'."""
        if self._peek() == "(":
            self._take("(")
            inner = self._any()
            self._take(")")
            return inner
        word = self._take()
        if word.lower() in ("startswith", "substringof"):
            self._take("(")
            first, _, second = self._value(self._take()), self._take(","), self._value(self._take())
            self._take(")")
            if word.lower() == "startswith":
                return lambda row: (first(row) or "").startswith(second(row) or "\0")
            return lambda row: (second(row) or "").find(first(row) or "\0") >= 0
        left, _, right = self._value(word), self._take("eq"), self._value(self._take())
        return lambda row: left(row) is not None and left(row) == right(row)

    @staticmethod
    def _value(token: str) -> Callable[[dict[str, Any]], str | None]:
        """A literal, or a column ('fields/Title' on Graph, 'Title' on premises) read as text."""
        if token.startswith("'"):
            literal = token[1:-1].replace("''", "'")
            return lambda row: literal
        column = token.removeprefix("fields/")
        return lambda row: None if row.get(column) is None else str(row[column])


class SharePointDemo(DemoAdapter):
    """Azure AD and Microsoft Graph from the demo's sharepoint/<list>.json: filters and paging as Graph does."""

    BEARER = "demo-sharepoint-token"
    PAGE = 2  # few items per page, so paging is always exercised

    def __init__(self, demo: Demo, settings: SharePointSettings) -> None:
        super().__init__("sharepoint", demo)
        self.graph = urlsplit(settings.graph_api_url)
        aind, las = settings.aind_site_id, settings.las_site_id
        self.lists = {
            (aind, settings.nsb_2019_list_id): demo.load_json("sharepoint/nsb2019.json"),
            (aind, settings.nsb_2023_list_id): demo.load_json("sharepoint/nsb2023.json"),
            (aind, settings.nsb_present_list_id): demo.load_json("sharepoint/nsb_present.json"),
            (las, settings.las_2020_list_id): demo.load_json("sharepoint/las2020.json"),
        }

    def answer(self, request: requests.PreparedRequest) -> tuple[int, Any]:
        """Azure AD's discovery and token endpoints, or a page of list items."""
        if signed_in := demo_sign_in(request.url or "", self.BEARER):
            return signed_in
        url = urlsplit(request.url or "")
        if request.headers.get("Authorization") != f"Bearer {self.BEARER}":
            return 401, {"error": {"code": "InvalidAuthenticationToken", "message": "Access token is empty."}}
        found = re.fullmatch(re.escape(self.graph.path) + r"/sites/([^/]+)/lists/([^/]+)/items", url.path)
        rows = self.lists.get((found.group(1), found.group(2))) if found else None
        if rows is None:
            return 404, {"error": {"code": "itemNotFound", "message": "The resource could not be found."}}
        query = {k: v[0] for k, v in parse_qs(url.query).items()}
        if "$filter" in query and request.headers.get("Prefer") != PREFER:
            return 400, {
                "error": {
                    "code": "invalidRequest",
                    "message": "Field cannot be referenced in filter "
                    "or orderby as it is not indexed. Provide the 'Prefer' header to allow this.",
                }
            }
        try:
            keep = ODataFilter(query["$filter"]) if "$filter" in query else (lambda row: True)
        except ValueError:
            return 400, {"error": {"code": "invalidRequest", "message": "Invalid filter clause"}}
        kept = [r for r in rows if keep(r)]
        return 200, self._page(url._replace(query="").geturl(), query, kept)

    def _page(self, base: str, query: dict[str, str], rows: list[dict[str, Any]]) -> dict[str, Any]:
        """One page of items, with the next page's link as Graph gives it ($skiptoken)."""
        start, size = int(query.get("$skiptoken", 0)), min(int(query.get("$top", 200)), self.PAGE)
        expand = "fields" in (query.get("expand"), query.get("$expand"))
        page: dict[str, Any] = {
            "value": [{"id": r.get("id"), **({"fields": r} if expand else {})} for r in rows[start : start + size]]
        }
        if start + size < len(rows):
            page["@odata.nextLink"] = f"{base}?{urlencode({**query, '$skiptoken': start + size})}"
        return page


def demo_client(demo: Demo, cache: Cache | None = None) -> SharePointClient:
    """A Graph-mode client whose session the demo files serve, through the same token, query and paging code."""
    from aind_metadata_service.sources.sharepoint.demo import SharePointDemo

    settings = SharePointSettings.model_validate(
        {
            "SHAREPOINT_TENANT_ID": "demo-tenant",
            "SHAREPOINT_CLIENT_ID": "demo-client",
            "SHAREPOINT_CLIENT_SECRET": "demo-secret",
            "SHAREPOINT_AIND_SITE_ID": "demo-aind-site",
            "SHAREPOINT_LAS_SITE_ID": "demo-las-site",
            "SHAREPOINT_NSB_2019_LIST_ID": "demo-nsb-2019",
            "SHAREPOINT_NSB_2023_LIST_ID": "demo-nsb-2023",
            "SHAREPOINT_NSB_PRESENT_LIST_ID": "demo-nsb-present",
            "SHAREPOINT_LAS_2020_LIST_ID": "demo-las-2020",
        }
    )
    return SharePointClient(settings, session=http_session(SharePointDemo(demo, settings)))
