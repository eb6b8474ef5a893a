"""LabTracks' native rows and its CLASS_VALUES document, typed: what the client returns and the mappers read."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import datetime
from decimal import Decimal
from functools import lru_cache
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field


def _lenient_datetime(value: Any) -> datetime | None:
    """A date-time, or None for blanks and garbage: one bad cell makes the answer 406, not the request 500."""
    if value is None or isinstance(value, datetime):
        return value
    try:
        return datetime.fromisoformat(str(value).strip())
    except ValueError:
        return None


LenientDateTime = Annotated[datetime | None, BeforeValidator(_lenient_datetime)]


class Row(BaseModel):
    """A typed LabTracks row: every column is required (a renamed one fails here), any may be NULL."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class SubjectRow(Row):
    """One row of the subject query: the animal, its parents, species, groups and ACUC protocol.

    `group_*` is the animal's own group and `maternal_group_*` its mother's. CAGE_ID and ROOM_ID are numeric
    (decimal on SQL Server) and kept as the database gives them.
    """

    id: int
    class_values: str | None
    sex: str | None
    birth_date: LenientDateTime
    death_date: LenientDateTime
    paternal_id: int | None
    paternal_class_values: str | None
    maternal_id: int | None
    maternal_class_values: str | None
    species_name: str | None
    group_name: str | None
    group_description: str | None
    maternal_group_name: str | None
    maternal_group_description: str | None
    cage_id: Decimal | None
    room_id: Decimal | None
    protocol_number: str | None
    protocol_title: str | None


class TaskRow(Row):
    """One finished task on one animal (perfusions and retro-orbital injections among them)."""

    id: int
    task_type_id: int | None
    type_name: str | None
    date_start: LenientDateTime
    date_end: LenientDateTime
    investigator_id: int | None
    task_object: int
    protocol_number: str | None
    task_status: str | None


class ClassValues(BaseModel):
    """A CLASS_VALUES document (`<MouseCustomClass>`), its elements by LabTracks' tag names.

    Elements this model does not name are kept, as text, in `additional_properties`.
    """

    model_config = ConfigDict(frozen=True, populate_by_name=True)

    reserved_by: str | None = Field(None, validation_alias="Reserved_by")
    reserved_date: LenientDateTime = Field(None, validation_alias="Reserve_Date")
    reason: str | None = Field(None, validation_alias="Reason")
    solution: str | None = Field(None, validation_alias="Solution")
    full_genotype: str | None = Field(None, validation_alias="Full_Genotype")
    phenotype: str | None = Field(None, validation_alias="Phenotype")
    additional_properties: dict[str, str | None] = Field(default_factory=dict)


_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
_TAGS = {str(field.validation_alias) for field in ClassValues.model_fields.values() if field.validation_alias}


@lru_cache(maxsize=1024)
def class_values(document: str | None) -> ClassValues | None:
    """A CLASS_VALUES document parsed; None when it is missing or malformed. Blank elements are None.

    Parsed once per distinct document (the result is frozen): a subject's and its parents' are read on every answer.
    """
    if not document or not document.strip():
        return None
    try:
        # The document declares utf-16 but arrives as text; the declaration is dropped before parsing.
        root = ET.fromstring(_DECLARATION.sub("", document))
    except ET.ParseError:
        return None
    elements = {child.tag: (child.text or "").strip() or None for child in root}
    known = {tag: text for tag, text in elements.items() if tag in _TAGS}
    extra = {tag: text for tag, text in elements.items() if tag not in _TAGS}
    return ClassValues.model_validate({**known, "additional_properties": extra})
