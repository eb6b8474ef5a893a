"""The injections and implants table and the skull schematic's marks, from a Procedures answer."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from aind_metadata_service.pages import skull
from aind_metadata_service.pages import words as w

Record = dict[str, Any]
SURGICAL = ("Brain injection", "Probe implant", "Craniotomy")


@dataclass(frozen=True)
class Row:
    """One injection, implant or craniotomy; placed when `points` is not empty, else `reason` says why."""

    number: int
    date: str
    kind: str
    name: str
    materials: tuple[str, ...]
    doses: tuple[str, ...]
    target: str
    hemisphere: str
    coordinates: str
    points: tuple[skull.Point, ...]
    reason: str | None
    size: float | None = None


@dataclass(frozen=True)
class Mark:
    """A point on the schematic: SVG position (x = ML, y = -AP), its row's number and kind, a radius."""

    x: float
    y: float
    number: int
    kind: str
    label: str
    radius: float


def material(item: Record) -> str:
    """A material with its TARS prep lot and titer: "pAAV-hSyn-GRAB-DA2m · lot VT3214G · 2.1 × 10¹³ gc/mL"."""
    lot = (item.get("tars_identifiers") or {}).get("prep_lot_number")
    parts = [str(item.get("name") or "unnamed material"), f"lot {lot}" if lot else None]
    parts.append(w.titer(item.get("titer"), item.get("titer_unit")))
    parts.append(w.quantity(item.get("concentration"), item.get("concentration_unit")))
    return " · ".join(p for p in parts if p)


def dose(step: Record) -> str:
    """One injection event: volume or current, and duration: "150 nL", "3 µA (7 s on / 7 s off), 5 min"."""
    amount = w.quantity(step.get("volume"), step.get("volume_unit"))
    if amount is None and step.get("injection_current") is not None:
        amount = w.quantity(step.get("injection_current"), step.get("injection_current_unit"))
        if amount and step.get("alternating_current"):
            amount += f" ({step['alternating_current']})"
    duration = w.quantity(step.get("duration"), step.get("duration_unit"))
    return ", ".join(p for p in (amount or "no volume or current", duration) if p)


def _target(structure: Any) -> str:
    """ "ACB (Nucleus accumbens)" from a brain structure."""
    if not isinstance(structure, dict):
        return "—"
    acronym, name = structure.get("acronym"), structure.get("name")
    return f"{acronym} ({name})" if acronym and name and acronym != name else str(name or acronym or "—")


def _hemisphere(relative: Any, points: tuple[skull.Point, ...]) -> str:
    """The stated side, or the side of the placed ML (negative is left in every system the page reads)."""
    stated = w.listed(relative)
    if stated or not points:
        return stated or "—"
    ml = points[0].ml
    return "Left" if ml < 0 else "Right" if ml > 0 else "Midline"


def coordinates(points: tuple[skull.Point, ...]) -> str:
    """ "AP +1.20 ML −1.00 DV 4.30, 4.00 mm from Bregma (BREGMA_ARI)"."""
    if not points:
        return "—"
    depths = ", ".join(f"{p.depth:.2f}" for p in points if p.depth is not None)
    first = points[0]
    text = f"AP {w.signed(first.ap)} ML {w.signed(first.ml)}" + (f" DV {depths}" if depths else "")
    tilt = f", {w.number(first.angle)}° tilt" if first.angle else ""
    return f"{text} mm from {first.reference}{tilt}"


def _placed(transforms: list[Any], system: skull.Axes | str | None) -> tuple[tuple[skull.Point, ...], str | None]:
    """Every depth placed, or nothing and the first reason one could not be."""
    found = [skull.place(t, system) for t in transforms]
    reasons = [f for f in found if isinstance(f, str)]
    if reasons or not found:
        return (), reasons[0] if reasons else "no coordinates are recorded"
    return tuple(p for p in found if isinstance(p, skull.Point)), None


def _system(name: Any, known: dict[str, skull.Axes | str], default: str | None) -> skull.Axes | str | None:
    """The named coordinate system's axes, the default's when none is named, or why it is unknown."""
    chosen = str(name) if name else default
    if chosen is None:
        return None
    return known.get(chosen, f"coordinate system {chosen} is not described in the answer")


def _row(n: int, when: str, procedure: Record, known: dict[str, skull.Axes | str], default: str | None) -> Row:
    """One table row for an injection, an implant or a craniotomy."""
    kind = str(procedure.get("object_type"))
    system = _system(procedure.get("coordinate_system_name"), known, default)
    if kind == "Brain injection":
        points, reason = _placed(list(procedure.get("coordinates") or []), system)
        materials = tuple(material(m) for m in procedure.get("injection_materials") or [] if isinstance(m, dict))
        doses = tuple(dose(d) for d in procedure.get("dynamics") or [] if isinstance(d, dict))
        side, target, name = procedure.get("relative_position"), procedure.get("targeted_structure"), "Injection"
        size = None
    elif kind == "Probe implant":
        config, device = procedure.get("device_config") or {}, procedure.get("implanted_device") or {}
        points, reason = _placed([config.get("transform")], system)
        materials, doses, side = (), (), None
        target, name, size = config.get("primary_targeted_structure"), str(device.get("name") or "Implant"), None
        kind = str(device.get("object_type") or "Probe").replace(" probe", "") + " implant"
    else:
        position = procedure.get("position")
        relative = isinstance(position, list)
        points, reason = _placed([[position]] if isinstance(position, dict) else [], system)
        if relative:
            reason = f"the position is only given as {w.listed(position) or 'a side'}"
        materials, doses, side, target = (), (), position if relative else None, None
        name, size = str(procedure.get("craniotomy_type") or "Craniotomy"), procedure.get("size")
    return Row(
        n,
        when,
        kind,
        name,
        materials,
        doses,
        _target(target),
        _hemisphere(side, points),
        coordinates(points),
        points,
        reason,
        size if isinstance(size, (int, float)) else None,
    )


def _surgical(procedures: Record) -> Iterator[tuple[str, Record]]:
    """Every injection, implant and craniotomy in the surgeries, with its surgery's date."""
    for item in procedures.get("subject_procedures") or []:
        if isinstance(item, dict) and item.get("object_type") == "Surgery":
            for procedure in item.get("procedures") or []:
                if isinstance(procedure, dict) and procedure.get("object_type") in SURGICAL:
                    yield str(item.get("start_date") or "date unknown"), procedure


def rows(procedures: Record) -> list[Row]:
    """The table, oldest surgery first, numbered as the schematic labels its marks."""
    known: dict[str, skull.Axes | str] = {n: skull.axes(s) for n, s in skull.systems(procedures).items()}
    default = next(iter(known), None)
    found = sorted(_surgical(procedures), key=lambda pair: pair[0])
    return [_row(n, when, procedure, known, default) for n, (when, procedure) in enumerate(found, start=1)]


def _mark_kind(kind: str) -> str:
    """ "injection", "implant" or "craniotomy": how the schematic draws a row."""
    return "injection" if "injection" in kind.lower() else "implant" if "implant" in kind.lower() else "craniotomy"


def marks(table: list[Row]) -> list[Mark]:
    """Each placed row's distinct AP/ML as a mark; a craniotomy's radius is half its size."""
    found: list[Mark] = []
    for row in table:
        for ap, ml in dict.fromkeys((p.ap, p.ml) for p in row.points):
            radius = row.size / 2 if row.kind == "Craniotomy" and row.size else 0.16
            label = f"{row.number} {row.target.split(' ')[0] if row.target != '—' else row.name}"
            found.append(Mark(ml, -ap, row.number, _mark_kind(row.kind), label, radius))
    return found
