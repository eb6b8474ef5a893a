"""SLIMS water restriction events to aind-data-schema WaterRestriction dicts."""

from __future__ import annotations

from typing import Any

from aind_data_schema.components.subject_procedures import WaterRestriction
from pydantic import Field

from aind_metadata_service.mappers.iacuc import protocol_number
from aind_metadata_service.mappers.water import MINIMUM_WATER_PER_DAY_ML, target_percent
from aind_metadata_service.sources.slims.mappers.common import MASS_UNITS, day, newest_first
from aind_metadata_service.sources.slims.records import WaterRestrictionEvent

DEFAULT_WEIGHT_UNIT = "gram"  # cntn_cf_baselineWeight is entered in grams
ROUTE_ONLY = ("subject_id", "assigned_by")  # what the route adds to the schema's model


class SlimsWaterRestriction(WaterRestriction):
    """A WaterRestriction with its subject and who assigned it: the route may answer for many subjects."""

    subject_id: str = Field(..., title="Subject ID")
    assigned_by: str | None = Field(default=None, title="Assigned by")

    @classmethod
    def _object_type_from_name(cls) -> str:
        """Keep the schema's object_type: this is a WaterRestriction with two more fields."""
        return "Water restriction"


def weight_unit(unit: str | None) -> str | None:
    """The baseline weight's unit as a MassUnit value; grams when SLIMS gives none, unknown for other text."""
    return MASS_UNITS.get(unit.strip()) if unit else DEFAULT_WEIGHT_UNIT


def to_water_restriction(record: WaterRestrictionEvent) -> dict[str, Any]:
    """One restriction, as the route answers it (a WaterRestriction plus subject_id and assigned_by)."""
    event, mouse = record.event, record.mouse
    return {
        "object_type": "Water restriction",
        "subject_id": mouse.cntn_barCode,
        "assigned_by": event.cnvn_cf_assignedBy,
        "ethics_review_id": protocol_number(event.cnvn_cf_iacucProtocol),
        "target_fraction_weight": target_percent(event.cnvn_cf_targetWeightFraction),
        "minimum_water_per_day": MINIMUM_WATER_PER_DAY_ML,
        "baseline_weight": mouse.cntn_cf_baselineWeight.value,
        "weight_unit": weight_unit(mouse.cntn_cf_baselineWeight.unit),
        "start_date": day(event.cnvn_cf_startDate),
        "end_date": day(event.cnvn_cf_endDate),
    }


def to_water_restrictions(records: list[WaterRestrictionEvent]) -> list[dict[str, Any]]:
    """Every restriction, newest first."""
    return newest_first((to_water_restriction(r) for r in records), lambda w: w["start_date"])


def as_subject_procedure(restriction: dict[str, Any]) -> dict[str, Any]:
    """The schema's WaterRestriction alone, for a Procedures' subject_procedures."""
    return {k: v for k, v in restriction.items() if k not in ROUTE_ONLY}
