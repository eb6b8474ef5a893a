"""SLIMS SmartSPIM histology runs (delipidation, labeling, refractive index matching) to SpecimenProcedure dicts."""

from __future__ import annotations

from datetime import date
from typing import Any

from aind_data_schema.components.specimen_procedures import SpecimenProcedure
from pydantic import Field

from aind_metadata_service.sources.slims.mappers.common import (
    MASS_UNITS,
    day,
    newest_first,
    organization,
    protocol_link,
    run_protocols,
    template_name,
)
from aind_metadata_service.sources.slims.records import Content, ExperimentRunStep, Run

# A keyword in the template name sets the procedure type (first match wins); others are "Other".
PROCEDURE_TYPES: list[tuple[str, str]] = [
    ("refractive index", "Refractive index matching"),
    ("delipidation", "Delipidation"),
    ("labeling", "Immunolabeling"),
    ("expansion", "Expansion"),
    ("gelation", "Gelation"),
]
# Washes that apply an antibody, and the antibody's immunolabel class.
ANTIBODY_WASHES: dict[str, str] = {"Primary Antibody Wash": "Primary", "Secondary Antibody Wash": "Secondary"}
# The wash steps SLIMS templates define; a step with another name counts as a wash once it has a start time.
KNOWN_WASHES = frozenset(
    {
        "Wash 1",
        "Wash 2",
        "Wash 3",
        "Wash 4",
        "Refractive Index Matching Wash",
        "Primary Antibody Wash",
        "Secondary Antibody Wash",
        "MBS Wash",
        "Gelation PBS Wash",
        "Stock X + VA-044 Equilibration",
        "Gelation + ProK RT",
        "Gelation + Add'l ProK 37C",
        "Final PBS Wash",
    }
)


class SlimsSpecimenProcedure(SpecimenProcedure):
    """A SpecimenProcedure with the subject it comes from: the route may answer for many subjects."""

    subject_id: str = Field(..., title="Subject ID")

    @classmethod
    def _object_type_from_name(cls) -> str:
        """Keep the schema's object_type: this is a SpecimenProcedure with one more field."""
        return "Specimen procedure"


def procedure_type(template: str | None) -> str:
    """The SpecimenProcedureType value a template name stands for."""
    name = (template or "").lower()
    return next((kind for keyword, kind in PROCEDURE_TYPES if keyword in name), "Other")


def washes(run: Run) -> list[ExperimentRunStep]:
    """The run's washes in step order: known wash steps, and any other step that has started."""
    return [s for s in run.steps if s.xprs_name in KNOWN_WASHES or s.xprs_cf_startTime is not None]


def reagent(content: Content, run: Run) -> dict[str, Any]:
    """A Reagent dict: named by its catalog number, sourced from its manufacturer (or SLIMS source)."""
    details = run.linked.references.get(content.cntn_cf_fk_reagentCatalogNumber.pk or -1)
    maker = details.rdrc_cf_fk_manufacturer.display if details else None
    return {
        "object_type": "Reagent",
        "name": content.cntn_cf_fk_reagentCatalogNumber.display or content.cntn_barCode,
        "source": organization(maker or content.cntn_fk_source.display),
        "lot_number": content.cntn_cf_lotNumber,
    }


def antibody(content: Content, wash: ExperimentRunStep, run: Run) -> dict[str, Any]:
    """A ProbeReagent dict (a protein probe with the wash's mass) when SLIMS names the target; else a Reagent."""
    details = run.linked.references.get(content.cntn_cf_fk_reagentCatalogNumber.pk or -1)
    target = details.rdrc_cf_targetProtein if details else None
    mass, unit = wash.xprs_cf_mass.value, wash.xprs_cf_mass.unit
    mass_unit = MASS_UNITS.get(unit.strip()) if unit else "microgram"
    if not target or mass is None or mass_unit is None:
        return reagent(content, run)
    probe = {"object_type": "Protein probe", "protein": {"name": target}, "mass": mass, "mass_unit": mass_unit}
    return {**reagent(content, run), "object_type": "Probe reagent", "target": probe}


def _reagents(steps: list[ExperimentRunStep], run: Run) -> list[Content]:
    """The reagent contents the steps used, each once."""
    pks = dict.fromkeys(pk for s in steps for pk in s.xprs_cf_fk_reagent.pks)
    return [run.linked.reagents[pk] for pk in pks if pk in run.linked.reagents]


def _span(steps: list[ExperimentRunStep]) -> tuple[date | None, date | None]:
    """The first start and the last end among the steps; unknown when none has one."""
    starts = [s.xprs_cf_startTime for s in steps if s.xprs_cf_startTime]
    ends = [s.xprs_cf_endTime for s in steps if s.xprs_cf_endTime]
    return day(min(starts) if starts else None), day(max(ends) if ends else None)


def _common(run: Run, subject_id: str, specimens: list[Content]) -> dict[str, Any]:
    """What every procedure of the run shares: type, name, protocols, specimen and subject."""
    template, sops = template_name(run), run_protocols(run)
    links = [link for link in (protocol_link(s.stop_link) for s in sops) if link]
    ids = list(dict.fromkeys(c.cntn_barCode if subject_id in (c.cntn_barCode or "") else subject_id for c in specimens))
    barcodes = [c.cntn_barCode for c in specimens if c.cntn_barCode and c.cntn_barCode not in ids]
    kind = procedure_type(template)
    notes = [f"SLIMS template {template}" if kind == "Other" else None]
    notes += [f"SLIMS specimen{'s' * (len(barcodes) > 1)} {', '.join(barcodes)}" if barcodes else None]
    return {
        "object_type": "Specimen procedure",
        "subject_id": subject_id,
        "procedure_type": kind,
        "procedure_name": sops[0].stop_name if sops and sops[0].stop_name else template,
        "specimen_id": ids[0] if len(ids) == 1 else ids,
        "protocol_id": links or None,
        "notes": "; ".join(n for n in notes if n) or None,
    }


def _procedure(common: dict[str, Any], steps: list[ExperimentRunStep], details: list[dict[str, Any]]) -> dict[str, Any]:
    """One procedure over some washes: their span, the first wash's experimenter, the details given."""
    start, end = _span(steps)
    who = next((s.xprs_modifiedBy for s in steps if s.xprs_modifiedBy), None)
    experimenters = [who] if who else []
    return {
        **common,
        "start_date": start,
        "end_date": end,
        "experimenters": experimenters,
        "procedure_details": details,
    }


def to_subject_procedures(run: Run, subject_id: str, specimens: list[Content]) -> list[dict[str, Any]]:
    """The run's procedures on one subject's specimens: one per antibody wash in labeling, else one per run."""
    common, done = _common(run, subject_id, specimens), washes(run)
    labeled = [w for w in done if w.xprs_name in ANTIBODY_WASHES]
    if common["procedure_type"] != "Immunolabeling" or not labeled:
        return [_procedure(common, done, [reagent(c, run) for c in _reagents(done, run)])]
    return [
        _procedure(
            {**common, "protocol_parameters": {"immunolabel_class": ANTIBODY_WASHES[str(w.xprs_name)]}},
            [w],
            [antibody(c, w, run) for c in _reagents([w], run)],
        )
        for w in labeled
    ]


def to_specimen_procedures(runs: list[Run]) -> list[dict[str, Any]]:
    """Every run's procedures, per subject whose specimens it worked on, newest first."""
    found: list[dict[str, Any]] = []
    for run in runs:
        subjects = dict.fromkeys(c.subject_id for c in run.contents if c.subject_id)
        for subject_id in subjects:
            found += to_subject_procedures(
                run, str(subject_id), [c for c in run.contents if c.subject_id == subject_id]
            )
    return newest_first(found, lambda p: p["start_date"])


def as_specimen_procedure(procedure: dict[str, Any]) -> dict[str, Any]:
    """The schema's SpecimenProcedure alone, for a Procedures' specimen_procedures."""
    return {k: v for k, v in procedure.items() if k != "subject_id"}
