"""The ExaSPIM mappers as tables: field names, the raw bundle, injections, and specimen procedures."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from aind_data_schema.components.subject_procedures import Surgery
from aind_data_schema.core.procedures import Procedures

from aind_metadata_service.sources.smartsheet.mappers import exaspim
from aind_metadata_service.sources.smartsheet.mappers.exaspim_specimens import antibody, specimen_procedures


@pytest.mark.parametrize(
    ("title", "field"),
    [
        ("#", "num"),
        ("Mouse ID", "mouse_id"),
        ("Virus1 Stock Titer (GC/mL)", "virus1_stock_titer_gc_ml"),
        ("Virus2 Working Titer (GC/mL", "virus2_working_titer_gc_ml"),
        ("Primary Antibody1 Catalog #", "primary_antibody1_catalog_num"),
        ("Date of Storage in PBS Az 0.05% @4C", "date_of_storage_in_pbs_az_0_05_4c"),
        ("Gelation +  ProK RT Start", "gelation_prok_rt_start"),
        ("Gelation: Stock X + VA-044 Equilibration  Start", "gelation_stock_xva_044_equilibration_start"),
        ("AiP#", "ai_p_num"),
        ("1X Imaging Date", "one_x_imaging_date"),
        ("Signal channel(s)", "signal_channel_s"),
        ("Project Description ", "project_description"),
    ],
)
def test_a_column_title_becomes_the_exaspim_service_field_name(title: str, field: str) -> None:
    assert exaspim.field_name(title) == field


def test_a_raw_row_keeps_every_column_numbers_as_text_and_num_as_an_int() -> None:
    row = {"#": "14", "Mouse ID": "822178", "Virus Mix Total Volume injected RO (uL)": 100.0, "Virus1": None}
    assert exaspim.raw_row(row) == {
        "num": 14,
        "mouse_id": "822178",
        "virus_mix_total_volume_injected_ro_ul": "100",
        "virus1": None,
    }


SHEETS = {
    "exaspim_mouse_tracker": [{"#": "1", "Mouse ID": "111"}, {"#": "2", "Mouse ID": "222"}],
    "exaspim_sample_tracking": [{"Sample": "222"}, {"Sample": "2220"}],
    "exaspim_imaging_queue": [{"Sample": "222"}],
    "exaspim_qc": [],
}


def test_the_bundle_holds_the_rows_keyed_by_mouse_id_or_sample() -> None:
    found = exaspim.bundle(SHEETS, "222")
    assert [len(rows) for rows in found.values()] == [1, 1, 1, 0]
    assert found["mouse_tracker_info"][0]["num"] == 2


def test_an_unknown_specimen_has_four_empty_lists() -> None:
    assert exaspim.bundle(SHEETS, "999") == dict.fromkeys(exaspim.BUNDLE, [])


VIRUS1 = exaspim.VIRUSES[0]
VIRUS4 = exaspim.VIRUSES[3]


@pytest.mark.parametrize(
    ("row", "titer"),
    [
        (
            {
                "virus1_effective_titer_gc_ml": "1.0E+11",
                "working_titer_gc_ml": "3E9",
                "virus1_stock_titer_gc_ml": "2E13",
            },
            10**11,
        ),
        ({"working_titer_gc_ml": "3.0E+09", "virus1_stock_titer_gc_ml": "2.1E+13"}, 3 * 10**9),
        ({"virus1_stock_titer_gc_ml": "4.60E+13"}, 46 * 10**12),
        ({"virus1_stock_titer_gc_ml": "pending"}, None),
    ],
)
def test_the_titer_is_effective_then_working_then_stock(row: dict[str, Any], titer: int | None) -> None:
    assert exaspim.viral_material({"virus1": "AAV", **row}, VIRUS1)["titer"] == titer


@pytest.mark.parametrize(
    ("row", "columns", "volume"),
    [
        ({"virus1_stereotaxic_volume_injected_nl": "200"}, VIRUS1, 200.0),
        (
            {"virus1_stereotaxic_volume_injected_nl": "200", "virus_mix_total_volume_injected_ro_ul": "100"},
            VIRUS1,
            200.0,
        ),
        ({"virus_mix_total_volume_injected_ro_ul": "100"}, VIRUS1, 100_000.0),
        ({"stereotaxic_volume_injected_nl": "75"}, VIRUS4, 75.0),
        ({"virus4_stereotaxic_volume_injected_nl": "75"}, VIRUS4, None),
        ({"virus1_stereotaxic_volume_injected_nl": "0"}, VIRUS1, None),
        ({}, VIRUS1, None),
    ],
)
def test_the_volume_is_the_stereotaxic_nl_else_the_ro_mix_ul(row: dict[str, Any], columns: Any, volume: float) -> None:
    assert exaspim.volume_nl(row, columns) == volume


def test_an_injection_needs_a_virus_and_a_positive_volume() -> None:
    assert exaspim.injection({"virus1_stereotaxic_volume_injected_nl": "200"}, VIRUS1) is None
    assert exaspim.injection({"virus1": "AAV", "virus1_stereotaxic_volume_injected_nl": "0"}, VIRUS1) is None


TRACKER = {
    "virus1": "AAV-PHP.eB-hSyn-FlpO",
    "virus1_id": "VT6118g",
    "virus1_injection_date": "11/05/24",
    "virus1_injection_type": "RO",
    "virus_mix_total_volume_injected_ro_ul": "100",
    "virus2": "AAV1-hSyn-Cre",
    "virus2_id": "VT6310g",
    "virus2_injection_date": "2024-11-04",
    "virus2_stereotaxic_volume_injected_nl": "50",
    "virus4": "AAV-named-only",  # the RO mix holds virus 4 too: injected, though the sheet has no id for it
    "las_injection_notes": "Both eyes clear",
}


def test_the_first_tracker_row_is_one_valid_surgery_from_the_earliest_injection() -> None:
    surgery = exaspim.surgery(TRACKER)
    assert surgery is not None
    assert surgery["start_date"] == date(2024, 11, 4)
    injections = surgery["procedures"]
    materials = [i["injection_materials"][0] for i in injections]
    assert [(m["tars_identifiers"] or {}).get("prep_lot_number") for m in materials] == ["VT6118g", "VT6310g", None]
    assert injections[0]["targeted_structure"]["name"] == "venous sinus"  # "RO"
    assert injections[1]["targeted_structure"] is None  # stereotaxic: no target the sheet names
    assert [i["dynamics"][0]["volume"] for i in injections] == [100_000.0, 50.0, 100_000.0]
    assert surgery["notes"] == "Both eyes clear"
    Surgery.model_validate(surgery)


def test_a_tracker_row_without_injections_has_no_surgery() -> None:
    assert exaspim.surgery({"virus1": "AAV"}) is None


TRACKING = {
    "sample": "760450",
    "status": "Imaged",
    "processing_lead": "Priya Natarajan; Owen Castellano",
    "dcm_delipidation_start": "01/06/25",
    "sbip_delipidation_end": "01/31/25",
    "immuno_primary_ab_start_date": "02/03/25",
    "immuno_secondary_ab_start_date": "02/14/25",
    "immuno_primary_antibody1": "Chicken anti-GFP",
    "mass_of_primary_antibody1_used_per_brain_ug": "40",
    "primary_antibody1_catalog_num": "ab13970",
    "immuno_secondary_antibody1": "Donkey anti-Goat IgG (H+L) AF 568",
    "mass_of_secondary_antibody1_used_per_brain_ug": "60",
    "secondary_antibody1_catalog_num": "A-11057",
    "gelation_mbs_start": "02/26/25",
    "pbs_wash_end": "03/06/25",
}
IMAGING = {
    "sample": "760450",
    "imaging_start_date": "03/17/25",
    "imaging_end_date": "03/20/25",
    "microscope": "ExA-SPIM",
}


def steps(
    tracking: dict[str, Any], imaging: dict[str, Any] | None = None, qc: dict[str, Any] | None = None
) -> list[Any]:
    """(type, start, end) of each specimen procedure."""
    found = {
        "sample_tracking_info": [tracking],
        "imaging_queue_info": [imaging] if imaging else [],
        "qc_sheet_info": [qc or {}],
    }
    return [(p["procedure_type"], p["start_date"], p["end_date"]) for p in specimen_procedures(found, "760450")]


@pytest.mark.parametrize(
    ("change", "imaging", "expected"),
    [
        ({}, IMAGING, [
            ("Delipidation", date(2025, 1, 6), date(2025, 1, 31)),
            ("Immunolabeling", date(2025, 2, 3), date(2025, 2, 14)),
            ("Gelation", date(2025, 2, 26), date(2025, 3, 6)),
            ("Expansion", date(2025, 3, 14), date(2025, 3, 17)),
            ("Mounting", date(2025, 3, 17), date(2025, 3, 20)),
        ]),
        ({"status": "In Process"}, IMAGING, [
            ("Delipidation", date(2025, 1, 6), date(2025, 1, 31)),
            ("Immunolabeling", date(2025, 2, 3), date(2025, 2, 14)),
            ("Gelation", date(2025, 2, 26), date(2025, 3, 6)),
            ("Mounting", date(2025, 3, 17), date(2025, 3, 20)),
        ]),
        ({"sbip_delipidation_end": None, "immuno_secondary_ab_start_date": None, "pbs_wash_end": None}, None, []),
        ({"date_of_storage_in_pbs_az_0_05_4c": "2025-03-04"}, {**IMAGING, "imaging_end_date": None}, [
            ("Delipidation", date(2025, 1, 6), date(2025, 1, 31)),
            ("Immunolabeling", date(2025, 2, 3), date(2025, 2, 14)),
            ("Gelation", date(2025, 2, 26), date(2025, 3, 4)),
            ("Expansion", date(2025, 3, 14), date(2025, 3, 17)),
            ("Mounting", date(2025, 3, 17), date(2025, 3, 17)),
        ]),
    ],
)  # fmt: skip
def test_each_step_needs_its_start_and_end_and_expansion_needs_imaged(
    change: dict[str, Any], imaging: dict[str, Any] | None, expected: list[Any]
) -> None:
    assert steps({**TRACKING, **change}, imaging) == expected


def test_processing_leads_are_the_experimenters_and_qc_notes_the_notes() -> None:
    qc = {"immuno_pass_fail": "Pass", "digestion_notes": "Clear gel"}
    found = {"sample_tracking_info": [TRACKING], "imaging_queue_info": [IMAGING], "qc_sheet_info": [qc]}
    procedures = {p["procedure_type"]: p for p in specimen_procedures(found, "760450")}
    assert procedures["Delipidation"]["experimenters"] == ["Priya Natarajan", "Owen Castellano"]
    assert procedures["Immunolabeling"]["notes"] == "Immuno pass/fail: Pass"
    assert procedures["Gelation"]["notes"] == "Digestion QC: Clear gel"
    assert procedures["Mounting"]["notes"] == "Microscope: ExA-SPIM"
    record = {"subject_id": "760450", "subject_procedures": [], "specimen_procedures": list(procedures.values())}
    Procedures.model_validate(record)


@pytest.mark.parametrize(
    ("row", "kind", "expected"),
    [
        (TRACKING, "primary", ("Probe reagent", "GFP", "AB_300798", "Abcam")),
        (TRACKING, "secondary", ("Probe reagent", "Goat IgG (H+L)", "AB_2534104", "Invitrogen")),
        (
            {**TRACKING, "mass_of_primary_antibody1_used_per_brain_ug": None},
            "primary",
            ("Reagent", None, "AB_300798", "Abcam"),
        ),
        ({**TRACKING, "primary_antibody1_catalog_num": "X-1"}, "primary", ("Probe reagent", "GFP", None, "Unknown")),
    ],
)
def test_an_antibody_is_a_probe_reagent_with_its_target_rrid_and_maker(
    row: dict[str, Any], kind: str, expected: tuple[Any, ...]
) -> None:
    found = antibody(row, kind, 1)
    assert found is not None
    rrid = found["rrid"]["registry_identifier"] if found["rrid"] else None
    target = found["target"]["protein"]["name"] if "target" in found else None
    assert (found["object_type"], target, rrid, found["source"]["name"]) == expected


def test_a_specimen_with_no_sample_row_has_no_specimen_procedures() -> None:
    found = {"sample_tracking_info": [], "imaging_queue_info": [], "qc_sheet_info": []}
    assert specimen_procedures(found, "1") == []
