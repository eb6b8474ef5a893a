"""Instruments in DocDB: GET and POST on /api/v2 as the published client expects, and the root GET in the envelope."""

from __future__ import annotations

from typing import Any

from aind_data_schema.core.instrument import Instrument
from flask import Response, request
from flask_smorest import Blueprint
from marshmallow import Schema, fields

from aind_metadata_service import contract
from aind_metadata_service.inputs import name_path
from aind_metadata_service.openapi import answers
from aind_metadata_service.render import root, v2
from aind_metadata_service.sources.instruments import SOURCE as INSTRUMENTS
from aind_metadata_service.sources.instruments.guard import require_writer
from aind_metadata_service.sources.instruments.mappers import missing_field, parse_body, schema_errors

bp = Blueprint("instruments", __name__, description="Instruments, read from and written to DocDB")

UNVALIDATED = "Models have not been validated."  # upstream's header on its (400) success answer
DUPLICATE = "Record for instrument_id and modification_date already exists!"
_IdPath = name_path("instrument_id", "440_SmartSPIM1_20240327")


class FindQuery(Schema):
    """Whether the id is matched whole or as a substring."""

    partial_match = fields.Boolean(load_default=False, metadata={"description": "match the id as a substring"})


class WriteQuery(Schema):
    """Whether an existing version (same id and modification date) is replaced."""

    replace = fields.Boolean(load_default=False, metadata={"description": "replace the stored version"})


def _doc(**statuses: str) -> dict[str, Any]:
    """OpenAPI responses from status: description."""
    return {"responses": {code.lstrip("_"): {"description": text} for code, text in statuses.items()}}


@bp.route("/api/v2/instrument/<instrument_id>")
@bp.arguments(_IdPath, location="path", as_kwargs=True, error_status_code=422)
@bp.arguments(FindQuery, location="query", as_kwargs=True, error_status_code=422)
@bp.doc(
    **_doc(
        _400=f"Found (upstream's answer, kept for the client): the raw DocDB records, X-Error-Message '{UNVALIDATED}'",
        _404="No instrument has that id",
        _503="DocDB is unreachable or not configured",
    )
)
def get_instrument(instrument_id: str, partial_match: bool) -> Response:
    """Every stored version of an instrument, raw and unvalidated, answered 400 as upstream does."""
    found = INSTRUMENTS.client().find(instrument_id, partial_match)
    if not found:
        return v2.detail(404, v2.NOT_FOUND)
    return v2.body(400, found, {"X-Error-Message": UNVALIDATED})


@bp.route("/api/v2/instrument", methods=["POST"])
@bp.arguments(WriteQuery, location="query", as_kwargs=True, error_status_code=422)
@bp.doc(
    security=[{"bearer": []}],
    **_doc(
        _200="Stored: DocDB's answer",
        _400="Invalid against aind-data-schema's Instrument, or that version exists and replace is off",
        _401="No bearer token",
        _403="A wrong bearer token",
        _406="instrument_id or modification_date missing",
        _422="The body is not a JSON object",
        _503="DocDB is unreachable, or writes are not configured",
    ),
)
def post_instrument(replace: bool) -> Response:
    """Store an instrument version (validated against aind-data-schema's Instrument), for token holders only."""
    store = INSTRUMENTS.client()
    require_writer(request.headers.get("Authorization"), store.write_token)
    body, problems = parse_body(request.get_data())
    if body is None:
        return v2.detail(422, problems)
    missing = missing_field(body)
    if missing:
        return v2.body(406, {"message": f"Missing {missing}."})
    errors = schema_errors(body)
    if errors:
        message = f"The instrument fails validation against {contract.SCHEMA} ({len(errors)} errors)."
        return v2.body(400, {"message": message, "errors": errors})
    written = store.insert(body, replace)
    return v2.body(400, {"message": DUPLICATE}) if written is None else v2.body(200, written)


@bp.route("/instrument/<instrument_id>")
@bp.arguments(_IdPath, location="path", as_kwargs=True, error_status_code=400)
@bp.arguments(FindQuery, location="query", as_kwargs=True, error_status_code=400)
@answers(bp, Instrument, 200, 300, 404, 406, 400, 503, 500)
def get_root_instrument(instrument_id: str, partial_match: bool) -> Response:
    """The instrument validated against aind-data-schema's Instrument; 300 when several versions match."""
    found = INSTRUMENTS.client().find(instrument_id, partial_match)
    return root.render(contract.judge(contract.one(Instrument, found, "instrument", instrument_id)))
