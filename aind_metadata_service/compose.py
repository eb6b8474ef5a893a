"""Routes that combine sources: which calls run together, and how their answers join. No I/O of its own."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import partial
from typing import Any

from aind_metadata_service.cache import MISS
from aind_metadata_service.contract import Outcome
from aind_metadata_service.extension import services
from aind_metadata_service.fanout import Call, Gathered
from aind_metadata_service.mappers.procedures import Part, merge
from aind_metadata_service.sources.base import NotConfigured, SourceError
from aind_metadata_service.sources.dataverse import SOURCE as DATAVERSE
from aind_metadata_service.sources.dataverse import mappers as dataverse
from aind_metadata_service.sources.dataverse.client import DataverseClient
from aind_metadata_service.sources.labtracks import SOURCE as LABTRACKS
from aind_metadata_service.sources.labtracks.mappers import tasks
from aind_metadata_service.sources.labtracks.mappers.subject import allele_names, genotype, to_subject
from aind_metadata_service.sources.mgi import SOURCE as MGI
from aind_metadata_service.sources.mgi.mappers import to_pid_name
from aind_metadata_service.sources.orcid import SOURCE as ORCID
from aind_metadata_service.sources.orcid.mappers import names_in, with_orcids
from aind_metadata_service.sources.sharepoint import SOURCE as SHAREPOINT
from aind_metadata_service.sources.sharepoint import mappers as sharepoint
from aind_metadata_service.sources.slims import SOURCE as SLIMS
from aind_metadata_service.sources.slims import mappers as slims
from aind_metadata_service.sources.smartsheet import SOURCE as SMARTSHEET
from aind_metadata_service.sources.smartsheet.mappers import exaspim, perfusions, protocols
from aind_metadata_service.sources.tars import SOURCE as TARS
from aind_metadata_service.sources.tars import mappers as tars


@dataclass
class Composed:
    """Records for the contract, and the sources that failed on the way."""

    records: list[dict[str, Any]]
    failed: dict[str, SourceError] = field(default_factory=dict)


def _calls(subject_id: str) -> dict[str, Call]:
    """Round one: every configured source's share of /procedures, and the protocols sheet, all at once."""
    sid = int(subject_id)
    calls: dict[str, Call] = {}
    if labtracks := LABTRACKS.optional():
        calls["LabTracks"] = Call(LABTRACKS.name, lambda: tasks.to_part(labtracks.task_rows(sid)))
    if sp := SHAREPOINT.optional():
        for key, title in sharepoint.LISTS.items():
            calls[title] = Call(SHAREPOINT.name, partial(_sharepoint_list, sp, key, subject_id))
    if dv := DATAVERSE.optional():  # water restriction moved from SLIMS to Dataverse in 2026
        calls["Dataverse"] = Call(DATAVERSE.name, partial(_dataverse, dv, subject_id))
    if lims := SLIMS.optional():
        calls["SLIMS histology"] = Call(SLIMS.name, lambda: slims.to_part(lims.histology(subject_id, None, None), []))
        if water_restriction_source() == "SLIMS":
            calls["SLIMS water restriction"] = Call(
                SLIMS.name, lambda: slims.to_part([], lims.water_restrictions(subject_id))
            )
    if sheets := SMARTSHEET.optional():
        # The perfusion DOI is set with every other protocol once the protocols sheet is in.
        calls["Smartsheet perfusions"] = Call(
            SMARTSHEET.name, lambda: perfusions.to_part(sheets.sheet("perfusions"), subject_id, {})
        )
        calls["Smartsheet protocols"] = Call(SMARTSHEET.name, lambda: protocols.dois(sheets.sheet("protocols")))
        if sheets.has("exaspim_mouse_tracker"):  # the four sheets at once, each a call of its own
            calls.update(_exaspim_calls(sheets))
    if not calls:
        raise SourceError("No source of procedures is configured", 503)
    return calls


def water_restriction_source() -> str:
    """Where /procedures takes water restriction from: Dataverse where it is configured (2026 on), else SLIMS."""
    return "Dataverse" if DATAVERSE.optional() is not None else "SLIMS"


def _dataverse(dv: DataverseClient, subject_id: str) -> Part:
    """Dataverse's share of /procedures: water restrictions, and the weighings that fill surgeries' weights."""
    weights = [dataverse.to_mouse_weight(r) for r in dv.mouse_weights(subject_id)]
    return Part(dataverse.to_water_restrictions(dv.water_restriction(subject_id), weights), weights=weights)


def _sharepoint_list(sp: Any, key: str, subject_id: str) -> Part:
    """One SharePoint list's share of /procedures."""
    return sharepoint.to_part(key, sp.items(key, subject_id), subject_id)


def _materials(record: dict[str, Any], failed: dict[str, SourceError]) -> dict[str, Any]:
    """Round two: each distinct material looked up in TARS once, concurrently; titers stay the surgery's."""
    registry = TARS.optional()
    names = tars.material_names(record)
    if registry is None or not names:
        return record
    gathered = services().fanout.map(registry.lot_records, names, source=TARS.name)
    failed.update({f"TARS {name}": e for name, e in gathered.failures.items()})
    found = {name: tars.to_viral_material(*lots[0]) for name, lots in gathered.results.items() if len(lots) == 1}
    return tars.apply_materials(record, found)


def procedures(subject_id: str) -> Composed:
    """A subject's procedures from every source, merged, with TARS materials and protocol DOIs."""
    gathered: Gathered = services().fanout.gather(_calls(subject_id))
    failed = dict(gathered.failures)
    dois = gathered.results.pop("Smartsheet protocols", {})
    exaspim_sheets = {name: gathered.results.pop(label, None) for name, label in exaspim.LABELS.items()}
    if all(sheet is not None for sheet in exaspim_sheets.values()):  # a failed sheet is named; no half of ExaSPIM
        gathered.results["Smartsheet ExaSPIM"] = exaspim.to_part(exaspim.bundle(exaspim_sheets, subject_id), subject_id)
    record = merge(subject_id, gathered.results.values())
    if record is None:
        return Composed([], failed)
    record = _materials(record, failed)
    return Composed([protocols.apply_protocols(record, dois)], failed)


def perfusions_with_dois(subject_id: str) -> list[dict[str, Any]]:
    """A subject's perfusions with protocol DOIs; the two sheets are fetched at once when neither is cached.

    :raises SmartsheetError: when either sheet cannot be read (a perfusion without its DOI is not the answer).
    """
    sheets = SMARTSHEET.client()
    names = {"perfusions": "Smartsheet perfusions", "protocols": "Smartsheet protocols"}  # a timeout names them
    gathered = services().fanout.gather(
        {label: Call(SMARTSHEET.name, partial(sheets.sheet, name)) for name, label in names.items()}
    )
    for failure in gathered.failures.values():
        raise failure
    dois = protocols.dois(gathered.results[names["protocols"]])
    return perfusions.to_surgeries(gathered.results[names["perfusions"]], subject_id, dois)


def _exaspim_calls(sheets: Any) -> dict[str, Call]:
    """The four ExaSPIM sheets, each a Smartsheet call of its own."""
    return {
        label: Call(SMARTSHEET.name, partial(_exaspim_sheet, sheets, name)) for name, label in exaspim.LABELS.items()
    }


def _exaspim_sheet(sheets: Any, name: str) -> Any:
    """One ExaSPIM sheet; a failure says it is ExaSPIM that could not be read, and why."""
    try:
        return sheets.sheet(name)
    except SourceError as e:
        raise SourceError(f"ExaSPIM sheets could not be read ({e.message})", e.status) from None


def exaspim_bundle(specimen_id: str) -> exaspim.Bundle:
    """A specimen's rows in the four ExaSPIM sheets, fetched at once when not cached.

    :raises SourceError: naming the sheet that could not be read; NotConfigured without the ExaSPIM sheets.
    """
    sheets = SMARTSHEET.client()
    if not sheets.has("exaspim_mouse_tracker"):
        raise NotConfigured("ExaSPIM (Smartsheet)")
    gathered = services().fanout.gather(_exaspim_calls(sheets))
    for failure in gathered.failures.values():
        raise failure
    return exaspim.bundle({name: gathered.results[label] for name, label in exaspim.LABELS.items()}, specimen_id)


def intended_measurements(subject_id: str) -> Composed:
    """Each fiber's intended measurements from the two lists with the NSB 2023 columns, read at once."""
    sp = SHAREPOINT.client()
    keys = ("nsb2023", "nsb_present")
    calls = {sharepoint.LISTS[k]: Call(SHAREPOINT.name, partial(_measurements, sp, k, subject_id)) for k in keys}
    gathered = services().fanout.gather(calls)
    found = sharepoint.merged_measurements(gathered.results.get(sharepoint.LISTS[k], []) for k in keys)
    return Composed(found, gathered.failures)


def _measurements(sp: Any, key: str, subject_id: str) -> list[dict[str, Any]]:
    """One list's intended measurements for a subject."""
    return sharepoint.intended_measurements(sp.items(key, subject_id))


def subject(rows: list[Any]) -> Composed:
    """Subjects from LabTracks rows, each with its alleles from MGI, looked up concurrently and cached."""
    registry = MGI.optional()
    named = [(row, _alleles(row)) for row in rows]
    if registry is None or not any(names for _, names in named):
        return Composed([to_subject(row) for row in rows])
    known = {name: registry.cached(name) for _, found in named for name in found}  # no thread for a cached one
    missing = [name for name, row in known.items() if row is MISS]
    gathered = services().fanout.map(registry.allele, missing, source=MGI.name) if missing else Gathered()
    failed = {"MGI": next(iter(gathered.failures.values()))} if gathered.failures else {}
    answered = {**{name: row for name, row in known.items() if row is not MISS}, **gathered.results}
    mapped = {name: to_pid_name(row) for name, row in answered.items()}
    found = {name: allele for name, allele in mapped.items() if allele}
    return Composed([to_subject(row, [found[n] for n in names if n in found]) for row, names in named], failed)


def _alleles(row: Any) -> list[str]:
    """The allele names in a LabTracks row's genotype."""
    return allele_names(genotype(row.class_values))


ORCID_MISSING = "ORCID iDs are missing: ORCID could not be asked for every person"


def with_orcid_ids(items: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], str | None]:
    """Person or Funding dicts with each person's ORCID iD where the match is definitive, looked up at once.

    The second value is a note for the answer's message when ORCID could not be asked; ORCID never fails the
    answer it decorates.
    """
    orcid, names = ORCID.optional(), names_in(items)
    if orcid is None or not names:
        return items, None
    found, complete = orcid.orcid_ids(names, services().fanout)
    return with_orcids(items, found), None if complete else ORCID_MISSING


def noted(outcome: Outcome, note: str | None) -> Outcome:
    """The outcome with the note added to its message (a note on a failure or a miss is left out)."""
    if not note or outcome.status not in (200, 300, 406):
        return outcome
    return replace(outcome, message=f"{outcome.message} {note}.")
