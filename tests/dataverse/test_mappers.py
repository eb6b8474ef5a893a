"""Dataverse mappers as tables: metadata stripping, weights, the water-restriction and funding joins, procedures."""

from __future__ import annotations

from typing import Any

import pytest
from aind_data_schema.components.subject_procedures import WaterRestriction

from aind_metadata_service.sources.dataverse import mappers
from aind_metadata_service.sources.dataverse import rows as joined
from aind_metadata_service.sources.dataverse.records import (
    ChangeLog,
    FundingCode,
    Mouse,
    MouseWeightRecord,
    Project,
    WaterRestrictionRecord,
)

F = "@OData.Community.Display.V1.FormattedValue"


@pytest.mark.parametrize(
    ("raw", "kept"),
    [
        ({"a": 1, "@odata.etag": "W/1", "_x_value": "guid", f"_x_value{F}": "Jane"}, {"a": 1, f"_x_value{F}": "Jane"}),
        ({"s": 1, f"s{F}": "Active", "s@Microsoft.Dynamics.CRM.lookuplogicalname": "t"}, {"s": 1, f"s{F}": "Active"}),
        ({"nav": [{"_id_value": "g", "name": "n", "@odata.etag": "e"}]}, {"nav": [{"name": "n"}]}),
        ([{"a": {"_b": 1, "c": None}}], [{"a": {"c": None}}]),
        ("text", "text"),
    ],
)
def test_formatted_values_are_kept_and_other_metadata_dropped_at_any_depth(raw: Any, kept: Any) -> None:
    assert joined.strip_metadata(raw) == kept


def test_a_weight_record_maps_to_every_mouse_weight_data_field() -> None:
    raw = {
        "aibs_fact_mouse_weight_recordsid": "rec-1",
        f"_aibs_mouse_id_value{F}": "775745",
        "aibs_weight": 22.1,
        "cr138_datetime": "2025-04-07T17:31:14Z",
        "aibs_is_baseline_weight": False,
        f"_aibs_operator_value{F}": "Ana Ruiz",
        "aibs_workstation": "W10",
        "aibs_software_version": "4.1.0",
        "aibs_software_source": "WL",
        f"statuscode{F}": "Active",
        "aibs_notes": None,
        "statuscode": 1,
    }
    assert mappers.to_mouse_weight(MouseWeightRecord.model_validate(raw)) == {
        "record_id": "rec-1",
        "mouse_id": "775745",
        "weight": 22.1,
        "weight_datetime": "2025-04-07T17:31:14Z",
        "is_baseline_weight": False,
        "operator": "Ana Ruiz",
        "workstation": "W10",
        "software_version": "4.1.0",
        "software_source": "WL",
        "status": "Active",
        "notes": None,
    }


MOUSE = Mouse.model_validate({"aibs_dim_miceid": "g-1", "aibs_mouse_id": "858802"})
RECORD = WaterRestrictionRecord.model_validate(
    {
        "aibs_record_name": "858802_20260806T232937Z",
        "aibs_active_record": True,
        "aibs_baseline_weight": 30.67,
        "aibs_last_watered_datetime": "2026-08-13T23:31:52Z",
        "aibs_low_weight_threshold": 22.57,
        "aibs_target_weight": 26.07,
        "aibs_targeted_weight_percentage": 0.85,
        "aibs_water_restriction_status": 252080002,
    }
)


def change(when: str, new: str, old: str) -> ChangeLog:
    """A change-log row."""
    return ChangeLog.model_validate({"aibs_change_date_time": when, "aibs_new_value": new, "aibs_old_value": old})


def test_a_restriction_row_has_exactly_upstreams_keys_with_decimals_as_text() -> None:
    rows = joined.water_restriction_rows(MOUSE, [RECORD], [change("2026-08-12T22:08:28Z", joined.ACTIVE, "adlib")])
    assert rows == [
        {
            "mouse_id": "858802",
            "protocol_id": None,
            "record_name": "858802_20260806T232937Z",
            "active_record": True,
            "baseline_weight": "30.67",
            "last_watered_datetime": "2026-08-13T23:31:52Z",
            "low_weight_threshold": "22.57",
            "target_weight": "26.07",
            "targeted_weight_percentage": "0.85",
            "water_restriction_status": "252080002",
            "change_date_time": "2026-08-12T22:08:28Z",
            "new_value": "active water restriction",
            "old_value": "adlib",
        }
    ]


@pytest.mark.parametrize(
    ("changes", "count"),
    [
        ([change("2026-08-01T00:00:00Z", "adlib: baseline weight establishment", "adlib")], 0),
        (
            [
                change("2026-08-02T00:00:00Z", joined.ACTIVE, "x"),
                change("2026-08-09T00:00:00Z", "done", joined.ACTIVE),
            ],
            2,
        ),
        ([], 0),
    ],
)
def test_only_changes_into_or_out_of_active_restriction_make_rows(changes: list[ChangeLog], count: int) -> None:
    assert len(joined.water_restriction_rows(MOUSE, [RECORD], changes)) == count


def test_funding_rows_are_left_joins_with_one_fundee_and_one_investigator_each() -> None:
    projects = [
        Project.model_validate(
            {
                "cr138_projectid": "p1",
                "cr138_project": "BCI",
                "cr138_sub_project": None,
                "cr138_projects_systemuser": [{"fullname": "Ann Lee"}],
            }
        ),
        Project.model_validate({"cr138_projectid": "p2", "cr138_project": "Alone", "cr138_projects_systemuser": []}),
    ]
    code = FundingCode.model_validate(
        {
            "cr138_grant": "R01",
            "cr138_funding_code": "122-1",
            f"_cr138_funding_institution_value{F}": "NIH",
            "cr138_projects_cr138_funding_codes": [{"cr138_projectid": "p1"}],
            "cr138_funding_codes_systemuser": [{"fullname": "Ann Lee"}, {"fullname": "Bo Chen"}],
        }
    )
    rows = joined.funding_rows(projects, [code])
    assert [(r["project_name"], r["grant_number"], r["fundees"], r["investigators"]) for r in rows] == [
        ("Alone", None, None, None),
        ("BCI", "R01", "Ann Lee", "Ann Lee"),
        ("BCI", "R01", "Bo Chen", "Ann Lee"),
    ]
    assert set(rows[0]) == {
        "project_name",
        "subproject",
        "project_code",
        "funding_institution",
        "grant_number",
        "fundees",
        "investigators",
    }


@pytest.mark.parametrize(("fraction", "percent"), [("0.85", 85), ("85", 85), ("0", None), (None, None), ("150", None)])
def test_the_target_fraction_becomes_a_whole_percent(fraction: str | None, percent: int | None) -> None:
    assert mappers.target_percent(fraction) == percent


def row(when: str, new: str, old: str, baseline: str | None = "25.34", record: str = "r1") -> dict[str, Any]:
    """A /water_restriction row."""
    return {
        "record_name": record,
        "protocol_id": "2414",
        "baseline_weight": baseline,
        "targeted_weight_percentage": "0.85",
        "change_date_time": when,
        "new_value": new,
        "old_value": old,
    }


def test_a_restriction_record_becomes_a_valid_water_restriction_from_start_to_end() -> None:
    rows = [row("2025-04-30T17:01:44Z", "complete", joined.ACTIVE), row("2025-04-02T16:55:00Z", joined.ACTIVE, "x")]
    [found] = mappers.to_water_restrictions(rows)
    assert found == {
        "object_type": "Water restriction",
        "ethics_review_id": "2414",
        "target_fraction_weight": 85,
        "minimum_water_per_day": 1.0,
        "baseline_weight": 25.34,
        "weight_unit": "gram",
        "start_date": "2025-04-02",
        "end_date": "2025-04-30",
    }
    WaterRestriction.model_validate(found)


WEIGHTS = [
    {"weight": 24.8, "weight_datetime": "2025-03-10T16:05:41Z", "is_baseline_weight": False, "status": "Active"},
    {"weight": 24.1, "weight_datetime": "2025-03-10T19:48:02Z", "is_baseline_weight": False, "status": "Active"},
    {"weight": 25.0, "weight_datetime": "2025-03-31T17:00:00Z", "is_baseline_weight": True, "status": "Active"},
    {"weight": 25.34, "weight_datetime": "2025-04-01T17:12:09Z", "is_baseline_weight": True, "status": "Active"},
    {"weight": 99.0, "weight_datetime": "2025-04-02T17:12:09Z", "is_baseline_weight": True, "status": "Inactive"},
]


def test_a_record_without_a_baseline_weight_takes_the_newest_active_baseline_weighing() -> None:
    [found] = mappers.to_water_restrictions([row("2025-04-02T16:55:00Z", joined.ACTIVE, "x", baseline=None)], WEIGHTS)
    assert found["baseline_weight"] == 25.34


@pytest.mark.parametrize(
    ("surgery", "prior", "post"),
    [
        ({"start_date": "2025-03-10"}, 24.8, 24.1),
        ({"start_date": "2025-03-10", "animal_weight_prior": 25.5}, 25.5, 24.1),
        ({"start_date": "2025-03-10", "animal_weight_prior": 25.5, "animal_weight_post": 25.0}, 25.5, 25.0),
        ({"start_date": "2025-04-01"}, 25.34, None),
        ({"start_date": "2025-05-01"}, None, None),
    ],
)
def test_a_surgery_takes_the_weighings_of_its_day_only_where_it_has_none(
    surgery: dict[str, Any], prior: float | None, post: float | None
) -> None:
    found = mappers.with_weights(surgery, WEIGHTS)
    assert (found.get("animal_weight_prior"), found.get("animal_weight_post")) == (prior, post)
