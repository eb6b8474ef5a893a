"""Every procedure of a Procedures answer as dated timeline items, each with the source it came from."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from aind_metadata_service.pages import provenance
from aind_metadata_service.pages import words as w

Record = dict[str, Any]


@dataclass(frozen=True)
class Item:
    """One procedure on the date axis: when, what, details in words, its source, and the animal's age."""

    start: date | None
    end: date | None
    kind: str
    title: str
    details: tuple[str, ...]
    source: str
    age: str | None
    ongoing: bool = False


def _injection(p: Record) -> str:
    """ "Injection into ACB (Left): pAAV-hSyn-GRAB-DA2m, 2 depths"."""
    target = (p.get("targeted_structure") or {}).get("acronym") or (p.get("targeted_structure") or {}).get("name")
    side = w.listed(p.get("relative_position"))
    names = w.listed(m.get("name") for m in p.get("injection_materials") or [] if isinstance(m, dict))
    where = f" into {target}" + (f" ({side})" if side else "") if target else ""
    depths = len(p.get("dynamics") or [])
    return f"{p.get('object_type')}{where}: {names or 'no material recorded'}" + (f", {depths} depths" * (depths > 1))


def _implant(p: Record) -> str:
    """ "Fiber implant Fiber_0 in ACB"."""
    device, config = p.get("implanted_device") or {}, p.get("device_config") or {}
    target = (config.get("primary_targeted_structure") or {}).get("acronym")
    kind = str(device.get("object_type") or "Probe").replace(" probe", "")
    return f"{kind} implant {device.get('name') or ''}" + (f" in {target}" if target else "")


def _craniotomy(p: Record) -> str:
    """ "Craniotomy: Circle, 5 mm"."""
    size = w.quantity(p.get("size"), p.get("size_unit"))
    return f"Craniotomy: {p.get('craniotomy_type') or 'type not recorded'}" + (f", {size}" if size else "")


def _headframe(p: Record) -> str:
    """ "Headframe Visual Ctx (part 0160-100-10)"."""
    part = p.get("headframe_part_number")
    well = p.get("well_type")
    return (
        f"Headframe {p.get('headframe_type') or ''}".strip()
        + (f" (part {part})" if part else "")
        + (f", well {well}" if well else "")
    )


def _perfusion(p: Record) -> str:
    """ "Perfusion → specimens 775745"."""
    return f"Perfusion → specimen {w.listed(p.get('output_specimen_ids')) or 'not named'}"


SAY: dict[str, Callable[[Record], str]] = {
    "Brain injection": _injection,
    "Injection": _injection,
    "Probe implant": _implant,
    "Craniotomy": _craniotomy,
    "Headframe": _headframe,
    "Perfusion": _perfusion,
    "Generic surgery procedure": lambda p: str(p.get("description") or "Other procedure"),
}


def _held(procedures: list[Record]) -> str:
    """What a surgery held, counted: "Brain injection, 2 × Probe implant, Headframe"."""
    counts = Counter(str(p.get("object_type")) for p in procedures)
    return ", ".join(f"{n} × {kind}" if n > 1 else kind for kind, n in counts.items())


def _who(item: Record) -> str | None:
    """ "by NSB-573"."""
    people = w.listed(item.get("experimenters"))
    return f"by {people}" if people else None


def _surgery(item: Record) -> tuple[str, str, list[str]]:
    """A surgery's kind, title and details; a surgery holding only a perfusion is a perfusion."""
    held = [p for p in item.get("procedures") or [] if isinstance(p, dict)]
    details = [SAY.get(str(p.get("object_type")), lambda p: str(p.get("object_type")))(p) for p in held]
    weight = w.quantity(item.get("animal_weight_prior"), item.get("weight_unit") or "gram")
    details += [f"weight before {weight}" if weight else "", _who(item) or "", str(item.get("notes") or "")]
    kinds = {p.get("object_type") for p in held}
    if kinds == {"Perfusion"}:
        return "perfusion", "Perfusion", details
    return "surgery", f"Surgery: {_held(held) or 'nothing recorded'}", details


def _water(item: Record) -> tuple[str, str, list[str]]:
    """Target weight, baseline and daily minimum."""
    baseline = w.quantity(item.get("baseline_weight"), item.get("weight_unit"))
    water = w.quantity(item.get("minimum_water_per_day"), item.get("minimum_water_per_day_unit"))
    target = item.get("target_fraction_weight")
    details = [f"target {target}% of baseline {baseline}" if target else "", f"at least {water} a day" if water else ""]
    return "water", "Water restriction", details


def _subject_item(item: Record) -> tuple[str, str, list[str]]:
    """Kind, title and details of one subject procedure."""
    kind = item.get("object_type")
    if kind == "Surgery":
        return _surgery(item)
    if kind == "Water restriction":
        return _water(item)
    if kind == "Non-surgical injection" or item.get("injections"):
        injections = [_injection(p) for p in item.get("injections") or [] if isinstance(p, dict)]
        return "surgery", "Injection (non-surgical)", injections
    return "other", str(kind or "Procedure"), [str(item.get("training_name") or item.get("notes") or "")]


def _specimen_item(item: Record) -> tuple[str, str, list[str]]:
    """Kind, title and details of one specimen procedure (histology, imaging)."""
    reagents = w.listed(d.get("name") for d in item.get("procedure_details") or [] if isinstance(d, dict))
    title = f"{item.get('procedure_type') or 'Specimen procedure'}: {item.get('procedure_name') or ''}".rstrip(": ")
    details = [f"specimen {item.get('specimen_id')}", f"reagents {reagents}" if reagents else "", _who(item) or ""]
    return "specimen", title, details


def items(procedures: Record, born: date | None, water: str = "SLIMS") -> list[Item]:
    """Every subject and specimen procedure, oldest first; undated ones last; `water`: where restrictions come from."""
    found: list[Item] = []
    groups = (
        ("subject_procedures", _subject_item, provenance.subject_procedure_source),
        ("specimen_procedures", _specimen_item, provenance.specimen_procedure_source),
    )
    for key, say, source in groups:
        for item in procedures.get(key) or []:
            if not isinstance(item, dict):
                continue
            kind, title, details = say(item)
            start, end = w.day(item.get("start_date")), w.day(item.get("end_date"))
            ongoing = kind == "water" and end is None
            kept = tuple(d for d in details if d)
            found.append(Item(start, end, kind, title, kept, source(item, water), w.age(born, start), ongoing))
    found = sorted(found, key=lambda i: (i.start is None, i.start or date.min, i.title))
    return _ended_by_perfusion(found)


def _ended_by_perfusion(found: list[Item]) -> list[Item]:
    """A restriction without an end date is not ongoing once the animal has been perfused."""
    perfused = next((i.start for i in found if i.kind == "perfusion"), None)
    if perfused is None:
        return found
    return [replace(i, ongoing=False) if i.ongoing else i for i in found]
