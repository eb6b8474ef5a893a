"""Protocols sheet rows to protocol information, and protocol DOIs set on a Procedures dict by tables."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from pydantic import BaseModel, ConfigDict

from aind_metadata_service.mappers import copied
from aind_metadata_service.sources.smartsheet.mappers import text
from aind_metadata_service.sources.smartsheet.records import Row

TYPE, PROCEDURE, NAME, DOI, VERSION, COLLECTION = (
    "Protocol Type",
    "Procedure name",
    "Protocol name",
    "DOI",
    "Version",
    "Protocol collection",
)

# Protocol names as the sheet spells them.
SURGERY = "General Set-Up and Take-Down for Rodent Neurosurgery"
NANOJECT = "Injection of Viral Tracers by Nanoject V.4"
IONTOPHORESIS = "Stereotaxic Surgery for Delivery of Tracers by Iontophoresis V.3"
PERFUSION = "Mouse Cardiac Perfusion Fixation and Brain Collection V.5"
DURAGEL = "Duragel application for acute electrophysiological recordings"
IMMUNOLABELING = "Immunolabeling of a Whole Mouse Brain"
DCM_DELIPIDATION = "Tetrahydrofuran and Dichloromethane Delipidation of a Whole Mouse Brain"
SBIP_DELIPIDATION = "Aqueous (SBiP) Delipidation of a Whole Mouse Brain"
EXPANSION_MICROSCOPY = "Whole Mouse Brain Delipidation, Immunolabeling, and Expansion Microscopy"
GELATION = "Whole Mouse Brain Gelation and Digestion"
EXPANSION = "Expansion and Mounting of Hydrogel Embedded Brain"

# Each entry is a tuple of candidate names: the first one the sheet has a DOI for wins (newest version first).
Candidates = tuple[str, ...]
DCM: Candidates = (f"{DCM_DELIPIDATION} V.2", DCM_DELIPIDATION)
SBIP: Candidates = (f"{SBIP_DELIPIDATION} V.2", SBIP_DELIPIDATION)


def _kind(item: Mapping[str, Any]) -> str:
    """A dict's object_type, compared without case or spaces ("Brain injection" is "braininjection")."""
    return str(item.get("object_type") or "").replace(" ", "").casefold()


def _dynamics(procedure: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    """A brain injection's dynamics; empty for anything else."""
    return list(procedure.get("dynamics") or []) if _kind(procedure) == "braininjection" else []


# Surgical procedures: the first predicate that holds gives the protocol (iontophoresis before nanoject).
SURGICAL: list[tuple[Callable[[Mapping[str, Any]], bool], Candidates]] = [
    (lambda p: any(d.get("injection_current") for d in _dynamics(p)), (IONTOPHORESIS,)),
    (lambda p: any(d.get("profile") == "Bolus" for d in _dynamics(p)), (NANOJECT,)),
    (lambda p: _kind(p) == "perfusion", (PERFUSION,)),
    (lambda p: _kind(p) == "craniotomy" and p.get("protective_material") == "Duragel", (DURAGEL,)),
]

# Specimen procedures by procedure_type; each candidate tuple adds one DOI to the procedure's list.
SPECIMEN: dict[str, list[Candidates]] = {
    "Immunolabeling": [(IMMUNOLABELING,)],
    "Refractive index matching": [(EXPANSION_MICROSCOPY,)],
    "Gelation": [(GELATION, EXPANSION_MICROSCOPY)],
    "Expansion": [(EXPANSION, EXPANSION_MICROSCOPY)],
    "Delipidation": [DCM, SBIP],  # narrowed by DELIPIDATION when the name says which method
}
DELIPIDATION: list[tuple[re.Pattern[str], Candidates]] = [
    (re.compile(r"dcm|thf|tetrahydrofuran|dichloromethane", re.IGNORECASE), DCM),
    (re.compile(r"sbip|aqueous", re.IGNORECASE), SBIP),
]

# Every name the tables use, so the caller can fetch the protocols sheet alongside the other sources.
PROTOCOL_NAMES: tuple[str, ...] = tuple(
    sorted(
        {SURGERY}
        | {n for _, names in SURGICAL for n in names}
        | {n for groups in SPECIMEN.values() for names in groups for n in names}
    )
)


class ProtocolInformation(BaseModel):
    """One row of the protocols sheet, as /protocols answers it."""

    model_config = ConfigDict(extra="forbid")

    procedure_name: str | None = None
    protocol_name: str
    doi: str | None = None
    version: str | None = None
    protocol_type: str | None = None
    protocol_collection: bool = False


def to_protocol(row: Row) -> dict[str, Any]:
    """A protocols row in ProtocolInformation's shape; an unchecked (empty) checkbox is False."""
    collection = row.get(COLLECTION)
    return {
        "procedure_name": text(row.get(PROCEDURE)),
        "protocol_name": text(row.get(NAME)),
        "doi": text(row.get(DOI)),
        "version": text(row.get(VERSION)),
        "protocol_type": text(row.get(TYPE)),
        "protocol_collection": False if collection is None else collection if isinstance(collection, bool) else None,
    }


def protocols(rows: Iterable[Row], name: str) -> list[dict[str, Any]]:
    """Every row whose protocol name is exactly `name` (surrounding spaces aside)."""
    wanted = name.strip()
    return [to_protocol(row) for row in rows if text(row.get(NAME)) == wanted]


def dois(rows: Iterable[Row]) -> dict[str, str]:
    """Protocol name -> DOI; a name on several rows with different DOIs is ambiguous and left out."""
    found: dict[str, set[str]] = {}
    for row in rows:
        name, doi = text(row.get(NAME)), text(row.get(DOI))
        if name and doi:
            found.setdefault(name, set()).add(doi)
    return {name: next(iter(d)) for name, d in found.items() if len(d) == 1}


def _first_doi(candidates: Candidates, known: Mapping[str, str]) -> str | None:
    """The DOI of the first candidate name the sheet knows."""
    return next((known[n] for n in candidates if n in known), None)


def _specimen_groups(procedure: Mapping[str, Any]) -> list[Candidates]:
    """The protocols a specimen procedure follows; a delipidation's name or notes may say which method."""
    groups = SPECIMEN.get(str(procedure.get("procedure_type") or ""), [])
    if procedure.get("procedure_type") == "Delipidation":
        said = f"{procedure.get('procedure_name') or ''} {procedure.get('notes') or ''}"
        named = [names for pattern, names in DELIPIDATION if pattern.search(said)]
        groups = named or groups
    return groups


def _surgery_candidates(surgery: Mapping[str, Any]) -> Candidates:
    """Neurosurgery set-up applies to a surgery that did more than perfuse (a perfusion is terminal, not one)."""
    done = surgery.get("procedures") or []
    return () if done and all(_kind(p) == "perfusion" for p in done) else (SURGERY,)


def _surgical_candidates(procedure: Mapping[str, Any]) -> Candidates:
    """The protocol of one procedure within a surgery, by the SURGICAL table."""
    return next((names for holds, names in SURGICAL if holds(procedure)), ())


def _fill(item: dict[str, Any], candidates: Candidates, known: Mapping[str, str]) -> None:
    """Set a single protocol_id when it is unset and the sheet has a DOI."""
    doi = _first_doi(candidates, known)
    if doi and not item.get("protocol_id"):
        item["protocol_id"] = doi


def _fill_list(item: dict[str, Any], groups: list[Candidates], known: Mapping[str, str]) -> None:
    """Set a specimen procedure's protocol_id list when it is unset and the sheet has DOIs."""
    found = [d for d in (_first_doi(names, known) for names in groups) if d]
    if found and not item.get("protocol_id"):
        item["protocol_id"] = list(dict.fromkeys(found))


def apply_protocols(procedures: Mapping[str, Any], known: Mapping[str, str]) -> dict[str, Any]:
    """A copy of a Procedures dict with protocol DOIs set where unset; `known` is dois(protocol rows)."""
    result: dict[str, Any] = copied(dict(procedures))
    for surgery in result.get("subject_procedures") or []:
        if _kind(surgery) != "surgery":
            continue
        _fill(surgery, _surgery_candidates(surgery), known)
        for procedure in surgery.get("procedures") or []:
            _fill(procedure, _surgical_candidates(procedure), known)
    for procedure in result.get("specimen_procedures") or []:
        _fill_list(procedure, _specimen_groups(procedure), known)
    return result
