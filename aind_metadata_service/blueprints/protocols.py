"""GET /protocols/{protocol_name}: one row of the Smartsheet protocols sheet, matched on its exact name.

The route uses Flask's `path` converter, so a protocol name holding "/" works when sent URL-encoded as %2F.
"""

from __future__ import annotations

from flask import Response
from flask_smorest import Blueprint

from aind_metadata_service import contract
from aind_metadata_service.context import client
from aind_metadata_service.inputs import NamePath
from aind_metadata_service.mappers.smartsheet.protocols import ProtocolInformation, protocols
from aind_metadata_service.openapi import answers

bp = Blueprint("protocols", __name__, description="Protocol names, DOIs and versions from Smartsheet")


@bp.route("/protocols/<path:name>")
@bp.arguments(NamePath, location="path", as_kwargs=True, error_status_code=400)
@answers(bp, ProtocolInformation, 200, 406, 404, 300, 400, 503, 500)
def get_protocol(name: str) -> Response:
    """A protocol by its exact name; 300 when the sheet has it on several rows."""
    rows = client("smartsheet").sheet("protocols")
    return contract.one(ProtocolInformation, protocols(rows, name), "protocol", name)
