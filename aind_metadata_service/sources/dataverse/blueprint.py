"""GET /api/v2/dataverse/...: tables, rows, mouse weights, water restriction and funding, in the v2 dialect."""

from __future__ import annotations

from flask import Response, request
from flask_smorest import Blueprint

from aind_metadata_service.context import client
from aind_metadata_service.sources.v2 import bare, found, optional_datetime, required_query, use_v2_errors

bp = Blueprint("dataverse", __name__, url_prefix="/api/v2/dataverse", description="Microsoft Dataverse, read-only")
use_v2_errors(bp)


@bp.route("/tables")
@bp.doc(summary="Every Dataverse table: entityid, entitysetname, name and logicalname")
def get_dataverse_tables() -> Response:
    """The table list; 404 when Dataverse lists none."""
    return found(client("dataverse").tables())


@bp.route("/tables/<entity_set_table_name>")
@bp.doc(
    summary="A table's rows, metadata keys dropped and formatted values kept",
    parameters=[
        {"name": "columns", "in": "query", "schema": {"type": "string"}, "example": "cr138_project,cr138_sub_project"},
        {"name": "filter", "in": "query", "schema": {"type": "string"}, "example": "cr138_project eq 'Cell Type LUT'"},
    ],
)
def get_dataverse_table(entity_set_table_name: str) -> Response:
    """Rows of one table; columns and filter are checked (known columns, a small grammar) before any query: 400."""
    columns, where = request.args.get("columns") or None, request.args.get("filter") or None
    return found(client("dataverse").table(entity_set_table_name, columns, where))


@bp.route("/mouse_weight_records/<subject_id>")
@bp.doc(
    summary="A mouse's weighings as MouseWeightData, on one day when acquisition_datetime is given",
    parameters=[{"name": "acquisition_datetime", "in": "query", "schema": {"type": "string", "format": "date-time"}}],
)
def get_mouse_weight_records(subject_id: str) -> Response:
    """The weighings of the mouse, on the date of acquisition_datetime (as written) when it is given."""
    when = optional_datetime("acquisition_datetime")
    return found(client("dataverse").mouse_weights(subject_id, when.date() if when else None))


@bp.route("/water_restriction")
@bp.doc(
    summary="A mouse's water-restriction records, one row per restriction change",
    parameters=[{"name": "mouse_id", "in": "query", "required": True, "schema": {"type": "string"}}],
)
def get_dataverse_water_restriction() -> Response:
    """The rows of upstream's water-restriction join for one mouse."""
    return found(client("dataverse").water_restriction(required_query("mouse_id")))


@bp.route("/funding")
@bp.doc(summary="Every funding row: project, subproject, code, institution, grant, one fundee and one investigator")
def get_dataverse_funding() -> Response:
    """The funding rows, as upstream's funding SQL gives them."""
    return bare(client("dataverse").funding())
