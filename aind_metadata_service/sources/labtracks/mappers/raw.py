"""LabTracks subject rows as /api/v2 serves them raw: the labtracks-service's Subject, by a table of columns."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, WithJsonSchema

from aind_metadata_service.sources.labtracks.records import ClassValues, SubjectRow, class_values

# LabTracks keeps local times without a zone, and /api/v2 sends them so ("2025-01-08T00:00:00"): no RFC 3339
# date-time, which is what pydantic's schema would claim; the schema says what the value is.
LocalDateTime = Annotated[
    datetime,
    WithJsonSchema(
        {
            "type": "string",
            "pattern": r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?$",
            "description": "Local time, no zone",
        }
    ),
]


class LabTracksSubject(BaseModel):
    """One raw LabTracks subject: ids and locations as text, CLASS_VALUES parsed, parents by id only."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    class_values: ClassValues | None
    sex: str | None
    birth_date: LocalDateTime | None
    death_date: LocalDateTime | None
    species_name: str | None
    cage_id: str | None
    room_id: str | None
    paternal_id: str | None
    maternal_id: str | None
    group_name: str | None
    group_description: str | None
    protocol_number: str | None
    protocol_title: str | None


def _text(value: Any) -> str | None:
    """A number as the labtracks-service writes it (decimals keep their scale), None as None."""
    return None if value is None else str(value)


# Each field from its row: the animal's own group names it, but the description is its mother's group's,
# as the labtracks-service's query has it (API-v2.md §3.6).
COLUMNS: dict[str, Callable[[SubjectRow], Any]] = {
    "id": lambda row: str(row.id),
    "class_values": lambda row: class_values(row.class_values),
    "sex": lambda row: row.sex,
    "birth_date": lambda row: row.birth_date,
    "death_date": lambda row: row.death_date,
    "species_name": lambda row: row.species_name,
    "cage_id": lambda row: _text(row.cage_id),
    "room_id": lambda row: _text(row.room_id),
    "paternal_id": lambda row: _text(row.paternal_id),
    "maternal_id": lambda row: _text(row.maternal_id),
    "group_name": lambda row: row.group_name,
    "group_description": lambda row: row.maternal_group_description,
    "protocol_number": lambda row: row.protocol_number,
    "protocol_title": lambda row: row.protocol_title,
}


def to_raw_subject(row: SubjectRow) -> LabTracksSubject:
    """The raw /api/v2 subject of one LabTracks row."""
    return LabTracksSubject.model_validate({name: column(row) for name, column in COLUMNS.items()})
