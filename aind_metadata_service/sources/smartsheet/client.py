"""Smartsheet: the funding, perfusions, protocols and ExaSPIM sheets, fetched whole over REST, cached with a TTL."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import requests
from pydantic import Field, SecretStr

from aind_metadata_service import __version__
from aind_metadata_service.cache import Cache
from aind_metadata_service.settings import ConfigError, SourceSettings
from aind_metadata_service.sources.base import NotConfigured, SourceError, http_session, translated
from aind_metadata_service.sources.smartsheet.records import Row, Sheet

API_URL = "https://api.smartsheet.com/2.0"  # the EU, AU and Gov regions have their own hosts


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
    # The ExaSPIM sheets: their key columns, and the ones /procedures cannot do without.
    "exaspim_mouse_tracker": ("#", "Mouse ID", "Virus1", "Virus1 ID", "Virus1 Injection Date"),
    "exaspim_sample_tracking": ("Sample", "Status", "Processing Lead", "DCM Delipidation Start"),
    "exaspim_imaging_queue": ("Sample", "Imaging Start Date", "Imaging End Date"),
    "exaspim_qc": ("Sample",),
}
EXASPIM_SHEETS = ("exaspim_mouse_tracker", "exaspim_sample_tracking", "exaspim_imaging_queue", "exaspim_qc")
SHEETS = tuple(name for name in COLUMNS if name not in EXASPIM_SHEETS)
# Sheets read as Smartsheet displays them (the ExaSPIM service's rule): "822178", not 822178.0; "4.60E+13".
DISPLAYED = frozenset(EXASPIM_SHEETS)


class SmartsheetError(SourceError):
    """Smartsheet could not answer."""

    source = "Smartsheet"


@dataclass(frozen=True)
class SheetRef:
    """Where one sheet is and the token that may read it (SecretStr keeps it out of reprs and logs)."""

    id: int
    token: SecretStr


class ExaspimSettings(SourceSettings):
    """The four ExaSPIM sheets: optional as a group, one token for all four."""

    title = "Smartsheet ExaSPIM"
    api_token: SecretStr = Field(alias="SMARTSHEET_EXASPIM_API_TOKEN")
    mouse_tracker_id: int = Field(alias="SMARTSHEET_EXASPIM_MOUSE_TRACKER_ID")
    sample_tracking_id: int = Field(alias="SMARTSHEET_EXASPIM_SAMPLE_TRACKING_ID")
    imaging_queue_id: int = Field(alias="SMARTSHEET_EXASPIM_IMAGING_QUEUE_ID")
    qc_id: int = Field(alias="SMARTSHEET_EXASPIM_QC_ID")

    def sheets(self) -> dict[str, SheetRef]:
        """Each ExaSPIM sheet's id and the group's token."""
        ids = (self.mouse_tracker_id, self.sample_tracking_id, self.imaging_queue_id, self.qc_id)
        return {name: SheetRef(sheet_id, self.api_token) for name, sheet_id in zip(EXASPIM_SHEETS, ids, strict=True)}


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

    exaspim: ExaspimSettings | None = Field(None, exclude=True)

    @classmethod
    def keys(cls) -> list[str]:
        """Every key this source reads, the ExaSPIM group's included."""
        return [k for k in super().keys() if k != "exaspim"] + ExaspimSettings.keys()

    @classmethod
    def from_values(cls, values: Mapping[str, Any]) -> SmartsheetSettings | None:
        """The sheets' settings; the ExaSPIM sheets are an optional group read with the others.

        :raises ConfigError: when either group is partly set, or the ExaSPIM sheets are set without the others.
        """
        exaspim = ExaspimSettings.from_values(values)
        found = super().from_values(values)
        if found is None and exaspim is not None:
            missing = ", ".join(super().required_keys())
            raise ConfigError(f"{cls.title} is partly configured: {missing} missing (ExaSPIM is read with them)")
        return None if found is None else found.model_copy(update={"exaspim": exaspim})

    def sheets(self) -> dict[str, SheetRef]:
        """Each sheet's id and token, by our name for it (the ExaSPIM sheets when configured)."""
        found = {name: SheetRef(getattr(self, f"{name}_id"), getattr(self, f"{name}_api_token")) for name in SHEETS}
        return {**found, **(self.exaspim.sheets() if self.exaspim else {})}


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


def _cell_value(cell: Mapping[str, Any], displayed: bool = False) -> Any:
    """A cell's value, the display value when there is none (some formula columns); or the display value first."""
    first, then = ("displayValue", "value") if displayed else ("value", "displayValue")
    value = cell.get(first)
    return cell.get(then) if value is None else value


def parse_sheet(name: str, payload: Any) -> Sheet:
    """A whole-sheet answer as rows keyed by column title; rows with no value at all are dropped.

    :raises SmartsheetError: 500 naming the sheet when the JSON is not a sheet.
    """
    titles, displayed = _column_titles(name, payload), name in DISPLAYED
    rows: Sheet = []
    for row in payload["rows"]:
        cells = row.get("cells") if isinstance(row, dict) else None
        if not isinstance(cells, list):
            raise _malformed(name, "a row without cells")
        parsed: Row = dict.fromkeys(titles.values())
        for cell in cells:
            title = titles.get(cell.get("columnId")) if isinstance(cell, dict) else None
            if title is not None:
                parsed[title] = _cell_value(cell, displayed)
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
        """The named sheet's rows (a name in COLUMNS), from the cache when fresh.

        Concurrent misses load it once (the cache's single flight). Callers must not change the rows.
        :raises SmartsheetError: 503 when Smartsheet is unreachable or rejects the token, 500 otherwise.
        :raises NotConfigured: 503 for an ExaSPIM sheet when this deployment has none.
        """
        ref = self._ref(name)
        return self._cache.get_or_load(f"smartsheet:{ref.id}", self.cache_ttl_s, lambda: self._load(name, ref))

    def has(self, name: str) -> bool:
        """Whether this deployment has the named sheet (the ExaSPIM sheets are optional)."""
        return name in self._sheets

    def ping(self) -> None:
        """Each sheet's version, a tiny documented call that checks every token and sheet id, for /healthz."""
        for ref in self._sheets.values():
            self._get(f"/sheets/{ref.id}/version", ref)

    def _ref(self, name: str) -> SheetRef:
        """The named sheet's id and token."""
        if name in EXASPIM_SHEETS and name not in self._sheets:
            raise NotConfigured("ExaSPIM (Smartsheet)")
        if name not in self._sheets:
            raise ValueError(f"unknown sheet {name!r}; expected one of {', '.join(COLUMNS)}")
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
        with translated(SmartsheetError, self.timeout_s) as timeout:
            response = self._session.get(self.api_url + path, headers=headers, timeout=timeout)
            if response.status_code == 429:  # Smartsheet's rate limit: try again later, not our fault
                raise SmartsheetError.unreachable("is rate limiting requests (HTTP 429)")
            response.raise_for_status()
            return response.json()


# The demo's files, by our name for each sheet: whole-sheet answers in the native shape.
