"""GET /funding/{project_name}, /investigators/{project_name} and /project_names: the Smartsheet funding sheet.

Project names are free text, "Project" or "Project - Subproject"; the routes use Flask's `path` converter, so a
name holding "/" works when the client sends it URL-encoded as %2F.
"""

from __future__ import annotations

from aind_data_schema.components.identifiers import Person
from aind_data_schema.core.data_description import Funding
from flask import Response
from flask_smorest import Blueprint

from aind_metadata_service import contract
from aind_metadata_service.answers import cached
from aind_metadata_service.context import client
from aind_metadata_service.inputs import name_path
from aind_metadata_service.mappers.smartsheet import funding
from aind_metadata_service.openapi import answers

bp = Blueprint("funding", __name__, description="Funding and project names from the Smartsheet funding sheet")


_ProjectPath = name_path("project_name", "Thalamus in the middle - Project 1")


@bp.route("/funding/<path:project_name>")
@bp.arguments(_ProjectPath, location="path", as_kwargs=True, error_status_code=400)
@answers(bp, Funding, 200, 406, 404, 400, 503, 500, plural=True)
@cached
def get_funding(project_name: str) -> Response:
    """A project's funding; a bare project name gives the funding of all of its subprojects."""
    rows = client("smartsheet").sheet("funding")
    return contract.many(Funding, funding.fundings(rows, project_name), "funding", project_name)


@bp.route("/investigators/<path:project_name>")
@bp.arguments(_ProjectPath, location="path", as_kwargs=True, error_status_code=400)
@answers(bp, Person, 200, 406, 404, 400, 503, 500, plural=True)
@cached
def get_investigators(project_name: str) -> Response:
    """A project's investigators, each once (2.x Funding has no place for them)."""
    rows = client("smartsheet").sheet("funding")
    return contract.many(Person, funding.investigators(rows, project_name), "investigators", project_name)


@bp.route("/project_names")
@answers(bp, None, 200, 503, 500)
@cached
def get_project_names() -> Response:
    """Every project name /funding answers for, sorted."""
    names = funding.project_names(client("smartsheet").sheet("funding"))
    return contract.envelope(200, f"{len(names)} project names.", names)
