"""GET /intended_measurements/{subject_id}: what each implanted fiber is meant to record, from the NSB lists."""

from __future__ import annotations

from flask import Response
from flask_smorest import Blueprint

from aind_metadata_service import compose, contract
from aind_metadata_service.answers import cached
from aind_metadata_service.inputs import SubjectPath
from aind_metadata_service.mappers.sharepoint import IntendedMeasurementModel
from aind_metadata_service.openapi import answers

bp = Blueprint("sharepoint", __name__, description="Intended measurements per fiber, from SharePoint's NSB lists")


@bp.route("/intended_measurements/<subject_id>")
@bp.arguments(SubjectPath, location="path", as_kwargs=True, error_status_code=400)
@answers(bp, IntendedMeasurementModel, 200, 207, 404, 406, 400, 503, 500, plural=True)
@cached
def get_intended_measurements(subject_id: str) -> Response:
    """Each fiber's intended measurement per channel; both lists are read at once, one failing gives 207."""
    composed = compose.intended_measurements(subject_id)
    return contract.many(
        IntendedMeasurementModel, composed.records, "intended measurements", subject_id, composed.failed
    )
