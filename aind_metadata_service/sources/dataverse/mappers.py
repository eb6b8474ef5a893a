"""Pure mappings of Dataverse rows: the raw routes' rows, and aind-data-schema 2.9.2 procedures and weights."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime, timedelta
from decimal import Decimal
from itertools import product
from typing import Any, TypeVar

from aind_metadata_service.sources.dataverse.records import (
    FORMATTED,
    ChangeLog,
    FundingCode,
    FundingRow,
    Mouse,
    MouseWeightData,
    MouseWeightRecord,
    Project,
    SystemUser,
    WaterRestrictionRecord,
    WaterRestrictionRow,
)

ACTIVE = "active water restriction"  # the change-log value that starts (as new) or ends (as old) a restriction
MINIMUM_WATER_PER_DAY_ML = 1.0  # Dataverse records no daily minimum; the lab's standing one is 1 mL a day
WEIGHT_UNIT = "gram"  # aibs_weight and aibs_baseline_weight are entered in grams
T = TypeVar("T")


def strip_metadata(value: Any) -> Any:
    """Keep formatted-value annotations; drop every other key holding '@' or starting with '_', at any depth."""
    if isinstance(value, list):
        return [strip_metadata(v) for v in value]
    if not isinstance(value, dict):
        return value
    return {
        k: strip_metadata(v)
        for k, v in value.items()
        if k.endswith(FORMATTED) or ("@" not in k and not k.startswith("_"))
    }


def to_mouse_weight(record: MouseWeightRecord) -> dict[str, Any]:
    """One weighing as MouseWeightData's JSON."""
    return MouseWeightData.model_validate(record.model_dump()).model_dump(mode="json")


def _text(value: Decimal | int | None) -> str | None:
    """A decimal or choice value as the string upstream serialises it."""
    return None if value is None else str(value)


def water_restriction_rows(
    mouse: Mouse, records: Iterable[WaterRestrictionRecord], changes: Iterable[ChangeLog]
) -> list[dict[str, Any]]:
    """The SQL join of §3.1: each restriction record with each of the mouse's restriction change-log rows."""
    relevant = [c for c in changes if ACTIVE in (c.new_value, c.old_value)]
    return [
        WaterRestrictionRow(
            mouse_id=mouse.mouse_id,
            record_name=w.record_name,
            active_record=w.active_record,
            baseline_weight=_text(w.baseline_weight),
            last_watered_datetime=w.last_watered_datetime,
            low_weight_threshold=_text(w.low_weight_threshold),
            target_weight=_text(w.target_weight),
            targeted_weight_percentage=_text(w.targeted_weight_percentage),
            water_restriction_status=_text(w.water_restriction_status),
            change_date_time=c.change_date_time,
            new_value=c.new_value,
            old_value=c.old_value,
        ).model_dump(mode="json")
        for w, c in product(records, relevant)
    ]


def _or_none(items: Sequence[T]) -> Sequence[T | None]:
    """The items, or one None: a LEFT JOIN's row when nothing is joined."""
    return items or [None]


def _name(user: SystemUser | None) -> str | None:
    """A joined person's full name."""
    return user.fullname if user else None


def funding_rows(projects: Iterable[Project], codes: Iterable[FundingCode]) -> list[dict[str, Any]]:
    """The funding SQL's LEFT JOINs: one row per project, funding code, investigator and fundee combination."""
    codes = list(codes)
    rows: list[dict[str, Any]] = []
    for project in sorted(projects, key=lambda p: (p.project or "", p.sub_project or "")):
        mine = [c for c in codes if any(p.project_id == project.project_id for p in c.projects)]
        for code, investigator in product(_or_none(mine), _or_none(project.investigators)):
            for fundee in _or_none(code.fundees if code else []):
                rows.append(
                    FundingRow(
                        project_name=project.project,
                        subproject=project.sub_project,
                        project_code=code.funding_code if code else None,
                        funding_institution=code.institution if code else None,
                        grant_number=code.grant if code else None,
                        fundees=_name(fundee),
                        investigators=_name(investigator),
                    ).model_dump(mode="json")
                )
    return rows


def weight_window(day: date) -> tuple[str, str]:
    """The day's bounds as Dataverse filters want them: [D T00:00:00Z, D+1 T00:00:00Z)."""
    return f"{day.isoformat()}T00:00:00Z", f"{(day + timedelta(days=1)).isoformat()}T00:00:00Z"


# --- aind-data-schema 2.9.2 -------------------------------------------------------------------------------


def target_percent(fraction: str | None) -> int | None:
    """aibs_targeted_weight_percentage ("0.85") as a whole percent (85); a value already in percent passes."""
    value = float(fraction) if fraction not in (None, "") else None
    if value is None or value <= 0 or value > 100:
        return None
    return round(value * 100) if value <= 1 else round(value)


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
