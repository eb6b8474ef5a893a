"""A Python client for the service; it needs only `requests` (pip install "./[client]" in a clone)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any
from urllib.parse import quote

import requests

from aind_metadata_service.client_models import models
from aind_metadata_service.client_strict import MetadataServiceError, check, data

__all__ = ["AindMetadataServiceClient", "MetadataServiceError", "check", "data", "models"]

DateLike = str | date | datetime | None
V2 = ("api", "v2")


def _iso(value: DateLike) -> str | None:
    """A date as the service reads it."""
    return value.isoformat() if isinstance(value, (date, datetime)) else value


class AindMetadataServiceClient:
    """Calls the service's routes and returns each `requests.Response` as it comes (check `.status_code`).

    With `strict=True`, an answer that is not clean raises `MetadataServiceError` instead: 207 (a source
    failed), 300 (several records), 406 (fails validation) and every 4xx and 5xx. `data(response)` and
    `models(response)` read one answer strictly either way.

    Allen Institute domains: http://aind-metadata-service (production), http://aind-metadata-service-dev.
    """

    def __init__(
        self, domain: str, timeout: float = 60.0, session: requests.Session | None = None, strict: bool = False
    ) -> None:
        if not domain:
            raise TypeError("domain is required, e.g. AindMetadataServiceClient(domain='http://aind-metadata-service')")
        self.domain = domain.rstrip("/")
        self.timeout = timeout
        self.session = session or requests.Session()
        self.strict = strict

    def _url(self, segments: tuple[str, ...]) -> str:
        """The route's URL; every path segment is quoted, so names with '/' or spaces arrive whole."""
        return f"{self.domain}/" + "/".join(quote(str(s), safe="") for s in segments)

    def _done(self, response: requests.Response) -> requests.Response:
        """The response, checked when the client is strict."""
        return check(response) if self.strict else response

    def _get(self, *segments: str, params: dict[str, Any] | None = None) -> requests.Response:
        """GET a route, leaving out unset query parameters."""
        query = {k: _iso(v) for k, v in (params or {}).items() if v is not None}
        return self._done(self.session.get(self._url(segments), params=query, timeout=self.timeout))

    def get_subject(self, subject_id: str) -> requests.Response:
        """The subject from LabTracks, with alleles from MGI."""
        return self._get("subject", subject_id)

    def get_procedures(self, subject_id: str) -> requests.Response:
        """Every procedure the lab's systems record for the subject."""
        return self._get("procedures", subject_id)

    def get_intended_measurements(self, subject_id: str) -> requests.Response:
        """Intended measurements per fiber, from the NSB surgery lists."""
        return self._get("intended_measurements", subject_id)

    def get_injection_materials(self, prep_lot_number: str) -> requests.Response:
        """A viral prep lot from TARS, as a ViralMaterial."""
        return self._get("tars_injection_materials", prep_lot_number)

    def get_perfusions(self, subject_id: str) -> requests.Response:
        """Perfusions recorded in the Smartsheet perfusions sheet."""
        return self._get("perfusions", subject_id)

    def get_protocols(self, protocol_name: str) -> requests.Response:
        """A protocol's DOI and version by its exact name."""
        return self._get("protocols", protocol_name)

    def get_funding(self, project_name: str) -> requests.Response:
        """Funding of "Project" (all its subprojects) or "Project - Subproject"."""
        return self._get("funding", project_name)

    def get_investigators(self, project_name: str) -> requests.Response:
        """Investigators of "Project" or "Project - Subproject", as Person records."""
        return self._get("investigators", project_name)

    def get_project_names(self) -> requests.Response:
        """Every project name the funding sheet knows."""
        return self._get("project_names")

    def get_mgi_allele(self, allele_name: str) -> requests.Response:
        """An allele's MGI identifier."""
        return self._get("mgi_allele", allele_name)

    def get_ecephys_sessions(
        self,
        subject_id: str | None = None,
        session_name: str | None = None,
        start_date_gte: DateLike = None,
        end_date_lte: DateLike = None,
    ) -> requests.Response:
        """Ecephys sessions from SLIMS (the original client called a route that no longer existed)."""
        params = {"subject_id": subject_id, "session_name": session_name}
        return self._get("slims", "ecephys_sessions", params={**params, **_range(start_date_gte, end_date_lte)})

    def get_smartspim_imaging(
        self, subject_id: str | None = None, start_date_gte: DateLike = None, end_date_lte: DateLike = None
    ) -> requests.Response:
        """SmartSPIM imaging records from SLIMS."""
        params = {"subject_id": subject_id, **_range(start_date_gte, end_date_lte)}
        return self._get("slims", "smartspim_imaging", params=params)

    def get_histology(
        self, subject_id: str | None = None, start_date_gte: DateLike = None, end_date_lte: DateLike = None
    ) -> requests.Response:
        """Histology specimen procedures from SLIMS."""
        params = {"subject_id": subject_id, **_range(start_date_gte, end_date_lte)}
        return self._get("slims", "histology", params=params)

    def get_water_restriction(
        self, subject_id: str | None = None, start_date_gte: DateLike = None, end_date_lte: DateLike = None
    ) -> requests.Response:
        """Water restriction records from SLIMS."""
        params = {"subject_id": subject_id, **_range(start_date_gte, end_date_lte)}
        return self._get("slims", "water_restriction", params=params)

    def get_instrument(self, instrument_id: str, partial_match: bool = False) -> requests.Response:
        """An instrument from DocDB, validated as aind-data-schema's Instrument (300 when several versions match)."""
        return self._get("instrument", instrument_id, params={"partial_match": _flag(partial_match)})

    # /api/v2: bare bodies, no envelope, as the published client 2.12.2 reads them.

    def post_instrument(
        self, instrument: Mapping[str, Any], replace: bool = False, token: str | None = None
    ) -> requests.Response:
        """Store an instrument version in DocDB; writes need the service's bearer token."""
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        url = self._url((*V2, "instrument"))
        params = {"replace": _flag(replace)}
        return self._done(self.session.post(url, json=instrument, params=params, headers=headers, timeout=self.timeout))

    def get_healthcheck(self) -> requests.Response:
        """`{"status": "OK", "service_version": ...}` when the service answers."""
        return self._get(*V2, "healthcheck")

    def get_dataverse_tables(self) -> requests.Response:
        """Every Dataverse table: entityid, entitysetname, name and logicalname."""
        return self._get(*V2, "dataverse", "tables")

    def get_dataverse_table(
        self, entity_set_table_name: str, columns: str | None = None, filter: str | None = None
    ) -> requests.Response:
        """A Dataverse table's rows; `columns` ("a,b") and `filter` (OData, e.g. "cr138_project eq 'X'")."""
        params = {"columns": columns, "filter": filter}
        return self._get(*V2, "dataverse", "tables", entity_set_table_name, params=params)

    def get_mouse_weight_records(self, subject_id: str, acquisition_datetime: DateLike = None) -> requests.Response:
        """A mouse's weighings from Dataverse, on the day of `acquisition_datetime` when given."""
        params = {"acquisition_datetime": acquisition_datetime}
        return self._get(*V2, "dataverse", "mouse_weight_records", subject_id, params=params)

    def get_dataverse_water_restriction(self, mouse_id: str) -> requests.Response:
        """A mouse's water-restriction records from Dataverse."""
        return self._get(*V2, "dataverse", "water_restriction", params={"mouse_id": mouse_id})

    def get_dataverse_funding(self) -> requests.Response:
        """Every funding row in Dataverse."""
        return self._get(*V2, "dataverse", "funding")

    def get_smartsheet_funding(self) -> requests.Response:
        """Every row of the Smartsheet funding sheet, raw."""
        return self._get(*V2, "smartsheet", "funding")

    def get_orcid(self, name: str) -> requests.Response:
        """A person's ORCID iD by full name, when the match is definitive."""
        return self._get(*V2, "orcid", name)

    def get_active_directory_user(self, username: str) -> requests.Response:
        """A user's login, full name and e-mail from Active Directory."""
        return self._get(*V2, "active_directory", username)


def _flag(value: bool) -> str | None:
    """A boolean query flag: "true", or left out when false (the service's default)."""
    return "true" if value else None


def _range(start_date_gte: DateLike, end_date_lte: DateLike) -> dict[str, DateLike]:
    """The SLIMS routes' date range parameters."""
    return {"start_date_gte": start_date_gte, "end_date_lte": end_date_lte}
