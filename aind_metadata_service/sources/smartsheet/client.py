"""Smartsheet: the funding, perfusions and protocols sheets, each fetched whole over REST and cached with a TTL."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import requests
from pydantic import Field, SecretStr

from aind_metadata_service import __version__
from aind_metadata_service.cache import Cache
from aind_metadata_service.settings import SourceSettings
from aind_metadata_service.sources.base import SourceError, http_session, translated

API_URL = "https://api.smartsheet.com/2.0"  # the EU, AU and Gov regions have their own hosts

# A row: the sheet's column titles to the cells' values, parsed once per fetch. JSON-native, so it can be cached.
Row = dict[str, Any]
Sheet = list[Row]

# The columns each sheet must have: a renamed column fails here, naming the sheet, instead of mapping to None.
COLUMNS: dict[str, tuple[str, ...]] = {
    "funding": ("Project Name", "Subproject", "Funding Institution", "Grant Number", "Fundees", "Investigators"),
    "perfusions": (
        "subject id",
        "date",
        "experimenter",
        "iacuc protocol",
        "animal weight prior (g)",
        "Output specimen id(s)",
        "Notes",
    ),
    "protocols": ("Protocol Type", "Procedure name", "Protocol name", "DOI", "Version", "Protocol collection"),
}
SHEETS = tuple(COLUMNS)


class SmartsheetError(SourceError):
    """Smartsheet could not answer."""

    source = "Smartsheet"


class SmartsheetSettings(SourceSettings):
    """Smartsheet settings with the original service's keys: a token and an id per sheet."""

    title = "Smartsheet"
    funding_api_token: SecretStr = Field(alias="SMARTSHEET_FUNDING_API_TOKEN")
    funding_id: int = Field(alias="SMARTSHEET_FUNDING_ID")
    perfusions_api_token: SecretStr = Field(alias="SMARTSHEET_PERFUSIONS_API_TOKEN")
    perfusions_id: int = Field(alias="SMARTSHEET_PERFUSIONS_ID")
    protocols_api_token: SecretStr = Field(alias="SMARTSHEET_PROTOCOLS_API_TOKEN")
    protocols_id: int = Field(alias="SMARTSHEET_PROTOCOLS_ID")
    api_url: str = Field(API_URL, alias="SMARTSHEET_API_URL")
    timeout_s: float = Field(20.0, alias="SMARTSHEET_TIMEOUT_S", gt=0)
    cache_ttl_s: float = Field(300.0, alias="SMARTSHEET_CACHE_TTL_S", ge=0)

    def sheets(self) -> dict[str, SheetRef]:
        """Each sheet's id and token, by our name for it."""
        return {name: SheetRef(getattr(self, f"{name}_id"), getattr(self, f"{name}_api_token")) for name in SHEETS}


@dataclass(frozen=True)
class SheetRef:
    """Where one sheet is and the token that may read it (SecretStr keeps it out of reprs and logs)."""

    id: int
    token: SecretStr


def _malformed(name: str, why: str) -> SourceError:
    """The 500 for a sheet whose JSON is not a sheet."""
    return SmartsheetError.failed(f"sent a malformed {name} sheet ({why})")


def _column_titles(name: str, payload: Any) -> dict[Any, str]:
    """columnId -> title, built once per fetch; the sheet's expected columns must all be there.

    :raises SmartsheetError: 500 naming the sheet when the JSON has no columns or lacks one we read.
    """
    columns = payload.get("columns") if isinstance(payload, dict) else None
    if not isinstance(columns, list) or not isinstance(payload.get("rows"), list):
        raise _malformed(name, "no columns or rows")
    titles = {c.get("id"): c["title"] for c in columns if isinstance(c, dict) and isinstance(c.get("title"), str)}
    missing = [t for t in COLUMNS[name] if t not in titles.values()]
    if missing:
        raise _malformed(name, f"missing column{'s' * (len(missing) > 1)} {', '.join(repr(t) for t in missing)}")
    return titles


def _cell_value(cell: Mapping[str, Any]) -> Any:
    """A cell's value; the display value when there is no value (e.g. some formula columns)."""
    value = cell.get("value")
    return cell.get("displayValue") if value is None else value


def parse_sheet(name: str, payload: Any) -> Sheet:
    """A whole-sheet answer as rows keyed by column title; rows with no value at all are dropped.

    :raises SmartsheetError: 500 naming the sheet when the JSON is not a sheet.
    """
    titles = _column_titles(name, payload)
    rows: Sheet = []
    for row in payload["rows"]:
        cells = row.get("cells") if isinstance(row, dict) else None
        if not isinstance(cells, list):
            raise _malformed(name, "a row without cells")
        parsed: Row = dict.fromkeys(titles.values())
        for cell in cells:
            title = titles.get(cell.get("columnId")) if isinstance(cell, dict) else None
            if title is not None:
                parsed[title] = _cell_value(cell)
        if any(v not in (None, "") for v in parsed.values()):
            rows.append(parsed)
    return rows


class SmartsheetClient:
    """Reads whole sheets over the Smartsheet REST API; a sheet is fetched at most once per TTL, shared by all."""

    def __init__(
        self,
        sheets: Mapping[str, SheetRef],
        api_url: str = API_URL,
        timeout_s: float = 20.0,
        cache_ttl_s: float = 300.0,
        cache: Cache | None = None,
        session: requests.Session | None = None,
    ) -> None:
        self._sheets = dict(sheets)
        self.api_url = api_url.rstrip("/")
        self.timeout_s = timeout_s
        self.cache_ttl_s = cache_ttl_s
        self._cache = cache if cache is not None else Cache()
        self._session = session if session is not None else http_session()

    @classmethod
    def from_settings(cls, settings: SmartsheetSettings, cache: Cache | None = None) -> SmartsheetClient:
        """A client from the settings; pass the app's cache so workers (through Redis) share the sheets."""
        return cls(settings.sheets(), settings.api_url, settings.timeout_s, settings.cache_ttl_s, cache)

    def sheet(self, name: str) -> Sheet:
        """The named sheet's rows ("funding", "perfusions" or "protocols"), from the cache when fresh.

        Concurrent misses load it once (the cache's single flight). Callers must not change the rows.
        :raises SmartsheetError: 503 when Smartsheet is unreachable or rejects the token, 500 otherwise.
        """
        ref = self._ref(name)
        return self._cache.get_or_load(f"smartsheet:{ref.id}", self.cache_ttl_s, lambda: self._load(name, ref))

    def ping(self) -> None:
        """Each sheet's version, a tiny documented call that checks every token and sheet id, for /healthz."""
        for ref in self._sheets.values():
            self._get(f"/sheets/{ref.id}/version", ref)

    def _ref(self, name: str) -> SheetRef:
        """The named sheet's id and token."""
        if name not in self._sheets:
            raise ValueError(f"unknown sheet {name!r}; expected one of {', '.join(SHEETS)}")
        return self._sheets[name]

    def _load(self, name: str, ref: SheetRef) -> Sheet:
        """Fetch the whole sheet and parse it once."""
        return parse_sheet(name, self._get(f"/sheets/{ref.id}", ref))

    def _get(self, path: str, ref: SheetRef) -> Any:
        """GET one JSON answer with the sheet's bearer token; every failure becomes a SmartsheetError."""
        headers = {
            "Authorization": f"Bearer {ref.token.get_secret_value()}",
            "Accept": "application/json",
            "User-Agent": f"aind-metadata-service/{__version__}",
        }
        with translated(SmartsheetError, self.timeout_s):
            response = self._session.get(self.api_url + path, headers=headers, timeout=self.timeout_s)
            if response.status_code == 429:  # Smartsheet's rate limit: try again later, not our fault
                raise SmartsheetError.unreachable("is rate limiting requests (HTTP 429)")
            response.raise_for_status()
            return response.json()


# The demo's files, by our name for each sheet: whole-sheet answers in the native shape.
