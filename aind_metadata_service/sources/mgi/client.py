"""MGI: the public Mouse Genome Informatics quick search, asked for one allele at a time."""

from __future__ import annotations

import threading
from typing import Any

from cachetools import TTLCache
from pydantic import Field

from aind_metadata_service.cache import MISS
from aind_metadata_service.settings import SourceSettings
from aind_metadata_service.sources.base import HttpClient, SourceError, get_json, shaped
from aind_metadata_service.sources.mgi.records import QuickSearch, SummaryRow

PING_ALLELE = "Ai14"
RECENT_S = 60.0  # how long a process keeps the rows it read in memory (the shared cache keeps them a day)
RECENT_SIZE = 4096
EMPTY: dict[str, Any] = {"summaryRows": [], "totalCount": 0, "meta": None}  # MGI's answer when nothing matches


def _key(name: str) -> str:
    """The cache key of an allele's row."""
    return f"mgi:row:{name}"


class MgiError(SourceError):
    """MGI could not answer."""

    source = "MGI"


class MgiSettings(SourceSettings):
    """MGI settings, with the original service's key; MGI is public, so every key has a default."""

    title = "MGI"
    url: str = Field("https://www.informatics.jax.org/quicksearch/alleleBucket", alias="MGI_URL")
    timeout_s: float = Field(10.0, alias="MGI_TIMEOUT_S", gt=0)
    cache_ttl_s: float = Field(86400.0, alias="MGI_CACHE_TTL_S", ge=0)


class MgiClient(HttpClient):
    """Looks alleles up with a reused session; answers are cached for a day (MGI changes slowly).

    The rows a process read last stay in its memory for a minute (RECENT_S, RECENT_SIZE at most), so the alleles
    of a subject asked again are not read from the shared cache and parsed each time.
    """

    settings: MgiSettings

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._recent: TTLCache[str, SummaryRow | None] = TTLCache(RECENT_SIZE, RECENT_S)
        self._recent_lock = threading.Lock()  # cachetools' caches are not thread-safe

    def allele(self, name: str) -> SummaryRow | None:
        """The best row of an exact-phrase search for the name, or None when MGI has none; cached, misses too.

        :raises MgiError: 503 when MGI is unreachable, 500 when it answers with an error or garbage.
        """
        key = name.strip()

        def load() -> dict[str, Any] | None:
            rows = self._search(key).summaryRows
            return rows[0].model_dump() if rows else None

        row = self._recalled(key)
        if row is MISS:  # the shared cache is read by get_or_load itself, once
            found = self._cache.get_or_load(_key(key), self.settings.cache_ttl_s, load)
            row = self._remember(key, SummaryRow.model_validate(found) if found else None)
        return row

    def cached(self, name: str) -> SummaryRow | None | Any:
        """What `allele` would answer from the cache alone, without asking MGI: MISS when it is not cached."""
        key = name.strip()
        if (row := self._recalled(key)) is not MISS:
            return row
        found = self._cache.get(_key(key))
        return found if found is MISS else self._remember(key, SummaryRow.model_validate(found) if found else None)

    def _recalled(self, key: str) -> SummaryRow | None | Any:
        """The row this process read for the key within the last minute, or MISS."""
        with self._recent_lock:
            return self._recent.get(key, MISS)

    def _remember(self, key: str, row: SummaryRow | None) -> SummaryRow | None:
        """Keep a row (or "MGI has none") in this process's memory for a while."""
        with self._recent_lock:
            self._recent[key] = row
        return row

    def ping(self) -> None:
        """One uncached search, for /healthz."""
        self._search(PING_ALLELE)

    def _search(self, query: str) -> QuickSearch:
        """The first row of an exact-phrase allele search."""
        params = {"queryType": "exactPhrase", "query": query, "submit": "Quick Search", "startIndex": 0, "results": 1}
        body = get_json(self._session, MgiError, self.settings.url, self.timeout_s, params=params)
        with shaped(MgiError):
            return QuickSearch.model_validate(body)
