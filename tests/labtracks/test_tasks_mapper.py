"""LabTracks tasks to surgeries, and the merge that keeps one record per procedure."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import pytest

from aind_metadata_service.mappers.procedures import Part, merge
from aind_metadata_service.sources.labtracks.mappers.tasks import to_part, to_surgery
from aind_metadata_service.sources.labtracks.records import TaskRow

BASE: dict[str, Any] = {
    "id": 1,
    "task_type_id": 1,
    "type_name": "Perfusion",
    "date_start": datetime(2025, 6, 2, 9, 30),
    "date_end": None,
    "investigator_id": 28803,
    "task_object": 775745,
    "protocol_number": "2109",
    "task_status": "F",
}


def task(**changes: Any) -> TaskRow:
    """A task row with some columns changed."""
    return TaskRow.model_validate({**BASE, **changes})


@pytest.mark.parametrize(
    ("type_name", "kind"),
    [
        ("Perfusion", "Perfusion"),
        ("Perfusion Gel", "Perfusion"),
        ("perfusion", "Perfusion"),
        ("RO Injection", "Injection"),
        ("RO Injection VGT", "Injection"),
        ("Tail Clip", None),
        ("Weaning", None),
        (None, None),
    ],
)
def test_task_types_map_by_table(type_name: str | None, kind: str | None) -> None:
    surgery = to_surgery(task(type_name=type_name))
    assert (surgery["procedures"][0]["object_type"] if surgery else None) == kind


def test_a_perfusion_is_a_surgery_on_its_date_with_the_animal_as_specimen() -> None:
    assert to_surgery(task()) == {
        "object_type": "Surgery",
        "start_date": date(2025, 6, 2),
        "experimenters": ["28803"],
        "ethics_review_id": "2109",
        "procedures": [{"object_type": "Perfusion", "output_specimen_ids": ["775745"]}],
    }


def test_a_task_without_a_start_date_or_protocol_still_maps_what_it_can() -> None:
    assert to_surgery(task(date_start=None)) is None
    assert to_surgery(task(protocol_number=None))["ethics_review_id"] is None  # type: ignore[index]


def test_the_same_perfusion_from_two_sources_is_kept_once_the_fuller_record() -> None:
    labtracks = to_part([task()])
    richer = dict(labtracks.subject_procedures[0], animal_weight_prior=24.1, protocol_id="dx.doi.org/10.17504/x")
    merged = merge("775745", [labtracks, Part(subject_procedures=[richer])])
    assert merged is not None and merged["subject_procedures"] == [richer]


def test_different_procedures_on_one_day_are_all_kept() -> None:
    merged = merge("689418", [to_part([task(), task(id=2, type_name="RO Injection")])])
    assert merged is not None and len(merged["subject_procedures"]) == 2


def test_nothing_from_any_source_merges_to_nothing() -> None:
    assert merge("1", [Part(), to_part([])]) is None
