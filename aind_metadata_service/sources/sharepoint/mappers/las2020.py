"""LAS 2020 request items to Surgery dicts: retro-orbital injections per request slot, and IP dosing."""

from __future__ import annotations

import re
from typing import Any

from aind_metadata_service.mappers import copied
from aind_metadata_service.mappers.anatomy import INTRAPERITONEAL, RETRO_ORBITAL
from aind_metadata_service.sources.sharepoint.mappers import builders as b
from aind_metadata_service.sources.sharepoint.mappers import parsers as p
from aind_metadata_service.sources.sharepoint.mappers import tables as t
from aind_metadata_service.sources.sharepoint.mappers.builders import Item

REQUESTED = ("ReqPro1", "ReqPro2", "ReqPro3", "ReqPro4")
RETRO_ORBITAL_REQUEST, DOSING_REQUEST = "retro-orbital injection", "dosing"
SLOTS = (1, 2, 3, 4, 5)
MATERIAL_SUFFIXES = ("", "b", "c", "d")  # up to four materials per slot
# "Tamoxifen 20 mg/mL" or "Tamoxifen (20 mg/mL)": a name, then a concentration.
SUBSTANCE = re.compile(r"^(?P<name>.*?)\s*\(?\s*(?P<amount>[-+]?(?:\d+\.?\d*|\.\d+)\s*\S+?)\s*\)?\s*$")
VOLUME_UNITS = {"ul": "microliter", "µl": "microliter", "ml": "milliliter"}
VOLUME = re.compile(rf"^\s*({p.NUM})\s*(ul|µl|ml)?\s*$", re.IGNORECASE)
# doseduration with a unit the schema has: "30 s", "10 min", "2 hours". A bare number or days (LAS's "5" is
# five days of dosing, the request's start to end) is how long the course ran, not one injection's duration.
DURATION = re.compile(rf"^\s*({p.NUM})\s*([a-z]+)\s*$", re.IGNORECASE)
TIME_UNITS = {
    **dict.fromkeys(("s", "sec", "secs", "second", "seconds"), "second"),
    **dict.fromkeys(("m", "min", "mins", "minute", "minutes"), "minute"),
    **dict.fromkeys(("h", "hr", "hrs", "hour", "hours"), "hour"),
}


def _volume(value: Any, default_unit: str | None) -> tuple[float | None, str | None]:
    """A volume and its unit: the text's unit, else the column's (None when the column does not fix one)."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value), default_unit
    found = VOLUME.match(value) if isinstance(value, str) else None
    if not found:
        return None, None
    return float(found.group(1)), VOLUME_UNITS.get((found.group(2) or "").lower(), default_unit)


def _bolus(volume: tuple[float | None, str | None]) -> dict[str, Any]:
    """One bolus of a volume."""
    return {"object_type": "Injection dynamics", "profile": "Bolus", "volume": volume[0], "volume_unit": volume[1]}


def _viral(item: Item, slot: int, suffix: str) -> dict[str, Any] | None:
    """A slot's material: named by its prep lot (what TARS knows it by), else by the substance."""
    lot, substance = p.text(item.get(f"roLot{slot}{suffix}")), p.text(item.get(f"roSub{slot}{suffix}"))
    if not (lot or substance):
        return None
    return {
        "object_type": "Viral material",
        "name": lot or substance,
        "titer": p.titer(item.get(f"roTite{slot}{suffix}")),
        "titer_unit": "gc/mL",
    }


def retro_orbital(item: Item, slot: int) -> dict[str, Any]:
    """The retro-orbital injection of one slot; the eye ('Behind Left') is its relative position."""
    materials = [m for m in (_viral(item, slot, s) for s in MATERIAL_SUFFIXES) if m]
    eye = p.side(item.get(f"roEye{slot}"))
    return {
        "object_type": "Injection",
        "injection_materials": materials,
        "targeted_structure": copied(RETRO_ORBITAL),
        "relative_position": [eye] if eye else None,
        "dynamics": [_bolus(_volume(item.get(f"roVol{slot}"), "microliter"))],  # the RO form asks for µL
    }


def _substance(value: Any) -> dict[str, Any] | None:
    """The dosed substance as a NonViralMaterial: 'Tamoxifen 20 mg/mL' gives its concentration too."""
    label = p.text(value)
    if label is None:
        return None
    found = SUBSTANCE.match(label)
    strength = p.concentration(found.group("amount")) if found and found.group("name") else None
    name = found.group("name").strip(" ,-") if found and strength else label
    return {
        "object_type": "Non viral material",
        "name": name[:1].upper() + name[1:],
        "source": copied(t.UNKNOWN_SOURCE),
        "concentration": strength[0] if strength else None,
        "concentration_unit": strength[1] if strength else None,
    }


def dose_duration(value: Any) -> tuple[float, str] | None:
    """One injection's duration and unit from doseduration; None for a course length or an unknown unit."""
    found = DURATION.match(p.text(value) or "")
    unit = TIME_UNITS.get(found.group(2).lower()) if found else None
    return (float(found.group(1)), unit) if found and unit else None


def dose_note(item: Item) -> str | None:
    """A doseduration that is not one injection's duration, kept in the surgery's notes."""
    value = p.text(item.get("doseduration"))
    return f"Dose duration: {value}" if value and dose_duration(value) is None else None


def intraperitoneal(item: Item) -> dict[str, Any]:
    """IP dosing: the substance and the volume, in µL like the RO form (doses such as 70.4 are µL of a
    20 mg/mL stock at 75 mg/kg for a 19 g mouse; mL would be a thousand times a mouse's IP limit)."""
    substance = _substance(item.get("doseSub"))
    dosing, duration = _bolus(_volume(item.get("dosevolume"), "microliter")), dose_duration(item.get("doseduration"))
    if duration:
        dosing.update(duration=duration[0], duration_unit=duration[1])
    return {
        "object_type": "Injection",
        "injection_materials": [substance] if substance else [],
        "targeted_structure": copied(INTRAPERITONEAL),
        "dynamics": [dosing],
    }


def _is_ip(item: Item) -> bool:
    """Whether the dosing route is intraperitoneal ('Intraperitoneal (IP)' or 'IP')."""
    route = (p.text(item.get("doseRoute")) or "").lower()
    return "intraperitoneal" in route or re.search(r"\bip\b", route) is not None


def item_surgery(item: Item, subject_id: str) -> dict[str, Any] | None:
    """The request's procedures on this subject, as one Surgery; None when it holds none for the subject."""
    requested = {(p.text(item.get(c)) or "").lower() for c in REQUESTED}
    procedures, notes = [], None
    if RETRO_ORBITAL_REQUEST in requested:
        procedures += [retro_orbital(item, n) for n in SLOTS if p.text(item.get(f"nROID{n}")) == subject_id]
    if DOSING_REQUEST in requested and _is_ip(item):
        procedures.append(intraperitoneal(item))
        notes = dose_note(item)
    if not procedures:
        return None
    found = b.surgery(
        p.day(item.get("nStart_x0020_Date")),
        procedures,
        experimenters=b.person("LAS", item, "AuthorLookupId", "AuthorId"),
        ethics_review_id=b.ethics(item, "Protocol"),
    )
    return {**found, "notes": notes} if notes else found


def to_surgeries(items: list[Item], subject_id: str) -> list[dict[str, Any]]:
    """One Surgery per request that holds a procedure on the subject."""
    return [s for s in (item_surgery(item, subject_id) for item in items) if s]
