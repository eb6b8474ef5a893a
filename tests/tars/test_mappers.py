"""TARS mapper tables: prep types, dates, Addgene ids, the ViralMaterial, and TARS materials in Procedures."""

from __future__ import annotations

import copy
import warnings
from datetime import date
from typing import Any

import pytest
from aind_data_schema.components.injection_procedures import ViralMaterial
from aind_data_schema.core.procedures import Procedures

from aind_metadata_service.sources.tars.mappers import (
    addgene,
    apply_materials,
    material_names,
    prep_date,
    prep_type_and_protocol,
    to_viral_material,
)
from aind_metadata_service.sources.tars.records import Molecule, PrepLot, Virus


@pytest.mark.parametrize(
    ("tars_type", "expected"),
    [
        ("Crude-SOP#VC002", ("Crude", "SOP#VC002")),
        ("Purified-SOP#VC003", ("Purified", "SOP#VC003")),
        ("Crude-HGT", ("Crude", "HGT")),
        ("Rabies-SOP#VC001", ("Crude", "SOP#VC001")),
        ("CrudePHPeB-SOP#VC004", ("Crude", "PHPeB-SOP#VC004")),
        ("Crude-MGT#2.0", ("Crude", "MGT#2.0")),
        ("Crude-MGT#1.0", ("Crude", "MGT#1.0")),
        ("Purified-MGT#1.0", ("Purified", "MGT#1.0")),
        ("Crude-HGT#1.0", ("Crude", "HGT#1.0")),
        (" crude-hgt#1.0 ", ("Crude", "HGT#1.0")),
        ("PHPeB-SOP-UW", (None, None)),
        ("VTC-AAV1", (None, None)),
        ("Unknown", (None, None)),
        ("Iodixanol gradient purification (large scale preps)", (None, None)),
        (None, (None, None)),
    ],
)
def test_each_tars_prep_type_maps_to_a_schema_prep_type_and_protocol(tars_type: str | None, expected: tuple) -> None:
    assert prep_type_and_protocol(tars_type) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2023-12-15T12:34:56Z", date(2023, 12, 15)),
        ("2023-12-15T12:34:56.483Z", date(2023, 12, 15)),
        ("2023-12-15T12:34:56.123456+00:00", date(2023, 12, 15)),
        ("2023-12-15T23:30:00-08:00", date(2023, 12, 15)),  # the date as TARS wrote it, not shifted to UTC
        ("2023-12-15 08:00", date(2023, 12, 15)),
        ("2023-12-15", date(2023, 12, 15)),
        ("12/15/2023", None),
        ("2023-02-30T00:00:00Z", None),
        ("2023-12-150", None),
        ("", None),
        (None, None),
    ],
)
def test_prep_dates_are_read_from_any_iso_date_or_date_time(text: str | None, expected: date | None) -> None:
    assert prep_date(text) == expected


def molecule(name: str | None, addgene_id: Any = None, rr_id: str | None = None, alias: str = "AiP1") -> Molecule:
    """A molecule as TARS sends it."""
    return Molecule.model_validate(
        {"fullName": name, "addgeneId": addgene_id, "rrId": rr_id, "aliases": [{"name": alias, "isPreferred": True}]}
    )


ADDGENE = "Addgene (ADDGENE)"


@pytest.mark.parametrize(
    ("molecules", "expected"),
    [
        ([molecule("pAAV-hSyn-EGFP", "50465")], {"name": "pAAV-hSyn-EGFP", "registry_identifier": "50465"}),
        ([molecule("pAAV-X", 28306)], {"name": "pAAV-X", "registry_identifier": "28306"}),
        ([molecule("pAAV-X", "", "Addgene_130998")], {"name": "pAAV-X", "registry_identifier": "130998"}),
        ([molecule("pAAV-X", None, "RRID:Addgene_37825")], {"name": "pAAV-X", "registry_identifier": "37825"}),
        ([molecule("pAAV-X", "", "SCR_002037")], None),
        ([molecule("pAAV-X")], None),
        (
            [molecule("pAAV-A", "1"), molecule("pAAV-B"), molecule("pAAV-C", "3")],
            {"name": "pAAV-A; pAAV-C", "registry_identifier": "1; 3"},
        ),
        ([molecule(None, "7", alias="AiP7")], {"name": "AiP7", "registry_identifier": "7"}),
        ([], None),
    ],
)
def test_addgene_ids_come_from_molecules_that_have_them(molecules: list[Molecule], expected: dict | None) -> None:
    assert addgene(molecules) == (None if expected is None else {**expected, "registry": ADDGENE})


LOT = {
    "lot": "VT3214G",
    "datePrepped": "2025-01-17T00:00:00.5Z",
    "viralPrep": {
        "viralPrepType": {"name": "CrudePHPeB-SOP#VC004"},
        "virus": {
            "aliases": [{"name": "GRAB-DA2m", "isPreferred": False}, {"name": "VIR1_PHPeB", "isPreferred": True}]
        },
    },
    "titers": [{"result": 2.48e13}, {"result": 1}],
}
VIRUS = {
    "aliases": [{"name": "VIR1_PHPeB", "isPreferred": True}],
    "molecules": [
        {"fullName": "pAAV-hSyn-GRAB-DA2m", "aliases": [{"name": "AiP1", "isPreferred": True}], "addgeneId": "140553"},
        {"fullName": "pAAV-hSyn-Cre", "aliases": [{"name": "pAAV-Cre", "isPreferred": False}], "addgeneId": None},
    ],
}


def validated(material: dict[str, Any]) -> ViralMaterial:
    """The material as aind-data-schema reads it."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        return ViralMaterial.model_validate(material)


def test_a_lot_and_its_virus_make_a_valid_viral_material_with_tars_identifiers() -> None:
    material = validated(to_viral_material(PrepLot.model_validate(LOT), Virus.model_validate(VIRUS)))
    assert material.name == "pAAV-hSyn-GRAB-DA2m; pAAV-hSyn-Cre"
    assert material.tars_identifiers is not None
    assert material.tars_identifiers.model_dump(exclude={"object_type"}) == {
        "virus_tars_id": "VIR1_PHPeB",
        "plasmid_tars_alias": ["AiP1"],  # the second molecule has no preferred alias
        "prep_lot_number": "VT3214G",
        "prep_date": date(2025, 1, 17),
        "prep_type": "Crude",
        "prep_protocol": "PHPeB-SOP#VC004",
    }
    assert material.addgene_id is not None and material.addgene_id.registry_identifier == "140553"
    assert (material.titer, material.titer_unit) == (24800000000000, "gc/mL")


def test_without_its_virus_a_lot_has_no_name_so_the_material_is_invalid_not_guessed() -> None:
    mapped = to_viral_material(PrepLot.model_validate({**LOT, "titers": []}), None)
    assert (mapped["name"], mapped["addgene_id"], mapped["titer"]) == (None, None, None)
    assert mapped["tars_identifiers"]["virus_tars_id"] == "VIR1_PHPeB"
    with pytest.raises(ValueError, match="name"):
        validated(mapped)


def test_a_lot_without_a_prep_keeps_only_what_it_has() -> None:
    mapped = to_viral_material(PrepLot.model_validate({"lot": "VT1", "viralPrep": None}), None)
    assert mapped["tars_identifiers"] == {
        "virus_tars_id": None,
        "plasmid_tars_alias": None,
        "prep_lot_number": "VT1",
        "prep_date": None,
        "prep_type": None,
        "prep_protocol": None,
    }


def viral(name: str, titer: int | None, unit: str = "gc/mL") -> dict[str, Any]:
    """A ViralMaterial as a surgery record writes it: the prep lot as its name."""
    return {"object_type": "Viral material", "name": name, "titer": titer, "titer_unit": unit}


def injection(*materials: dict[str, Any], kind: str = "Injection") -> dict[str, Any]:
    """An injection of the materials."""
    dynamics = [{"object_type": "Injection dynamics", "profile": "Bolus", "volume": 50, "volume_unit": "nanoliter"}]
    return {"object_type": kind, "injection_materials": list(materials), "dynamics": dynamics}


TAMOXIFEN = {"object_type": "Non viral material", "name": "Tamoxifen", "source": {"name": "Sigma-Aldrich"}}
HEADFRAME = {"object_type": "Headframe", "headframe_type": "AI Straight", "headframe_part_number": "0160-100-10"}
PROCEDURES = {
    "subject_id": "775745",
    "subject_procedures": [
        {
            "object_type": "Surgery",
            "start_date": "2025-03-10",
            "procedures": [HEADFRAME, injection(viral("VT3214G", 21000000000000), viral("VT4101", None), TAMOXIFEN)],
        },
        {
            "object_type": "Non surgical injection",
            "start_date": "2025-03-20",
            "ethics_review_id": "2414",
            "injections": [
                injection(viral("VT2891", 5000000000000, "GC/ml"), TAMOXIFEN),
                injection(viral("VT3214G", 1)),
            ],
        },
        {"object_type": "Training protocol", "training_name": "Habituation", "start_date": "2025-04-01"},
    ],
    "specimen_procedures": [],
}


def test_material_names_are_the_distinct_viral_materials_of_every_injection() -> None:
    bare = {"subject_procedures": [injection(viral("VT0001", 1), kind="Brain injection"), injection(TAMOXIFEN)]}
    assert material_names(PROCEDURES) == ["VT3214G", "VT4101", "VT2891"]
    assert material_names(bare) == ["VT0001"]
    assert material_names({"subject_procedures": None}) == []


def tars_material(lot: str, name: str | None = "pAAV-hSyn-GRAB-DA2m") -> dict[str, Any]:
    """A material as the TARS mapper makes it (with TARS' stock titer)."""
    lot_record = PrepLot.model_validate({**LOT, "lot": lot})
    return {**to_viral_material(lot_record, Virus.model_validate(VIRUS)), "name": name}


def test_applied_materials_replace_named_viral_materials_but_keep_the_surgery_titers() -> None:
    before = copy.deepcopy(PROCEDURES)
    merged = apply_materials(PROCEDURES, {"VT3214G": tars_material("VT3214G"), "VT2891": tars_material("VT2891")})
    assert PROCEDURES == before  # the input is left alone
    surgery_materials = merged["subject_procedures"][0]["procedures"][1]["injection_materials"]
    nsi = merged["subject_procedures"][1]["injections"]
    assert [(m["name"], m.get("titer"), m.get("titer_unit")) for m in surgery_materials] == [
        ("pAAV-hSyn-GRAB-DA2m", 21000000000000, "gc/mL"),
        ("VT4101", None, "gc/mL"),  # not found in TARS: as it was
        ("Tamoxifen", None, None),
    ]
    first = nsi[0]["injection_materials"][0]
    assert (first["name"], first["titer"], first["titer_unit"]) == ("pAAV-hSyn-GRAB-DA2m", 5000000000000, "GC/ml")
    assert nsi[1]["injection_materials"][0]["titer"] == 1  # not TARS' stock titer
    assert surgery_materials[0]["tars_identifiers"]["prep_lot_number"] == "VT3214G"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        Procedures.model_validate(merged)


def test_a_tars_material_without_a_name_does_not_replace_a_valid_one() -> None:
    merged = apply_materials(PROCEDURES, {"VT3214G": tars_material("VT3214G", name=None)})
    assert merged == PROCEDURES
