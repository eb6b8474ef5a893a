"""GET /procedures/{subject_id}: every source's procedures for a subject, merged into one Procedures."""

from __future__ import annotations

from aind_data_schema.core.procedures import Procedures
from flask import Response
from flask_smorest import Blueprint

from aind_metadata_service import compose, contract
from aind_metadata_service.answers import cached
from aind_metadata_service.inputs import SubjectPath
from aind_metadata_service.openapi import answers

bp = Blueprint(
    "procedures",
    __name__,
    description="LabTracks tasks, SharePoint surgery lists, SLIMS and Smartsheet, then TARS and protocol DOIs",
)


@bp.route("/procedures/<subject_id>")
@bp.arguments(SubjectPath, location="path", as_kwargs=True, error_status_code=400)
@answers(bp, Procedures, 200, 207, 400, 404, 406, 500, 503)
@cached
def get_procedures(subject_id: str) -> Response:
    """Sources are read concurrently; one failing gives 207 with the rest, all failing gives 503."""
    composed = compose.procedures(subject_id)
    return contract.one(Procedures, composed.records, "procedures", subject_id, composed.failed)
