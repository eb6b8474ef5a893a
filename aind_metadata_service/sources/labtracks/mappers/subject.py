"""LabTracks subject rows to an aind-data-schema Subject with MouseSubject details, by tables."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from aind_data_schema_models.organizations import Organization
from aind_data_schema_models.species import Species, Strain

from aind_metadata_service.sources.labtracks.records import SubjectRow, class_values

SEX = {"m": "Male", "male": "Male", "f": "Female", "female": "Female"}
SPECIES = {"mouse": Species.HOUSE_MOUSE, "mus musculus": Species.HOUSE_MOUSE, "rat": Species.NORWAY_RAT}
# Only three strains exist in the schema; LabTracks' group description names the animal's background.
STRAINS = {"c57bl/6j": Strain.C57BL_6J, "balb/c": Strain.BALB_C}

_ALLELE_SPLIT = re.compile(r"[;/\s]+")


def genotype(document: str | None) -> str | None:
    """The <Full_Genotype> text of a CLASS_VALUES document; None when missing or malformed."""
    parsed = class_values(document)
    return parsed.full_genotype if parsed else None


def allele_names(full_genotype: str | None) -> list[str]:
    """The allele names in a genotype, for MGI: 'Ai93(TITL-GCaMP6f)/wt;Slc17a7-IRES2-Cre/wt' gives two."""
    names = [n for n in _ALLELE_SPLIT.split(full_genotype or "") if n and n.lower() != "wt"]
    return list(dict.fromkeys(names))


def _id(value: int | Decimal | None) -> str | None:
    """A LabTracks id or location as whole-number text; negative numbers mean 'missing'."""
    return None if value is None or value < 0 else str(int(value))


def housing(row: SubjectRow) -> dict[str, Any] | None:
    """Room and cage, when either is known."""
    room, cage = _id(row.room_id), _id(row.cage_id)
    if room is None and cage is None:
        return None
    return {"object_type": "Housing", "room_id": room, "cage_id": cage}


def breeding_info(row: SubjectRow) -> dict[str, Any] | None:
    """Parents' ids and genotypes when any is known; a missing one makes the answer 406, not silent."""
    parents = {
        "maternal_id": _id(row.maternal_id),
        "maternal_genotype": genotype(row.maternal_class_values),
        "paternal_id": _id(row.paternal_id),
        "paternal_genotype": genotype(row.paternal_class_values),
    }
    if all(v is None for v in parents.values()):
        return None
    return {"object_type": "Breeding info", **{k: v for k, v in parents.items() if v is not None}}


def _lookup(table: dict[str, Any], value: str | None) -> Any:
    """A table entry for a case-insensitive, trimmed value, or None."""
    return table.get((value or "").strip().lower())


def to_subject(row: SubjectRow, alleles: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """A Subject (as the dict aind-data-schema validates) from one LabTracks row."""
    breeding = breeding_info(row)
    strain = _lookup(STRAINS, row.group_description)
    details: dict[str, Any] = {
        "object_type": "Mouse subject",
        "sex": _lookup(SEX, row.sex),
        "date_of_birth": row.birth_date.date() if row.birth_date else None,
        "species": _lookup(SPECIES, row.species_name),
        "strain": strain or Strain.UNKNOWN,
        "genotype": genotype(row.class_values),
        "alleles": alleles or [],
        "breeding_info": breeding,
        "housing": housing(row),
        # Parents recorded in the colony mean the animal was bred here; purchases carry no parents.
        "source": Organization.AI if breeding else Organization.UNKNOWN,
    }
    notes = None
    if strain is None and row.group_description:
        notes = f"LabTracks background strain: {row.group_description.strip()}"
    return {
        "subject_id": str(row.id),
        "subject_details": {k: v for k, v in details.items() if v is not None},
        "notes": notes,
    }
