"""SLIMS SmartSPIM imaging runs to our own SmartSpimImaging records."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict

from aind_metadata_service.sources.slims.mappers.common import newest_first, own_results, protocol_link, run_protocols
from aind_metadata_service.sources.slims.records import Content, Order, Result, Run

ORDER_TYPE = "SmartSPIM Histology and Imaging"
# Channels by output field, from the imaging order's columns.
CHANNELS: dict[str, str] = {
    "imaging_channels": "ordr_cf_fluorescenceChannels_Imaging",
    "stitching_channels": "ordr_cf_fluorescenceChannels_Stitching",
    "ccf_registration_channels": "ordr_cf_fluorescenceChannels_CcfRegistration",
    "cell_segmentation_channels": "ordr_cf_fluorescenceChannels_CellSegmentation",
}


class SmartSpimImaging(BaseModel):
    """One SmartSPIM imaging of a specimen, as SLIMS records it."""

    model_config = ConfigDict(extra="forbid")
    subject_id: str | None = None
    specimen_id: str | None = None
    protocol_name: str | None = None
    protocol_id: str | None = None
    date_performed: datetime | None = None
    experimenter: str | None = None
    instrument_id: str | None = None
    chamber_immersion_medium: str | None = None
    sample_immersion_medium: str | None = None
    chamber_refractive_index: float | None = None
    sample_refractive_index: float | None = None
    brain_orientation: str | None = None
    x_direction: str | None = None
    y_direction: str | None = None
    z_direction: str | None = None
    imaging_channels: list[str] = []
    stitching_channels: list[str] = []
    ccf_registration_channels: list[str] = []
    cell_segmentation_channels: list[str] = []


def channels(orders: list[Order]) -> dict[str, list[str]]:
    """The channel lists of the specimen's SmartSPIM order (empty when it has none)."""
    order = next((o for o in orders if o.ordr_fk_orderType.display == ORDER_TYPE), None)
    return {out: (getattr(order, column) or []) if order else [] for out, column in CHANNELS.items()}


def _result_fields(result: Result | None, run: Run) -> dict[str, Any]:
    """What the imaging result records, with its instrument and brain orientation."""
    if result is None:
        return {}
    instrument = run.linked.references.get(result.rslt_cf_fk_instrumentJson.pk or -1)
    orientation = run.linked.references.get(result.rslt_cf_fk_spimBrainOrientation.pk or -1)
    return {
        "date_performed": result.rslt_cf_datePerformed,
        "experimenter": result.rslt_cf_fk_operator.display,
        "instrument_id": instrument.rdrc_name if instrument else result.rslt_cf_fk_instrumentJson.display,
        "chamber_immersion_medium": result.rslt_cf_chamberImmersionMedium,
        "sample_immersion_medium": result.rslt_cf_sampleImmersionMedium,
        "chamber_refractive_index": result.rslt_cf_chamberRefractiveIndex,
        "sample_refractive_index": result.rslt_cf_sampleRefractiveIndex,
        "brain_orientation": orientation.rdrc_name if orientation else result.rslt_cf_fk_spimBrainOrientation.display,
        "x_direction": orientation.rdrc_cf_xDirection if orientation else None,
        "y_direction": orientation.rdrc_cf_yDirection if orientation else None,
        "z_direction": orientation.rdrc_cf_zDirection if orientation else None,
    }


def _specimen(result: Result | None, run: Run) -> Content | None:
    """The specimen a result is about: the one it names, else the run's first."""
    named = [c for c in run.contents if result is not None and c.pk == result.rslt_fk_content]
    return next(iter(named or run.contents), None)


def to_imagings(run: Run) -> list[dict[str, Any]]:
    """One record per imaging result of the run (one bare record if it has none yet)."""
    sops = run_protocols(run)
    found = []
    results: list[Result | None] = [*own_results(run)] or [None]
    for result in results:
        specimen = _specimen(result, run)
        found.append(
            {
                "subject_id": specimen.subject_id if specimen else None,
                "specimen_id": specimen.cntn_barCode if specimen else None,
                "protocol_name": sops[0].stop_name if sops else None,
                "protocol_id": protocol_link(sops[0].stop_link) if sops else None,
                **_result_fields(result, run),
                **channels(run.linked.orders.get(specimen.pk, []) if specimen else []),
            }
        )
    return found


def to_smartspim_imaging(runs: list[Run]) -> list[dict[str, Any]]:
    """Every run's imaging records, newest first."""
    return newest_first([i for run in runs for i in to_imagings(run)], lambda i: i.get("date_performed"))
