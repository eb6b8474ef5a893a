"""Merging the sources' shares: weighings fill a surgery's missing weights, a restriction takes its protocol."""

from __future__ import annotations

from typing import Any

import pytest

from aind_metadata_service.mappers.procedures import Part, merge

WEIGHED = [
    {"weight": 24.0, "weight_datetime": "2025-03-10T08:00:00Z", "status": "Active", "is_baseline_weight": False},
    {"weight": 23.5, "weight_datetime": "2025-03-10T15:00:00Z", "status": "Active", "is_baseline_weight": False},
]


def surgery(day: str, protocol: str | None = "2414", **weights: Any) -> dict[str, Any]:
    """A surgery record as a surgery list gives it."""
    return {"object_type": "Surgery", "start_date": day, "ethics_review_id": protocol, "procedures": [], **weights}


def restriction(day: str) -> dict[str, Any]:
    """A Dataverse water restriction, which records no protocol."""
    return {"object_type": "Water restriction", "start_date": day, "ethics_review_id": None}


def merged(*procedures: dict[str, Any], weights: list[dict[str, Any]] | None = None) -> list[dict[str, Any]]:
    """The subject procedures of the merge of one part."""
    record = merge("775745", [Part(list(procedures), weights=weights or [])])
    assert record is not None
    return record["subject_procedures"]


def test_weighings_of_the_surgery_day_fill_the_weights_a_surgery_lacks() -> None:
    (found,) = merged(surgery("2025-03-10"), weights=WEIGHED)
    assert (found["animal_weight_prior"], found["animal_weight_post"], found["weight_unit"]) == (24.0, 23.5, "gram")


def test_weights_the_surgery_list_has_are_kept() -> None:
    (found,) = merged(surgery("2025-03-10", animal_weight_prior=25.0, animal_weight_post=24.8), weights=WEIGHED)
    assert (found["animal_weight_prior"], found["animal_weight_post"]) == (25.0, 24.8)


@pytest.mark.parametrize(
    ("surgeries", "day", "protocol"),
    [
        ([surgery("2025-03-10", "2414"), surgery("2025-06-02", "2109")], "2025-04-02", "2414"),
        ([surgery("2025-03-10", "2414"), surgery("2025-04-01", "2109")], "2025-04-02", "2109"),
        ([surgery("2025-06-02", "2109")], "2025-04-02", None),
        ([], "2025-04-02", None),
    ],
)
def test_a_restriction_takes_the_protocol_of_the_latest_surgery_before_it_or_none(
    surgeries: list[dict[str, Any]], day: str, protocol: str | None
) -> None:
    found = merged(*surgeries, restriction(day))
    assert next(p for p in found if p["object_type"] == "Water restriction")["ethics_review_id"] == protocol
