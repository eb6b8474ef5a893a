"""SLIMS records to aind-data-schema shapes, and SLIMS' share of /procedures."""

from __future__ import annotations

from aind_metadata_service.mappers.procedures import Part
from aind_metadata_service.sources.slims.mappers.histology import as_specimen_procedure, to_specimen_procedures
from aind_metadata_service.sources.slims.mappers.water_restriction import as_subject_procedure, to_water_restrictions
from aind_metadata_service.sources.slims.records import Run, WaterRestrictionEvent


def to_part(histology_records: list[Run], water_restriction_records: list[WaterRestrictionEvent]) -> Part:
    """SLIMS' share of a subject's Procedures: water restrictions and the specimen procedures of finished runs.

    A histology run whose washes give no start or no end date has not happened or not finished: it stays on
    /slims/histology (406 there, as undated) but is left out here, where one undated procedure would make the
    whole Procedures invalid.
    """
    procedures = to_specimen_procedures(histology_records)
    specimen = [as_specimen_procedure(p) for p in procedures if p["start_date"] and p["end_date"]]
    subject = [as_subject_procedure(w) for w in to_water_restrictions(water_restriction_records)]
    return Part(subject_procedures=subject, specimen_procedures=specimen)
