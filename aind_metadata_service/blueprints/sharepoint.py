"""GET /intended_measurements/{subject_id}: what each implanted fiber is meant to record, from the NSB lists."""

from __future__ import annotations

from flask import Response, current_app
from flask_smorest import Blueprint

from aind_metadata_service import contract
from aind_metadata_service.answers import cached
from aind_metadata_service.context import client, fanout
from aind_metadata_service.inputs import SubjectPath
from aind_metadata_service.mappers.sharepoint import (
    LISTS,
    IntendedMeasurementModel,
    intended_measurements,
    merged_measurements,
)
from aind_metadata_service.openapi import answers

bp = Blueprint("sharepoint", __name__, description="Intended measurements per fiber, from SharePoint's NSB lists")
_MEASURED_IN = ("nsb2023", "nsb_present")  # the two lists with the NSB 2023 schema


@bp.route("/intended_measurements/<subject_id>")
@bp.arguments(SubjectPath, location="path", as_kwargs=True, error_status_code=400)
@answers(bp, IntendedMeasurementModel, 200, 207, 404, 406, 400, 503, 500, plural=True)
@cached
def get_intended_measurements(subject_id: str) -> Response:
    """Each fiber's intended measurement per channel; both lists are read at once, one failing gives 207."""
    sp = client("sharepoint")
    calls = {LISTS[k]: (lambda k=k: intended_measurements(sp.items(k, subject_id))) for k in _MEASURED_IN}
    gathered = fanout().gather(calls, float(current_app.config["SOURCE_DEADLINE_S"]))
    found = merged_measurements(gathered.results.get(LISTS[k], []) for k in _MEASURED_IN)
    return contract.many(IntendedMeasurementModel, found, "intended measurements", subject_id, gathered.failures)
