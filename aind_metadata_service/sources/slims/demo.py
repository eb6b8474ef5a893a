"""The SLIMS demo, at the transport: the same client and parsing as production, on the demo files."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import urlsplit

import requests

from aind_metadata_service.cache import Cache
from aind_metadata_service.demo.transport import Demo, DemoAdapter
from aind_metadata_service.sources.base import http_session
from aind_metadata_service.sources.slims.client import (
    SlimsClient,
)
from aind_metadata_service.sources.slims.criteria import Criterion


def _same(a: Any, b: Any) -> bool:
    """Equal as SLIMS compares a column with a criterion value (numbers may arrive as text)."""
    return a == b or (a is not None and b is not None and str(a) == str(b))


def _ordered(check: Callable[[Any, Any], bool]) -> Callable[[Any, Any], bool]:
    """A comparison that never holds for an empty column or values of different kinds."""

    def compare(a: Any, b: Any) -> bool:
        try:
            return a is not None and b is not None and check(a, b)
        except TypeError:
            return False

    return compare


_TESTS: dict[str, Callable[[Any, Criterion], bool]] = {
    "equals": lambda v, c: _same(v, c.get("value")),
    "inSet": lambda v, c: any(_same(v, x) for x in c.get("value") or []),
    "greaterOrEqual": lambda v, c: _ordered(lambda a, b: a >= b)(v, c.get("value")),
    "lessOrEqual": lambda v, c: _ordered(lambda a, b: a <= b)(v, c.get("value")),
    "betweenInclusive": lambda v, c: _ordered(lambda a, b: b[0] <= a <= b[1])(v, (c.get("start"), c.get("end"))),
}


class UnknownOperator(ValueError):
    """A criterion the reader does not know: SLIMS would refuse the request."""


def matches(row: Mapping[str, Any], criterion: Criterion | None) -> bool:
    """Whether a row (column name -> value) meets the criterion, as SLIMS decides it.

    :raises UnknownOperator: for an operator this reader does not implement.
    """
    if criterion is None:
        return True
    operator = criterion.get("operator")
    if operator in ("and", "or"):
        members = (matches(row, member) for member in criterion.get("criteria") or [])
        return all(members) if operator == "and" else any(members)
    if operator not in _TESTS:
        raise UnknownOperator(str(operator))
    return _TESTS[str(operator)](row.get(criterion.get("fieldName", "")), criterion)


# ---- the demo's SLIMS: REST answers from source-native files, criteria and paging honoured ----

_ADVANCED = re.compile(r"/rest/(\w+)/advanced")


def _sort_key(row: dict[str, Any], name: str) -> tuple[int, Any]:
    """Numbers before text before empty, as a database orders a column."""
    value = row.get(name)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return (0, value)
    return (1, str(value)) if value is not None else (2, "")


class SlimsDemoAdapter(DemoAdapter):
    """Answers {url}/rest/{Table}/advanced from demo/data/slims/<Table>.json as SLIMS would."""

    def answer(self, request: requests.PreparedRequest) -> tuple[int, Any]:
        """Filter the table by the body's criteria, sort by sortBy, then cut the page startRow..endRow."""
        found = _ADVANCED.search(urlsplit(request.url or "").path)
        if not str(request.headers.get("Authorization", "")).startswith("Basic "):
            return 401, {"message": "Authentication required"}
        if request.method != "GET" or found is None or not (self.demo.data_dir / "slims" / f"{found[1]}.json").exists():
            return 404, {"message": "Not found"}
        body = json.loads(request.body if isinstance(request.body, (bytes, str)) else b"{}")
        rows = [(e, {c["name"]: c.get("value") for c in e["columns"]}) for e in self._entities(found[1])]
        try:
            kept = [(e, row) for e, row in rows if matches(row, body.get("criteria"))]
        except UnknownOperator as e:
            return 400, {"message": f"Unknown operator {e}"}
        for name in reversed(body.get("sortBy") or []):
            kept.sort(key=lambda pair: _sort_key(pair[1], name.lstrip("-")), reverse=name.startswith("-"))
        start, end = body.get("startRow") or 0, body.get("endRow")
        return 200, {"entities": [e for e, _ in kept[start:end]]}

    def _entities(self, table: str) -> list[dict[str, Any]]:
        """The table's demo entities."""
        return list(self.demo.load_json(f"slims/{table}.json")["entities"])


def demo_client(demo: Demo, cache: Cache | None = None) -> SlimsClient:
    """A client whose transport is the demo's SLIMS: the same requests, criteria and paging as production."""
    session = http_session(SlimsDemoAdapter("slims", demo))
    return SlimsClient("https://slims.demo", "demo", "demo", timeout_s=10, session=session, page_size=50)
