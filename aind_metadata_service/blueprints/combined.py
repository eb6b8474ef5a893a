"""Routes that combine sources: a subject with its alleles, its procedures from every source, intended measurements."""

from __future__ import annotations

from aind_data_schema.core.procedures import Procedures
from aind_data_schema.core.subject import Subject
from flask_smorest import Blueprint

from aind_metadata_service import compose, contract
from aind_metadata_service.answers import serve
from aind_metadata_service.contract import Answer
from aind_metadata_service.inputs import SubjectPath
from aind_metadata_service.sources.labtracks import SOURCE as LABTRACKS
from aind_metadata_service.sources.sharepoint.mappers import IntendedMeasurementModel

bp = Blueprint(
    "combined",
    __name__,
    description="Subjects from LabTracks with alleles from MGI; procedures from every source, then TARS and DOIs",
)


@serve(bp, "/subject/<subject_id>", Subject, args=SubjectPath, partial=True)
def get_subject(subject_id: str) -> Answer:
    """A subject from LabTracks; 300 when LabTracks holds duplicate rows, 207 when MGI could not be asked."""
    composed = compose.subject(LABTRACKS.client().subject_rows(int(subject_id)))
    return contract.one(Subject, composed.records, "subject", subject_id, composed.failed)


@serve(bp, "/procedures/<subject_id>", Procedures, args=SubjectPath, partial=True)
def get_procedures(subject_id: str) -> Answer:
    """Sources are read concurrently; one failing gives 207 with the rest, all failing gives 503."""
    composed = compose.procedures(subject_id)
    return contract.one(Procedures, composed.records, "procedures", subject_id, composed.failed)


@serve(bp, "/intended_measurements/<subject_id>", IntendedMeasurementModel, args=SubjectPath, plural=True, partial=True)
def get_intended_measurements(subject_id: str) -> Answer:
    """Each fiber's intended measurement per channel; both lists are read at once, one failing gives 207."""
    composed = compose.intended_measurements(subject_id)
    return contract.many(
        IntendedMeasurementModel, composed.records, "intended measurements", subject_id, composed.failed
    )
