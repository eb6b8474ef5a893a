"""GET /api/v2/orcid/{name}: a person's ORCID iD when the match is definitive, in the v2 dialect."""

from __future__ import annotations

from flask import Response
from flask_smorest import Blueprint

from aind_metadata_service.context import client
from aind_metadata_service.sources.orcid.mappers import tokens
from aind_metadata_service.sources.v2 import V2Error, found, use_v2_errors

bp = Blueprint("orcid", __name__, url_prefix="/api/v2/orcid", description="ORCID iDs from the public ORCID API")
use_v2_errors(bp)


@bp.route("/<name>")
@bp.doc(summary='{"orcid": iD} when exactly one record matches the name at the Allen Institute; else 404')
def get_orcid(name: str) -> Response:
    """The iD of the one ORCID record matching the name (given and family names, credit name or another name)."""
    if len(tokens(name)) < 2:
        raise V2Error(400, "name must have at least two words, e.g. 'Jane Smith' (quotes and backslashes are ignored)")
    orcid = client("orcid").orcid_id(name)
    return found({"orcid": orcid} if orcid else None)
