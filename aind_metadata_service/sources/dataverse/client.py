"""The Dataverse Web API (OData v4) with an Azure AD client-credentials token: every query, page and failure."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any, TypeVar
from urllib.parse import urlsplit

import requests
from pydantic import BaseModel

from aind_metadata_service.cache import Cache
from aind_metadata_service.sources.azure import AzureToken
from aind_metadata_service.sources.base import HttpClient, SourceError, odata_literal, shaped, translated
from aind_metadata_service.sources.dataverse import rows as joined
from aind_metadata_service.sources.dataverse.odata import FilterError, checked_columns, checked_filter
from aind_metadata_service.sources.dataverse.records import (
    Attribute,
    ChangeLog,
    FundingCode,
    Mouse,
    MouseWeightRecord,
    Project,
    Table,
    WaterRestrictionRecord,
)
from aind_metadata_service.sources.dataverse.settings import DataverseSettings

M = TypeVar("M", bound=BaseModel)
HEADERS = {
    "Accept": "application/json",
    "OData-Version": "4.0",
    "OData-MaxVersion": "4.0",
    "Prefer": 'odata.include-annotations="OData.Community.Display.V1.FormattedValue"',
}
MICE = "aibs_dim_mices"
WEIGHTS = "aibs_fact_mouse_weight_recordses"
RESTRICTIONS = "aibs_fact_mouse_water_restrictions"
CHANGES = "aibs_fact_mouse_water_restriction_change_logs"
PROJECTS, CODES = "cr138_projects", "cr138_funding_codes"
CODE_PROJECTS = "cr138_projects_cr138_funding_codes"  # the N:N relationship, also its navigation property
LOOKUP_TYPES = {"Lookup", "Owner", "Customer"}  # columns the Web API names _<column>_value


class DataverseError(SourceError):
    """Dataverse (or its Azure AD sign-in) could not answer."""

    source = "Dataverse"


class BadQuery(DataverseError):
    """The caller's columns or filter are not allowed, or Dataverse refused a query built from them: 400."""

    def __init__(self, message: str) -> None:
        super().__init__(message, 400)


def _typed(model: type[M], rows: list[dict[str, Any]]) -> list[M]:
    """Rows typed; a shape the code does not expect is Dataverse's 500, named."""
    with shaped(DataverseError, "answered with rows"):
        return [model.model_validate(r) for r in rows]


class DataverseClient(HttpClient):
    """Reads Dataverse tables with a reused session and token; slow-changing answers are cached."""

    settings: DataverseSettings

    def __init__(
        self, settings: DataverseSettings, session: requests.Session | None = None, cache: Cache | None = None
    ) -> None:
        super().__init__(settings, session, cache)
        self._azure = AzureToken.client_credentials(
            DataverseError, self._session, self.timeout_s, settings, settings.token_scope, "DATAVERSE_SCOPE"
        )

    # --- the routes' questions ------------------------------------------------------------------------

    def tables(self) -> list[dict[str, Any]]:
        """Every table: entityid, entitysetname, name and logicalname, cached for the tables TTL.

        :raises DataverseError: 503 when Dataverse or Azure AD is unreachable or refuses us, 500 otherwise.
        """

        def load() -> list[dict[str, Any]]:
            rows = self.query("entities", select="entityid,entitysetname,name,logicalname")
            return [t.model_dump() for t in _typed(Table, rows)]

        return self._cache.get_or_load("dataverse:tables", self.settings.tables_ttl_s, load)

    def columns(self, logical_name: str) -> list[str]:
        """The names a query may use for a table's columns (a lookup as _<column>_value), cached.

        :raises DataverseError: as tables.
        """

        def load() -> list[str]:
            path = f"EntityDefinitions(LogicalName={odata_literal(logical_name)})/Attributes"
            attributes = _typed(Attribute, self.query(path, select="LogicalName,AttributeType,AttributeOf"))
            return sorted(_queryable(a) for a in attributes if not a.attribute_of)

        return self._cache.get_or_load(f"dataverse:columns:{logical_name}", self.settings.tables_ttl_s, load)

    def table(self, entity_set: str, columns: str | None = None, filter: str | None = None) -> list[dict] | None:
        """A table's rows, metadata keys stripped; None when no table has that entity set name.

        The columns and filter are checked against the table's columns and the filter grammar first; what is
        sent is rebuilt from the parsed filter.

        :raises BadQuery: 400 naming what is wrong with columns or filter, before the table is queried.
        :raises DataverseError: as tables.
        """
        with _bad_query("columns"):
            checked_columns(columns) if columns else None  # the grammar first: malformed text costs no call at all
        with _bad_query("filter"):
            checked_filter(filter) if filter else None
        found = next((t for t in self.tables() if t["entitysetname"] == entity_set), None)
        if found is None:
            return None
        known = self.columns(found["logicalname"])
        with _bad_query("columns"):
            select = checked_columns(columns, known) if columns else None
        with _bad_query("filter"):
            where = checked_filter(filter, known) if filter else None
        key = f"dataverse:table:{entity_set}:{select}:{where}"

        def load() -> list[dict[str, Any]]:
            return joined.strip_metadata(self.query(entity_set, select=select, filter=where))

        return self._cache.get_or_load(key, self.settings.tables_ttl_s, load)

    def mouse_weights(self, subject_id: str, day: date | None = None) -> list[MouseWeightRecord]:
        """A mouse's weighings, on one day when given.

        :raises DataverseError: as tables.
        """
        where = f"aibs_mouse_id/aibs_mouse_id eq {odata_literal(subject_id)}"
        if day is not None:
            start, end = joined.weight_window(day)
            where += f" and cr138_datetime ge {start} and cr138_datetime lt {end}"
        return _typed(MouseWeightRecord, self.query(WEIGHTS, filter=where))

    def water_restriction(self, mouse_id: str) -> list[dict[str, Any]]:
        """The mouse's water-restriction rows, as upstream's SQL join gives them; [] for an unknown mouse.

        :raises DataverseError: as tables.
        """
        by_id = f"aibs_mouse_id eq {odata_literal(mouse_id)}"
        mice = _typed(Mouse, self.query(MICE, select="aibs_dim_miceid,aibs_mouse_id", filter=by_id))
        rows: list[dict[str, Any]] = []
        for mouse in mice:
            by_mouse = f"_aibs_mouse_id_value eq {mouse.row_id}"
            active = odata_literal(joined.ACTIVE)
            records = _typed(WaterRestrictionRecord, self.query(RESTRICTIONS, filter=by_mouse))
            changed = f"{by_mouse} and (aibs_new_value eq {active} or aibs_old_value eq {active})"
            changes = _typed(ChangeLog, self.query(CHANGES, filter=changed))
            rows += joined.water_restriction_rows(mouse, records, changes)
        return rows

    def funding(self) -> list[dict[str, Any]]:
        """Every funding row (project, code, institution, grant, one fundee, one investigator), cached.

        :raises DataverseError: as tables.
        """

        def load() -> list[dict[str, Any]]:
            users = "($select=fullname)"
            projects = self.query(
                PROJECTS,
                select="cr138_projectid,cr138_project,cr138_sub_project",
                expand=f"cr138_projects_systemuser{users}",
            )
            codes = self.query(
                CODES,
                select="cr138_grant,cr138_funding_code,_cr138_funding_institution_value",
                expand=f"{CODE_PROJECTS}($select=cr138_projectid),cr138_funding_codes_systemuser{users}",
            )
            return joined.funding_rows(_typed(Project, projects), _typed(FundingCode, codes))

        return self._cache.get_or_load("dataverse:funding", self.settings.funding_ttl_s, load)

    def warm(self) -> None:
        """Sign in now (a worker at start-up), so the first query needs no token round trip."""
        self._azure.bearer()

    def ping(self) -> None:
        """A token and one row of the table list, uncached, for /healthz."""
        self._get(f"{self.settings.api}/entities", {"$select": "entityid", "$top": "1"})

    # --- the Web API -----------------------------------------------------------------------------------

    def query(
        self, entity_set: str, select: str | None = None, filter: str | None = None, expand: str | None = None
    ) -> list[dict[str, Any]]:
        """Every row of one query, following @odata.nextLink to the end (on the environment's host only).

        :raises DataverseError: 503 when unreachable or refused, 400 when Dataverse rejects the query, else 500.
        """
        params = {k: v for k, v in (("$select", select), ("$filter", filter), ("$expand", expand)) if v}
        url: str | None = f"{self.settings.api}/{entity_set}"
        rows: list[dict[str, Any]] = []
        for _ in range(self.settings.max_pages):
            page = self._get(url or "", params)
            rows += page.get("value", [])
            url, params = page.get("@odata.nextLink"), {}  # the next link carries the whole query
            if not url:
                return rows
            if urlsplit(url).netloc != urlsplit(self.settings.environment_url).netloc:
                raise DataverseError.failed("sent a next page on another host; it was not followed")
        raise DataverseError.failed(f"answered with more than {self.settings.max_pages} pages")

    def _get(self, url: str, params: dict[str, str]) -> dict[str, Any]:
        """One authorised GET of a JSON object."""
        headers = {**HEADERS, "Authorization": f"Bearer {self._azure.bearer()}"}
        with translated(DataverseError, self.timeout_s) as timeout:
            response = self._session.get(url, params=params, headers=headers, timeout=timeout)
            if response.status_code == 400:
                raise BadQuery("Dataverse rejected the query (HTTP 400); check the filter's literal types")
            response.raise_for_status()
            body = response.json()
        if not isinstance(body, dict):
            raise DataverseError.failed("answered with unreadable data")
        return body


def _queryable(attribute: Attribute) -> str:
    """The name the Web API uses for a column in $select and $filter."""
    if attribute.attribute_type in LOOKUP_TYPES:
        return f"_{attribute.logical_name}_value"
    return attribute.logical_name


@contextmanager
def _bad_query(parameter: str) -> Iterator[None]:
    """Turn the grammar's FilterError into our 400, naming the query parameter."""
    try:
        yield
    except FilterError as e:
        raise BadQuery(f"{parameter}: {e}") from None
