"""Dataverse's answers as upstream's gateway gave them: its SQL joins and its cleaning of metadata keys.

The client builds these rows from what its queries return; they are the source's own shapes, not a mapping.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from decimal import Decimal
from itertools import product
from typing import Any, TypeVar

from aind_metadata_service.sources.dataverse.records import (
    FORMATTED,
    ChangeLog,
    FundingCode,
    FundingRow,
    Mouse,
    Project,
    SystemUser,
    WaterRestrictionRecord,
    WaterRestrictionRow,
)

ACTIVE = "active water restriction"  # the change-log value that starts (as new) or ends (as old) a restriction
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
