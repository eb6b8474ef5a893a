"""GET /perfusions/{subject_id}: a subject's perfusions from Smartsheet, as Surgery records with protocol DOIs."""

from __future__ import annotations

from aind_data_schema.components.subject_procedures import Surgery
from flask import Response
from flask_smorest import Blueprint

from aind_metadata_service import compose, contract
from aind_metadata_service.answers import cached
from aind_metadata_service.inputs import SubjectPath
from aind_metadata_service.openapi import answers

bp = Blueprint("perfusions", __name__, description="Perfusions from the Smartsheet perfusions sheet")


@bp.route("/perfusions/<subject_id>")
@bp.arguments(SubjectPath, location="path", as_kwargs=True, error_status_code=400)
@answers(bp, Surgery, 200, 406, 404, 400, 503, 500, plural=True)
@cached
def get_perfusions(subject_id: str) -> Response:
    """Each perfusion row of the subject as a Surgery holding one Perfusion, oldest first."""
    return contract.many(Surgery, compose.perfusions_with_dois(subject_id), "perfusions", subject_id)
