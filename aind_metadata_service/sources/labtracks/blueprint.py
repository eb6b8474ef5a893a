"""LabTracks' raw routes of /api/v2: subject rows by subject id and by ACUC protocol number, as the client reads them.

The mapped subject (/subject/{id}) combines LabTracks with MGI and lives with the routes that combine sources.
"""

from __future__ import annotations

from flask_smorest import Blueprint
from marshmallow import Schema, ValidationError, fields, validate

from aind_metadata_service import contract
from aind_metadata_service.answers import serve
from aind_metadata_service.contract import Answer
from aind_metadata_service.inputs import SubjectId
from aind_metadata_service.sources.labtracks import SOURCE as LABTRACKS
from aind_metadata_service.sources.labtracks.mappers.raw import LabTracksSubject, to_raw_subject

bp = Blueprint("labtracks", __name__, description="LabTracks' subject rows as they are, for /api/v2")


def _not_blank(value: str) -> None:
    """Reject a protocol number that is only white space."""
    if not value.strip():
        raise ValidationError("must not be blank")


class SubjectQuery(Schema):
    """A LabTracks subject id in the query string."""

    subject_id = SubjectId(required=True, metadata={"example": "775745"})


class ProtocolQuery(Schema):
    """An ACUC protocol number in the query string, as LabTracks spells it (leading zeros count)."""

    protocol_number = fields.String(
        required=True,
        validate=[validate.Length(min=1, max=50, error="must be 1 to 50 characters"), _not_blank],
        metadata={"example": "2115"},
    )


@serve(bp, None, LabTracksSubject, v2="/labtracks/subject", args=SubjectQuery, location="query", plural=True)
def get_labtracks_subject(subject_id: str) -> Answer:
    """The subject's LabTracks rows, unmapped; several when LabTracks holds data-entry duplicates."""
    rows = LABTRACKS.client().subject_rows(int(subject_id))
    return contract.many(LabTracksSubject, [to_raw_subject(r) for r in rows], "LabTracks subjects", subject_id)


@serve(
    bp,
    None,
    LabTracksSubject,
    v2="/labtracks/subject_by_protocol_number",
    args=ProtocolQuery,
    location="query",
    plural=True,
)
def get_labtracks_subject_by_protocol_number(protocol_number: str) -> Answer:
    """Every animal on the ACUC protocol, unmapped, in id order."""
    rows = LABTRACKS.client().protocol_subject_rows(protocol_number.strip())
    what = "LabTracks subjects on protocol"
    return contract.many(LabTracksSubject, [to_raw_subject(r) for r in rows], what, protocol_number)
