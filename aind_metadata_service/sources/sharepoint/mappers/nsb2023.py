"""NSB 2023 and NSB present request items to Surgery dicts: initial and follow-up sessions, burr holes 1-6."""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass
from typing import Any

from aind_metadata_service.sources.sharepoint.mappers import builders as b
from aind_metadata_service.sources.sharepoint.mappers import parsers as p
from aind_metadata_service.sources.sharepoint.mappers import spine
from aind_metadata_service.sources.sharepoint.mappers import tables as t
from aind_metadata_service.sources.sharepoint.mappers.builders import Item

INITIAL, FOLLOW_UP, UNKNOWN = 0, 1, 2  # sessions, in the order surgeries and fiber names follow


@dataclass(frozen=True)
class Session:
    """The columns describing one surgical session."""

    date: str
    weights: tuple[str, str]
    iso_hours: str
    iso_level: str
    workstation: str
    surgeon: tuple[str, ...]


# The backend's "1st injection" columns describe the follow-up session.
SESSIONS = {
    INITIAL: Session(
        "Date_x0020_of_x0020_Surgery",
        ("Weight_x0020_before_x0020_Surger", "Weight_x0020_after_x0020_Surgery"),
        "Iso_x0020_On",
        "HPIsoLevel",
        "HpWorkStation",
        ("Test1LookupId", "Test1Id"),
    ),
    FOLLOW_UP: Session(
        "Date1stInjection",
        ("FirstInjectionWeightBefor", "FirstInjectionWeightAfter"),
        "FirstInjectionIsoDuration",
        "Round1InjIsolevel",
        "WorkStation1stInjection",
        ("TEST_x0020_1st_x0020_Round_x0020_LookupId", "TEST_x0020_1st_x0020_Round_x0020Id"),
    ),
}


@dataclass(frozen=True)
class BurrColumns:
    """The columns of burr hole n: the regular ones are derived from n, the others are listed."""

    n: int
    ap: str
    ml: str
    depths: tuple[str, str, str]
    hemisphere: str
    angle: str
    volume: str
    fiber_type: str
    fiber_depth: str

    def name(self, pattern: str) -> str:
        """A regular column name for this burr hole."""
        return pattern.format(n=self.n)


# Burr holes 1-6: the columns that do not follow one pattern (columns named like "Inj{n}Type" are derived).
BURRS = (
    BurrColumns(1, "Virus_x0020_A_x002f_P", "Virus_x0020_M_x002f_L",
                ("Virus_x0020_D_x002f_V", "Burr_x0020_1_x0020_D_x002f_V_x00", "Burr_x0020_1_x0020_DV_x0020_2"),
                "Virus_x0020_Hemisphere", "Inj1Angle_v2", "inj1volperdepth",
                "Burr_x0020_1_x0020_Fiber_x0020_t", "FiberImplant1DV"),
    BurrColumns(2, "AP2ndInj", "ML2ndInj",
                ("DV2ndInj", "Burr_x0020_2_x0020_D_x002f_V_x00", "Burr_x0020_2_x0020_D_x002f_V_x000"),
                "Hemisphere2ndInj", "Inj2Angle_v2", "inj2volperdepth",
                "Burr_x0020_2_x0020_Fiber_x0020_T", "FiberImplant2DV"),
    BurrColumns(3, "Burr3_x0020_A_x002f_P", "Burr3_x0020_M_x002f_L",
                ("Burr3_x0020_D_x002f_V", "Burr_x0020_3_x0020_D_x002f_V_x00", "Burr_x0020_3_x0020_D_x002f_V_x000"),
                "Burr_x0020_3_x0020_Hemisphere", "Burr_x0020_3_x0020_Angle", "Inj3volperdepth",
                "Burr_x0020_3_x0020_Fiber_x0020_T", "Fiber_x0020_Implant3_x0020_D_x00"),
    BurrColumns(4, "Burr4_x0020_A_x002f_P", "Burr4_x0020_M_x002f_L",
                ("Burr4_x0020_D_x002f_V", "Burr_x0020_4_x0020_D_x002f_V_x00", "Burr_x0020_4_x0020_D_x002f_V_x000"),
                "Burr_x0020_4_x0020_Hemisphere", "Burr_x0020_4_x0020_Angle", "Inj4volperdepth",
                "Burr_x0020_4_x0020_Fiber_x0020_T", "Fiber_x0020_Implant4_x0020_D_x00"),
    BurrColumns(5, "Burr_x0020_5_x0020_A_x002f_P", "Burr_x0020_5_x0020_M_x002f_L",
                ("Burr_x0020_5_x0020_D_x002f_V_x00", "Burr_x0020_5_x0020_D_x002f_V_x000",
                 "Burr_x0020_5_x0020_D_x002f_V_x001"),
                "Burr_x0020_5_x0020_Hemisphere", "Burr_x0020_5_x0020_Angle", "inj5volperdepth",
                "Burr_x0020_5_x0020_Fiber_x0020_t", "Fiber_x0020_Implant5_x0020_D_x00"),
    BurrColumns(6, "Burr_x0020_6_x0020_A_x002f_P", "Burr_x0020_6_x0020_M_x002f_L",
                ("Burr_x0020_6_x0020_D_x002f_V_x00", "Burr_x0020_6_x0020_D_x002f_V_x000",
                 "Burr_x0020_6_x0020_D_x002f_V_x001"),
                "Burr_x0020_6_x0020_Hemisphere", "Burr_x0020_6_x0020_Angle", "inj6volperdepth",
                "Burr_x0020_6_x0020_Fiber_x0020_t", "Fiber_x0020_Implant6_x0020_D_x00"),
)  # fmt: skip
MATERIALS = (("x0", "x03"), ("x00", "x04"), ("x01", "x05"), ("x02", "x06"))  # name column -> titer column


@dataclass(frozen=True)
class Burr:
    """One burr hole of a request, parsed."""

    columns: BurrColumns
    session: int
    injection: bool
    fiber: bool
    site: b.Site
    shape: str = spine.BRAIN  # one brain site, a spinal injection, or a grid
    choice: str = ""  # the request's words for the burr hole


def _session(item: Item, column: str, default: int) -> int:
    """Which session a part of the request happened in, from its 'performed during' choice."""
    found = (p.text(item.get(column)) or "").lower()
    return FOLLOW_UP if "follow" in found else INITIAL if "initial" in found else default


def _burr_default(item: Item) -> int:
    """A burr hole with no session: the initial one in a one-session request, else unknown (no date)."""
    return INITIAL if "single" in (p.text(item.get("Procedure_x0020_Slots")) or "").lower() else UNKNOWN


def _site(item: Item, c: BurrColumns) -> b.Site:
    """The burr hole's position and targets."""
    depths = tuple(d for d in (p.depth(item.get(col)) for col in c.depths) if d is not None)
    targets = item.get(c.name("Burr_x0020_{n}_x0020_Intended_x002"))
    labels = targets if isinstance(targets, list) else [targets]
    return b.Site(
        ap=p.coordinate(item.get(c.ap)),
        ml=p.coordinate(item.get(c.ml)),
        depths=depths,
        angle=p.angle(item.get(c.angle)),
        hemisphere=p.side(item.get(c.hemisphere)),
        targets=tuple(s for s in map(t.brain_structure, labels) if s),
    )


def _performed(item: Item) -> bool:
    """Whether the request led to surgery (NSB marks the ones that did not)."""
    return (p.text(item.get("SurgeryStatus")) or "").lower() != "no surgery"


def burrs(item: Item) -> list[Burr]:
    """The burr holes the request uses: injections (brain, spinal or grid) and fibers."""
    found: list[Burr] = []
    if not _performed(item):
        return found
    for c in BURRS:
        choice = p.text(item.get(c.name("Burr_x0020_hole_x0020_{n}"))) or ""
        kind = choice.lower()
        if "injection" in kind or "fiber" in kind:
            session = _session(item, c.name("Burr{n}_x0020_Perform_x0020_During"), _burr_default(item))
            site = _site(item, c)
            found.append(Burr(c, session, "injection" in kind, "fiber" in kind, site, spine.shape(kind), choice))
    return found


def _dosing(item: Item, c: BurrColumns) -> b.Dosing:
    """How burr hole n was injected, with its materials."""
    prefix = c.name("Burr_x0020_{n}_x0020_Injectable_")
    materials = [b.material(item.get(prefix + name), item.get(prefix + amount)) for name, amount in MATERIALS]
    return b.Dosing(
        kind=b.injection_kind(item.get(c.name("Inj{n}Type"))),
        volume_nl=p.volume_nl(item.get(c.volume)),
        minutes=p.minutes(item.get(c.name("Inj{n}IontoTime"))),
        current_ua=p.current_ua(item.get(c.name("Inj{n}Current"))),
        alternating_s=p.alternating(item.get(c.name("Inj{n}AlternatingTime"))),
        materials=[m for m in materials if m],
    )


def fiber_names(items: list[Item]) -> dict[Hashable, str]:
    """Every fiber of the items named by the shared rule, keyed by (item index, burr hole)."""
    fibers = [((i, h.columns.n), h.session, h.site) for i, item in enumerate(items) for h in burrs(item) if h.fiber]
    return b.fiber_names(fibers)


def _burr_procedures(item: Item, hole: Burr, name: str | None) -> list[dict[str, Any]]:
    """The injection and the fiber implant a burr hole holds."""
    c = hole.columns
    done = [_injection(item, hole)] if hole.injection else []
    if hole.fiber and name:
        depth = p.depth(item.get(c.fiber_depth))
        length = item.get(f"Fiber_x0020_Implant{c.n}_x0020_Lengt")
        notes = item.get("LongRequestorComments")  # a custom fiber's specification
        done.append(b.fiber_implant(name, hole.site, depth, item.get(c.fiber_type), length, notes))
    return done


def _injection(item: Item, hole: Burr) -> dict[str, Any]:
    """A burr hole's injection: at one brain site, from a vertebral gap, or over a grid."""
    dosing = _dosing(item, hole.columns)
    if hole.shape == spine.SPINAL:
        return spine.spinal_injection(hole.site, dosing, spine.spinal_system(item, hole.columns.n))
    if hole.shape == spine.GRID:
        return spine.grid_injection(hole.site, dosing)
    return b.brain_injection(hole.site, dosing)


def _kinds(item: Item) -> frozenset[str]:
    """Whether the request's procedure includes a headframe and a craniotomy ('Custom': whatever is filled)."""
    procedure = p.text(item.get("Procedure")) or ""
    if procedure.lower().startswith("custom"):
        given = {t.HEADFRAME: "Headpost", t.CRANIOTOMY: "CraniotomyType"}
        return frozenset(k for k, column in given.items() if p.text(item.get(column)))
    return next((kinds for pattern, kinds in t.NSB2023_PROCEDURES if pattern.search(procedure)), frozenset())


def _headframe(item: Item) -> dict[str, Any]:
    """The headframe and its well, part numbers by table."""
    kind, well = p.text(item.get("Headpost")), p.text(item.get("HeadpostType"))
    part, material = t.HEADFRAME_PARTS.get((kind or "").lower(), (None, None))
    no_well = (well or "").lower() == t.NO_WELL
    well_part = t.WELL_PARTS.get((well or "").lower())
    extra = {"headframe_material": material} if material else {}
    return b.headframe(kind, part, None if no_well else well, well_part, **extra)


def _craniotomy(item: Item) -> dict[str, Any]:
    """The craniotomy; NSB's 2023 lists have no hemisphere column, and the standard window is on the left."""
    shape = p.text(item.get("CraniotomyType"))
    side = "Left" if shape and t.CRANIOTOMIES.get(shape.lower(), (None, None, False))[2] else None
    implant = {"implant_part_number": p.text(item.get("ImplantIDCoverslipType"))}
    return b.craniotomy(shape, side, p.depth(item.get("Breg2Lamb")), **implant)


def _session_surgery(item: Item, session: int, procedures: list[dict[str, Any]], measured: bool) -> dict[str, Any]:
    """One session's Surgery; a session that cannot be placed has no date."""
    columns = SESSIONS.get(session)
    protocol = b.ethics(item, "IACUC_x0020_Protocol_x0020__x002", "Protocol")
    if columns is None:
        return b.surgery(None, procedures, ethics_review_id=protocol)
    return b.surgery(
        p.day(item.get(columns.date)),
        procedures,
        experimenters=b.person("NSB", item, *columns.surgeon),
        ethics_review_id=protocol,
        weights=(p.weight(item.get(columns.weights[0])), p.weight(item.get(columns.weights[1]))),
        anaesthetic=b.anaesthesia(p.iso_minutes(item.get(columns.iso_hours)), p.iso_level(item.get(columns.iso_level))),
        workstation=p.text(item.get(columns.workstation)),
        measured=b.measured_lambda(p.depth(item.get("Breg2Lamb"))) if measured else None,
    )


def item_surgeries(item: Item, names: dict[Hashable, str], index: int) -> list[dict[str, Any]]:
    """The request's surgeries, one per session that has procedures."""
    if not _performed(item):
        return []
    by_session: dict[int, list[dict[str, Any]]] = {INITIAL: [], FOLLOW_UP: [], UNKNOWN: []}
    kinds = _kinds(item)
    if t.HEADFRAME in kinds:
        by_session[_session(item, "Headpost_x0020_Perform_x0020_Dur", INITIAL)].append(_headframe(item))
    cranial = _session(item, "Craniotomy_x0020_Perform_x0020_D", INITIAL) if t.CRANIOTOMY in kinds else None
    if cranial is not None:
        by_session[cranial].append(_craniotomy(item))
    holes = burrs(item)
    for hole in holes:
        by_session[hole.session] += _burr_procedures(item, hole, names[(index, hole.columns.n)] if hole.fiber else None)
    measured_in = INITIAL if cranial is None else cranial
    return [
        {
            **_session_surgery(item, s, done, s == measured_in),
            **spine.session_extras(item, [(h.columns.n, h.shape, h.choice, h.site) for h in holes if h.session == s]),
        }
        for s, done in by_session.items()
        if done
    ]


def to_surgeries(items: list[Item], subject_id: str) -> list[dict[str, Any]]:
    """Every request's surgeries; fibers are named across all the subject's requests in the list."""
    names = fiber_names(items)
    return [s for i, item in enumerate(items) for s in item_surgeries(item, names, i)]


def _measurement(value: Any) -> str | None:
    """A channel's intended measurement, one of the list's choices; 'N/A' and anything else are None."""
    return t.MEASUREMENTS.get((p.text(value) or "").lower())


def intended_measurements(items: list[Item]) -> list[dict[str, Any]]:
    """What each fiber is meant to record (R, G, B, isosbestic), named as in the procedures; 'N/A' is None."""
    names = fiber_names(items)
    found = []
    for i, item in enumerate(items):
        for hole in (h for h in burrs(item) if h.fiber):
            column = hole.columns.name("Burr_x0020_{n}_x0020_intended_")
            channels = {f"intended_measurement_{c}": _measurement(item.get(column + x)) for c, x in t.CHANNELS.items()}
            found.append({"fiber_name": names[(i, hole.columns.n)], **channels})
    return sorted(found, key=lambda m: int(m["fiber_name"].split("_")[1]))
