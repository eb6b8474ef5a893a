"""Pure mappings of Dataverse records: MouseWeightData, and aind-data-schema 2.9.2 water restrictions and weights."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from aind_metadata_service.mappers.water import MINIMUM_WATER_PER_DAY_ML, target_percent
from aind_metadata_service.sources.dataverse.records import (
    MouseWeightData,
    MouseWeightRecord,
)
from aind_metadata_service.sources.dataverse.rows import ACTIVE

WEIGHT_UNIT = "gram"  # aibs_weight and aibs_baseline_weight are entered in grams


def to_mouse_weight(record: MouseWeightRecord) -> dict[str, Any]:
    """One weighing as MouseWeightData's JSON."""
    return MouseWeightData.model_validate(record.model_dump()).model_dump(mode="json")


# --- aind-data-schema 2.9.2 -------------------------------------------------------------------------------


def _when(row: dict[str, Any]) -> datetime | None:
    """A row's change time."""
    value = row.get("change_date_time")
    return datetime.fromisoformat(value.replace("Z", "+00:00")) if value else None


def to_water_restriction(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """One restriction record's rows (one per change) as a WaterRestriction dict.

    start_date is the first change to 'active water restriction', end_date the first change away from it after
    that; ethics_review_id is protocol_id (null in Dataverse today, so the procedure fails validation honestly).
    """
    starts = sorted(t for r in rows if r["new_value"] == ACTIVE and (t := _when(r)))
    start = starts[0] if starts else None
    ends = sorted(t for r in rows if r["old_value"] == ACTIVE and (t := _when(r)) and (start is None or t >= start))
    first = rows[0]
    baseline = first.get("baseline_weight")
    return {
        "object_type": "Water restriction",
        "ethics_review_id": first.get("protocol_id"),
        "target_fraction_weight": target_percent(first.get("targeted_weight_percentage")),
        "minimum_water_per_day": MINIMUM_WATER_PER_DAY_ML,
        "baseline_weight": float(baseline) if baseline not in (None, "") else None,
        "weight_unit": WEIGHT_UNIT,
        "start_date": start.date().isoformat() if start else None,
        "end_date": ends[0].date().isoformat() if ends else None,
    }


def to_water_restrictions(rows: Iterable[dict[str, Any]], weights: Iterable[dict[str, Any]] = ()) -> list[dict]:
    """Every restriction record of the rows as a WaterRestriction dict, newest first.

    A record without a baseline weight takes the mouse's newest baseline weighing (is_baseline_weight).
    """
    by_record: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        by_record.setdefault(str(row.get("record_name")), []).append(row)
    found = [to_water_restriction(group) for group in by_record.values()]
    baseline = baseline_weight(weights)
    found = [{**w, "baseline_weight": w["baseline_weight"] or baseline} for w in found]
    return sorted(found, key=lambda w: w["start_date"] or "", reverse=True)


def _weighed(weights: Iterable[dict[str, Any]]) -> list[tuple[datetime, float]]:
    """Active weighings with a time and a weight, oldest first."""
    found = []
    for w in weights:
        if w.get("weight") is not None and w.get("weight_datetime") and w.get("status") in (None, "Active"):
            found.append((datetime.fromisoformat(str(w["weight_datetime"]).replace("Z", "+00:00")), float(w["weight"])))
    return sorted(found)


def baseline_weight(weights: Iterable[dict[str, Any]]) -> float | None:
    """The newest weighing marked as the baseline, in grams."""
    marked = _weighed(w for w in weights if w.get("is_baseline_weight"))
    return marked[-1][1] if marked else None


def with_weights(surgery: dict[str, Any], weights: Iterable[dict[str, Any]]) -> dict[str, Any]:
    """A Surgery dict whose missing animal_weight_prior/_post come from the weighings on its start date.

    The first weighing of that day is the weight before surgery; the last, when there are two or more, the
    weight after. Weights the surgery list already has are kept.
    """
    day = str(surgery.get("start_date") or "")[:10]
    that_day = [kg for when, kg in _weighed(weights) if when.date().isoformat() == day]
    prior, post = surgery.get("animal_weight_prior"), surgery.get("animal_weight_post")
    if not that_day or (prior is not None and post is not None):
        return surgery
    filled = {
        "animal_weight_prior": prior if prior is not None else that_day[0],
        "animal_weight_post": post if post is not None else (that_day[-1] if len(that_day) > 1 else None),
    }
    return {**surgery, **filled, "weight_unit": surgery.get("weight_unit") or WEIGHT_UNIT}
