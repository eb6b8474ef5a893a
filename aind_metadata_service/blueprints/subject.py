"""GET /subject/{subject_id}: LabTracks' record of an animal, with its alleles from MGI, as a Subject."""

from __future__ import annotations

from aind_data_schema.core.subject import Subject
from flask import Response
from flask_smorest import Blueprint

from aind_metadata_service import compose, contract
from aind_metadata_service.answers import cached
from aind_metadata_service.context import client
from aind_metadata_service.inputs import SubjectPath
from aind_metadata_service.openapi import answers

bp = Blueprint("subject", __name__, description="Subjects from LabTracks, with alleles from MGI")


@bp.route("/subject/<subject_id>")
@bp.arguments(SubjectPath, location="path", as_kwargs=True, error_status_code=400)
@answers(bp, Subject, 200, 207, 300, 400, 404, 406, 500, 503)
@cached
def get_subject(subject_id: str) -> Response:
    """A subject from LabTracks; 300 when LabTracks holds duplicate rows, 207 when MGI could not be asked."""
    composed = compose.subject(client("labtracks").subject_rows(int(subject_id)))
    return contract.one(Subject, composed.records, "subject", subject_id, composed.failed)
