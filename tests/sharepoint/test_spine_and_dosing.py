"""NSB 2023 spinal and grid burr holes, and the LAS IP dose duration, as tables; and on the demo's /procedures."""

from __future__ import annotations

import warnings
from typing import Any

import pytest
from aind_data_schema.core.procedures import Procedures
from flask.testing import FlaskClient

from aind_metadata_service.sources.sharepoint.mappers import las2020, spine, to_part

SPINAL = {
    "LabTracks_x0020_ID1": "600001",
    "Date_x0020_of_x0020_Surgery": "2024-09-16T07:00:00Z",
    "Procedure": "Custom",
    "Procedure_x0020_Slots": "Single session",
    "Burr_x0020_hole_x0020_1": "Spinal Injection",
    "Burr1_x0020_Perform_x0020_During": "Initial Surgery",
    "Burr_x0020_1_x0020_Spinal_x0020_": "Between C4-C5",
    "Inj1Type": "Nanoject (Pressure)",
    "Virus_x0020_A_x002f_P": 0.0,
    "Virus_x0020_M_x002f_L": 0.4,
    "Virus_x0020_D_x002f_V": 0.6,
    "inj1volperdepth": "100 nl",
    "Burr_x0020_1_x0020_Injectable_x0": "VT5907C",
    "Burr_x0020_1_x0020_Injectable_x03": "1.20E+13",
}
GRID = {
    **{k: v for k, v in SPINAL.items() if "Spinal" not in k and "x002f" not in k},
    "Burr_x0020_hole_x0020_1": "9 Grid Injection",
    "Virus_x0020_Hemisphere": "Left",
    "Burr_x0020_1_x0020_Intended_x002": ["MOp - Primary motor area"],
}


def validated(part: Any) -> Procedures:
    """A list's part as a Procedures, validated."""
    record = {
        "subject_id": "600001",
        "subject_procedures": part.subject_procedures,
        "global_coordinate_system": part.coordinate_system,
    }
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        return Procedures.model_validate(record)


@pytest.mark.parametrize(
    ("choice", "kind"),
    [
        ("Spinal Injection", spine.SPINAL),
        ("9 Grid Injection", spine.GRID),
        ("6 Grid Injection", spine.GRID),
        ("Stereotaxic Injection", spine.BRAIN),
        ("Injection & Fiber Implant", spine.BRAIN),
    ],
)
def test_a_burr_hole_choice_says_what_kind_of_site_it_is(choice: str, kind: str) -> None:
    assert spine.shape(choice) == kind


@pytest.mark.parametrize(
    ("gap", "name", "origin"),
    [
        ("Between C1-C2", "C1C2_ARI", "Between_C1-C2"),
        ("between c4 - c5", "C4C5_ARI", "Between_C4-C5"),
        ("Between T1-T2", "T1T2_ARI", "Between_T1-T2"),
        ("Between C5-C6", None, None),  # a gap the schema has no origin for
        ("Select...", None, None),
        (None, None, None),
    ],
)
def test_the_vertebral_gap_is_the_spinal_coordinate_systems_origin(gap: Any, name: Any, origin: Any) -> None:
    found = spine.spinal_system({"Burr_x0020_1_x0020_Spinal_x0020_": gap}, 1)
    assert (found or {}).get("name") == name and (found or {}).get("origin") == origin


def test_a_spinal_injection_is_placed_from_its_gap_in_a_valid_surgery() -> None:
    part = to_part("nsb2023", [SPINAL], "600001")
    [surgery] = part.subject_procedures
    [injection] = surgery["procedures"]
    assert surgery["coordinate_system"]["origin"] == "Between_C4-C5"
    assert injection["coordinate_system_name"] == surgery["coordinate_system"]["name"] == "C4C5_ARI"
    assert injection["coordinates"][0][0]["translation"] == [0.0, 0.4, 0.6]
    assert injection["injection_materials"][0]["titer"] == 12 * 10**12
    validated(part)


def test_a_spinal_injection_without_a_gap_keeps_its_coordinates_unknown() -> None:
    item = {**SPINAL, "Burr_x0020_1_x0020_Spinal_x0020_": "Select..."}
    [surgery] = to_part("nsb2023", [item], "600001").subject_procedures
    assert "coordinate_system" not in surgery
    assert surgery["procedures"][0]["coordinates"] is None


def test_a_grid_is_an_injection_with_its_dosing_and_a_note_instead_of_sites() -> None:
    part = to_part("nsb_present", [GRID], "600001")
    [surgery] = part.subject_procedures
    [injection] = surgery["procedures"]
    assert injection["object_type"] == "Injection" and injection["relative_position"] == ["Left"]
    assert injection["dynamics"][0]["volume"] == 100.0
    assert (
        surgery["notes"] == "Burr hole 1: 9-site grid injection targeting MOp; the sites' coordinates are not recorded"
    )
    validated(part)


IP = {
    "Title": "600001",
    "ReqPro1": "Dosing",
    "doseRoute": "Intraperitoneal (IP)",
    "doseSub": "Tamoxifen 20 mg/mL",
    "dosevolume": "75",
    "nStart_x0020_Date": "2024-11-18T08:00:00Z",
}


@pytest.mark.parametrize(
    ("duration", "dynamics", "notes"),
    [
        ("30 s", (30.0, "second"), None),
        ("10 min", (10.0, "minute"), None),
        ("2 hours", (2.0, "hour"), None),
        ("5", (None, None), "Dose duration: 5"),  # five days of dosing, the request's start to end
        ("5 days", (None, None), "Dose duration: 5 days"),
        (None, (None, None), None),
    ],
)
def test_the_ip_dose_duration_is_the_injections_duration_or_a_note(duration: Any, dynamics: Any, notes: Any) -> None:
    surgery = las2020.item_surgery({**IP, "doseduration": duration}, "600001")
    assert surgery is not None
    found = surgery["procedures"][0]["dynamics"][0]
    assert (found.get("duration"), found.get("duration_unit")) == dynamics
    assert surgery.get("notes") == notes
    validated(to_part("las2020", [{**IP, "doseduration": duration}], "600001"))


def procedures(client: FlaskClient, subject_id: str) -> dict[str, Any]:
    """The demo's valid /procedures data for a subject."""
    response = client.get(f"/procedures/{subject_id}")
    assert response.status_code == 200, response.json
    data: dict[str, Any] = response.json["data"]  # type: ignore[index]
    return data


def test_the_demo_subject_with_a_spinal_injection_has_it_in_procedures(client: FlaskClient) -> None:
    [surgery] = procedures(client, "752960")["subject_procedures"]
    assert surgery["coordinate_system"]["origin"] == "Between_C4-C5"
    assert [p["coordinate_system_name"] for p in surgery["procedures"]] == ["C4C5_ARI"]


def test_the_demo_subject_with_a_grid_injection_has_it_in_procedures(client: FlaskClient) -> None:
    [surgery] = procedures(client, "752961")["subject_procedures"]
    assert "grid injection targeting MOp" in surgery["notes"]


def test_the_demo_ip_dose_duration_is_in_procedures(client: FlaskClient) -> None:
    ip = [s for s in procedures(client, "760450")["subject_procedures"] if s["start_date"] == "2024-11-18"]
    assert ip[0]["procedures"][0]["dynamics"][0]["duration"] == 30.0
