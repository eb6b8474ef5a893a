"""MGI quick-search rows to a PIDName for an allele, with the rule for which row names the allele."""

from __future__ import annotations

import re
from typing import Any

from aind_data_schema_models.registries import Registry

from aind_metadata_service.sources.mgi.records import SummaryRow

EXACT = "****"  # MGI's four stars: the query matched a name of the row exactly
# The kinds of name an exact match may be on. The original accepted only "Synonym", which turned away
# the official symbol (e.g. "Pvalb<tm1(cre)Arbr>"); short lab names such as "Ai93" are synonyms.
NAME_MATCHES = {"Symbol", "Synonym"}
_MGI_ID = re.compile(r"MGI:(\d+)")


def accepted(row: SummaryRow) -> bool:
    """Whether the row is the allele asked for: an exact match on its symbol or one of its synonyms."""
    return row.stars == EXACT and row.bestMatchType in NAME_MATCHES and bool(row.symbol)


def to_pid_name(row: SummaryRow | None) -> dict[str, Any] | None:
    """A PIDName (as the dict aind-data-schema validates) in the MGI registry, or None for a row not accepted."""
    if row is None or not accepted(row):
        return None
    found = _MGI_ID.search(row.detailUri or "")
    return {
        "name": row.symbol,
        "registry": Registry.MGI.value,
        "registry_identifier": found.group(1) if found else None,
    }
