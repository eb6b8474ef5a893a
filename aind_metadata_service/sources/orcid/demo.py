"""The ORCID demo: expanded search over demo/data/orcid/expanded-search.json, summaries from orcid/summary/."""

from __future__ import annotations

import re
import unicodedata
from typing import Any
from urllib.parse import parse_qs, urlsplit

import requests

from aind_metadata_service.cache import Cache
from aind_metadata_service.demo.transport import Demo, DemoAdapter
from aind_metadata_service.sources.base import http_session
from aind_metadata_service.sources.orcid.client import OrcidClient
from aind_metadata_service.sources.orcid.search import ALLEN_DOMAIN
from aind_metadata_service.sources.orcid.settings import OrcidSettings

API, SUMMARY = "https://pub.orcid.demo/v3.0", "https://orcid.demo"
PHRASE = re.compile(r'"([^"]*)"')
SUMMARY_PATH = re.compile(r"/(\d{4}-\d{4}-\d{4}-\d{3}[\dX])/summary\.json")


def _plain(text: str) -> str:
    """Lower-case, unaccented text, as ORCID's index compares names."""
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)).lower()


class OrcidDemo(DemoAdapter):
    """Search: every quoted word must be in one of a record's names; the Allen clause keeps Allen affiliations."""

    def __init__(self, demo: Demo) -> None:
        super().__init__("orcid", demo)
        self.records: list[dict[str, Any]] = demo.load_json("orcid/expanded-search.json")["expanded-result"]
        self.folder = demo.data_dir / "orcid" / "summary"

    def answer(self, request: requests.PreparedRequest) -> tuple[int, Any]:
        """An expanded search or a summary; anything else is ORCID's 404."""
        url = urlsplit(request.url or "")
        summary = SUMMARY_PATH.fullmatch(url.path)
        if summary:
            found = self.folder / f"{summary.group(1)}.json"
            return (200, self.demo.load_json(f"orcid/summary/{found.name}")) if found.exists() else (404, {})
        if not url.path.endswith("/expanded-search/"):
            return 404, {"error-desc": "Not found"}
        query = {k: v[0] for k, v in parse_qs(url.query).items()}
        q = query.get("q", "")
        allen = "affiliation-org-name" in q
        words = [_plain(w) for w in PHRASE.findall(q.split(" AND (")[0])]
        hits = [r for r in self.records if all(w in self._words(r) for w in words) and (not allen or _allen(r))]
        hits = hits[: int(query.get("rows", 50))]
        return 200, {"expanded-result": hits or None, "num-found": len(hits)}

    @staticmethod
    def _words(record: dict[str, Any]) -> set[str]:
        """Every word of every name on a record."""
        names = [record.get("given-names"), record.get("family-names"), record.get("credit-name")]
        return {w for n in [*names, *(record.get("other-name") or [])] if n for w in _plain(n).split()}


def _allen(record: dict[str, Any]) -> bool:
    """Whether a record lists the Allen Institute as an affiliation or an alleninstitute.org address."""
    emails = record.get("email") or []
    return "Allen Institute" in (record.get("institution-name") or []) or any(
        e.endswith("@" + ALLEN_DOMAIN) for e in emails
    )


def demo_client(demo: Demo, cache: Cache | None = None) -> OrcidClient:
    """A client whose session is served by the demo files, through the same search and matching code."""
    settings = OrcidSettings.model_validate({"ORCID_API_URL": API, "ORCID_SUMMARY_URL": SUMMARY})
    return OrcidClient(settings, session=http_session(OrcidDemo(demo)), cache=cache)
