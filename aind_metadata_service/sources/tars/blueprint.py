"""GET /tars_injection_materials/{prep_lot_number}: a TARS prep lot and its virus, as a ViralMaterial."""

from __future__ import annotations

from aind_data_schema.components.injection_procedures import ViralMaterial
from flask_smorest import Blueprint

from aind_metadata_service import contract
from aind_metadata_service.answers import serve
from aind_metadata_service.contract import Answer
from aind_metadata_service.inputs import name_path
from aind_metadata_service.sources.tars import SOURCE as TARS
from aind_metadata_service.sources.tars.mappers import to_viral_material

bp = Blueprint("tars", __name__, description="Injection materials from TARS, the viral-prep registry")

_LotPath = name_path("prep_lot_number", "VT3214G")


@serve(bp, "/tars_injection_materials/<prep_lot_number>", ViralMaterial, args=_LotPath, listed=True)
def get_injection_materials(prep_lot_number: str) -> Answer:
    """The prep lot's material; the lot is matched ignoring case; 300 when TARS holds the number twice."""
    materials = [to_viral_material(lot, virus) for lot, virus in TARS.client().lot_records(prep_lot_number)]
    return contract.one(ViralMaterial, materials, "injection material", prep_lot_number)
