"""The subject page's view model, built from hand-made answers in the root dialect: no app, no I/O."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from aind_metadata_service.pages import problems, provenance, skull
from aind_metadata_service.pages.view_model import Answer, Page, build

TODAY = date(2025, 7, 1)
BREGMA_ARI = {
    "object_type": "Coordinate system",
    "name": "BREGMA_ARI",
    "origin": "Bregma",
    "axes": [
        {"object_type": "Axis", "name": "AP", "direction": "Posterior_to_anterior"},
        {"object_type": "Axis", "name": "ML", "direction": "Left_to_right"},
        {"object_type": "Axis", "name": "SI", "direction": "Superior_to_inferior"},
    ],
    "axis_unit": "millimeter",
}


def subject(**details: Any) -> dict[str, Any]:
    """A Subject as /subject answers it, with some details replaced."""
    found = {
        "object_type": "Mouse subject",
        "sex": "Female",
        "date_of_birth": "2025-01-06",
        "genotype": "Pvalb-IRES-Cre/wt;Ai14(RCL-tdT)/wt",
        "alleles": [
            {"name": "Pvalb<tm1(cre)Arbr>", "registry_identifier": "3590684"},
            {"name": "Gt(ROSA)26Sor<tm14(CAG-tdTomato)Hze>", "registry_identifier": "3809524"},
        ],
        "strain": {"name": "C57BL/6J"},
        "breeding_info": {"breeding_group": "Pvalb-Ai14 breeding", "maternal_id": "700001", "paternal_id": "700002"},
        "housing": {"room_id": "273", "cage_id": "1500001"},
    }
    return {"object_type": "Subject", "subject_id": "700100", "subject_details": {**found, **details}}


def translation(ap: Any, ml: Any, dv: Any) -> dict[str, Any]:
    """A Translation in BREGMA_ARI."""
    return {"object_type": "Translation", "translation": [ap, ml, dv]}


def injection(coordinates: list[Any], volume: float | None = 100.0) -> dict[str, Any]:
    """A Brain injection of one TARS lot at each coordinate."""
    material = {
        "object_type": "Viral material",
        "name": "AAV-hSyn-jGCaMP8m",
        "tars_identifiers": {"prep_lot_number": "VT9001B"},
        "titer": 12000000000000,
        "titer_unit": "gc/mL",
    }
    dynamics = {"object_type": "Injection dynamics", "profile": "Bolus", "volume": volume, "volume_unit": "nanoliter"}
    return {
        "object_type": "Brain injection",
        "injection_materials": [material],
        "targeted_structure": {"atlas": "CCFv3", "name": "Primary visual area", "acronym": "VISp", "id": "385"},
        "relative_position": ["Right"],
        "dynamics": [dynamics for _ in coordinates],
        "coordinate_system_name": "BREGMA_ARI",
        "coordinates": coordinates,
    }


def procedures() -> dict[str, Any]:
    """Procedures with one item from every source the page names."""
    fiber = {
        "object_type": "Probe implant",
        "implanted_device": {"object_type": "Fiber probe", "name": "Fiber_0"},
        "device_config": {
            "primary_targeted_structure": {"acronym": "VISp"},
            "transform": [translation(-3.8, 2.5, 0.6)],
        },
    }
    neurosurgery = {
        "object_type": "Surgery",
        "start_date": "2025-03-03",
        "experimenters": ["NSB-101"],
        "procedures": [
            {"object_type": "Headframe", "headframe_type": "Visual Ctx", "headframe_part_number": "0160-100-10"},
            injection([[translation(-3.8, 2.5, 0.6)], [translation(-3.8, 2.5, 0.3)]]),
            fiber,
            injection([None]),  # a site the list never gave coordinates for
        ],
    }
    perfusion = {"object_type": "Perfusion", "output_specimen_ids": ["700100"]}
    return {
        "subject_id": "700100",
        "global_coordinate_system": BREGMA_ARI,
        "subject_procedures": [
            neurosurgery,
            {
                "object_type": "Surgery",
                "start_date": "2025-05-20",
                "experimenters": ["Ana Ruiz"],
                "procedures": [perfusion],
            },
            {
                "object_type": "Surgery",
                "start_date": "2025-05-20",
                "experimenters": ["4021"],
                "procedures": [perfusion],
            },
            {"object_type": "Water restriction", "start_date": "2025-04-01", "target_fraction_weight": 85},
        ],
        "specimen_procedures": [
            {
                "object_type": "Specimen procedure",
                "procedure_type": "Delipidation",
                "procedure_name": "THF delipidation",
                "start_date": "2025-05-22",
                "end_date": "2025-05-27",
                "specimen_id": "700100",
                "notes": "SLIMS specimen BRN00000900",
            }
        ],
    }


def page(subject_answer: Answer, procedures_answer: Answer) -> Page:
    """The page for subject 700100 as of TODAY."""
    return build("700100", subject_answer, procedures_answer, TODAY)


def ok(data: Any, what: str = "subject") -> Answer:
    """A 200 answer."""
    return Answer(200, {"message": f"Valid {what} for 700100.", "data": data}, {"X-Cache": "miss"})


def test_a_valid_subject_gets_a_card_with_age_today_and_each_allele_linked_to_mgi() -> None:
    found = page(ok(subject()), ok(procedures(), "procedures"))
    facts = {f.label: f for f in found.facts}
    assert found.status == 200 and found.problems == []
    assert facts["Age at perfusion"].value == "19 weeks 1 day (P134)"
    alive = page(ok(subject()), ok({"subject_procedures": []}, "procedures"))
    assert [f.value for f in alive.facts if f.label == "Age today"] == ["25 weeks 1 day (P176)"]
    assert facts["Breeding group"].value == "Pvalb-Ai14 breeding" and facts["Housing"].value == "room 273, cage 1500001"
    alleles = [f for f in found.facts if f.label == "Allele"]
    assert [a.href for a in alleles] == [
        "https://www.informatics.jax.org/allele/MGI:3590684",
        "https://www.informatics.jax.org/allele/MGI:3809524",
    ]
    assert alleles[0].note == "Pvalb-IRES-Cre/wt · MGI:3590684" and {a.source for a in alleles} == {"MGI"}
    assert {f.source for f in found.facts if f.label != "Allele"} == {"LabTracks"}


def test_every_procedure_is_on_the_timeline_in_date_order_with_the_source_it_came_from() -> None:
    items = page(ok(subject()), ok(procedures(), "procedures")).items
    assert [(str(i.start), i.kind, i.source) for i in items] == [
        ("2025-03-03", "surgery", "SharePoint NSB"),
        ("2025-04-01", "water", "SLIMS"),
        ("2025-05-20", "perfusion", "Smartsheet"),
        ("2025-05-20", "perfusion", "LabTracks"),
        ("2025-05-22", "specimen", "SLIMS"),
    ]
    assert (
        items[0].title == "Surgery: Headframe, 2 × Brain injection, Probe implant"
        and items[0].age == "8 weeks 0 days (P56)"
    )


def test_a_perfused_animal_is_flagged_and_its_restriction_is_no_longer_ongoing() -> None:
    found = page(ok(subject()), ok(procedures(), "procedures"))
    assert [(f.label, f.value) for f in found.status_facts] == [("Perfused", "2025-05-20"), ("Perfused", "2025-05-20")]
    assert not any(i.ongoing for i in found.items)


def test_sites_are_placed_from_the_schema_transforms_and_an_unplaceable_one_is_listed_with_why() -> None:
    rows = page(ok(subject()), ok(procedures(), "procedures")).rows
    placed, fiber, unplaced = rows[0], rows[1], rows[2]
    assert placed.materials == ("AAV-hSyn-jGCaMP8m · lot VT9001B · 1.2 × 10¹³ gc/mL",)
    assert placed.doses == ("100 nL", "100 nL") and placed.target == "VISp (Primary visual area)"
    assert placed.coordinates == "AP −3.80 ML +2.50 DV 0.60, 0.30 mm from Bregma (BREGMA_ARI)"
    assert fiber.kind == "Fiber implant" and fiber.hemisphere == "Right"
    assert unplaced.points == () and unplaced.reason == "no coordinates are recorded"


def test_the_schematic_gets_one_mark_per_placed_position_anterior_up() -> None:
    marks = page(ok(subject()), ok(procedures(), "procedures")).marks
    assert [(m.x, m.y, m.kind) for m in marks] == [(2.5, 3.8, "injection"), (2.5, 3.8, "implant")]


def test_a_207_says_which_source_failed_and_what_may_be_missing() -> None:
    message = "Partial procedures for 700100: SharePoint is unreachable (NSB 2023 list); SLIMS timed out after 10 s."
    found = page(ok(subject()), Answer(207, {"message": message, "data": procedures()}))
    assert found.status == 200
    assert found.problems[0].kind == "partial" and found.problems[0].lines == (
        "SharePoint is unreachable (NSB 2023 list): surgeries (injections, implants, headframes, craniotomies) may be missing.",
        "SLIMS timed out after 10 s: water restriction and histology may be missing.",
    )


@pytest.mark.parametrize(
    ("failure", "missing"),
    [
        ("ExaSPIM sheets could not be read (Smartsheet is unreachable)", "ExaSPIM injections and specimen procedures"),
        ("Smartsheet is unreachable", "perfusions and protocol DOIs"),
        ("SharePoint is unreachable (LAS 2020 list)", "retro-orbital and intraperitoneal injections"),
    ],
)
def test_a_failure_names_what_its_own_source_holds(failure: str, missing: str) -> None:
    assert provenance.what_may_be_missing(failure) == missing


def test_a_406_lists_each_validation_error_as_field_then_what_is_wrong() -> None:
    data = procedures()
    errors = [
        {
            "loc": ["subject_procedures", 0, "Surgery", "procedures", 1, "Brain injection", "dynamics", 0, "volume"],
            "msg": "Field required",
            "type": "missing",
        },
        {
            "loc": ["subject_procedures", 3, "Water restriction", "ethics_review_id"],
            "msg": "Field required",
            "type": "missing",
        },
        {
            "loc": ["subject_procedures", 0, "Surgery", "procedures", 1, "Brain injection", "dynamics", 0],
            "msg": "Value error, Either volume or injection_current must be provided.",
            "type": "value_error",
        },
    ]
    found = page(
        ok(subject()),
        Answer(406, {"message": "Procedures for 700100 fails validation", "data": data, "errors": errors}),
    )
    assert found.problems[0].lines == (
        "Surgery 1 (2025-03-03) → Brain injection 2 → Injection dynamics 1 → Injection volume is missing",
        "Water restriction 4 (2025-04-01) → Ethics review ID is missing",
        "Surgery 1 (2025-03-03) → Brain injection 2 → Injection dynamics 1: either volume or injection_current must be provided",
    )
    assert found.items and found.rows  # the data as found is still shown


def test_a_stale_answer_says_how_old_it_is_and_why() -> None:
    stale = Answer(
        200,
        {
            "message": "Served from cache (754 s old) because LabTracks is unreachable. Valid subject for 700100.",
            "data": subject(),
        },
        {"X-Cache": "stale", "Age": "754"},
    )
    found = page(stale, ok(procedures(), "procedures"))
    assert [p.title for p in found.problems] == [
        "The subject is 12 minutes old: served from the cache because LabTracks is unreachable."
    ]


def test_nothing_known_anywhere_is_a_404_and_a_failing_subject_still_shows_the_procedures() -> None:
    missing = Answer(404, {"message": "No subject found for 700100.", "data": None})
    assert page(missing, Answer(404, {"message": "No procedures found for 700100.", "data": None})).status == 404
    down = Answer(503, {"message": "LabTracks is unreachable", "data": None})
    found = page(down, ok(procedures(), "procedures"))
    assert found.status == 200 and found.facts == [] and len(found.items) == 5
    assert found.problems[0].title == "The subject could not be read (503): LabTracks is unreachable"


@pytest.mark.parametrize(
    ("surgery", "source"),
    [
        ({"experimenters": ["NSB-573"], "procedures": [{"object_type": "Headframe"}]}, "SharePoint NSB"),
        ({"experimenters": ["LAS-12"], "procedures": [{"object_type": "Injection"}]}, "SharePoint LAS 2020"),
        ({"experimenters": ["4021"], "procedures": [{"object_type": "Perfusion"}]}, "LabTracks"),
        ({"experimenters": ["4021"], "procedures": [{"object_type": "Injection"}]}, "LabTracks"),
        ({"experimenters": ["Ana Ruiz"], "procedures": [{"object_type": "Perfusion"}]}, "Smartsheet"),
        ({"experimenters": None, "notes": "good", "procedures": [{"object_type": "Perfusion"}]}, "Smartsheet"),
        ({"experimenters": None, "procedures": [{"object_type": "Craniotomy"}]}, "SharePoint"),
        ({"experimenters": None, "procedures": [{"object_type": "Perfusion"}]}, provenance.UNKNOWN),
    ],
)
def test_a_surgerys_source_is_inferred_only_from_marks_one_mapper_leaves(surgery: dict[str, Any], source: str) -> None:
    assert provenance.subject_procedure_source({"object_type": "Surgery", **surgery}) == source


@pytest.mark.parametrize(
    ("transform", "reason"),
    [
        ([translation(None, 1.0, 2.0)], "the translation's AP or ML is missing or not a number"),
        ([translation("1.2", 1.0, 2.0)], "the translation's AP or ML is missing or not a number"),
        (
            [translation(1, 1, 1), translation(0, 0, 1)],
            "the position is a chain of transforms (Translation, Translation) the page does not apply",
        ),
        (
            [{"object_type": "Affine transform"}],
            "the position is a chain of transforms (Affine transform) the page does not apply",
        ),
        ([], "no coordinates are recorded"),
    ],
)
def test_coordinates_the_schema_cannot_place_are_not_guessed(transform: list[Any], reason: str) -> None:
    assert skull.place(transform, skull.axes(BREGMA_ARI)) == reason


def test_a_system_not_at_bregma_or_with_axes_reversed_is_read_as_it_says() -> None:
    lambda_system = {**BREGMA_ARI, "name": "LAMBDA_ARI", "origin": "Lambda"}
    assert skull.place([translation(1, 1, 1)], skull.axes(lambda_system)) == (
        "coordinate system LAMBDA_ARI has its origin at Lambda, not bregma"
    )
    reversed_axes = {**BREGMA_ARI, "axes": [{"direction": "Anterior_to_posterior"}, {"direction": "Right_to_left"}]}
    point = skull.place([translation(2.0, 1.0, 3.0)], skull.axes(reversed_axes))
    assert isinstance(point, skull.Point) and (point.ap, point.ml, point.depth) == (-2.0, -1.0, None)


def test_a_207_message_splits_into_its_sources_without_the_validation_tail() -> None:
    message = (
        "Partial procedures for 1: MGI is unreachable; TARS timed out after 5 s. The rest fails validation (2 errors)."
    )
    assert problems.failures(message) == ["MGI is unreachable", "TARS timed out after 5 s"]
