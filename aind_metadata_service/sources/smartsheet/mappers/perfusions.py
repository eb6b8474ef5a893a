"""Perfusions sheet rows to aind-data-schema 2.x Surgery dicts, each holding one Perfusion."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from aind_metadata_service.mappers.iacuc import protocol_number
from aind_metadata_service.mappers.procedures import Part
from aind_metadata_service.sources.smartsheet.mappers import integer_text, text
from aind_metadata_service.sources.smartsheet.mappers.protocols import PERFUSION
from aind_metadata_service.sources.smartsheet.records import Row

SUBJECT, DATE, EXPERIMENTER, IACUC = "subject id", "date", "experimenter", "iacuc protocol"
WEIGHT, SPECIMENS, NOTES = "animal weight prior (g)", "Output specimen id(s)", "Notes"

_ISO_DATE = re.compile(r"^\s*(\d{4}-\d{2}-\d{2})")
_SPECIMEN_SPLIT = re.compile(r"[,;\s]+")


def subject_of(row: Row) -> str | None:
    """The row's subject id as digits (689418.0 is "689418"); None for text such as "pilot B"."""
    return integer_text(row.get(SUBJECT))


def start_date(value: Any) -> date | None:
    """A DATE cell ("2025-06-02"); None when it is not an ISO date."""
    match = _ISO_DATE.match(text(value) or "")
    try:
        return date.fromisoformat(match.group(1)) if match else None
    except ValueError:
        return None


def weight(value: Any) -> float | None:
    """A weight in grams; None for text that is not a positive number."""
    if isinstance(value, bool) or value is None:
        return None
    try:
        grams = float(value)
    except (TypeError, ValueError):
        return None
    return grams if math.isfinite(grams) and grams > 0 else None


def specimen_ids(value: Any, subject_id: str) -> list[str]:
    """The specimens the perfusion made; a whole brain is known by the subject id when the cell is empty."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        found = [integer_text(value) or text(value) or ""]
    else:
        found = [integer_text(t) or t for t in _SPECIMEN_SPLIT.split(text(value) or "")]
    return sorted({s for s in found if s}) or [subject_id]


def to_surgery(row: Row, subject_id: str, doi: str | None) -> dict[str, Any]:
    """One perfusion row as a Surgery dict holding one Perfusion."""
    experimenter = text(row.get(EXPERIMENTER))
    return {
        "object_type": "Surgery",
        "start_date": start_date(row.get(DATE)),
        "experimenters": [experimenter] if experimenter else None,
        "ethics_review_id": protocol_number(row.get(IACUC)),
        "animal_weight_prior": weight(row.get(WEIGHT)),
        "notes": text(row.get(NOTES)),
        "procedures": [
            {
                "object_type": "Perfusion",
                "protocol_id": doi,
                "output_specimen_ids": specimen_ids(row.get(SPECIMENS), subject_id),
            }
        ],
    }


def to_surgeries(rows: Iterable[Row], subject_id: str, dois: Mapping[str, str]) -> list[dict[str, Any]]:
    """The subject's perfusions, oldest first; rows whose subject cell is not a number never match.

    `dois` is protocols.dois(rows of the protocols sheet); the perfusion protocol's DOI is set when known.
    """
    wanted = integer_text(subject_id)
    doi = dois.get(PERFUSION)
    found = [to_surgery(row, subject_id, doi) for row in rows if wanted and subject_of(row) == wanted]
    return sorted(found, key=lambda s: s["start_date"] or date.max)


def to_part(rows: Iterable[Row], subject_id: str, dois: Mapping[str, str]) -> Part:
    """Smartsheet perfusions' share of /procedures."""
    return Part(subject_procedures=to_surgeries(rows, subject_id, dois))
