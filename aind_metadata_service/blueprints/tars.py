"""GET /tars_injection_materials/{prep_lot_number}: a TARS prep lot and its virus, as a ViralMaterial."""

from __future__ import annotations

from aind_data_schema.components.injection_procedures import ViralMaterial
from flask import Response
from flask_smorest import Blueprint

from aind_metadata_service import contract
from aind_metadata_service.answers import cached
from aind_metadata_service.context import client
from aind_metadata_service.inputs import name_path
from aind_metadata_service.mappers.tars import to_viral_material
from aind_metadata_service.openapi import answers

bp = Blueprint("tars", __name__, description="Injection materials from TARS, the viral-prep registry")

_LotPath = name_path("prep_lot_number", "VT3214G")


@bp.route("/tars_injection_materials/<prep_lot_number>")
@bp.arguments(_LotPath, location="path", as_kwargs=True, error_status_code=400)
@answers(bp, ViralMaterial, 200, 406, 404, 300, 400, 503, 500)
@cached
def get_injection_materials(prep_lot_number: str) -> Response:
    """The prep lot's material; the lot is matched ignoring case; 300 when TARS holds the number twice."""
    materials = [to_viral_material(lot, virus) for lot, virus in client("tars").lot_records(prep_lot_number)]
    return contract.one(ViralMaterial, materials, "injection material", prep_lot_number)
