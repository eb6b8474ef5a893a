"""The subject mapper as tables: LabTracks rows, odd ones included, to Subject dicts."""

from __future__ import annotations

import warnings
from datetime import datetime
from decimal import Decimal
from typing import Any

import pytest
from aind_data_schema.core.subject import Subject
from pydantic import ValidationError

from aind_metadata_service.sources.labtracks.mappers.subject import allele_names, genotype, to_subject
from aind_metadata_service.sources.labtracks.records import SubjectRow

XML = '<?xml version="1.0" encoding="utf-16"?><MouseCustomClass><Reserved_by>A</Reserved_by><Full_Genotype>{}</Full_Genotype></MouseCustomClass>'
BASE: dict[str, Any] = {
    "id": 775745,
    "class_values": XML.format("Pvalb-IRES-Cre/wt;Ai14(RCL-tdT)/wt"),
    "sex": "F",
    "birth_date": datetime(2024, 7, 15),
    "paternal_id": 610102,
    "paternal_class_values": XML.format("Ai14(RCL-tdT)/Ai14(RCL-tdT)"),
    "maternal_id": 610101,
    "maternal_class_values": XML.format("Pvalb-IRES-Cre/Pvalb-IRES-Cre"),
    "species_name": "Mouse",
    "group_name": "Experimental cohort 2024-07",
    "group_description": "C57BL/6J",
    "maternal_group_name": "Pvalb-Ai14 breeding",
    "maternal_group_description": "C57BL/6J",
    "cage_id": 1409933,
    "room_id": 273,
    "death_date": None,
    "protocol_number": "2115",
    "protocol_title": "Cortical circuits for visual behavior",
}


def subject(**changes: Any) -> dict[str, Any]:
    """The mapped subject of the base row with some columns changed."""
    return to_subject(SubjectRow.model_validate({**BASE, **changes}))


def details(**changes: Any) -> dict[str, Any]:
    """The mouse details of the mapped subject."""
    return subject(**changes)["subject_details"]


def problems(mapped: dict[str, Any]) -> list[str]:
    """What aind-data-schema says is wrong, as 'loc: msg' lines; [] when valid."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            Subject.model_validate(mapped)
    except ValidationError as e:
        return [".".join(map(str, err["loc"][2:])) for err in e.errors()]
    return []


@pytest.mark.parametrize(
    ("class_values", "expected"),
    [
        (XML.format("Ai93(TITL-GCaMP6f)/wt"), "Ai93(TITL-GCaMP6f)/wt"),
        ("<MouseCustomClass><Full_Genotype> wt/wt </Full_Genotype></MouseCustomClass>", "wt/wt"),
        (XML.format(""), None),
        ("<MouseCustomClass><Reason>x</Reason></MouseCustomClass>", None),
        ('<?xml version="1.0" encoding="utf-16"?><MouseCustomClass><Full_Genotype>wt/wt</Full_Geno', None),
        ("not xml at all", None),
        ("", None),
        (None, None),
    ],
)
def test_genotype_comes_from_the_class_values_xml(class_values: str | None, expected: str | None) -> None:
    assert genotype(class_values) == expected


@pytest.mark.parametrize(
    ("full", "names"),
    [
        (
            "Slc17a7-IRES2-Cre/wt;Camk2a-tTA/wt;Ai93(TITL-GCaMP6f)/wt",
            ["Slc17a7-IRES2-Cre", "Camk2a-tTA", "Ai93(TITL-GCaMP6f)"],
        ),
        ("Pvalb-IRES-Cre/Pvalb-IRES-Cre", ["Pvalb-IRES-Cre"]),
        ("wt/wt", []),
        (None, []),
    ],
)
def test_allele_names_are_the_distinct_non_wild_type_tokens(full: str | None, names: list[str]) -> None:
    assert allele_names(full) == names


@pytest.mark.parametrize(
    ("changes", "field", "expected"),
    [
        ({"sex": "M"}, "sex", "Male"),
        ({"sex": "f"}, "sex", "Female"),
        ({"sex": " Female "}, "sex", "Female"),
        ({"sex": "U"}, "sex", None),
        ({"sex": None}, "sex", None),
        ({"species_name": "rat"}, "species", "Rattus norvegicus"),
        ({"species_name": "Hamster"}, "species", None),
        ({"group_description": "BALB/c"}, "strain", "BALB/c"),
        ({"group_description": "c57bl/6j"}, "strain", "C57BL/6J"),
        ({"group_description": "129S1/SvImJ"}, "strain", "Unknown"),
        ({"group_description": None}, "strain", "Unknown"),
        ({"birth_date": None}, "date_of_birth", None),
        ({"cage_id": -1, "room_id": -1}, "housing", None),
        ({"cage_id": None, "room_id": 271}, "housing", {"object_type": "Housing", "room_id": "271", "cage_id": None}),
        (
            {"cage_id": Decimal("1409933.0000000000"), "room_id": Decimal("273.0000000000")},
            "housing",
            {"object_type": "Housing", "room_id": "273", "cage_id": "1409933"},
        ),
    ],
)
def test_columns_map_by_table(changes: dict[str, Any], field: str, expected: Any) -> None:
    value = details(**changes).get(field)
    assert getattr(value, "name", value) == expected


def test_a_house_bred_mouse_has_its_parents_and_allen_institute_as_source() -> None:
    mapped = details()
    assert mapped["breeding_info"] == {
        "object_type": "Breeding info",
        "maternal_id": "610101",
        "maternal_genotype": "Pvalb-IRES-Cre/Pvalb-IRES-Cre",
        "paternal_id": "610102",
        "paternal_genotype": "Ai14(RCL-tdT)/Ai14(RCL-tdT)",
    }
    assert mapped["source"].abbreviation == "AI"
    assert problems(subject()) == []


def test_a_purchased_mouse_has_no_breeding_info_and_an_unknown_source() -> None:
    mapped = details(paternal_id=None, maternal_id=None, paternal_class_values=None, maternal_class_values=None)
    assert "breeding_info" not in mapped and mapped["source"].name == "Unknown"
    assert (
        problems(subject(paternal_id=None, maternal_id=None, paternal_class_values=None, maternal_class_values=None))
        == []
    )


@pytest.mark.parametrize(
    ("changes", "errors"),
    [
        ({"sex": "U"}, ["sex"]),
        ({"class_values": "<broken"}, ["genotype"]),
        ({"species_name": "Rat"}, [""]),
        (
            {"paternal_id": None, "paternal_class_values": None},
            ["breeding_info.paternal_id", "breeding_info.paternal_genotype", "source"],
        ),
        ({"birth_date": None}, ["date_of_birth"]),
    ],
)
def test_odd_rows_map_to_subjects_that_fail_validation_where_they_are_odd(
    changes: dict[str, Any], errors: list[str]
) -> None:
    assert problems(subject(**changes)) == errors


def test_a_strain_outside_the_schema_is_unknown_and_kept_in_notes() -> None:
    mapped = subject(group_description="129S1/SvImJ")
    assert mapped["notes"] == "LabTracks background strain: 129S1/SvImJ"
    assert problems(mapped) == []
