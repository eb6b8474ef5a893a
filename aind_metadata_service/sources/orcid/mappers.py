"""ORCID iDs onto people: each Person of a funding answer gets its iD when the match was definitive."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from aind_data_schema_models.registries import Registry


def with_orcids(people: Iterable[Mapping[str, Any]], orcids: Mapping[str, str | None]) -> list[dict[str, Any]]:
    """Person dicts with ORCID as registry and the iD as registry_identifier where the match was definitive.

    Works on Funding dicts too: their `fundee` lists are filled the same way.
    """
    filled = []
    for person in people:
        item = dict(person)
        if isinstance(item.get("fundee"), list):
            item["fundee"] = with_orcids(item["fundee"], orcids)
        elif orcids.get(str(item.get("name"))) and not item.get("registry_identifier"):
            item.update(registry=Registry.ORCID.value, registry_identifier=orcids[str(item["name"])])
        filled.append(item)
    return filled


def names_in(items: Iterable[Mapping[str, Any]]) -> list[str]:
    """Every distinct person's name in Person or Funding dicts, in order."""
    found: list[str] = []
    for item in items:
        people = (item["fundee"] or []) if "fundee" in item else [item]
        found += [str(p["name"]) for p in people if p.get("name")]
    return list(dict.fromkeys(found))
