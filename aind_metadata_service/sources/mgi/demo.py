"""The MGI demo, at the transport: the same client and parsing as production, on the demo files."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import parse_qs, urlsplit

import requests

from aind_metadata_service.cache import Cache
from aind_metadata_service.demo.transport import Demo, DemoAdapter
from aind_metadata_service.sources.base import http_session
from aind_metadata_service.sources.mgi.client import (
    EMPTY,
    MgiClient,
    MgiSettings,
)


def slug(name: str) -> str:
    """A demo file name for an allele name: 'Ai93(TITL-GCaMP6f)' is 'ai93-titl-gcamp6f'."""
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


class MgiDemo(DemoAdapter):
    """The quick search from the demo's mgi/<slug>.json answers; an official symbol finds its row too."""

    def __init__(self, demo: Demo) -> None:
        super().__init__("mgi", demo)
        folder = demo.data_dir / "mgi"
        self.answers = {p.stem: demo.load_json(f"mgi/{p.name}") for p in sorted(folder.glob("*.json"))}

    def answer(self, request: requests.PreparedRequest) -> tuple[int, Any]:
        """The stored answer for the query, or the row whose symbol is the query, or MGI's empty answer."""
        query = {k: v[0] for k, v in parse_qs(urlsplit(request.url or "").query).items()}
        phrase = query.get("query", "").strip()
        found = self.answers.get(slug(phrase)) or self._by_symbol(phrase) or EMPTY
        start, size = int(query.get("startIndex", 0)), int(query.get("results", 100))
        return 200, {**found, "summaryRows": found["summaryRows"][start : start + size]}

    def _by_symbol(self, phrase: str) -> dict[str, Any] | None:
        """What MGI answers when the query is an official symbol."""
        for answer in self.answers.values():
            for row in answer["summaryRows"]:
                if row.get("symbol", "").lower() == phrase.lower() and phrase:
                    hit = {**row, "bestMatchType": "Symbol", "bestMatchText": row["symbol"]}
                    return {"summaryRows": [hit], "totalCount": 1, "meta": None}
        return None


def demo_client(demo: Demo, cache: Cache | None = None) -> MgiClient:
    """A client whose session is served by the demo files."""
    settings = MgiSettings.model_validate({"MGI_URL": "https://mgi.demo/quicksearch/alleleBucket"})
    return MgiClient(settings, session=http_session(MgiDemo(demo)), cache=cache)
