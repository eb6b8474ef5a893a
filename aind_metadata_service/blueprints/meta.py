"""The service's own routes: the search page (health is in web/health.py; OpenAPI is served by flask-smorest)."""

from __future__ import annotations

from typing import Any

from flask import Response, render_template
from flask_smorest import Blueprint

from aind_metadata_service import __version__
from aind_metadata_service.openapi import json_response
from aind_metadata_service.render import v2

bp = Blueprint("meta", __name__, description="The search page")


def _field(name: str, example: str, required: bool = True, label: str = "") -> dict[str, Any]:
    """One input of the search page."""
    return {"name": name, "example": example, "required": required, "label": label or name}


_SUBJECT = [_field("subject_id", "775745")]
_RANGE = [
    _field("subject_id", "775745", False),
    _field("start_date_gte", "2025-01-01", False),
    _field("end_date_lte", "2025-12-31", False),
]
_QUERY = ["subject_id", "session_name", "start_date_gte", "end_date_lte", "partial_match"]
_V2_QUERY = ["columns", "filter", "acquisition_datetime", "mouse_id", "subject_id", "protocol_number"]
# One search box per data route: (title, path, fields).
FORMS = [
    ("Subject", "subject/{subject_id}", _SUBJECT),
    ("Procedures", "procedures/{subject_id}", _SUBJECT),
    ("Intended measurements", "intended_measurements/{subject_id}", _SUBJECT),
    ("Perfusions", "perfusions/{subject_id}", _SUBJECT),
    (
        "Injection materials (TARS)",
        "tars_injection_materials/{prep_lot_number}",
        [_field("prep_lot_number", "VT3214G")],
    ),
    ("Protocol", "protocols/{protocol_name}", [_field("protocol_name", "Injection of Viral Tracers by Nanoject V.4")]),
    ("Funding", "funding/{project_name}", [_field("project_name", "Thalamus in the middle - Project 1")]),
    ("Investigators", "investigators/{project_name}", [_field("project_name", "Thalamus in the middle - Project 1")]),
    ("Project names", "project_names", []),
    ("MGI allele", "mgi_allele/{allele_name}", [_field("allele_name", "Ai93(TITL-GCaMP6f)")]),
    ("Ecephys sessions (SLIMS)", "slims/ecephys_sessions", [*_RANGE, _field("session_name", "", False)]),
    ("SmartSPIM imaging (SLIMS)", "slims/smartspim_imaging", _RANGE),
    ("Histology (SLIMS)", "slims/histology", _RANGE),
    ("Water restriction (SLIMS)", "slims/water_restriction", _RANGE),
    (
        "Instrument (DocDB)",
        "instrument/{instrument_id}",
        [_field("instrument_id", "440_SmartSPIM1_20240327"), _field("partial_match", "false", False)],
    ),
]

# The routes only /api/v2 has (the 2026 sources and the raw rows): their forms always ask in that dialect.
V2_FORMS = [
    ("LabTracks rows (V2)", "labtracks/subject", [_field("subject_id", "775745")]),
    ("LabTracks rows by protocol (V2)", "labtracks/subject_by_protocol_number", [_field("protocol_number", "2115")]),
    ("ExaSPIM sheets (V2)", "smartsheet/exaspim_procedures/{subject_id}", [_field("subject_id", "790233")]),
    ("Funding sheet rows (V2)", "smartsheet/funding", []),
    ("Dataverse tables (V2)", "dataverse/tables", []),
    (
        "Dataverse table (V2)",
        "dataverse/tables/{entity_set_table_name}",
        [
            _field("entity_set_table_name", "aibs_dim_mices"),
            _field("columns", "aibs_mouse_id", False),
            _field("filter", "aibs_mouse_id eq '775745'", False),
        ],
    ),
    (
        "Mouse weights (Dataverse, V2)",
        "dataverse/mouse_weight_records/{subject_id}",
        [_field("subject_id", "775745"), _field("acquisition_datetime", "2025-03-10T00:00:00Z", False)],
    ),
    ("Water restriction (Dataverse, V2)", "dataverse/water_restriction", [_field("mouse_id", "775745")]),
    ("Funding (Dataverse, V2)", "dataverse/funding", []),
    ("ORCID iD (V2)", "orcid/{name}", [_field("name", "Sofia Marchetti")]),
    ("Active Directory user (V2)", "active_directory/{username}", [_field("username", "jane.doe")]),
]


HTML = {"description": "An HTML page", "content": {"text/html": {"schema": {"type": "string"}}}}
HEALTHCHECK = {
    "type": "object",
    "required": ["status", "service_version"],
    "properties": {"status": {"const": "OK"}, "service_version": {"type": "string"}},
}


@bp.route("/")
@bp.doc(summary="A search page with a box per endpoint", responses={"200": HTML})
def index() -> str:
    """The search page."""
    forms: list[dict[str, Any]] = [{"title": t, "path": p, "fields": f, "query": _QUERY} for t, p, f in FORMS]
    forms += [{"title": t, "path": p, "fields": f, "query": _V2_QUERY, "v2": True} for t, p, f in V2_FORMS]
    return render_template("index.html", version=__version__, forms=forms)


@v2.bp.route("/healthcheck")
@v2.bp.doc(
    summary="The service is up, and its version, as client 2.12.2's HealthcheckApi reads it",
    responses={"200": json_response("The service answers", HEALTHCHECK)},
)
def healthcheck() -> Response:
    """`{"status": "OK", "service_version": ...}`: the process answers; /healthz has each source's state."""
    return v2.body(200, {"status": "OK", "service_version": __version__})
