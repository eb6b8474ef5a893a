"""GET /mgi_allele/{allele_name}: an allele's MGI symbol and id, as a PIDName."""

from __future__ import annotations

from aind_data_schema_models.pid_names import PIDName
from flask_smorest import Blueprint

from aind_metadata_service import contract
from aind_metadata_service.answers import serve
from aind_metadata_service.contract import Answer
from aind_metadata_service.inputs import name_path
from aind_metadata_service.sources.mgi import SOURCE as MGI
from aind_metadata_service.sources.mgi.mappers import to_pid_name

bp = Blueprint("mgi", __name__, description="Alleles from MGI, the Mouse Genome Informatics quick search")

_AllelePath = name_path("allele_name", "Ai93(TITL-GCaMP6f)")


# `path:` because allele names may hold a '/', which arrives URL-encoded as %2F and decoded by the server.
@serve(bp, "/mgi_allele/<path:allele_name>", PIDName, args=_AllelePath, listed=True)
def get_mgi_allele(allele_name: str) -> Answer:
    """The allele's official symbol and MGI id, for an exact match on its symbol or a synonym."""
    found = to_pid_name(MGI.client().allele(allele_name))
    return contract.one(PIDName, [found] if found else [], "MGI allele", allele_name)
