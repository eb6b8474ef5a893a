"""The SharePoint lists' vocabularies as tables: procedures, headframes, wells, craniotomies, brain targets."""

from __future__ import annotations

import re
from typing import Any

from aind_data_schema.components.coordinates import CoordinateSystemLibrary
from aind_data_schema_models.organizations import Organization

HEADFRAME, CRANIOTOMY, FIBER, INJECTION = "headframe", "craniotomy", "fiber", "injection"

# Every coordinate is in this system: AP (+ anterior), ML (+ right), SI (+ down, i.e. depth), mm from bregma.
BREGMA_ARI: dict[str, Any] = CoordinateSystemLibrary.BREGMA_ARI.model_dump(mode="json")
# A fiber's own frame: origin at its tip, axes as the global ones before the fiber's rotation.
FIBER_TIP_ARI: dict[str, Any] = {
    **BREGMA_ARI,
    "name": "FIBER_TIP_ARI",
    "origin": "Tip",
}

# NSB 2019 "Procedure" (an exact choice) -> what it includes.
NSB2019_PROCEDURES: dict[str, frozenset[str]] = {
    "HP+C CAM": frozenset({HEADFRAME, CRANIOTOMY}),
    "HP+C Multiscope": frozenset({HEADFRAME, CRANIOTOMY}),
    "HP+C Neuropixel style": frozenset({HEADFRAME, CRANIOTOMY}),
    "INJ+HP+C": frozenset({HEADFRAME, CRANIOTOMY, INJECTION}),
    "HP+INJ": frozenset({HEADFRAME, INJECTION}),
    "HP Transcranial (for ISI)": frozenset({HEADFRAME}),
    "HP only": frozenset({HEADFRAME}),
    "HP+Injection+Optic Fiber Implant": frozenset({HEADFRAME, INJECTION, FIBER}),
    "WHC NP": frozenset({CRANIOTOMY}),
    "INJ+WHC NP": frozenset({CRANIOTOMY, INJECTION}),
    "Stereotaxic Injection": frozenset({INJECTION}),
}

# NSB 2023 / present "Procedure": legacy names and "Sx-NN ..." codes, first match wins. Burr holes are
# mapped whatever the procedure says; these decide only the headframe and the craniotomy.
HP_AND_CRANIOTOMY, HP_ONLY = frozenset({HEADFRAME, CRANIOTOMY}), frozenset({HEADFRAME})
NSB2023_PROCEDURES: list[tuple[re.Pattern[str], frozenset[str]]] = [
    (re.compile(r"^sx-0?(1|2|3|4|5|6|8|9)\b|^sx-(14|15|16)\b", re.I), HP_AND_CRANIOTOMY),
    (re.compile(r"^sx-(11|12|19|21|26)\b", re.I), HP_ONLY),
    (re.compile(r"^(inj ?\+ ?)?((visual|frontal|motor) ctx|whc)|^grid inj|^dhc", re.I), HP_AND_CRANIOTOMY),
    (re.compile(r"^hp (only|transcranial)|^isi-guided|with (headpost|hp)\b", re.I), HP_ONLY),
]

# NSB 2019 "HeadpostType" (phrase in the choice) -> headframe type, part, well type, well part.
NSB2019_HEADFRAMES: list[tuple[str, tuple[str, str | None, str | None, str | None]]] = [
    ("cam-style", ("CAM-style", "0160-100-10", "CAM", "Rev A")),
    ("neuropixel-style", ("Neuropixel-style", "0160-100-10", "Neuropixel", "0160-200-36")),
    ("mesoscope-style", ("NGC-style", "0160-100-10", "Mesoscope", "0160-200-20")),
    ("whc #42", ("WHC #42", "0160-100-42", "Neuropixel", "0160-200-36")),  # 42 is the WHC NP headframe
    ("ngc-style", ("NGC-style", "0160-100-10", None, None)),
    ("ai straight headbar", ("AI Straight Headbar", None, None, None)),
]

# NSB 2023 "Headpost" -> headframe part number (and material where it is not steel's default).
HEADFRAME_PARTS: dict[str, tuple[str, str | None]] = {
    "visual ctx": ("0160-100-10", None),
    "whc np": ("0160-100-42", None),
    "whc 2p": ("0160-100-45", None),
    "frontal ctx": ("0160-100-46", None),
    "motor ctx": ("0160-100-51", None),
    "dhc": ("0160-100-57", "Titanium"),
}

# NSB 2023 "HeadpostType" is the well -> well part number; "No Well" is no well.
WELL_PARTS: dict[str, str | None] = {
    "scientifica (cam)": "Rev A",
    "mesoscope": "0160-200-20",
    "neuropixel": "0160-200-36",
    "whc np": "0160-055-08",
    "whc 2p": "0160-200-62",
    "dhc well": "0160-075-01",
}
NO_WELL = "no well"

# "CraniotomyType" (2019 and 2023 spellings) -> schema type, diameter in mm, whether it is NSB's standard
# visual-cortex window (centred 1.3 mm anterior of lambda and 2.8 mm lateral, on the left unless noted).
CRANIOTOMIES: dict[str, tuple[str, float | None, bool]] = {
    "visual cortex 5mm": ("Circle", 5.0, True),
    "5mm": ("Circle", 5.0, True),
    "frontal window 3mm": ("Circle", 3.0, False),
    "3mm": ("Circle", 3.0, False),
    "whc np": ("Whole hemisphere craniotomy", None, False),
    "whc 2p": ("Whole hemisphere craniotomy", None, False),
    "whc": ("Whole hemisphere craniotomy", None, False),
    "dhc": ("Dual hemisphere craniotomy", None, False),
}
OTHER_CRANIOTOMY = "Other"
VISUAL_WINDOW_FROM_LAMBDA = (1.3, 2.8)  # AP anterior of lambda, ML distance from the midline, mm

# NSB's standard fiber, as NSB provides it.
STANDARD_FIBER: dict[str, Any] = {
    "manufacturer": Organization.NEUROPHOTOMETRICS.model_dump(mode="json"),
    "core_diameter": 200,
    "core_diameter_unit": "micrometer",
    "numerical_aperture": 0.37,
    "ferrule_material": "Ceramic",
}
UNKNOWN_SOURCE: dict[str, Any] = Organization.UNKNOWN.model_dump(mode="json")  # NSB does not say who made it

# The CCFv3 structures NSB requests name ("ACB - Nucleus accumbens"): acronym -> (name, structure id).
CCF: dict[str, tuple[str, str]] = {
    "ACAd": ("Anterior cingulate area, dorsal part", "39"),
    "ACB": ("Nucleus accumbens", "56"),
    "BLA": ("Basolateral amygdalar nucleus", "295"),
    "BST": ("Bed nuclei of the stria terminalis", "351"),
    "CA1": ("Field CA1", "382"),
    "CEA": ("Central amygdalar nucleus", "536"),
    "CLA": ("Claustrum", "583"),
    "CP": ("Caudoputamen", "672"),
    "DG": ("Dentate gyrus", "726"),
    "DR": ("Dorsal nucleus raphe", "872"),
    "GPe": ("Globus pallidus, external segment", "1022"),
    "ILA": ("Infralimbic area", "44"),
    "LC": ("Locus ceruleus", "147"),
    "LGd": ("Dorsal part of the lateral geniculate complex", "170"),
    "LH": ("Lateral habenula", "186"),
    "LHA": ("Lateral hypothalamic area", "194"),
    "LS": ("Lateral septal nucleus", "242"),
    "MD": ("Mediodorsal nucleus of thalamus", "362"),
    "MH": ("Medial habenula", "483"),
    "MOp": ("Primary motor area", "985"),
    "MOs": ("Secondary motor area", "993"),
    "MS": ("Medial septal nucleus", "564"),
    "NDB": ("Diagonal band nucleus", "596"),
    "ORBm": ("Orbital area, medial part", "731"),
    "OT": ("Olfactory tubercle", "754"),
    "PAG": ("Periaqueductal gray", "795"),
    "PL": ("Prelimbic area", "972"),
    "PVT": ("Paraventricular nucleus of the thalamus", "149"),
    "RE": ("Nucleus of reuniens", "181"),
    "SI": ("Substantia innominata", "342"),
    "SNc": ("Substantia nigra, compact part", "374"),
    "SNr": ("Substantia nigra, reticular part", "381"),
    "SSp": ("Primary somatosensory area", "322"),
    "STR": ("Striatum", "477"),
    "VISp": ("Primary visual area", "385"),
    "VTA": ("Ventral tegmental area", "749"),
    "ZI": ("Zona incerta", "797"),
}

# Intended measurement columns per burr hole: R, G, B and isosbestic; their choices ("N/A" is none).
CHANNELS = {"R": "x0020", "G": "x0021", "B": "x0022", "Iso": "x0023"}
MEASUREMENTS = {
    m.lower(): m
    for m in (
        "dopamine", "serotonin", "norepinephrine", "acetylcholine", "histamine", "glutamate", "GABA", "calcium",
        "voltage", "control",
    )
}  # fmt: skip


_CCF_BY_ACRONYM = {acronym.lower(): (acronym, name, id_) for acronym, (name, id_) in CCF.items()}


def brain_structure(label: Any) -> dict[str, Any] | None:
    """A BrainStructureModel dict for 'ACB - Nucleus accumbens' (or 'ACB'); None when not in the table."""
    if not isinstance(label, str):
        return None
    found = _CCF_BY_ACRONYM.get(label.split(" - ")[0].strip().lower())
    return None if found is None else {"atlas": "CCFv3", "acronym": found[0], "name": found[1], "id": found[2]}
