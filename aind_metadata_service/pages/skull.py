"""Where injections and implants went, read from aind-data-schema transforms, and the skull schematic's frame.

Positions are only read where the schema places them unambiguously: one Translation (with at most a
Rotation, the tilt) in a named coordinate system whose axes and origin are known. Anything else is
reported with the reason, never guessed.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

Record = dict[str, Any]
# Direction names in aind-data-schema's AxisName/Direction enums; the sign makes + anterior, right and deeper.
AP_SIGN = {"posterior_to_anterior": 1, "anterior_to_posterior": -1}
ML_SIGN = {"left_to_right": 1, "right_to_left": -1}
DV_SIGN = {"superior_to_inferior": 1, "inferior_to_superior": -1}
# The schematic: the dorsal outline of a mouse brain in mm from bregma (x = ML, y = -AP, so anterior is up).
OUTLINE = (
    "M0,-4.1 C2.6,-4.1 4.9,-2.6 4.9,0.6 C4.9,4.2 3.6,6.6 0,6.9 C-3.6,6.6 -4.9,4.2 -4.9,0.6 C-4.9,-2.6 -2.6,-4.1 0,-4.1Z"
)
BULBS = ((-1.0, -4.7), (1.0, -4.7))  # olfactory bulbs' centres, drawn as small ellipses
FRAME = (-5.5, -5.8, 5.5, 7.4)  # min x, min y, max x, max y of the schematic before sites widen it


@dataclass(frozen=True)
class Axes:
    """Which coordinate is which, each as (index, sign), and the system's name and origin."""

    name: str
    origin: str
    ap: tuple[int, int]
    ml: tuple[int, int]
    dv: tuple[int, int] | None


@dataclass(frozen=True)
class Point:
    """A placed position: AP (+ anterior), ML (+ right), depth (+ deeper) in mm, tilt in degrees."""

    ap: float
    ml: float
    depth: float | None
    angle: float | None
    reference: str


def systems(procedures: Record) -> dict[str, Record]:
    """Every coordinate system the answer describes, by name (the Procedures' and each surgery's)."""
    found: dict[str, Record] = {}
    holders = [procedures, *(s for s in procedures.get("subject_procedures") or [] if isinstance(s, dict))]
    for holder in holders:
        for key in ("global_coordinate_system", "coordinate_system"):
            system = holder.get(key)
            if isinstance(system, dict) and system.get("name"):
                found.setdefault(str(system["name"]), system)
    return found


def axes(system: Record) -> Axes | str:
    """The AP, ML and DV axes of a coordinate system in mm from bregma, or why they cannot be read."""
    name, origin = str(system.get("name")), str(system.get("origin") or "")
    if origin.lower() != "bregma":
        return f"coordinate system {name} has its origin at {origin or 'an unstated point'}, not bregma"
    if str(system.get("axis_unit") or "millimeter") != "millimeter":
        return f"coordinate system {name} is in {system.get('axis_unit')}, not millimeters"
    found: dict[str, tuple[int, int]] = {}
    for index, axis in enumerate(system.get("axes") or []):
        direction = str((axis or {}).get("direction") or "").lower()
        for label, signs in (("ap", AP_SIGN), ("ml", ML_SIGN), ("dv", DV_SIGN)):
            if direction in signs:
                found[label] = (index, signs[direction])
    if "ap" not in found or "ml" not in found:
        return f"coordinate system {name} has no anterior-posterior and left-right axes"
    return Axes(name, "Bregma", found["ap"], found["ml"], found.get("dv"))


def _number(values: list[Any], at: tuple[int, int] | None) -> float | None:
    """One signed coordinate, or None when it is absent or not a finite number."""
    if at is None or at[0] >= len(values):
        return None
    value = values[at[0]]
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        return None
    return float(value) * at[1]


def place(transform: Any, system: Axes | str | None) -> Point | str:
    """A transform (list of Translation and Rotation) as a Point, or why it cannot be placed."""
    if system is None:
        return "no coordinate system is named"
    if isinstance(system, str):
        return system
    steps = [s for s in transform or [] if isinstance(s, dict)]
    kinds = [s.get("object_type") for s in steps]
    if not steps:
        return "no coordinates are recorded"
    if kinds.count("Translation") != 1 or any(k not in ("Translation", "Rotation") for k in kinds):
        return "the position is a chain of transforms (" + ", ".join(map(str, kinds)) + ") the page does not apply"
    values = list(next(s for s in steps if s.get("object_type") == "Translation").get("translation") or [])
    ap, ml = _number(values, system.ap), _number(values, system.ml)
    if ap is None or ml is None:
        return "the translation's AP or ML is missing or not a number"
    rotation = next((s for s in steps if s.get("object_type") == "Rotation"), None)
    angles = [a for a in (rotation or {}).get("angles") or [] if isinstance(a, (int, float))]
    tilt = next((float(a) for a in angles if a), None)
    return Point(ap, ml, _number(values, system.dv), tilt, f"{system.origin} ({system.name})")


def frame(points: list[tuple[float, float]]) -> tuple[float, float, float, float]:
    """The SVG viewBox (x, y, width, height) holding the schematic and every point (ML, AP), with a margin."""
    xs = [FRAME[0], FRAME[2], *(ml for ml, _ in points)]
    ys = [FRAME[1], FRAME[3], *(-ap for _, ap in points)]
    left, top = math.floor(min(xs)) - 0.5, math.floor(min(ys)) - 0.5
    return left, top, math.ceil(max(xs)) + 0.5 - left, math.ceil(max(ys)) + 0.5 - top


def grid(box: tuple[float, float, float, float]) -> tuple[list[int], list[int]]:
    """The whole-mm grid lines inside a viewBox: x (ML) values and y (-AP) values."""
    x, y, width, height = box
    return list(range(math.ceil(x), math.floor(x + width) + 1)), list(range(math.ceil(y), math.floor(y + height) + 1))
