"""Anatomy terms as plain dicts from our own table: the schema's MouseAnatomy lookups call a web service."""

from __future__ import annotations

from typing import Any

# EMAPA terms the sources name; identifiers as the EMAPA registry gives them.
EMAPA: dict[str, str] = {
    "venous sinus": "37025",  # the retro-orbital sinus, InjectionTargets.RETRO_ORBITAL
    "peritoneal cavity": "16246",  # InjectionTargets.INTRAPERITONEAL
}


def emapa(name: str) -> dict[str, Any]:
    """A MouseAnatomyModel dict for an EMAPA term in the table."""
    return {"name": name, "registry": "Edinburgh Mouse Atlas Project (EMAPA)", "registry_identifier": EMAPA[name]}


RETRO_ORBITAL = emapa("venous sinus")
INTRAPERITONEAL = emapa("peritoneal cavity")
