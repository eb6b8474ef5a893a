"""Protocols mapper as tables: protocol rows, DOIs by name, and protocol DOIs applied to a Procedures dict."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from aind_data_schema.core.procedures import Procedures

from aind_metadata_service.sources.smartsheet.mappers import protocols
from aind_metadata_service.sources.smartsheet.mappers.protocols import (
    DURAGEL,
    EXPANSION_MICROSCOPY,
    GELATION,
    IMMUNOLABELING,
    IONTOPHORESIS,
    NANOJECT,
    PERFUSION,
    SURGERY,
    ProtocolInformation,
)


def proto(name: Any, doi: Any = "dx.doi.org/10.17504/protocols.io.x", **cells: Any) -> dict[str, Any]:
    """A protocols row as the client parses it."""
    row = {
        "Protocol Type": "Surgical Procedures",
        "Procedure name": "Perfusion",
        "Protocol name": name,
        "DOI": doi,
        "Version": 5.0,
        "Protocol collection": None,
    }
    return {**row, **cells}


@pytest.mark.parametrize(
    ("cells", "field", "expected"),
    [
        ({}, "version", "5"),
        ({"Version": 2.5}, "version", "2.5"),
        ({"Version": None}, "version", None),
        ({}, "protocol_collection", False),
        ({"Protocol collection": True}, "protocol_collection", True),
        ({"Protocol collection": "yes"}, "protocol_collection", None),
        ({}, "protocol_type", "Surgical Procedures"),
        ({}, "procedure_name", "Perfusion"),
    ],
)
def test_a_protocol_row_maps_to_protocol_information(cells: dict[str, Any], field: str, expected: Any) -> None:
    assert protocols.to_protocol(proto("P", **cells))[field] == expected


def test_protocol_information_validates_a_mapped_row() -> None:
    info = ProtocolInformation.model_validate(protocols.to_protocol(proto("P", **{"Protocol collection": True})))
    assert (info.protocol_name, info.version, info.protocol_collection) == ("P", "5", True)


@pytest.mark.parametrize(
    ("name", "count"),
    [("Perfusion V.5", 1), (" Perfusion V.5 ", 1), ("perfusion v.5", 0), ("Perfusion", 0), ("Twice", 2)],
)
def test_protocols_match_the_exact_name(name: str, count: int) -> None:
    rows = [proto("Perfusion V.5"), proto("Twice"), proto("Twice", Version=2.0), proto(None)]
    assert len(protocols.protocols(rows, name)) == count


def test_dois_leave_out_names_without_a_doi_or_with_conflicting_dois() -> None:
    rows = [
        proto("A", "doi/a"),
        proto("B", None),
        proto("C", "doi/c1"),
        proto("C", "doi/c2"),
        proto("D", "doi/d"),
        proto("D", "doi/d"),
        proto(None, "doi/none"),
    ]
    assert protocols.dois(rows) == {"A": "doi/a", "D": "doi/d"}


def test_protocol_names_cover_every_procedure_kind_the_service_knows() -> None:
    names = protocols.PROTOCOL_NAMES
    assert list(names) == sorted(set(names))
    for name in (
        SURGERY,
        NANOJECT,
        IONTOPHORESIS,
        PERFUSION,
        DURAGEL,
        IMMUNOLABELING,
        GELATION,
        "Tetrahydrofuran and Dichloromethane Delipidation of a Whole Mouse Brain V.2",
        "Aqueous (SBiP) Delipidation of a Whole Mouse Brain",
        EXPANSION_MICROSCOPY,
        "Expansion and Mounting of Hydrogel Embedded Brain",
    ):
        assert name in names


# Every known protocol gets a DOI named after it, so expectations read as protocol names.
KNOWN = {name: f"doi:{name}" for name in protocols.PROTOCOL_NAMES}


def injection(**dynamics: Any) -> dict[str, Any]:
    """A brain injection dict with one dynamics entry."""
    return {"object_type": "Brain injection", "dynamics": [dynamics], "injection_materials": []}


SURGICAL_CASES = [
    (injection(profile="Bolus", volume=50), NANOJECT),
    (injection(profile="Pulsed", injection_current=5.0), IONTOPHORESIS),
    (injection(profile="Continuous", volume=50), None),
    ({"object_type": "Perfusion", "output_specimen_ids": ["1"]}, PERFUSION),
    ({"object_type": "Craniotomy", "craniotomy_type": "Circle", "protective_material": "Duragel"}, DURAGEL),
    ({"object_type": "Craniotomy", "craniotomy_type": "Circle", "protective_material": "Kwik-Cast"}, None),
    ({"object_type": "Headframe", "headframe_type": "WHC"}, None),
    ({**injection(profile="Bolus", volume=50), "protocol_id": "doi:kept"}, "kept"),
]


@pytest.mark.parametrize(("procedure", "expected"), SURGICAL_CASES)
def test_a_surgical_procedure_gets_its_protocol_doi(procedure: dict[str, Any], expected: str | None) -> None:
    surgery = {"object_type": "Surgery", "procedures": [procedure]}
    done = protocols.apply_protocols({"subject_procedures": [surgery]}, KNOWN)
    assert done["subject_procedures"][0]["procedures"][0].get("protocol_id") == (expected and f"doi:{expected}")


@pytest.mark.parametrize(
    ("done", "expected"),
    [
        ([injection(profile="Bolus", volume=50)], SURGERY),
        ([{"object_type": "Perfusion"}, {"object_type": "Headframe"}], SURGERY),
        ([{"object_type": "Perfusion"}], None),
    ],
)
def test_a_surgery_gets_the_neurosurgery_protocol_unless_it_only_perfused(
    done: list[dict[str, Any]], expected: str | None
) -> None:
    result = protocols.apply_protocols({"subject_procedures": [{"object_type": "Surgery", "procedures": done}]}, KNOWN)
    assert result["subject_procedures"][0].get("protocol_id") == (expected and f"doi:{expected}")


V2_DCM = "Tetrahydrofuran and Dichloromethane Delipidation of a Whole Mouse Brain V.2"
V2_SBIP = "Aqueous (SBiP) Delipidation of a Whole Mouse Brain V.2"
EXPANSION = "Expansion and Mounting of Hydrogel Embedded Brain"


@pytest.mark.parametrize(
    ("procedure", "known", "expected"),
    [
        ({"procedure_type": "Immunolabeling"}, KNOWN, [IMMUNOLABELING]),
        ({"procedure_type": "Delipidation", "procedure_name": "SBiP delipidation"}, KNOWN, [V2_SBIP]),
        ({"procedure_type": "Delipidation", "notes": "DCM, 3 washes"}, KNOWN, [V2_DCM]),
        ({"procedure_type": "Delipidation"}, KNOWN, [V2_DCM, V2_SBIP]),
        (
            {"procedure_type": "Delipidation", "procedure_name": "SBiP"},
            {k: v for k, v in KNOWN.items() if k != V2_SBIP},
            ["Aqueous (SBiP) Delipidation of a Whole Mouse Brain"],
        ),
        ({"procedure_type": "Gelation"}, KNOWN, [GELATION]),
        ({"procedure_type": "Gelation"}, {k: v for k, v in KNOWN.items() if k != GELATION}, [EXPANSION_MICROSCOPY]),
        ({"procedure_type": "Expansion"}, KNOWN, [EXPANSION]),
        ({"procedure_type": "Refractive index matching"}, KNOWN, [EXPANSION_MICROSCOPY]),
        ({"procedure_type": "Sectioning"}, KNOWN, None),
        ({"procedure_type": "Immunolabeling", "protocol_id": ["doi:kept"]}, KNOWN, ["kept"]),
        ({"procedure_type": "Immunolabeling"}, {}, None),
    ],
)
def test_a_specimen_procedure_gets_the_protocol_dois_of_its_type(
    procedure: dict[str, Any], known: dict[str, str], expected: list[str] | None
) -> None:
    result = protocols.apply_protocols({"specimen_procedures": [procedure]}, known)
    found = result["specimen_procedures"][0].get("protocol_id")
    assert found == (expected and [f"doi:{n}" for n in expected])


def sample_procedures() -> dict[str, Any]:
    """A merged Procedures dict as /procedures builds it, valid against aind-data-schema."""
    return {
        "object_type": "Procedures",
        "subject_id": "775745",
        "subject_procedures": [
            {
                "object_type": "Surgery",
                "start_date": "2025-03-10",
                "experimenters": ["NSB"],
                "procedures": [
                    {
                        "object_type": "Craniotomy",
                        "craniotomy_type": "Dual hemisphere craniotomy",
                        "protective_material": "Duragel",
                    },
                ],
            },
            {
                "object_type": "Surgery",
                "start_date": "2025-06-02",
                "procedures": [{"object_type": "Perfusion", "output_specimen_ids": ["775745"]}],
            },
        ],
        "specimen_procedures": [
            {
                "object_type": "Specimen procedure",
                "procedure_type": "Delipidation",
                "procedure_name": "DCM",
                "specimen_id": "775745",
                "start_date": "2025-06-10",
                "end_date": "2025-06-12",
            },
        ],
    }


def test_applying_protocols_to_a_procedures_dict_keeps_it_valid_and_leaves_the_input_alone() -> None:
    given = sample_procedures()
    before = copy.deepcopy(given)
    done = protocols.apply_protocols(given, KNOWN)
    assert given == before
    model = Procedures.model_validate(done)
    cranio_surgery, perfusion_surgery = model.subject_procedures
    assert cranio_surgery.protocol_id == f"doi:{SURGERY}"
    assert cranio_surgery.procedures[0].protocol_id == f"doi:{DURAGEL}"
    assert perfusion_surgery.protocol_id is None
    assert perfusion_surgery.procedures[0].protocol_id == f"doi:{PERFUSION}"
    assert model.specimen_procedures[0].protocol_id == [f"doi:{V2_DCM}"]
