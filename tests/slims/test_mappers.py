"""SLIMS mappers as tables, without an app: protocol links, water restriction, entities, ecephys and imaging."""

from __future__ import annotations

from typing import Any

import pytest

from aind_metadata_service.sources.slims.entities import Entity, Quantity, Ref
from aind_metadata_service.sources.slims.mappers.common import protocol_link
from aind_metadata_service.sources.slims.mappers.ecephys import EcephysSession, dome_module, to_ecephys_sessions
from aind_metadata_service.sources.slims.mappers.imaging import to_smartspim_imaging
from aind_metadata_service.sources.slims.mappers.water_restriction import (
    SlimsWaterRestriction,
    target_percent,
    to_water_restrictions,
    weight_unit,
)
from aind_metadata_service.sources.slims.records import (
    Content,
    ContentEvent,
    ExperimentRun,
    ExperimentRunStep,
    Linked,
    ReferenceDataRecord,
    Result,
    Run,
    WaterRestrictionEvent,
)
from tests.slims.conftest import SPECIMEN, at, run, step


@pytest.mark.parametrize(
    ("anchor", "link"),
    [
        ('<a href="https://dx.doi.org/10.17504/x/v1" target="_blank">x</a>', "https://dx.doi.org/10.17504/x/v1"),
        ("<a HREF='https://protocols.io/y'>y</a>", "https://protocols.io/y"),
        ("https://dx.doi.org/10.17504/z", "https://dx.doi.org/10.17504/z"),
        ("see the binder", None),
        (None, None),
    ],
)
def test_a_protocol_link_is_the_anchors_href(anchor: str | None, link: str | None) -> None:
    assert protocol_link(anchor) == link


@pytest.mark.parametrize(
    ("fraction", "percent"),
    [(0.85, 85), (0.8, 80), (0.875, 88), (1.0, 100), (85.0, 85), (None, None), (0, None), (-0.5, None), (850, None)],
)
def test_the_target_weight_fraction_is_a_whole_percent(fraction: float | None, percent: int | None) -> None:
    assert target_percent(fraction) == percent


@pytest.mark.parametrize(
    ("unit", "value"), [("g", "gram"), ("mg", "milligram"), ("kg", "kilogram"), (None, "gram"), ("stone", None)]
)
def test_the_baseline_weight_unit_is_a_mass_unit(unit: str | None, value: str | None) -> None:
    assert weight_unit(unit) == value


def test_a_water_restriction_maps_to_the_schemas_model_with_its_subject() -> None:
    event = ContentEvent(
        pk=701,
        cnvn_fk_content=1001,
        cnvn_cf_startDate=at(2025, 4, 1, 23, 30),  # late evening in Seattle is already the next day in UTC
        cnvn_cf_endDate=None,
        cnvn_cf_assignedBy="Maya Lindqvist",
        cnvn_cf_targetWeightFraction=0.85,
        cnvn_cf_iacucProtocol="2414",
    )
    mouse = Content(pk=1001, cntn_barCode="775745", cntn_cf_baselineWeight=Quantity(value=24.6, unit="g"))
    [restriction] = to_water_restrictions([WaterRestrictionEvent(event, mouse)])
    dumped = SlimsWaterRestriction.model_validate(restriction).model_dump(mode="json")
    assert dumped == {
        "object_type": "Water restriction",
        "ethics_review_id": "2414",
        "target_fraction_weight": 85,
        "target_fraction_weight_unit": "percent",
        "minimum_water_per_day": 1.0,
        "minimum_water_per_day_unit": "milliliter",
        "baseline_weight": 24.6,
        "weight_unit": "gram",
        "start_date": "2025-04-01",
        "end_date": None,
        "subject_id": "775745",
        "assigned_by": "Maya Lindqvist",
    }


def _entity(table: str, **columns: dict[str, Any]) -> Entity:
    """An entity from column dicts (value, unit, displayValue...)."""
    return Entity.model_validate(
        {"pk": 1, "tableName": table, "columns": [{"name": k, **v} for k, v in columns.items()]}
    )


def test_a_dome_module_decodes_html_unit_entities_and_groups_units() -> None:
    record = ReferenceDataRecord.from_entity(
        _entity(
            "ReferenceDataRecord",
            rdrc_cf_probeName={"value": "45883"},
            rdrc_cf_arcAngle={"value": -14, "unit": "°"},
            rdrc_cf_manipulatorX={"value": 8210, "unit": "&mu;m"},
            rdrc_cf_manipulatory={"value": "not a number", "unit": "&mu;m"},
            rdrc_cf_fk_primaryTargetedStructure={"value": 2301, "displayValue": "Nucleus accumbens"},
            rdrc_cf_fk_secondaryTargetedStructures2={"value": [2302], "displayValues": ["Caudoputamen"]},
        )
    )
    module = dome_module(record)
    assert (module["probe_name"], module["arc_angle"], module["angle_unit"]) == ("45883", -14, "°")
    assert (module["manipulator_x"], module["manipulator_y"], module["manipulator_unit"]) == (8210, None, "μm")
    assert module["primary_targeted_structure"] == "Nucleus accumbens"
    assert module["secondary_targeted_structures"] == ["Caudoputamen"]


def test_dates_are_read_in_the_columns_time_zone_and_single_choices_as_lists() -> None:
    step_ = ExperimentRunStep.from_entity(
        _entity(
            "ExperimentRunStep",
            xprs_fk_experimentRun={"value": 1},
            xprs_name={"value": "Wash 1"},
            xprs_cf_startTime={"value": 1749106800000, "timeZone": "America/Los_Angeles"},
            xprs_cf_fk_reagent={"value": 138},
        )
    )
    assert step_.xprs_cf_startTime is not None and step_.xprs_cf_startTime.isoformat() == "2025-06-05T00:00:00-07:00"
    assert step_.xprs_cf_fk_reagent.pks == [138]


def _session_run(*results: Result) -> Run:
    """An ecephys run with a group step and the given results."""
    group = step(2, "Group of Sessions", xprs_cf_fk_operator=Ref(pk=3, display="Maya Lindqvist"))
    record = ExperimentRun(pk=1, xprn_fk_experimentTemplate=Ref(pk=41), xprn_createdOn=at(2025, 4, 22, 13, 58))
    mouse = Content(pk=1001, cntn_barCode="775745")
    return Run(record, [group], [mouse], list(results), Linked())


def test_each_mouse_session_result_is_a_session_with_its_own_streams() -> None:
    first = Result(pk=1, rslt_fk_experimentRunStep=3, test_label="Mouse Session", rslt_cf_sessionName="s1")
    second = Result(pk=2, rslt_fk_experimentRunStep=3, test_label="Mouse Session", rslt_cf_sessionName="s2")
    stream = Result(
        pk=3, rslt_fk_experimentRunStep=4, test_label="Streams", rslt_cf_fk_mouseSession=2, rslt_cf_daqNames=["B"]
    )
    sessions = to_ecephys_sessions([_session_run(first, second, stream)])
    assert [(s["session_name"], len(s["streams"]), s["operator"]) for s in sessions] == [
        ("s1", 0, "Maya Lindqvist"),
        ("s2", 1, "Maya Lindqvist"),
    ]
    assert [s["session_name"] for s in to_ecephys_sessions([_session_run(first, second)], "s2")] == ["s2"]


def test_a_recording_run_without_results_yet_is_one_bare_session() -> None:
    [session] = [EcephysSession.model_validate(s) for s in to_ecephys_sessions([_session_run()])]
    assert (session.subject_id, session.session_name, session.operator, session.streams) == (
        "775745",
        None,
        "Maya Lindqvist",
        [],
    )


def test_imaging_results_about_another_subjects_brain_are_left_out() -> None:
    ours = Result(pk=1, rslt_fk_experimentRunStep=2, rslt_fk_content=2001, rslt_cf_datePerformed=at(2025, 6, 25))
    theirs = Result(pk=2, rslt_fk_experimentRunStep=2, rslt_fk_content=2999, rslt_cf_datePerformed=at(2025, 6, 26))
    imaging = Run(run("SPIM Imaging", []).run, [], [SPECIMEN], [ours, theirs], Linked())
    assert [(i["specimen_id"], i["subject_id"]) for i in to_smartspim_imaging([imaging])] == [("BRN00000231", "775745")]
