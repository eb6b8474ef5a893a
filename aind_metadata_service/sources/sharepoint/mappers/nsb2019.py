"""NSB 2019 request items to Surgery dicts: the headframe/craniotomy/fiber surgery and up to two injection rounds."""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass
from typing import Any

from aind_metadata_service.sources.sharepoint.mappers import builders as b
from aind_metadata_service.sources.sharepoint.mappers import parsers as p
from aind_metadata_service.sources.sharepoint.mappers import tables as t
from aind_metadata_service.sources.sharepoint.mappers.builders import Item

HP_SURGEON = ("Test1LookupId", "Test1Id")
WEIGHTS = ("Weight_x0020_before_x0020_Surger", "Weight_x0020_after_x0020_Surgery")


@dataclass(frozen=True)
class Round:
    """The columns of one injection round (the list's "1st" and "2nd" injection)."""

    date: str
    weights: tuple[str, str]
    iso_duration: str
    iso_level: str
    workstation: str
    surgeon: tuple[str, ...]
    kind: str
    ap: str
    ml: str
    dv: str
    hemisphere: str
    angles: tuple[str, ...]
    volume: str
    duration: str
    current: str
    alternating: str
    strain: str
    fiber: str
    fiber_depth: str
    marker: str  # set when the round happened


ROUNDS = (
    Round(
        "Date1stInjection", ("FirstInjectionWeightBefor", "FirstInjectionWeightAfter"), "FirstInjectionIsoDuration",
        "Round1InjIsolevel", "WorkStation1stInjection",
        ("TEST_x0020_1st_x0020_Round_x0020_LookupId", "TEST_x0020_1st_x0020_Round_x0020Id"),
        "Inj1Type", "Virus_x0020_A_x002f_P", "Virus_x0020_M_x002f_L", "Virus_x0020_D_x002f_V", "Virus_x0020_Hemisphere",
        ("Inj1Angle_v2", "Inj1angle0"), "Inj1Vol", "Inj1LenghtofTime", "Inj1Current", "Inj1AlternatingTime",
        "Inj1VirusStrain_rt", "FiberImplant1", "FiberImplant1DV", "Inj1Type",
    ),
    Round(
        "Date2ndInjection", ("SecondInjectionWeightBefore", "SecondInjectionWeightAfter"), "SecondInjectionIsoDuration",
        "Round2InjIsolevel", "WorkStation2ndInjection",
        ("TEST_x0020_2nd_x0020_Round_x0020_LookupId", "TEST_x0020_2nd_x0020_Round_x0020Id"),
        "Inj2Type", "AP2ndInj", "ML2ndInj", "DV2ndInj", "Hemisphere2ndInj",
        ("Inj2Angle_v2", "Inj2angle0"), "Inj2Vol", "Inj2LenghtofTime", "Inj2Current", "Inj2AlternatingTime",
        "Inj2VirusStrain_rt", "FiberImplant2", "FiberImplant2DV", "Inj2Round",
    ),
)  # fmt: skip


def _site(item: Item, r: Round, depth_column: str) -> b.Site:
    """A round's position; the 2019 list names no CCF targets, and a depth list ('0.3, 0.6') is unknown."""
    depth = p.depth(item.get(depth_column))
    return b.Site(
        ap=p.coordinate(item.get(r.ap)),
        ml=p.coordinate(item.get(r.ml)),
        depths=() if depth is None else (depth,),
        angle=next((a for a in (p.angle(item.get(c)) for c in r.angles) if a is not None), None),
        hemisphere=p.side(item.get(r.hemisphere)),
    )


def _happened(item: Item, index: int, r: Round) -> bool:
    """Round 1 comes with every injection procedure; round 2 only when its type or round is filled."""
    return index == 0 or bool(p.text(item.get(r.marker)) or p.text(item.get(r.kind)))


def _injection(item: Item, r: Round) -> dict[str, Any]:
    """One round's BrainInjection; the strain text, cleaned, is the material's name."""
    strain = b.material(item.get(r.strain), None)
    dosing = b.Dosing(
        kind=b.injection_kind(item.get(r.kind)),
        volume_nl=p.volume_nl(item.get(r.volume)),
        minutes=p.minutes(item.get(r.duration)),
        current_ua=p.current_ua(item.get(r.current)),
        alternating_s=p.alternating(item.get(r.alternating)),
        materials=[strain] if strain else [],
    )
    return b.brain_injection(_site(item, r, r.dv), dosing)


def _fibers(item: Item, kinds: frozenset[str]) -> list[tuple[Hashable, int, b.Site]]:
    """The fibers implanted at the rounds' positions ('Probe A', 'Probe B'), as (round, session, site)."""
    if t.FIBER not in kinds:
        return []
    return [(i, 0, _site(item, r, r.fiber_depth)) for i, r in enumerate(ROUNDS) if item.get(r.fiber) is True]


def _headframe(item: Item) -> dict[str, Any]:
    """The headframe and well from the HeadpostType choice; an unknown choice keeps its text as the type."""
    chosen = p.text(item.get("HeadpostType"))
    found = next((v for phrase, v in t.NSB2019_HEADFRAMES if phrase in (chosen or "").lower()), None)
    return b.headframe(*(found or (chosen, None, None, None)))


def _craniotomy(item: Item) -> dict[str, Any]:
    """The craniotomy, on the side the headpost location names."""
    durotomy = (p.text(item.get("HPDurotomy")) or "").lower()
    extra = {
        "dura_removed": {"yes": True, "no": False}.get(durotomy),
        "implant_part_number": p.text(item.get("ImplantIDCoverslipType")),
    }
    return b.craniotomy(item.get("CraniotomyType"), p.side(item.get("HpLoc")), p.depth(item.get("Breg2Lamb")), **extra)


def _main_surgery(item: Item, kinds: frozenset[str]) -> dict[str, Any] | None:
    """The headframe, craniotomy and fiber surgery; an unknown procedure is kept by its name."""
    procedures = [_headframe(item)] if t.HEADFRAME in kinds else []
    procedures += [_craniotomy(item)] if t.CRANIOTOMY in kinds else []
    fibers = _fibers(item, kinds)
    names = b.fiber_names(fibers)
    procedures += [b.fiber_implant(names[key], site, site.depths[0] if site.depths else None, None, None, None)
                   for key, _, site in fibers]  # fmt: skip
    named = p.text(item.get("Procedure"))
    if not kinds and named:
        procedures = [{"object_type": "Generic surgery procedure", "description": named}]
    if not procedures:
        return None
    return b.surgery(
        p.day(item.get("Date_x0020_of_x0020_Surgery")),
        procedures,
        experimenters=b.person("NSB", item, *HP_SURGEON),
        ethics_review_id=b.ethics(item, "IACUC_x0020_Protocol_x0020__x002"),
        weights=(p.weight(item.get(WEIGHTS[0])), p.weight(item.get(WEIGHTS[1]))),
        anaesthetic=b.anaesthesia(p.iso_minutes(item.get("Iso_x0020_On")), p.iso_level(item.get("HPIsoLevel"))),
        workstation=p.text(item.get("HpWorkStation")),
        measured=b.measured_lambda(p.depth(item.get("Breg2Lamb"))) if t.CRANIOTOMY in kinds else None,
    )


def _round_surgery(item: Item, r: Round) -> dict[str, Any]:
    """One injection round's Surgery, with the round's own weights, isoflurane and surgeon."""
    return b.surgery(
        p.day(item.get(r.date)),
        [_injection(item, r)],
        experimenters=b.person("NSB", item, *r.surgeon),
        ethics_review_id=b.ethics(item, "IACUC_x0020_Protocol_x0020__x002"),
        weights=(p.weight(item.get(r.weights[0])), p.weight(item.get(r.weights[1]))),
        anaesthetic=b.anaesthesia(p.iso_minutes(item.get(r.iso_duration)), p.iso_level(item.get(r.iso_level))),
        workstation=p.text(item.get(r.workstation)),
    )


def item_surgeries(item: Item) -> list[dict[str, Any]]:
    """The request's surgeries: the main one, then each injection round that happened."""
    kinds = t.NSB2019_PROCEDURES.get(p.text(item.get("Procedure")) or "", frozenset())
    main = _main_surgery(item, kinds)
    rounds = [_round_surgery(item, r) for i, r in enumerate(ROUNDS) if t.INJECTION in kinds and _happened(item, i, r)]
    return ([main] if main else []) + rounds


def to_surgeries(items: list[Item], subject_id: str) -> list[dict[str, Any]]:
    """Every request's surgeries."""
    return [s for item in items for s in item_surgeries(item)]
