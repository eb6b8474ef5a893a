"""Smartsheet's routes: funding, investigators and project names, protocols, perfusions, and ExaSPIM's raw rows.

Project and protocol names are free text; the routes use Flask's `path` converter, so a name holding "/" works
when the client sends it URL-encoded as %2F.
"""

from __future__ import annotations

from aind_data_schema.components.identifiers import Person
from aind_data_schema.components.subject_procedures import Surgery
from aind_data_schema.core.data_description import Funding
from flask_smorest import Blueprint

from aind_metadata_service import compose, contract
from aind_metadata_service.answers import serve
from aind_metadata_service.contract import Answer, Outcome
from aind_metadata_service.inputs import SubjectPath, name_path
from aind_metadata_service.sources.smartsheet import SOURCE as SMARTSHEET
from aind_metadata_service.sources.smartsheet.mappers import funding
from aind_metadata_service.sources.smartsheet.mappers.protocols import ProtocolInformation, protocols

bp = Blueprint("smartsheet", __name__, description="Funding, protocols and perfusions from Smartsheet's sheets")

_ProjectPath = name_path("project_name", "Thalamus in the middle - Project 1")
_ProtocolPath = name_path("protocol_name", "Injection of Viral Tracers by Nanoject V.4")
_SpecimenPath = name_path("subject_id", "760450")


@serve(bp, "/funding/<path:project_name>", Funding, args=_ProjectPath, plural=True)
def get_funding(project_name: str) -> Outcome:
    """A project's funding, fundees with ORCID iDs when definitive; a bare project name gives its subprojects'."""
    found, note = compose.with_orcid_ids(funding.fundings(SMARTSHEET.client().sheet("funding"), project_name))
    return compose.noted(contract.judge(contract.many(Funding, found, "funding", project_name)), note)


@serve(bp, "/investigators/<path:project_name>", Person, args=_ProjectPath, plural=True)
def get_investigators(project_name: str) -> Outcome:
    """A project's investigators, each once with their ORCID iD when definitive (2.x Funding has no place for them)."""
    people = funding.investigators(SMARTSHEET.client().sheet("funding"), project_name)
    found, note = compose.with_orcid_ids(people)
    return compose.noted(contract.judge(contract.many(Person, found, "investigators", project_name)), note)


@serve(bp, "/project_names")
def get_project_names() -> Outcome:
    """Every project name /funding answers for, sorted."""
    names = funding.project_names(SMARTSHEET.client().sheet("funding"))
    return Outcome(200, f"{len(names)} project names.", names) if names else Outcome(404, "No project names found.")


@serve(bp, None, v2="/smartsheet/funding")
def get_smartsheet_funding() -> Answer:
    """The funding sheet's rows as they are, with the column names of /api/v2."""
    return contract.many(None, funding.raw_rows(SMARTSHEET.client().sheet("funding")), "funding rows", "all")


@serve(bp, "/protocols/<path:protocol_name>", ProtocolInformation, args=_ProtocolPath)
def get_protocol(protocol_name: str) -> Answer:
    """A protocol by its exact name; 300 when the sheet has it on several rows."""
    rows = SMARTSHEET.client().sheet("protocols")
    return contract.one(ProtocolInformation, protocols(rows, protocol_name), "protocol", protocol_name)


@serve(bp, "/perfusions/<subject_id>", Surgery, args=SubjectPath, plural=True)
def get_perfusions(subject_id: str) -> Answer:
    """Each perfusion row of the subject as a Surgery holding one Perfusion, oldest first."""
    return contract.many(Surgery, compose.perfusions_with_dois(subject_id), "perfusions", subject_id)


@serve(bp, None, v2="/smartsheet/exaspim_procedures/<subject_id>", args=_SpecimenPath)
def get_exaspim_procedures(subject_id: str) -> Outcome:
    """A specimen's rows in the four ExaSPIM sheets, as they are; an unknown id has four empty lists, as upstream."""
    found = compose.exaspim_bundle(subject_id)
    count = sum(len(rows) for rows in found.values())
    return Outcome(200, f"{count} ExaSPIM sheet rows for {subject_id}.", found)
