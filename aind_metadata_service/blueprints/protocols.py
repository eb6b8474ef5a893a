"""GET /protocols/{protocol_name}: one row of the Smartsheet protocols sheet, matched on its exact name.

The route uses Flask's `path` converter, so a protocol name holding "/" works when sent URL-encoded as %2F.
"""

from __future__ import annotations

from flask import Response
from flask_smorest import Blueprint

from aind_metadata_service import contract
from aind_metadata_service.answers import cached
from aind_metadata_service.context import client
from aind_metadata_service.inputs import name_path
from aind_metadata_service.mappers.smartsheet.protocols import ProtocolInformation, protocols
from aind_metadata_service.openapi import answers

bp = Blueprint("protocols", __name__, description="Protocol names, DOIs and versions from Smartsheet")


_ProtocolPath = name_path("protocol_name", "Injection of Viral Tracers by Nanoject V.4")


@bp.route("/protocols/<path:protocol_name>")
@bp.arguments(_ProtocolPath, location="path", as_kwargs=True, error_status_code=400)
@answers(bp, ProtocolInformation, 200, 406, 404, 300, 400, 503, 500)
@cached
def get_protocol(protocol_name: str) -> Response:
    """A protocol by its exact name; 300 when the sheet has it on several rows."""
    rows = client("smartsheet").sheet("protocols")
    return contract.one(ProtocolInformation, protocols(rows, protocol_name), "protocol", protocol_name)
