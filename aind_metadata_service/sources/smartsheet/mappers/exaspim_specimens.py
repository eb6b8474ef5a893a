"""An ExaSPIM specimen's processing (Sample Tracking, Imaging Queue, QC rows) as SpecimenProcedure dicts, by table."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from aind_data_schema_models.organizations import Organization

from aind_metadata_service.sources.smartsheet.mappers import day, number, text

Row = Mapping[str, Any]

# Antibodies the ExaSPIM team uses, by catalog number: who sells it and its RRID (antibodyregistry.org).
ANTIBODIES: dict[str, tuple[Any, str]] = {
    "ab13970": (Organization.ABCAM, "AB_300798"),  # chicken anti-GFP
    "ab8181-200": (Organization.SICGEN, "AB_2722750"),  # goat anti-tdTomato
    "a-21206": (Organization.INVITROGEN, "AB_2535792"),  # donkey anti-rabbit IgG (H+L), Alexa Fluor 488
    "a-11057": (Organization.INVITROGEN, "AB_2534104"),  # donkey anti-goat IgG (H+L), Alexa Fluor 568
}
ANTIBODY_SLOTS = tuple((kind, n) for kind in ("primary", "secondary") for n in (1, 2, 3))
EXPANSION_DAYS = 3  # the protocol expands the gel over the three days before imaging
IMAGED = "imaged"
FLUOROPHORE = re.compile(r"\s+(?:AF|Alexa\s*Fluor)\s*\d+\s*$", re.IGNORECASE)  # a secondary's dye is no target


def _solution(name: str) -> dict[str, Any]:
    """A Solution detail."""
    return {"object_type": "Solution", "name": name}


def _target(antibody: str) -> str:
    """The protein an antibody binds: "Chicken anti-GFP" binds GFP, "Donkey anti-Goat IgG (H+L) AF 568" Goat IgG
    (H+L); a name without "anti-" is kept whole."""
    found = re.search(r"\banti-\s*(.+)$", antibody, re.IGNORECASE)
    return FLUOROPHORE.sub("", found.group(1)).strip() if found else antibody


def antibody(row: Row, kind: str, n: int) -> dict[str, Any] | None:
    """Antibody N of a kind as a ProbeReagent: its protein target and mass per brain; a Reagent without a mass."""
    name = text(row.get(f"immuno_{kind}_antibody{n}"))
    if name is None:
        return None
    catalog = text(row.get(f"{kind}_antibody{n}_catalog_num"))
    source, rrid = ANTIBODIES.get((catalog or "").lower(), (Organization.UNKNOWN, None))
    reagent = {
        "object_type": "Reagent",
        "name": name,
        "source": source.model_dump(mode="json"),
        "rrid": {"name": name, "registry": "Research Resource Identifiers (RRID)", "registry_identifier": rrid}
        if rrid
        else None,
        "lot_number": text(row.get(f"{kind}_antibody{n}_lot_num")),
    }
    mass = number(row.get(f"mass_of_{kind}_antibody{n}_used_per_brain_ug"))
    if mass is None:
        return reagent
    probe = {"object_type": "Protein probe", "protein": {"name": _target(name)}, "mass": mass, "mass_unit": "microgram"}
    return {**reagent, "object_type": "Probe reagent", "target": probe}


def _delipidation(row: Row, _: Row) -> list[dict[str, Any]]:
    """DCM, then aqueous SBiP."""
    return [_solution("Dichloromethane (DCM)"), _solution("SBiP (SDS, butanol, isopropanol)")]


def _immunolabeling(row: Row, _: Row) -> list[dict[str, Any]]:
    """Every antibody the row names."""
    return [found for kind, n in ANTIBODY_SLOTS if (found := antibody(row, kind, n))]


def _gelation(row: Row, _: Row) -> list[dict[str, Any]]:
    """The gelation protocol's solutions."""
    return [_solution(n) for n in ("MBS", "Acryloyl-X (AcX)", "Stock X + VA-044", "Proteinase K (ProK)", "PBS")]


def _expansion(row: Row, _: Row) -> list[dict[str, Any]]:
    """The expansion protocol's solutions."""
    return [_solution("Saline-sodium citrate (SSC)"), _solution("Ascorbic acid")]


def _mounting(_: Row, imaging: Row) -> list[dict[str, Any]]:
    """The imaging buffer the gel was mounted in."""
    buffer = text(imaging.get("imaging_buffer"))
    return [_solution(buffer)] if buffer else []


@dataclass(frozen=True)
class Step:
    """One procedure: where its dates are (the first filled end column counts), its details and its notes."""

    procedure_type: str
    procedure_name: str
    start: str
    ends: tuple[str, ...]
    details: Callable[[Row, Row], list[dict[str, Any]]]
    qc: tuple[tuple[str, str], ...] = ()  # QC sheet (field, label) pairs for the notes
    on_imaging_queue: bool = False  # dates from the Imaging Queue row, not Sample Tracking


STEPS = (
    Step("Delipidation", "Delipidation (DCM + SBiP)", "dcm_delipidation_start", ("sbip_delipidation_end",),
         _delipidation, (("durotomy_tissue_damage_notes", "Tissue damage"),)),
    Step("Immunolabeling", "Primary and secondary immunolabeling", "immuno_primary_ab_start_date",
         ("immuno_secondary_ab_start_date",), _immunolabeling,
         (("immuno_gross_anatomy_notes", "Immuno QC"), ("immuno_pass_fail", "Immuno pass/fail"))),
    Step("Gelation", "Gelation and digestion", "gelation_mbs_start",
         ("date_of_storage_in_pbs_az_0_05_4c", "pbs_wash_end"), _gelation,
         (("digestion_notes", "Digestion QC"), ("digestion_pass_fail", "Digestion pass/fail"))),
    Step("Mounting", "Mounting and ExaSPIM imaging", "imaging_start_date", ("imaging_end_date", "imaging_start_date"),
         _mounting, on_imaging_queue=True),
)  # fmt: skip


def experimenters(row: Row) -> list[str]:
    """The processing lead(s): "A, B" or "A; B"."""
    return [p.strip() for p in re.split(r"[,;]", text(row.get("processing_lead")) or "") if p.strip()]


def _notes(qc: Row, pairs: tuple[tuple[str, str], ...], *more: str | None) -> str | None:
    """What the QC sheet says about this step, and any other notes."""
    found = [f"{label}: {value}" for field, label in pairs if (value := text(qc.get(field)))]
    return "; ".join([*found, *(m for m in more if m)]) or None


def _procedure(
    kind: str, name: str, span: tuple[date, date], common: dict[str, Any], details: list[dict[str, Any]], notes: Any
) -> dict[str, Any]:
    """One SpecimenProcedure dict."""
    return {
        "object_type": "Specimen procedure",
        "procedure_type": kind,
        "procedure_name": name,
        "start_date": span[0],
        "end_date": span[1],
        **common,
        "procedure_details": details,
        "notes": notes,
    }


def _imaging_notes(imaging: Row) -> str | None:
    """Where and how the specimen was imaged."""
    parts = [("Microscope", "microscope"), ("Signal channels", "signal_channel_s"), ("Imaging notes", "notes")]
    return "; ".join(f"{label}: {v}" for label, field in parts if (v := text(imaging.get(field)))) or None


def specimen_procedures(found: Mapping[str, list[dict[str, Any]]], specimen_id: str) -> list[dict[str, Any]]:
    """The first Sample Tracking row's steps (each with its start and end), expansion when imaged, oldest first."""
    tracking, imaging, qc = (
        next(iter(found[k]), {}) for k in ("sample_tracking_info", "imaging_queue_info", "qc_sheet_info")
    )
    if not tracking and not imaging:
        return []
    common = {"specimen_id": specimen_id, "experimenters": experimenters(tracking)}
    done = []
    for step in STEPS:
        dates = imaging if step.on_imaging_queue else tracking
        start, end = day(dates.get(step.start)), next((d for c in step.ends if (d := day(dates.get(c)))), None)
        if start is None or end is None:  # not done, or not recorded: no procedure to state
            continue
        extra = _imaging_notes(imaging) if step.on_imaging_queue else None
        notes = _notes(qc, step.qc, extra)
        done.append(
            _procedure(
                step.procedure_type, step.procedure_name, (start, end), common, step.details(tracking, imaging), notes
            )
        )
    imaged = day(imaging.get("imaging_start_date"))
    if (text(tracking.get("status")) or "").lower() == IMAGED and imaged is not None:
        span = (imaged - timedelta(days=EXPANSION_DAYS), imaged)
        note = f"Dates from the protocol: expansion takes the {EXPANSION_DAYS} days before imaging"
        done.append(_procedure("Expansion", "Expansion", span, common, _expansion(tracking, imaging), note))
    return sorted(done, key=lambda p: (p["start_date"], p["end_date"]))
