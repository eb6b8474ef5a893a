"""The ORCID public API's expanded search and orcid.org's summaries: one name to at most one iD."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypeVar

from pydantic import BaseModel

from aind_metadata_service.fanout import Fanout
from aind_metadata_service.sources.base import HttpClient, SourceError, get_json, shaped
from aind_metadata_service.sources.orcid import search
from aind_metadata_service.sources.orcid.records import ExpandedSearch, Summary
from aind_metadata_service.sources.orcid.settings import OrcidSettings

M = TypeVar("M", bound=BaseModel)
ROWS = 50  # one page of hits is plenty: a name with more is not going to be definitive
PING_QUERY = '"Allen" AND "Institute"'


class OrcidError(SourceError):
    """ORCID could not answer."""

    source = "ORCID"


def _typed(model: type[M], body: Any) -> M:
    """An answer typed; a shape the code does not expect is ORCID's 500, named."""
    with shaped(OrcidError):
        return model.model_validate(body)


class OrcidClient(HttpClient):
    """Finds iDs with a reused session; each name's outcome, "not found" included, is cached for a day."""

    settings: OrcidSettings

    @property
    def deadline_s(self) -> float:
        """A backstop for one name: two searches and a few summaries."""
        return self.timeout_s * 3

    def orcid_id(self, name: str) -> str | None:
        """The person's iD when exactly one match is found, else None (a one-word name is never looked up).

        :raises OrcidError: 503 when ORCID is unreachable, 500 when it answers with an error or garbage.
        """
        words = search.tokens(name)
        if len(words) < 2:
            return None
        key = "orcid:" + " ".join(w.lower() for w in words)
        found = self._cache.get_or_load(key, self.settings.cache_ttl_s, lambda: {"orcid": self._find(name)})
        return found["orcid"]  # a dict, so that "no iD" is cached as distinctly as an iD

    def orcid_ids(self, names: Iterable[str], fanout: Fanout) -> tuple[dict[str, str | None], bool]:
        """Each name's iD, looked up concurrently within `deadline_s`, and whether every look-up succeeded."""
        gathered = fanout.map(self.orcid_id, list(names), self.deadline_s, source="orcid")
        found: dict[str, str | None] = {n: gathered.results.get(n) for n in names}
        return found, not gathered.failures

    def ping(self) -> None:
        """One small uncached search, for /healthz."""
        self._search(PING_QUERY, rows=1)

    def _find(self, name: str) -> str | None:
        """Search 1 (with the Allen clause); if it is not definitive, search 2 and the summaries' e-mail domains."""
        words = search.tokens(name)
        first = [r.orcid_id for r in self._hits(search.query(words, allen=True)) if search.matches(r, name)]
        if len(first) == 1:
            return first[0]
        second = [r.orcid_id for r in self._hits(search.query(words, allen=False)) if search.matches(r, name)]
        if not 1 <= len(second) <= search.MAX_SUMMARIES:
            return None
        at_allen = [i for i in dict.fromkeys(second) if search.at_allen(self._summary(i))]
        return at_allen[0] if len(at_allen) == 1 else None

    def _hits(self, q: str) -> list[Any]:
        """A search's hits ([] when ORCID says null)."""
        return self._search(q).expanded_result or []

    def _search(self, q: str, rows: int = ROWS) -> ExpandedSearch:
        """One expanded search."""
        url = f"{self.settings.api_url}/expanded-search/"
        body = get_json(self._session, OrcidError, url, self.timeout_s, {"q": q, "rows": rows}, self._headers())
        return _typed(ExpandedSearch, body)

    def _summary(self, orcid: str) -> Summary:
        """A record's public summary."""
        url = f"{self.settings.summary_url}/{orcid}/summary.json"
        return _typed(Summary, get_json(self._session, OrcidError, url, self.timeout_s, headers=self._headers()))

    def _headers(self) -> dict[str, str]:
        """JSON, and the read-public token when one is configured."""
        headers = {"Accept": "application/json"}
        if self.settings.token is not None:
            headers["Authorization"] = f"Bearer {self.settings.token.get_secret_value()}"
        return headers
