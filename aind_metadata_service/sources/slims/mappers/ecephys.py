"""SLIMS in vivo electrophysiology recording runs to our own EcephysSession records."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict

from aind_metadata_service.sources.slims.entities import Quantity, Ref, Refs
from aind_metadata_service.sources.slims.mappers.common import newest_first, own_results
from aind_metadata_service.sources.slims.records import ReferenceDataRecord, Result, Run

GROUP_STEP = "Group of Sessions"
MOUSE_SESSION, STREAMS = "Mouse Session", "Streams"  # Result test_label values

# Dome module columns by output field. Text and labels first, then quantities grouped under one unit each.
MODULE_TEXT: dict[str, str] = {
    "implant_hole": "rdrc_cf_implantHole",
    "assembly_name": "rdrc_cf_assemblyName",
    "probe_name": "rdrc_cf_probeName",
    "ccf_version": "rdrc_cf_ccfVersion",
    "primary_targeted_structure": "rdrc_cf_fk_primaryTargetedStructure",
    "coordinate_transform": "rdrc_cf_coordinateTransform",
    "dye": "rdrc_cf_fk_dye",
}
MODULE_QUANTITIES: dict[str, dict[str, str]] = {
    "angle_unit": {
        "arc_angle": "rdrc_cf_arcAngle",
        "module_angle": "rdrc_cf_moduleAngle",
        "rotation_angle": "rdrc_cf_rotationAngle",
    },
    "ccf_coordinates_unit": {
        "ccf_coordinates_ap": "rdrc_cf_ccfCoordinatesAp",
        "ccf_coordinates_ml": "rdrc_cf_ccfCoordinatesMl",
        "ccf_coordinates_dv": "rdrc_cf_ccfCoordinatesDv",
    },
    "bregma_unit": {"bregma_ap": "rdrc_cf_bregmaAP", "bregma_ml": "rdrc_cf_bregmaML", "bregma_dv": "rdrc_cf_bregmaDV"},
    "surface_z_unit": {"surface_z": "rdrc_cf_surfaceZ"},
    "manipulator_unit": {
        "manipulator_x": "rdrc_cf_manipulatorX",
        "manipulator_y": "rdrc_cf_manipulatory",  # lower-case y in SLIMS
        "manipulator_z": "rdrc_cf_manipulatorZ",
    },
}


class DomeModule(BaseModel):
    """A probe's module on the dome, as recorded for one stream."""

    model_config = ConfigDict(extra="forbid")
    implant_hole: str | None = None
    assembly_name: str | None = None
    probe_name: str | None = None
    primary_targeted_structure: str | None = None
    secondary_targeted_structures: list[str] = []
    coordinate_transform: str | None = None
    dye: str | None = None
    arc_angle: float | None = None
    module_angle: float | None = None
    rotation_angle: float | None = None
    angle_unit: str | None = None
    ccf_coordinates_ap: float | None = None
    ccf_coordinates_ml: float | None = None
    ccf_coordinates_dv: float | None = None
    ccf_coordinates_unit: str | None = None
    ccf_version: str | None = None
    bregma_ap: float | None = None
    bregma_ml: float | None = None
    bregma_dv: float | None = None
    bregma_unit: str | None = None
    surface_z: float | None = None
    surface_z_unit: str | None = None
    manipulator_x: float | None = None
    manipulator_y: float | None = None
    manipulator_z: float | None = None
    manipulator_unit: str | None = None


class Stream(BaseModel):
    """What one stream of a session recorded."""

    model_config = ConfigDict(extra="forbid")
    stream_modalities: list[str] = []
    daq_names: list[str] = []
    camera_names: list[str] = []
    modules: list[DomeModule] = []


class RewardSpout(BaseModel):
    """A reward spout's placement."""

    model_config = ConfigDict(extra="forbid")
    spout_side: str | None = None
    starting_position: str | None = None
    variable_position: str | None = None


class RewardDelivery(BaseModel):
    """The reward solution and its spouts."""

    model_config = ConfigDict(extra="forbid")
    reward_solution: str | None = None
    specify_reward_solution: str | None = None
    reward_spouts: list[RewardSpout] = []


class EcephysSession(BaseModel):
    """One mouse session of an in vivo electrophysiology recording run in SLIMS."""

    model_config = ConfigDict(extra="forbid")
    subject_id: str | None = None
    session_name: str | None = None
    run_created: datetime | None = None
    operator: str | None = None
    session_type: str | None = None
    mouse_platform_name: str | None = None
    active_mouse_platform: bool | None = None
    instrument_id: str | None = None
    device_calibrations: str | None = None
    animal_weight_prior: float | None = None
    animal_weight_post: float | None = None
    animal_weight_unit: str | None = None
    reward_consumed_volume: float | None = None
    reward_consumed_unit: str | None = None
    link_to_stimulus_epoch_code: str | None = None
    stimulus_epochs: str | None = None
    streams: list[Stream] = []
    reward_delivery: RewardDelivery | None = None


def _plain(cell: Any) -> Any:
    """A column's value for output: a foreign key's label, a quantity's number, or the value."""
    if isinstance(cell, Ref):
        return cell.display
    return cell.value if isinstance(cell, Quantity) else cell


def dome_module(record: ReferenceDataRecord) -> dict[str, Any]:
    """A DomeModule dict from a "Dome Module" reference record, by the tables above."""
    module = {out: _plain(getattr(record, column)) for out, column in MODULE_TEXT.items()}
    for unit_field, group in MODULE_QUANTITIES.items():
        cells: list[Quantity] = [getattr(record, column) for column in group.values()]
        module.update({out: cell.value for out, cell in zip(group, cells, strict=True)})
        module[unit_field] = next((c.unit for c in cells if c.unit), None)
    secondary: Refs = record.rdrc_cf_fk_secondaryTargetedStructures
    module["secondary_targeted_structures"] = (
        secondary.displays or record.rdrc_cf_fk_secondaryTargetedStructures2.displays
    )
    return module


def _stream(result: Result, run: Run) -> dict[str, Any]:
    """A Stream dict with the dome modules it names."""
    modules = [run.linked.references.get(pk) for pk in result.rslt_cf_fk_modulesinStream.pks]
    return {
        "stream_modalities": result.rslt_cf_streamModalities or [],
        "daq_names": result.rslt_cf_daqNames or [],
        "camera_names": result.rslt_cf_cameraNames or [],
        "modules": [dome_module(m) for m in modules if m is not None],
    }


def _reward(result: Result | None, run: Run) -> dict[str, Any] | None:
    """The session's reward delivery and spouts, when it names one."""
    delivery = run.linked.references.get(result.rslt_cf_fk_rewardDelivery.pk or -1) if result else None
    if delivery is None:
        return None
    spouts = [run.linked.references.get(pk) for pk in delivery.rdrc_cf_fk_rewardSpouts.pks]
    return {
        "reward_solution": delivery.rdrc_cf_rewardSolution,
        "specify_reward_solution": delivery.rdrc_cf_specifyRewardSolution,
        "reward_spouts": [
            {
                "spout_side": s.rdrc_cf_spoutSide,
                "starting_position": s.rdrc_cf_startingPosition,
                "variable_position": s.rdrc_cf_variablePosition,
            }
            for s in spouts
            if s is not None
        ],
    }


def _group_fields(run: Run) -> dict[str, Any]:
    """What the run's "Group of Sessions" step records for all its sessions."""
    group = next((s for s in run.steps if s.xprs_name == GROUP_STEP), None)
    if group is None:
        return {}
    return {
        "operator": group.xprs_cf_fk_operator.display,
        "session_type": group.xprs_cf_sessionType,
        "mouse_platform_name": group.xprs_cf_mousePlatformName,
        "active_mouse_platform": group.xprs_cf_activeMousePlatform,
        "instrument_id": group.xprs_cf_fk_instrument.display,
        "device_calibrations": group.xprs_cf_deviceCalibrations,
    }


def _session_fields(session: Result | None) -> dict[str, Any]:
    """What a "Mouse Session" result records."""
    if session is None:
        return {}
    prior, post, reward = (
        session.rslt_cf_animalWeightPrior,
        session.rslt_cf_animalWeightPost,
        session.rslt_cf_rewardConsumedvolume,
    )
    return {
        "session_name": session.rslt_cf_sessionName,
        "animal_weight_prior": prior.value,
        "animal_weight_post": post.value,
        "animal_weight_unit": prior.unit or post.unit,
        "reward_consumed_volume": reward.value,
        "reward_consumed_unit": reward.unit,
        "link_to_stimulus_epoch_code": session.rslt_cf_linkToStimulusEpochCode,
        "stimulus_epochs": session.rslt_cf_stimulusEpochs.display,
    }


def to_sessions(run: Run) -> list[dict[str, Any]]:
    """One session per "Mouse Session" result of the run (one bare session if it has none yet)."""
    results = own_results(run)
    sessions: list[Result | None] = [r for r in results if r.test_label == MOUSE_SESSION] or [None]
    streams = [r for r in results if r.test_label == STREAMS]
    subject = next((c.cntn_barCode for c in run.contents), None)
    found = []
    for session in sessions:
        # Streams name their session when SLIMS links them; otherwise every stream of the run is the session's.
        own = [s for s in streams if session is None or s.rslt_cf_fk_mouseSession in (None, session.pk)]
        found.append(
            {
                "subject_id": subject,
                "run_created": run.run.xprn_createdOn,
                **_group_fields(run),
                **_session_fields(session),
                "streams": [_stream(s, run) for s in own],
                "reward_delivery": _reward(session, run),
            }
        )
    return found


def to_ecephys_sessions(runs: list[Run], session_name: str | None = None) -> list[dict[str, Any]]:
    """Every run's sessions (only the named one when a name is given), newest first."""
    sessions = [s for run in runs for s in to_sessions(run)]
    if session_name:
        sessions = [s for s in sessions if s.get("session_name") == session_name]
    return newest_first(sessions, lambda s: s["run_created"])
