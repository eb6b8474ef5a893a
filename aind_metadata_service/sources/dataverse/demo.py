"""The Dataverse demo: Azure AD and the Web API answered from demo/data/dataverse/<entity set>.json."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import requests

from aind_metadata_service.cache import Cache
from aind_metadata_service.demo.transport import Demo, DemoAdapter
from aind_metadata_service.sources.azure import demo_sign_in
from aind_metadata_service.sources.base import http_session
from aind_metadata_service.sources.dataverse.client import DataverseClient
from aind_metadata_service.sources.dataverse.odata import Comparison, FilterError, Node, parse
from aind_metadata_service.sources.dataverse.records import FORMATTED
from aind_metadata_service.sources.dataverse.settings import DataverseSettings

ENVIRONMENT = "https://aind-demo.crm.dynamics.com"
API_PATH = "/api/data/v9.2/"
TOKEN = "demo-dataverse-token"
PAGE_SIZE = 5  # small, so that the demo's answers exercise @odata.nextLink
ATTRIBUTES = re.compile(r"EntityDefinitions\(LogicalName='(\w+)'\)/Attributes")
LOOKUP = re.compile(r"_(\w+)_value")
EXPAND_ITEM = re.compile(r"\w+(?:\([^)]*\))?")  # one navigation property of $expand, with its options


class DataverseDemo(DemoAdapter):
    """The Web API's GETs over the demo tables: $filter (our grammar), $select, paging; $expand is recorded."""

    def __init__(self, demo: Demo) -> None:
        super().__init__("dataverse", demo)
        folder = demo.data_dir / "dataverse"
        self.sets = {p.stem: demo.load_json(f"dataverse/{p.name}")["value"] for p in sorted(folder.glob("*.json"))}
        self.logical = {t["logicalname"]: t["entitysetname"] for t in self.sets["entities"]}

    def answer(self, request: requests.PreparedRequest) -> tuple[int, Any]:
        """Sign-in, table metadata, or one page of an entity set; anything else is the Web API's 404."""
        signed_in = demo_sign_in(request.url or "", TOKEN)
        if signed_in is not None:
            return signed_in
        if request.headers.get("Authorization") != f"Bearer {TOKEN}":
            return 401, {"error": {"code": "0x80072560", "message": "The user is not a member of the organization."}}
        url = urlsplit(request.url or "")
        path = url.path.split(API_PATH, 1)[-1]
        query = {k: v[0] for k, v in parse_qs(url.query).items()}
        attributes = ATTRIBUTES.fullmatch(path)
        if attributes:
            return 200, {"value": self._attributes(attributes.group(1))}
        if path not in self.sets:
            return 404, {"error": {"code": "0x80060888", "message": f"Resource not found for the segment '{path}'."}}
        try:
            tree = parse(query["$filter"]) if query.get("$filter") else None  # once, not once per row
            rows = [r for r in self.sets[path] if tree is None or _holds(tree, r)]
        except FilterError as e:
            return 400, {"error": {"code": "0x80060888", "message": str(e)}}
        shown = [_selected(r, query.get("$select"), query.get("$expand")) for r in rows]
        return 200, self._page(url.path, query, shown)

    def _attributes(self, logical_name: str) -> list[dict[str, Any]]:
        """A table's columns, read off its demo rows: _x_value keys are lookups named x."""
        rows = self.sets.get(self.logical.get(logical_name, ""), [])
        keys = dict.fromkeys(k for r in rows for k in r if "@" not in k)
        return [
            {"LogicalName": m.group(1), "AttributeType": "Lookup", "AttributeOf": None}
            if (m := LOOKUP.fullmatch(k))
            else {"LogicalName": k, "AttributeType": "String", "AttributeOf": None}
            for k in keys
        ]

    def _page(self, path: str, query: dict[str, str], rows: list[dict[str, Any]]) -> dict[str, Any]:
        """One page, with the link to the next as Dataverse gives it."""
        start = int(query.get("$skiptoken", 0))
        size = min(int(query.get("$top", PAGE_SIZE)), PAGE_SIZE)
        context = f"{ENVIRONMENT}{API_PATH}$metadata#{path.rsplit('/', 1)[-1]}"
        page: dict[str, Any] = {"@odata.context": context, "value": rows[start : start + size]}
        if start + size < len(rows) and "$top" not in query:
            page["@odata.nextLink"] = f"{ENVIRONMENT}{path}?" + urlencode({**query, "$skiptoken": start + size})
        return page


def _selected(row: dict[str, Any], select: str | None, expand: str | None) -> dict[str, Any]:
    """The row's $select columns with their annotations, and the $expand navigation properties (recorded)."""
    expanded = {part.split("(")[0] for part in EXPAND_ITEM.findall(expand or "")}
    row = {k: v for k, v in row.items() if not isinstance(v, list) or k in expanded}
    if not select:
        return row
    wanted = set(select.split(",")) | expanded | {"@odata.etag"}
    return {k: v for k, v in row.items() if k.split("@")[0] in wanted or k in wanted}


def _value(literal: Comparison) -> Any:
    """A literal's Python value."""
    if literal.kind == "string":
        return literal.literal[1:-1].replace("''", "'")
    if literal.kind == "number":
        return float(literal.literal)
    if literal.kind == "constant":
        return {"true": True, "false": False, "null": None}[literal.literal]
    return literal.literal.lower()  # a date-time (ISO, Z) or a GUID compares as text


def _column(row: dict[str, Any], member: str) -> Any:
    """A row's value for a column, or for lookup/column through the lookup's display name."""
    if "/" in member:
        return row.get(f"_{member.split('/')[0]}_value{FORMATTED}")
    value = row.get(member)
    return value.lower() if isinstance(value, str) and LOOKUP.fullmatch(member) else value


def _holds(node: Node, row: dict[str, Any]) -> bool:
    """Whether the row satisfies the filter."""
    if not isinstance(node, Comparison):
        results = (_holds(operand, row) for operand in node.operands)
        return all(results) if node.op == "and" else any(results)
    left, right = _column(row, node.member), _value(node)
    if node.op in ("eq", "ne"):
        return (left == right) == (node.op == "eq")
    if left is None or right is None:
        return False
    if isinstance(right, float):
        left = float(left)
    elif isinstance(left, str):
        left = left.lower()
    ordered = {"gt": left > right, "ge": left >= right, "lt": left < right, "le": left <= right}
    return ordered[node.op]


def demo_client(demo: Demo, cache: Cache | None = None) -> DataverseClient:
    """A client whose session is served by the demo files, through the same token, query and paging code."""
    keys = ("TENANT_ID", "CLIENT_ID", "CLIENT_SECRET", "ENVIRONMENT_URL")
    values = ("demo-tenant", "demo-client", "demo-secret", ENVIRONMENT)
    settings = DataverseSettings.model_validate({f"DATAVERSE_{k}": v for k, v in zip(keys, values, strict=True)})
    return DataverseClient(settings, session=http_session(DataverseDemo(demo)), cache=cache)
