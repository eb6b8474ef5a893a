"""GET /mgi_allele/{allele_name}: an allele's MGI symbol and id, as a PIDName."""

from __future__ import annotations

from aind_data_schema_models.pid_names import PIDName
from flask import Response
from flask_smorest import Blueprint

from aind_metadata_service import contract
from aind_metadata_service.answers import cached
from aind_metadata_service.context import client
from aind_metadata_service.inputs import name_path
from aind_metadata_service.openapi import answers

bp = Blueprint("mgi", __name__, description="Alleles from MGI, the Mouse Genome Informatics quick search")

_AllelePath = name_path("allele_name", "Ai93(TITL-GCaMP6f)")


# `path:` because allele names may hold a '/', which arrives URL-encoded as %2F and decoded by the server.
@bp.route("/mgi_allele/<path:allele_name>")
@bp.arguments(_AllelePath, location="path", as_kwargs=True, error_status_code=400)
@answers(bp, PIDName, 200, 404, 400, 503, 500)
@cached
def get_mgi_allele(allele_name: str) -> Response:
    """The allele's official symbol and MGI id, for an exact match on its symbol or a synonym."""
    found = client("mgi").allele(allele_name)
    return contract.one(PIDName, [found] if found else [], "MGI allele", allele_name)
