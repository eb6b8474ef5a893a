"""Schema-shaped dicts the SharePoint mappers share: surgeries, injections, fibers, headframes, craniotomies."""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from aind_metadata_service.mappers import copied
from aind_metadata_service.mappers.iacuc import protocol_number
from aind_metadata_service.sources.sharepoint.mappers import parsers as p
from aind_metadata_service.sources.sharepoint.mappers import tables as t

Item = Mapping[str, Any]
NANOJECT, IONTOPHORESIS = "nanoject", "iontophoresis"


def cell(item: Item, *columns: str) -> Any:
    """The first column that holds a value: Graph and the on-premises REST API spell some names apart."""
    return next((item[c] for c in columns if item.get(c) not in (None, "")), None)


def person(prefix: str, item: Item, *columns: str) -> list[str] | None:
    """['NSB-573'] from a person column's lookup id; None when nobody is named."""
    found = p.text(cell(item, *columns))
    return [f"{prefix}-{found}"] if found and found.isdigit() else None


def ethics(item: Item, *columns: str) -> str | None:
    """The IACUC protocol number from the first column that holds one."""
    return next((n for n in (protocol_number(item.get(c)) for c in columns) if n), None)


def anaesthesia(duration_min: float | None, level: float | None) -> dict[str, Any] | None:
    """Isoflurane for a known duration; without a duration there is no valid Anaesthetic to state."""
    if duration_min is None:
        return None
    return {"anaesthetic_type": "isoflurane", "duration": duration_min, "duration_unit": "minute", "level": level}


def surgery(
    start: date | None,
    procedures: list[dict[str, Any]],
    *,
    experimenters: list[str] | None = None,
    ethics_review_id: str | None = None,
    weights: tuple[float | None, float | None] = (None, None),
    anaesthetic: dict[str, Any] | None = None,
    workstation: str | None = None,
    measured: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """A Surgery dict; an unknown start date stays None (the answer is then 406, with the data)."""
    return {
        "object_type": "Surgery",
        "start_date": start,
        "experimenters": experimenters,
        "ethics_review_id": ethics_review_id,
        "animal_weight_prior": weights[0],
        "animal_weight_post": weights[1],
        "weight_unit": "gram",
        "anaesthesia": anaesthetic,
        "workstation_id": workstation,
        "measured_coordinates": measured,
        "procedures": procedures,
    }


@dataclass(frozen=True)
class Site:
    """Where something went in: AP and ML from bregma, depths below the surface, tilt, side, CCF targets."""

    ap: float | None = None
    ml: float | None = None
    depths: tuple[float, ...] = ()
    angle: float | None = None
    hemisphere: str | None = None
    targets: tuple[dict[str, Any], ...] = ()


@dataclass(frozen=True)
class Dosing:
    """How an injection was given, per depth."""

    kind: str | None = None
    volume_nl: float | None = None
    minutes: float | None = None
    current_ua: float | None = None
    alternating_s: tuple[float, float] | None = None
    materials: list[dict[str, Any]] = field(default_factory=list)


def injection_kind(value: Any) -> str | None:
    """Nanoject (pressure) or iontophoresis, from an injection-type choice."""
    found = (p.text(value) or "").lower()
    return NANOJECT if "nanoject" in found else IONTOPHORESIS if "ionto" in found else None


def transform(site: Site, depth: float | None) -> list[dict[str, Any]] | None:
    """Translation (AP, ML, depth) then, when the tilt is known, a rotation about AP; None if any is unknown."""
    if site.ap is None or site.ml is None or depth is None:
        return None
    moves: list[dict[str, Any]] = [{"object_type": "Translation", "translation": [site.ap, site.ml, depth]}]
    if site.angle is not None:
        moves.append({"object_type": "Rotation", "angles": [site.angle, 0.0, 0.0], "angles_unit": "degrees"})
    return moves


def dynamics(dosing: Dosing) -> dict[str, Any]:
    """One depth's InjectionDynamics: a nanoject bolus in nL, or pulsed iontophoresis at a current."""
    found: dict[str, Any] = {"object_type": "Injection dynamics", "profile": None}
    if dosing.minutes is not None:
        found.update(duration=dosing.minutes, duration_unit="minute")
    if dosing.kind == NANOJECT:
        found["profile"] = "Bolus"
    if dosing.kind == IONTOPHORESIS:
        found["profile"] = "Pulsed"
        if dosing.current_ua is not None:
            found.update(injection_current=dosing.current_ua, injection_current_unit="microamps")
        if dosing.alternating_s is not None:
            found["alternating_current"] = f"{dosing.alternating_s[0]:g} s on / {dosing.alternating_s[1]:g} s off"
    elif dosing.volume_nl is not None:
        found.update(volume=dosing.volume_nl, volume_unit="nanoliter")
    return found


def brain_injection(site: Site, dosing: Dosing) -> dict[str, Any]:
    """A BrainInjection with one coordinate and one dynamics per depth (coordinates None when unknown)."""
    coordinates = [transform(site, d) for d in site.depths]
    known = bool(coordinates) and all(c is not None for c in coordinates)
    return {
        "object_type": "Brain injection",
        "injection_materials": dosing.materials,
        "targeted_structure": site.targets[0] if site.targets else None,
        "relative_position": [site.hemisphere] if site.hemisphere else None,
        "dynamics": [dynamics(dosing) for _ in range(max(1, len(site.depths)))],
        "coordinate_system_name": t.BREGMA_ARI["name"],
        "coordinates": coordinates if known else None,
    }


def material(name: Any, amount: Any) -> dict[str, Any] | None:
    """A titer makes a ViralMaterial, a concentration a NonViralMaterial; a lot alone is taken as viral."""
    label = p.text(name)
    if label is None:
        return None
    strength = p.concentration(amount)
    if strength is not None:
        return {
            "object_type": "Non viral material",
            "name": label,
            "source": copied(t.UNKNOWN_SOURCE),
            "concentration": strength[0],
            "concentration_unit": strength[1],
        }
    return {"object_type": "Viral material", "name": label, "titer": p.titer(amount), "titer_unit": "gc/mL"}


def fiber_implant(name: str, site: Site, depth: float | None, kind: Any, length: Any, notes: Any) -> dict[str, Any]:
    """A ProbeImplant of one fiber: NSB's standard fiber, or a custom one described in the comments."""
    kind_text = (p.text(kind) or "").lower()
    device: dict[str, Any] = {"object_type": "Fiber probe", "name": name}
    if kind_text.startswith("standard"):
        device.update(copied(t.STANDARD_FIBER))
    elif kind_text.startswith("custom"):
        device["notes"] = p.text(notes)
    device.update(total_length=p.length_mm(length), length_unit="millimeter")
    config = {
        "object_type": "Probe config",
        "device_name": name,
        "primary_targeted_structure": site.targets[0] if site.targets else None,
        "other_targeted_structure": list(site.targets[1:]) or None,
        "local_coordinate_system": copied(t.FIBER_TIP_ARI),
        "transform": transform(site, depth),
    }
    return {"object_type": "Probe implant", "implanted_device": device, "device_config": config}


def headframe(
    kind: str | None, part: str | None, well: str | None, well_part: str | None, **extra: Any
) -> dict[str, Any]:
    """A Headframe dict (headframe_type None when the request names none)."""
    return {
        "object_type": "Headframe",
        "headframe_type": kind,
        "headframe_part_number": part,
        "well_type": well,
        "well_part_number": well_part,
        **extra,
    }


def craniotomy(kind: Any, side: str | None, bregma_to_lambda: float | None, **extra: Any) -> dict[str, Any]:
    """A Craniotomy dict: type and size by table; position computed for NSB's standard visual window."""
    found = t.CRANIOTOMIES.get((p.text(kind) or "").lower())
    shape, size, standard = found or (t.OTHER_CRANIOTOMY, None, False)
    position: Any = [side] if side else None
    if standard and bregma_to_lambda is not None:
        ap, ml = t.VISUAL_WINDOW_FROM_LAMBDA
        centre = [round(ap - bregma_to_lambda, 3), ml if side == "Right" else -ml, 0.0]
        position = {"object_type": "Translation", "translation": centre}
    return {
        "object_type": "Craniotomy",
        "craniotomy_type": shape,
        "coordinate_system_name": t.BREGMA_ARI["name"] if isinstance(position, dict) else None,
        "position": position,
        "size": size,
        "size_unit": "millimeter" if size else None,
        **extra,
    }


def measured_lambda(bregma_to_lambda: float | None) -> dict[str, Any] | None:
    """Where lambda was measured, in BREGMA_ARI: that far posterior of bregma."""
    if bregma_to_lambda is None:
        return None
    return {"Lambda": {"object_type": "Translation", "translation": [-bregma_to_lambda, 0.0, 0.0]}}


def fiber_names(fibers: Sequence[tuple[Hashable, int, Site]]) -> dict[Hashable, str]:
    """Fiber_0, Fiber_1, ... by session (initial first), then AP descending, then ML ascending.

    Procedures and intended measurements both name fibers with this one rule, so the names agree; the
    numbering runs across sessions, so an initial and a follow-up fiber never share a name.
    """

    def rank(entry: tuple[Hashable, int, Site]) -> tuple[int, bool, float, float]:
        """Session, then placed before unplaced, then AP descending, then ML ascending."""
        _, session, site = entry
        unplaced = site.ap is None or site.ml is None
        return (session, unplaced, -(site.ap or 0.0), site.ml or 0.0)

    return {key: f"Fiber_{i}" for i, (key, _, _) in enumerate(sorted(fibers, key=rank))}
