"""NSB 2023 burr holes that are not one brain site: spinal injections (placed from a vertebral gap) and grids."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from aind_data_schema_models.coordinates import Origin

from aind_metadata_service.sources.sharepoint.mappers import builders as b
from aind_metadata_service.sources.sharepoint.mappers import parsers as p
from aind_metadata_service.sources.sharepoint.mappers.builders import Item
from aind_metadata_service.sources.sharepoint.mappers.tables import BREGMA_ARI

BRAIN, SPINAL, GRID = "brain", "spinal", "grid"
# The burr-hole choice -> what kind of site it is ("Spinal Injection", "9 Grid Injection", "6 Grid Injection").
SHAPES: list[tuple[str, str]] = [("spinal", SPINAL), ("grid", GRID)]
SPINAL_COLUMN = "Burr_x0020_{n}_x0020_Spinal_x0020_"  # only burr holes 1 and 2 have one: "Between C1-C2"
GAP = re.compile(r"^\s*between\s+([CT]\d)\s*-\s*([CT]\d)\s*$", re.IGNORECASE)
ORIGINS = {o.value: o.value for o in Origin if o.value.startswith("Between_")}
GRID_SITES = re.compile(r"(\d+)\s*grid", re.IGNORECASE)


def shape(kind: str) -> str:
    """Whether a burr-hole choice is one brain site, a spinal injection or a grid."""
    return next((found for word, found in SHAPES if word in kind.lower()), BRAIN)


def spinal_system(item: Item, n: int) -> dict[str, Any] | None:
    """The coordinate system of a spinal injection: BREGMA_ARI's axes from the vertebral gap it names.

    None when the request names no gap (burr holes 3-6 have no column for one): then there is no origin to
    place the injection from, and its coordinates stay unknown.
    """
    found = GAP.match(p.text(item.get(SPINAL_COLUMN.format(n=n))) or "")
    if found is None:
        return None
    first, second = found.group(1).upper(), found.group(2).upper()
    origin = ORIGINS.get(f"Between_{first}-{second}")
    if origin is None:
        return None
    return {**BREGMA_ARI, "name": f"{first}{second}_ARI", "origin": origin}


def spinal_injection(site: b.Site, dosing: b.Dosing, system: dict[str, Any] | None) -> dict[str, Any]:
    """A spinal injection: a BrainInjection placed from the vertebral gap (the schema's only injection with
    coordinates); with no gap named, its coordinates are unknown (the answer is then 406, with the data)."""
    found = b.brain_injection(site if system else b.Site(depths=site.depths), dosing)
    return {**found, "coordinate_system_name": system["name"] if system else None}


def grid_injection(site: b.Site, dosing: b.Dosing) -> dict[str, Any]:
    """A 6- or 9-site grid: the materials and the dosing of each site; where the sites were is not recorded."""
    return {
        "object_type": "Injection",
        "injection_materials": dosing.materials,
        "relative_position": [site.hemisphere] if site.hemisphere else None,
        "dynamics": [b.dynamics(dosing)],
    }


def grid_note(n: int, kind: str, site: b.Site) -> str:
    """What the surgery's notes say about a grid, which the schema cannot place."""
    sites = GRID_SITES.search(kind)
    targets = ", ".join(t["acronym"] for t in site.targets)
    where = f" targeting {targets}" if targets else ""
    count = f"{sites.group(1)}-site " if sites else ""
    return f"Burr hole {n}: {count}grid injection{where}; the sites' coordinates are not recorded"


def session_extras(item: Item, holes: Sequence[tuple[int, str, str, b.Site]]) -> dict[str, Any]:
    """A session surgery's spinal coordinate system and grid notes, from its (n, shape, choice, site) burr holes."""
    systems = [s for n, kind, _, _ in holes if kind == SPINAL and (s := spinal_system(item, n))]
    notes = [grid_note(n, choice, site) for n, kind, choice, site in holes if kind == GRID]
    extras: dict[str, Any] = {"coordinate_system": systems[0]} if systems else {}
    return {**extras, "notes": "; ".join(notes)} if notes else extras
