"""The TARS demo: the Azure AD token and TARS' search endpoints served from the demo's answer files."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlsplit

import requests

from aind_metadata_service.cache import Cache
from aind_metadata_service.demo.transport import Demo, DemoAdapter
from aind_metadata_service.sources.azure import demo_sign_in
from aind_metadata_service.sources.base import http_session
from aind_metadata_service.sources.tars.client import PAGE_SIZE, TarsClient, TarsSettings


class TarsDemo(DemoAdapter):
    """Azure AD and TARS from the demo's tars/*.json: substring search, id order and paging, as TARS does."""

    TOKEN = "demo-tars-token"

    def __init__(self, demo: Demo) -> None:
        super().__init__("tars", demo)
        self.tables = {f"/api/v1/{n}": demo.load_json(f"tars/{n}.json")["data"] for n in ("ViralPrepLots", "Viruses")}

    def answer(self, request: requests.PreparedRequest) -> tuple[int, Any]:
        """The token endpoints, or a search; anything else is TARS' 404."""
        if signed_in := demo_sign_in(request.url or "", self.TOKEN):
            return signed_in
        url = urlsplit(request.url or "")
        if request.headers.get("Authorization") != f"Bearer {self.TOKEN}":
            return 401, {"message": "Unauthorized"}
        if url.path not in self.tables:
            return 404, {"message": "Not Found"}
        query = {k: v[0] for k, v in parse_qs(url.query).items()}
        return 200, _page(self.tables[url.path], query)


def _values(record: Any, path: list[str]) -> list[str]:
    """The text values at a dotted path, through lists: 'aliases.name' gives every alias name."""
    if isinstance(record, list):
        return [v for item in record for v in _values(item, path)]
    if not path:
        return [] if record is None else [str(record)]
    return _values(record.get(path[0]) if isinstance(record, dict) else None, path[1:])


def _page(rows: list[dict[str, Any]], query: dict[str, str]) -> dict[str, Any]:
    """One page of a search, shaped as TARS answers it."""
    search, fields = query.get("search", "").lower(), query.get("searchFields", "")
    found = [r for r in rows if not search or any(search in v.lower() for v in _values(r, fields.split(".")))]
    found.sort(key=lambda r: str(r.get(query.get("orderBy", "id"), "")), reverse=query.get("order", "1") != "1")
    size, number = min(int(query.get("pageSize", 10)), PAGE_SIZE), int(query.get("page", 0))
    return {
        "data": found[number * size : (number + 1) * size],
        "totalCount": len(found),
        "pageSize": size,
        "page": number,
        "morePages": (number + 1) * size < len(found),
        **{k: query[k] for k in ("orderBy", "order", "search", "searchFields") if k in query},
    }


def demo_client(demo: Demo, cache: Cache | None = None) -> TarsClient:
    """A client whose session is served by the demo files, through the same token and search code."""
    keys = ("TENANT_ID", "CLIENT_ID", "CLIENT_SECRET", "SCOPE", "RESOURCE")
    values = ("demo-tenant", "demo-client", "demo-secret", "api://tars.demo/.default", "https://tars.demo")
    settings = TarsSettings.model_validate({f"TARS_{k}": v for k, v in zip(keys, values, strict=True)})
    return TarsClient(settings, session=http_session(TarsDemo(demo)), cache=cache)
