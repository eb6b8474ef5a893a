"""A Python client for the service; it needs only `requests` (pip install "aind-metadata-service[client]")."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from urllib.parse import quote

import requests

DateLike = str | date | datetime | None


def _iso(value: DateLike) -> str | None:
    """A date as the service reads it."""
    return value.isoformat() if isinstance(value, (date, datetime)) else value


class AindMetadataServiceClient:
    """Calls the service's routes and returns each `requests.Response` as it comes (check `.status_code`).

    Allen Institute domains: http://aind-metadata-service (production), http://aind-metadata-service-dev.
    """

    def __init__(self, domain: str, timeout: float = 60.0, session: requests.Session | None = None) -> None:
        if not domain:
            raise TypeError("domain is required, e.g. AindMetadataServiceClient(domain='http://aind-metadata-service')")
        self.domain = domain.rstrip("/")
        self.timeout = timeout
        self.session = session or requests.Session()

    def _get(self, *segments: str, params: dict[str, Any] | None = None) -> requests.Response:
        """GET a route; every path segment is quoted, so names with '/' or spaces arrive whole."""
        path = "/".join(quote(str(s), safe="") for s in segments)
        query = {k: _iso(v) for k, v in (params or {}).items() if v is not None}
        return self.session.get(f"{self.domain}/{path}", params=query, timeout=self.timeout)

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


def _range(start_date_gte: DateLike, end_date_lte: DateLike) -> dict[str, DateLike]:
    """The SLIMS routes' date range parameters."""
    return {"start_date_gte": start_date_gte, "end_date_lte": end_date_lte}
