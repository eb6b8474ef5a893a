"""SharePoint surgery-request lists to aind-data-schema: each list's share of /procedures, and intended measurements."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from typing import Any

from pydantic import BaseModel, ConfigDict

from aind_metadata_service.mappers import copied
from aind_metadata_service.mappers.procedures import Part
from aind_metadata_service.sources.sharepoint.mappers import las2020, nsb2019, nsb2023
from aind_metadata_service.sources.sharepoint.mappers.builders import Item
from aind_metadata_service.sources.sharepoint.mappers.tables import BREGMA_ARI
from aind_metadata_service.sources.sharepoint.records import LIST_NAMES

# Each list's label where a combined route names it (a failure in a 207, a fan-out task).
LISTS = {key: f"SharePoint {name}" for key, name in LIST_NAMES.items()}
# NSB 2023 and NSB present share one schema, so one mapper.
MAPPERS: dict[str, Callable[[list[Item], str], list[dict[str, Any]]]] = {
    "nsb2019": nsb2019.to_surgeries,
    "nsb2023": nsb2023.to_surgeries,
    "nsb_present": nsb2023.to_surgeries,
    "las2020": las2020.to_surgeries,
}
WITH_COORDINATES = {"nsb2019", "nsb2023", "nsb_present"}  # the LAS procedures carry no coordinates


class IntendedMeasurementModel(BaseModel):
    """What one implanted fiber is meant to record on each channel; None is no measurement."""

    model_config = ConfigDict(extra="forbid")

    fiber_name: str | None
    intended_measurement_R: str | None
    intended_measurement_G: str | None
    intended_measurement_B: str | None
    intended_measurement_Iso: str | None


def to_part(list_key: str, items: list[Item], subject_id: str) -> Part:
    """One list's share of /procedures for the subject, with BREGMA_ARI as the coordinate system.

    :raises KeyError: for a list key not in LISTS.
    """
    surgeries = MAPPERS[list_key](items, subject_id)
    system = copied(BREGMA_ARI) if surgeries and list_key in WITH_COORDINATES else None
    return Part(subject_procedures=surgeries, coordinate_system=system)


def intended_measurements(items: list[Item]) -> list[dict[str, Any]]:
    """Each fiber's intended measurements in one NSB 2023-schema list, fibers named as in to_part."""
    return nsb2023.intended_measurements(items)


def merged_measurements(per_list: Iterable[list[dict[str, Any]]]) -> list[dict[str, Any]]:
    """The measurements of several lists, in order, each distinct entry once (a request can be in both)."""
    unique = {json.dumps(m, sort_keys=True): m for found in per_list for m in found}
    return list(unique.values())
