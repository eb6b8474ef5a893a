"""LabTracks tasks (perfusions, retro-orbital injections) to aind-data-schema Surgery dicts, by a table."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from aind_metadata_service.mappers.anatomy import RETRO_ORBITAL
from aind_metadata_service.mappers.procedures import Part
from aind_metadata_service.sources.labtracks.records import TaskRow


def _perfusion(task: TaskRow) -> dict[str, Any]:
    """The perfused animal is the specimen."""
    return {"object_type": "Perfusion", "output_specimen_ids": [str(task.task_object)]}


def _retro_orbital(task: TaskRow) -> dict[str, Any]:
    """LabTracks records that the injection happened, not what was injected: materials stay for LAS."""
    return {"object_type": "Injection", "targeted_structure": RETRO_ORBITAL, "injection_materials": [], "dynamics": []}


# Task type names, matched case-insensitively by substring: "Perfusion Gel" is a perfusion.
KINDS: list[tuple[str, Callable[[TaskRow], dict[str, Any]]]] = [
    ("perfusion", _perfusion),
    ("ro injection", _retro_orbital),
    ("retro-orbital", _retro_orbital),
]


def _procedure(task: TaskRow) -> dict[str, Any] | None:
    """The procedure a task records, or None for task types that are not procedures."""
    name = (task.type_name or "").lower()
    return next((build(task) for key, build in KINDS if key in name), None)


def to_surgery(task: TaskRow) -> dict[str, Any] | None:
    """One Surgery per finished task of a known type."""
    procedure = _procedure(task)
    if procedure is None or task.date_start is None:
        return None
    return {
        "object_type": "Surgery",
        "start_date": task.date_start.date(),
        "experimenters": [str(task.investigator_id)] if task.investigator_id is not None else None,
        "ethics_review_id": str(task.protocol_number) if task.protocol_number is not None else None,
        "procedures": [procedure],
    }


def to_part(tasks: list[TaskRow]) -> Part:
    """LabTracks' share of /procedures."""
    surgeries = [s for s in (to_surgery(t) for t in tasks) if s is not None]
    return Part(subject_procedures=surgeries)
