"""SharePoint mappers as tables: each list's columns to Surgery dicts, fibers named once, garbage never raising."""

from __future__ import annotations

import itertools
import warnings
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from aind_data_schema.core.procedures import Procedures

from aind_metadata_service.sources.sharepoint.mappers import LISTS, intended_measurements, merged_measurements, to_part
from aind_metadata_service.sources.sharepoint.mappers.nsb2023 import BURRS

Items = Callable[[str, str], list[dict[str, Any]]]
Item = Callable[[str, str], dict[str, Any]]


def surgeries(list_key: str, *items: dict[str, Any], subject_id: str = "600001") -> list[dict[str, Any]]:
    """The surgeries a list's items map to."""
    return to_part(list_key, list(items), subject_id).subject_procedures


def kinds(surgery: dict[str, Any]) -> list[str]:
    """The object types of a surgery's procedures."""
    return [p["object_type"] for p in surgery["procedures"]]


def validated(subject_id: str, part: Any) -> Procedures:
    """The part as a Procedures, validated; the schema's deprecation warnings on valid input are noise."""
    record = {
        "subject_id": subject_id,
        "subject_procedures": part.subject_procedures,
        "global_coordinate_system": part.coordinate_system,
    }
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        return Procedures.model_validate(record)


# --- NSB 2019 -------------------------------------------------------------------------------------------------

NSB2019_BASE = {"LabTracks_x0020_ID": "600001", "Date_x0020_of_x0020_Surgery": "2021-03-15T07:00:00Z"}


@pytest.mark.parametrize(
    ("headpost_type", "expected"),
    [
        ("CAM-style headframe (0160-100-10 Rev A)", ("CAM-style", "0160-100-10", "CAM", "Rev A")),
        ("Neuropixel-style headframe (0160-100-10/0160-200-36)", ("Neuropixel-style", "0160-100-10", "Neuropixel", "0160-200-36")),
        ("Mesoscope-style well with NGC-style headframe (0160-200-20/0160-100-10)", ("NGC-style", "0160-100-10", "Mesoscope", "0160-200-20")),
        ("WHC #42 with Neuropixel well and well cap", ("WHC #42", "0160-100-42", "Neuropixel", "0160-200-36")),
        ("NGC-style headframe, no well (0160-100-10)", ("NGC-style", "0160-100-10", None, None)),
        ("AI Straight Headbar", ("AI Straight Headbar", None, None, None)),
        ("Same as last time", ("Same as last time", None, None, None)),
    ],
)  # fmt: skip
def test_nsb2019_headpost_types_give_the_headframe_and_well_part_numbers(headpost_type: str, expected: tuple) -> None:
    (surgery,) = surgeries("nsb2019", {**NSB2019_BASE, "Procedure": "HP only", "HeadpostType": headpost_type})
    (headframe,) = surgery["procedures"]
    found = (
        headframe["headframe_type"],
        headframe["headframe_part_number"],
        headframe["well_type"],
        headframe["well_part_number"],
    )
    assert found == expected


@pytest.mark.parametrize(
    ("columns", "expected"),
    [
        ({"CraniotomyType": "Visual Cortex 5mm", "HpLoc": "Left", "Breg2Lamb": "4.2"}, ("Circle", 5.0, [-2.9, -2.8, 0.0])),
        ({"CraniotomyType": "Visual Cortex 5mm", "HpLoc": "Right", "Breg2Lamb": "4"}, ("Circle", 5.0, [-2.7, 2.8, 0.0])),
        ({"CraniotomyType": "Visual Cortex 5mm", "HpLoc": "Left"}, ("Circle", 5.0, ["Left"])),
        ({"CraniotomyType": "Frontal Window 3mm", "HpLoc": "Right", "Breg2Lamb": "4.1"}, ("Circle", 3.0, ["Right"])),
        ({"CraniotomyType": "WHC NP", "HpLoc": "Left"}, ("Whole hemisphere craniotomy", None, ["Left"])),
        ({"CraniotomyType": "WHC NP", "HpLoc": "Center"}, ("Whole hemisphere craniotomy", None, None)),
        ({"CraniotomyType": "big"}, ("Other", None, None)),
    ],
)  # fmt: skip
def test_nsb2019_craniotomy_types_give_type_size_and_the_standard_windows_position(
    columns: dict, expected: tuple
) -> None:
    (surgery,) = surgeries("nsb2019", {**NSB2019_BASE, "Procedure": "WHC NP", **columns})
    (craniotomy,) = surgery["procedures"]
    position = craniotomy["position"]
    found = position["translation"] if isinstance(position, dict) else position
    assert (craniotomy["craniotomy_type"], craniotomy["size"], found) == expected
    assert craniotomy["coordinate_system_name"] == ("BREGMA_ARI" if isinstance(position, dict) else None)


@pytest.mark.parametrize(
    ("procedure", "expected"),
    [
        ("HP only", [["Headframe"]]),
        ("HP+C CAM", [["Headframe", "Craniotomy"]]),
        ("INJ+HP+C", [["Headframe", "Craniotomy"], ["Brain injection"]]),
        ("INJ+WHC NP", [["Craniotomy"], ["Brain injection"]]),
        ("Stereotaxic Injection", [["Brain injection"]]),
        ("HP+Injection+Optic Fiber Implant", [["Headframe", "Probe implant"], ["Brain injection"]]),
        ("Custom", [["Generic surgery procedure"]]),
        ("Training Surgery", [["Generic surgery procedure"]]),
    ],
)
def test_nsb2019_procedure_names_decide_which_surgeries_and_procedures_are_built(
    procedure: str, expected: list
) -> None:
    item = {**NSB2019_BASE, "Procedure": procedure, "FiberImplant1": True, "Virus_x0020_A_x002f_P": "1.0"}
    assert [kinds(s) for s in surgeries("nsb2019", item)] == expected


def test_nsb2019_an_item_without_a_procedure_maps_to_nothing() -> None:
    assert surgeries("nsb2019", NSB2019_BASE) == []


@pytest.mark.parametrize(
    ("round_two", "expected_rounds"),
    [
        ({}, 1),
        ({"Inj2Round": "NA"}, 1),
        ({"Inj2Type": "Select..."}, 1),
        ({"Inj2Round": "2nd"}, 2),
        ({"Inj2Type": "Iontophoresis"}, 2),
    ],
)
def test_nsb2019_the_second_round_is_added_only_when_its_type_or_round_is_filled(
    round_two: dict, expected_rounds: int
) -> None:
    item = {**NSB2019_BASE, "Procedure": "Stereotaxic Injection", "Inj1Type": "Nanoject (Pressure)", **round_two}
    assert len(surgeries("nsb2019", item)) == expected_rounds


def test_nsb2019_an_injection_round_carries_its_own_date_weights_isoflurane_surgeon_and_dynamics(
    demo_item: Item,
) -> None:
    _, injection_surgery = surgeries("nsb2019", demo_item("nsb2019", "545378"))
    assert {k: injection_surgery[k] for k in ("start_date", "experimenters", "ethics_review_id", "workstation_id")} == {
        "start_date": date(2020, 10, 6),
        "experimenters": ["NSB-2916"],
        "ethics_review_id": "2109",
        "workstation_id": "SWS 2",
    }
    assert (injection_surgery["animal_weight_prior"], injection_surgery["animal_weight_post"]) == (24.5, 24.8)
    assert injection_surgery["anaesthesia"] == {
        "anaesthetic_type": "isoflurane",
        "duration": 45.0,
        "duration_unit": "minute",
        "level": 1.5,
    }
    (injection,) = injection_surgery["procedures"]
    assert injection["injection_materials"] == [
        {"object_type": "Viral material", "name": "AAV1-hSyn-Cre-WPRE", "titer": None, "titer_unit": "gc/mL"}
    ]
    assert injection["dynamics"] == [
        {
            "object_type": "Injection dynamics",
            "profile": "Bolus",
            "duration": 5.0,
            "duration_unit": "minute",
            "volume": 200.0,
            "volume_unit": "nanoliter",
        }
    ]
    assert injection["coordinates"] == [[{"object_type": "Translation", "translation": [-3.8, -2.5, 0.4]},
                                         {"object_type": "Rotation", "angles": [0.0, 0.0, 0.0], "angles_unit": "degrees"}]]  # fmt: skip
    assert injection["relative_position"] == ["Left"]


def test_nsb2019_iontophoresis_is_pulsed_at_its_current_with_its_alternating_time(demo_item: Item) -> None:
    (surgery,) = surgeries("nsb2019", demo_item("nsb2019", "530012"))
    (injection,) = surgery["procedures"]
    assert injection["dynamics"] == [
        {
            "object_type": "Injection dynamics",
            "profile": "Pulsed",
            "duration": 5.0,
            "duration_unit": "minute",
            "injection_current": 5.0,
            "injection_current_unit": "microamps",
            "alternating_current": "7 s on / 7 s off",
        }
    ]


def test_nsb2019_a_depth_list_leaves_the_coordinates_unknown_not_guessed() -> None:
    item = {**NSB2019_BASE, "Procedure": "Stereotaxic Injection", "Inj1Type": "Nanoject (Pressure)",
            "Virus_x0020_A_x002f_P": "-1.6", "Virus_x0020_M_x002f_L": "-3.3", "Virus_x0020_D_x002f_V": "4.3, 2.6"}  # fmt: skip
    ((injection,),) = [s["procedures"] for s in surgeries("nsb2019", item)]
    assert injection["coordinates"] is None


def test_nsb2019_fibers_sit_at_the_rounds_positions_named_by_ap_then_ml() -> None:
    item = {**NSB2019_BASE, "Procedure": "HP+Injection+Optic Fiber Implant",
            "Virus_x0020_A_x002f_P": "-1.6", "Virus_x0020_M_x002f_L": "-3.3", "FiberImplant1": True, "FiberImplant1DV": "4.2",
            "AP2ndInj": "1.2", "ML2ndInj": "0.6", "FiberImplant2": True, "FiberImplant2DV": "-2.0"}  # fmt: skip
    main = surgeries("nsb2019", item)[0]
    fibers = [p for p in main["procedures"] if p["object_type"] == "Probe implant"]
    named = {f["implanted_device"]["name"]: f["device_config"]["transform"][0]["translation"] for f in fibers}
    assert named == {"Fiber_1": [-1.6, -3.3, 4.2], "Fiber_0": [1.2, 0.6, 2.0]}


# --- NSB 2023 and NSB present ---------------------------------------------------------------------------------

NSB2023_BASE = {
    "LabTracks_x0020_ID1": "600001",
    "Date_x0020_of_x0020_Surgery": "2025-01-06T08:00:00Z",
    "Date1stInjection": "2025-01-20T08:00:00Z",
    "Test1LookupId": "11",
    "TEST_x0020_1st_x0020_Round_x0020_LookupId": "22",
    "Procedure": "Sx-24/25 Stereotaxic injections",
}


@pytest.mark.parametrize(
    ("n", "ap", "ml", "depths", "fiber_type", "fiber_depth"),
    [
        (1, "Virus_x0020_A_x002f_P", "Virus_x0020_M_x002f_L", ("Virus_x0020_D_x002f_V", "Burr_x0020_1_x0020_D_x002f_V_x00", "Burr_x0020_1_x0020_DV_x0020_2"), "Burr_x0020_1_x0020_Fiber_x0020_t", "FiberImplant1DV"),
        (2, "AP2ndInj", "ML2ndInj", ("DV2ndInj", "Burr_x0020_2_x0020_D_x002f_V_x00", "Burr_x0020_2_x0020_D_x002f_V_x000"), "Burr_x0020_2_x0020_Fiber_x0020_T", "FiberImplant2DV"),
        (3, "Burr3_x0020_A_x002f_P", "Burr3_x0020_M_x002f_L", ("Burr3_x0020_D_x002f_V", "Burr_x0020_3_x0020_D_x002f_V_x00", "Burr_x0020_3_x0020_D_x002f_V_x000"), "Burr_x0020_3_x0020_Fiber_x0020_T", "Fiber_x0020_Implant3_x0020_D_x00"),
        (4, "Burr4_x0020_A_x002f_P", "Burr4_x0020_M_x002f_L", ("Burr4_x0020_D_x002f_V", "Burr_x0020_4_x0020_D_x002f_V_x00", "Burr_x0020_4_x0020_D_x002f_V_x000"), "Burr_x0020_4_x0020_Fiber_x0020_T", "Fiber_x0020_Implant4_x0020_D_x00"),
        (5, "Burr_x0020_5_x0020_A_x002f_P", "Burr_x0020_5_x0020_M_x002f_L", ("Burr_x0020_5_x0020_D_x002f_V_x00", "Burr_x0020_5_x0020_D_x002f_V_x000", "Burr_x0020_5_x0020_D_x002f_V_x001"), "Burr_x0020_5_x0020_Fiber_x0020_t", "Fiber_x0020_Implant5_x0020_D_x00"),
        (6, "Burr_x0020_6_x0020_A_x002f_P", "Burr_x0020_6_x0020_M_x002f_L", ("Burr_x0020_6_x0020_D_x002f_V_x00", "Burr_x0020_6_x0020_D_x002f_V_x000", "Burr_x0020_6_x0020_D_x002f_V_x001"), "Burr_x0020_6_x0020_Fiber_x0020_t", "Fiber_x0020_Implant6_x0020_D_x00"),
    ],
)  # fmt: skip
def test_nsb2023_every_burr_hole_is_read_from_its_own_columns(
    n: int, ap: str, ml: str, depths: tuple[str, ...], fiber_type: str, fiber_depth: str
) -> None:
    item = {
        **NSB2023_BASE,
        f"Burr_x0020_hole_x0020_{n}": "Stereotaxic Injection & Fiber Implant",
        f"Burr{n}_x0020_Perform_x0020_During": "Initial Surgery",
        f"Inj{n}Type": "Nanoject (Pressure)",
        ap: 1.5, ml: -0.5, depths[0]: 3.0, depths[1]: 2.5, depths[2]: -2.0,
        fiber_type: "Standard (provided by NSB)", f"Fiber_x0020_Implant{n}_x0020_Lengt": "4.0 mm", fiber_depth: 2.9,
        f"Burr_x0020_{n}_x0020_Injectable_x0": "VT1G", f"Burr_x0020_{n}_x0020_Injectable_x03": "1e13",
        f"Burr_x0020_{n}_x0020_Intended_x002": ["VTA - Ventral tegmental area"],
        f"Burr_x0020_{n}_x0020_intended_x0021": "dopamine",
    }  # fmt: skip
    assert BURRS[n - 1].depths == depths and BURRS[n - 1].fiber_type == fiber_type
    (surgery,) = surgeries("nsb2023", item)
    injection, fiber = surgery["procedures"]
    assert [c[0]["translation"] for c in injection["coordinates"]] == [
        [1.5, -0.5, 3.0],
        [1.5, -0.5, 2.5],
        [1.5, -0.5, 2.0],
    ]
    assert injection["injection_materials"][0]["titer"] == 10_000_000_000_000
    assert fiber["device_config"]["transform"][0]["translation"] == [1.5, -0.5, 2.9]
    assert fiber["implanted_device"]["total_length"] == 4.0 and fiber["implanted_device"]["core_diameter"] == 200
    assert fiber["device_config"]["primary_targeted_structure"]["acronym"] == "VTA"
    assert intended_measurements([item])[0]["intended_measurement_G"] == "dopamine"


@pytest.mark.parametrize(
    ("procedure", "has_headframe", "has_craniotomy"),
    [
        ("Sx-01 Visual Ctx 2P", True, True),
        ("Sx-16 INJ WHC NP", True, True),
        ("Sx-11&19 HP Only", True, False),
        ("Sx-21 Injection + Fiber Optic Implant (with Headpost)", True, False),
        ("Sx-24/25 Stereotaxic injections", False, False),
        ("Visual Ctx 2P", True, True),
        ("INJ + Motor Ctx", True, True),
        ("WHC NP", True, True),
        ("DHC", True, True),
        ("HP Only", True, False),
        ("Stereotaxic Injection (with Headpost)", True, False),
        ("Stereotaxic Injection", False, False),
        ("Custom", True, False),  # 'Custom': what is filled in (here a headpost, no craniotomy type)
    ],
)
def test_nsb2023_the_procedure_decides_the_headframe_and_the_craniotomy(
    procedure: str, has_headframe: bool, has_craniotomy: bool
) -> None:
    item = {**NSB2023_BASE, "Procedure": procedure, "Headpost": "Visual Ctx"}
    if procedure != "Custom":
        item["CraniotomyType"] = "5mm"
    done = [k for s in surgeries("nsb2023", item) for k in kinds(s)]
    assert ("Headframe" in done, "Craniotomy" in done) == (has_headframe, has_craniotomy)


@pytest.mark.parametrize(
    ("headpost", "well", "expected"),
    [
        ("Visual Ctx", "Mesoscope", ("0160-100-10", "Mesoscope", "0160-200-20")),
        ("WHC NP", "WHC NP", ("0160-100-42", "WHC NP", "0160-055-08")),
        ("WHC 2P", "WHC 2P", ("0160-100-45", "WHC 2P", "0160-200-62")),
        ("Frontal Ctx", "Scientifica (CAM)", ("0160-100-46", "Scientifica (CAM)", "Rev A")),
        ("Motor Ctx", "Neuropixel", ("0160-100-51", "Neuropixel", "0160-200-36")),
        ("AI Straight bar", "No Well", (None, None, None)),
        ("L-shaped", "Other", (None, "Other", None)),
    ],
)
def test_nsb2023_headposts_and_wells_give_their_part_numbers(headpost: str, well: str, expected: tuple) -> None:
    item = {**NSB2023_BASE, "Procedure": "HP Only", "Headpost": headpost, "HeadpostType": well}
    ((headframe,),) = [s["procedures"] for s in surgeries("nsb2023", item)]
    assert headframe["headframe_type"] == headpost
    assert (headframe["headframe_part_number"], headframe["well_type"], headframe["well_part_number"]) == expected


def test_nsb2023_parts_go_to_the_session_they_were_done_in_with_that_sessions_surgeon_and_date() -> None:
    item = {**NSB2023_BASE, "Procedure": "Sx-01 Visual Ctx 2P", "Headpost": "Visual Ctx", "CraniotomyType": "3mm",
            "Headpost_x0020_Perform_x0020_Dur": "Initial Surgery", "Craniotomy_x0020_Perform_x0020_D": "Follow up Surgery",
            "Burr_x0020_hole_x0020_1": "Injection", "Burr1_x0020_Perform_x0020_During": "Initial Surgery",
            "Burr_x0020_hole_x0020_2": "Injection", "Burr2_x0020_Perform_x0020_During": "Follow-up Surgery",
            "Burr_x0020_hole_x0020_3": "Injection"}  # fmt: skip
    initial, follow_up, unplaced = surgeries("nsb2023", item)
    assert (initial["start_date"], initial["experimenters"], kinds(initial)) == (
        date(2025, 1, 6),
        ["NSB-11"],
        ["Headframe", "Brain injection"],
    )
    assert (follow_up["start_date"], follow_up["experimenters"], kinds(follow_up)) == (
        date(2025, 1, 20),
        ["NSB-22"],
        ["Craniotomy", "Brain injection"],
    )
    assert (unplaced["start_date"], kinds(unplaced)) == (None, ["Brain injection"])  # two sessions: burr 3's is unknown


def test_nsb2023_fibers_are_named_across_sessions_and_measurements_use_the_same_names(demo_item: Item) -> None:
    item = demo_item("nsb_present", "733015")
    initial, follow_up = surgeries("nsb_present", item)
    named = {p["implanted_device"]["name"]: p["device_config"]["primary_targeted_structure"]["acronym"]
             for s in (initial, follow_up) for p in s["procedures"] if p["object_type"] == "Probe implant"}  # fmt: skip
    assert named == {"Fiber_0": "DR", "Fiber_1": "PL"}  # the follow-up's fiber is more anterior, yet second
    measured = {m["fiber_name"]: m["intended_measurement_G"] for m in intended_measurements([item])}
    assert measured == {"Fiber_0": "serotonin", "Fiber_1": "norepinephrine"}


def test_nsb2023_a_custom_fiber_carries_the_requesters_specification_as_notes(demo_item: Item) -> None:
    initial, _ = surgeries("nsb_present", demo_item("nsb_present", "733015"))
    (fiber,) = [p for p in initial["procedures"] if p["object_type"] == "Probe implant"]
    assert fiber["implanted_device"] == {
        "object_type": "Fiber probe",
        "name": "Fiber_0",
        "notes": "Custom fiber for burr 1: 400 um core, 0.50 NA, metal ferrule.",
        "total_length": 6.0,
        "length_unit": "millimeter",
    }
    assert fiber["device_config"]["transform"][1] == {
        "object_type": "Rotation",
        "angles": [10.0, 0.0, 0.0],
        "angles_unit": "degrees",
    }


@pytest.mark.parametrize(
    ("name", "amount", "expected"),
    [
        ("VT3214G", "2.10E+13", {"object_type": "Viral material", "name": "VT3214G", "titer": 21_000_000_000_000, "titer_unit": "gc/mL"}),
        ("VT3214G", None, {"object_type": "Viral material", "name": "VT3214G", "titer": None, "titer_unit": "gc/mL"}),
        ("CTB-Alexa 647", "1.5 mg/mL", {"object_type": "Non viral material", "name": "CTB-Alexa 647", "concentration": 1.5, "concentration_unit": "mg/mL"}),
    ],
)  # fmt: skip
def test_nsb2023_materials_are_viral_with_a_titer_or_non_viral_with_a_concentration(
    name: str, amount: Any, expected: dict
) -> None:
    item = {**NSB2023_BASE, "Burr_x0020_hole_x0020_1": "Injection", "Burr1_x0020_Perform_x0020_During": "Initial Surgery",
            "Burr_x0020_1_x0020_Injectable_x00": name, "Burr_x0020_1_x0020_Injectable_x04": amount}  # fmt: skip
    ((injection,),) = [s["procedures"] for s in surgeries("nsb2023", item)]
    (material,) = injection["injection_materials"]
    material.pop("source", None)
    assert material == expected


def test_nsb2023_the_standard_visual_window_is_placed_from_lambda(demo_item: Item) -> None:
    (surgery,) = surgeries("nsb2023", demo_item("nsb2023", "632269"))
    headframe, craniotomy = surgery["procedures"]
    assert (headframe["headframe_part_number"], headframe["well_part_number"]) == ("0160-100-10", "0160-200-20")
    assert craniotomy["position"]["translation"] == [-2.8, -2.8, 0.0]  # 1.3 anterior of lambda, 4.1 behind bregma
    assert (craniotomy["craniotomy_type"], craniotomy["size"], craniotomy["implant_part_number"]) == (
        "Circle",
        5.0,
        "5mm stacked coverslip",
    )
    assert surgery["measured_coordinates"] == {
        "Lambda": {"object_type": "Translation", "translation": [-4.1, 0.0, 0.0]}
    }


def test_nsb2023_a_request_marked_no_surgery_maps_to_nothing_and_names_no_fiber() -> None:
    item = {**NSB2023_BASE, "SurgeryStatus": "No Surgery", "Burr_x0020_hole_x0020_1": "Injection & Fiber Implant"}
    assert surgeries("nsb2023", item) == []
    assert intended_measurements([item]) == []


@pytest.mark.parametrize(
    ("value", "expected"),
    [("dopamine", "dopamine"), ("gaba", "GABA"), ("N/A", None), ("dopamine??", None), (["calcium"], None)],
)
def test_nsb2023_intended_measurements_keep_only_the_lists_choices(value: Any, expected: str | None) -> None:
    item = {**NSB2023_BASE, "Burr_x0020_hole_x0020_1": "Fiber Implant", "Burr_x0020_1_x0020_intended_x0020": value}
    (measurement,) = intended_measurements([item])
    assert measurement["intended_measurement_R"] == expected


def test_measurements_found_in_both_lists_are_given_once() -> None:
    one = {"fiber_name": "Fiber_0", "intended_measurement_R": "dopamine"}
    two = {"fiber_name": "Fiber_1", "intended_measurement_R": None}
    assert merged_measurements([[one, two], [dict(one)]]) == [one, two]


# --- LAS 2020 -------------------------------------------------------------------------------------------------

LAS_BASE = {"Title": "600001 600002", "nStart_x0020_Date": "2024-01-09T08:00:00Z", "AuthorLookupId": "5358",
            "Protocol": "2212 - Investigating Brain States", "ReqPro1": "Retro-Orbital Injection"}  # fmt: skip


@pytest.mark.parametrize("slot", [1, 2, 3, 4, 5])
def test_las_the_subjects_own_slot_gives_its_injection_with_every_material_suffix(slot: int) -> None:
    other = 1 if slot != 1 else 2
    item = {**LAS_BASE, f"nROID{slot}": "600001", f"roEye{slot}": "Behind Right", f"roVol{slot}": "95 uL",
            f"nROID{other}": "600002", f"roEye{other}": "Behind Left", f"roVol{other}": "80", f"roLot{other}": "VT9G",
            **{f"roSub{slot}{s}": f"AiP{i}" for i, s in enumerate(("", "b", "c", "d"))},
            f"roLot{slot}": "VT1G", f"roTite{slot}": "1.0e13", f"roLot{slot}c": "VT3G", f"roTite{slot}d": "abc"}  # fmt: skip
    (surgery,) = surgeries("las2020", item, subject_id="600001")
    assert (surgery["start_date"], surgery["experimenters"], surgery["ethics_review_id"]) == (
        date(2024, 1, 9),
        ["LAS-5358"],
        "2212",
    )
    (injection,) = surgery["procedures"]
    assert [(m["name"], m["titer"]) for m in injection["injection_materials"]] == [
        ("VT1G", 10_000_000_000_000), ("AiP1", None), ("VT3G", None), ("AiP3", None)
    ]  # fmt: skip
    assert injection["relative_position"] == ["Right"]
    assert injection["targeted_structure"]["name"] == "venous sinus"
    assert injection["dynamics"] == [
        {"object_type": "Injection dynamics", "profile": "Bolus", "volume": 95.0, "volume_unit": "microliter"}
    ]


@pytest.mark.parametrize(
    ("columns", "expected_injections"),
    [
        ({"nROID1": "600001"}, 1),
        ({"nROID1": "600001", "ReqPro1": "Tissue Collection", "ReqPro3": "Retro-Orbital Injection"}, 1),
        ({"nROID1": "600001", "ReqPro1": "Tissue Collection"}, 0),
        ({"nROID1": "6000011"}, 0),
        ({"nROID2": "600001", "nROID4": "600001"}, 2),
    ],
)
def test_las_an_ro_injection_needs_the_request_and_a_slot_holding_exactly_the_subject(
    columns: dict, expected_injections: int
) -> None:
    found = surgeries("las2020", {**LAS_BASE, **columns}, subject_id="600001")
    assert sum(len(s["procedures"]) for s in found) == expected_injections


@pytest.mark.parametrize(
    ("substance", "expected"),
    [
        ("Tamoxifen 20 mg/mL", ("Tamoxifen", 20.0, "mg/mL")),
        ("tamoxifen (20 mg/mL)", ("Tamoxifen", 20.0, "mg/mL")),
        ("4-OHT 10mg/ml", ("4-OHT", 10.0, "mg/mL")),
        ("Saline", ("Saline", None, None)),
        ("CNO 1 mg/kg", ("CNO 1 mg/kg", None, None)),
    ],
)
def test_las_ip_dosing_parses_the_substance_and_its_concentration(substance: str, expected: tuple) -> None:
    item = {
        **LAS_BASE,
        "ReqPro1": "Dosing",
        "doseRoute": "Intraperitoneal (IP)",
        "doseSub": substance,
        "dosevolume": "70.4",
    }
    ((injection,),) = [s["procedures"] for s in surgeries("las2020", item, subject_id="600001")]
    (material,) = injection["injection_materials"]
    assert (material["name"], material["concentration"], material["concentration_unit"]) == expected
    assert injection["targeted_structure"]["name"] == "peritoneal cavity"
    assert injection["dynamics"][0]["volume"] == 70.4


def test_las_dosing_by_another_route_is_not_an_ip_injection() -> None:
    item = {**LAS_BASE, "ReqPro1": "Dosing", "doseRoute": "Oral Gavage", "doseSub": "Tamoxifen 20 mg/mL"}
    assert surgeries("las2020", item, subject_id="600001") == []


# --- The demo colony, and garbage -----------------------------------------------------------------------------


def test_the_demo_775745_part_validates_as_procedures(demo_items: Items) -> None:
    part = to_part("nsb_present", demo_items("nsb_present", "775745"), "775745")
    procedures = validated("775745", part)
    (surgery,) = procedures.subject_procedures
    assert [type(p).__name__ for p in surgery.procedures] == [
        "Headframe",
        "BrainInjection",
        "ProbeImplant",
        "ProbeImplant",
    ]
    assert [p.implanted_device.name for p in surgery.procedures[2:]] == ["Fiber_0", "Fiber_1"]
    assert procedures.global_coordinate_system.name == "BREGMA_ARI"


@pytest.mark.parametrize(
    ("list_key", "subject_id"),
    [("nsb2019", "521234"), ("nsb2019", "545378"), ("nsb2019", "530012"), ("nsb2023", "632269"), ("nsb2023", "684455"),
     ("nsb_present", "700812"), ("nsb_present", "721880"), ("las2020", "689418"), ("las2020", "689419"), ("las2020", "701234")],
)  # fmt: skip
def test_the_demos_complete_requests_validate(demo_items: Items, list_key: str, subject_id: str) -> None:
    validated(subject_id, to_part(list_key, demo_items(list_key, subject_id), subject_id))


def test_the_demos_garbled_requests_map_to_unknowns_not_to_errors_or_guesses(demo_items: Items) -> None:
    for list_key in LISTS:
        found = surgeries(list_key, *demo_items(list_key, "640010"), subject_id="640010")
        assert found and all(s["start_date"] is None for s in found), list_key
    present = surgeries("nsb_present", *demo_items("nsb_present", "640010"))
    assert (present[0]["animal_weight_prior"], present[0]["animal_weight_post"], present[0]["anaesthesia"]) == (
        None,
        None,
        None,
    )
    injection = present[-1]["procedures"][0]
    assert (injection["coordinates"], injection["injection_materials"][0]["titer"]) == (None, None)


GARBAGE = [
    "",
    "Select...",
    "???",
    "-1e999",
    "0.3, 0.6",
    0,
    -1.5,
    True,
    None,
    [],
    ["x", 1],
    {"a": 1},
    "2023-02-30T00:00:00Z",
]


@pytest.mark.parametrize("list_key", list(LISTS))
def test_any_value_in_any_column_never_raises(demo_items: Items, list_key: str) -> None:
    subject = {"nsb2019": "566781", "nsb2023": "668123", "nsb_present": "775745", "las2020": "689419"}[list_key]
    (item,) = demo_items(list_key, subject)
    for column, garbage in itertools.product(item, GARBAGE):
        broken = {**item, column: garbage}
        to_part(list_key, [broken], subject)
        if list_key != "las2020":
            intended_measurements([broken])
    assert to_part(list_key, [{"id": "1"}], subject).subject_procedures == []
