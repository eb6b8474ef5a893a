"""SLIMS histology mapper as tables, without an app: procedure types, washes, antibodies, specimens, /procedures."""

from __future__ import annotations

import warnings
from datetime import date
from typing import Any

import pytest
from aind_data_schema.core.procedures import Procedures

from aind_metadata_service.sources.slims.client import SlimsClient
from aind_metadata_service.sources.slims.entities import Quantity, Ref, Refs
from aind_metadata_service.sources.slims.mappers import to_part
from aind_metadata_service.sources.slims.mappers.common import organization, template_name
from aind_metadata_service.sources.slims.mappers.histology import (
    SlimsSpecimenProcedure,
    procedure_type,
    to_specimen_procedures,
)
from aind_metadata_service.sources.slims.records import (
    Content,
    ReferenceDataRecord,
)
from tests.slims.conftest import SPECIMEN, at, run, step

ANTIBODY = Content(pk=3003, cntn_barCode="rgnt3", cntn_cf_fk_reagentCatalogNumber=Ref(pk=4003, display="ab13970"))
DETAILS = ReferenceDataRecord(pk=4003, rdrc_cf_fk_manufacturer=Ref(display="Abcam"), rdrc_cf_targetProtein="GFP")


def validate(procedure: dict[str, Any]) -> SlimsSpecimenProcedure:
    """The route's model of a procedure."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        return SlimsSpecimenProcedure.model_validate(procedure)


@pytest.mark.parametrize(
    ("template", "kind"),
    [
        ("SmartSPIM Delipidation", "Delipidation"),
        ("SmartSPIM Labeling", "Immunolabeling"),
        ("SmartSPIM Refractive Index Matching", "Refractive index matching"),
        ("ExaSPIM Expansion", "Expansion"),
        ("Whole brain gelation", "Gelation"),
        ("SmartSPIM Mounting", "Other"),
        (None, "Other"),
    ],
)
def test_the_template_name_keyword_sets_the_procedure_type(template: str | None, kind: str) -> None:
    assert procedure_type(template) == kind


@pytest.mark.parametrize(
    ("name", "expected"),
    [("Abcam", "Abcam"), ("Sigma-Aldrich", "Sigma-Aldrich"), ("AIND", "Allen Institute for Neural Dynamics"),
     ("AIND Histology Core", "Other"), (None, "Unknown")],
)  # fmt: skip
def test_a_reagent_source_is_an_organization_by_name_or_abbreviation(name: str | None, expected: str) -> None:
    assert organization(name)["name"] == expected


def test_the_template_name_drops_the_version_slims_adds_to_the_label() -> None:
    assert template_name(run("SmartSPIM Labeling", [])) == "SmartSPIM Labeling"


def test_a_histology_run_without_washes_maps_to_one_procedure_with_unknown_dates() -> None:
    [procedure] = to_specimen_procedures([run("SmartSPIM Delipidation", [step(1, "Select content from queue")])])
    assert (procedure["procedure_type"], procedure["start_date"], procedure["end_date"]) == ("Delipidation", None, None)
    assert procedure["experimenters"] == [] and procedure["procedure_details"] == []


def test_a_labeling_run_with_only_an_unusual_wash_maps_to_one_run_level_procedure() -> None:
    wash = step(2, "PBST Rinse (overnight)", at(2025, 3, 3, 17), at(2025, 3, 4, 9), xprs_modifiedBy="PRaman")
    [procedure] = to_specimen_procedures([run("SmartSPIM Labeling", [wash])])
    assert (procedure["procedure_type"], procedure["start_date"], procedure["end_date"]) == (
        "Immunolabeling",
        date(2025, 3, 3),
        date(2025, 3, 4),
    )
    assert procedure["experimenters"] == ["PRaman"]


@pytest.mark.parametrize(
    ("steps", "span"),
    [
        ([step(1, "Wash 1", at(2025, 6, 4, 10), at(2025, 6, 5, 10))], (date(2025, 6, 4), date(2025, 6, 5))),
        ([step(1, "Gelation + ProK RT", at(2025, 6, 4, 23, 30), at(2025, 6, 5, 23, 30))], (date(2025, 6, 4), date(2025, 6, 5))),
        ([step(1, "A step with a new name", at(2025, 6, 4), at(2025, 6, 6))], (date(2025, 6, 4), date(2025, 6, 6))),
        ([step(1, "Wash 1", at(2025, 6, 4)), step(2, "Refractive Index Matching Wash 2")], (date(2025, 6, 4), None)),
        ([step(1, "Send Whole Brain to SPIM Imaging Workflow")], (None, None)),
    ],
)  # fmt: skip
def test_a_runs_span_is_its_washes_first_start_and_last_end_in_lab_time(steps: list, span: tuple) -> None:
    [procedure] = to_specimen_procedures([run("SmartSPIM Delipidation", steps)])
    assert (procedure["start_date"], procedure["end_date"]) == span


def _labeling(name: str, mass: Quantity, details: ReferenceDataRecord = DETAILS) -> dict[str, Any]:
    """The one procedure of a labeling run with one antibody wash."""
    wash = step(5, name, at(2025, 6, 10), at(2025, 6, 14), xprs_cf_fk_reagent=Refs(pks=[3003]), xprs_cf_mass=mass)
    labeling = run("SmartSPIM Labeling", [wash], reagents={3003: ANTIBODY}, references={4003: details})
    [procedure] = to_specimen_procedures([labeling])
    return procedure


@pytest.mark.parametrize(
    ("wash", "mass", "details", "immunolabel_class", "detail"),
    [
        ("Primary Antibody Wash", Quantity(value=10, unit="μg"), DETAILS, "Primary", "Probe reagent"),
        ("Secondary Antibody Wash", Quantity(value=20, unit="µg"), DETAILS, "Secondary", "Probe reagent"),
        ("Primary Antibody Wash", Quantity(value=0.01, unit="mg"), DETAILS, "Primary", "Probe reagent"),
        ("Primary Antibody Wash", Quantity(value=10, unit=None), DETAILS, "Primary", "Probe reagent"),
        ("Primary Antibody Wash", Quantity(value=None, unit="μg"), DETAILS, "Primary", "Reagent"),
        ("Primary Antibody Wash", Quantity(value=10, unit="drops"), DETAILS, "Primary", "Reagent"),
        ("Primary Antibody Wash", Quantity(value=10, unit="μg"), ReferenceDataRecord(pk=4003), "Primary", "Reagent"),
    ],
)
def test_each_antibody_wash_is_an_immunolabeling_with_its_class_and_a_probe_when_slims_names_target_and_mass(
    wash: str, mass: Quantity, details: ReferenceDataRecord, immunolabel_class: str, detail: str
) -> None:
    procedure = _labeling(wash, mass, details)
    assert procedure["protocol_parameters"] == {"immunolabel_class": immunolabel_class}
    assert [d["object_type"] for d in procedure["procedure_details"]] == [detail]


def test_an_antibody_probe_carries_the_target_the_mass_and_the_reagents_identity() -> None:
    probe = validate(_labeling("Primary Antibody Wash", Quantity(value=10, unit="μg"))).procedure_details[0]
    assert probe.model_dump(mode="json", include={"name", "lot_number", "target"}) == {
        "name": "ab13970",
        "lot_number": None,
        "target": {
            "object_type": "Protein probe",
            "protein": {"name": "GFP", "abbreviation": None, "registry": None, "registry_identifier": None},
            "species": None,
            "mass": 10.0,
            "mass_unit": "microgram",
            "sequence": None,
        },
    }


@pytest.mark.parametrize(
    ("barcode", "specimen_id", "notes"),
    [
        ("BRN00000231", "775745", "SLIMS specimen BRN00000231"),  # SLIMS' own barcode does not hold the subject id
        ("775745-BRN-01", "775745-BRN-01", None),
    ],
)
def test_the_specimen_id_always_extends_the_subject_id(barcode: str, specimen_id: str, notes: str | None) -> None:
    brain = Content(pk=1, cntn_barCode=barcode, cntn_cf_parentBarcode="775745")
    [procedure] = to_specimen_procedures([run("SmartSPIM Delipidation", [], [brain])])
    assert (procedure["subject_id"], procedure["specimen_id"], procedure["notes"]) == ("775745", specimen_id, notes)


def test_a_run_on_two_subjects_brains_gives_one_procedure_per_subject() -> None:
    other = Content(pk=2, cntn_barCode="BRN00000232", cntn_cf_parentBarcode="775746")
    procedures = to_specimen_procedures([run("SmartSPIM Delipidation", [], [SPECIMEN, other])])
    assert [p["subject_id"] for p in procedures] == ["775745", "775746"]


def test_a_procedure_of_another_kind_says_in_its_notes_what_it_was() -> None:
    [procedure] = to_specimen_procedures(
        [run("SmartSPIM Mounting", [step(1, "Wash 1", at(2025, 6, 1), at(2025, 6, 2))])]
    )
    assert validate(procedure).notes == "SLIMS template SmartSPIM Mounting; SLIMS specimen BRN00000231"


def test_the_demo_subjects_slims_part_validates_inside_a_procedures(demo: SlimsClient) -> None:
    part = to_part(demo.histology("775745", None, None), demo.water_restrictions("775745", None, None))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        fields = {k: v for k, v in vars(part).items() if k != "weights"}
        procedures = Procedures.model_validate({"subject_id": "775745", **fields})
    assert [p.object_type for p in procedures.subject_procedures] == ["Water restriction"]
    assert [p.procedure_type for p in procedures.specimen_procedures] == [
        "Refractive index matching",
        "Immunolabeling",
        "Immunolabeling",
        "Delipidation",
    ]


def test_an_unfinished_histology_run_stays_out_of_procedures(demo: SlimsClient) -> None:
    runs = demo.histology("689418", None, None)
    assert len(to_specimen_procedures(runs)) == 3
    assert [p["procedure_type"] for p in to_part(runs, []).specimen_procedures] == ["Immunolabeling", "Immunolabeling"]
