"""GET /api/v2/orcid/{name}: a person's ORCID iD when the match is definitive, in the v2 dialect."""

from __future__ import annotations

from flask_smorest import Blueprint

from aind_metadata_service.answers import serve
from aind_metadata_service.contract import Outcome
from aind_metadata_service.inputs import name_path
from aind_metadata_service.sources.orcid import SOURCE as ORCID
from aind_metadata_service.sources.orcid.search import tokens

bp = Blueprint("orcid", __name__, description="ORCID iDs from the public ORCID API")
TWO_WORDS = "name must have at least two words, e.g. 'Jane Smith' (quotes and backslashes are ignored)"
# Two words, as `tokens` counts them: two characters that are neither space nor quote, a space between them.
TWO_WORDS_PATTERN = r"[^\s\"'\\][\s\"'\\]*\s[\s\"'\\]*[^\s\"'\\]"


@serve(bp, None, v2="/orcid/<name>", args=name_path("name", "Sofia Marchetti", TWO_WORDS_PATTERN))
def get_orcid(name: str) -> Outcome:
    """{"orcid": iD} for the one ORCID record matching the name at the Allen Institute; else 404."""
    if len(tokens(name)) < 2:
        return Outcome(400, TWO_WORDS)
    orcid = ORCID.client().orcid_id(name)
    return Outcome(200, f"ORCID iD of {name}.", {"orcid": orcid}) if orcid else Outcome(404, f"No ORCID iD for {name}.")
