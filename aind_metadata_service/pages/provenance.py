"""Which system of record each procedure came from, inferred from what each source's mapper sets.

The answers carry no provenance, but every source leaves a mark the others never leave:
- SharePoint NSB lists name surgeons "NSB-<lookup id>", the LAS 2020 list "LAS-<lookup id>"
  (mappers/sharepoint/builders.person); only these lists hold injections into the brain, implants,
  headframes and craniotomies.
- LabTracks tasks (mappers/tasks.py) give perfusions and retro-orbital injections, naming the
  investigator by a numeric id, with no weight and no notes.
- Smartsheet's perfusions sheet (mappers/smartsheet/perfusions.py) gives perfusions naming the
  experimenter in words, with the weight before and notes.
- SLIMS' specimen procedures (histology) name the SLIMS specimen in their notes (slims/mappers/histology.py);
  the only other source of specimen procedures is Smartsheet's ExaSPIM sheets, whose injection surgery holds
  plain injections with no experimenter.
- Water restrictions come from Dataverse where it is configured, else from SLIMS: that is the rule /procedures
  follows (compose.py), so the page is told which, rather than guessing.
Where no mark settles it, the badge says so instead of guessing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

UNKNOWN = "Source not recorded"
Record = dict[str, Any]

PERFUSION_ONLY = {"Perfusion"}
LABTRACKS_TASKS = {"Perfusion", "Injection"}  # retro-orbital injections are "Injection" without materials
SHAREPOINT_ONLY = {"Brain injection", "Probe implant", "Headframe", "Craniotomy", "Generic surgery procedure"}


def _experimenters(surgery: Record) -> list[str]:
    """The surgery's experimenters as text."""
    return [str(e) for e in surgery.get("experimenters") or []]


def _kinds(surgery: Record) -> set[str]:
    """The object types a surgery holds."""
    return {str(p.get("object_type")) for p in surgery.get("procedures") or [] if isinstance(p, dict)}


def _prefixed(prefix: str) -> Callable[[Record], bool]:
    """Whether a surgery names an experimenter with a SharePoint list's prefix."""
    return lambda s: any(e.startswith(prefix) for e in _experimenters(s))


def _labtracks_task(surgery: Record) -> bool:
    """Perfusions and empty retro-orbital injections, by a numeric investigator, with no weight or notes."""
    people = _experimenters(surgery)
    bare = not surgery.get("notes") and surgery.get("animal_weight_prior") is None
    return bool(people) and all(e.isdigit() for e in people) and bare and _kinds(surgery) <= LABTRACKS_TASKS


def _exaspim_surgery(surgery: Record) -> bool:
    """ExaSPIM's injection surgery: injections only, and no experimenter recorded."""
    return _kinds(surgery) == {"Injection"} and not _experimenters(surgery)


def _smartsheet_perfusion(surgery: Record) -> bool:
    """A perfusion with notes, a weight, or an experimenter named in words."""
    named = any(not e.isdigit() for e in _experimenters(surgery))
    filled = bool(surgery.get("notes")) or surgery.get("animal_weight_prior") is not None
    return _kinds(surgery) == PERFUSION_ONLY and (named or filled)


# (source, test) in order: the first test a surgery passes names its source.
SURGERY_RULES: list[tuple[str, Callable[[Record], bool]]] = [
    ("SharePoint NSB", _prefixed("NSB-")),
    ("SharePoint LAS 2020", _prefixed("LAS-")),
    ("LabTracks", _labtracks_task),
    ("Smartsheet ExaSPIM", _exaspim_surgery),
    ("Smartsheet", _smartsheet_perfusion),
    ("SharePoint", lambda s: bool(_kinds(s) & SHAREPOINT_ONLY)),
]


def subject_procedure_source(item: Record, water: str = "SLIMS") -> str:
    """The source of one of Procedures.subject_procedures; `water` is where this deployment's restrictions come from."""
    if item.get("object_type") == "Water restriction":
        return water
    if item.get("object_type") != "Surgery":
        return UNKNOWN
    return next((source for source, test in SURGERY_RULES if test(item)), UNKNOWN)


def specimen_procedure_source(item: Record, _water: str = "SLIMS") -> str:
    """The source of one of Procedures.specimen_procedures: SLIMS names its specimen in the notes; else ExaSPIM."""
    return "SLIMS" if "SLIMS" in str(item.get("notes") or "") else "Smartsheet ExaSPIM"


# What a source's failure may leave out of the page, found by the name leading its message; most specific first.
MISSING: list[tuple[str, str]] = [
    ("SharePoint LAS 2020", "retro-orbital and intraperitoneal injections"),
    ("LAS 2020 list", "retro-orbital and intraperitoneal injections"),
    ("SharePoint", "surgeries (injections, implants, headframes, craniotomies)"),
    ("SLIMS histology", "histology"),
    ("SLIMS water restriction", "water restriction"),
    ("SLIMS", "water restriction and histology"),
    ("Smartsheet protocols", "protocol DOIs"),
    ("ExaSPIM", "ExaSPIM injections and specimen procedures"),  # "ExaSPIM sheets ... (Smartsheet is unreachable)"
    ("Smartsheet", "perfusions and protocol DOIs"),
    ("TARS", "injection materials' prep lots and titers"),
    ("LabTracks", "perfusions and retro-orbital injections recorded as LabTracks tasks"),
    ("MGI", "links from alleles to MGI"),
    ("Dataverse", "water restriction and the weights of surgeries"),
]


def what_may_be_missing(failure: str) -> str:
    """For one source failure's message, what the page may therefore lack."""
    return next((what for needle, what in MISSING if needle in failure), "what that source holds")
