"""MGI: the public Mouse Genome Informatics quick search, asked for one allele at a time."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import parse_qs, urlsplit

import requests
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from aind_metadata_service.cache import Cache
from aind_metadata_service.demo.transport import Demo, DemoAdapter
from aind_metadata_service.mappers.mgi import to_pid_name
from aind_metadata_service.settings import SourceSettings
from aind_metadata_service.sources.base import SourceError, SourceSpec, get_json, http_session

PING_ALLELE = "Ai14"
EMPTY: dict[str, Any] = {"summaryRows": [], "totalCount": 0, "meta": None}  # MGI's answer when nothing matches


class MgiError(SourceError):
    """MGI could not answer."""

    source = "MGI"


class MgiSettings(SourceSettings):
    """MGI settings, with the original service's key; MGI is public, so every key has a default."""

    title = "MGI"
    url: str = Field("https://www.informatics.jax.org/quicksearch/alleleBucket", alias="MGI_URL")
    timeout_s: float = Field(10.0, alias="MGI_TIMEOUT_S", gt=0)
    cache_ttl_s: float = Field(86400.0, alias="MGI_CACHE_TTL_S", ge=0)


class SummaryRow(BaseModel):
    """One quick-search row, with MGI's own field names; the ones we read must be present."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    detailUri: str | None
    stars: str | None
    bestMatchType: str | None
    bestMatchText: str | None = None
    symbol: str | None
    name: str | None = None
    featureType: str | None = None


class QuickSearch(BaseModel):
    """A quick-search answer."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    summaryRows: list[SummaryRow]
    totalCount: int | None = None


class MgiClient:
    """Looks alleles up with a reused session; answers are cached for a day (MGI changes slowly)."""

    def __init__(
        self, settings: MgiSettings, session: requests.Session | None = None, cache: Cache | None = None
    ) -> None:
        self.settings = settings
        self.timeout_s = settings.timeout_s
        self.deadline_s = settings.timeout_s * 3 + 1  # a backstop for one lookup, its retries included
        self._session = session or http_session()
        self._cache = cache or Cache()

    @classmethod
    def from_settings(cls, settings: MgiSettings, cache: Cache | None = None) -> MgiClient:
        """A client on a new session; pass the app's shared cache."""
        return cls(settings, cache=cache)

    def allele(self, name: str) -> dict[str, Any] | None:
        """The allele's PIDName (symbol, MGI id), or None when MGI has no exact match for the name.

        :raises MgiError: 503 when MGI is unreachable, 500 when it answers with an error or garbage.
        """
        key = name.strip()

        def load() -> list[dict[str, Any]]:
            rows = self._search(key).summaryRows
            found = to_pid_name(rows[0]) if rows else None
            return [found] if found else []  # a list, so that "no such allele" is cached too

        hits = self._cache.get_or_load(f"mgi:allele:{key}", self.settings.cache_ttl_s, load)
        return hits[0] if hits else None

    def ping(self) -> None:
        """One uncached search, for /healthz."""
        self._search(PING_ALLELE)

    def _search(self, query: str) -> QuickSearch:
        """The first row of an exact-phrase allele search."""
        params = {"queryType": "exactPhrase", "query": query, "submit": "Quick Search", "startIndex": 0, "results": 1}
        body = get_json(self._session, MgiError, self.settings.url, self.timeout_s, params=params)
        try:
            return QuickSearch.model_validate(body)
        except ValidationError:
            raise MgiError.failed("answered in an unexpected shape") from None


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


SPEC = SourceSpec(
    name="mgi", title="MGI", settings=MgiSettings, build=MgiClient.from_settings, demo=demo_client, cached=True
)
