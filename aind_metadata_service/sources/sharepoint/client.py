"""SharePoint: the surgery-request lists, read through Microsoft Graph (msal token) or on-premises REST (NTLM)."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, Literal

import requests
from pydantic import Field, SecretStr, model_validator
from requests_ntlm import HttpNtlmAuth

from aind_metadata_service.cache import Cache
from aind_metadata_service.settings import ConfigError, SourceSettings
from aind_metadata_service.sources.azure import LOGIN, AzureToken
from aind_metadata_service.sources.base import SourceError, get_json, http_session, odata_literal
from aind_metadata_service.sources.sharepoint.records import LIST_NAMES

log = logging.getLogger(__name__)

# Graph refuses a filter on a column that is not indexed unless asked to try anyway.
PREFER = "HonorNonIndexedQueriesWarningMayFailRandomly"
NOMETADATA = "application/json;odata=nometadata"
PAGE_SIZE = 200
MAX_PAGES = 50  # 10000 items for one subject is a wrong filter, not a colony
SUBJECT_COLUMNS = {  # the LabTracks id column of each NSB list
    "nsb2019": "LabTracks_x0020_ID",
    "nsb2023": "LabTracks_x0020_ID1",
    "nsb_present": "LabTracks_x0020_ID1",
}
LAS_SLOTS = tuple(f"nROID{n}" for n in range(1, 6))


class SharePointError(SourceError):
    """SharePoint (or its Azure AD sign-in) could not answer."""

    source = "SharePoint"


class SharePointSettings(SourceSettings):
    """SharePoint settings, with the original service's keys; SHAREPOINT_AUTH=ntlm reads an on-premises site."""

    title = "SharePoint"
    nsb_2019_list_id: str = Field(alias="SHAREPOINT_NSB_2019_LIST_ID")
    nsb_2023_list_id: str = Field(alias="SHAREPOINT_NSB_2023_LIST_ID")
    nsb_present_list_id: str = Field(alias="SHAREPOINT_NSB_PRESENT_LIST_ID")
    las_2020_list_id: str = Field(alias="SHAREPOINT_LAS_2020_LIST_ID")
    auth: Literal["graph", "ntlm"] = Field("graph", alias="SHAREPOINT_AUTH")
    # Microsoft Graph
    aind_site_id: str | None = Field(None, alias="SHAREPOINT_AIND_SITE_ID")
    las_site_id: str | None = Field(None, alias="SHAREPOINT_LAS_SITE_ID")
    tenant_id: str | None = Field(None, alias="SHAREPOINT_TENANT_ID")
    client_id: str | None = Field(None, alias="SHAREPOINT_CLIENT_ID")
    client_secret: SecretStr | None = Field(None, alias="SHAREPOINT_CLIENT_SECRET")
    graph_api_url: str = Field("https://graph.microsoft.com/v1.0", alias="SHAREPOINT_GRAPH_API_URL")
    scope: str = Field("https://graph.microsoft.com/.default", alias="SHAREPOINT_SCOPE")
    token_url: str | None = Field(None, alias="SHAREPOINT_TOKEN_URL")  # its authority is used; msal finds the rest
    # On-premises SharePoint REST with NTLM: the AIND site's URL, and the LAS site's when it is another site
    url: str | None = Field(None, alias="SHAREPOINT_URL")
    las_url: str | None = Field(None, alias="SHAREPOINT_LAS_URL")
    user: str | None = Field(None, alias="SHAREPOINT_USER")  # DOMAIN\\user
    password: SecretStr | None = Field(None, alias="SHAREPOINT_PASSWORD")
    timeout_s: float = Field(20.0, alias="SHAREPOINT_TIMEOUT_S", gt=0)

    @model_validator(mode="after")
    def _complete(self) -> SharePointSettings:
        """The chosen way in has every key it needs (raised as ConfigError, which names keys, not values)."""
        needed = {
            "graph": ("aind_site_id", "las_site_id", "tenant_id", "client_id", "client_secret"),
            "ntlm": ("url", "user", "password"),
        }[self.auth]
        missing = [type(self).model_fields[f].alias or f for f in needed if not getattr(self, f)]
        if missing:
            raise ConfigError(f"{self.title} is partly configured: {', '.join(missing)} missing")
        return self

    @property
    def authority(self) -> str:
        """The Azure AD authority: the original's token URL without its /oauth2 path, else the tenant's."""
        if self.token_url:
            return re.sub(r"/oauth2/.*$", "", self.token_url.rstrip("/"))
        return f"{LOGIN}/{self.tenant_id}"


@dataclass(frozen=True)
class SharePointList:
    """Where one list lives: the Graph site id (or the on-premises site URL) and the list id."""

    site: str
    list_id: str


def subject_filter(list_key: str, subject_id: str, graph: bool) -> str:
    """The server-side filter for a subject's items in one list.

    LAS requests name their subjects in the RO slots (nROID1-5, any requested procedure) and in Title,
    space-separated ("689418 689419"). Graph filters list items with eq and startswith only (no contains), so
    it gets the slots plus startswith(Title): every RO subject, the subject of a one-subject request (IP
    dosing), and the first of several; a non-RO request naming the subject later in its Title is the one case
    Graph cannot find. On premises, substringof(Title) finds any position. Both also match 6894181 for 689418,
    so `las_holds` then keeps exact slot ids and exact Title tokens only.
    """
    column = (lambda name: f"fields/{name}") if graph else (lambda name: name)
    value = odata_literal(subject_id)
    if list_key != "las2020":
        return f"{column(SUBJECT_COLUMNS[list_key])} eq {value}"
    slots = [f"{column(slot)} eq {value}" for slot in LAS_SLOTS]
    title = f"startswith({column('Title')},{value})" if graph else f"substringof({value},Title)"
    return " or ".join([*slots, title])


def las_holds(item: dict[str, Any], subject_id: str) -> bool:
    """Whether a LAS request is about the subject: an exact slot id or an exact Title token, never a substring."""
    slots = {str(item.get(slot) or "").strip() for slot in LAS_SLOTS}
    return subject_id in slots or subject_id in str(item.get("Title") or "").split()


class SharePointClient:
    """Reads a subject's items from one list, every page, on one reused session (and one msal app)."""

    def __init__(self, settings: SharePointSettings, session: requests.Session | None = None) -> None:
        self.settings = settings
        self.timeout_s = settings.timeout_s
        self.graph = settings.auth == "graph"
        self._session = session or http_session()
        self._azure: AzureToken | None = None  # Graph mode only, built on first use
        password = settings.password.get_secret_value() if settings.password else ""
        self._ntlm = None if self.graph else HttpNtlmAuth(settings.user, password)
        aind = settings.aind_site_id if self.graph else settings.url
        las = settings.las_site_id if self.graph else settings.las_url or settings.url
        self.lists = {
            "nsb2019": SharePointList(str(aind), settings.nsb_2019_list_id),
            "nsb2023": SharePointList(str(aind), settings.nsb_2023_list_id),
            "nsb_present": SharePointList(str(aind), settings.nsb_present_list_id),
            "las2020": SharePointList(str(las), settings.las_2020_list_id),
        }

    @classmethod
    def from_settings(cls, settings: SharePointSettings, cache: Cache | None = None) -> SharePointClient:
        """A client on a new session."""
        return cls(settings)

    def items(self, list_key: str, subject_id: str) -> list[dict[str, Any]]:
        """The subject's items of one list ('nsb2019', 'nsb2023', 'nsb_present', 'las2020'), as dicts keyed
        by internal column names (Graph: each item's fields), empty columns left out.

        :raises SharePointError: 503 when SharePoint or Azure AD is unreachable or refuses us, 500 otherwise.
        :raises KeyError: for a list key that is not one of the four.
        """
        where = self.lists[list_key]
        query = {"$filter": subject_filter(list_key, subject_id, self.graph), "$top": PAGE_SIZE}
        try:
            found = list(self._items(where, query))
        except SharePointError as e:  # say which list, for a 207 naming what is missing
            raise SharePointError(f"{e.message} ({LIST_NAMES[list_key]} list)", e.status) from None
        return [r for r in found if las_holds(r, subject_id)] if list_key == "las2020" else found

    def ping(self) -> None:
        """A token and one item of the NSB present list, for /healthz."""
        next(self._items(self.lists["nsb_present"], {"$top": 1}), None)

    def _items(self, where: SharePointList, query: dict[str, Any]) -> Iterator[dict[str, Any]]:
        """Every item on every page, in the one shape both APIs are mapped to."""
        if self.graph:
            url = f"{self.settings.graph_api_url.rstrip('/')}/sites/{where.site}/lists/{where.list_id}/items"
            for page in self._pages(url, {"expand": "fields", **query}, "@odata.nextLink", self._graph_headers):
                yield from (_fields(item) for item in page)
        else:
            url = f"{where.site.rstrip('/')}/_api/web/lists(guid'{where.list_id}')/items"
            for page in self._pages(url, query, "odata.nextLink", lambda: {"Accept": NOMETADATA}):
                yield from (_rest_fields(item) for item in page)

    def _pages(
        self, url: str, params: dict[str, Any] | None, next_key: str, headers: Callable[[], dict[str, str]]
    ) -> Iterator[list[Any]]:
        """Each page's items, following the next link to the last page (the original read only the first)."""
        for _ in range(MAX_PAGES):
            page = self._get(url, params, headers())
            if not isinstance(page, dict) or not isinstance(page.get("value"), list):
                raise SharePointError.failed("answered in an unexpected shape")
            yield page["value"]
            following = page.get(next_key)
            if not following:
                return
            url, params = str(following), None  # the link carries the query and the page token
        raise SharePointError.failed(f"returned more than {MAX_PAGES} pages for one query")

    def _get(self, url: str, params: dict[str, Any] | None, headers: dict[str, str]) -> Any:
        """One GET; an NTLM handshake the server does not complete is a rejection of our credentials."""
        try:
            return get_json(self._session, SharePointError, url, self.timeout_s, params, headers, self._ntlm)
        except PermissionError:  # requests-ntlm: the server sent no NTLM challenge
            raise SharePointError.unreachable("credentials rejected") from None

    def _graph_headers(self) -> dict[str, str]:
        """A bearer token (from msal's cache until it expires) and the consent to filter unindexed columns."""
        return {"Authorization": f"Bearer {self._token()}", "Prefer": PREFER, "Accept": "application/json"}

    def warm(self) -> None:
        """Sign in now (a worker at start-up, Graph only), so the first list read needs no token round trip."""
        if self.graph:
            self._token()

    def _token(self) -> str:
        """An Azure AD client-credentials token."""
        if self._azure is None:
            secret = self.settings.client_secret.get_secret_value() if self.settings.client_secret else ""
            self._azure = AzureToken(
                SharePointError,
                self._session,
                self.timeout_s,
                authority=self.settings.authority,
                client_id=str(self.settings.client_id),
                secret=secret,
                scope=self.settings.scope,
                scope_key="SHAREPOINT_SCOPE",
            )
        return self._azure.bearer()


def _fields(item: Any) -> dict[str, Any]:
    """A Graph item's columns (its "fields"), with the item id."""
    fields = item.get("fields") if isinstance(item, dict) else None
    if not isinstance(fields, dict):
        raise SharePointError.failed("answered with items without their fields")
    return {"id": str(item.get("id", "")), **fields}


def _rest_fields(item: Any) -> dict[str, Any]:
    """An on-premises item in Graph's spelling: empty columns left out, the REST API's "OData_" prefix removed."""
    if not isinstance(item, dict):
        raise SharePointError.failed("answered with items in an unexpected shape")
    found = {k.removeprefix("OData_"): v for k, v in item.items() if v is not None}
    if "Id" in found:
        found.setdefault("id", str(found["Id"]))
    return found
