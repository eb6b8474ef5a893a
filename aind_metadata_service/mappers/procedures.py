"""Merging each source's share of a subject's procedures into one aind-data-schema Procedures."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from pydantic_core import to_jsonable_python


@dataclass
class Part:
    """One source's share of /procedures: model-shaped dicts, validated only once, after merging."""

    subject_procedures: list[dict[str, Any]] = field(default_factory=list)
    specimen_procedures: list[dict[str, Any]] = field(default_factory=list)
    coordinate_system: dict[str, Any] | None = None  # needed when any procedure carries coordinates
    weights: list[dict[str, Any]] = field(default_factory=list)  # weighings, for surgeries that lack weights

    def __bool__(self) -> bool:
        return bool(self.subject_procedures or self.specimen_procedures)


def _json(item: Any) -> str:
    """A canonical text of a record, for comparing records."""
    return json.dumps(to_jsonable_python(item), sort_keys=True)


def _procedure_key(procedure: dict[str, Any]) -> str:
    """What makes two sources' records of one procedure the same procedure."""
    kind = procedure.get("object_type")
    if kind == "Perfusion":
        return f"Perfusion:{sorted(procedure.get('output_specimen_ids') or [])}"
    if kind in ("Injection", "Brain injection") and procedure.get("targeted_structure"):
        return f"Injection:{(procedure['targeted_structure'] or {}).get('name')}"
    return _json(procedure)


def _key(item: dict[str, Any]) -> str:
    """A surgery is known by its date and what was done; anything else by its whole content."""
    if item.get("object_type") != "Surgery":
        return _json(item)
    done = sorted(_procedure_key(p) for p in item.get("procedures") or [])
    return f"Surgery:{item.get('start_date')}:{done}"


def _filled(value: Any) -> int:
    """How many values a record holds: of two records of one procedure, the fuller one is kept."""
    if isinstance(value, dict):
        return sum(_filled(v) for v in value.values())
    if isinstance(value, list):
        return sum(_filled(v) for v in value)
    return int(value not in (None, ""))


def _unique(items: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Items in order, each procedure once: the same surgery can stand in two sources."""
    kept: dict[str, dict[str, Any]] = {}
    for item in items:
        key = _key(item)
        if key not in kept or _filled(item) > _filled(kept[key]):
            kept[key] = item
    return list(kept.values())


def weighed(procedure: dict[str, Any], weights: list[dict[str, Any]]) -> dict[str, Any]:
    """A surgery with the animal's weights of that day where its own record has none; other procedures as they are."""
    from aind_metadata_service.sources.dataverse.mappers import with_weights

    return with_weights(procedure, weights) if procedure.get("object_type") == "Surgery" else procedure


def _with_protocol(procedures: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Procedures whose record lacks its IACUC protocol (Dataverse's water restrictions) take the animal's.

    Dataverse does not record the protocol of a water restriction. A restriction follows a surgery (a headframe
    for behaviour) under that surgery's protocol, so it takes the protocol of the latest surgery that started on
    or before it; with no such surgery the id stays missing and the answer says so (406) rather than guess.
    """
    surgeries = sorted(
        (str(p.get("start_date")), p["ethics_review_id"])
        for p in procedures
        if p.get("object_type") == "Surgery" and p.get("ethics_review_id")
    )
    found = []
    for p in procedures:
        if "ethics_review_id" in p and not p["ethics_review_id"]:
            before = [protocol for day, protocol in surgeries if day <= str(p.get("start_date"))]
            p = {**p, "ethics_review_id": before[-1]} if before else p
        found.append(p)
    return found


def merge(subject_id: str, parts: Iterable[Part]) -> dict[str, Any] | None:
    """One Procedures dict from the parts, duplicates removed; None when no part holds anything."""
    parts = [p for p in parts if p]
    if not parts:
        return None
    systems = [p.coordinate_system for p in parts if p.coordinate_system]
    weights = [w for p in parts for w in p.weights]
    subject_procedures = _with_protocol(_unique(x for p in parts for x in p.subject_procedures))
    return {
        "subject_id": subject_id,
        "subject_procedures": [weighed(x, weights) if weights else x for x in subject_procedures],
        "specimen_procedures": _unique(x for p in parts for x in p.specimen_procedures),
        "global_coordinate_system": systems[0] if systems else None,
    }
