"""The ExaSPIM sheets: a specimen's raw bundle (as /api/v2 gives it), and its injections as a /procedures Part."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from aind_metadata_service.mappers.anatomy import RETRO_ORBITAL
from aind_metadata_service.mappers.procedures import Part
from aind_metadata_service.sources.smartsheet.mappers import day, number, text
from aind_metadata_service.sources.smartsheet.mappers.exaspim_specimens import specimen_procedures

Bundle = dict[str, list[dict[str, Any]]]

# The bundle's lists: which sheet each comes from, the column a row is matched on, and the label a failure names.
BUNDLE: dict[str, tuple[str, str, str]] = {
    "mouse_tracker_info": ("exaspim_mouse_tracker", "Mouse ID", "Smartsheet ExaSPIM Mouse Tracker"),
    "sample_tracking_info": ("exaspim_sample_tracking", "Sample", "Smartsheet ExaSPIM Sample Tracking"),
    "imaging_queue_info": ("exaspim_imaging_queue", "Sample", "Smartsheet ExaSPIM Imaging Queue"),
    "qc_sheet_info": ("exaspim_qc", "Sample", "Smartsheet ExaSPIM QC"),
}
LABELS = {sheet: label for sheet, _, label in BUNDLE.values()}

# Column titles whose field name in the ExaSPIM service is not the plain snake case of the title.
FIELD_NAMES: dict[str, str] = {
    "#": "num",
    "ExM processing status?": "ex_m_processing_status",
    "AiP#": "ai_p_num",
    "Virus2 AiP#": "virus2_ai_p_num",
    "Virus3 AiP#": "virus3_ai_p_num",
    "NeuroGlancer Link": "neuro_glancer_link",
    "Gelation: AcX Start": "gelation_ac_x_start",
    "Gelation: AcX End": "gelation_ac_x_end",
    "Gelation: Stock X + VA-044 Equilibration  Start": "gelation_stock_xva_044_equilibration_start",
    "Gelation: Stock X + VA-044 Equilibration End": "gelation_stock_xva_044_equilibration_end",
    "1X Imaging Date": "one_x_imaging_date",
    "1X Screening Link": "one_x_screening_link",
}


def field_name(title: str) -> str:
    """A column title as the service's field: "Virus1 Stock Titer (GC/mL)" is virus1_stock_titer_gc_ml."""
    if title in FIELD_NAMES:
        return FIELD_NAMES[title]
    return "_".join(re.findall(r"[a-z0-9]+", title.replace("#", " num ").lower()))


def _whole(value: Any) -> int | None:
    """The row number column "#" as an int."""
    try:
        return int(float(str(value)))
    except ValueError:
        return None


def raw_row(row: Mapping[str, Any]) -> dict[str, Any]:
    """One sheet row as the bundle holds it: every column, numbers as text, "#" an int."""
    found: dict[str, Any] = {field_name(title): text(value) for title, value in row.items()}
    if "num" in found:
        found["num"] = _whole(found["num"])
    return found


def bundle(sheets: Mapping[str, list[dict[str, Any]]], specimen_id: str) -> Bundle:
    """The rows of each ExaSPIM sheet whose key column is the specimen id; four empty lists for an unknown id."""
    return {
        key: [raw_row(row) for row in sheets[sheet] if text(row.get(column)) == specimen_id]
        for key, (sheet, column, _) in BUNDLE.items()
    }


@dataclass(frozen=True)
class VirusColumns:
    """Mouse Tracker's columns for virus N (the sheet spells a few of them its own way)."""

    name: str
    lot: str
    date: str
    kind: str
    titers: tuple[str, ...]  # effective, then working, then stock: the first filled is the injected titer
    volume_nl: str


def _virus(n: int, working: str, volume_nl: str) -> VirusColumns:
    """The columns of virus N."""
    v = f"virus{n}"
    titers = (f"{v}_effective_titer_gc_ml", working, f"{v}_stock_titer_gc_ml")
    return VirusColumns(v, f"{v}_id", f"{v}_injection_date", f"{v}_injection_type", titers, volume_nl)


VIRUSES = (
    _virus(1, "working_titer_gc_ml", "virus1_stereotaxic_volume_injected_nl"),
    _virus(2, "virus2_working_titer_gc_ml", "virus2_stereotaxic_volume_injected_nl"),
    _virus(3, "virus3_working_titer_gc_ml", "virus3_stereotaxic_volume_injected_nl"),
    _virus(4, "virus4_working_titer_gc_ml", "stereotaxic_volume_injected_nl"),
)
RO_VOLUME_UL = "virus_mix_total_volume_injected_ro_ul"  # the retro-orbital mix, when no stereotaxic volume
RETRO_ORBITAL_KINDS = re.compile(r"^\s*(ro|retro[- ]?orbital)\b", re.IGNORECASE)


def viral_material(row: Mapping[str, Any], c: VirusColumns) -> dict[str, Any]:
    """Virus N as a ViralMaterial: its TARS prep lot from the sheet's id, the injected titer in gc/mL."""
    lot = text(row.get(c.lot))
    titer = next((t for t in (number(row.get(col)) for col in c.titers) if t is not None), None)
    identifiers = {"object_type": "Tars virus identifiers", "virus_tars_id": lot, "prep_lot_number": lot}
    return {
        "object_type": "Viral material",
        "name": text(row.get(c.name)),
        "tars_identifiers": identifiers if lot else None,
        "titer": int(titer) if titer is not None else None,
        "titer_unit": "gc/mL",
    }


def volume_nl(row: Mapping[str, Any], c: VirusColumns) -> float | None:
    """The injected volume in nL: the stereotaxic volume, else the retro-orbital mix's µL; None when not positive."""
    found = number(row.get(c.volume_nl))
    if found is None and (ro := number(row.get(RO_VOLUME_UL))) is not None:
        found = ro * 1000
    return found if found is not None and found > 0 else None


def injection(row: Mapping[str, Any], c: VirusColumns) -> dict[str, Any] | None:
    """Virus N's Injection, one bolus; None when the virus is not named or no volume was injected."""
    volume = volume_nl(row, c)
    if text(row.get(c.name)) is None or volume is None:
        return None
    retro_orbital = RETRO_ORBITAL_KINDS.match(text(row.get(c.kind)) or "") is not None
    return {
        "object_type": "Injection",
        "injection_materials": [viral_material(row, c)],
        "targeted_structure": dict(RETRO_ORBITAL) if retro_orbital else None,
        "dynamics": [
            {"object_type": "Injection dynamics", "profile": "Bolus", "volume": volume, "volume_unit": "nanoliter"}
        ],
    }


def surgery(row: Mapping[str, Any]) -> dict[str, Any] | None:
    """A Mouse Tracker row's injections as one Surgery from the earliest injection date; None without any."""
    done = [(found, day(row.get(c.date))) for c in VIRUSES if (found := injection(row, c))]
    if not done:
        return None
    dates = [d for _, d in done if d is not None]
    return {
        "object_type": "Surgery",
        "start_date": min(dates) if dates else None,  # unknown stays None: the answer is then 406, with the data
        "procedures": [found for found, _ in done],
        "notes": text(row.get("las_injection_notes")),
    }


def to_part(found: Bundle, specimen_id: str) -> Part:
    """The specimen's share of /procedures: the first Mouse Tracker row's injections, and specimen procedures."""
    trackers = found["mouse_tracker_info"]
    done = surgery(trackers[0]) if trackers else None
    return Part(subject_procedures=[done] if done else [], specimen_procedures=specimen_procedures(found, specimen_id))
