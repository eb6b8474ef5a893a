"""Funding and perfusions mappers as tables: project matching, funders, people, perfusion rows."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from aind_data_schema.components.subject_procedures import Surgery
from aind_data_schema.core.data_description import Funding
from pydantic import ValidationError

from aind_metadata_service.sources.smartsheet.mappers import funding, perfusions
from aind_metadata_service.sources.smartsheet.mappers.protocols import PERFUSION

# ---------------------------------------------------------------- funding

AI = {"name": "Allen Institute", "abbreviation": "AI", "registry": "Research Organization Registry (ROR)"}
NIMH = {"name": "National Institute of Mental Health", "abbreviation": "NIMH"}
NINDS = {"name": "National Institute of Neurological Disorders and Stroke", "abbreviation": "NINDS"}


def fund(
    project: str | None,
    sub: str | None = None,
    funder: str | None = None,
    grant: str | None = None,
    fundees: str | None = None,
    investigators: str | None = None,
) -> dict[str, Any]:
    """A funding row as the client parses it."""
    return {
        "Project Name": project,
        "Subproject": sub,
        "Project Code": None,
        "Funding Institution": funder,
        "Grant Number": grant,
        "Fundees": fundees,
        "Investigators": investigators,
    }


FUNDING_ROWS = [
    fund("Thalamus"),  # a section header
    fund("Thalamus", "Project 1", "Allen Institute", None, "Ann Lee, Bo Kim", "Ann Lee"),
    fund("Thalamus", "Project 1", "NINDS", "1R01NS1", "Ann Lee", "Ann Lee, Bo Kim"),
    fund("Thalamus", "Project 2", "Allen Institute", None, "Ann Lee, Bo Kim", "Cy Park"),
    fund("BCI", None, "NIMH", "1U01MH2", "Di Roe", "di.roe@example.org"),
    fund("Lone header"),
]


@pytest.mark.parametrize(
    ("row", "name"),
    [
        (fund("A"), "A"),
        (fund("A", "B"), "A - B"),
        (fund("  A ", " B "), "A - B"),
        (fund("Discovery-Neuromodulators", "Sub 1"), "Discovery-Neuromodulators - Sub 1"),
        (fund(None, "B"), None),
    ],
)
def test_a_row_is_named_by_its_project_and_subproject(row: dict[str, Any], name: str | None) -> None:
    assert funding.project_name(row) == name


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("Allen Institute", AI),
        ("NINDS", NINDS),
        ("nimh", NIMH),
        ("National Institute of Mental Health", NIMH),
        (" NIMH ", NIMH),
        ("NIH", "NIH"),
        ("", None),
        (None, None),
    ],
)
def test_a_funder_is_found_by_name_then_abbreviation_or_kept_raw(cell: str | None, expected: Any) -> None:
    found = funding.funder(cell)
    if isinstance(expected, dict):
        assert isinstance(found, dict) and expected.items() <= found.items()
    else:
        assert found == expected


@pytest.mark.parametrize(
    ("cell", "names"),
    [
        ("Ann Lee, Bo Kim", ["Ann Lee", "Bo Kim"]),
        ("Ann Lee;Bo Kim\nCy Park", ["Ann Lee", "Bo Kim", "Cy Park"]),
        ("Ann Lee, Ann Lee,", ["Ann Lee"]),
        ("ann.lee@example.org", ["ann.lee@example.org"]),
        ("", None),
        (None, None),
    ],
)
def test_a_people_cell_becomes_person_dicts(cell: str | None, names: list[str] | None) -> None:
    people = funding.people(cell)
    assert (None if people is None else [p["name"] for p in people]) == names


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        (
            "Thalamus",
            [("Allen Institute", None), ("National Institute of Neurological Disorders and Stroke", "1R01NS1")],
        ),
        (
            "Thalamus - Project 1",
            [("Allen Institute", None), ("National Institute of Neurological Disorders and Stroke", "1R01NS1")],
        ),
        ("Thalamus - Project 2", [("Allen Institute", None)]),
        (" BCI ", [("National Institute of Mental Health", "1U01MH2")]),
        ("Thalamus - Project 3", []),
        ("Lone header", []),
        ("thalamus", []),
    ],
)
def test_funding_matches_a_project_or_all_of_its_subprojects(name: str, expected: list[tuple[str, Any]]) -> None:
    found = funding.fundings(FUNDING_ROWS, name)
    assert [(f["funder"]["name"], f["grant_number"]) for f in found] == expected


def test_a_bare_project_gives_each_distinct_funding_line_of_its_subprojects_once() -> None:
    found = funding.fundings(FUNDING_ROWS, "Thalamus")
    assert len(found) == 2  # the Allen Institute line is the same in Project 1 and Project 2
    assert [p["name"] for p in found[0]["fundee"]] == ["Ann Lee", "Bo Kim"]


def test_mapped_funding_validates_and_an_unknown_funder_does_not() -> None:
    for item in funding.fundings(FUNDING_ROWS, "Thalamus"):
        Funding.model_validate(item)
    with pytest.raises(ValidationError):
        Funding.model_validate(funding.to_funding(fund("X", None, "NIH", "1")))


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Thalamus", ["Ann Lee", "Bo Kim", "Cy Park"]),
        ("Thalamus - Project 2", ["Cy Park"]),
        ("BCI", ["di.roe@example.org"]),
        ("Nobody", []),
    ],
)
def test_investigators_of_a_project_are_listed_once(name: str, expected: list[str]) -> None:
    assert [p["name"] for p in funding.investigators(FUNDING_ROWS, name)] == expected


def test_project_names_are_sorted_unique_and_leave_out_section_headers() -> None:
    assert funding.project_names(FUNDING_ROWS) == ["BCI", "Thalamus - Project 1", "Thalamus - Project 2"]


# ---------------------------------------------------------------- perfusions

DOIS = {PERFUSION: "dx.doi.org/10.17504/protocols.io.perf5"}


def perf(subject: Any, **cells: Any) -> dict[str, Any]:
    """A perfusions row as the client parses it."""
    row = {
        "subject id": subject,
        "date": "2025-06-02",
        "experimenter": "Ann Lee",
        "iacuc protocol": "2109 - Analysis of brain - wide circuits",
        "animal weight prior (g)": 24.5,
        "Output specimen id(s)": subject,
        "Postfix solution": "1xPBS",
        "Notes": None,
    }
    return {**row, **cells}


@pytest.mark.parametrize(
    ("cells", "field", "expected"),
    [
        ({}, "start_date", date(2025, 6, 2)),
        ({"date": "06/02/2025"}, "start_date", None),
        ({"date": "2025-02-30"}, "start_date", None),
        ({}, "ethics_review_id", "2109"),
        ({"iacuc protocol": "2115"}, "ethics_review_id", "2115"),
        ({"iacuc protocol": "pending"}, "ethics_review_id", None),
        ({}, "animal_weight_prior", 24.5),
        ({"animal weight prior (g)": "22"}, "animal_weight_prior", 22.0),
        ({"animal weight prior (g)": "22 g?"}, "animal_weight_prior", None),
        ({"animal weight prior (g)": 0}, "animal_weight_prior", None),
        ({}, "experimenters", ["Ann Lee"]),
        ({"experimenter": " "}, "experimenters", None),
        ({"Notes": "Good"}, "notes", "Good"),
        ({}, "notes", None),
    ],
)
def test_a_perfusion_row_maps_to_surgery_fields(cells: dict[str, Any], field: str, expected: Any) -> None:
    [surgery] = perfusions.to_surgeries([perf(689418.0, **cells)], "689418", DOIS)
    assert surgery[field] == expected


@pytest.mark.parametrize(
    ("cell", "ids"),
    [
        (689418.0, ["689418"]),
        ("689418", ["689418"]),
        ("689418_002, 689418_001", ["689418_001", "689418_002"]),
        ("689418.0", ["689418"]),
        (None, ["689418"]),
    ],
)
def test_output_specimen_ids_come_from_the_cell_or_default_to_the_whole_brain(cell: Any, ids: list[str]) -> None:
    [surgery] = perfusions.to_surgeries([perf(689418.0, **{"Output specimen id(s)": cell})], "689418", DOIS)
    assert surgery["procedures"][0]["output_specimen_ids"] == ids


@pytest.mark.parametrize(
    ("subject_cell", "matches"),
    [
        (689418.0, True),
        (689418, True),
        ("689418", True),
        (" 689418 ", True),
        ("0689418", True),
        (689419.0, False),
        ("pilot B", False),
        (None, False),
        (True, False),
        (689418.5, False),
    ],
)
def test_the_subject_cell_matches_only_the_same_number(subject_cell: Any, matches: bool) -> None:
    assert bool(perfusions.to_surgeries([perf(subject_cell)], "689418", DOIS)) is matches


def test_a_non_numeric_subject_in_another_row_does_not_fail_the_lookup() -> None:
    rows = [perf("pilot B"), perf(None), perf(689418.0, date="2023-10-20"), perf(689418.0, date="2023-09-01")]
    found = perfusions.to_surgeries(rows, "689418", DOIS)
    assert [s["start_date"] for s in found] == [date(2023, 9, 1), date(2023, 10, 20)]


@pytest.mark.parametrize(("dois", "protocol_id"), [(DOIS, DOIS[PERFUSION]), ({}, None)])
def test_the_perfusion_protocol_doi_is_set_when_the_protocols_sheet_has_it(
    dois: dict[str, str], protocol_id: str | None
) -> None:
    [surgery] = perfusions.to_surgeries([perf(775745.0)], "775745", dois)
    assert surgery["procedures"] == [
        {"object_type": "Perfusion", "protocol_id": protocol_id, "output_specimen_ids": ["775745"]}
    ]


def test_a_mapped_perfusion_validates_as_a_surgery_and_fills_a_procedures_part() -> None:
    [surgery] = perfusions.to_surgeries([perf(775745.0, Notes="Good")], "775745", DOIS)
    Surgery.model_validate(surgery)
    assert perfusions.to_part([perf(775745.0)], "775745", DOIS).subject_procedures[0]["ethics_review_id"] == "2109"
