"""GET /slims/...: SLIMS' ecephys sessions, SmartSPIM imaging, histology and water restrictions, filtered in SLIMS."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from functools import partial
from typing import Any

from flask import abort
from flask_smorest import Blueprint

from aind_metadata_service import contract
from aind_metadata_service.answers import serve
from aind_metadata_service.contract import Answer
from aind_metadata_service.inputs import EcephysQuery, SlimsQuery
from aind_metadata_service.sources.slims import SOURCE as SLIMS
from aind_metadata_service.sources.slims.mappers.ecephys import EcephysSession, to_ecephys_sessions
from aind_metadata_service.sources.slims.mappers.histology import SlimsSpecimenProcedure, to_specimen_procedures
from aind_metadata_service.sources.slims.mappers.imaging import SmartSpimImaging, to_smartspim_imaging
from aind_metadata_service.sources.slims.mappers.water_restriction import SlimsWaterRestriction, to_water_restrictions

bp = Blueprint(
    "slims",
    __name__,
    description="SLIMS records, newest first. Give subject_id or a date range (dates compare with when the record"
    " was created in SLIMS; an end date without a time includes that whole day).",
)
# SLIMS was shut down in 2026; /api/v2 dropped these routes, so they stay in the root dialect only.
_route = partial(serve, bp, v2=False, location="query", plural=True)
NEEDS_A_FILTER = "Give subject_id, or start_date_gte and/or end_date_lte: SLIMS is not read whole."


def _filters(query: dict[str, Any], *enough: str) -> tuple[str | None, datetime | None, datetime | None, str]:
    """Subject, start and end (an end at midnight means the end of that day), and the answer's key.

    Aborts with 400 when the query gives none of the filters that narrow the search.
    """
    if not any(query.get(name) for name in ("subject_id", "start_date_gte", "end_date_lte", *enough)):
        abort(400, NEEDS_A_FILTER)
    start, end = query.get("start_date_gte"), query.get("end_date_lte")
    if end is not None and end.timetz().replace(tzinfo=None) == time(0):
        end = end + timedelta(days=1, milliseconds=-1)
    words = [f"subject {query['subject_id']}" if query.get("subject_id") else ""]
    words += [f"session {query['session_name']}" if query.get("session_name") else ""]
    words += [f"from {start:%Y-%m-%d}" if start else "", f"to {end:%Y-%m-%d}" if end else ""]
    return query.get("subject_id"), start, end, " ".join(w for w in words if w)


@_route("/slims/ecephys_sessions", EcephysSession, args=EcephysQuery)
def ecephys_sessions(**query: Any) -> Answer:
    """In vivo electrophysiology sessions; a session_name alone is filter enough."""
    subject_id, start, end, key = _filters(query, "session_name")
    runs = SLIMS.client().ecephys_sessions(subject_id, query.get("session_name"), start, end)
    return contract.many(EcephysSession, to_ecephys_sessions(runs, query.get("session_name")), "ecephys sessions", key)


@_route("/slims/smartspim_imaging", SmartSpimImaging, args=SlimsQuery)
def smartspim_imaging(**query: Any) -> Answer:
    """SmartSPIM imaging of specimens."""
    subject_id, start, end, key = _filters(query)
    runs = SLIMS.client().smartspim_imaging(subject_id, start, end)
    return contract.many(SmartSpimImaging, to_smartspim_imaging(runs), "SmartSPIM imaging records", key)


@_route("/slims/histology", SlimsSpecimenProcedure, args=SlimsQuery)
def histology(**query: Any) -> Answer:
    """Delipidation, immunolabeling and refractive index matching, as specimen procedures with their subject."""
    subject_id, start, end, key = _filters(query)
    runs = SLIMS.client().histology(subject_id, start, end)
    return contract.many(SlimsSpecimenProcedure, to_specimen_procedures(runs), "histology procedures", key)


@_route("/slims/water_restriction", SlimsWaterRestriction, args=SlimsQuery)
def water_restriction(**query: Any) -> Answer:
    """Water restrictions, each with its subject and who assigned it."""
    subject_id, start, end, key = _filters(query)
    events = SLIMS.client().water_restrictions(subject_id, start, end)
    return contract.many(SlimsWaterRestriction, to_water_restrictions(events), "water restrictions", key)
