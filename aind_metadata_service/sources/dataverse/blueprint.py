"""GET /api/v2/dataverse/...: tables, rows, mouse weights, water restriction and funding, in the v2 dialect."""

from __future__ import annotations

from datetime import datetime

from flask_smorest import Blueprint
from marshmallow import Schema, fields

from aind_metadata_service import contract
from aind_metadata_service.answers import serve
from aind_metadata_service.contract import Answer
from aind_metadata_service.inputs import IsoDateTime
from aind_metadata_service.sources.dataverse import SOURCE as DATAVERSE
from aind_metadata_service.sources.dataverse.mappers import to_mouse_weight
from aind_metadata_service.sources.dataverse.records import MouseWeightData

bp = Blueprint("dataverse", __name__, description="Microsoft Dataverse, read-only, in the /api/v2 dialect")


class TableQuery(Schema):
    """The table route's optional columns and filter, checked later against the table and the grammar."""

    columns = fields.String(metadata={"example": "cr138_project,cr138_sub_project"})
    filter = fields.String(metadata={"example": "cr138_project eq 'Cell Type LUT'"})


class WeightQuery(Schema):
    """An optional acquisition date-time: the day of it, as written, selects the weighings."""

    acquisition_datetime = IsoDateTime(metadata={"example": "2025-03-10T09:00:00-07:00"})


class MouseQuery(Schema):
    """The mouse's LabTracks id, required."""

    mouse_id = fields.String(required=True, metadata={"example": "775745"})


@serve(bp, None, v2="/dataverse/tables")
def get_dataverse_tables() -> Answer:
    """Every Dataverse table: entityid, entitysetname, name and logicalname."""
    return contract.many(None, DATAVERSE.client().tables(), "Dataverse tables", "the environment")


@serve(bp, None, v2="/dataverse/tables/<entity_set_table_name>", args=TableQuery, location="query")
def get_dataverse_table(entity_set_table_name: str, columns: str | None = None, filter: str | None = None) -> Answer:
    """A table's rows, metadata dropped and formatted values kept; columns and filter are checked first (400)."""
    rows = DATAVERSE.client().table(entity_set_table_name, columns or None, filter or None)
    return contract.many(None, rows or [], "rows", entity_set_table_name)


@serve(
    bp,
    None,
    MouseWeightData,
    v2="/dataverse/mouse_weight_records/<subject_id>",
    args=WeightQuery,
    location="query",
    plural=True,
)
def get_mouse_weight_records(subject_id: str, acquisition_datetime: datetime | None = None) -> Answer:
    """A mouse's weighings as MouseWeightData, on the day of acquisition_datetime when it is given."""
    day = acquisition_datetime.date() if acquisition_datetime else None
    weights = [to_mouse_weight(r) for r in DATAVERSE.client().mouse_weights(subject_id, day)]
    return contract.many(MouseWeightData, weights, "mouse weight records", subject_id)


@serve(bp, None, v2="/dataverse/water_restriction", args=MouseQuery, location="query")
def get_dataverse_water_restriction(mouse_id: str) -> Answer:
    """A mouse's water-restriction records, one row per change into or out of active restriction."""
    rows = DATAVERSE.client().water_restriction(mouse_id)
    return contract.many(None, rows, "water restriction", mouse_id)


@serve(bp, None, v2="/dataverse/funding")
def get_dataverse_funding() -> Answer:
    """Every funding row: project, subproject, code, institution, grant, one fundee and one investigator."""
    return contract.many(None, DATAVERSE.client().funding(), "Dataverse funding", "all")
