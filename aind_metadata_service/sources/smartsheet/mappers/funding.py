"""Funding sheet rows to aind-data-schema 2.x Funding dicts, investigators and project names."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Any

from aind_data_schema_models.organizations import Organization

from aind_metadata_service.sources.smartsheet.mappers import text
from aind_metadata_service.sources.smartsheet.records import Row

PROJECT, SUBPROJECT = "Project Name", "Subproject"
FUNDER, GRANT, FUNDEES, INVESTIGATORS = "Funding Institution", "Grant Number", "Fundees", "Investigators"
SEPARATOR = " - "  # between a project and its subproject, in names users send and /project_names lists

# Funders by full name, then by abbreviation ("NINDS"), case-insensitively. Plain dicts read from the schema's
# own maps: an unknown funder keeps its raw text, which fails validation (406) rather than naming a wrong one.
FUNDERS: dict[str, dict[str, Any]] = {
    **{k.casefold(): m.model_dump(mode="json") for k, m in Organization.abbreviation_map.items()},
    **{k.casefold(): m.model_dump(mode="json") for k, m in Organization.name_map.items()},
}
_PEOPLE_SPLIT = re.compile(r"\s*[,;\n]\s*")


def project_name(row: Row) -> str | None:
    """The name users give a row: "Project", or "Project - Subproject" when it has a subproject."""
    project, subproject = text(row.get(PROJECT)), text(row.get(SUBPROJECT))
    if project is None:
        return None
    return f"{project}{SEPARATOR}{subproject}" if subproject else project


def is_funding(row: Row) -> bool:
    """Whether a row holds funding; section headers have a project name and nothing else."""
    return any(text(row.get(column)) for column in (FUNDER, GRANT, FUNDEES, INVESTIGATORS))


def matching(rows: Iterable[Row], name: str) -> list[Row]:
    """The funding rows of a project: its own name, or a bare project name for all of its subprojects."""
    wanted = name.strip()
    return [row for row in rows if is_funding(row) and wanted in (project_name(row), text(row.get(PROJECT)))]


def people(value: Any) -> list[dict[str, Any]] | None:
    """A comma-separated names cell as Person dicts; e-mail addresses stay as given. None when empty."""
    names = [n for n in _PEOPLE_SPLIT.split(text(value) or "") if n]
    return [{"object_type": "Person", "name": n} for n in dict.fromkeys(names)] or None


def funder(value: Any) -> dict[str, Any] | str | None:
    """The Organization dict for a funder's name or abbreviation; the raw text when the schema has none."""
    raw = text(value)
    return FUNDERS.get(raw.casefold(), raw) if raw else None


def to_funding(row: Row) -> dict[str, Any]:
    """One funding row as a Funding dict."""
    return {
        "object_type": "Funding",
        "funder": funder(row.get(FUNDER)),
        "grant_number": text(row.get(GRANT)),
        "fundee": people(row.get(FUNDEES)),
    }


def _unique(items: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Items in order, each once: subprojects often share a funding line."""
    return list({json.dumps(item, sort_keys=True): item for item in items}.values())


def fundings(rows: Iterable[Row], name: str) -> list[dict[str, Any]]:
    """The Funding dicts of a project (all subprojects' for a bare project name), each once; [] when unknown."""
    return _unique(to_funding(row) for row in matching(rows, name))


def investigators(rows: Iterable[Row], name: str) -> list[dict[str, Any]]:
    """The Person dicts of a project's investigators, each once, in sheet order."""
    return _unique(p for row in matching(rows, name) for p in people(row.get(INVESTIGATORS)) or [])


def project_names(rows: Iterable[Row]) -> list[str]:
    """Every name /funding answers for a row, sorted and de-duplicated; section headers are left out."""
    return sorted({n for n in (project_name(row) for row in rows if is_funding(row)) if n})


# The funding sheet's columns as /api/v2/smartsheet/funding names them (reference/API-v2.md §3.7).
RAW_COLUMNS = {
    "project_name": "Project Name",
    "subproject": "Subproject",
    "project_code": "Project Code",
    "funding_institution": "Funding Institution",
    "grant_number": "Grant Number",
    "fundees": "Fundees",
    "investigators": "Investigators",
}


def raw_rows(rows: Iterable[Row]) -> list[dict[str, Any]]:
    """Every funding row as it is, under the /api/v2 names; a column the sheet lacks is null."""
    return [{name: row.get(title) for name, title in RAW_COLUMNS.items()} for row in rows if is_funding(row)]
