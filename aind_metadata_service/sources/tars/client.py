"""TARS: the viral-prep registry, a REST API behind Azure AD, read with an msal client-credentials token."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import requests
from pydantic import Field, SecretStr

from aind_metadata_service.cache import MISS, Cache
from aind_metadata_service.settings import BaseUrl, SourceSettings
from aind_metadata_service.sources.azure import AzureToken
from aind_metadata_service.sources.base import HttpClient, SourceError, get_json, shaped
from aind_metadata_service.sources.tars.records import Page, PrepLot, Record, Virus

log = logging.getLogger(__name__)

LOTS = "/api/v1/ViralPrepLots"
VIRUSES = "/api/v1/Viruses"
PAGE_SIZE = 50  # the largest page TARS is known to serve
MAX_PAGES = 100  # a search matching more than 5000 records is a wrong search, not a prep lot
MISS_TTL_S = 60.0  # a lot entered a minute ago should not stay "not found" for an hour
# Azure AD's token errors that mean our settings are wrong, and what to say about each.


class TarsError(SourceError):
    """TARS (or its Azure AD sign-in) could not answer."""

    source = "TARS"


class TarsSettings(SourceSettings):
    """TARS settings, with the original service's keys."""

    title = "TARS"
    tenant_id: str = Field(alias="TARS_TENANT_ID")
    client_id: str = Field(alias="TARS_CLIENT_ID")
    client_secret: SecretStr = Field(alias="TARS_CLIENT_SECRET")
    scope: str = Field(alias="TARS_SCOPE")
    resource: BaseUrl = Field(alias="TARS_RESOURCE")  # the API's base URL
    timeout_s: float = Field(10.0, alias="TARS_TIMEOUT_S", gt=0)
    cache_ttl_s: float = Field(3600.0, alias="TARS_CACHE_TTL_S", ge=0)


def _typed(model: type[Record], raw: Any) -> Any:
    """A record typed; a shape the code does not expect is TARS' 500, named."""
    with shaped(TarsError, "answered with records"):
        return model.model_validate(raw)


class TarsClient(HttpClient):
    """Searches prep lots and viruses with a reused session and token; answers are cached."""

    settings: TarsSettings

    def __init__(
        self, settings: TarsSettings, session: requests.Session | None = None, cache: Cache | None = None
    ) -> None:
        super().__init__(settings, session, cache)
        self._azure = AzureToken.client_credentials(
            TarsError, self._session, self.timeout_s, settings, settings.scope, "TARS_SCOPE"
        )

    def prep_lots(self, lot: str) -> list[PrepLot]:
        """Every prep lot named `lot`, compared case-insensitively (TARS itself searches substrings).

        :raises TarsError: 503 when TARS or Azure AD is unreachable or refuses us, 500 otherwise.
        """
        key = lot.strip()

        def load() -> list[dict[str, Any]]:
            found = [_typed(PrepLot, r) for r in self._search(LOTS, "lot", key)]
            return [p.model_dump(by_alias=True) for p in found if p.lot.strip().lower() == key.lower()]

        return [_typed(PrepLot, r) for r in self._cached(f"tars:lots:{key.lower()}", load)]

    def virus(self, alias: str) -> Virus | None:
        """The virus with this alias (exactly, ignoring case), or None.

        :raises TarsError: 503 when TARS or Azure AD is unreachable or refuses us, 500 otherwise.
        """

        def load() -> list[dict[str, Any]]:
            found = [_typed(Virus, r) for r in self._search(VIRUSES, "aliases.name", alias)]
            exact = [v for v in found if any((a.name or "").lower() == alias.lower() for a in v.aliases)]
            return [exact[0].model_dump(by_alias=True)] if exact else []

        hits = self._cached(f"tars:virus:{alias.lower()}", load)
        return _typed(Virus, hits[0]) if hits else None

    def lot_records(self, lot: str) -> list[tuple[PrepLot, Virus | None]]:
        """Each lot named `lot` with its virus, one call after the other (for a /procedures fan-out task).

        :raises TarsError: as prep_lots and virus.
        """
        lots = self.prep_lots(lot)
        viruses = {a: self.virus(a) for a in dict.fromkeys(p.virus_alias for p in lots) if a}
        return [(p, viruses.get(p.virus_alias or "")) for p in lots]

    def ping(self) -> None:
        """A token and one small page, uncached, for /healthz."""
        self._get(LOTS, {"order": 1, "orderBy": "id", "pageSize": 1, "page": 0})

    def _cached(self, key: str, load: Callable[[], list[dict[str, Any]]]) -> list[dict[str, Any]]:
        """A cached answer; what was found is kept for TARS_CACHE_TTL_S, a miss only briefly."""
        hit = self._cache.get(key)
        if hit is not MISS:
            return hit
        value = load()
        self._cache.set(key, value, self.settings.cache_ttl_s if value else min(MISS_TTL_S, self.settings.cache_ttl_s))
        return value

    def _search(self, path: str, field: str, value: str) -> list[dict[str, Any]]:
        """Every page of a search (the original read only the first)."""
        params: dict[str, Any] = {"order": 1, "orderBy": "id", "searchFields": field, "search": value}
        rows: list[dict[str, Any]] = []
        for number in range(MAX_PAGES):
            page = _typed(Page, self._get(path, {**params, "pageSize": PAGE_SIZE, "page": number}))
            rows += page.data
            if not page.more_pages or not page.data:
                return rows
        raise TarsError.failed(f"matched more than {MAX_PAGES * PAGE_SIZE} records for {value!r}")

    def _get(self, path: str, params: dict[str, Any]) -> Any:
        """One authorised GET."""
        headers = {"Authorization": f"Bearer {self._token()}"}
        return get_json(self._session, TarsError, self.settings.resource + path, self.timeout_s, params, headers)

    def warm(self) -> None:
        """Sign in now (a worker at start-up), so the first lookup needs no token round trip."""
        self._token()

    def _token(self) -> str:
        """An Azure AD client-credentials token."""
        return self._azure.bearer()
