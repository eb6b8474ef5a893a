"""GET /tars_injection_materials/{prep_lot_number}: a TARS prep lot and its virus, as a ViralMaterial."""

from __future__ import annotations

from aind_data_schema.components.injection_procedures import ViralMaterial
from flask import Response
from flask_smorest import Blueprint
from marshmallow import Schema, fields

from aind_metadata_service import contract
from aind_metadata_service.answers import cached
from aind_metadata_service.clients.tars import TarsClient, TarsError, Virus
from aind_metadata_service.context import client, fanout
from aind_metadata_service.inputs import NamePath
from aind_metadata_service.mappers.tars import to_viral_material
from aind_metadata_service.openapi import answers

bp = Blueprint("tars", __name__, description="Injection materials from TARS, the viral-prep registry")

_LotPath = Schema.from_dict(
    {"prep_lot_number": fields.String(required=True, validate=NamePath().fields["name"].validators)},
    name="LotPath",
)


def _viruses(tars: TarsClient, aliases: list[str | None]) -> dict[str, Virus | None]:
    """Each distinct virus, looked up concurrently when there are several (lots sharing a number)."""
    distinct = [a for a in dict.fromkeys(aliases) if a]
    if len(distinct) < 2:
        return {a: tars.virus(a) for a in distinct}
    gathered = fanout().map(tars.virus, distinct, tars.deadline_s)
    for failure in gathered.failures.values():  # any failure fails the answer, named as TARS'
        raise failure if isinstance(failure, TarsError) else TarsError(f"TARS: {failure.message}", failure.status)
    return gathered.results


@bp.route("/tars_injection_materials/<prep_lot_number>")
@bp.arguments(_LotPath, location="path", as_kwargs=True, error_status_code=400)
@answers(bp, ViralMaterial, 200, 406, 404, 300, 400, 503, 500)
@cached
def get_injection_materials(prep_lot_number: str) -> Response:
    """The prep lot's material; the lot is matched ignoring case; 300 when TARS holds the number twice."""
    tars: TarsClient = client("tars")
    lots = tars.prep_lots(prep_lot_number)
    viruses = _viruses(tars, [lot.virus_alias for lot in lots])
    materials = [to_viral_material(lot, viruses.get(lot.virus_alias or "")) for lot in lots]
    return contract.one(ViralMaterial, materials, "injection material", prep_lot_number)
