"""MGI mapper tables: which quick-search row names the allele, and the PIDName it gives."""

from __future__ import annotations

from typing import Any

import pytest
from aind_data_schema_models.pid_names import PIDName

from aind_metadata_service.sources.mgi.client import SummaryRow
from aind_metadata_service.sources.mgi.mappers import accepted, to_pid_name

ROW = {
    "detailUri": "/allele/MGI:3590684",
    "stars": "****",
    "bestMatchType": "Synonym",
    "bestMatchText": "Pvalb-IRES-Cre",
    "symbol": "Pvalb<tm1(cre)Arbr>",
}


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({}, True),
        ({"bestMatchType": "Symbol", "bestMatchText": "Pvalb<tm1(cre)Arbr>"}, True),  # the original refused this
        ({"bestMatchType": "Name"}, False),
        ({"bestMatchType": "Marker Symbol"}, False),
        ({"bestMatchType": None}, False),
        ({"stars": "***"}, False),
        ({"stars": "*"}, False),
        ({"stars": None}, False),
        ({"symbol": ""}, False),
        ({"symbol": None}, False),
    ],
)
def test_only_an_exact_match_on_a_symbol_or_synonym_is_accepted(changes: dict[str, Any], expected: bool) -> None:
    assert accepted(SummaryRow.model_validate({**ROW, **changes})) is expected


@pytest.mark.parametrize(
    ("detail_uri", "identifier"),
    [
        ("/allele/MGI:3590684", "3590684"),
        ("https://www.informatics.jax.org/allele/MGI:5558086", "5558086"),
        ("/marker/MGI:97821", "97821"),
        ("/allele/", None),
        (None, None),
    ],
)
def test_the_registry_identifier_is_the_digits_of_the_mgi_id(detail_uri: str | None, identifier: str | None) -> None:
    mapped = to_pid_name(SummaryRow.model_validate({**ROW, "detailUri": detail_uri}))
    assert mapped == {
        "name": "Pvalb<tm1(cre)Arbr>",
        "registry": "Mouse Genome Informatics (MGI)",
        "registry_identifier": identifier,
    }
    assert PIDName.model_validate(mapped).registry_identifier == identifier


def test_a_row_not_accepted_maps_to_none() -> None:
    assert to_pid_name(SummaryRow.model_validate({**ROW, "stars": "**"})) is None
