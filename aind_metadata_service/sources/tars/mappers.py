"""TARS prep lots and viruses to aind-data-schema ViralMaterial, and TARS materials into a Procedures dict."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from datetime import date
from typing import Any

from aind_data_schema.components.injection_procedures import VirusPrepType
from aind_data_schema_models.registries import Registry

from aind_metadata_service.mappers import copied
from aind_metadata_service.sources.tars.records import Molecule, PrepLot, Virus, preferred

# TARS prep type -> (prep_type, prep_protocol). Types not listed (PHPeB-SOP-UW, VTC-AAV1, Unknown,
# "Iodixanol gradient purification (large scale preps)") say nothing we can map: both stay unknown.
PREP_TYPES: dict[str, tuple[VirusPrepType | None, str | None]] = {
    "Crude-SOP#VC002": (VirusPrepType.CRUDE, "SOP#VC002"),
    "Purified-SOP#VC003": (VirusPrepType.PURIFIED, "SOP#VC003"),
    "Crude-HGT": (VirusPrepType.CRUDE, "HGT"),
    "Rabies-SOP#VC001": (VirusPrepType.CRUDE, "SOP#VC001"),  # as the 2026 service; the seed left the type empty
    "CrudePHPeB-SOP#VC004": (VirusPrepType.CRUDE, "PHPeB-SOP#VC004"),
    "Crude-MGT#2.0": (VirusPrepType.CRUDE, "MGT#2.0"),
    "Crude-MGT#1.0": (VirusPrepType.CRUDE, "MGT#1.0"),
    "Purified-MGT#1.0": (VirusPrepType.PURIFIED, "MGT#1.0"),
    "Crude-HGT#1.0": (VirusPrepType.CRUDE, "HGT#1.0"),
}
_PREP_TYPES = {k.lower(): v for k, v in PREP_TYPES.items()}

# Injections sit directly in subject_procedures, inside a Surgery's procedures, or in a NonSurgicalInjection.
INJECTION_KINDS = {"Injection", "Brain injection"}
VIRAL = "Viral material"
DEFAULT_TITER_UNIT = "gc/mL"

_ISO_DATE = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})(?:[T ]|\s*$)")
_ADDGENE_RRID = re.compile(r"addgene[_:\s#]*(\d+)", re.IGNORECASE)


def prep_type_and_protocol(tars_type: str | None) -> tuple[str | None, str | None]:
    """The schema's prep type (its enum value) and the protocol, from TARS' prep type name."""
    kind, protocol = _PREP_TYPES.get((tars_type or "").strip().lower(), (None, None))
    return (kind.value if kind else None), protocol


def prep_date(value: str | None) -> date | None:
    """The calendar date of any ISO 8601 date or date-time ('2023-02-04', '…T00:00:00Z', '…+02:00', fractions)."""
    match = _ISO_DATE.match(value or "")
    if not match:
        return None
    try:
        return date(*(int(g) for g in match.groups()))
    except ValueError:  # 2023-02-30
        return None


def _addgene_id(molecule: Molecule) -> str | None:
    """The molecule's Addgene number: its addgeneId, else the number in an 'Addgene_…' RRID."""
    if molecule.addgene_id not in (None, ""):
        return str(molecule.addgene_id).strip()
    match = _ADDGENE_RRID.search(molecule.rr_id or "")
    return match.group(1) if match else None


def addgene(molecules: list[Molecule]) -> dict[str, Any] | None:
    """A PIDName in the Addgene registry for the molecules that have Addgene numbers, or None."""
    found = [(m, i) for m in molecules if (i := _addgene_id(m))]
    if not found:
        return None
    names = [m.full_name or preferred(m.aliases) or f"Addgene {i}" for m, i in found]
    return {
        "name": "; ".join(names),
        "registry": Registry.ADDGENE.value,
        "registry_identifier": "; ".join(i for _, i in found),
    }


def _titer(lot: PrepLot) -> int | None:
    """The lot's first titer (stock titer, gc/mL) as an integer."""
    result = lot.titers[0].result if lot.titers else None
    return None if result is None else int(result)


def to_viral_material(lot: PrepLot, virus: Virus | None) -> dict[str, Any]:
    """A ViralMaterial (as the dict aind-data-schema validates) from a prep lot and its virus.

    Without the virus the name is unknown, so the answer is 406 rather than a guessed name.
    """
    prep = lot.viral_prep
    kind, protocol = prep_type_and_protocol(prep.viral_prep_type.name if prep and prep.viral_prep_type else None)
    molecules = virus.molecules if virus else []
    names = [m.full_name for m in molecules if m.full_name]
    plasmids = [a for m in molecules if (a := preferred(m.aliases))]
    return {
        "object_type": VIRAL,
        "name": "; ".join(names) or None,
        "tars_identifiers": {
            "virus_tars_id": lot.virus_alias,
            "plasmid_tars_alias": plasmids or None,
            "prep_lot_number": lot.lot,
            "prep_date": prep_date(lot.date_prepped),
            "prep_type": kind,
            "prep_protocol": protocol,
        },
        "addgene_id": addgene(molecules),
        "titer": _titer(lot),
        "titer_unit": DEFAULT_TITER_UNIT,
    }


def _injections(procedures: Mapping[str, Any]) -> Iterator[dict[str, Any]]:
    """Every injection in a Procedures dict, wherever the schema allows one."""
    for item in procedures.get("subject_procedures") or []:
        kind = item.get("object_type")
        if kind in INJECTION_KINDS:
            yield item
        elif kind == "Surgery":
            yield from (p for p in item.get("procedures") or [] if p.get("object_type") in INJECTION_KINDS)
        elif kind == "Non surgical injection":
            yield from item.get("injections") or []


def _viral_materials(procedures: Mapping[str, Any]) -> Iterator[dict[str, Any]]:
    """Every ViralMaterial of every injection."""
    for injection in _injections(procedures):
        yield from (m for m in injection.get("injection_materials") or [] if m.get("object_type") == VIRAL)


def material_names(procedures: Mapping[str, Any]) -> list[str]:
    """The distinct ViralMaterial names (prep lots, as the surgery records write them), in order."""
    return list(dict.fromkeys(m["name"] for m in _viral_materials(procedures) if m.get("name")))


def apply_materials(procedures: Mapping[str, Any], found: Mapping[str, Mapping[str, Any]]) -> dict[str, Any]:
    """A copy of the Procedures dict with each ViralMaterial named in `found` replaced by TARS' material.

    The titer and its unit stay the surgery's: TARS holds the stock titer, the surgery the injected one.
    A TARS material without a name (its virus was not found) would turn a valid record invalid, so it is skipped.
    """
    merged = copied(dict(procedures))
    for material in _viral_materials(merged):
        tars = found.get(material.get("name") or "")
        if tars is None or not tars.get("name"):
            continue
        titer, unit = material.get("titer"), material.get("titer_unit", DEFAULT_TITER_UNIT)
        material.clear()
        material.update(copied(dict(tars)), titer=titer, titer_unit=unit)
    return merged
