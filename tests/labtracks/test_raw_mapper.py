"""The raw subject mapper and the CLASS_VALUES parser as tables: LabTracks rows to /api/v2's raw subject rows."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from decimal import Decimal
from typing import Any

import pytest

from aind_metadata_service.sources.labtracks.mappers.raw import to_raw_subject
from aind_metadata_service.sources.labtracks.records import ClassValues, SubjectRow, class_values

DECLARED = '<?xml version="1.0" encoding="utf-16"?><MouseCustomClass>{}</MouseCustomClass>'
ROW: dict[str, Any] = {
    "id": 545378,
    "class_values": DECLARED.format(
        "<Reserved_by>A. Person</Reserved_by><Full_Genotype>Pvalb-IRES-Cre/wt</Full_Genotype>"
    ),
    "sex": "F",
    "birth_date": datetime(2020, 8, 17),
    "death_date": datetime(2021, 3, 15, 10, 40),
    "paternal_id": 610102,
    "paternal_class_values": DECLARED.format("<Full_Genotype>Ai14(RCL-tdT)/Ai14(RCL-tdT)</Full_Genotype>"),
    "maternal_id": 610101,
    "maternal_class_values": DECLARED.format("<Full_Genotype>Pvalb-IRES-Cre/Pvalb-IRES-Cre</Full_Genotype>"),
    "species_name": "Mouse",
    "group_name": "Pvalb-Ai14 breeding",
    "group_description": "C57BL/6J",
    "maternal_group_name": "Pvalb-Ai14 stock",
    "maternal_group_description": "B6.129P2",
    "cage_id": 1362230,
    "room_id": 273,
    "protocol_number": "2115",
    "protocol_title": "Cortical circuits for visual behavior",
}


def raw(**changes: Any) -> dict[str, Any]:
    """The raw subject of the base row with some columns changed, as /api/v2 writes it."""
    return to_raw_subject(SubjectRow.model_validate({**ROW, **changes})).model_dump(mode="json")


@pytest.mark.parametrize(
    ("document", "expected"),
    [
        (
            DECLARED.format(
                "<Reserved_by> A. Person </Reserved_by><Reserve_Date>2022-07-14T00:00:00-07:00</Reserve_Date><Reason>Cohort 3</Reason>"
            ),
            {
                "reserved_by": "A. Person",
                "reserved_date": datetime(2022, 7, 14, tzinfo=timezone(timedelta(hours=-7))),
                "reason": "Cohort 3",
            },
        ),
        (
            "<MouseCustomClass><Solution>1xPBS</Solution><Full_Genotype>wt/wt</Full_Genotype><Phenotype>Blind</Phenotype></MouseCustomClass>",
            {"solution": "1xPBS", "full_genotype": "wt/wt", "phenotype": "Blind"},
        ),
        (DECLARED.format("<Reserved_by></Reserved_by><Reserve_Date>  </Reserve_Date><Reason/>"), {}),
        (DECLARED.format("<Reserve_Date>next Tuesday</Reserve_Date>"), {}),
        (
            DECLARED.format("<Earmark>L1</Earmark><Reason>x</Reason><Notes></Notes>"),
            {"reason": "x", "additional_properties": {"Earmark": "L1", "Notes": None}},
        ),
    ],
)
def test_class_values_elements_become_fields_and_unknown_ones_additional_properties(
    document: str, expected: dict[str, Any]
) -> None:
    assert class_values(document) == ClassValues.model_validate(expected)


@pytest.mark.parametrize(
    "document",
    [
        '<?xml version="1.0" encoding="utf-16"?><MouseCustomClass><Full_Genotype>wt/wt</Full_Geno',
        "not xml at all",
        "",
        "   ",
        None,
    ],
)
def test_missing_or_malformed_class_values_are_none(document: str | None) -> None:
    assert class_values(document) is None


@pytest.mark.parametrize(
    ("changes", "field", "expected"),
    [
        ({}, "id", "545378"),
        ({}, "paternal_id", "610102"),
        ({"maternal_id": None}, "maternal_id", None),
        ({}, "cage_id", "1362230"),
        ({"room_id": Decimal("-99999999999999.0000000000")}, "room_id", "-99999999999999.0000000000"),
        ({"cage_id": None}, "cage_id", None),
        ({}, "birth_date", "2020-08-17T00:00:00"),
        ({}, "death_date", "2021-03-15T10:40:00"),
        ({"death_date": None}, "death_date", None),
        ({"birth_date": "not a date"}, "birth_date", None),
        ({}, "group_name", "Pvalb-Ai14 breeding"),
        ({}, "group_description", "B6.129P2"),
        ({"maternal_group_description": None}, "group_description", None),
        ({"sex": "U", "species_name": "rat"}, "sex", "U"),
        ({"sex": "U", "species_name": "rat"}, "species_name", "rat"),
        ({}, "protocol_number", "2115"),
        ({"protocol_number": None, "protocol_title": None}, "protocol_title", None),
        ({"class_values": "<broken"}, "class_values", None),
    ],
)
def test_columns_map_to_raw_fields_by_table(changes: dict[str, Any], field: str, expected: Any) -> None:
    assert raw(**changes)[field] == expected


def test_a_raw_row_has_exactly_the_clients_fields_in_order() -> None:
    assert list(raw()) == [
        "id",
        "class_values",
        "sex",
        "birth_date",
        "death_date",
        "species_name",
        "cage_id",
        "room_id",
        "paternal_id",
        "maternal_id",
        "group_name",
        "group_description",
        "protocol_number",
        "protocol_title",
    ]
    assert raw()["class_values"] == {
        "reserved_by": "A. Person",
        "reserved_date": None,
        "reason": None,
        "solution": None,
        "full_genotype": "Pvalb-IRES-Cre/wt",
        "phenotype": None,
        "additional_properties": {},
    }


def test_parents_class_values_stay_out_of_the_raw_row() -> None:
    assert "Pvalb-IRES-Cre/Pvalb-IRES-Cre" not in str(raw())
